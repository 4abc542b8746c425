"""PDF → ExtractedDocument with pdfplumber, OCR for pages whose text cannot be trusted.

Per page: `dedupe_chars` (fake bold prints each glyph twice), words with a tolerance
proportional to the font size (letter-spaced titles "B Á O C Á O" are joined), legacy
fonts decoded per word by font name, bordered tables taken out with `find_tables`, then
lines. A line is cut into segments at wide horizontal gaps, which is how two columns
without borders are separated: the page-1 header band (issuer | motto, number | date), the
closing ("Nơi nhận" | signature) and two-column body regions, each read column by column.
Running headers/footers (repeating lines in the top/bottom 10 %, digits masked) and bare
page numbers are dropped; lines are joined into paragraphs by indent, gap and markers.

Each page is classified first: `text`, `scan` (almost no characters) or `garbage`
("(cid:N)", mojibake); scan/garbage pages go to `extractors.ocr.ocr_pdf_pages`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from extractors import metadata as md
from extractors.base import RawItem, assemble, check_not_empty
from extractors.headings import LineKind, classify_line, is_all_caps
from extractors.pdfchars import use_fast_chars
from nlp.normalize import fold
from tonghop.errors import BadInputError, MissingToolError, TransientError
from tonghop.models import DocStatus, ExtractedDocument, Format

X_TOLERANCE_RATIO = 0.3
BAND = 0.10  # top/bottom share of the page where running headers/footers live
NEAR_BLANK_WORDS = 6  # a scanned page OCR reads as this few words is (almost) empty
_RE_PAGE_NO = re.compile(r"^(?:trang|page)?\s*[-–(\[]?\s*\d{1,3}\s*[-–)\]]?(?:\s*/\s*\d{1,3})?$", re.I)
_VI_LETTERS = set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "fjwz"
)


@dataclass
class Line:
    text: str
    raw: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    column: int = 0  # 0 full width, 1 left, 2 right
    bold_prefix: int = 0  # length of the leading bold words (a run-in label)


@dataclass
class PageText:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)
    # (top, rows, x0, x1) of each bordered table
    tables: list[tuple[float, tuple[tuple[str, ...], ...], float, float]] = field(default_factory=list)
    kind: str = "text"  # text | scan | garbage
    reason: str = ""


def _legacy():
    try:
        from extractors import legacy
    except ImportError:  # pragma: no cover
        return None
    return legacy


def _is_bold(fontname: str) -> bool:
    f = (fontname or "").lower()
    return "bold" in f or "black" in f or "heavy" in f or f.endswith((",b", "-b", "bd"))


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
        use_fast_chars(pdf)  # also forces the page tree to be parsed
        return pdf
    except (PdfminerException, PDFPasswordIncorrect, Exception) as exc:
        text = f"{exc!r} {exc.__cause__!r}".lower()
        if "password" in text or "encrypt" in text:
            raise BadInputError(
                "Tệp PDF được đặt mật khẩu nên không đọc được; đề nghị đơn vị gửi lại bản PDF không khóa "
                "(hoặc tệp Word).",
                "The PDF is password-protected and cannot be read; ask the unit to send an unlocked PDF "
                "(or the Word file).",
                code="encrypted_pdf",
            ) from exc
        raise BadInputError(
            "Tệp PDF bị hỏng hoặc tải lên không trọn vẹn; đề nghị đơn vị xuất lại PDF từ tệp gốc và gửi lại.",
            "The PDF is damaged or was uploaded incompletely; ask the unit to export the PDF again from the "
            "original file and resend it.",
            code="corrupt_pdf",
        ) from exc


def _words_to_lines(words: list[dict], page_no: int, legacy, encodings: set[str]) -> list[Line]:
    """Group words into visual lines, then cut each line at wide gaps into segments."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        size = w.get("size") or 10
        for row in reversed(rows[-3:]):
            ref = row[0]
            if abs(ref["top"] - w["top"]) <= max(2.0, 0.35 * size) or abs(ref["bottom"] - w["bottom"]) <= 1.5:
                row.append(w)
                break
        else:
            rows.append([w])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segs: list[list[dict]] = [[row[0]]]
        for w in row[1:]:
            prev = segs[-1][-1]
            size = max(prev.get("size") or 10, w.get("size") or 10)
            if w["x0"] - prev["x1"] > max(18.0, 2.2 * size):
                segs.append([w])
            else:
                segs[-1].append(w)
        for seg in segs:
            lines.append(_make_line(seg, page_no, legacy, encodings))
    return lines


def _gutter(words: list[dict], width: float, *, min_words: int = 40) -> float | None:
    """x of a column gutter crossed by (almost) no word, or None for single-column pages."""
    if len(words) < min_words:
        return None
    x_start, n = width * 0.38, int(width * 0.24) + 1
    # counts[i]: words crossing x = x_start + i (strictly inside), by a difference array
    diff = [0] * (n + 1)
    for w in words:
        lo, hi = math.floor(w["x0"] - x_start) + 1, math.ceil(w["x1"] - x_start) - 1
        lo, hi = max(lo, 0), min(hi, n - 1)
        if lo <= hi:
            diff[lo] += 1
            diff[hi + 1] -= 1
    counts, running = [], 0
    for d in diff[:n]:
        running += d
        counts.append(running)
    xs = [x_start + i for i in range(n)]
    low = min(counts)
    # Centre of the widest run of positions crossed by the fewest words: justified lines
    # may end a fraction of a point past the column edge.
    best_run: tuple[int, int] = (0, 0)
    start = None
    for i, c in enumerate([*counts, 10**9]):
        if c == low and start is None:
            start = i
        elif c != low and start is not None:
            if i - start > best_run[1] - best_run[0]:
                best_run = (start, i)
            start = None
    x = (xs[best_run[0]] + xs[best_run[1] - 1]) / 2
    left = sum(1 for w in words if w["x1"] <= x)
    right = sum(1 for w in words if w["x0"] >= x)
    if left < 0.2 * len(words) or right < 0.2 * len(words):
        return None
    return x


WIDE_TABLE = 0.6
"""A table at least this share of the page wide cuts the page into separately laid-out regions."""


