"""Word automatic numbering: labels rendered before heading/list classification."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from extractors.docx import read_docx
from extractors.numbering import NumberingState, bullet_marker, format_number
from tests.extractors.builders import add_closing, add_header
from tonghop.models import BlockKind

W = nsdecls("w")


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}<w:lvlJc w:val="left"/></w:lvl>'
    )


# abstract 10: the outline of a report (I. / 1. / a)); 11: a bullet list ("-" then "+");
# 12: numbering carried by Heading 1/2 styles (1. / 1.1.).
ABSTRACTS = (
    f'<w:abstractNum {W} w:abstractNumId="10">'
    + _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2.") + _lvl(2, "lowerLetter", "%3)")
    + "</w:abstractNum>",
    f'<w:abstractNum {W} w:abstractNumId="11">'
    + _lvl(0, "bullet", "-") + _lvl(1, "bullet", "+") + _lvl(2, "bullet", "\uf0b7")
    + "</w:abstractNum>",
    f'<w:abstractNum {W} w:abstractNumId="12">'
    + _lvl(0, "decimal", "%1.", extra='<w:pStyle w:val="Heading1"/>')
    + _lvl(1, "decimal", "%1.%2.", extra='<w:pStyle w:val="Heading2"/>')
    + "</w:abstractNum>",
)
NUMS = (
    f'<w:num {W} w:numId="1"><w:abstractNumId w:val="10"/></w:num>',
    f'<w:num {W} w:numId="2"><w:abstractNumId w:val="11"/></w:num>',
    f'<w:num {W} w:numId="3"><w:abstractNumId w:val="12"/></w:num>',
    # a restarted copy of the outline list, starting its level 0 at III
    f'<w:num {W} w:numId="4"><w:abstractNumId w:val="10"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>',
)


def _install_numbering(doc) -> None:
    root = doc.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    for xml in (*ABSTRACTS, *NUMS):
        root.append(parse_xml(xml))


def _num_pr(num_id: str | None, ilvl: int | None):
    num = OxmlElement("w:numPr")
    if ilvl is not None:
        el = OxmlElement("w:ilvl")
        el.set(qn("w:val"), str(ilvl))
        num.append(el)
    if num_id is not None:
        el = OxmlElement("w:numId")
        el.set(qn("w:val"), num_id)
        num.append(el)
    return num


def numbered(doc, text: str, num_id: str, ilvl: int, *, bold: bool = False, style: str | None = None):
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text).bold = bold
    p._p.get_or_add_pPr().insert(0, _num_pr(num_id, ilvl))
    return p


def _outline_docx(path: Path) -> Path:
    doc = Document()
    _install_numbering(doc)
    add_header(doc)
    doc.add_paragraph("Thực hiện hướng dẫn của Ban Tuyên giáo Tỉnh ủy, Huyện ủy báo cáo như sau:")
    numbered(doc, "KẾT QUẢ THỰC HIỆN", "1", 0, bold=True)
    numbered(doc, "Công tác tuyên truyền, quán triệt", "1", 1, bold=True)
    numbered(doc, "Đã tổ chức 12 hội nghị quán triệt cho cán bộ chủ chốt.", "2", 0)
    numbered(doc, "Về hệ thống truyền thanh cơ sở", "1", 2)
    numbered(doc, "Kết quả đạt được:", "2", 0, bold=True)
    numbered(doc, "Có 18/20 xã có đài truyền thanh hoạt động thường xuyên.", "2", 1)
    numbered(doc, "Về bảng tin", "1", 2)
    numbered(doc, "", "1", 1)  # an empty numbered paragraph still takes "2."
    numbered(doc, "Ứng dụng công nghệ thông tin", "1", 1, bold=True)
    numbered(doc, "Về cổng thông tin điện tử", "1", 2)
    numbered(doc, "HẠN CHẾ, NGUYÊN NHÂN", "1", 0, bold=True)
    numbered(doc, "Hạn chế", "1", 1, bold=True)
    doc.add_paragraph("Một số xã chưa bố trí đủ kinh phí cho hoạt động thông tin cơ sở.")
    numbered(doc, "PHƯƠNG HƯỚNG THỜI GIAN TỚI", "4", 0, bold=True)
    numbered(doc, "Tăng cường ứng dụng công nghệ số", "4", 1, bold=True)
    add_closing(doc)
    doc.save(str(path))
    return path


def _blocks(path: Path):
    return [(b.kind, b.text, b.heading_path, b.level) for b in read_docx(path).blocks]


def test_outline_numbering_becomes_typed_headings(tmp_path):
    doc = read_docx(_outline_docx(tmp_path / "outline.docx"))
    H, L, P = BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.PARAGRAPH
    i, i1 = "I. KẾT QUẢ THỰC HIỆN", "1. Công tác tuyên truyền, quán triệt"
    i2 = "3. Ứng dụng công nghệ thông tin"
    ii, ii1 = "II. HẠN CHẾ, NGUYÊN NHÂN", "1. Hạn chế"
    iii = "III. PHƯƠNG HƯỚNG THỜI GIAN TỚI"
    body = [(b.kind, b.text, b.heading_path, b.level) for b in doc.blocks if b.heading_path[:1] != ("Nơi nhận",)
            and b.heading_path[:1] != ("Chữ ký",)]
    assert body == [
        (P, "Thực hiện hướng dẫn của Ban Tuyên giáo Tỉnh ủy, Huyện ủy báo cáo như sau:", (), None),
        (H, i, (), 1),
        (H, i1, (i,), 2),
        (L, "Đã tổ chức 12 hội nghị quán triệt cho cán bộ chủ chốt.", (i, i1), None),
        (H, "a) Về hệ thống truyền thanh cơ sở", (i, i1), 3),
        (H, "- Kết quả đạt được:", (i, i1, "a) Về hệ thống truyền thanh cơ sở"), 4),
        (L, "Có 18/20 xã có đài truyền thanh hoạt động thường xuyên.",
         (i, i1, "a) Về hệ thống truyền thanh cơ sở", "- Kết quả đạt được:"), None),
        (H, "b) Về bảng tin", (i, i1), 3),
        (H, i2, (i,), 2),
        (H, "a) Về cổng thông tin điện tử", (i, i2), 3),
        (H, ii, (), 1),
        (H, ii1, (ii,), 2),
        (P, "Một số xã chưa bố trí đủ kinh phí cho hoạt động thông tin cơ sở.", (ii, ii1), None),
        (H, iii, (), 1),
        (H, "1. Tăng cường ứng dụng công nghệ số", (iii,), 2),
    ]
    by_text = {b.text: b for b in doc.blocks}
    # List markers leave the item text but stay in raw_text, as for typed markers.
    assert by_text["Đã tổ chức 12 hội nghị quán triệt cho cán bộ chủ chốt."].raw_text.startswith("- Đã tổ chức")
    assert by_text["Có 18/20 xã có đài truyền thanh hoạt động thường xuyên."].raw_text.startswith("+ Có 18/20")
    assert by_text[i].raw_text == i
    assert doc.meta.unit_name and "TÂN LẬP" in doc.meta.unit_name


def _heading_styles_docx(path: Path) -> Path:
    doc = Document()
    _install_numbering(doc)
    styles = doc.styles
    styles["Heading 1"].element.get_or_add_pPr().insert(0, _num_pr("3", None))  # level from w:pStyle
    styles["Heading 2"].element.get_or_add_pPr().insert(0, _num_pr("3", 1))
    add_header(doc)
    doc.add_heading("Kết quả đạt được", level=1)
    doc.add_heading("Công tác quán triệt", level=2)
    doc.add_paragraph("Các cấp ủy đã tổ chức quán triệt đầy đủ nội dung Chỉ thị.")
    doc.add_heading("Củng cố hệ thống truyền thanh", level=2)
    doc.add_heading("Hạn chế", level=1)
    doc.add_heading("Nguyên nhân của hạn chế", level=2)
    p = doc.add_heading("Phụ lục số liệu", level=1)
    p._p.get_or_add_pPr().insert(0, _num_pr("0", None))  # numbering switched off on this one
    doc.save(str(path))
    return path


def test_heading_styles_with_numbering(tmp_path):
    doc = read_docx(_heading_styles_docx(tmp_path / "styles.docx"))
    got = [(b.kind, b.text, b.heading_path, b.level) for b in doc.blocks]
    H, P = BlockKind.HEADING, BlockKind.PARAGRAPH
    one, two = "1. Kết quả đạt được", "2. Hạn chế"
    assert got == [
        (H, one, (), 1),
        (H, "1.1. Công tác quán triệt", (one,), 2),
        (P, "Các cấp ủy đã tổ chức quán triệt đầy đủ nội dung Chỉ thị.", (one, "1.1. Công tác quán triệt"), None),
        (H, "1.2. Củng cố hệ thống truyền thanh", (one,), 2),
        (H, two, (), 1),
        (H, "2.1. Nguyên nhân của hạn chế", (two,), 2),
        (H, "Phụ lục số liệu", (), 1),
    ]


def test_numbered_cells_in_tables_keep_their_labels(tmp_path):
    doc = Document()
    _install_numbering(doc)
    add_header(doc)
    doc.add_paragraph("Kết quả cụ thể như sau:")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Nội dung"
    table.cell(0, 1).text = "Kết quả"
    cell = table.cell(1, 0)
    cell.paragraphs[0].add_run("Hội nghị quán triệt")
    cell.paragraphs[0]._p.get_or_add_pPr().insert(0, _num_pr("2", 0))
    table.cell(1, 1).text = "12 hội nghị"
    path = tmp_path / "table.docx"
    doc.save(str(path))
    tables = [b for b in read_docx(path).blocks if b.kind is BlockKind.TABLE]
    assert tables[0].rows == (("Nội dung", "Kết quả"), ("- Hội nghị quán triệt", "12 hội nghị"))


def _state() -> NumberingState:
    root = parse_xml(f"<w:numbering {W}>" + "".join(a.replace(f" {W}", "") for a in ABSTRACTS)
                     + "".join(n.replace(f" {W}", "") for n in NUMS) + "</w:numbering>")
    return NumberingState.from_xml(root)


def test_counters_restart_lower_levels_and_override_start():
    s = _state()
    got = [s.label("1", 0), s.label("1", 1), s.label("1", 1), s.label("1", 2), s.label("1", 0), s.label("1", 1),
           s.label("1", 2), s.label("4", 0), s.label("4", 1), s.label("1", 0)]
    assert got == ["I.", "1.", "2.", "a)", "II.", "1.", "a)", "III.", "1.", "III."]
    assert s.label("0", 0) is None and s.label("99", 0) is None and s.label(None, 0) is None


@pytest.mark.parametrize(
    ("n", "fmt", "want"),
    [(4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (3, "lowerLetter", "c"), (27, "upperLetter", "AA"),
     (7, "decimalZero", "07"), (12, "decimal", "12"), (5, "vietnameseCounting", "5"), (2, "none", "")],
)
def test_format_number(n, fmt, want):
    assert format_number(n, fmt) == want


@pytest.mark.parametrize(("text", "want"), [("\uf0b7", "•"), ("-", "-"), ("+", "+"), ("o", "◦"), ("\uf0a7", "▪"),
                                            ("\uf0d8", "➢"), ("", "•")])
def test_bullet_marker(text, want):
    assert bullet_marker(text) == want


def test_legal_numbering_and_hidden_and_lvl_restart():
    xml = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">'
        + _lvl(0, "upperRoman", "%1.")
        + _lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")
        + _lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="0"/>')
        + _lvl(3, "decimal", "%4.", extra='<w:rPr><w:vanish/></w:rPr>')
        + '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    s = NumberingState.from_xml(parse_xml(xml))
    assert [s.label("5", 0), s.label("5", 1), s.label("5", 2), s.label("5", 0), s.label("5", 1), s.label("5", 2)] \
        == ["I.", "1.1.", "1.", "II.", "2.1.", "2."]
    assert s.label("5", 3) == ""
