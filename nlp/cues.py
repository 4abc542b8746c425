"""Campaign-agnostic cue phrases (nlp/data/cues.toml) and the matching helpers everyone shares.

Matching is on NFC, case-folded text at word boundaries so "do" never fires inside "độ" or
"dọn". One loader, cached, so the TOML is read once per process.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tonghop.models import Category, CauseType

CUES_FILE = Path(__file__).resolve().parent / "data" / "cues.toml"
_WORD = r"[0-9A-Za-zÀ-ỹ_%]"


def fold(text: str) -> str:
    """NFC + case fold, diacritics kept ("Kinh Phí" -> "kinh phí")."""
    return unicodedata.normalize("NFC", text).casefold()


def phrase_regex(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One regex matching any of the phrases at word boundaries (longest first)."""
    alts = sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts) or r"(?!x)x"
    return re.compile(rf"(?<!{_WORD})(?:{body})(?!{_WORD})")


@dataclass(frozen=True)
class Cues:
    headings: tuple[tuple[Category, re.Pattern[str]], ...]
    cause_type: tuple[tuple[CauseType, re.Pattern[str]], ...]
    strong: dict[Category, re.Pattern[str]]
    strong_phrases: dict[Category, tuple[str, ...]]
    limitation_openers: re.Pattern[str]
    objective: re.Pattern[str]
    subjective: re.Pattern[str]


@cache
def load_cues(path: str | None = None) -> Cues:
    """Read cues.toml once."""
    with Path(path or CUES_FILE).open("rb") as fh:
        raw = tomllib.load(fh)
    headings = tuple((Category(k), phrase_regex(v)) for k, v in raw["headings"].items())
    ctype = tuple((CauseType(k), phrase_regex(v)) for k, v in raw["cause_type"].items())
    strong = {Category(k): phrase_regex(v["strong"]) for k, v in raw["cues"].items()}
    phrases = {Category(k): tuple(v["strong"]) for k, v in raw["cues"].items()}
    return Cues(
        headings=headings,
        cause_type=ctype,
        strong=strong,
        strong_phrases=phrases,
        limitation_openers=phrase_regex(raw["cues"]["limitation"]["openers"]),
        objective=phrase_regex(raw["cues"]["cause"]["objective"]),
        subjective=phrase_regex(raw["cues"]["cause"]["subjective"]),
    )


_NUMBERING = re.compile(
    r"^\s*(?:phần\s+thứ\s+\S+|phần\s+[ivxlc\d]+|chương\s+\S+|[ivxlc]+\s*[.\-/)]+|\d+(?:\.\d+)*\s*[.\-/)]+|"
    r"[a-zđ]\s*[)/.]|[-+•*–]\s*)\s*",
    re.IGNORECASE,
)


def strip_numbering(text: str) -> str:
    """Drop a heading's numbering ("II.-", "2.2.", "a)", "PHẦN THỨ NHẤT") so only its words remain."""
    return _NUMBERING.sub("", text, count=1).strip()


@cache
def strip_marks(text: str) -> str:
    """Diacritics removed ("Nguyên nhần" -> "nguyen nhan"), for headings OCR misread."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _ascii_headings() -> tuple[tuple[Category, re.Pattern[str]], ...]:
    raw = tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))
    return tuple((Category(k), phrase_regex([strip_marks(x) for x in v])) for k, v in raw["headings"].items())


def heading_tags(text: str) -> tuple[tuple[int, Category], ...]:
    """Every section category a heading's words announce, with the position of the first cue.

    Falls back to matching without diacritics when nothing matches, because OCR misreads tone
    marks in headings ("Nguyên nhần", "Hạn chê") and a lost section costs every sentence under it.
    """
    bare = strip_numbering(text)
    for words, cues in ((fold(bare), load_cues().headings), (strip_marks(bare), _ascii_headings())):
        found: dict[Category, int] = {}
        for cat, rx in cues:
            m = rx.search(words)
            if m and cat not in found:
                found[cat] = m.start()
        if found:
            return tuple(sorted((pos, cat) for cat, pos in found.items()))
    return ()


@cache
def heading_category(text: str) -> tuple[Category | None, CauseType | None]:
    """Map a heading (or run-in / summary-box label) to the section category it announces.

    "2.2. Nguyên nhân chủ quan" -> (cause, subjective); "III- HẠN CHẾ, TỒN TẠI" -> limitation.
    When several are named, the first one written wins: "Kết quả thực hiện các nhiệm vụ" is a
    results section, "Hạn chế và nguyên nhân" a limitations one (its "Nguyên nhân ..." sentences
    are recognised by their own words). Campaign-agnostic: only section words count.
    """
    words = fold(strip_numbering(text))
    ctype = next((t for t, rx in load_cues().cause_type if rx.search(words)), None)
    if ctype is None:  # "khách quan" / "chủ quan" misread by OCR
        plain = strip_marks(strip_numbering(text))
        ctype = next((t for t, name in ((CauseType.OBJECTIVE, "khach quan"), (CauseType.SUBJECTIVE, "chu quan"))
                      if re.search(rf"\b{name}\b", plain)), None)
    tags = heading_tags(text)
    if len(tags) > 1:  # "Bối cảnh và công tác tổ chức thực hiện": the substantive word decides
        tags = [t for t in tags if t[1] is not Category.OTHER]
    if tags:
        cat = tags[0][1]
        return cat, ctype if cat is Category.CAUSE else None
    if ctype is not None:
        return Category.CAUSE, ctype
    return None, None


@lru_cache(maxsize=4096)
def section_of(path: tuple[str, ...]) -> tuple[Category | None, CauseType | None]:
    """The section category of a heading path: the innermost heading that announces one."""
    cat: Category | None = None
    ctype: CauseType | None = None
    for heading in path:
        c, t = heading_category(heading)
        if c is not None:
            # a generic "kết quả" sub-heading under a "hạn chế" section keeps the outer one only
            # when the inner is vaguer; innermost specific wins.
            cat, ctype = c, t if c is Category.CAUSE else None
        elif t is not None and cat is Category.CAUSE:
            ctype = t
    return cat, ctype