def _layout_lines(
    words: list[dict], width: float, page_no: int, legacy, encodings: set[str],
    tables: Sequence[tuple[float, float, float, float]] = (),
) -> list[Line]:
    """Lines in reading order; regions in two columns are read left column first.

    A wide table (bbox x0, top, x1, bottom; its words already removed) cuts the page into
    regions above, between and below such tables, each laid out on its own: the columns
    above and below a full-width table need not share one gutter.
    """
    cuts = sorted((t[1], t[3]) for t in tables if t[2] - t[0] >= WIDE_TABLE * width)
    if not cuts:
        return _layout_region(words, width, page_no, legacy, encodings, tables)
    regions: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    for w in words:
        cy = (w["top"] + w["bottom"]) / 2
        regions[sum(1 for top, _ in cuts if top <= cy)].append(w)
    out: list[Line] = []
    for ws in regions:
        if ws:
            out.extend(_layout_region(ws, width, page_no, legacy, encodings, tables, min_words=20))
    return out


def _layout_region(
    words: list[dict], width: float, page_no: int, legacy, encodings: set[str],
    tables: Sequence[tuple[float, float, float, float]] = (), *, min_words: int = 40,
) -> list[Line]:
    """`_layout_lines` for one region. Words crossing the gutter and tables spanning it mark
    full-width bands (header title, single-column text, bridging headings); between those
    bands, words left and right of the band's own gutter form two columns when both sides
    hold at least three lines."""
    x = _gutter(words, width, min_words=min_words)
    if x is None:
        return _words_to_lines(words, page_no, legacy, encodings)
    spans = [(w["top"], w["bottom"]) for w in words if w["x0"] < x < w["x1"]]
    spans += [(t[1], t[3]) for t in tables if t[0] < x - 5 and t[2] > x + 5]
    full: list[list[float]] = []
    for top, bottom in sorted(spans):
        if full and top <= full[-1][1]:
            full[-1][1] = max(full[-1][1], bottom)
        else:
            full.append([top, bottom])
    # Blank bands across both columns also separate regions (balanced body columns, then
    # the "Nơi nhận" | signature block below them).
    sizes = sorted(w.get("size") or 10 for w in words)
    line_h = sizes[len(sizes) // 2] * 1.15
    spans = sorted((w["top"], w["bottom"]) for w in words if not (w["x0"] < x < w["x1"]))
    cuts: list[float] = []
    reach = None
    for top, bottom in spans:
        if reach is not None and top - reach > line_h:
            cuts.append((top + reach) / 2)
        reach = bottom if reach is None else max(reach, bottom)
    # "Nơi nhận:" opens the closing block even when it follows the columns without a gap.
    by_line = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    for a, b in pairwise(by_line):
        if fold(a["text"]).lower() == "noi" and fold(b["text"]).lower().startswith("nhan") \
                and abs(a["top"] - b["top"]) < 2:
            cuts.append(a["top"] - 0.5)
    groups: dict[tuple, list[dict]] = {}
    for w in words:
        cy = (w["top"] + w["bottom"]) / 2
        inside = next((i for i, (a, b) in enumerate(full) if a - 1 <= cy <= b + 1), None)
        if inside is not None:
            key: tuple = ("full", inside)
        else:
            key = ("col", sum(1 for a, _ in full if a < cy), sum(1 for c in cuts if c < cy))
        groups.setdefault(key, []).append(w)
    out: list[Line] = []
    for key, ws in sorted(groups.items(), key=lambda kv: min(w["top"] for w in kv[1])):
        if key[0] == "col":
            gx = _gutter(ws, width, min_words=12) or x
            left = [w for w in ws if (w["x0"] + w["x1"]) / 2 < gx]
            right = [w for w in ws if (w["x0"] + w["x1"]) / 2 >= gx]
            ll = _words_to_lines(left, page_no, legacy, encodings)
            rl = _words_to_lines(right, page_no, legacy, encodings)
            # (short lines such as a page number do not count)
            gap = min((ln.x0 for ln in rl if len(ln.text) > 3), default=gx) - max(
                (ln.x1 for ln in ll if len(ln.text) > 3), default=gx)
            size = statistics.median([ln.size for ln in ll + rl]) if ll and rl else 10
            # A real gutter is empty for its whole width; a centred title split by chance
            # at a word gap is not ("… thực hiện Chỉ" | "thị số 07-CT/TW …").
            if len(ll) >= 3 and len(rl) >= 3 and gap >= max(8.0, 0.8 * size):
                for ln in ll:
                    ln.column = 1
                for ln in rl:
                    ln.column = 2
                out.extend(ll)
                out.extend(rl)
                continue
        out.extend(_words_to_lines(ws, page_no, legacy, encodings))
    return out


def _make_line(seg: list[dict], page_no: int, legacy, encodings: set[str]) -> Line:
    parts: list[str] = []
    raws: list[str] = []
    bold_chars = total = 0
    sizes: Counter = Counter()
    prefix = 0
    leading = True
    for i, w in enumerate(seg):
        raw = w["text"]
        text = raw
        font = w.get("fontname")
        if legacy is not None:
            enc = legacy.detect_font_encoding(font)
            if enc:
                text = legacy.decode_run(raw, font)
                if text != raw:
                    encodings.add(enc)
        if i:
            prev = seg[i - 1]
            gap = w["x0"] - prev["x1"]
            joiner = "" if gap < 0.12 * (w.get("size") or 10) else " "
            parts.append(joiner)
            raws.append(joiner)
        parts.append(text)
        raws.append(raw)
        n = len(raw)
        total += n
        if _is_bold(font or ""):
            bold_chars += n
            if leading:
                prefix = len("".join(parts))
        else:
            leading = False
        sizes[round(w.get("size") or 0, 1)] += n
    return Line(
        text="".join(parts),
        raw="".join(raws),
        x0=seg[0]["x0"],
        x1=seg[-1]["x1"],
        top=min(w["top"] for w in seg),
        bottom=max(w["bottom"] for w in seg),
        size=sizes.most_common(1)[0][0] if sizes else 0.0,
        bold=total > 0 and bold_chars / total >= 0.6,
        page=page_no,
        bold_prefix=prefix if bold_chars < total else 0,
    )


def _classify_page(text: str, n_chars: int, legacy, image_share: float = 1.0) -> tuple[str, str]:
    """("text" | "scan" | "garbage" | "empty", reason).

    A page with almost no characters is a scan only if an image covers much of it; a blank
    page or one holding just a signature name is not sent to OCR.
    """
    if n_chars < 25:
        if image_share >= 0.25:
            return "scan", "no text layer (scanned image)"
        return ("empty", "") if n_chars == 0 else ("text", "")
    cids = text.count("(cid:")
    if cids >= 5 and cids * 6 > len(text) * 0.2:
        return "garbage", "glyphs without Unicode mapping (cid)"
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) >= 40:
        vi = sum(1 for c in letters if c in _VI_LETTERS)
        if vi / len(letters) < 0.9:
            return "garbage", "unreadable characters (font without Unicode mapping)"
        if legacy is not None:
            tokens = [t for t in re.findall(r"[^\W\d_]+", text) if not t.isascii()]
            if len(tokens) >= 15:
                ok = sum(1 for t in tokens if legacy.is_vietnamese_syllable(t))
                if ok / len(tokens) < 0.5:
                    return "garbage", "text is not readable Vietnamese (broken font encoding)"
    return "text", ""


