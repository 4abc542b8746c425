"""The synthesis as an editable Word file in the Vietnamese administrative layout.

A4, Times New Roman 14 (tables 12), the header block (issuer left, "ĐẢNG CỘNG SẢN VIỆT NAM"
right, place and date line), "BÁO CÁO" and subject, the campaign outline as numbered headings
(Word's Heading 1/2 styles, so the navigation pane works), quotes in italics with real Word
footnotes giving their source (plus the "Nguồn trích dẫn" list at the end, numbered as in the
HTML and Markdown versions), figure tables and the coverage annex.
The package is rewritten with fixed zip dates and fixed core properties, so the same
synthesis gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from reports import common
from reports.model import FigureTotal, Synthesis

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
_FIXED_TIME = datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _font(run, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    """What a run changes from the Normal style: size, bold, italic. The typeface and colour
    come from the styles (_style_font): setting them on every run took ~12 s at 1,000 reports."""
    f = run.font
    if size != BODY_PT:
        f.size = Pt(size)
    if bold:
        f.bold = True
    if italic:
        f.italic = True


_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _rfonts(rpr) -> None:
    """Times New Roman for every script, theme fonts removed (Word prefers them if present)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in _THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def _style_font(style_or_run, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    f = style_or_run.font
    f.name = FONT
    f.size = Pt(size)
    f.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    _rfonts(style_or_run.element.get_or_add_rPr())


def _para(
    doc,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=BODY_PT,
    align=None,
    indent_cm=None,
    space_after=4,
    first_line_cm=None,
):
    p = doc.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic)
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_after = Pt(space_after)
    pf.space_before = Pt(0)
    if indent_cm is not None:
        pf.left_indent = Cm(indent_cm)
    if first_line_cm is not None:
        pf.first_line_indent = Cm(first_line_cm)
    return p


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.append(borders)


def _widths(table, widths_cm: tuple[float, ...]) -> None:
    """Column widths in both places: Word reads the cells, LibreOffice the table grid."""
    table.autofit = False
    for j, w in enumerate(widths_cm):
        table.columns[j].width = Cm(w)
        for cell in table.columns[j].cells:
            cell.width = Cm(w)


def _cell_text(cell, text: str, *, bold=False, italic=False, size=TABLE_PT, align=None) -> None:
    p = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        para = p if i == 0 else cell.add_paragraph()
        if line:
            _font(para.add_run(line), size, bold, italic)
        if align is not None:
            para.alignment = align
        para.paragraph_format.space_after = Pt(0)


def _grid(doc, headers: tuple[str, ...], rows: list[tuple[str, ...]], widths_cm: tuple[float, ...]) -> None:
    """A bordered table. Data rows are copies of one formatted row with their texts set:
    python-docx's add_row and cell calls took ~4 s for the 500-unit coverage table."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, h in enumerate(headers):
        _cell_text(table.rows[0].cells[j], h, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if rows:
        template = table.add_row()
        for cell in template.cells:
            _cell_text(cell, "x")
    _widths(table, widths_cm)
    if rows:
        tr = template._tr
        tbl = tr.getparent()
        tbl.remove(tr)
        for row in rows:
            copy = deepcopy(tr)
            tbl.append(copy)
            for j, tc in enumerate(copy.tc_lst):
                value = row[j] if j < len(row) else ""
                r = tc.p_lst[0].r_lst[0]
                if value and not any(c in value for c in "\n\t\r"):
                    t = r.find(qn("w:t"))
                    t.text = value
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                else:  # several lines or nothing: the general path
                    r.getparent().remove(r)
                    if value:
                        _cell_text(_Cell(tc, table), value)
    _para(doc, space_after=2)


def _header_block(doc, s: Synthesis) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (6.5, 9.5))
    left, right = table.rows[0].cells
    lines = common.left_header(s)
    for i, line in enumerate(lines):
        para = left.paragraphs[0] if i == 0 else left.add_paragraph()
        _font(para.add_run(line), 13, bold=line == s.issuer)  # the issuing body in bold, its parent not
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
    para = right.paragraphs[0]
    run = para.add_run(common.RIGHT_HEADER)
    _font(run, 14, bold=True)
    run.font.underline = True
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para = right.add_paragraph()
    _font(para.add_run(common.date_line(s)), 14, italic=True)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = Pt(6)


def _heading(doc, text: str, level: int) -> None:
    p = doc.add_heading(level=min(level, 3))
    _font(p.add_run(text), BODY_PT, bold=True, italic=level >= 2)
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(4)
    p.paragraph_format.keep_with_next = True


def _figures(doc, figures: tuple[FigureTotal, ...]) -> None:
    _grid(doc, common.FIGURE_HEADERS, common.figures_table_rows(figures), (4.2, 3.6, 3.6, 1.6, 3.0))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class _Footnotes:
    """Real Word footnotes (python-docx has no API for them): references in the body, the
    texts in word/footnotes.xml. Word and LibreOffice number them and print them at the foot
    of the page, and they follow a quote when the editor copies it elsewhere."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, paragraph, text: str) -> int:
        self.texts.append(text)
        n = len(self.texts)
        run = paragraph.add_run()
        _font(run, BODY_PT)
        run.font.superscript = True
        ref = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(n)})
        run._r.append(ref)
        return n

    def attach(self, doc) -> None:
        if not self.texts:
            return
        size = str(2 * (TABLE_PT - 1))
        spacing = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        rfonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        notes = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            "</w:p></w:footnote>",
        ]
        for n, text in enumerate(self.texts, 1):
            notes.append(
                f'<w:footnote w:id="{n}"><w:p><w:pPr>{spacing}</w:pPr>'
                f'<w:r><w:rPr>{rfonts}<w:vertAlign w:val="superscript"/><w:sz w:val="{size}"/></w:rPr>'
                f"<w:footnoteRef/></w:r>"
                f'<w:r><w:rPr>{rfonts}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t>'
                f"</w:r></w:p></w:footnote>"
            )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">'
            + "".join(notes)
            + "</w:footnotes>"
        )
        part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, xml.encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)


