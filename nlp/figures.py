"""Numbers a report gives -> Figure records with campaign measure, unit, value, denominator.

Vietnamese formats: "1.234" (dot = thousands), "2,5" (comma = decimal), "18/20 xã" (value 18
of 20), "100% xã", "2,5 tỷ đồng" (money normalised to "triệu đồng"). Dates ("05/9/2016",
"tháng 5/2022"), years, document numbers ("Số 45-BC/HU", "07-CT/TW", "52/2016/QĐ-TTg") and
list numbering never become figures with a measure: they are skipped altogether.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.cues import fold, phrase_regex
from tonghop.campaign import Campaign, Measure
from tonghop.models import Figure

_L = "A-Za-zÀ-ỹĐđ"
# a number token: 1.234.567 | 2,5 | 18/20 | 100 ; followed by optional %
_NUM = re.compile(
    r"(?<![\w/.,-])(?P<a>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?:\s*/\s*(?P<b>\d{1,3}(?:\.\d{3})+|\d+))?(?P<pct>\s*%)?(?![\w/-]|[.,]\d)"
)
# tokens that carry digits and letters joined by "-" or "/": document numbers, codes
_TOKEN = re.compile(r"[\w./-]*\d[\w./-]*")
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}-\d{1,2}-\d{4}\b")
_DATE_WORDS = re.compile(
    r"(?:ngày|tháng|năm|quý|khóa|khoá|điều|khoản|điểm|mục|phần|chương|lần thứ|số|giai đoạn|từ năm|đến năm|"
    r"đợt|thứ)\s*:?\s*$",
    re.IGNORECASE,
)
_DOC_WORDS = re.compile(
    r"(?:chỉ thị|nghị quyết|quyết định|kế hoạch|công văn|hướng dẫn|báo cáo|thông báo|kết luận|thông tư|nghị định|"
    r"luật|quy định|đề án|chương trình|văn bản|tờ trình)\s+(?:số\s*:?\s*)?$",
    re.IGNORECASE,
)
_LIST_START = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)/]|[IVXLC]+[.\-])\s")

_GENERIC_UNITS = (
    "xã, phường, thị trấn", "xã, thị trấn", "phường, xã", "xã, phường", "thôn, tổ dân phố", "thôn, bản", "lượt người",
    "lượt cán bộ", "lượt hội viên", "lượt đoàn viên", "lượt", "cụm loa", "bản tin", "bảng tin", "tin, bài", "tin bài",
    "hội nghị", "lớp", "buổi", "cán bộ", "người", "đồng chí", "tủ sách", "thôn", "bản", "tổ dân phố", "xã", "phường",
    "thị trấn", "đài", "trạm", "điểm", "nhà văn hóa", "chương trình", "chuyên mục", "phóng sự", "cuốn", "bộ", "pa nô",
    "khẩu hiệu", "băng rôn", "hộ", "giờ", "phút", "km", "cụm", "bảng", "tủ", "đội", "thiết bị", "trang", "tài khoản",
    "nhóm", "tin", "bài", "loa", "màn hình", "đơn vị", "trường hợp", "cơ sở", "câu lạc bộ", "mô hình", "chi bộ",
    "đảng viên", "hội viên", "đoàn viên", "nhân khẩu",
)
_UNIT_RX = phrase_regex(_GENERIC_UNITS)
_MONEY = re.compile(
    r"^\s*(?P<scale>nghìn tỷ|tỷ|triệu|nghìn|ngàn)?\s*đồng\b|^\s*(?P<scale2>tỷ|triệu)\b(?!\s+\w+\s+đồng)", re.IGNORECASE
)
_MONEY_SCALE = {"nghìn tỷ": 1e6, "tỷ": 1e3, "triệu": 1.0, "nghìn": 1e-3, "ngàn": 1e-3, None: 1e-6}
_COUNT_ALIASES = {"xã, phường, thị trấn": "xã", "xã, thị trấn": "xã", "phường, xã": "xã", "xã, phường": "xã",
                  "tin bài": "tin, bài", "cụm": "cụm loa", "tủ": "tủ sách", "bảng": "bảng tin"}
_CLAUSE = re.compile(r"[;:()]|,\s+(?=(?:trong đó|riêng|còn|và|với)\b)|\.\s")


def parse_number(s: str) -> float:
    """'1.234' -> 1234, '2,5' -> 2.5, '1.234,5' -> 1234.5."""
    return float(s.replace(".", "").replace(",", "."))


@dataclass(frozen=True)
class _Hit:
    value: float
    denominator: float | None
    unit: str
    start: int
    end: int
    raw: str


def _excluded(text: str, start: int, end: int, a: str, b: str | None) -> bool:
    before = text[max(0, start - 25):start]
    if _DATE_WORDS.search(before) or _DOC_WORDS.search(before):
        return True
    if b is not None:
        av, bv = parse_number(a), parse_number(b)
        if bv >= 1900 and bv <= 2100:  # "5/2022" month/year
            return True
        if re.search(r"ngày\s*$", before, re.IGNORECASE):
            return True
        if av > bv:  # not a fraction
            return True
    elif re.fullmatch(r"(19[5-9]\d|20\d\d)", a):
        return True  # a bare year
    return start < 4 and bool(_LIST_START.match(text[start:end + 2]))


def _masked(text: str) -> str:
    """Blank out dates and code tokens so their digits never look like figures."""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    def code(m: re.Match[str]) -> str:
        tok = m.group(0).rstrip(".,")
        if re.search(rf"[{_L}]", tok) and re.search(r"[-/]", tok):
            return " " * len(tok) + m.group(0)[len(tok):]
        return m.group(0)

    return _TOKEN.sub(code, _DATE.sub(blank, text))


def _unit_after(text: str, end: int) -> tuple[str, float, int]:
    """(unit of measure, multiplier, end of unit) for the words right after a number."""
    after = text[end:end + 40]
    m = _MONEY.match(after)
    if m:
        scale = (m.group("scale") or m.group("scale2") or None)
        scale = scale.lower() if scale else None
        if m.group("scale2") and not m.group("scale"):
            return "triệu đồng", _MONEY_SCALE[scale], end + m.end()
        return "triệu đồng", _MONEY_SCALE[scale], end + m.end()
    stripped = after.lstrip()
    m = _UNIT_RX.match(fold(stripped))
    if m:
        unit = stripped[: m.end()].strip()
        unit = _COUNT_ALIASES.get(fold(unit), fold(unit))
        return unit, 1.0, end + (len(after) - len(stripped)) + m.end()
    return "", 1.0, end


def number_hits(text: str) -> list[_Hit]:
    """Every countable number in a sentence with its unit (dates, years, codes excluded)."""
    masked = _masked(text)
    hits: list[_Hit] = []
    for m in _NUM.finditer(masked):
        if hits and m.start() < hits[-1].end:
            continue
        a, b, pct = m.group("a"), m.group("b"), m.group("pct")
        if _excluded(masked, m.start(), m.end(), a, b):
            continue
        value = parse_number(a)
        denom = parse_number(b) if b else None
        if pct:
            unit, mult, uend = "%", 1.0, m.end()
        else:
            unit, mult, uend = _unit_after(text, m.end())
            # "2 tỷ 500 triệu đồng": fold the trailing part into the first
            tail = re.match(r"\s*tỷ\s+(\d+(?:,\d+)?)\s*triệu\s+đồng", text[m.end():], re.IGNORECASE)
            if tail:
                value, mult, unit = value * 1000 + parse_number(tail.group(1)), 1.0, "triệu đồng"
                uend = m.end() + tail.end()
        hits.append(_Hit(round(value * mult, 6), denom, unit, m.start(), uend, text[m.start():uend].strip()))
    return hits


def _unit_fits(unit: str, ms: Measure) -> bool:
    """A number's unit agrees with a measure: same unit, a percentage, or one of its cue words."""
    return unit in ("%", fold(ms.unit)) or unit in {fold(c) for c in ms.cues}