def _has_overprint(chars: list[dict]) -> bool:
    """True when some glyph is drawn twice at (almost) the same place ("fake bold")."""
    seen: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for c in chars:
        key = (c["text"], round(c["top"]))
        for x, y in seen.get(key, ()):
            if abs(x - c["x0"]) <= 1 and abs(y - c["top"]) <= 1:
                return True
        seen.setdefault(key, []).append((c["x0"], c["top"]))
    return False


def _read_page(page, number: int, legacy, encodings: set[str]) -> PageText:
    if _has_overprint(page.chars):  # dedupe_chars is slow; only pay for it when needed
        page = page.dedupe_chars(tolerance=1)
    pt = PageText(number, float(page.width), float(page.height))
    tables = []
    try:
        found = page.find_tables()
    except Exception:
        found = []
    for t in found:
        try:
            data = table_cells(t, page.chars)
        except Exception:
            continue
        rows = tuple(r for r in data if r and any(c.strip() for c in r))
        if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
            if legacy is not None:
                rows = tuple(tuple(legacy.fix_line(c)[0] for c in r) for r in rows)
            tables.append((t.bbox, rows))
    words = page.extract_words(
        x_tolerance_ratio=X_TOLERANCE_RATIO,
        y_tolerance=3,
        keep_blank_chars=False,
        extra_attrs=["fontname", "size"],
    )

    def in_table(w: dict) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b, _ in tables)

    spill = _table_spill(words, [b for b, _ in tables])
    words = [w for i, w in enumerate(words) if not in_table(w) and i not in spill
             and w["x0"] < page.width and w["x1"] > 0
             and w["top"] < page.height and w["bottom"] > 0]
    pt.tables = [(b[1], rows, b[0], b[2]) for b, rows in tables]
    pt.words = words
    pt.lines = _layout_lines(words, float(page.width), number, legacy, encodings, [b for b, _ in tables])
    text = "\n".join(line.text for line in pt.lines)
    n_chars = sum(len(line.text.replace(" ", "")) for line in pt.lines) + sum(
        len("".join(c for r in rows for c in r)) for _, rows, _, _ in pt.tables
    )
    area = float(page.width * page.height) or 1.0
    image_share = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        image_share += w * h / area
    pt.kind, pt.reason = _classify_page(text, n_chars, legacy, image_share)
    return pt


SPILL_GAP = 5.0
"""Largest word gap (pt) inside the text of a cell that runs past its table's edge."""


def _table_spill(words: list[dict], boxes: Sequence[tuple[float, float, float, float]]) -> set[int]:
    """Indexes of words that belong to a table row but stick out past its left/right edge
    ("Đơn vị" of a header cell wider than the ruled table): left in the flow they become a
    bogus bold heading. A spill starts with a word crossing the edge and goes on while the
    next word follows within `SPILL_GAP`."""
    out: set[int] = set()
    for x0, top, x1, bottom in boxes:
        row = sorted(
            (i for i, w in enumerate(words) if top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1),
            key=lambda i: words[i]["x0"],
        )
        edge = None
        for i in row:  # rightwards from the right edge
            w = words[i]
            if (w["x0"] < x1 < w["x1"]) or (edge is not None and 0 <= w["x0"] - edge <= SPILL_GAP):
                out.add(i)
                edge = max(edge or w["x1"], w["x1"])
        edge = None
        for i in reversed(row):  # leftwards from the left edge
            w = words[i]
            if (w["x0"] < x0 < w["x1"]) or (edge is not None and 0 <= edge - w["x1"] <= SPILL_GAP):
                out.add(i)
                edge = min(edge or w["x0"], w["x0"])
    return out


def _cell_lines(chars: list[dict]) -> list[tuple[str, float]]:
    """(text, right edge) of each visual line in one table cell, words joined with the same
    font-proportional tolerance as body text (pdfplumber's fixed 3 pt splits wide glyphs)."""
    from pdfplumber.utils import extract_words

    words = extract_words(chars, x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=3)
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= max(2.0, 0.35 * (w["bottom"] - w["top"])):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [(" ".join(w["text"] for w in sorted(r, key=lambda w: w["x0"])), max(w["x1"] for w in r))
            for r in rows]


_RE_HEAD_LETTERS = re.compile(r"^[^\W\d_]+")
_RE_TAIL_LETTERS = re.compile(r"[^\W\d_]+$")


def _broken_word(prev: str, prev_x1: float, nxt: str, edge: float, em: float, done: str = "") -> bool:
    """True when a too-narrow column cut one word across two lines ("kho" / "ản", "dan" / "h").

    A word is only cut when it does not fit on a line of its own, so the first part is the
    whole line and reaches the column's right edge; the parts must also make one Vietnamese
    syllable, or the first part must not be one ("Zal" / "o"), so "Hồ" / "sơ" stays apart.
    `done` is the cell text so far, whose last word may already hold earlier parts ("thư" /
    "ơng" / "than" / "h": "thương" is complete, so "than" starts a new word).
    """
    legacy = _legacy()
    if " " in prev.strip() or not nxt[:1].islower() or prev_x1 < edge - em or legacy is None:
        return False
    text = done or prev
    a = _RE_TAIL_LETTERS.search(text)
    b = _RE_HEAD_LETTERS.match(nxt)
    if not a or not b or a.end() != len(text):
        return False
    return legacy.is_vietnamese_syllable(a.group() + b.group()) or not legacy.is_vietnamese_syllable(a.group())


