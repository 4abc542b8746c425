"""The real ingest and synthesis flows on sample reports, into a real DuckDB file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import ROOT
from tests.conftest import query as _q

pytestmark = pytest.mark.integration

INBOX = ROOT / "examples" / "inbox"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_harness):
    from flows.ingest import run_ingest

    work = tmp_path_factory.mktemp("e2e")
    inbox = work / "inbox"
    shutil.copytree(INBOX, inbox)
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%% truncated upload")
    db = work / "tonghop.duckdb"
    first = run_ingest([str(inbox)], str(db), workers=1)
    second = run_ingest([str(inbox)], str(db), workers=1)
    return {"inbox": inbox, "db": db, "first": first, "second": second, "work": work}


def test_every_file_has_one_row(ingested):
    files = sorted(p.name for p in ingested["inbox"].rglob("*") if p.is_file())
    rows = sorted(r[0] for r in _q(ingested["db"], "select file_name from documents"))
    assert rows == files


def test_corrupt_pdf_is_rejected_with_a_reason_and_others_load(ingested):
    (status, error), = _q(ingested["db"], "select status, error from documents where file_name = 'hong.pdf'")
    assert status == "rejected"
    assert error and "PDF" in error
    ok = _q(ingested["db"], "select count(*) from documents where status in ('ok', 'partial')")[0][0]
    assert ok >= 8


def test_all_six_categories_present(ingested):
    cats = {r[0] for r in _q(ingested["db"], "select distinct category from sentences")}
    assert cats == {"achievement", "limitation", "cause", "lesson", "recommendation", "other"}


def test_rerun_changes_nothing(ingested):
    second = ingested["second"]
    assert second.counts.get("ingested", 0) == 0
    files = sum(1 for p in ingested["inbox"].rglob("*") if p.is_file())
    assert second.counts.get("unchanged", 0) + second.counts.get("rejected", 0) == files
    n_docs = _q(ingested["db"], "select count(*) from documents")[0][0]
    assert n_docs == files
    dup = _q(ingested["db"], "select count(*) from (select doc_id, seq from sentences "
                             "group by 1, 2 having count(*) > 1)")
    assert dup[0][0] == 0


def test_synthesis_mentions_every_unit_that_sent(ingested):
    from flows.synthesize import synthesize_flow

    out = ingested["work"] / "out"
    written = synthesize_flow(db=str(ingested["db"]), out=str(out))
    docx_path = Path(written["docx"])
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    text += "\n".join(c.text for t in Document(str(docx_path)).tables for r in t.rows for c in r.cells)
    units = {r[0] for r in _q(ingested["db"], "select distinct u.name from documents d join units u using (unit_id) "
                                             "where d.status in ('ok', 'partial')")}
    assert len(units) >= 8
    for unit in units:
        assert unit in text, unit
    assert Path(written["html"]).exists() and Path(written["md"]).exists()


def test_relabel_is_kept_and_exported_as_training_data(ingested, tmp_path):
    from typer.testing import CliRunner

    from tonghop.cli import app

    db = str(ingested["db"])
    doc_id, seq, text = _q(
        ingested["db"], "select doc_id, seq, text from sentences where category = 'achievement' "
        "order by doc_id, seq limit 1")[0]
    runner = CliRunner()
    result = runner.invoke(app, ["relabel", doc_id, str(seq), "limitation", "--note", "test", "--db", db])
    assert result.exit_code == 0, result.output
    assert _q(ingested["db"], f"select category from sentences where doc_id = '{doc_id}' and seq = {seq}") == [
        ("limitation",)]
    out = tmp_path / "corrections.jsonl"
    result = runner.invoke(app, ["corrections", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    import json

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["text"], r["label"]) for r in rows] == [(text, "limitation")]


def test_a_copy_sent_again_is_named_as_a_duplicate_of_the_received_file(ingested, tmp_path):
    from typer.testing import CliRunner

    from tonghop.cli import app

    original = sorted(p for p in ingested["inbox"].iterdir() if p.suffix == ".docx")[0]
    again = tmp_path / "gui-lai"
    again.mkdir()
    shutil.copy(original, again / "ban-gui-lai.docx")
    result = CliRunner().invoke(app, ["ingest", str(again), "--db", str(ingested["db"]), "--workers", "1",
                                      "--no-snapshot"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"Same content as {original.name}" in result.output
    assert _q(ingested["db"], "select status from documents where file_name = 'ban-gui-lai.docx'") == [("duplicate",)]
