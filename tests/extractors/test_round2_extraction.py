"""Round-2 extraction defects found on rendered real-style reports (one regression each).

1. a run-in label is the innermost heading of the text it opens;
2. noun-only section titles ("Hạn chế, khó khăn") alone on a line are headings;
3. "Đ." is the sibling of "D." (Vietnamese letter order);
4. scanned page breaks: page numbers/specks dropped, the sentence joined across pages;
5. PDF table cells of a narrow column keep their words whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from examples.render import render, scan_pdf  # noqa: E402
from extractors import extract  # noqa: E402
from extractors.base import RawItem, assemble  # noqa: E402
from extractors.headings import LineKind, classify_line, is_section_noun  # noqa: E402
from extractors.pdf import (  # noqa: E402
    _join_cell,
    join_page_break,
    merge_split_tables,
    strip_ocr_running,
    text_to_items,
)
from tonghop.models import BlockKind  # noqa: E402

HEADER = {
    "left": ["ĐẢNG BỘ HUYỆN NAM SƠN", "ĐẢNG ỦY XÃ KHE LAU"],
    "number": "Số 41-BC/ĐU",
    "right": ["ĐẢNG CỘNG SẢN VIỆT NAM"],
    "place_date": "Khe Lau, ngày 14 tháng 6 năm 2024",
    "doc_type": "BÁO CÁO",
    "subject": ["sơ kết công tác dân vận 6 tháng đầu năm 2024"],
}
CLOSING = {"recipients": ["Nơi nhận:", "- Huyện ủy,", "- Lưu VP."],
           "signature": ["T/M ĐẢNG ỦY", "BÍ THƯ", "Hà Văn Quý"]}


def _sent(text: str) -> dict:
    return {"sentences": [{"text": text, "label": "other"}]}


def _report(body: list[dict], rid: str = "r2") -> dict:
    return {"id": rid, "campaign": "x", "header": HEADER, "body": body, "closing": CLOSING}


def _shape(blocks, kinds=(BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.HEADING)):
    """(kind, text, heading_path) of the body blocks (the closing block left out)."""
    return [(b.kind.value, b.text, b.heading_path) for b in blocks
            if b.kind in kinds and b.heading_path[:1] not in (("Nơi nhận",), ("Chữ ký",))]


# ------------------------------------------------------------------ 1. run-in labels
def test_runin_label_enters_the_heading_path_of_its_paragraph(tmp_path):
    body = [
        {"type": "heading", "text": "II. HẠN CHẾ VÀ NGUYÊN NHÂN", "level": 1},
        {"type": "paragraph", "runin": "Nguyên nhân khách quan:",
         **_sent("Địa bàn rộng, giao thông chia cắt vào mùa mưa.")},
        {"type": "paragraph", "runin": "Nguyên nhân chủ quan:",
         **_sent("Một số chi bộ chưa sâu sát với dân.")},
        {"type": "paragraph", **_sent("Hai nhóm nguyên nhân này đan xen nhau.")},
    ]
    docx = render(_report(body), tmp_path, ["docx"])["docx"]
    blocks = extract(docx).blocks
    sec = "II. HẠN CHẾ VÀ NGUYÊN NHÂN"
    assert _shape(blocks)[-5:] == [
        ("heading", "Nguyên nhân khách quan:", (sec,)),
        ("paragraph", "Địa bàn rộng, giao thông chia cắt vào mùa mưa.", (sec, "Nguyên nhân khách quan:")),
        ("heading", "Nguyên nhân chủ quan:", (sec,)),
        ("paragraph", "Một số chi bộ chưa sâu sát với dân.", (sec, "Nguyên nhân chủ quan:")),
        ("paragraph", "Hai nhóm nguyên nhân này đan xen nhau.", (sec,)),  # the label heads its paragraph only
    ]
    runin = [b for b in blocks if b.text == "Nguyên nhân khách quan:"]
    assert runin[0].kind is BlockKind.HEADING and runin[0].level is None


def test_standalone_label_heads_items_until_a_runin_with_the_same_marker():
    items = [RawItem(t, bold=b, bold_prefix=bp) for t, b, bp in [
        ("1. Kết quả công tác dân vận", True, None),
        ("- Về kết quả:", True, None),
        ("+ Tổ chức 12 buổi đối thoại với nhân dân.", False, None),
        ("+ Vận động hiến 3.200 m2 đất làm đường.", False, None),
        ("- Về hạn chế: Một số thôn còn hình thức.", None, 13),
        ("+ Chưa nắm kịp dư luận ở thôn xa.", False, None),
    ]]
    blocks, _ = assemble(items, skip_front=False)
    h1 = "1. Kết quả công tác dân vận"
    assert _shape(blocks) == [
        ("heading", h1, ()),
        ("heading", "- Về kết quả:", (h1,)),
        ("list_item", "Tổ chức 12 buổi đối thoại với nhân dân.", (h1, "- Về kết quả:")),
        ("list_item", "Vận động hiến 3.200 m2 đất làm đường.", (h1, "- Về kết quả:")),
        ("heading", "Về hạn chế:", (h1,)),  # same "-" marker: ends the label above
        ("list_item", "Một số thôn còn hình thức.", (h1, "Về hạn chế:")),
        ("list_item", "Chưa nắm kịp dư luận ở thôn xa.", (h1,)),
    ]


def test_runin_item_under_a_label_with_another_marker_is_its_child():
    items = [RawItem("Về nguyên nhân:", bold=True),
             RawItem("- Khách quan: thời tiết khắc nghiệt kéo dài.", bold=None, bold_prefix=12)]
    blocks, _ = assemble(items, skip_front=False)
    assert blocks[-1].heading_path == ("Về nguyên nhân:", "Khách quan:")
    assert blocks[-1].text == "thời tiết khắc nghiệt kéo dài."


# ------------------------------------------------------------------ 2. noun-only headings
@pytest.mark.parametrize("line", ["Kết quả", "Hạn chế", "Nguyên nhân", "Kinh nghiệm", "Giải pháp", "Kiến nghị",
                                  "Hạn chế, khó khăn", "Bài học kinh nghiệm", "Đánh giá chung",
                                  "Nhiệm vụ, giải pháp trong thời gian tới", "Ưu điểm"])
def test_section_nouns_alone_are_headings(line):
    info = classify_line(line)
    assert info.kind is LineKind.HEADING and info.style == "noun"


@pytest.mark.parametrize("line", ["Kết quả tốt", "kết quả", "Hạn chế.", "Nguyên nhân do thiếu kinh phí",
                                  "Không", "Tăng cường", "Kết quả   Năm 2023", "Giải pháp: tăng kinh phí"])
def test_other_short_lines_are_not_section_nouns(line):
    assert not is_section_noun(line)
    assert classify_line(line).style != "noun"


def test_ocr_text_noun_headings_give_heading_paths():
    text = ("Kết quả\nCác thôn đã tổ chức 24 buổi họp dân,\nthu hút gần 2.000 lượt người.\n\n"
            "Hạn chế, khó khăn\nMột số thôn họp còn hình thức.\n\n- Kết quả\n")
    blocks, _ = assemble(text_to_items(text, page=1, ocr=True), skip_front=False)
    assert _shape(blocks) == [
        ("heading", "Kết quả", ()),
        ("paragraph", "Các thôn đã tổ chức 24 buổi họp dân, thu hút gần 2.000 lượt người.", ("Kết quả",)),
        ("heading", "Hạn chế, khó khăn", ()),
        ("paragraph", "Một số thôn họp còn hình thức.", ("Hạn chế, khó khăn",)),
        ("list_item", "Kết quả", ("Hạn chế, khó khăn",)),  # a bulleted item stays an item
    ]


def test_word_list_item_and_table_cell_are_not_noun_headings():
    items = [RawItem("1. Công tác tuyên truyền", bold=True), RawItem("Kết quả", bold=False, auto_numbered=True),
             RawItem("", rows=(("Chỉ tiêu", "Kết quả"), ("Họp dân", "24")))]
    blocks, _ = assemble(items, skip_front=False)
    assert [b.kind for b in blocks] == [BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.TABLE]


# ------------------------------------------------------------------ 3. Vietnamese letter order
def test_dd_letter_headings_are_siblings_of_d():
    items = [RawItem(t, bold=True) for t in
             ["C. BÀI HỌC KINH NGHIỆM", "D. NHIỆM VỤ, GIẢI PHÁP", "d) Về tuyên truyền", "đ) Về kinh phí",
              "Đ. ĐỀ XUẤT, KIẾN NGHỊ"]]
    items.insert(3, RawItem("Tăng số buổi phát thanh.", bold=False))
    blocks, _ = assemble(items, skip_front=False)
    heads = [(b.text, b.level, b.heading_path) for b in blocks if b.kind is BlockKind.HEADING]
    assert heads == [
        ("C. BÀI HỌC KINH NGHIỆM", 1, ()),
        ("D. NHIỆM VỤ, GIẢI PHÁP", 1, ()),
        ("d) Về tuyên truyền", 2, ("D. NHIỆM VỤ, GIẢI PHÁP",)),
        ("đ) Về kinh phí", 2, ("D. NHIỆM VỤ, GIẢI PHÁP",)),
        ("Đ. ĐỀ XUẤT, KIẾN NGHỊ", 1, ()),
    ]


# ------------------------------------------------------------------ 4. scanned page breaks
def test_ocr_page_numbers_and_specks_are_removed_and_the_sentence_joined():
    pages = {
        1: "Trong năm, các thôn đã sửa 12 cụm loa; thiết bị tại trụ sở và trạm\n\n- 1 -\n",
        2: "2\ny tế hỏng hóc nhanh do hơi muối ăn mòn. Xã đề nghị hỗ trợ kinh phí.\n\nÈ\n",
        3: "Các hộ được hướng dẫn\n\n. đăng bán sản phẩm trên mạng, hỗ trợ tập huấn ở.\ncác thôn.\n3",
    }
    clean = strip_ocr_running(pages)
    assert clean[1].strip().endswith("trạm") and clean[2].startswith("y tế") and "È" not in clean[2]
    first = text_to_items(clean[1], page=1, ocr=True)[-1]
    second = text_to_items(clean[2], page=2, ocr=True)[0]
    joined = join_page_break(first, second)
    assert joined is not None and joined.page == 1
    assert joined.text == ("Trong năm, các thôn đã sửa 12 cụm loa; thiết bị tại trụ sở và trạm y tế hỏng hóc "
                           "nhanh do hơi muối ăn mòn. Xã đề nghị hỗ trợ kinh phí.")
    third = text_to_items(clean[3], page=3, ocr=True)
    assert [i.text for i in third] == ["Các hộ được hướng dẫn đăng bán sản phẩm trên mạng, hỗ trợ tập huấn ở các thôn."]
    # A finished sentence or a heading on the next page is not joined.
    assert join_page_break(second, RawItem("Đây là đoạn mới.", page=3, ocr=True)) is None
    assert join_page_break(first, RawItem("II. KẾT QUẢ", page=2, ocr=True)) is None


def test_running_header_repeated_on_scanned_pages_is_removed():
    body = {1: "Xã tổ chức 24 buổi họp dân.", 2: "Các thôn đều có tổ hòa giải.", 3: "Đề nghị huyện hỗ trợ."}
    pages = {n: f"Báo cáo sơ kết công tác dân vận - trang {n}\n{t}\n" for n, t in body.items()}
    assert strip_ocr_running(pages) == {n: f"{t}" for n, t in body.items()}


def _two_page_scan(tmp_path: Path) -> Path:
    from fpdf import FPDF

    font = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

    class _Pdf(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("serif", size=12)
                self.cell(0, 8, f"Trang {self.page_no()}", align="C")
                self.ln(12)

    pdf = _Pdf(format="A4")
    pdf.add_font("serif", fname=font)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("serif", size=14)
    pdf.multi_cell(0, 8, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, "kết quả công tác thông tin cơ sở năm 2024", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    filler = ("Xã đã duy trì phát thanh đều đặn vào buổi sáng và buổi chiều các ngày trong tuần, "
              "nội dung bám sát nhiệm vụ chính trị của địa phương. ")
    for _ in range(5):
        pdf.multi_cell(0, 8, filler * 3, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_y(pdf.h - 25 - 8 * 2)  # the last paragraph starts two lines above the bottom margin
    pdf.multi_cell(0, 8, "Kinh phí duy tu còn thấp nên nhiều cụm loa ở các thôn vùng cao đã xuống cấp, "
                         "người dân ở xa chưa nghe được thông tin kịp thời, nhất là trong mùa mưa bão "
                         "khi đường sá bị chia cắt nhiều ngày liền.")
    text_pdf = tmp_path / "text.pdf"
    pdf.output(str(text_pdf))
    return scan_pdf(text_pdf, tmp_path / "scan.pdf")


@pytest.mark.integration
def test_scanned_sentence_continues_across_the_page_break(tmp_path):
    doc = extract(_two_page_scan(tmp_path))
    assert doc.ocr_pages == (1, 2)
    last = [b for b in doc.blocks if "Kinh phí duy tu" in b.text]
    assert len(last) == 1 and last[0].page == 1
    assert last[0].text.endswith("khi đường sá bị chia cắt nhiều ngày liền.")
    assert not any("Trang 2" in b.text for b in doc.blocks)


# ------------------------------------------------------------------ 5. PDF table cells
def test_cell_lines_cut_inside_a_word_are_glued():
    lines = [("Tài", 100.0), ("kho", 107.5), ("ản", 98.0), ("định", 106.0), ("dan", 107.0), ("h", 92.0),
             ("(ng", 106.5), ("ười", 104.0), ("tuổi", 105.0), (")", 93.0), ("Hồ", 101.0), ("sơ", 99.0),
             ("Zal", 107.0), ("o", 92.0)]
    assert _join_cell(lines, 108.0, 13.0) == "Tài khoản định danh (người tuổi) Hồ sơ Zalo"
    # A wide cell that wraps between words keeps its spaces.
    assert _join_cell([("Kế hoạch năm", 300.0), ("2026 của xã", 250.0)], 300.0, 13.0) == "Kế hoạch năm 2026 của xã"


@pytest.mark.integration
def test_libreoffice_pdf_narrow_table_column_keeps_words(tmp_path):
    body = [
        {"type": "heading", "text": "I. KẾT QUẢ", "level": 1},
        {"type": "paragraph", **_sent("Kết quả các chỉ tiêu chính như sau.")},
        {"type": "table", "rows": [["Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                                   ["Tài khoản định danh mức 2 (người từ 14 tuổi)", "90%", "93,7%"],
                                   ["Tiểu thương thanh toán bằng mã QR", "80%", "96%"]]},
    ]
    pdf = render(_report(body, "r2-table"), tmp_path, ["pdf"])["pdf"]
    tables = [b for b in extract(pdf).blocks if b.kind is BlockKind.TABLE]
    rows = [r for t in tables for r in t.rows]
    assert ("Tài khoản định danh mức 2 (người từ 14 tuổi)", "90%", "93,7%") in rows
    assert ("Tiểu thương thanh toán bằng mã QR", "80%", "96%") in rows


def test_table_cut_by_a_page_break_is_one_table():
    head = ("Chỉ tiêu", "Kế hoạch", "Thực hiện")
    first = RawItem("", page=2, rows=(head, ("Tài khoản định danh", "90%", "93,7%"),
                                      ("Hồ sơ trực tuyến", "65%", "71,2%")))
    second = RawItem("", page=3, rows=(head, ("toàn trình", "", ""), ("Tổ dân phố có nhóm Zalo", "100%", "100%")))
    other = RawItem("", page=4, rows=(("A", "B"), ("1", "2")))
    merged = merge_split_tables([first, second, other])
    assert [m.rows for m in merged] == [
        (head, ("Tài khoản định danh", "90%", "93,7%"), ("Hồ sơ trực tuyến toàn trình", "65%", "71,2%"),
         ("Tổ dân phố có nhóm Zalo", "100%", "100%")),
        other.rows,  # another column count: another table
    ]
    # Text between the two tables (or the same page) keeps them apart.
    apart = [first, RawItem("Kết quả như trên.", page=3), second]
    assert len(merge_split_tables(apart)) == 3


def test_ocr_bulleted_cause_label_keeps_its_context():
    text = "5/ Về nguyên nhân:\n\n- Nguyên nhân khách quan: địa hình núi cao, bản ở rải rác.\n\n- Kinh phí còn thiếu.\n"
    blocks, _ = assemble(text_to_items(text, page=1, ocr=True), skip_front=False)
    sec = "5/ Về nguyên nhân:"
    assert _shape(blocks) == [
        ("heading", sec, ()),
        ("heading", "Nguyên nhân khách quan:", (sec,)),
        ("list_item", "địa hình núi cao, bản ở rải rác.", (sec, "Nguyên nhân khách quan:")),
        ("list_item", "Kinh phí còn thiếu.", (sec,)),
    ]
    # Known weight (DOCX/PDF): a plain "- Nguyên nhân …: …" item without bold stays an item.
    assert classify_line("- Nguyên nhân khách quan: địa hình núi cao.", bold=False).kind is LineKind.LIST_ITEM