def _join_cell(lines: list[tuple[str, float]], edge: float, em: float) -> str:
    """Join a cell's lines with spaces, gluing words the column cut and closing marks."""
    out = ""
    for i, (text, _) in enumerate(lines):
        if i and (_broken_word(*lines[i - 1], text, edge, em, out) or text[:1] in ")]}.,;:%"):
            out += text
        else:
            out = f"{out} {text}" if i else text
    return out


def table_cells(table, chars: list[dict]) -> tuple[tuple[str, ...], ...]:
    """Cell texts of a pdfplumber table, rebuilt from the characters inside each cell box."""

    def inside(c: dict, box) -> bool:
        h = (c["x0"] + c["x1"]) / 2
        v = (c["top"] + c["bottom"]) / 2
        return box[0] <= h < box[2] and box[1] <= v < box[3]

    grid: list[list[list[tuple[str, float]] | None]] = []
    sizes: list[float] = []
    for row in table.rows:
        row_chars = [c for c in chars if inside(c, row.bbox)]
        cells: list[list[tuple[str, float]] | None] = []
        for box in row.cells:
            if box is None:
                cells.append(None)
                continue
            cell_chars = [c for c in row_chars if inside(c, box)]
            sizes.extend(c.get("size") or 10 for c in cell_chars[:20])
            cells.append(_cell_lines(cell_chars))
        grid.append(cells)
    em = statistics.median(sizes) if sizes else 10.0
    width = max((len(r) for r in grid), default=0)
    edges = [max((x1 for r in grid if i < len(r) and r[i] for _, x1 in r[i]), default=0.0) for i in range(width)]
    return tuple(
        tuple("" if cell is None else _join_cell(cell, edges[i], em) for i, cell in enumerate(r)) for r in grid
    )


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def strip_running(pages: list[PageText]) -> None:
    """Drop running headers/footers and bare page numbers in the top/bottom bands."""
    text_pages = [p for p in pages if p.kind == "text"]
    counts: Counter = Counter()
    for p in text_pages:
        keys = {_mask(ln.text) for ln in p.lines if _in_band(ln, p)}
        counts.update(keys)
    need = max(2, math.ceil(len(text_pages) / 2))
    sizes = [ln.size for p in text_pages for ln in p.lines if not _in_band(ln, p)]
    body = statistics.median(sizes) if sizes else 0
    for p in text_pages:
        keep = []
        for ln in p.lines:
            if _in_band(ln, p) and (
                _RE_PAGE_NO.match(ln.text.strip()) or (counts[_mask(ln.text)] >= need and len(text_pages) >= 2)
            ):
                continue
            # ND 30 omits the running header on page 1, so on a 2-page report it repeats only
            # once: a small-font line at the very top of a later page is still one.
            if p.number > 1 and ln.bottom <= p.height * BAND and body and ln.size <= 0.85 * body:
                continue
            keep.append(ln)
        p.lines = keep


def _in_band(ln: Line, p: PageText) -> bool:
    return ln.bottom <= p.height * BAND or ln.top >= p.height * (1 - BAND)


