"""Round 3: a two-column page cut by a full-width table keeps its columns apart.

The bench's "twocol" render of hoi-nong-dan-ct07 put a table across both columns; the
columns were then read line by line across the gutter. The page here has columns above
the table and columns with a different gutter below it.
"""

from __future__ import annotations

from pathlib import Path

from extractors.pdf import read_pdf
from tests.extractors.builders import FONT_DIR

ABOVE_LEFT = (
    "Các chi hội đã tổ chức sinh hoạt chuyên đề về thông tin cơ sở, lồng ghép nội dung "
    "tuyên truyền vào các buổi họp thôn và các lớp chuyển giao kỹ thuật trồng trọt."
)
ABOVE_RIGHT = (
    "Bản tin nông dân được phát hành đều đặn mỗi quý, mỗi số in hai nghìn bản gửi đến tận "
    "chi hội để cán bộ đọc cho hội viên trong các buổi sinh hoạt định kỳ."
)
BELOW_LEFT = (
    "Kinh phí dành cho công tác tuyên truyền ở cơ sở còn hạn hẹp, nhiều chi hội phải tự "
    "vận động hội viên đóng góp để mua loa cầm tay và sửa chữa bảng tin của thôn."
)
BELOW_RIGHT = (
    "Đội ngũ cán bộ chi hội phần lớn lớn tuổi, ít sử dụng điện thoại thông minh nên việc "
    "gửi tin bài qua mạng xã hội còn chậm, chưa đáp ứng yêu cầu nhiệm vụ."
)


def _page(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font("serif", "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("serif", "", 12)

    def column(x: float, y: float, w: float, text: str) -> None:
        pdf.set_xy(x, y)
        pdf.multi_cell(w, 6, text)

    # Above the table: gutter near x = 100 mm.
    column(15, 20, 80, ABOVE_LEFT)
    column(105, 20, 90, ABOVE_RIGHT)
    # Full-width ruled table.
    pdf.set_xy(15, 70)
    with pdf.table(col_widths=(15, 110, 55), width=180) as table:
        for row in (("TT", "Nội dung", "Số lượng"), ("1", "Hội nghị quán triệt", "11"),
                    ("2", "Buổi tuyên truyền tại chi hội", "1.860")):
            r = table.row()
            for cell in row:
                r.cell(cell)
    # Below the table: gutter near x = 125 mm (left column wider).
    column(15, 110, 100, BELOW_LEFT)
    column(130, 110, 65, BELOW_RIGHT)
    pdf.output(str(path))
    return path


def test_columns_above_and_below_a_wide_table_are_read_apart(tmp_path):
    doc = read_pdf(_page(tmp_path / "twocol_table.pdf"))
    paras = [b.text for b in doc.blocks if b.kind.value == "paragraph"]
    for text in (ABOVE_LEFT, ABOVE_RIGHT, BELOW_LEFT, BELOW_RIGHT):
        assert any(text in p for p in paras), (text, paras)
    order = [next(i for i, p in enumerate(paras) if t in p)
             for t in (ABOVE_LEFT, ABOVE_RIGHT, BELOW_LEFT, BELOW_RIGHT)]
    assert order == sorted(order)
    tables = [b for b in doc.blocks if b.kind.value == "table"]
    assert len(tables) == 1 and "Buổi tuyên truyền tại chi hội" in tables[0].text


LEFT_LINES = [
    "Hội đã phối hợp với đài truyền thanh xã",
    "đưa tin về giá nông sản, lịch thời vụ và",
    "chính sách hỗ trợ cho hội viên nông dân",
    "ở các thôn vùng sâu, vùng xa của tỉnh và",
    "giới thiệu gương nông dân sản xuất giỏi,",
    "mô hình liên kết tiêu thụ rau màu, vải,",
    "nhãn cho các hợp tác xã trong huyện để",
    "hội viên học tập, làm theo trong năm qua.",
]
RIGHT_LINES = [
    "Chất lượng tin, bài do cán bộ Hội cơ sở",
    "gửi đài truyền thanh chưa cao, nhiều tin",
    "chỉ là thông báo ngắn, thiếu hình ảnh và",
    "chưa phản ánh được gương người tốt, việc",
    "tốt ở cơ sở. Kinh phí hoạt động của Hội",
    "cơ sở rất eo hẹp, không có khoản riêng",
    "cho công tác tuyên truyền nên nhiều nơi",
    "chỉ duy trì được bảng tin ở nhà văn hóa.",
]


def _spilling_table_page(path: Path) -> Path:
    """Two columns; at the foot of the left column a ruled table row whose last cell's
    text runs past the table's right edge into the gutter (as LibreOffice drew the
    hoi-nong-dan-ct07 "twocol" render)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("serif", "", 12)
    widest = max(pdf.get_string_width(t) for t in LEFT_LINES)
    for i, (left, right) in enumerate(zip(LEFT_LINES, RIGHT_LINES, strict=True)):
        pdf.text(20, 30 + 7 * i, left)
        pdf.text(24 + widest, 30 + 7 * i, right)
    # The spill starts 0.7 mm right of the left column's widest line, inside the table, and
    # runs past its edge: the only empty strip left between the columns is 0.7 mm wide.
    top, xs = 30 + 7 * len(LEFT_LINES), (20, 35, 60, 23 + widest)
    for a, b in zip(xs, xs[1:], strict=False):
        pdf.rect(a, top, b - a, 8)
    pdf.text(22, top + 5.5, "TT")
    pdf.text(37, top + 5.5, "Nội dung")
    x = 20.7 + widest
    for word in ("Đơn", "vị", "tính"):
        pdf.text(x, top + 5.5, word)
        x += pdf.get_string_width(word) + 1.2
    pdf.output(str(path))
    return path


def test_table_text_spilling_over_the_gutter_does_not_merge_the_columns(tmp_path):
    doc = read_pdf(_spilling_table_page(tmp_path / "spill.pdf"))
    paras = [b.text for b in doc.blocks if b.kind.value == "paragraph"]
    assert " ".join(LEFT_LINES) in paras, paras
    assert " ".join(RIGHT_LINES) in paras, paras
    assert not any("vị tính" in b.text for b in doc.blocks if b.kind.value != "table")
