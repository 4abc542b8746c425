"""Typed headings and list markers of Vietnamese reports, recognised from one line of text.

Real reports number their sections by hand ("I.", "I-", "I.-", "1/", "2.2.", "a)", "PHẦN
THỨ NHẤT"), use bare capitals ("ƯU ĐIỂM") or bold run-in labels ("Về hạn chế: …"), and
rarely use Word heading styles, so the structure has to be read from the text itself.
`classify_line` is pure; `HeadingStack` turns the ranks it returns into heading paths.

Rank (smaller = outer): PHẦN < Chương < Mục < Roman < bare capitals < Arabic < 2.2. <
2.2.1. < a) < run-in label. The level written to a block is its depth in the stack, so a
report whose outermost numbering is "1." still gets level 1 there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from nlp.normalize import fold

RANK_PART = 0
RANK_CHAPTER = 1
RANK_SECTION = 2
RANK_ROMAN = 3
RANK_CAPS = 4
RANK_ARABIC = 5
RANK_DECIMAL2 = 6
RANK_DECIMAL3 = 7
RANK_LETTER = 8
RANK_RUNIN = 9

# Word heading styles / outline levels (0-based) mapped to ranks when no typed marker exists.
OUTLINE_RANKS = (RANK_ROMAN, RANK_ARABIC, RANK_DECIMAL2, RANK_DECIMAL3, RANK_LETTER)


class LineKind(StrEnum):
    HEADING = "heading"
    LIST_ITEM = "list_item"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class LineInfo:
    """What a line is.

    `style` names the marker: part, chapter, section, roman, caps, arabic, decimal2/3,
    letter, bold (unnumbered bold line), label (a line that is only "Kết quả đạt được:"),
    runin (a label followed by text on the same line), bullet, ordinal.

    `heading` is the heading text as it should appear in heading paths (numbering kept,
    bullet of a run-in label dropped); `body` is the text without its list marker;
    `rest` is the text following a run-in label ("" otherwise).
    """

    kind: LineKind
    rank: int | None = None
    style: str = ""
    marker: str = ""
    heading: str = ""
    body: str = ""
    rest: str = ""


_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"
_RE_ROMAN = re.compile(rf"^(?P<num>{_ROMAN})\s*(?P<sep>\.\s*[-–]|[.\-–/)])\s*(?P<body>\S.*)$")
_RE_DECIMAL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})(?P<dot>\.)?(?:\s*[-–)]\s*|\s+)(?P<body>\S.*)$")
_RE_ARABIC = re.compile(r"^(?P<num>\d{1,2})\s*(?P<sep>\.(?!\d)|/(?!\d)|\)|[-–](?!\d))\s*(?P<body>\S.*)$")
_RE_UPPER_LETTER = re.compile(r"^(?P<num>[A-HKĐÐ])\s*(?P<sep>[.)/]|\.\s*[-–])\s+(?P<body>\S.*)$")
_RE_LETTER = re.compile(r"^(?P<num>[a-zđ])\s*(?P<sep>\)|\.(?=\s)|/)\s*(?P<body>\S.*)$")
_RE_LOWER_ROMAN = re.compile(r"^(?P<num>(?:ii|iii|iv|vi|vii|viii|ix|xi|xii))(?P<sep>[.)])\s+(?P<body>\S.*)$")
_RE_BULLET = re.compile(r"^(?P<num>[-–—+•*·▪◦●○■□➢✓>])\s*(?P<body>\S.*)$")
_ORDINALS = (
    "mot la", "hai la", "ba la", "bon la", "nam la", "sau la", "bay la", "tam la", "chin la",
    "muoi la", "thu nhat", "thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay",
    "thu tam", "thu chin", "thu muoi", "cuoi cung",
)
_RE_ORDINAL = re.compile(r"^(?P<num>(?:" + "|".join(_ORDINALS) + r"))\s*[,:]\s*(?P<body>\S.*)$", re.I)
_RE_PART = re.compile(r"^PHAN\s+(?:THU\s+[A-Z]+|[IVXLC]+\b|\d+\b)")
_RE_CHAPTER = re.compile(r"^CHUONG\s+(?:THU\s+[A-Z]+|[IVXLC]+\b|\d+\b)")
_RE_SECTION = re.compile(r"^MUC\s+(?:[IVXLC]+\b|\d+\b)")

# Labels that, followed by ":", open a run-in heading even without bold formatting.
_RUNIN_WORDS = (
    "ve ", "ket qua", "han che", "uu diem", "khuyet diem", "ton tai", "nguyen nhan",
    "kho khan", "thuan loi", "vuong mac", "bai hoc", "nhiem vu", "giai phap", "kien nghi",
    "de xuat", "de nghi", "phuong huong", "mat duoc", "mat chua duoc", "nhung ket qua",
    "nhung han che", "mot so", "tinh hinh", "danh gia", "nhan xet", "cong tac",
)

# Labels that open a bulleted run-in even when the weight is unknown (OCR, plain text):
# "- Nguyên nhân khách quan: địa hình …" must keep its cause context.
_OCR_RUNIN_WORDS = (
    "nguyen nhan", "khach quan", "chu quan", "han che", "ket qua", "uu diem", "ton tai",
    "kho khan", "vuong mac", "bai hoc", "kinh nghiem", "kien nghi", "de xuat", "giai phap",
)


def _ocr_runin(label: str) -> bool:
    return fold(label.lower()).startswith(_OCR_RUNIN_WORDS)


MAX_HEADING_CHARS = 160
MAX_HEADING_WORDS = 28


def _letters(text: str) -> list[str]:
    return [c for c in text if c.isalpha()]


def is_all_caps(text: str) -> bool:
    """True when every letter is upper case and there are enough letters to judge."""
    letters = _letters(text)
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _looks_like_title(body: str, bold: bool | None) -> bool:
    """Short, not a finished sentence: how a typed heading differs from a numbered item."""
    body = body.strip()
    if not body or len(body) > MAX_HEADING_CHARS or len(body.split()) > MAX_HEADING_WORDS:
        return False
    first = next((c for c in body if c.isalpha()), "")
    if first and not first.isupper() and not bold:
        return False
    if body.endswith(";") or body.endswith(","):
        return False
    if body.endswith("."):
        # A finished sentence: a heading only if it is short and formatted as one.
        return (bool(bold) and len(body.split()) <= 14) or is_all_caps(body)
    return not (bold is False and len(body.split()) > 16 and not is_all_caps(body))


def _split_runin(text: str, bold_prefix: int | None) -> tuple[str, str] | None:
    """("Về hạn chế:", "Một số …") when the line opens with a label ending in ":"."""
    if bold_prefix is not None and bold_prefix > 0:
        label = text[:bold_prefix].rstrip()
        rest = text[bold_prefix:].strip()
        # The bold part may stop before or after the colon ("Về hạn chế" + ": …").
        if not label.endswith(":") and rest.startswith(":"):
            label, rest = label + ":", rest[1:].strip()
        if label.endswith(":") and len(label.split()) <= 16:
            return label, rest
        if label.endswith((".", ":")) and rest and len(label.split()) <= 12:
            return label, rest
    idx = text.find(":")
    if idx <= 0 or idx > 100:
        return None
    label = text[: idx + 1]
    if len(label.split()) > 12 or re.search(r"\d", label):
        return None
    key = fold(label.lower())
    if not key.startswith(_RUNIN_WORDS):
        return None
    return label.strip(), text[idx + 1 :].strip()


def _numbered_item(line: str, m: re.Match, bold_prefix: int | None, style: str, marker: str) -> LineInfo:
    """ "1/ Về công tác tham mưu: Sở đã …": a numbered run-in label, else a numbered item."""
    body = m.group("body")
    bp = None if bold_prefix is None else max(0, bold_prefix - m.start("body"))
    runin = _split_runin(body, bp)
    if runin and runin[1]:
        label = line[: m.start("body")] + runin[0]
        return LineInfo(LineKind.HEADING, RANK_RUNIN, "runin", marker, label, body, runin[1])
    return LineInfo(LineKind.LIST_ITEM, None, style, marker, body=body)


# Marks OCR reads from specks, stamps and table rules; none belongs in a heading title.
_NOISE_MARKS = frozenset("@#$^*=~<>{}[]|\\_`¤§©®¬¦°±×÷‰†‡•¶")
MIN_LETTER_SHARE = 0.6
"""Letters per non-space character below which an unnumbered line is too noisy to head."""


def is_noisy(text: str, *, numbered: bool = False) -> bool:
    """True for OCR junk ("I @Œ@ CI + C2 2 CC"): a noise mark, a letter outside Latin/
    Vietnamese, a "+" inside the text, or (unless the line carries clean numbering) too few
    letters among its characters. Digits count half, so "KẾT QUẢ NĂM 2023" stays clean.

    >>> is_noisy("I @Œ@ CI + C2 2 CC"), is_noisy("ƯU ĐIỂM"), is_noisy("II. NĂM 2023", numbered=True)
    (True, False, False)
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    for c in chars:
        if c in _NOISE_MARKS or (c.isalpha() and c not in "Ðð" and not fold(c).isascii()):  # Ð: a legacy Đ
            return True
    if " + " in f" {text} ":
        return True
    if numbered:
        return False
    letters = len(_letters(text))
    digits = sum(c.isdigit() for c in chars)
    return letters + digits / 2 < MIN_LETTER_SHARE * len(chars)