def _order(lines: list[Line], width: float) -> list[Line]:
    """Reading order: rows top-down; runs of two-segment rows (columns) left column first."""
    if any(ln.column for ln in lines):
        return list(lines)  # `_layout_lines` already ordered the columns
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda x: (x.top, x.x0)):
        if rows and abs(rows[-1][0].top - ln.top) <= max(2.0, 0.35 * ln.size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    mid = width / 2
    out: list[Line] = []
    i = 0
    while i < len(rows):
        row = sorted(rows[i], key=lambda x: x.x0)
        if len(row) == 2 and row[0].x1 < mid + 5 and row[1].x0 > mid - 5:
            j = i
            left: list[Line] = []
            right: list[Line] = []
            while j < len(rows):
                r = sorted(rows[j], key=lambda x: x.x0)
                if len(r) == 2 and r[0].x1 < mid + 5 and r[1].x0 > mid - 5:
                    left.append(r[0])
                    right.append(r[1])
                elif len(r) == 1 and (r[0].x1 < mid + 5 or r[0].x0 > mid - 5) and j > i:
                    (left if r[0].x1 < mid + 5 else right).append(r[0])
                else:
                    break
                j += 1
            if j - i >= 3:  # a real two-column region: read each column in turn
                for ln in left:
                    ln.column = 1
                for ln in right:
                    ln.column = 2
                out.extend(left)
                out.extend(right)
                i = j
                continue
        for ln in row:
            if len(row) > 1:
                ln.column = 1 if ln.x1 < mid + 5 else 2
        out.extend(row)
        i += 1
    return out


def _column_boundary(words: list[dict], width: float) -> float:
    """The x between the header's two columns: crossed by the fewest words, widest gap."""
    best = (10**9, 0.0, width / 2)
    for i in range(60):
        x = width * (0.30 + 0.30 * i / 59)
        crossing = sum(1 for w in words if w["x0"] < x < w["x1"])
        clearance = min((min(abs(w["x0"] - x), abs(w["x1"] - x)) for w in words), default=0.0)
        key = (crossing, -clearance, abs(x - width / 2))
        if key < (best[0], -best[1], abs(best[2] - width / 2)):
            best = (crossing, clearance, x)
    return best[2]


def _header_split(page: PageText, legacy=None, encodings: set[str] | None = None
                  ) -> tuple[list[str], list[str], list[Line]]:
    """Page-1 header band (left, right cells) and the remaining lines.

    The band is cropped at the column boundary found from the words themselves, since the
    two cells of a borderless header table sit too close for a gap rule ("… BƯU ĐIỆN VIỆT
    CỘNG HÒA XÃ HỘI CHỦ …" on one visual line).
    """
    lines = _order(page.lines, page.width)
    mid = page.width / 2
    type_idx = None
    for i, ln in enumerate(lines[:40]):
        if md.doc_type_of(ln.text.strip()) and ln.top < page.height * 0.6 and len(ln.text) < 200:
            type_idx = i
            break
    if type_idx is None:
        # No type name: the band is the top lines that read like a header.
        band = [ln for ln in lines if ln.top < page.height * 0.3]
        texts = [ln.text for ln in band]
        if not md.looks_like_header(texts):
            return [], [], lines
        cut = 0
        for i, ln in enumerate(lines):
            if ln.top >= page.height * 0.3:
                break
            if md.find_date(ln.text) or md.find_number(ln.text) or md.is_motto(ln.text) or md.is_rule(ln.text):
                cut = i + 1
        band, rest = lines[:cut], lines[cut:]
    else:
        band, rest = lines[:type_idx], lines[type_idx:]
    if band and page.words:
        bottom = max(ln.bottom for ln in band) + 0.5
        band_words = [w for w in page.words if w["bottom"] <= bottom]
        x = _column_boundary(band_words, page.width)
        enc = encodings if encodings is not None else set()
        left_lines = _words_to_lines([w for w in band_words if (w["x0"] + w["x1"]) / 2 < x], 1, legacy, enc)
        right_lines = _words_to_lines([w for w in band_words if (w["x0"] + w["x1"]) / 2 >= x], 1, legacy, enc)
        return _join_wrapped(_by_top(left_lines)), _join_wrapped(_by_top(right_lines)), rest
    left = _join_wrapped([ln for ln in band if (ln.x0 + ln.x1) / 2 < mid])
    right = _join_wrapped([ln for ln in band if (ln.x0 + ln.x1) / 2 >= mid])
    return left, right, rest


def _by_top(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: (round(ln.top), ln.x0))


def _join_wrapped(lines: list[Line]) -> list[str]:
    """Re-join a unit name wrapped in a narrow header column ("ĐÀI PHÁT THANH VÀ TRUYỀN" /
    "HÌNH HÀ LÂM"): same weight, close below, and the second line does not open a name."""
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        t = ln.text.strip()
        if (
            prev is not None
            and out
            and ln.bold == prev.bold
            and 0 <= ln.top - prev.bottom < 0.8 * ln.size
            and md.is_upper_name(t)
            and md.is_upper_name(out[-1])
            and not md.opens_unit_name(t)
        ):
            out[-1] = f"{out[-1]} {t}"
        else:
            out.append(t)
        prev = ln
    return out


def _starts_block(ln: Line, prev: Line, left: float, right: float, gap_norm: float, indent: float = 0.0) -> bool:
    """True when `ln` opens a new block after `prev` (`indent`: ln.x0 minus its own margin)."""
    text = ln.text.strip()
    info = classify_line(text, bold=ln.bold)
    ptext = prev.text.strip()
    if (
        info.style == "caps"
        and is_all_caps(ptext)
        and ln.bold == prev.bold
        and ln.page == prev.page
        and 0 <= ln.top - prev.bottom <= gap_norm * 1.8 + 2
        and not ptext.endswith((".", ":", ";"))
        and classify_line(ptext).style not in ("part", "chapter")
        and not md.is_signature_start(ptext)
        and not md.is_signature_position(text)
    ):
        return False  # a capitalised heading wrapped onto a second line
    wrapped = prev.x1 >= right - 3 * prev.size and not prev.text.rstrip().endswith((".", ":", ";", "!", "?"))
    if info.kind in (LineKind.HEADING, LineKind.LIST_ITEM) and info.style not in ("bold",):
        # "… Chỉ thị số" / "07-CT/TW …": a marker-looking start after a full, unfinished line
        # continues the sentence, unless it is an unmistakable section heading.
        if not wrapped or (info.style in ("part", "chapter", "roman") and ln.bold):
            return True
        if info.style in ("bullet", "label", "runin") and not info.body[:1].islower():
            return True  # "- Lưu VT." after "- Ban Tuyên giáo Tỉnh ủy,"; not "kinh tế" / "- xã hội"
    if ln.page == prev.page and ln.column != prev.column and not (prev.column == 1 and ln.column == 2):
        return True  # side-by-side segments (closing block) never merge backwards
    if ln.page != prev.page or ln.column != prev.column:
        # A paragraph may go on at the top of the next page or column.
        if prev.text.rstrip().endswith((".", ":", ";", "!", "?")):
            return True
        if text[:1].islower():
            return False
        if indent > 0.9 * ln.size or (prev.bold and not ln.bold):
            return True  # an indented first line / a heading left at the foot of the column
        return not wrapped
    gap = ln.top - prev.bottom
    if gap > gap_norm * 1.8 + 2:
        return True
    if ln.x0 > left + 0.9 * ln.size and ln.x0 - prev.x0 > 0.9 * ln.size:
        return True  # first-line indent
    prev_short = prev.x1 < right - 3 * prev.size
    prev_end = prev.text.rstrip().endswith((".", ":", ";", "!", "?"))
    if not prev_short and not prev_end:
        return False  # a full line without a full stop: the sentence goes on
    if text[:1].islower():
        return False
    if prev.bold and not ln.bold and prev_short:
        return True  # a bold heading line, then body text
    if abs(ln.size - prev.size) >= 1.5:
        return True
    return prev_short and prev_end


def _join(a: str, b: str) -> str:
    a = a.rstrip()
    b = b.lstrip()
    if a.endswith("\xad"):
        return a[:-1] + b
    if len(a) >= 2 and a.endswith("-") and a[-2].isalnum():
        if len(a) >= 3 and a[-2].isalpha() and a[-3].isalpha() and b[:1].islower():
            return a[:-1] + b  # typographic hyphenation of one word
        if b[:1].isupper() or b[:1].isdigit():
            return a + b  # a code broken at its hyphen: "Kế hoạch số 36-" / "KH/HU"
    return f"{a} {b}"


def _paragraphs(lines: list[Line], page_width: dict[int, float]) -> list[RawItem]:
    """Join the lines of one flow into paragraphs."""
    if not lines:
        return []
    # Margins per page and column: indents and full lines are judged inside their column.
    margins: dict[tuple[int, int], tuple[float, float]] = {}
    for ln in lines:
        k = (ln.page, ln.column)
        a, b = margins.get(k, (ln.x0, ln.x1))
        margins[k] = (min(a, ln.x0), max(b, ln.x1))
    left = min(a for a, _ in margins.values())
    right = max(b for _, b in margins.values())
    gaps = [b.top - a.bottom for a, b in pairwise(lines)
            if b.page == a.page and 0 < b.top - a.bottom < 3 * a.size]
    gap_norm = statistics.median(gaps) if gaps else 4.0
    items: list[RawItem] = []
    cur: list[Line] = []

    def flush() -> None:
        if not cur:
            return
        text = cur[0].text
        for ln in cur[1:]:
            text = _join(text, ln.text)
        mid = page_width.get(cur[0].page, 600) / 2
        c = (min(ln.x0 for ln in cur) + max(ln.x1 for ln in cur)) / 2
        width = max(ln.x1 for ln in cur) - min(ln.x0 for ln in cur)
        centered = abs(c - mid) < 0.05 * mid * 2 and width < 0.85 * (right - left) if cur[0].column == 0 else False
        all_bold = all(ln.bold for ln in cur)
        items.append(
            RawItem(
                text=text,
                raw="\n".join(ln.raw for ln in cur),
                page=cur[0].page,
                bold=all_bold,
                bold_prefix=(cur[0].bold_prefix or None) if not all_bold else None,
                size=statistics.median(ln.size for ln in cur),
                centered=centered,
            )
        )
        cur.clear()

    for ln in lines:
        if not ln.text.strip():
            continue
        if md.is_rule(ln.text):
            flush()  # "-----" under the subject, "*" under the issuer: never part of a paragraph
            cur.append(ln)
            flush()
            continue
        lm, rm = margins[(ln.page, ln.column)]
        if cur and cur[-1].column != ln.column:
            lm, rm = margins[(cur[-1].page, cur[-1].column)]
        indent = ln.x0 - margins[(ln.page, ln.column)][0]
        if cur and _starts_block(ln, cur[-1], lm, rm, gap_norm, indent):
            flush()
        cur.append(ln)
    flush()
    return items


# Scanner specks read before a line ("_", "|", "-_ và …"): a run of marks holding one of _~|`.
_RE_OCR_LEAD = re.compile(r"^[-–—_~|`'.,·]*[_~|`][-–—_~|`'.,·]*\s*")
_RE_OCR_DOT = re.compile(r"^[.,·'`]+\s+")


_RE_OCR_DASH_MARKER = re.compile(r"^[-–]\s+(?=(?:[a-zđ]\)|\d{1,2}[.)/]|[IVX]{1,4}\.)\s)")
_RE_OCR_TAIL = re.compile(r"\s+[|_~`]+$")  # a table rule or speck after the text ("… hằng năm.   |")
_RE_SPECK_DOT = re.compile(r"(?<=[^\W\d_])\s?\.$")


def _strip_ocr_lead(line: str) -> str:
    """Drop specks before a line: "-_ và …", "| …", a "." or "," before a lower-case
    continuation (". đăng bán sản phẩm …") and a dash before a typed marker ("- a) Bản tin")."""
    line = _RE_OCR_LEAD.sub("", line.strip()).strip()
    m = _RE_OCR_DOT.match(line)
    if m and line[m.end():m.end() + 1].islower():
        line = line[m.end():]
    return _RE_OCR_DASH_MARKER.sub("", _RE_OCR_TAIL.sub("", line))


def _speck_dot(line: str) -> str | None:
    """`line` without a final "." that cannot end a sentence because the next line goes on
    in lower case (OCR reads specks as dots); None when it does not end in such a dot."""
    line = line.rstrip()
    last = line.split()[-1] if line.split() else ""
    if last.count(".") != 1 or not _RE_SPECK_DOT.search(line):
        return None
    return _RE_SPECK_DOT.sub("", line)


# A page number as OCR reads it: "2", "- 2 -", "Trang 2", "2/4", ". 2", "2."
_RE_OCR_PAGE_NO = re.compile(r"^[^\w]*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[^\w]*$", re.I)
_SENTENCE_END = (".", ":", ";", "!", "?", "…")


def _ocr_noise(line: str) -> bool:
    """A page number or a speck (one or two marks, "È", "'") at the edge of a scanned page."""
    t = line.strip().replace(" ", "")
    if _RE_OCR_PAGE_NO.match(t):
        return True
    letters = [c for c in t if c.isalpha()]
    return 0 < len(t) <= 2 and (not letters or (len(t) == 1 and t.isupper()))


def strip_ocr_running(texts: dict[int, str]) -> dict[int, str]:
    """Remove page numbers, specks and running headers/footers from OCR text, page by page.

    Only the first and last two lines of a page are candidates: a bare number or speck, or a
    line repeated (digits masked) at the edge of at least two pages. Text PDFs get the same
    treatment from `strip_running`, which has the coordinates this text lacks.
    """
    def edges(lines: list[str]) -> list[int]:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        return sorted(set(idx[:2] + idx[-2:]))

    split = {n: t.splitlines() for n, t in texts.items()}
    counts: Counter = Counter()
    for lines in split.values():
        counts.update({_mask(lines[i]) for i in edges(lines)})
    out: dict[int, str] = {}
    for n, lines in split.items():
        drop: set[int] = set()
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        for order in (idx[:2], list(reversed(idx[-2:]))):
            for i in order:  # from the edge inwards; stop at the first real line
                repeated = len(split) >= 2 and counts[_mask(lines[i])] >= 2 and len(lines[i].strip()) <= 120
                if _ocr_noise(lines[i]) or repeated:
                    drop.add(i)
                else:
                    break
        out[n] = "\n".join(ln for i, ln in enumerate(lines) if i not in drop)
    return out


def join_page_break(prev: RawItem, nxt: RawItem) -> RawItem | None:
    """The paragraph a page break cut in two, or None when `nxt` really starts a new block.

    `prev` must end without closing punctuation and `nxt` must read as running text (not a
    heading or a marked item); a stray "." or "," the scanner put before the join is dropped.
    """
    if prev.rows is not None or nxt.rows is not None or prev.region or nxt.region:
        return None
    a = prev.text.rstrip()
    b = _strip_ocr_lead(nxt.text)
    if b[:1].islower() and prev.ocr and classify_line(b).kind is not LineKind.HEADING and _speck_dot(a):
        a = _speck_dot(a) or a
    if not a or not b or a.endswith(_SENTENCE_END) or classify_line(a).kind is LineKind.HEADING:
        return None
    info = classify_line(b)
    if info.kind is not LineKind.PARAGRAPH and not (info.style == "bullet" and info.body[:1].islower()):
        return None
    if info.kind is not LineKind.PARAGRAPH:
        b = info.body  # "- y tế …": a speck read as a dash before the continuation
    return replace(prev, text=_join(a, b), raw=f"{prev.raw or prev.text}\n{nxt.raw or nxt.text}")


def text_to_items(text: str, *, page: int | None = None, ocr: bool = False) -> list[RawItem]:
    """Plain text (OCR output, text without fonts) → paragraph items.

    Blank lines separate paragraphs; a line opening with a marker or heading starts a new
    one; other lines are joined. Each line is decoded with `legacy.fix_line` first.
    """
    legacy = _legacy()
    items: list[RawItem] = []
    cur: list[str] = []

    def flush() -> None:
        if cur:
            t = cur[0]
            for x in cur[1:]:
                t = _join(t, x)
            items.append(RawItem(text=t, raw="\n".join(cur), page=page, ocr=ocr))
            cur.clear()

    blank = False
    for raw_line in text.splitlines():
        line = _strip_ocr_lead(raw_line)
        if legacy is not None and line:
            line = legacy.fix_line(line)[0]
        if not line:
            blank = True
            continue
        info = classify_line(line)
        # OCR noise: a stray "-" before a lower-case continuation, a page break mid-sentence.
        body = info.body if info.kind is LineKind.LIST_ITEM and info.style == "bullet" else line
        continues = bool(cur) and body[:1].islower() and not cur[-1].rstrip().endswith((".", ":", ";", "!", "?"))
        plain = info.kind is LineKind.PARAGRAPH or info.style == "bullet"
        if ocr and cur and not continues and plain and body[:1].islower() and _speck_dot(cur[-1]):
            cur[-1] = _speck_dot(cur[-1]) or cur[-1]  # "… cộng đồng ở." / "các thôn."
            continues = True
        if continues:
            cur.append(body)
            blank = False
            continue
        if blank:
            flush()
        blank = False
        if cur and (
            info.kind in (LineKind.HEADING, LineKind.LIST_ITEM)
            or cur[-1].rstrip().endswith((":",))
            or md.find_date(line) or md.find_number(line) or md.is_motto(line)
        ):
            flush()
        if ocr and info.style == "runin" and info.heading.endswith(".") and info.marker[:1].isalpha():
            # "c) Cơ sở vật chất. Từ nguồn …" fused by OCR: the title is a heading of its
            # own (marked bold, the weight OCR cannot see) and the rest opens a paragraph.
            flush()
            items.append(RawItem(text=info.heading, raw=line, page=page, bold=True, ocr=ocr))
            cur.append(info.rest)
            continue
        cur.append(line)
        if info.kind is LineKind.HEADING and info.style != "runin":
            flush()
    flush()
    return items


def _ocr(path: Path, pages: list[int]) -> tuple[dict[int, tuple[str, float]], dict[int, str]]:
    """OCR some pages; returns (results, failures by page)."""
    from extractors.ocr import ocr_pdf_pages

    try:
        return ocr_pdf_pages(path, pages, max_pages=None), {}  # the cap is applied by the caller
    except MissingToolError:
        raise
    except (BadInputError, TransientError) as exc:
        if len(pages) == 1:
            return {}, {pages[0]: str(exc)}
        results: dict[int, tuple[str, float]] = {}
        failures: dict[int, str] = {}
        for p in pages:  # retry one by one so one bad page does not sink the others
            try:
                results.update(ocr_pdf_pages(path, [p], max_pages=None))
            except (BadInputError, TransientError) as e:
                failures[p] = str(e)
        return results, failures


def read_pdf(path: Path) -> ExtractedDocument:
    legacy = _legacy()
    encodings: set[str] = set()
    pdf = _open(path)
    try:
        if len(pdf.pages) == 0:
            raise BadInputError(
                "Tệp PDF không có trang nào; đề nghị đơn vị xuất lại PDF từ tệp gốc.",
                "The PDF has no pages; ask the unit to export the PDF again from the original file.",
                code="empty_document",
            )
        pages: list[PageText] = []
        for i, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, i, legacy, encodings))
            except Exception as exc:  # one broken page must not lose the others
                pt = PageText(i, float(page.width or 595), float(page.height or 842))
                pt.kind, pt.reason = "garbage", f"page could not be parsed ({type(exc).__name__})"
                pages.append(pt)
    finally:
        pdf.close()

    strip_running(pages)
    warnings: list[str] = []
    ocr_pages: list[int] = []
    confidences: list[float] = []
    ocr_text: dict[int, str] = {}
    todo = [p.number for p in pages if p.kind in ("scan", "garbage")]
    over_cap: list[int] = []
    if todo:
        from extractors.guard import Limits, ocr_cap_warning, ocr_page_cap

        limits = Limits.from_env()
        now, over_cap = ocr_page_cap(todo, limits)  # a huge scan must not hold a worker for hours
        if over_cap:
            warnings.append(ocr_cap_warning(over_cap, limits))
        try:
            results, failures = _ocr(path, now) if now else ({}, {})
        except MissingToolError:
            if len(todo) == len(pages):
                raise
            results, failures = {}, {n: "OCR tools missing (tesseract-ocr-vie)" for n in todo}
        for n in todo:
            if n in over_cap:
                continue  # named once in the cap warning
            reason = next(p.reason for p in pages if p.number == n)
            if n in results:
                text, conf = results[n]
                if not text.strip() and reason.startswith("no text layer"):
                    continue  # a blank scanned page
                # A last page holding only "- Lưu: VP." reads as a few words among specks: low
                # confidence, but nothing of the report is lost, so no page to ask the unit for.
                near_blank = reason.startswith("no text layer") and len(text.split()) <= NEAR_BLANK_WORDS
                if not near_blank and (conf < 0.4 or (len(text.strip()) < 20 and conf < 0.6)):
                    warnings.append(
                        f"Trang {n}: OCR không đọc được rõ (độ tin cậy {conf:.2f}) | "
                        f"Page {n}: {reason}; OCR result unusable (confidence {conf:.2f})"
                    )
                    if text.strip():
                        ocr_text[n] = text
                        ocr_pages.append(n)
                        confidences.append(conf)
                    continue
                ocr_text[n] = text
                ocr_pages.append(n)
                confidences.append(conf)
            else:
                warnings.append(
                    f"Trang {n}: không đọc được ({failures.get(n, 'OCR thất bại')}) | "
                    f"Page {n}: {reason}; OCR failed: {failures.get(n, 'no result')}"
                )

    ocr_text = strip_ocr_running(ocr_text)
    header_left: list[str] = []
    header_right: list[str] = []
    items: list[RawItem] = []
    widths = {p.number: p.width for p in pages}
    flow: list[Line] = []

    def flush_flow() -> None:
        items.extend(_paragraphs(flow, widths))
        flow.clear()

    for p in pages:
        if p.kind == "empty":
            continue
        if p.kind != "text":
            flush_flow()
            if p.number in ocr_text:
                page_items = text_to_items(ocr_text[p.number], page=p.number, ocr=True)
                if page_items and items and items[-1].ocr and items[-1].page == p.number - 1:
                    joined = join_page_break(items[-1], page_items[0])
                    if joined is not None:  # a sentence running on over the page break
                        items[-1] = joined
                        page_items = page_items[1:]
                items.extend(page_items)
            continue
        if p.number == 1 or (not items and not flow and not header_left):
            left, right, lines = _header_split(p, legacy, encodings)
            header_left, header_right = left, right
        else:
            lines = _order(p.lines, p.width)
        # Interleave tables in reading order: before the first line below them in their column.
        mid = p.width / 2
        tables = sorted(p.tables, key=lambda t: t[0])

        def table_column(t, mid: float = mid) -> int:
            return 1 if t[3] <= mid + 10 else 2 if t[2] >= mid - 10 else 0

        for ln in lines:
            due = [t for t in tables if t[0] < ln.top and (table_column(t) == 0 or ln.column in (0, table_column(t)))]
            if due:
                flush_flow()
                for t in due:
                    items.append(RawItem(text="", rows=t[1], page=p.number))
                    tables.remove(t)
            flow.append(ln)
        if tables:
            flush_flow()
            for t in tables:
                items.append(RawItem(text="", rows=t[1], page=p.number))
    flush_flow()
    items = merge_split_tables(items)
    _mark_closing(items)

    sizes = Counter(round(i.size or 0) for i in items if i.size and i.rows is None and len(i.text) > 80)
    body_size = sizes.most_common(1)[0][0] if sizes else None
    blocks, meta = assemble(items, header_left=header_left, header_right=header_right, body_size=body_size)
    if not check_not_empty(blocks):
        if todo and len(todo) == len(pages):
            raise BadInputError(
                "Tệp PDF là ảnh quét không đọc được chữ (OCR thất bại); đề nghị đơn vị gửi bản quét rõ hơn "
                "(300 dpi) hoặc tệp Word.",
                "The PDF is a scan whose text could not be recognised; ask the unit for a clearer scan "
                "(300 dpi) or the Word file.",
                code="unreadable_scan",
            )
        raise BadInputError(
            "Tệp PDF không có nội dung văn bản; đề nghị đơn vị gửi đúng tệp báo cáo.",
            "The PDF contains no text; ask the unit to send the actual report file.",
            code="empty_document",
        )
    return ExtractedDocument(
        format=Format.PDF,
        blocks=blocks,
        meta=meta,
        pages=len(pages),
        status=DocStatus.PARTIAL if warnings else DocStatus.OK,
        warnings=tuple(warnings),
        ocr_pages=tuple(ocr_pages),
        ocr_confidence=round(sum(confidences) / len(confidences), 3) if confidences else None,
        encodings=tuple(sorted(encodings)),
    )


