"""Unicode normalisation of Vietnamese text, applied once at the extractor boundary.

Two jobs, both layout-preserving (never retokenise: "Số 45-BC/HU" and newlines survive):

- `normalize_text`: NFC, then the tone mark of open "oa/oe/uy" syllables moved to the
  first vowel ("hoà" → "hòa", "thuỷ" → "thủy", "Uỷ" → "Ủy"), the placement underthesea's
  `text_normalize` uses, but word by word so spacing and punctuation are untouched.
- `fold`: diacritics stripped and đ → d with the same length as the input, so a regex
  matched on the folded copy gives indices valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (the five Vietnamese tones); vowel-quality marks (breve,
# circumflex, horn) are not tones and never move.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Open two-vowel finals whose tone goes on the first vowel in the traditional placement.
_OPEN_PAIRS = {"oa", "oe", "uy"}


@lru_cache(maxsize=1 << 16)  # pure, and a report repeats its words: once per distinct word
def _move_tone(word: str) -> str:
    """Move a tone from the 2nd to the 1st vowel of a final open oa/oe/uy ("hoà" → "hòa")."""
    if len(word) < 2:
        return word
    decomposed = unicodedata.normalize("NFD", word)
    # Split into base letters, each with its combining marks.
    letters: list[list[str]] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    if len(letters) < 2:
        return word
    first, second = letters[-2], letters[-1]
    pair = (first[0] + second[0]).lower()
    if pair not in _OPEN_PAIRS:
        return word
    # Only plain o/u as first vowel (ơ/ư carry a horn and are never in these pairs).
    if len(first) > 1:
        return word
    # "qu" + y: the u belongs to the consonant ("quý" stays); "gi" similar is not a pair here.
    if len(letters) >= 3 and pair == "uy" and letters[-3][0].lower() == "q":
        return word
    if len(letters) >= 3 and pair == "oa" and letters[-3][0].lower() in "aeiouy":
        return word
    tones = [m for m in second[1:] if m in _TONES]
    if not tones:
        return word
    # "uy" only for the pure "uy" final; "uê"/"uơ" are not in _OPEN_PAIRS.
    second_rest = [m for m in second[1:] if m not in _TONES]
    if second_rest:  # e.g. "oă" / "uyê" shapes: leave alone
        return word
    first.extend(tones)
    letters[-1] = [second[0]]
    return unicodedata.normalize("NFC", "".join("".join(x) for x in letters))


def normalize_text(s: str) -> str:
    """NFC + traditional tone placement, word by word; everything else is left as is.

    >>> normalize_text("Huyện uỷ Yên Hoà, Số 45-BC/HU\\nkhoẻ")
    'Huyện ủy Yên Hòa, Số 45-BC/HU\\nkhỏe'
    """
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s)
    return _WORD.sub(lambda m: _move_tone(m.group(0)), s)


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    if ord(ch) < 128:
        return ch
    base = unicodedata.normalize("NFD", ch)[0]
    if unicodedata.combining(base):  # a lone combining mark: keep length with a space
        return " "
    return base if len(base) == 1 else ch


def fold(s: str, *, upper: bool = False) -> str:
    """Strip diacritics (đ → d) and optionally upper-case, keeping `len(fold(s)) == len(s)`.

    Input should be NFC (a decomposed mark becomes a space so lengths stay aligned).

    >>> fold("Huyện ủy Tân Lập")
    'Huyen uy Tan Lap'
    >>> fold("Số 45-BC/HU", upper=True)
    'SO 45-BC/HU'
    """
    return s.translate(_FOLD_UPPER if upper else _FOLD)


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character: fold() runs on every line
    and sentence, and a per-character Python loop was a visible share of the ingest's CPU."""

    def __init__(self, upper: bool) -> None:
        super().__init__()
        self.upper = upper

    def __missing__(self, code: int) -> str:
        f = _fold_char(chr(code))
        if self.upper:
            u = f.upper()
            f = u if len(u) == 1 else f
        self[code] = f
        return f


_FOLD = _FoldTable(upper=False)
_FOLD_UPPER = _FoldTable(upper=True)


def fold_key(s: str) -> str:
    """Comparison key: NFC, folded, lower-cased, whitespace collapsed (not index-aligned)."""
    s = fold(unicodedata.normalize("NFC", s)).lower()
    return " ".join(s.split())
