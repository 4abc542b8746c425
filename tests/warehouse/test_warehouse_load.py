"""The loader: idempotence, duplicates, supersede, rejected files, corrections, atomicity."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.warehouse import EXPECTED, MODEL_VERSION, fixture_campaign, fixture_documents
from tonghop.models import DocMeta, DocStatus, ProcessedDocument, Sentence
from warehouse import load
from warehouse.db import connect

DATA_TABLES = ("documents", "sentences", "findings", "finding_topics", "figures")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in DATA_TABLES}


def _doc(file_name: str) -> ProcessedDocument:
    return next(d for _, d in fixture_documents() if d.source.path.endswith(file_name))


def _status(con: duckdb.DuckDBPyConnection, doc: ProcessedDocument) -> tuple:
    doc_id = load.make_doc_id(doc.source.sha256, doc.source.path)
    return con.execute(
        "SELECT status, duplicate_of, superseded_by FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchall()[0]


def _new_run(con: duckdb.DuckDBPyConnection, run_id: str, model_version: str = MODEL_VERSION) -> str:
    load.start_run(con, run_id, EXPECTED["campaign_id"], extractor_version="x", model_version=model_version)
    return run_id


def test_fixture_has_every_status(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    statuses = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY 1").fetchall())
    assert statuses == {"ok": 4, "partial": 1, "superseded": 1, "duplicate": 1, "rejected": 2}
    assert sum(statuses.values()) == EXPECTED["documents"]


def test_every_row_carries_run_id_and_sha256(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    for table in DATA_TABLES:
        nulls = con.execute(f"SELECT count(*) FROM {table} WHERE run_id IS NULL OR sha256 IS NULL").fetchall()
        assert nulls == [(0,)], table
    # sha256 of every child row equals its document's
    for table in DATA_TABLES[1:]:
        bad = con.execute(
            f"SELECT count(*) FROM {table} t JOIN documents d USING (doc_id) WHERE t.sha256 <> d.sha256"
        ).fetchall()
        assert bad == [(0,)], table


def test_ids_follow_the_documented_shape(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    assert con.execute("SELECT count(*) FROM findings WHERE finding_id <> doc_id || '-' || seq").fetchall() == [(0,)]
    ids = con.execute("SELECT figure_id, doc_id FROM figures ORDER BY figure_id").fetchall()
    assert ids and all(f.startswith(d + "-f") and f[len(d) + 2 :].isdigit() for f, d in ids)
    doc = _doc("bc-tan-lap.pdf")
    assert len(load.make_doc_id(doc.source.sha256, doc.source.path)) == 16
    assert load.make_doc_id(doc.source.sha256, "x") != load.make_doc_id(doc.source.sha256, "y")


def test_rewriting_the_same_file_is_unchanged_and_adds_nothing(fresh_db: Path) -> None:
    con = connect(fresh_db)
    before = _counts(con)
    run = _new_run(con, "again")
    results = {load.write_document(con, d, run_id=run, campaign_id="ct07-2022") for _, d in fixture_documents()}
    assert results == {load.UNCHANGED}
    assert _counts(con) == before
    assert con.execute("SELECT count(*) FROM documents WHERE run_id = 'again'").fetchall() == [(0,)]


def test_new_model_version_replaces_rows_without_duplicating(fresh_db: Path) -> None:
    con = connect(fresh_db)
    before = _counts(con)
    run = _new_run(con, "model-2", "model-2")
    for _, d in fixture_documents():
        status = load.write_document(
            con, dataclasses.replace(d, model_version="model-2"), run_id=run, campaign_id="ct07-2022"
        )
        # a duplicate row has nothing of its own to rewrite
        assert (status == load.UNCHANGED) == (d.source.path == "inbox/email/bc-lam-giang.pdf")
    assert _counts(con) == before
    written = con.execute("SELECT DISTINCT run_id FROM sentences").fetchall()
    assert written == [("model-2",)]
    # statuses are the same as after the first load
    assert dict(con.execute("SELECT status, count(*) FROM documents GROUP BY 1").fetchall())["superseded"] == 1


def test_same_content_at_another_path_is_a_duplicate_without_rows(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    original, copy = _doc("thanh-uy/bc-lam-giang.pdf"), _doc("email/bc-lam-giang.pdf")
    original_id = load.make_doc_id(original.source.sha256, original.source.path)
    copy_id = load.make_doc_id(copy.source.sha256, copy.source.path)
    assert _status(con, copy) == ("duplicate", original_id, None)
    for table in DATA_TABLES[1:]:
        assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [copy_id]).fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM current_documents WHERE unit_id = 'tu-lam-giang'").fetchall() == [(1,)]


def test_outcome_note_names_the_file_a_duplicate_repeats_or_gave_way_to(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    copy, older = _doc("email/bc-lam-giang.pdf"), _doc("bc-phu-an-v1.docx")
    assert load.outcome_note(con, copy, "duplicate") == (
        "Trùng nội dung với tệp đã nhận bc-lam-giang.pdf | Same content as bc-lam-giang.pdf, already received")
    assert "bc-phu-an-v2.docx" in load.outcome_note(con, older, "superseded")
    assert load.outcome_note(con, _doc("bc-phu-an-v2.docx"), "ok") == ""
    broken = next(d for _, d in fixture_documents() if d.status == DocStatus.REJECTED)
    assert load.outcome_note(con, broken, "rejected") == broken.error


def test_lookup_reports_what_is_stored(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    original = _doc("thanh-uy/bc-lam-giang.pdf")
    known = load.lookup(con, original.source.sha256, original.source.path)
    assert known is not None and known.same_path and known.status == "ok"
    assert (known.extractor_version, known.model_version) == ("fixture-extract-1", MODEL_VERSION)
    elsewhere = load.lookup(con, original.source.sha256, "inbox/new-folder/x.pdf")
    assert elsewhere is not None and not elsewhere.same_path and elsewhere.doc_id == known.doc_id
    assert load.lookup(con, "0" * 64, "inbox/none.pdf") is None


def test_newer_report_of_a_unit_supersedes_the_older(fresh_db: Path) -> None:
    con = connect(fresh_db)
    v1, v2 = _doc("bc-phu-an-v1.docx"), _doc("bc-phu-an-v2.docx")
    v2_id = load.make_doc_id(v2.source.sha256, v2.source.path)
    assert _status(con, v1) == ("superseded", None, v2_id)
    assert _status(con, v2) == ("ok", None, None)
    current = [
        r[0] for r in con.execute("SELECT file_name FROM current_documents WHERE unit_id = 'tu-phu-an'").fetchall()
    ]
    assert current == ["bc-phu-an-v2.docx"]

    run = _new_run(con, "late-copy")
    # an older-dated third version arriving later is stored but does not become current
    v0 = dataclasses.replace(
        v1,
        source=dataclasses.replace(
            v1.source,
            path="inbox/bc-phu-an-v0.docx",
            sha256="e" * 64,
            file_name="bc-phu-an-v0.docx",
            received_at=v2.source.received_at + 999,
        ),
        extracted=dataclasses.replace(
            v1.extracted, meta=DocMeta(unit_name="Thị ủy Phú An", report_date=date(2022, 6, 1))
        ),
    )
    assert load.write_document(con, v0, run_id=run, campaign_id="ct07-2022") == "superseded"
    # the newest file re-read as rejected gives the previous one its place back
    rejected_v2 = dataclasses.replace(
        v2,
        status=DocStatus.REJECTED,
        extracted=None,
        sentences=(),
        findings=(),
        figures=(),
        error="hỏng | broken",
        error_code="corrupt",
    )
    assert load.write_document(con, rejected_v2, run_id=run, campaign_id="ct07-2022") == "rejected"
    current = con.execute("SELECT file_name FROM current_documents WHERE unit_id = 'tu-phu-an'").fetchall()
    assert current == [("bc-phu-an-v1.docx",)]  # dated 10/6, newer than v0 (1/6)
    assert _status(con, v0)[0] == "superseded"


def test_rejected_file_is_a_row_with_its_reason(fixture_db: Path) -> None:
    con = connect(fixture_db, read_only=True)
    rows = con.execute(
        "SELECT unit_id, status, base_status, error, error_code FROM documents "
        "WHERE status = 'rejected' ORDER BY file_name"
    ).fetchall()
    assert [r[0] for r in rows] == [None, "hu-muong-khoa"]
    assert all(r[1] == r[2] == "rejected" and " | " in r[3] and r[4] for r in rows)
    assert con.execute(
        "SELECT count(*) FROM sentences s JOIN documents d USING (doc_id) WHERE d.status = 'rejected'"
    ).fetchall() == [(0,)]


def test_failed_write_leaves_no_half_document(fresh_db: Path) -> None:
    con = connect(fresh_db)
    good = _doc("bc-yen-hoa.doc")
    before = _counts(con)
    run = _new_run(con, "broken")
    # a repeated sentence seq violates the primary key after documents and some rows were written
    broken = dataclasses.replace(good, model_version="model-3", sentences=(*good.sentences, good.sentences[0]))
    with pytest.raises(duckdb.ConstraintException):
        load.write_document(con, broken, run_id=run, campaign_id="ct07-2022")
    assert _counts(con) == before
    assert _status(con, good)[0] == "ok"
    assert con.execute("SELECT count(*) FROM sentences WHERE run_id = 'broken'").fetchall() == [(0,)]
    # the connection is usable afterwards
    assert load.write_document(con, good, run_id=run, campaign_id="ct07-2022") == load.UNCHANGED


def _funding_sentence(con: duckdb.DuckDBPyConnection, file_name: str) -> tuple[str, int, str]:
    return con.execute(
        "SELECT s.sha256, s.seq, s.text FROM sentences s JOIN documents d USING (doc_id) "
        "WHERE d.file_name = ? AND s.text LIKE 'Kinh phí%'",
        [file_name],
    ).fetchall()[0]


def test_correction_relabels_and_survives_reingest(fresh_db: Path) -> None:
    con = connect(fresh_db)
    sha, seq, text = _funding_sentence(con, "bc-yen-hoa.doc")
    cid = load.add_correction(con, sha, seq, "cause", "objective", "đây là nguyên nhân", "analyst-1")
    row = "SELECT category, cause_type, model_category, correction_id FROM sentences WHERE sha256 = ? AND seq = ?"
    assert con.execute(row, [sha, seq]).fetchall() == [("cause", "objective", "limitation", cid)]
    # the one-sentence finding follows the relabel
    assert con.execute(
        "SELECT category FROM findings WHERE sha256 = ? AND sentence_start = ?", [sha, seq]
    ).fetchall() == [("cause",)]

    run = _new_run(con, "model-2", "model-2")
    doc = _doc("bc-yen-hoa.doc")
    assert (
        load.write_document(con, dataclasses.replace(doc, model_version="model-2"), run_id=run, campaign_id="ct07-2022")
        == "ok"
    )
    assert con.execute(row, [sha, seq]).fetchall() == [("cause", "objective", "limitation", cid)]

    exported = load.export_corrections(con)
    assert len(exported) == 1
    assert exported[0]["text"] == text and exported[0]["label"] == "cause"
    assert exported[0]["cause_type"] == "objective" and exported[0]["heading"] == "II. HẠN CHẾ VÀ NGUYÊN NHÂN"


def test_latest_correction_wins_and_resegmented_text_is_not_relabelled(fresh_db: Path) -> None:
    con = connect(fresh_db)
    sha, seq, _ = _funding_sentence(con, "bc-tan-lap.pdf")
    load.add_correction(con, sha, seq, "other", None, None, "a")
    load.add_correction(con, sha, seq, "recommendation", None, "second thoughts", "b")
    assert con.execute("SELECT category FROM sentences WHERE sha256 = ? AND seq = ?", [sha, seq]).fetchall() == [
        ("recommendation",)
    ]
    assert [r["label"] for r in load.export_corrections(con)] == ["recommendation"]

    doc = _doc("bc-tan-lap.pdf")
    changed = tuple(dataclasses.replace(s, text=s.text + " Thêm chữ.") if s.seq == seq else s for s in doc.sentences)
    run = _new_run(con, "reseg", "model-2")
    load.write_document(
        con, dataclasses.replace(doc, sentences=changed, model_version="model-2"), run_id=run, campaign_id="ct07-2022"
    )
    assert con.execute(
        "SELECT category, correction_id FROM sentences WHERE sha256 = ? AND seq = ?", [sha, seq]
    ).fetchall() == [("limitation", None)]


def test_add_correction_validates_its_input(fresh_db: Path) -> None:
    con = connect(fresh_db)
    sha, seq, _ = _funding_sentence(con, "bc-tan-lap.pdf")
    with pytest.raises(ValueError):
        load.add_correction(con, sha, seq, "praise", None, None, "a")
    with pytest.raises(ValueError):
        load.add_correction(con, sha, seq, "limitation", "objective", None, "a")
    with pytest.raises(KeyError):
        load.add_correction(con, sha, 999, "other", None, None, "a")
    assert con.execute("SELECT count(*) FROM corrections").fetchall() == [(0,)]


def test_runs_and_campaign_sync(fresh_db: Path) -> None:
    con = connect(fresh_db)
    load.sync_campaign(con, fixture_campaign())  # again: replaces, never duplicates
    assert con.execute("SELECT count(*) FROM campaigns").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM units").fetchall() == [(len(EXPECTED["roster"]),)]
    assert con.execute("SELECT deadline::VARCHAR FROM campaigns").fetchall() == [("2022-06-30",)]
    assert con.execute("SELECT count(*) FROM topics").fetchall()[0][0] == len(fixture_campaign().topics)
    _new_run(con, "r9")
    load.finish_run(con, "r9", {"files_seen": 3, "ingested": 2, "rejected": 1}, status="failed")
    assert con.execute(
        "SELECT status, files_seen, ingested, rejected, finished_at IS NOT NULL FROM runs WHERE run_id = 'r9'"
    ).fetchall() == [("failed", 3, 2, 1, True)]
    with pytest.raises(ValueError):
        load.finish_run(con, "r9", {"bogus": 1})
    with pytest.raises(KeyError):
        load.finish_run(con, "nope", {})


def test_a_sentence_label_outside_the_enum_cannot_be_written(fresh_db: Path) -> None:
    con = connect(fresh_db)
    doc = _doc("bc-yen-hoa.doc")
    bad = Sentence(99, "x", None, 99, (), "praise", None, 0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        load.write_document(
            con, dataclasses.replace(doc, sentences=(bad,), model_version="m"), run_id="r", campaign_id="ct07-2022"
        )
    assert _status(con, doc)[0] == "ok"  # rolled back: the stored version is intact
    assert con.execute("SELECT count(*) FROM sentences WHERE run_id = 'r'").fetchall() == [(0,)]


def test_export_corrections_is_json_ready(fresh_db: Path) -> None:
    import json

    con = connect(fresh_db)
    sha, seq, text = _funding_sentence(con, "bc-lam-giang.pdf")
    load.add_correction(con, sha, seq, "limitation", None, "đúng nhãn", "analyst")
    line = json.dumps(load.export_corrections(con)[0], ensure_ascii=False)
    assert json.loads(line)["text"] == text


def test_a_file_that_changes_unit_hands_back_the_old_units_place(fresh_db: Path) -> None:
    con = connect(fresh_db)
    v1, v2 = _doc("bc-phu-an-v1.docx"), _doc("bc-phu-an-v2.docx")
    run = _new_run(con, "moved", "model-2")
    # a better model reads v2's issuer as another unit: v1 is Phú An's current report again
    moved = dataclasses.replace(v2, unit_id="hu-thach-ban", model_version="model-2")
    assert load.write_document(con, moved, run_id=run, campaign_id="ct07-2022") == "ok"
    assert _status(con, v1) == ("ok", None, None)
    status = dict(con.execute("SELECT unit_id, submission FROM submission_status").fetchall())
    assert status["tu-phu-an"] == "sent" and status["hu-thach-ban"] == "sent"


def test_copy_of_a_rejected_file_is_read_on_its_own(fresh_db: Path) -> None:
    con = connect(fresh_db)
    rejected = _doc("bc-muong-khoa.pdf")
    run = _new_run(con, "retry")
    # the same bytes arrive under another name and now read fine (the first failure was transient)
    readable = dataclasses.replace(
        _doc("bc-yen-hoa.doc"),
        source=dataclasses.replace(rejected.source, path="inbox/lai/bc-muong-khoa.pdf"),
        unit_id="hu-muong-khoa",
    )
    assert load.write_document(con, readable, run_id=run, campaign_id="ct07-2022") == "ok"
    status = dict(con.execute("SELECT unit_id, submission FROM submission_status").fetchall())
    assert status["hu-muong-khoa"] == "sent"
    # a third copy is a duplicate of the readable one, not of the rejected one
    third = dataclasses.replace(readable, source=dataclasses.replace(readable.source, path="inbox/3.pdf"))
    assert load.write_document(con, third, run_id=run, campaign_id="ct07-2022") == "duplicate"
    readable_id = load.make_doc_id(readable.source.sha256, readable.source.path)
    assert _status(con, third)[1] == readable_id
    known = load.lookup(con, rejected.source.sha256, "inbox/4.pdf")
    assert known is not None and known.doc_id == readable_id and known.status == "ok"


def test_caller_may_record_a_duplicate_without_reading_it(fresh_db: Path) -> None:
    con = connect(fresh_db)
    original = _doc("bc-tan-lap.pdf")
    src = dataclasses.replace(original.source, path="inbox/again/bc-tan-lap.pdf")
    stub = ProcessedDocument(src, DocStatus.DUPLICATE, original.format, model_version=MODEL_VERSION)
    run = _new_run(con, "dup")
    assert load.write_document(con, stub, run_id=run, campaign_id="ct07-2022") == "duplicate"
    assert _status(con, stub)[1] == load.make_doc_id(original.source.sha256, original.source.path)
    assert load.write_document(con, stub, run_id=run, campaign_id="ct07-2022") == load.UNCHANGED
    assert load.run_count_key("duplicate") == "duplicate" and load.run_count_key("superseded") == "ingested"