def merge_split_tables(items: list[RawItem]) -> list[RawItem]:
    """One table cut by a page break is one table: a table opening the next page with the
    same number of columns continues the previous one. Its repeated header row is dropped,
    and a first row with empty cells under a full last row is the rest of that row (Word and
    LibreOffice let a row break across pages: "Hồ sơ trực tuyến" / "toàn trình")."""
    out: list[RawItem] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is None or prev.rows is None or it.rows is None or not prev.rows or not it.rows
            or prev.page is None or it.page != prev.page + 1
            or max(map(len, prev.rows)) != max(map(len, it.rows))
        ):
            out.append(it)
            continue
        rows = list(it.rows)
        if rows[0] == prev.rows[0]:
            rows = rows[1:]  # the header row repeated on the new page
        merged = list(prev.rows)
        last = merged[-1]
        if rows and all(c.strip() for c in last) and any(not c.strip() for c in rows[0]) \
                and len(rows[0]) == len(last) and rows[0][0].strip()[:1].islower():
            merged[-1] = tuple(f"{a} {b}".strip() if b.strip() else a for a, b in zip(last, rows[0], strict=True))
            rows = rows[1:]
        out[-1] = replace(prev, rows=tuple(merged + rows))
    return out


def _mark_closing(items: list[RawItem]) -> None:
    """Side-by-side "Nơi nhận" | signature: tag the items so they are not read as body."""
    start = None
    for i, it in enumerate(items):
        t = it.text.strip()
        if it.rows is None and i > 0 and (md.is_recipients_start(t) or md.is_signature_start(t)):
            start = i
            break
    if start is None:
        return
    for i in range(start, len(items)):
        it = items[i]
        if it.rows is not None:
            break
        t = it.text.strip()
        f = t.upper()
        if f.startswith(("PHỤ LỤC", "PHU LUC")):
            break
        region = "recipients" if md.is_recipients_start(t) else None
        if region is None:
            region = "recipients" if (t.startswith(("-", "+", "•")) or t[:1].islower()) else "signature"
        # Keep side-by-side order: recipients lines are the left column.
        items[i] = replace(it, region=region)


class PdfExtractor:
    formats = (Format.PDF,)

    def extract(self, path: Path, workdir: Path) -> ExtractedDocument:
        return read_pdf(path)
