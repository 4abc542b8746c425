"""Word automatic numbering: labels rendered before heading/list classification."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.docx import read_docx
from extractors.headings import classify_line
from extractors.numbering import NumberingState, bullet_marker, format_number
from tests.extractors.builders import add_closing, add_header
from tonghop.models import BlockKind, Format

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


H, L, P = BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.PARAGRAPH
_I, _I1, _I3 = "I. KẾT QUẢ THỰC HIỆN", "1. Công tác tuyên truyền, quán triệt", "3. Ứng dụng công nghệ thông tin"
_II, _II1, _III = "II. HẠN CHẾ, NGUYÊN NHÂN", "1. Hạn chế", "III. PHƯƠNG HƯỚNG THỜI GIAN TỚI"
_A = "a) Về hệ thống truyền thanh cơ sở"
OUTLINE_BODY = [
    (P, "Thực hiện hướng dẫn của Ban Tuyên giáo Tỉnh ủy, Huyện ủy báo cáo như sau:", (), None),
    (H, _I, (), 1),
    (H, _I1, (_I,), 2),
    (L, "Đã tổ chức 12 hội nghị quán triệt cho cán bộ chủ chốt.", (_I, _I1), None),
    (H, _A, (_I, _I1), 3),
    (H, "- Kết quả đạt được:", (_I, _I1, _A), 4),
    (L, "Có 18/20 xã có đài truyền thanh hoạt động thường xuyên.", (_I, _I1, _A, "- Kết quả đạt được:"), None),
    (H, "b) Về bảng tin", (_I, _I1), 3),
    (H, _I3, (_I,), 2),  # "2." went to the empty numbered paragraph, as Word counts it
    (H, "a) Về cổng thông tin điện tử", (_I, _I3), 3),
    (H, _II, (), 1),
    (H, _II1, (_II,), 2),
    (P, "Một số xã chưa bố trí đủ kinh phí cho hoạt động thông tin cơ sở.", (_II, _II1), None),
    (H, _III, (), 1),
    (H, "1. Tăng cường ứng dụng công nghệ số", (_III,), 2),
]


def _body(doc):
    return [(b.kind, b.text, b.heading_path, b.level) for b in doc.blocks
            if b.heading_path[:1] not in (("Nơi nhận",), ("Chữ ký",))]


def test_outline_numbering_becomes_typed_headings(tmp_path):
    doc = read_docx(_outline_docx(tmp_path / "outline.docx"))
    assert _body(doc) == OUTLINE_BODY
    by_text = {b.text: b for b in doc.blocks}
    # List markers leave the item text but stay in raw_text, as for typed markers.
    assert by_text["Đã tổ chức 12 hội nghị quán triệt cho cán bộ chủ chốt."].raw_text.startswith("- Đã tổ chức")
    assert by_text["Có 18/20 xã có đài truyền thanh hoạt động thường xuyên."].raw_text.startswith("+ Có 18/20")
    assert by_text[_I].raw_text == _I
    assert doc.meta.unit_name and "TÂN LẬP" in doc.meta.unit_name


def test_without_numbering_the_outline_is_lost(tmp_path):
    """The baseline the feature fixes: the same file with numbering.xml emptied."""
    path = _outline_docx(tmp_path / "outline.docx")
    doc = Document(str(path))
    root = doc.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    doc.save(str(path))
    assert not [b for b in read_docx(path).blocks if b.kind is H and b.text.startswith(("I.", "II."))]


@pytest.mark.integration
def test_numbering_survives_a_libreoffice_doc_round_trip(tmp_path):
    """Legacy .doc files reach the DOCX reader through LibreOffice: its numbering.xml works too."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    src = _outline_docx(tmp_path / "outline.docx")
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    doc = extract(out / "outline.doc")
    assert doc.format is Format.DOC
    assert _body(doc) == OUTLINE_BODY


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
           s.label("1", 2), s.label("4", 0), s.label("4", 1), s.label("1", 0), s.label("4", 0)]
    # numId 4 restarts the shared list at III once; both nums then continue the same count.
    assert got == ["I.", "1.", "2.", "a)", "II.", "1.", "a)", "III.", "1.", "IV.", "V."]
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


