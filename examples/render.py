"""Render a report JSON (docs/architecture.md, "Report JSON") into the formats units send.

Why: extraction is tested by rendering one known text into every format we meet in the
inbox — DOCX, PDF, .doc, TCVN3 and VNI DOCX, an image-only scan, a two-column PDF and a PDF
whose text comes out as `(cid:N)` — and comparing what comes back with the source.

    python examples/render.py REPORT.json OUTDIR --formats docx,pdf,doc,tcvn3,vni,scan
    python examples/render.py REPORT.json OUTDIR --formats all --heading-styles

From Python: `render(report, out_dir, formats) -> {format: path}`; `expected_lines(report)`
gives the text in reading order for comparisons.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.doc import convert_to  # noqa: E402
from extractors.legacy import encode_tcvn3_segments, encode_vni  # noqa: E402

__all__ = [
    "FORMATS",
    "build_docx",
    "cer",
    "cid_pdf",
    "expected_lines",
    "expected_sentences",
    "legacy_pdf",
    "load_report",
    "read_docx_lines",
    "render",
    "scan_pdf",
    "sentence_cer",
]

FORMATS: dict[str, str] = {
    "docx": "{id}.docx",
    "docx_headings": "{id}.headings.docx",
    "pdf": "{id}.pdf",
    "doc": "{id}.doc",
    "tcvn3": "{id}.tcvn3.docx",
    "tcvn3_doc": "{id}.tcvn3.doc",
    "vni": "{id}.vni.docx",
    "scan": "{id}.scan.pdf",
    "twocol": "{id}.twocol.pdf",
    "cid": "{id}.cid.pdf",
    "tcvn3_pdf": "{id}.tcvn3.pdf",
    "vni_pdf": "{id}.vni.pdf",
}
"""Format name → output file name pattern."""

SERIF_TTF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
SERIF_BOLD_TTF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")


# --------------------------------------------------------------------------- text helpers
def load_report(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _sentences_text(block: dict) -> str:
    return " ".join(s["text"] for s in block.get("sentences", []))


def block_text(block: dict) -> str:
    """The visible text of one body block, as rendered (run-in heading and marker included)."""
    kind = block["type"]
    if kind == "heading":
        return block["text"]
    if kind == "paragraph":
        runin = block.get("runin")
        body = _sentences_text(block)
        return f"{runin} {body}" if runin else body
    if kind == "item":
        return f"{block.get('marker', '-')} {_sentences_text(block)}"
    if kind == "table":
        return "\n".join(" | ".join(row) for row in block["rows"])
    return ""


def expected_lines(report: dict) -> list[str]:
    """All visible text in reading order: header (left then right), title, body, closing."""
    h = report.get("header", {})
    lines: list[str] = []
    lines += [x for x in h.get("left", []) if x]
    if h.get("number"):
        lines.append(h["number"])
    lines += [x for x in h.get("right", []) if x]
    if h.get("place_date"):
        lines.append(h["place_date"])
    if h.get("doc_type"):
        lines.append(h["doc_type"])
    lines += h.get("subject", [])
    for block in report.get("body", []):
        lines += block_text(block).split("\n")
    closing = report.get("closing", {})
    lines += closing.get("recipients", [])
    lines += closing.get("signature", [])
    return [line for line in lines if line.strip()]


def expected_sentences(report: dict) -> list[str]:
    """The labelled body sentences only (what CER against the source is measured on)."""
    return [s["text"] for b in report.get("body", []) for s in b.get("sentences", [])]


# --------------------------------------------------------------------------- DOCX
class _Writer:
    """Writes runs in Unicode, TCVN3 (`.VnTime`/`.VnTimeH`) or VNI (`VNI-Times`)."""

    def __init__(self, encoding: str | None, base_size: float = 14) -> None:
        self.encoding = encoding
        self.base_size = base_size

    @property
    def font(self) -> str:
        return {"tcvn3": ".VnTime", "vni": "VNI-Times"}.get(self.encoding or "", "Times New Roman")

    @staticmethod
    def _set_font(run, name: str) -> None:
        run.font.name = name
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)

    def add(self, paragraph, text: str, *, bold: bool = False, italic: bool = False,
            size: float | None = None) -> None:
        pieces: list[tuple[str, str]]
        if self.encoding == "tcvn3":
            pieces = [(seg, ".VnTimeH" if cap else ".VnTime") for seg, cap in encode_tcvn3_segments(text)]
        elif self.encoding == "vni":
            pieces = [(encode_vni(text), "VNI-Times")]
        else:
            pieces = [(text, "Times New Roman")]
        for seg, font in pieces:
            run = paragraph.add_run(seg)
            self._set_font(run, font)
            run.bold = bold or None
            run.italic = italic or None
            run.font.size = Pt(size or self.base_size)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _para(cell_or_doc, align=None, space_after: float = 0):
    p = cell_or_doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    return p


def _first_para(cell, align=None):
    p = cell.paragraphs[0]
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _page_number_field(paragraph, writer: _Writer) -> None:
    """A PAGE field (what Word shows as the page number)."""
    run = paragraph.add_run()
    writer._set_font(run, "Times New Roman")
    for tag, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _set_columns(section, num: int) -> None:
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect_pr.append(cols)
    cols.set(qn("w:num"), str(num))
    cols.set(qn("w:space"), "567")


def _header_block(doc, report: dict, w: _Writer) -> None:
    h = report.get("header", {})
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    table.columns[0].width, table.columns[1].width = Cm(6.5), Cm(9.5)
    left_lines = [x for x in h.get("left", []) if x]
    issuer_idx = max((i for i, x in enumerate(left_lines) if x.strip() not in ("*", "-", "---")), default=-1)
    p = _first_para(left, WD_ALIGN_PARAGRAPH.CENTER)
    first = True
    for i, line in enumerate(left_lines):
        if not first:
            p = _para(left, WD_ALIGN_PARAGRAPH.CENTER)
        first = False
        w.add(p, line, bold=(i == issuer_idx), size=14)
    if h.get("number"):
        p = _para(left, WD_ALIGN_PARAGRAPH.CENTER) if not first else p
        w.add(p, h["number"], size=14)
    p = _first_para(right, WD_ALIGN_PARAGRAPH.CENTER)
    for i, line in enumerate(h.get("right", [])):
        if i:
            p = _para(right, WD_ALIGN_PARAGRAPH.CENTER)
        # ND 30: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" 12–13 pt; Party title 15 pt
        w.add(p, line, bold=True, size=(12 if len(line) > 25 else 15) if i == 0 else 14)
    if h.get("place_date"):
        p = _para(right, WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_before = Pt(6)
        w.add(p, h["place_date"], italic=True, size=14)
    _para(doc)
    if h.get("doc_type"):
        w.add(_para(doc, WD_ALIGN_PARAGRAPH.CENTER), h["doc_type"], bold=True, size=16)
    for line in h.get("subject", []):
        w.add(_para(doc, WD_ALIGN_PARAGRAPH.CENTER), line, bold=True, size=14)
    w.add(_para(doc, WD_ALIGN_PARAGRAPH.CENTER, space_after=6), "-----", size=14)


def _body(doc, report: dict, w: _Writer, heading_styles: bool) -> None:
    for block in report.get("body", []):
        kind = block["type"]
        if kind == "heading":
            level = int(block.get("level", 1))
            if heading_styles:
                p = doc.add_paragraph(style=f"Heading {min(level, 9)}")
                p.paragraph_format.space_after = Pt(6)
                w.add(p, block["text"], bold=True, size=14)
            else:
                p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
                p.paragraph_format.first_line_indent = Cm(1.0)
                w.add(p, block["text"], bold=True, italic=level >= 3, size=14)
        elif kind in ("paragraph", "item"):
            p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
            p.paragraph_format.first_line_indent = Cm(1.0)
            if kind == "item":
                w.add(p, f"{block.get('marker', '-')} ", size=14)
            elif block.get("runin"):
                w.add(p, block["runin"], bold=True, size=14)
                w.add(p, " ", size=14)
            w.add(p, _sentences_text(block), size=14)
        elif kind == "table":
            rows = block["rows"]
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            table.autofit = False
            widths = [Cm(1.2)] + [Cm(14.8 / max(ncols - 1, 1))] * (ncols - 1) if ncols > 1 else [Cm(16)]
            for c, col in enumerate(table.columns):
                col.width = widths[c]  # LibreOffice reads the grid, Word the cells: set both
            for r, row in enumerate(rows):
                for c in range(ncols):
                    cell = table.cell(r, c)
                    cell.width = widths[c]
                    text = row[c] if c < len(row) else ""
                    w.add(_first_para(cell, WD_ALIGN_PARAGRAPH.CENTER if r == 0 else None), text,
                          bold=(r == 0), size=13)
            _para(doc)


def _closing(doc, report: dict, w: _Writer) -> None:
    closing = report.get("closing", {})
    recipients, signature = closing.get("recipients", []), closing.get("signature", [])
    if not recipients and not signature:
        return
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    table.columns[0].width, table.columns[1].width = Cm(7.5), Cm(8.5)
    for i, line in enumerate(recipients):
        p = _first_para(left) if i == 0 else _para(left)
        w.add(p, line, bold=(i == 0), italic=(i == 0), size=12 if i == 0 else 11)
    for i, line in enumerate(signature):
        p = _first_para(right, WD_ALIGN_PARAGRAPH.CENTER) if i == 0 else _para(right, WD_ALIGN_PARAGRAPH.CENTER)
        if i == len(signature) - 1 and len(signature) > 1:
            p.paragraph_format.space_before = Pt(48)  # room for the signature and seal
        w.add(p, line, bold=True, size=14)


def build_docx(report: dict, path: Path, *, encoding: str | None = None,
               heading_styles: bool = False, two_column: bool = False) -> Path:
    """Write the report as a DOCX in the Party/state layout (Times New Roman 14, A4)."""
    w = _Writer(encoding)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    w._set_font(normal, w.font)  # styles are element proxies with `_element`, like runs
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header_p, w)
    footer_p = section.footer.paragraphs[0]
    footer_p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number_field(footer_p, w)

    _header_block(doc, report, w)
    if two_column:
        body_section = doc.add_section(WD_SECTION.CONTINUOUS)
        _set_columns(body_section, 2)
    _body(doc, report, w, heading_styles)
    if two_column:
        closing_section = doc.add_section(WD_SECTION.CONTINUOUS)
        _set_columns(closing_section, 1)
    _closing(doc, report, w)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# --------------------------------------------------------------------------- scan / cid PDFs
def scan_pdf(pdf: Path, out: Path, *, dpi: int = 300, angle: float = 0.7, noise: float = 0.02,
             seed: int = 7) -> Path:
    """Rasterise a PDF (pdftoppm), tilt, speckle and blur each page, write an image-only PDF."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="render_scan_") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True,
                       capture_output=True)
        pages = []
        for png in sorted(Path(tmp).glob("p*.pgm"), key=lambda p: int(re.sub(r"\D", "", p.stem))):
            img = Image.open(png).convert("L")
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            px = img.load()
            width, height = img.size
            for _ in range(int(width * height * noise / 10)):
                x, y = rng.randrange(width), rng.randrange(height)
                px[x, y] = rng.choice((0, 90, 200))
            pages.append(img)
        out.parent.mkdir(parents=True, exist_ok=True)
        pages[0].save(str(out), "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out


SERIF_ITALIC_TTF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf")
SERIF_BOLD_ITALIC_TTF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf")


def _fpdf_report(report: dict, pieces) -> bytes:
    """Lay the report out with fpdf2 like a Party/state document (header in two columns,
    centred title, indented paragraphs, "Nơi nhận" beside the signature).

    `pieces(text, bold)` → [(surface_text, family, style)] lets callers swap encodings/fonts.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_font("Serif", "", str(SERIF_TTF))
    pdf.add_font("Serif", "B", str(SERIF_BOLD_TTF))
    pdf.add_font("SerifH", "", str(SERIF_ITALIC_TTF))
    pdf.add_font("SerifH", "B", str(SERIF_BOLD_ITALIC_TTF))
    size, lh = 13, 6.5
    head_size = 12  # header cells: keep a visible gutter between the two columns

    def squeeze(text: str, bold: bool, parts) -> float:
        """Horizontal scaling that gives legacy text its Unicode width: in a real VNI font
        the mark glyphs have no advance width, so "THOÂNG" is as wide as "THÔNG"."""
        pdf.set_font("Serif", "B" if bold else "", size)
        target = pdf.get_string_width(text)
        actual = 0.0
        for seg, fam, style in parts:
            pdf.set_font(fam, style, size)
            actual += pdf.get_string_width(seg)
        return min(100.0, 100.0 * target / actual) if actual else 100.0

    def line(text: str, x: float, w: float, *, bold: bool = False, align: str = "C", fsize: float = 0) -> None:
        nonlocal size
        saved, size = size, (fsize or size)
        parts = pieces(text, bold)
        stretch = squeeze(text, bold, parts)
        pdf.set_stretching(stretch)
        widths = []
        for seg, fam, style in parts:
            pdf.set_font(fam, style, size)
            widths.append(pdf.get_string_width(seg))
        start = x + (w - sum(widths)) / 2 if align == "C" else x
        pdf.set_x(start)
        for (seg, fam, style), width in zip(parts, widths, strict=True):
            pdf.set_font(fam, style, size)
            pdf.cell(width + 0.01, lh, seg)
        pdf.set_stretching(100)
        pdf.ln(lh)
        size = saved

    def column(lines: list[tuple[str, bool]], x: float, w: float, y: float) -> float:
        pdf.set_y(y)
        for text, bold in lines:
            line(text, x, w, bold=bold, fsize=head_size)
        return pdf.get_y()

    def paragraph(text: str, *, bold: bool = False) -> None:
        parts = pieces(text, bold)
        pdf.set_stretching(squeeze(text, bold, parts))
        # text_columns wraps on whole words across font switches (a lone `.VnTimeH` capital
        # inside "Ủy" must not end a line), unlike successive write() calls
        with pdf.text_columns(text_align="J", line_height=1.15) as cols, cols.paragraph(
                first_line_indent=10, bottom_margin=2) as par:
            for seg, fam, style in parts:
                pdf.set_font(fam, style, size)
                par.write(seg)
        pdf.set_stretching(100)

    pdf.add_page()
    h = report.get("header", {})
    left = [(x, i == len(h.get("left", [])) - 1) for i, x in enumerate(h.get("left", []))]
    left += [(h["number"], False)] if h.get("number") else []
    right = [(x, True) for x in h.get("right", [])]
    right += [(h["place_date"], False)] if h.get("place_date") else []
    y0 = pdf.get_y()
    bottom = max(column(left, 20, 75, y0), column(right, 95, 100, y0))
    pdf.set_y(bottom + 6)
    if h.get("doc_type"):
        line(h["doc_type"], pdf.l_margin, 160, bold=True)
    for sub in h.get("subject", []):
        line(sub, pdf.l_margin, 160, bold=True)
    pdf.ln(4)
    for block in report.get("body", []):
        if block["type"] == "heading":
            paragraph(block["text"], bold=True)
        elif block["type"] == "table":
            for row in block["rows"]:
                paragraph("    ".join(row))
        else:
            paragraph(block_text(block))
    closing = report.get("closing", {})
    y0 = pdf.get_y() + 4
    if y0 > 230:
        pdf.add_page()
        y0 = pdf.get_y()
    left = [(x, i == 0) for i, x in enumerate(closing.get("recipients", []))]
    pdf.set_y(y0)
    for text, bold in left:
        line(text, pdf.l_margin, 75, bold=bold, align="L")
    column([(x, True) for x in closing.get("signature", [])], 105, 85, y0)
    return bytes(pdf.output())


def cid_pdf(report: dict, out: Path) -> Path:
    """A PDF whose fonts lack /ToUnicode, so text extraction yields `(cid:N)` codes."""
    data = _fpdf_report(report, lambda text, bold: [(text, "Serif", "B" if bold else "")])
    # Blank the /ToUnicode references with same-length spaces so xref offsets stay valid.
    data = re.sub(rb"/ToUnicode\s+\d+\s+\d+\s+R", lambda m: b" " * len(m.group(0)), data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def legacy_pdf(report: dict, out: Path, encoding: str) -> Path:
    """A PDF typed in `.VnTime`/`.VnTimeH` (TCVN3) or `VNI-Times` fonts, as old files are.

    The glyphs are Liberation Serif carrying the legacy surface characters; the embedded
    font names are rewritten in place (same byte length) so pdfplumber reports
    `ABCDEF+.VnTime`, `ABCDEF+.VnTimeH` or `ABCDEF+VNI-Times` per character. TCVN3 ư
    (0xAD) is written as "-", as WinAnsi fonts (which name that code "hyphen") deliver it.
    """

    def pieces(text: str, bold: bool) -> list[tuple[str, str, str]]:
        if encoding == "tcvn3":
            return [(seg.replace("\u00ad", "-"), "SerifH" if cap else "Serif", "B" if bold else "")
                    for seg, cap in encode_tcvn3_segments(text)]
        return [(encode_vni(text), "Serif", "B" if bold else "")]

    data = _fpdf_report(report, pieces)
    names = {
        "tcvn3": {b"LiberationSerifBoldItalic": b".VnTimeH-Bold", b"LiberationSerifItalic": b".VnTimeH",
                  b"LiberationSerifBold": b".VnTime-Bold", b"LiberationSerif": b".VnTime"},
        "vni": {b"LiberationSerifBoldItalic": b"VNI-Times-BI", b"LiberationSerifItalic": b"VNI-Times-I",
                b"LiberationSerifBold": b"VNI-Times-Bold", b"LiberationSerif": b"VNI-Times"},
    }[encoding]

    def rename(m: re.Match[bytes]) -> bytes:
        new = names[m.group(2)]
        return m.group(1) + new + b" " * (len(m.group(2)) - len(new))

    carriers = rb"LiberationSerifBoldItalic|LiberationSerifItalic|LiberationSerifBold|LiberationSerif"
    data = re.sub(rb"(/[A-Z]{6}\+)(" + carriers + rb")(?![\w-])", rename, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


# --------------------------------------------------------------------------- verification helpers
def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(expected: str, got: str) -> float:
    """Character error rate (Levenshtein / len(expected)) after NFC and whitespace folding."""
    from rapidfuzz.distance import Levenshtein

    exp, hyp = _norm(expected), _norm(got)
    return Levenshtein.distance(exp, hyp) / max(len(exp), 1)


def sentence_cer(sentences: list[str], text: str) -> float:
    """CER of source sentences against their best-aligned spans in `text` (order-insensitive).

    Layout puts header cells and page numbers in varying places; aligning sentence by
    sentence measures recognition, not reading order.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    hyp = _norm(text)
    errors = total = 0
    for sentence in sentences:
        exp = _norm(sentence)
        if not exp:
            continue
        al = fuzz.partial_ratio_alignment(exp, hyp)
        if al is None:
            best = len(exp)
        else:  # partial_ratio aligns equal lengths; let the span grow or shrink a little
            starts = range(max(0, al.dest_start - 3), al.dest_start + 4)
            ends = range(max(0, al.dest_end - 3), min(len(hyp), al.dest_end + 3) + 1)
            best = min(Levenshtein.distance(exp, hyp[i:j]) for i in starts for j in ends if j >= i)
        errors += best
        total += len(exp)
    return errors / max(total, 1)


def read_docx_lines(path: Path) -> list[str]:
    """Paragraph texts of a DOCX in body order (tables cell by cell), legacy fonts decoded.

    Reads run children itself so `w:softHyphen` (the TCVN3 ư after a LibreOffice round trip),
    tabs and breaks are kept; used by tests to check rendered files, not by the pipeline.
    """
    from extractors.legacy import decode_run

    doc = Document(str(path))
    style_font = doc.styles["Normal"].font.name
    lines: list[str] = []

    def para_text(p_el) -> str:
        parts = []
        for r in p_el.iter(qn("w:r")):
            fonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            font = fonts.get(qn("w:ascii")) if fonts is not None else None
            buf = []
            for child in r:
                tag = child.tag
                if tag == qn("w:t"):
                    buf.append(child.text or "")
                elif tag == qn("w:softHyphen"):
                    buf.append("\u00ad")
                elif tag == qn("w:tab"):
                    buf.append("\t")
                elif tag in (qn("w:br"), qn("w:cr")):
                    buf.append("\n")
                elif tag == qn("w:noBreakHyphen"):
                    buf.append("-")
            parts.append(decode_run("".join(buf), font or style_font))
        return "".join(parts)

    def walk(el) -> None:
        for child in el:
            if child.tag == qn("w:p"):
                lines.append(para_text(child))
            elif child.tag in (qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent")):
                walk(child)

    walk(doc.element.body)
    return [line for line in lines if line.strip()]


# --------------------------------------------------------------------------- orchestration
def render(report: dict, out_dir: Path, formats: Iterable[str], *,
           heading_styles: bool = False) -> dict[str, Path]:
    """Render `report` into each requested format under `out_dir`; returns format → path.

    LibreOffice conversions are batched (one start for all PDFs, one for all .docs).
    Raises the converter's error if an output could not be produced.
    """
    wanted = list(dict.fromkeys(f.strip() for f in formats if f.strip()))
    if "all" in wanted:
        wanted = list(FORMATS)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown formats {unknown}; known: {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rid = report.get("id", "report")
    name = {f: out_dir / pattern.format(id=rid) for f, pattern in FORMATS.items()}
    result: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="render_") as tmp_name:
        tmp = Path(tmp_name)
        docx = build_docx(report, tmp / f"{rid}.docx", heading_styles=heading_styles)
        need = set(wanted)
        if "docx" in need:
            result["docx"] = Path(shutil.copy(docx, name["docx"]))
        if "docx_headings" in need:
            result["docx_headings"] = build_docx(report, name["docx_headings"], heading_styles=True)
        tcvn3 = None
        if need & {"tcvn3", "tcvn3_doc"}:
            tcvn3 = build_docx(report, tmp / f"{rid}.tcvn3.docx", encoding="tcvn3",
                               heading_styles=heading_styles)
            if "tcvn3" in need:
                result["tcvn3"] = Path(shutil.copy(tcvn3, name["tcvn3"]))
        if "vni" in need:
            result["vni"] = build_docx(report, name["vni"], encoding="vni", heading_styles=heading_styles)

        to_pdf = []
        if need & {"pdf", "scan"}:
            to_pdf.append(docx)
        if "twocol" in need:
            to_pdf.append(build_docx(report, tmp / f"{rid}.twocol.docx", two_column=True,
                                     heading_styles=heading_styles))
        to_doc = [docx] if "doc" in need else []
        if "tcvn3_doc" in need and tcvn3 is not None:
            to_doc.append(tcvn3)
        pdfs = _convert_all(to_pdf, tmp / "pdf", "pdf")
        docs = _convert_all(to_doc, tmp / "doc", "doc:MS Word 97")
        if "pdf" in need:
            result["pdf"] = Path(shutil.copy(pdfs[docx], name["pdf"]))
        if "scan" in need:
            result["scan"] = scan_pdf(pdfs[docx], name["scan"])
        if "twocol" in need:
            result["twocol"] = Path(shutil.copy(pdfs[to_pdf[-1]], name["twocol"]))
        if "doc" in need:
            result["doc"] = Path(shutil.copy(docs[docx], name["doc"]))
        if "tcvn3_doc" in need and tcvn3 is not None:
            result["tcvn3_doc"] = Path(shutil.copy(docs[tcvn3], name["tcvn3_doc"]))
        if "cid" in need:
            result["cid"] = cid_pdf(report, name["cid"])
        for enc in ("tcvn3", "vni"):
            if f"{enc}_pdf" in need:
                result[f"{enc}_pdf"] = legacy_pdf(report, name[f"{enc}_pdf"], enc)
    return {f: result[f] for f in wanted}


def _convert_all(paths: list[Path], outdir: Path, target: str) -> dict[Path, Path]:
    if not paths:
        return {}
    converted = convert_to(paths, outdir, target)
    out: dict[Path, Path] = {}
    for src in paths:
        res = converted[Path(src).resolve()]
        if isinstance(res, Exception):
            raise res
        out[src] = res
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Render a report JSON into DOCX/PDF/.doc/TCVN3/VNI/scan/two-column/cid files.",
        epilog="Example: python examples/render.py examples/reports/hu-tan-lap-ct07.json out "
        "--formats docx,pdf,scan",
    )
    parser.add_argument("report", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--formats", default="docx,pdf",
                        help=f"comma-separated, or 'all': {', '.join(FORMATS)}")
    parser.add_argument("--heading-styles", action="store_true",
                        help="use Word 'Heading N' styles for headings (default: bold plain text)")
    args = parser.parse_args(argv)
    paths = render(load_report(args.report), args.outdir, args.formats.split(","),
                   heading_styles=args.heading_styles)
    for fmt, path in paths.items():
        print(f"{fmt}\t{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
