"""Every view and the search macro, on the fixture warehouse."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.warehouse import EXPECTED
from warehouse.db import connect
from warehouse.search import search


@pytest.fixture(scope="module")
def con(fixture_db: Path) -> duckdb.DuckDBPyConnection:
    return connect(fixture_db, read_only=True)


def _col(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    return [r[0] for r in con.execute(sql).fetchall()]


def test_current_documents_excludes_superseded_duplicate_rejected(con) -> None:
    rows = con.execute("SELECT unit_id, file_name, status FROM current_documents ORDER BY unit_id").fetchall()
    assert tuple(r[0] for r in rows) == EXPECTED["current_units"]
    assert "bc-phu-an-v1.docx" not in {r[1] for r in rows}
    assert {r[2] for r in rows} == {"ok", "partial"}


def test_current_sentences_and_findings_cover_all_categories(con) -> None:
    for unit in EXPECTED["current_units"]:
        cats = set(_col(con, f"SELECT DISTINCT category FROM current_sentences WHERE unit_id = '{unit}'"))
        assert cats == {"achievement", "limitation", "cause", "lesson", "recommendation", "other"}, unit
    topics = con.execute("SELECT topics FROM current_findings WHERE text LIKE 'Đề nghị tỉnh%' LIMIT 1").fetchall()
    assert topics == [(["funding", "investment", "loudspeaker"],)]


def test_framework_matrix_counts_and_ids(con) -> None:
    rows = con.execute(
        "SELECT unit_id, findings, finding_ids FROM framework_matrix "
        "WHERE category = 'limitation' AND topic_id = 'funding' ORDER BY unit_id"
    ).fetchall()
    assert tuple(r[0] for r in rows) == EXPECTED["funding_limitation_units"]
    assert all(n == len(ids) == 1 for _, n, ids in rows)
    every_id = {i for ids in _col(con, "SELECT finding_ids FROM framework_matrix") for i in ids}
    assert every_id == set(_col(con, "SELECT finding_id FROM current_findings"))
    untagged = con.execute("SELECT count(*) FROM framework_matrix WHERE topic_id IS NULL AND category = 'cause'")
    assert untagged.fetchall()[0][0] == len(EXPECTED["current_units"])


def test_submission_status_lists_every_roster_unit(con) -> None:
    rows = dict(con.execute("SELECT unit_id, submission FROM submission_status").fetchall())
    assert rows == EXPECTED["submission"]
    late = con.execute("SELECT days_late, file_name FROM submission_status WHERE submission = 'late'").fetchall()
    assert late == [(8, "bc-tan-lap.pdf")]
    sent = con.execute("SELECT file_name FROM submission_status WHERE unit_id = 'tu-phu-an'").fetchall()
    assert sent == [("bc-phu-an-v2.docx",)]
    doc_status = dict(con.execute("SELECT unit_id, doc_status FROM submission_status").fetchall())
    assert doc_status["hu-dong-xuan"] == "partial" and doc_status["hu-muong-khoa"] == "rejected"
    assert doc_status["hu-thach-ban"] is None


def test_limitations_by_topic(con) -> None:
    rows = {
        r[0]: r[1:]
        for r in con.execute("SELECT topic_id, topic_name, units, unit_ids FROM limitations_by_topic").fetchall()
    }
    assert rows["funding"] == ("Kinh phí", 4, list(EXPECTED["funding_limitation_units"]))
    assert set(rows) == {"funding", "loudspeaker", "investment", "staff"}


def test_figures_by_unit_does_not_double_count_repeated_stock(con) -> None:
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT unit_id, figures, value_max, value_sum, denominator_max FROM figures_by_unit "
            "WHERE measure = 'xa_truyen_thanh_cntt'"
        ).fetchall()
    }
    assert rows["tu-lam-giang"] == (2, 9.0, 18.0, 12.0)  # text and table give the same 9
    assert sum(v[1] for v in rows.values()) == EXPECTED["xa_truyen_thanh_cntt_total"]
    labels = set(_col(con, "SELECT measure_label FROM figures_by_unit WHERE measure = 'bang_tin'"))
    assert labels == {"Bảng tin"}


def test_recent_runs_newest_first(con) -> None:
    rows = con.execute("SELECT run_id, status, documents_written, seconds >= 0 FROM recent_runs").fetchall()
    assert rows == [("fixture-run-2", "finished", 1, True), ("fixture-run-1", "finished", 8, True)]


def test_problems_by_unit(con) -> None:
    rows = con.execute(
        "SELECT unit_id, status, error_code, unit_has_current FROM problems_by_unit ORDER BY unit_id NULLS FIRST"
    ).fetchall()
    assert rows == [
        (None, "rejected", "not_a_report", False),
        ("hu-dong-xuan", "partial", None, True),
        ("hu-muong-khoa", "rejected", "encrypted", False),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kinh phí", 9),  # 4 limitations + 5 recommendations
        ("KINH PHÍ", 9),
        (unicodedata.normalize("NFD", "kinh phí"), 9),  # decomposed diacritics in the query
        ("phí", 9),  # the word, not "phía" in the cause sentences
        ("phía", 5),
        ("phi", 0),  # no tone mark: another word
        ("kinh", 9),
        ("truyền thanh", 5 + 5 + 2),  # radio achievement, recommendation, staff limitation
        ("", 0),
    ],
)
def test_search_respects_words_and_diacritics(con, query: str, expected: int) -> None:
    assert len(search(con, query)) == expected


def test_search_filters_and_macro(con) -> None:
    hits = search(con, "kinh phí", category="limitation")
    assert sorted({h["unit_id"] for h in hits}) == list(EXPECTED["funding_limitation_units"])
    assert all("kinh phí" in h["text"].lower() for h in hits)
    assert len(search(con, "kinh phí", unit_id="hu-yen-hoa")) == 2
    assert len(search(con, "kinh phí", limit=3)) == 3
    # the underthesea tokens are searched too: a segmented compound matches as one word
    assert con.execute("SELECT count(*) FROM search_sentences('kinh_phí')").fetchall() == [(9,)]