_NUMBERED_STYLES = frozenset({
    "part", "chapter", "section", "upper_letter", "roman", "arabic", "decimal2", "decimal3", "letter",
})


def classify_line(
    text: str,
    *,
    bold: bool | None = None,
    bold_prefix: int | None = None,
    font_size: float | None = None,
    body_size: float | None = None,
) -> LineInfo:
    """Recognise a typed heading, a list item or a plain paragraph from one line.

    `bold` is True/False when the whole line's weight is known (None: unknown, e.g. OCR);
    `bold_prefix` the length of a leading bold span when only the start is bold;
    `font_size`/`body_size` let a larger font count as heading evidence. A heading made of
    OCR noise (see `is_noisy`) is read as a paragraph.

    >>> classify_line("II. KẾT QUẢ THỰC HIỆN").rank == RANK_ROMAN
    True
    >>> classify_line("1. Đến nay 18/20 xã đã có đài truyền thanh ứng dụng công nghệ thông tin.").kind
    <LineKind.LIST_ITEM: 'list_item'>
    >>> classify_line("I @Œ@ CI + C2 2 CC").kind
    <LineKind.PARAGRAPH: 'paragraph'>
    """
    info = _classify(text, bold=bold, bold_prefix=bold_prefix, font_size=font_size, body_size=body_size)
    if info.kind is not LineKind.HEADING:
        return info
    title = info.heading
    if info.marker and title.startswith(info.marker):
        title = title[len(info.marker):]
    if is_noisy(title, numbered=info.style in _NUMBERED_STYLES):
        return LineInfo(LineKind.PARAGRAPH, body=" ".join(text.split()))
    return info


