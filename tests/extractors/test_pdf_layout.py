"""PDF layout: two columns, wrapped header cells, closing side by side, scanned pages."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from extractors import extract
from extractors.base import RECIPIENTS_PATH, SIGNATURE_PATH
from extractors.pdf import _classify_page, _join, strip_running
from tests.extractors.builders import LEFT_COL, RIGHT_COL, text_then_scan_pdf, two_column_pdf
from tonghop.models import DocStatus


def test_two_columns_are_read_column_by_column(tmp_path):
    doc = extract(two_column_pdf(tmp_path / "cols.pdf"))
    got = [(b.kind.value, b.text, b.heading_path) for b in doc.blocks]
    s1, s2, s3 = LEFT_COL[0][0], LEFT_COL[2][0], RIGHT_COL[1][0]
    assert got == [
        ("heading", s1, ()),
        ("paragraph", LEFT_COL[1][0], (s1,)),
        ("heading", s2, ()),
        ("paragraph", LEFT_COL[3][0], (s2,)),
        ("paragraph", RIGHT_COL[0][0], (s2,)),  # the right column continues section II
        ("heading", s3, ()),  # capitalised heading wrapped onto two lines: one heading
        ("paragraph", RIGHT_COL[2][0], (s3,)),
        ("paragraph", "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy;\n- Lưu: VT.", RECIPIENTS_PATH),
        ("paragraph", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Thị Lan", SIGNATURE_PATH),
    ]
    m = doc.meta
    # The issuer wrapped inside its narrow cell is joined again; the parent stays apart.
    assert (m.unit_name, m.parent_unit) == ("ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH HÀ LÂM", "UBND TỈNH HÀ LÂM")
    assert (m.report_number, m.report_date, m.place) == ("Số: 126/BC-PTTH", date(2022, 6, 16), "Lâm Giang")
    assert m.title == "Kết quả thực hiện công tác thông tin cơ sở"


def test_page_classification():
    vi = "Các xã đã duy trì đài truyền thanh, thông tin kịp thời đến người dân ở cơ sở. " * 3
    assert _classify_page(vi, len(vi), None) == ("text", "")
    assert _classify_page("", 0, None, image_share=0.9)[0] == "scan"
    assert _classify_page("", 0, None, image_share=0.0)[0] == "empty"
    assert _classify_page("Nguyễn Văn Minh", 14, None, image_share=0.0)[0] == "text"
    cid = "(cid:12)(cid:45)(cid:3) " * 30
    assert _classify_page(cid, len(cid), None)[0] == "garbage"
    mojibake = "ºÔÛ¿Ä ¬ÆÉ¼Ç¿ ÐÑ¿Ô¬ º¹Ì " * 10  # glyph codes of a font without a Unicode map
    assert _classify_page(mojibake, len(mojibake), None)[0] == "garbage"


def test_line_joins():
    assert _join("Kế hoạch số 36-", "KH/HU ngày 5/1") == "Kế hoạch số 36-KH/HU ngày 5/1"
    assert _join("kinh tế -", "xã hội") == "kinh tế - xã hội"
    assert _join("thông tin cơ", "sở") == "thông tin cơ sở"
    assert _join("infor-", "mation") == "information"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_scanned_page_goes_to_ocr(tmp_path):
    lines = ["Trong 5 năm, huyện đã tổ chức 12 hội nghị", "quán triệt cho cán bộ chủ chốt."]
    doc = extract(text_then_scan_pdf(tmp_path / "mixed.pdf", lines))
    assert doc.pages == 2 and doc.ocr_pages == (2,) and doc.status is DocStatus.OK
    assert doc.ocr_confidence is not None and doc.ocr_confidence > 0.6
    page2 = [b for b in doc.blocks if b.page == 2]
    assert page2 and all(b.ocr for b in page2)
    assert "hội nghị" in " ".join(b.text for b in page2)
    assert doc.blocks[0].text == "I. KẾT QUẢ ĐẠT ĐƯỢC" and not doc.blocks[0].ocr


def test_strip_running_keeps_single_page_text():
    from extractors.pdf import Line, PageText

    p = PageText(1, 600, 800, lines=[Line("Trang 1", "Trang 1", 280, 320, 770, 780, 11, False, 1),
                                     Line("Nội dung", "Nội dung", 80, 300, 100, 111, 11, False, 1)])
    strip_running([p])
    assert [ln.text for ln in p.lines] == ["Nội dung"]