def test_list_style_link_uses_the_linked_levels():
    """`w:numStyleLink`: an abstractNum without levels borrows those of the list style's list."""
    xml = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="20"><w:styleLink w:val="OutlineList"/>'
        + _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2/")
        + '</w:abstractNum><w:abstractNum w:abstractNumId="21"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="21"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="20"/></w:num></w:numbering>'
    )
    s = NumberingState.from_xml(parse_xml(xml), {"OutlineList": "8"}.get)
    assert [s.label("7", 0), s.label("7", 1), s.label("7", 1), s.label("7", 0)] == ["I.", "1/", "2/", "II."]


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="3" style:num-format="a" style:num-suffix=")"/>
  </text:list-style>
  <text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="-"/></text:list-style>
  <style:style style:name="B" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="C" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p>HUYỆN ỦY TÂN LẬP</text:p><text:p>Số 112-BC/HU</text:p><text:p>Tân Lập, ngày 15 tháng 6 năm 2022</text:p>
  <text:p text:style-name="C">BÁO CÁO</text:p>
  <text:p text:style-name="C">sơ kết 05 năm thực hiện Chỉ thị số 07-CT/TW</text:p>
  <text:p>Huyện ủy báo cáo kết quả như sau:</text:p>
  <text:list text:style-name="L1">
   <text:list-item><text:p text:style-name="B">KẾT QUẢ THỰC HIỆN</text:p>
    <text:list>
     <text:list-item><text:p text:style-name="B">Công tác tuyên truyền</text:p>
      <text:list>
       <text:list-item><text:p>Về hệ thống loa truyền thanh</text:p></text:list-item>
       <text:list-item><text:p>Về bảng tin cơ sở</text:p></text:list-item>
      </text:list></text:list-item>
     <text:list-item><text:p text:style-name="B">Ứng dụng công nghệ số</text:p></text:list-item>
    </text:list></text:list-item>
   <text:list-item><text:p text:style-name="B">HẠN CHẾ, NGUYÊN NHÂN</text:p>
    <text:list><text:list-item><text:p text:style-name="B">Hạn chế</text:p></text:list-item></text:list>
   </text:list-item>
  </text:list>
  <text:list text:style-name="L2">
   <text:list-item><text:p>Một số xã chưa bố trí kinh phí cho đài truyền thanh.</text:p></text:list-item>
   <text:list-item><text:p>Bảng tin ở một số thôn chậm cập nhật.</text:p></text:list-item>
  </text:list>
 </office:text></office:body>
</office:document>
"""


@pytest.mark.integration
def test_libreoffice_numbering_from_an_odt(tmp_path):
    """An .odt with automatic numbering, saved as .docx by LibreOffice (its own numbering.xml:
    `w:suff` nothing, one abstractNum per list)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    src = tmp_path / "outline.fodt"
    src.write_text(_FODT, encoding="utf-8")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "docx", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    doc = read_docx(tmp_path / "outline.docx")
    i, i1, i2 = "I. KẾT QUẢ THỰC HIỆN", "1. Công tác tuyên truyền", "2. Ứng dụng công nghệ số"
    ii, ii1 = "II. HẠN CHẾ, NGUYÊN NHÂN", "1. Hạn chế"
    assert _body(doc) == [
        (P, "Huyện ủy báo cáo kết quả như sau:", (), None),
        (H, i, (), 1),
        (H, i1, (i,), 2),
        (H, "a) Về hệ thống loa truyền thanh", (i, i1), 3),
        (H, "b) Về bảng tin cơ sở", (i, i1), 3),
        (H, i2, (i,), 2),
        (H, ii, (), 1),
        (H, ii1, (ii,), 2),
        (L, "Một số xã chưa bố trí kinh phí cho đài truyền thanh.", (ii, ii1), None),
        (L, "Bảng tin ở một số thôn chậm cập nhật.", (ii, ii1), None),
    ]
    assert doc.meta.report_number == "Số 112-BC/HU"


_FMTS = ["decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "bullet", "none", "decimalZero", "x"]


@settings(max_examples=60, deadline=None)
@given(
    levels=st.lists(st.tuples(st.sampled_from(_FMTS), st.text(alphabet="%123456789².)-²\uf0b7 ", max_size=8),
                              st.integers(-5, 10**12)), min_size=1, max_size=9),
    calls=st.lists(st.tuples(st.sampled_from(["1", "2", "0", "x"]), st.integers(-3, 12)), max_size=30),
)
def test_hostile_numbering_never_raises(levels, calls):
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    xml = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{lvls}</w:abstractNum>'
           '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
           '<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
           '<w:startOverride w:val="99999999999"/></w:lvlOverride></w:num></w:numbering>')
    s = NumberingState.from_xml(parse_xml(xml))
    for num_id, ilvl in calls:
        label = s.label(num_id, ilvl)
        assert label is None or (isinstance(label, str) and len(label) < 200)


def test_vertically_merged_numbered_cell_counts_once(tmp_path):
    doc = Document()
    _install_numbering(doc)
    add_header(doc)
    doc.add_paragraph("Kết quả cụ thể như sau:")
    table = doc.add_table(rows=3, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.paragraphs[0].add_run("Hội nghị")
    merged.paragraphs[0]._p.get_or_add_pPr().insert(0, _num_pr("1", 1))
    after = table.cell(2, 0).paragraphs[0]
    after.add_run("Tài liệu")
    after._p.get_or_add_pPr().insert(0, _num_pr("1", 1))
    path = tmp_path / "merged.docx"
    doc.save(str(path))
    rows = next(b for b in read_docx(path).blocks if b.kind is BlockKind.TABLE).rows
    assert [r[0] for r in rows] == ["1. Hội nghị", "1. Hội nghị", "2. Tài liệu"]


@pytest.mark.parametrize(
    ("line", "kind", "body"),
    [
        ("ii. Tổ chức 4 lớp bồi dưỡng cho cán bộ thông tin cơ sở.", "list_item",
         "Tổ chức 4 lớp bồi dưỡng cho cán bộ thông tin cơ sở."),
        ("iv) Một số thôn chưa có bảng tin", "list_item", "Một số thôn chưa có bảng tin"),
        ("vi phạm quy định về thông tin cơ sở.", "paragraph", "vi phạm quy định về thông tin cơ sở."),
    ],
)
def test_lower_roman_labels_are_items(line, kind, body):
    """Word's default outline list writes its third level as "i.", "ii.", "iii."."""
    info = classify_line(line)
    assert (info.kind.value, info.body) == (kind, body)
