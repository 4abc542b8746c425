"""DOCX → ExtractedDocument with python-docx (≥ 1.2), reading run children directly.

Why not `paragraph.text`: it drops `w:softHyphen`, which after a LibreOffice round trip is
the TCVN3 letter "ư"; and `doc.paragraphs` skips tables, where the header block (issuer,
"Số 45-BC/HU", date) usually lives. Each run is decoded with its font name (run → run
style → paragraph style → document default) through `extractors.legacy.decode_run`.
Headers/footers are never read, so running titles and page numbers stay out of the body.
Word automatic numbering (`w:numPr` on a paragraph or its style) is rendered by
`extractors.numbering` and written before the text ("II. KẾT QUẢ", "- Đã tổ chức …"), so
the typed-numbering rules of `extractors.headings` see what the reader of the file sees.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors import metadata as md
from extractors.base import RawItem, assemble, check_not_empty
from extractors.headings import LineKind, classify_line
from extractors.numbering import NumberingState
from tonghop.errors import BadInputError
from tonghop.models import ExtractedDocument, Format

_W_R = qn("w:r")
_CONTAINERS = {qn(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml", "w:moveTo")}
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_SYMBOL_MAP = {0xB7: "•", 0x2D: "-", 0xA7: "▪", 0xD8: "➢", 0xFC: "✓", 0x76: "❖", 0x6E: "■", 0xAE: "→"}
_OFF = {"0", "false", "off"}
# Clark names computed once: qn() was a measurable share of reading every run.
_T, _TAB, _BR, _CR, _SOFT_HYPHEN, _NB_HYPHEN, _SYM = (
    qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:softHyphen", "w:noBreakHyphen", "w:sym"))
_CHAR, _VAL, _ASCII, _HANSI, _CS = (qn(a) for a in ("w:char", "w:val", "w:ascii", "w:hAnsi", "w:cs"))
_RPR, _PPR, _RFONTS, _B, _SZ, _VANISH, _RSTYLE = (
    qn(t) for t in ("w:rPr", "w:pPr", "w:rFonts", "w:b", "w:sz", "w:vanish", "w:rStyle"))
_NUMPR, _NUMID, _OUTLINE, _JC = (qn(t) for t in ("w:numPr", "w:numId", "w:outlineLvl", "w:jc"))
_PPR_NUMPR = f"{_PPR}/{_NUMPR}"


def _per_style(method: Callable) -> Callable:
    """Memoise a style lookup per style element: styles do not change while a document is read,
    and walking `basedOn` through python-docx for every run cost ~0.25 s per report."""

    @wraps(method)
    def cached(self, style):
        key = (method.__name__, None if style is None else style.element)
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = method(self, style)
            return value

    return cached


def _legacy():
    try:
        from extractors import legacy
    except ImportError:  # pragma: no cover - the module ships with the project
        return None
    return legacy


class _StyleInfo:
    """Font name, bold, outline level and numbering of styles, following `basedOn`."""

    def __init__(self, doc) -> None:
        self._memo: dict = {}
        self._para: dict = {}
        self._part = doc.part
        self._by_id = {}
        for s in doc.styles:
            sid = s.style_id
            if sid:
                self._by_id[sid] = s
        self.default_font = None
        self.default_size = None
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rfonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is not None:
                self.default_font = rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))
            sz = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
            if sz is not None and sz.get(qn("w:val"), "").isdigit():
                self.default_size = int(sz.get(qn("w:val"))) / 2

    def get(self, style_id: str | None):
        return self._by_id.get(style_id) if style_id else None

    def paragraph_style(self, p_el):
        """`Paragraph.style` of a w:p, looked up once per style id (python-docx scans every style
        to find the default one on each call)."""
        sid = p_el.style
        try:
            return self._para[sid]
        except KeyError:
            style = self._para[sid] = self._part.get_style(sid, WD_STYLE_TYPE.PARAGRAPH)
            return style

    def _walk(self, style):
        seen = 0
        while style is not None and seen < 12:
            yield style
            style = style.base_style
            seen += 1

    @_per_style
    def font(self, style) -> str | None:
        for s in self._walk(style):
            rfonts = s.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is not None:
                name = rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))
                if name:
                    return name
        return None

    @_per_style
    def bold(self, style) -> bool | None:
        for s in self._walk(style):
            b = s.element.find(f"{qn('w:rPr')}/{qn('w:b')}")
            if b is not None:
                return b.get(qn("w:val"), "1").lower() not in _OFF
        return None

    @_per_style
    def size(self, style) -> float | None:
        for s in self._walk(style):
            sz = s.element.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            if sz is not None and sz.get(qn("w:val"), "").isdigit():
                return int(sz.get(qn("w:val"))) / 2
        return None

    @_per_style
    def outline_level(self, style) -> int | None:
        for s in self._walk(style):
            lvl = s.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if lvl is not None and lvl.get(qn("w:val"), "").isdigit():
                v = int(lvl.get(qn("w:val")))
                return v if v < 9 else None
            m = re.fullmatch(r"(?i)heading\s*(\d)", s.name or "")
            if m:
                return int(m.group(1)) - 1
        return None

    @_per_style
    def numbered(self, style) -> bool:
        for s in self._walk(style):
            if s.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
                return True
            if (s.name or "").lower().startswith("list"):
                return True
        return False

    @_per_style
    def num_pr(self, style) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style carries, following `basedOn` (Heading styles)."""
        num_id = ilvl = None
        for s in self._walk(style):
            num = s.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num is None:
                continue
            if num_id is None:
                num_id = _child_val(num, "w:numId")
            if ilvl is None and _child_val(num, "w:ilvl") is not None:
                ilvl = _int_or_none(_child_val(num, "w:ilvl"))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl

    def num_id_of(self, style_id: str) -> str | None:
        return self.num_pr(self.get(style_id))[0]

    @_per_style
    def centered(self, style) -> bool | None:
        for s in self._walk(style):
            jc = s.element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            if jc is not None:
                return jc.get(qn("w:val")) == "center"
        return None