_RE_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{2})\.\s+(?=[^\W\d_])")


def _ocr_letter_runin(line: str, m: re.Match) -> LineInfo | None:
    """ "c) Cơ sở vật chất. Từ nguồn …" read by OCR as one line: the lettered title ends at
    the first sentence break and the rest is body text (style "runin", rest set)."""
    body = m.group("body")
    brk = _RE_SENTENCE_BREAK.search(body)
    if not brk or m.group("sep") != ")" or not body[brk.end()].isupper():
        return None
    title, rest = body[: brk.start() + 1], body[brk.end():].strip()
    if not rest or len(title.split()) > 14 or not title[:1].isupper() or ":" in title:
        return None
    marker = m.group("num") + m.group("sep")
    return LineInfo(LineKind.HEADING, RANK_RUNIN, "runin", marker, line[: m.start("body")] + title, body, rest)


def _classify(
    text: str,
    *,
    bold: bool | None = None,
    bold_prefix: int | None = None,
    font_size: float | None = None,
    body_size: float | None = None,
) -> LineInfo:
    line = " ".join(text.split())
    if not line:
        return LineInfo(LineKind.PARAGRAPH)
    big = bool(font_size and body_size and font_size >= body_size + 1.5)
    strong = bold or big
    folded = fold(line, upper=True)

    for rx, rank, style in (
        (_RE_PART, RANK_PART, "part"),
        (_RE_CHAPTER, RANK_CHAPTER, "chapter"),
        (_RE_SECTION, RANK_SECTION, "section"),
    ):
        m = rx.match(folded)
        if m and len(line) <= MAX_HEADING_CHARS and not line.endswith((".", ";", ",")):
            return LineInfo(LineKind.HEADING, rank, style, m.group(0), line, line)

    if line.startswith(("V/v", "v/v")):
        return LineInfo(LineKind.PARAGRAPH, body=line)

    m = _RE_UPPER_LETTER.match(line)
    if m and (is_all_caps(m.group("body")) or (strong and _looks_like_title(m.group("body"), True))) \
            and len(line) <= MAX_HEADING_CHARS:
        # "A. KẾT QUẢ ĐẠT ĐƯỢC" / "B. HẠN CHẾ": lettered parts above the Roman sections
        return LineInfo(LineKind.HEADING, RANK_SECTION, "upper_letter", m.group("num") + m.group("sep"), line, line)

    m = _RE_DECIMAL.match(line)
    if m and m.group("body")[0].isalpha():
        body = m.group("body")
        depth = m.group("num").count(".") + 1
        rank = RANK_DECIMAL2 if depth == 2 else RANK_DECIMAL3
        if _looks_like_title(body, strong):
            return LineInfo(LineKind.HEADING, rank, f"decimal{depth}", m.group("num"), line, line)
        return _numbered_item(line, m, bold_prefix, f"decimal{depth}", m.group("num"))

    m = _RE_ROMAN.match(line)
    if m and (m.group("body")[0].isupper() or m.group("body")[0].isdigit()):
        body = m.group("body")
        if _looks_like_title(body, strong) or is_all_caps(body):
            return LineInfo(LineKind.HEADING, RANK_ROMAN, "roman", m.group("num"), line, line)

    m = _RE_ARABIC.match(line)
    if m and m.group("body")[0].isalpha() and "/" not in m.group("body").split()[0]:
        body = m.group("body")
        marker = m.group("num") + m.group("sep").strip()
        if _looks_like_title(body, strong):
            return LineInfo(LineKind.HEADING, RANK_ARABIC, "arabic", marker, line, line)
        return _numbered_item(line, m, bold_prefix, "arabic", marker)

    m = _RE_LETTER.match(line)
    if m and m.group("body")[0].isalpha():
        body = m.group("body")
        marker = m.group("num") + m.group("sep")
        if bold is None and bold_prefix is None:
            fused = _ocr_letter_runin(line, m)
            if fused is not None:
                return fused
        if _looks_like_title(body, strong) and (m.group("sep") == ")" or strong or body.endswith(":")):
            return LineInfo(LineKind.HEADING, RANK_LETTER, "letter", marker, line, line)
        return _numbered_item(line, m, bold_prefix, "letter", marker)

    m = _RE_LOWER_ROMAN.match(line)
    if m and m.group("body")[0].isalpha():
        # "ii. …" / "iv) …": the third level of Word's default outline list; an item, never a
        # heading (lower-case Roman numbers are too close to words to head sections).
        return _numbered_item(line, m, bold_prefix, "lower_roman", m.group("num") + m.group("sep"))

    m = _RE_ORDINAL.match(fold(line))
    if m:
        marker = line[: m.start("body")].strip()
        # "Một là, …" items: the marker is part of the sentence, so the text is kept whole.
        return LineInfo(LineKind.LIST_ITEM, None, "ordinal", marker, body=line)

    m = _RE_BULLET.match(line)
    if m:
        marker = m.group("num")
        body = m.group("body")
        bp = None if bold_prefix is None else max(0, bold_prefix - m.start("body"))
        runin = _split_runin(body, bp)
        if runin and (runin[1] == "" or bp or bold or (bold is None and _ocr_runin(runin[0]))):
            label, rest = runin
            if rest == "" and len(label) <= 100:
                return LineInfo(LineKind.HEADING, RANK_RUNIN, "label", marker, line, body)
            if rest:
                return LineInfo(LineKind.HEADING, RANK_RUNIN, "runin", marker, label, body, rest)
        if body.endswith(":") and len(body.split()) <= 10 and strong:
            return LineInfo(LineKind.HEADING, RANK_RUNIN, "label", marker, line, body)
        return LineInfo(LineKind.LIST_ITEM, None, "bullet", marker, body=body)

    if is_all_caps(line) and len(line) <= MAX_HEADING_CHARS and len(line.split()) >= 2 \
            and not line.endswith((".", ";", ",")):
        return LineInfo(LineKind.HEADING, RANK_CAPS, "caps", "", line, line)

    runin = _split_runin(line, bold_prefix)
    if runin:
        label, rest = runin
        if rest:
            return LineInfo(LineKind.HEADING, RANK_RUNIN, "runin", "", label, line, rest)
        if len(label.split()) <= 12:
            return LineInfo(LineKind.HEADING, RANK_RUNIN, "label", "", label, line)
    if bold and line.endswith(":") and len(line.split()) <= 12:
        return LineInfo(LineKind.HEADING, RANK_RUNIN, "label", "", line, line)
    if strong and _looks_like_title(line, True) and not line.endswith(".") and len(line.split()) <= 16:
        # An unnumbered bold/large line standing alone: a heading under the current section.
        return LineInfo(LineKind.HEADING, RANK_LETTER, "bold", "", line, line)
    if is_section_noun(line):
        # "Hạn chế" / "Bài học kinh nghiệm" alone on a line (scans, plain text: weight unknown)
        return LineInfo(LineKind.HEADING, RANK_LETTER, "noun", "", line, line)
    return LineInfo(LineKind.PARAGRAPH, body=line)


