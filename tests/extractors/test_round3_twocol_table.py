"""Round 3: a two-column page cut by a full-width table keeps its columns apart.

The bench's "twocol" render of hoi-nong-dan-ct07 put a table across both columns; the
columns were then read line by line across the gutter. The page here has columns above
the table and columns with a different gutter below it.
"""

from __future__ import annotations

from pathlib import Path

from extractors import pdf
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



def _words(text: str, x: float, top: float) -> list[dict]:
    """pdfplumber-like word dicts of one line at 12 pt, 5.5 pt per character."""
    out = []
    for w in text.split():
        out.append({"text": w, "x0": x, "x1": x + 5.5 * len(w), "top": top, "bottom": top + 12,
                    "size": 12.0, "fontname": "Times-Bold" if w in ("Đơn", "vị") else "Times"})
        x += 5.5 * len(w) + 3
    return out


LEFT = "Hội đã tổ chức tuyên truyền trên đài xã"
RIGHT = "Chất lượng tin bài do cơ sở gửi còn thấp"


def test_table_cell_spilling_past_the_gutter_is_kept_out_of_the_columns():
    """hoi-nong-dan-ct07 "twocol" page 2: the header row of a table at the foot of the left
    column ("TT | Nội dung | Đơn vị") ran past the table's ruled edge, two points short of
    the left column's right edge; the columns were then read across, line by line."""
    left_end = _words(LEFT, 85, 0)[-1]["x1"]
    words: list[dict] = []
    for i in range(12):
        words += _words(LEFT, 85, 60 + 18 * i)
        words += _words(RIGHT, left_end + 14, 60 + 18 * i)  # a gutter of 14 pt
    table = (80.0, 60 + 18 * 12 - 2, left_end + 10, 60 + 18 * 12 + 14)
    spill = _words("Đơn vị", left_end + 2, 60 + 18 * 12)
    page = words + spill
    dropped = pdf._table_spill(page, [table])
    assert {page[i]["text"] for i in dropped} == {"Đơn", "vị"}
    kept = [w for i, w in enumerate(page) if i not in dropped]
    lines = pdf._layout_lines(kept, 595.0, 2, None, set(), [table])
    assert [ln.text for ln in lines if ln.column == 1] == [LEFT] * 12
    assert [ln.text for ln in lines if ln.column == 2] == [RIGHT] * 12
    # Left in the flow, the spill hides the gutter: the lines are read across both columns.
    across = pdf._layout_lines(page, 595.0, 2, None, set())
    assert any(LEFT in ln.text and RIGHT in ln.text for ln in across)