def _measure_for(window: str, unit: str, measures: Sequence[Measure], any_unit: bool = False) -> Measure | None:
    """The measure whose cue occurs in the window and whose unit agrees (longest cue wins)."""
    f = fold(window)
    best: tuple[int, Measure] | None = None
    for ms in measures:
        if unit and not _unit_fits(unit, ms):
            continue
        if not unit and not any_unit:
            continue
        for cue in ms.cues:
            if phrase_regex((cue,)).search(f) and (best is None or len(cue) > best[0]):
                best = (len(cue), ms)
    return best[1] if best else None


def _window(text: str, hits: list[_Hit], i: int) -> str:
    """The clause around hit i: from the previous number/clause break to the next one."""
    h = hits[i]
    lo = hits[i - 1].end if i > 0 else 0
    hi = hits[i + 1].start if i + 1 < len(hits) else len(text)
    left = text[lo:h.start]
    cut = list(_CLAUSE.finditer(left))
    if cut:
        left = left[cut[-1].end():]
    right = text[h.end:hi]
    cut_r = _CLAUSE.search(right)
    if cut_r:
        right = right[: cut_r.start()]
    return " ".join(f"{left} {h.raw} {right}".split())


def sentence_figures(
    text: str, campaign: Campaign, sentence_seq: int | None = None, page: int | None = None, paragraph: int = 0
) -> tuple[Figure, ...]:
    """Figures of one sentence.

    >>> [(f.value, f.denominator, f.unit_of_measure) for f in sentence_figures("Đến nay 18/20 xã có đài.", c)]
    [(18.0, 20.0, 'xã')]
    """
    hits = number_hits(text)
    out = []
    for i, h in enumerate(hits):
        window = _window(text, hits, i)
        ms = _measure_for(window, h.unit, campaign.measures)
        unit = h.unit
        if ms is not None and unit != "%":
            unit = ms.unit  # "lượt cán bộ" counts the measure "lượt người": add them up together
        out.append(Figure(h.value, ms.id if ms else "", window, unit, sentence_seq, page, paragraph,
                          denominator=h.denominator, raw=h.raw))
    return tuple(out)