# Review-section vocabulary (campaign-agnostic), folded; a line made only of these (and the
# fillers) is a section title such as "Hạn chế, khó khăn" or "Nhiệm vụ, giải pháp".
_SECTION_WORDS = (
    "ket qua", "uu diem", "khuyet diem", "han che", "ton tai", "kho khan", "thuan loi",
    "vuong mac", "nguyen nhan", "khach quan", "chu quan", "bai hoc", "kinh nghiem",
    "nhiem vu", "giai phap", "phuong huong", "kien nghi", "de xuat", "de nghi", "danh gia",
)
_SECTION_FILLERS = (
    "va", "nhung", "mot so", "cac", "dat duoc", "chung", "chu yeu", "trong tam", "thoi gian toi",
    "trong thoi gian toi", "tiep theo", "rut ra", "cua", "co ban",
)
_SECTION_PHRASES = sorted(_SECTION_WORDS + _SECTION_FILLERS, key=lambda w: -len(w.split()))


def is_section_noun(line: str) -> bool:
    """True for a short sentence-case line made only of review-section words ("Kết quả",
    "Hạn chế, khó khăn", "Bài học kinh nghiệm"): a section title even without numbering.

    >>> is_section_noun("Nguyên nhân"), is_section_noun("Nguyên nhân do thiếu kinh phí")
    (True, False)
    """
    line = " ".join(line.split())
    if not line or len(line) > 80 or line.endswith((".", ";", ":", "!", "?")) or "   " in line:
        return False
    first = next((c for c in line if c.isalpha()), "")
    if not first.isupper() or (is_all_caps(line) and len(line.split()) >= 2):
        return False
    words = re.sub(r"[,/&–-]", " ", fold(line.lower())).split()
    if not 1 <= len(words) <= 10 or not all(w.isalpha() for w in words):
        return False
    i = 0
    core = False
    while i < len(words):
        for phrase in _SECTION_PHRASES:
            n = len(phrase.split())
            if " ".join(words[i:i + n]) == phrase:
                core = core or phrase in _SECTION_WORDS
                i += n
                break
        else:
            return False
    return core


class HeadingStack:
    """The headings above the current block; `push` returns the new heading's level."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, rank: int, text: str) -> int:
        while self._stack and self._stack[-1][0] >= rank:
            self._stack.pop()
        self._stack.append((rank, text))
        return len(self._stack)

    def drop_runin(self) -> None:
        """A plain paragraph ends the scope of a run-in label."""
        while self._stack and self._stack[-1][0] >= RANK_RUNIN:
            self._stack.pop()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._stack)

    @property
    def top_rank(self) -> int | None:
        return self._stack[-1][0] if self._stack else None
