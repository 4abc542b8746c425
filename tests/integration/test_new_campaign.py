"""A second review run with only a new campaign file (campaigns/nq-cds-2026.toml).

The seven reports of examples/external/*-nq05.* were written apart from the training corpus
by post-2025 units (communes, a ward, a special zone, merged departments, the provincial
police and the Front), rendered as DOCX, PDF, .doc, TCVN3 and an image-only scan. Nothing in
the code may know this campaign: the roster, the outline and the measures come from the file.
"""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from tests.conftest import ROOT
from tests.conftest import query as _q

pytestmark = pytest.mark.integration

CAMPAIGN = ROOT / "campaigns" / "nq-cds-2026.toml"
EXTERNAL = ROOT / "examples" / "external"

# rendered file -> roster unit that wrote it (header issuer lines name the unit)
EXPECTED_UNIT = {
    "ext-xa-cu-pang-nq05.docx": "xa-cu-pang",
    "ext-phuong-luong-son-nq05.pdf": "phuong-luong-son",
    "ext-dac-khu-bach-sa-nq05.scan.pdf": "dac-khu-bach-sa",
    "ext-so-khcn-bao-luong-nq05.docx": "so-khcn",
    "ext-cong-an-tinh-bao-luong-nq05.doc": "cong-an-tinh",
    "ext-mttq-tinh-bao-luong-nq05.pdf": "mttq-tinh",
    "ext-so-vhttdl-bao-luong-nq05.tcvn3.docx": "so-vhttdl",
}
SILENT_UNITS = {"xa-tan-phong", "xa-hoa-thuan", "xa-son-linh", "phuong-dong-thanh", "phuong-kim-ngoc",
                "so-nnmt", "bao-ptth"}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_harness):
    from flows.ingest import run_ingest

    work = tmp_path_factory.mktemp("newcampaign")
    inbox = work / "inbox"
    inbox.mkdir()
    for name in EXPECTED_UNIT:
        shutil.copy(EXTERNAL / name, inbox / name)
    db = work / "tonghop.duckdb"
    summary = run_ingest([str(inbox)], str(db), campaign_path=str(CAMPAIGN), workers=1)
    return {"db": db, "work": work, "summary": summary}


def test_every_file_has_one_row(ingested):
    rows = _q(ingested["db"], "select file_name, status from documents order by file_name")
    assert sorted(r[0] for r in rows) == sorted(EXPECTED_UNIT)
    assert {r[1] for r in rows} <= {"ok", "partial"}, rows


def test_units_are_matched_to_the_new_roster(ingested):
    rows = dict(_q(ingested["db"], "select file_name, unit_id from documents"))
    unmatched = [f for f, u in rows.items() if u is None]
    assert not unmatched, f"no roster unit for {unmatched}"
    assert rows == EXPECTED_UNIT


def test_documents_belong_to_the_new_campaign(ingested):
    campaigns = {r[0] for r in _q(ingested["db"], "select distinct campaign_id from documents")}
    assert campaigns == {"nq-cds-2026"}
    roster = {r[0] for r in _q(ingested["db"], "select unit_id from units where campaign_id = 'nq-cds-2026'")}
    assert len(roster) == 14 and set(EXPECTED_UNIT.values()) | SILENT_UNITS == roster


def test_submission_status_lists_silent_units_as_missing(ingested):
    rows = _q(ingested["db"], "select unit_id, submission from submission_status where campaign_id = 'nq-cds-2026'")
    status = dict(rows)
    assert {u for u, s in status.items() if s == "missing"} == SILENT_UNITS
    assert {u for u, s in status.items() if s in ("sent", "late")} == set(EXPECTED_UNIT.values())


def test_every_category_reaches_the_warehouse(ingested):
    cats = {r[0] for r in _q(ingested["db"], "select distinct category from sentences")}
    assert cats == {"achievement", "limitation", "cause", "lesson", "recommendation", "other"}


def test_synthesis_follows_the_new_outline(ingested):
    from flows.synthesize import synthesize_flow
    from tonghop.campaign import load_campaign

    campaign = load_campaign(CAMPAIGN)
    written = synthesize_flow(db=str(ingested["db"]), out=str(ingested["work"] / "out"),
                              campaign_path=str(CAMPAIGN))
    text = "\n".join(p.text for p in Document(written["docx"]).paragraphs)
    pos = 0
    for section in campaign.outline:
        found = text.find(section.title, pos)
        assert found >= 0, f"outline section {section.id} «{section.title}» missing or out of order"
        pos = found + len(section.title)
    # nothing of the Chỉ thị 07 outline leaks into this synthesis
    assert "THIẾT CHẾ THÔNG TIN CƠ SỞ" not in text.upper()
    assert campaign.report_subject in text
