"""Reports sent more than once: copies become duplicates, a later version supersedes the
earlier one, and a version dated after the deadline makes the unit 'late'. Uses the real
loader on a temporary DuckDB file (the same calls the ingest flow's writer makes)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from tests.data.bad.make_bad import GOOD_DOCX, REPORTS


@pytest.fixture
def warehouse(tmp_path, campaign):
    from warehouse import load
    from warehouse.db import connect

    con = connect(tmp_path / "wh.duckdb")
    load.sync_campaign(con, campaign)
    load.start_run(con, "run-bad-1", campaign.id, extractor_version="x", model_version="m")
    yield con
    con.close()


def _write(con, campaign, doc) -> str:
    from warehouse import load

    return load.write_document(con, doc, run_id="run-bad-1", campaign_id=campaign.id)


def test_same_report_sent_three_times(tmp_path, campaign, warehouse):
    from flows.steps import process_file, source_file

    names = ["hu-tan-lap-ct07.docx", "Fwd bao cao Tan Lap.docx", "gui lai - hu-tan-lap.docx"]
    paths = []
    for i, name in enumerate(names):
        folder = tmp_path / f"inbox-{i}"
        folder.mkdir()
        paths.append(shutil.copyfile(GOOD_DOCX, folder / name))
    sources = [source_file(p) for p in paths]
    assert len({s.sha256 for s in sources}) == 1
    first = process_file(sources[0], campaign, workdir=tmp_path / "w")
    assert first.status == "ok", first.error
    # The flow does not read a copy again; the warehouse decides by content hash.
    results = [_write(warehouse, campaign, dataclasses.replace(first, source=s)) for s in sources]
    assert results == ["ok", "duplicate", "duplicate"]
    rows = warehouse.execute(
        "SELECT file_name, status, duplicate_of FROM documents ORDER BY status DESC, file_name"
    ).fetchall()
    ok_id = warehouse.execute("SELECT doc_id FROM documents WHERE status = 'ok'").fetchone()[0]
    assert [r[1] for r in rows] == ["ok", "duplicate", "duplicate"]
    assert all(r[2] == ok_id for r in rows if r[1] == "duplicate")  # says which file it copies
    # Only one report counts: the sentences are stored once.
    per_doc = warehouse.execute("SELECT count(DISTINCT doc_id) FROM sentences").fetchone()[0]
    assert per_doc == 1
    assert warehouse.execute(
        "SELECT submission, files FROM submission_status WHERE unit_id = 'hu-tan-lap'"
    ).fetchone() == ("sent", 3)


def test_new_version_after_the_deadline(tmp_path, campaign, warehouse):
    """v1 dated 15/6 (on time), v2 dated 8/7 (after the 30/6 deadline): v2 is current, v1
    superseded, and the unit shows as late."""
    from examples.render import build_docx, load_report
    from flows.steps import process_file, source_file

    report = load_report(REPORTS / "hu-tan-lap-ct07.json")
    report["header"]["place_date"] = "Tân Lập, ngày 08 tháng 7 năm 2022"
    report["header"]["number"] = "Số 118-BC/HU"
    v1 = shutil.copyfile(GOOD_DOCX, tmp_path / "hu-tan-lap-ct07.docx")
    v2 = build_docx(report, tmp_path / "hu-tan-lap-ct07-bo-sung.docx")
    docs = [process_file(source_file(p), campaign, workdir=tmp_path / "w") for p in (v1, v2)]
    assert [d.status for d in docs] == ["ok", "ok"], [d.error for d in docs]
    assert {d.unit_id for d in docs} == {"hu-tan-lap"}
    assert str(docs[1].extracted.meta.report_date) == "2022-07-08"
    assert [_write(warehouse, campaign, d) for d in docs] == ["ok", "ok"]
    rows = dict(warehouse.execute("SELECT file_name, status FROM documents").fetchall())
    assert rows == {"hu-tan-lap-ct07.docx": "superseded", "hu-tan-lap-ct07-bo-sung.docx": "ok"}
    v2_id = warehouse.execute("SELECT doc_id FROM documents WHERE status = 'ok'").fetchone()[0]
    assert warehouse.execute("SELECT superseded_by FROM documents WHERE status = 'superseded'").fetchone()[0] == v2_id
    status = warehouse.execute(
        "SELECT submission, file_name, days_late FROM submission_status WHERE unit_id = 'hu-tan-lap'"
    ).fetchone()
    assert status == ("late", "hu-tan-lap-ct07-bo-sung.docx", 8)
    # Only the current version's sentences count in the synthesis.
    current = warehouse.execute(
        "SELECT DISTINCT file_name FROM current_sentences"
    ).fetchall()
    assert current == [("hu-tan-lap-ct07-bo-sung.docx",)]