def _superscript(p, text: str) -> None:
    run = p.add_run(text)
    _font(run, BODY_PT - 2)
    run.font.superscript = True


def build_document(s: Synthesis):
    """A python-docx Document of the synthesis (kept inside this module: never passed on)."""
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if default_rpr is not None:
        _rfonts(default_rpr)
    _style_font(doc.styles["Normal"], BODY_PT)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        _style_font(doc.styles[name], BODY_PT, bold=True)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    props = doc.core_properties
    props.title = s.report_subject
    props.subject = s.name
    props.author = "tonghop"
    props.last_modified_by = "tonghop"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    props.comments = ""
    props.keywords = s.campaign_id

    refs = common.number_quotes(s)
    footnotes = _Footnotes()
    _header_block(doc, s)
    _para(doc, space_after=6)
    _para(doc, s.report_title, bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, s.report_subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
    _para(doc, common.DRAFT_NOTE, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    _para(doc, s.coverage.headline, italic=True, first_line_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    for section in s.sections:
        _heading(doc, common.section_heading(section), section.level)
        if section.category is None:
            continue
        if not section.themes:
            _para(doc, common.NO_THEMES, italic=True, first_line_cm=1.0)
        for k, theme in enumerate(common.shared_themes(section), 1):
            p = _para(doc, first_line_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=2)
            _font(p.add_run(f"{common.theme_number(section, k)} {theme.label}"), BODY_PT, bold=True)
            _font(p.add_run(f" — {common.theme_units(theme)}."), BODY_PT)
            for q in theme.quotes:
                p = _para(doc, indent_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=2)
                _font(p.add_run(f"“{q.text}”"), BODY_PT, italic=True)
                footnotes.add(p, _footnote_text(q, refs[common.quote_key(q)]))
                _font(p.add_run(f" ({q.citation})"), BODY_PT - 1)
        own = common.own_themes(section)
        if own:
            _para(doc, f"{common.OWN_VIEWS_TITLE}:", italic=True, first_line_cm=1.0, space_after=2)
            for theme in own:
                unit, text = common.own_view_text(theme)
                q = theme.quotes[0]
                p = _para(doc, indent_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=1)
                _font(p.add_run("- "), BODY_PT - 1)
                _font(p.add_run(f"{unit}: "), BODY_PT - 1, bold=True)
                _font(p.add_run(text), BODY_PT - 1, italic=True)
                footnotes.add(p, _footnote_text(q, refs[common.quote_key(q)]))
                _font(p.add_run(f" ({q.file_name}" + (f", {q.location})" if q.location else ")")), BODY_PT - 2)
        if section.figures:
            _para(
                doc,
                common.SECTION_FIGURES_NOTE,
                italic=True,
                first_line_cm=1.0,
                space_after=2,
            )
            _figures(doc, section.figures)

    _heading(doc, common.FIGURES_TITLE, 1)
    _para(doc, common.FIGURES_NOTE, italic=True, size=12, first_line_cm=1.0)
    if s.figures:
        _figures(doc, s.figures)
        for ft in s.figures:
            _para(
                doc,
                f"{common.figure_label(ft)}: {common.format_total(ft)}",
                bold=True,
                size=13,
                space_after=2,
            )
            _grid(doc, common.UNIT_FIGURE_HEADERS, common.unit_figure_rows(ft), (6.0, 3.5, 6.5))
    else:
        _para(doc, "Chưa có số liệu.", italic=True)

    _heading(doc, common.COVERAGE_TITLE, 1)
    _para(doc, s.coverage.headline, italic=True, size=13)
    _grid(doc, common.COVERAGE_HEADERS, common.coverage_rows(s), (1.0, 4.5, 2.5, 3.5, 4.5))
    if s.coverage.rejected:
        _para(doc, "Tệp bị từ chối", bold=True, size=13, space_after=2)
        _grid(doc, common.REJECTED_HEADERS, common.rejected_rows(s), (1.0, 4.0, 4.0, 7.0))

    _heading(doc, common.SOURCES_TITLE, 1)
    _para(doc, common.SOURCES_NOTE, italic=True, size=12, first_line_cm=1.0)
    for q in common.quotes_in_order(s):
        n = refs[common.quote_key(q)]
        p = _para(doc, size=12, space_after=1, indent_cm=0.5)
        _superscript(p, f"[{n}]")
        _font(p.add_run(f" {q.citation}; mã tài liệu {q.doc_id}, câu {q.sentence_seq}."), 12)
    footnotes.attach(doc)
    return doc


def _footnote_text(q, n: int) -> str:
    """What the foot of the page says about a quote: where to find it, and its entry [n] in the list."""
    heading = " > ".join(q.heading_path)
    text = q.citation + (f" ({heading})" if heading and q.page is not None else "")
    return f"{text}; mã tài liệu {q.doc_id}, câu {q.sentence_seq} [{n}]."


def _normalise_zip(data: bytes) -> bytes:
    """Same parts, same order, fixed dates: Word files built twice are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def render_docx(s: Synthesis) -> bytes:
    buf = io.BytesIO()
    build_document(s).save(buf)
    return _normalise_zip(buf.getvalue())


def write_docx(s: Synthesis, path: Path) -> Path:
    path.write_bytes(render_docx(s))
    return path
