"""Small wording rules of the records: source locations and the coverage line."""

from __future__ import annotations

from reports.model import Quote, section_label
from warehouse.db import connect


def quote(page, heading_path, paragraph=7, fmt="docx"):
    return Quote("Câu trích.", "u", "Sở F", "so-f.docx", None, fmt, page, heading_path, paragraph, "d", "d-1", 3)


def test_word_location_uses_heading_numbers_and_paragraph():
    assert quote(None, ("II. KẾT QUẢ THỰC HIỆN", "3. Về đầu tư thiết bị")).location == "mục II.3, đoạn 7"
    assert quote(None, ("PHẦN THỨ NHẤT", "Về hạn chế")).location.startswith("mục “Về hạn chế”")
    assert quote(None, ()).location == "đoạn 7"
    assert quote(4, ("I. KẾT QUẢ",), fmt="pdf").location == "tr. 4"
    assert quote(4, (), fmt="pdf").citation == "Sở F, so-f.docx, tr. 4"


def test_section_label_keeps_decimal_numbering():
    assert section_label(("2.2. Nguyên nhân chủ quan",)) == "2.2"
    assert section_label(("I- Khái quát", "1/ Về thuận lợi")) == "I.1"


def test_coverage_agrees_with_the_warehouse_submission_view(synthesis, fixture_db):
    con = connect(fixture_db, read_only=True)
    try:
        view = dict(con.execute("SELECT unit_id, submission FROM submission_status").fetchall())
    finally:
        con.close()
    mine = {}
    for u in synthesis.coverage.units:
        mine[u.unit_id] = "late" if u.late else "sent" if u.sent else "rejected_only" if u.note else "missing"
    assert mine == view