def _child_val(el, tag: str) -> str | None:
    child = el.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _int_or_none(s: str | None) -> int | None:
    return int(s) if s is not None and s.isdigit() else None


def _numbering(doc, styles: _StyleInfo) -> NumberingState:
    try:
        root = doc.part.numbering_part.element
    except Exception:  # no numbering part, or one python-docx cannot read: no labels, not a crash
        root = None
    return NumberingState.from_xml(root, styles.num_id_of)


def _runs(el) -> Iterator:
    for child in el:
        if child.tag == _W_R:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _runs(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _runs(content)


def _run_text(r, legacy_font: bool) -> str:
    parts: list[str] = []
    for ch in r:
        tag = ch.tag
        if tag == _T:
            parts.append(ch.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _SOFT_HYPHEN:
            if legacy_font:
                parts.append("\xad")
        elif tag == _NB_HYPHEN:
            parts.append("-")
        elif tag == _SYM:
            code = ch.get(_CHAR) or ""
            try:
                n = int(code, 16)
            except ValueError:
                continue
            if n >= 0xF000:
                n -= 0xF000
            parts.append(_SYMBOL_MAP.get(n, chr(n) if 0x20 <= n < 0xF000 and chr(n).isprintable() else ""))
    return "".join(parts)


class _ParaReader:
    def __init__(self, doc) -> None:
        self.styles = _StyleInfo(doc)
        self.numbering = _numbering(doc, self.styles)
        self._labels: dict = {}
        self.legacy = _legacy()
        self.encodings: set[str] = set()
        self.last_legacy = False

    def _run_props(self, r, pstyle) -> tuple[str | None, bool, float | None, bool]:
        rpr = r.find(_RPR)
        font = None
        bold = None
        size = None
        hidden = False
        if rpr is not None:
            rf = rpr.find(_RFONTS)
            if rf is not None:
                font = rf.get(_ASCII) or rf.get(_HANSI) or rf.get(_CS)
            b = rpr.find(_B)
            if b is not None:
                bold = b.get(_VAL, "1").lower() not in _OFF
            sz = rpr.find(_SZ)
            if sz is not None and sz.get(_VAL, "").isdigit():
                size = int(sz.get(_VAL)) / 2
            v = rpr.find(_VANISH)
            hidden = v is not None and v.get(_VAL, "1").lower() not in _OFF
            rs = rpr.find(_RSTYLE)
            rstyle = self.styles.get(rs.get(_VAL)) if rs is not None else None
            if rstyle is not None:
                font = font or self.styles.font(rstyle)
                bold = self.styles.bold(rstyle) if bold is None else bold
                size = size or self.styles.size(rstyle)
        font = font or self.styles.font(pstyle) or self.styles.default_font
        if bold is None:
            bold = bool(self.styles.bold(pstyle))
        size = size or self.styles.size(pstyle) or self.styles.default_size
        return font, bool(bold), size, hidden

    def number_label(self, p_el, pstyle) -> str | None:
        """The automatic-numbering label Word shows before this paragraph (advances counters).

        Must be called for every paragraph, empty ones included, in document order: Word
        counts an empty numbered paragraph too. None: not numbered; "": numbered, no label.
        """
        if p_el in self._labels:  # a vertically merged cell is listed once per row it spans
            return self._labels[p_el]
        label = self._number_label(p_el, pstyle)
        self._labels[p_el] = label
        return label

    def _number_label(self, p_el, pstyle) -> str | None:
        num = p_el.find(_PPR_NUMPR)
        num_id = ilvl = None
        if num is not None:
            num_id = _child_val(num, "w:numId")
            ilvl = _int_or_none(_child_val(num, "w:ilvl"))
        style_num, style_ilvl = self.styles.num_pr(pstyle)
        if num_id is None:
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        if not self.numbering.has(num_id):
            return None
        if ilvl is None:
            sid = pstyle.style_id if pstyle is not None else None
            ilvl = self.numbering.level_for_style(num_id, sid)
        return self.numbering.label(num_id, ilvl or 0)

    def read(self, p_el, pstyle) -> tuple[str, str, bool | None, int | None, float | None]:
        """(text, raw, all_bold, bold_prefix_len, size) of one w:p element."""
        groups: list[list] = []  # [font, bold, size, raw]
        for r in _runs(p_el):
            font, bold, size, hidden = self._run_props(r, pstyle)
            if hidden:
                continue
            enc = self.legacy.detect_font_encoding(font) if self.legacy else None
            raw = _run_text(r, enc is not None)
            if not raw:
                continue
            if groups and groups[-1][0] == font and groups[-1][1] == bold:
                groups[-1][3] += raw
            else:
                groups.append([font, bold, size, raw])
        self.last_legacy = False
        text_parts: list[str] = []
        raw_parts: list[str] = []
        sizes: Counter = Counter()
        bold_prefix = 0
        prefix_open = True
        any_text = all_bold = False
        all_bold = True
        for font, bold, size, raw in groups:
            dec = raw
            if self.legacy is not None:
                enc = self.legacy.detect_font_encoding(font)
                if enc:
                    self.last_legacy = True
                    dec = self.legacy.decode_run(raw, font)
                    if dec != raw:
                        self.encodings.add(enc)
            text_parts.append(dec)
            raw_parts.append(raw)
            if dec.strip():
                any_text = True
                sizes[size] += len(dec.strip())
                if not bold:
                    all_bold = False
            if prefix_open:
                if bold:
                    bold_prefix += len(dec)
                elif dec.strip():
                    prefix_open = False
        text = "".join(text_parts)
        if not any_text:
            return "", "", None, None, None
        size = sizes.most_common(1)[0][0] if sizes else None
        lead = len(text) - len(text.lstrip())
        prefix = bold_prefix - lead if (not all_bold and bold_prefix > lead) else None
        return text, "".join(raw_parts), all_bold, prefix, size


def _cell_text(reader: _ParaReader, cell) -> str:
    lines = []
    for p_el in cell._tc.p_lst:  # what `cell.paragraphs` wraps, without a Paragraph per w:p
        style = reader.styles.paragraph_style(p_el)
        label = reader.number_label(p_el, style)
        text, _, _, _, _ = reader.read(p_el, style)
        if text.strip():
            lines.append(f"{label} {text.strip()}" if label else text.strip())
    return "\n".join(lines)


def _table_rows(reader: _ParaReader, table: Table) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        try:
            row_cells = row.cells
        except Exception:  # malformed grid: fall back to raw cells
            row_cells = []
        for cell in row_cells:
            if last is not None and cell._tc is last:
                continue  # horizontally merged cell repeated by python-docx
            last = cell._tc
            cells.append(_cell_text(reader, cell))
        rows.append(tuple(cells))
    return tuple(rows)


def _paragraph_item(reader: _ParaReader, p: Paragraph) -> RawItem | None:
    style = reader.styles.paragraph_style(p._p)
    label = reader.number_label(p._p, style)
    text, raw, bold, prefix, size = reader.read(p._p, style)
    if not text.strip():
        return None
    ppr = p._p.find(qn("w:pPr"))
    outline = None
    numbered = False
    centered = reader.styles.centered(style)
    if ppr is not None:
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is not None and lvl.get(qn("w:val"), "").isdigit():
            v = int(lvl.get(qn("w:val")))
            outline = v if v < 9 else None
        num = ppr.find(qn("w:numPr"))
        if num is not None:
            nid = num.find(qn("w:numId"))
            numbered = nid is None or nid.get(qn("w:val")) != "0"
        jc = ppr.find(qn("w:jc"))
        if jc is not None:
            centered = jc.get(qn("w:val")) == "center"
    if outline is None:
        outline = reader.styles.outline_level(style)
    if not numbered and not (ppr is not None and ppr.find(qn("w:numPr")) is not None):
        numbered = reader.styles.numbered(style) and outline is None
    if reader.legacy is not None and not reader.last_legacy and _suspicious(text):
        fixed_lines = []
        for line in text.split("\n"):
            fixed, enc = reader.legacy.fix_line(line)
            if enc:
                reader.encodings.add(enc)
            fixed_lines.append(fixed)
        text = "\n".join(fixed_lines)
    if label is not None:
        numbered = True
    if label and outline is not None and classify_line(f"{label} {text.lstrip()}", bold=True).kind \
            is not LineKind.HEADING:
        # A Heading-style paragraph whose numbered text reads as an item (a long sentence):
        # the style is the stronger evidence, so the label stays in raw_text only.
        raw = f"{label} {raw.lstrip()}"
        label = ""
    if label:
        # The label goes in before classification so "I." / "1.1." / "a)" / "-" are read as
        # typed numbering, and into raw_text because the reader of the file sees it.
        text = f"{label} {text.lstrip()}"
        raw = f"{label} {raw.lstrip()}"
        if prefix is not None:
            prefix += len(label) + 1
    return RawItem(
        text=text,
        raw=raw,
        bold=bold,
        bold_prefix=prefix,
        size=size,
        centered=centered,
        outline_level=outline,
        auto_numbered=numbered,
    )


_LATIN1_NON_VI = re.compile(r"[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00db\u00dc"
                            r"\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")


def _suspicious(text: str) -> bool:
    """Latin-1 letters that Vietnamese Unicode never uses: TCVN3/VNI typed in a Unicode font."""
    return bool(_LATIN1_NON_VI.search(text))


def read_docx(path: Path, fmt: Format = Format.DOCX) -> ExtractedDocument:
    """Extract a DOCX file (also the converted output of .doc/.rtf, reported as `fmt`)."""
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadInputError(
            "Tệp Word bị hỏng hoặc không đọc được; đề nghị đơn vị gửi lại tệp .docx hoặc bản PDF.",
            f"The Word file is damaged or unreadable ({type(exc).__name__}); ask the unit to send the "
            ".docx again or a PDF.",
            code="corrupt_docx",
        ) from exc
    except Exception as exc:  # lxml errors on broken XML
        raise BadInputError(
            "Tệp Word bị hỏng (nội dung XML lỗi); đề nghị đơn vị lưu lại tệp bằng Word rồi gửi lại.",
            f"The Word file is damaged ({type(exc).__name__}); ask the unit to re-save it in Word and resend.",
            code="corrupt_docx",
        ) from exc
    reader = _ParaReader(doc)
    items: list[RawItem] = []
    header_left: list[str] = []
    header_right: list[str] = []
    header_done = False
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            item = _paragraph_item(reader, block)
            if item is not None:
                items.append(item)
            continue
        rows = _table_rows(reader, block)
        if not header_done and len(items) <= 3 and not any(md.doc_type_of(i.text.strip()) for i in items):
            cells = [c for r in rows for c in r]
            if md.looks_like_header([line for c in cells for line in c.split("\n")]):
                header_done = True
                width = max((len(r) for r in rows), default=0)
                for r in rows:
                    for ci, cell in enumerate(r):
                        target = header_left if (ci == 0 or width == 1) else header_right
                        target.extend(line for line in cell.split("\n") if line.strip())
                # Paragraphs above the table (a parent line typed outside it) join the left column.
                header_left[:0] = [i.text for i in items]
                items.clear()
                continue
        items.append(RawItem(text=table_text_safe(rows), rows=rows))
    sizes = Counter(i.size for i in items if i.size and i.rows is None)
    body_size = sizes.most_common(1)[0][0] if sizes else None
    blocks, meta = assemble(items, header_left=header_left, header_right=header_right, body_size=body_size)
    if not check_not_empty(blocks):
        raise BadInputError(
            "Tệp Word không có nội dung văn bản (trống hoặc chỉ có hình ảnh); đề nghị đơn vị gửi tệp có nội dung "
            "báo cáo, hoặc bản PDF/ảnh quét rõ nét.",
            "The Word file has no text (empty or images only); ask the unit to send the report text, or a "
            "clear PDF/scan.",
            code="empty_document",
        )
    return ExtractedDocument(
        format=fmt,
        blocks=blocks,
        meta=meta,
        pages=None,
        encodings=tuple(sorted(reader.encodings)),
    )


def table_text_safe(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" | ".join(r) for r in rows)


class DocxExtractor:
    formats = (Format.DOCX,)

    def extract(self, path: Path, workdir: Path) -> ExtractedDocument:
        return read_docx(path, Format.DOCX)