_HEADER_SKIP = re.compile(r"^(?:tt|stt|số tt|thứ tự|ghi chú)$", re.IGNORECASE)
_UNIT_COL = re.compile(r"^(?:đvt|đơn vị tính|đơn vị)$", re.IGNORECASE)
_CELL_NUM = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*/\s*\d+(?:\.\d{3})*)?\s*%?\s*$")


def table_figures(
    rows: Sequence[Sequence[str]], campaign: Campaign, page: int | None = None, paragraph: int = 0,
    sentence_seq: int | None = None,
) -> tuple[Figure, ...]:
    """Figures from table cells: the row's text cells and the column header say what is counted.

    `sentence_seq` is the seq of the header row's sentence; row r is sentence `sentence_seq + r`.
    """
    if len(rows) < 2:
        return ()
    header = [c.strip() for c in rows[0]]
    unit_col = next((j for j, h in enumerate(header) if _UNIT_COL.match(h)), None)
    out = []
    for r, row in enumerate(rows[1:], start=1):
        label_cells = [c for j, c in enumerate(row) if j != unit_col and c.strip() and not _CELL_NUM.match(c)]
        row_label = " ".join(label_cells).strip()
        row_unit = fold(row[unit_col].strip()) if unit_col is not None and unit_col < len(row) else ""
        row_unit = _COUNT_ALIASES.get(row_unit, row_unit)
        for j, cell in enumerate(row):
            head = header[j] if j < len(header) else ""
            if not _CELL_NUM.match(cell) or _HEADER_SKIP.match(head) or j == unit_col:
                continue
            if re.fullmatch(r"(?:năm\s+)?(?:19|20)\d\d", fold(row_label)):
                continue
            text = cell.strip()
            hit = number_hits(f"{text} ")
            if not hit:
                continue
            h = hit[0]
            unit = "%" if "%" in text else (row_unit or _unit_in(head) or _unit_in(row_label) or h.unit)
            if re.search(r"triệu đồng|tỷ đồng|kinh phí", fold(head + " " + row_label)) and unit != "%":
                value = h.value * (1000 if "tỷ" in fold(head) else 1)
                unit = "triệu đồng"
            else:
                value = h.value
            label = f"{row_label} ({head})" if head else row_label
            ms = _measure_for(f"{row_label} {head}", unit, campaign.measures, any_unit=True)
            if ms is None:
                ms = _measure_for(f"có {row_label}", unit, campaign.measures, any_unit=True)
            if ms is not None and unit != "%":
                unit = ms.unit
            seq = sentence_seq + r if sentence_seq is not None else None  # the row's own sentence
            out.append(Figure(value, ms.id if ms else "", label, unit or (ms.unit if ms else ""), seq,
                              page, paragraph, table_row=r, table_col=j, denominator=h.denominator, raw=text))
    return tuple(out)


def _unit_in(text: str) -> str:
    m = re.search(r"\(([^)]+)\)", text)
    if m:
        u = fold(m.group(1).strip())
        return "triệu đồng" if "đồng" in u else _COUNT_ALIASES.get(u, u)
    return ""

