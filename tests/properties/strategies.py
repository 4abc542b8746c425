"""Hypothesis strategies for Vietnamese text: letters, real syllables, report-like lines."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from hypothesis import strategies as st

_BASE = "aăâeêioôơuưy"
_TONED = "".join(
    unicodedata.normalize("NFC", b + t) for b in _BASE for t in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
LOWER = _TONED + "bcdđghklmnpqrstvx"
VI_LETTERS = LOWER + LOWER.upper()
"""The 134 Vietnamese letters (67 lower + 67 upper: 12 vowels × 6 tones, 17 consonants)."""

letters = st.sampled_from(VI_LETTERS)


@lru_cache(maxsize=1)
def common_syllables() -> tuple[str, ...]:
    """Well-formed syllables found in at least three entries of underthesea's Viet74K list."""
    from extractors.legacy import _syllable_freq, is_vietnamese_syllable

    freq = _syllable_freq()
    return tuple(sorted(s for s, n in freq.items() if n >= 3 and s.isalpha() and is_vietnamese_syllable(s)))


def syllables() -> st.SearchStrategy[str]:
    return st.sampled_from(common_syllables())


ENGLISH = ("the", "report", "district", "committee", "radio", "budget", "limited", "training", "network",
           "commune", "and", "of", "for", "progress", "review", "information", "village", "station")
CODES = ("45-BC/HU", "07-CT/TW", "Số 112-BC/HU", "39-HD/BTGTU", "ngày 15/6/2022", "12/17", "2.350", "85%")


def capitalised(word: str, how: int) -> str:
    return word if how == 0 else word.capitalize() if how == 1 else word.upper()


@st.composite
def vietnamese_words(draw, min_size: int = 1, max_size: int = 12, caps: bool = True) -> list[str]:
    words = draw(st.lists(syllables(), min_size=min_size, max_size=max_size))
    if not caps:
        return words
    hows = draw(st.lists(st.sampled_from((0, 0, 0, 1, 2)), min_size=len(words), max_size=len(words)))
    return [capitalised(w, h) for w, h in zip(words, hows, strict=True)]


@st.composite
def vietnamese_line(draw, caps: bool = True, min_words: int = 1) -> str:
    """A line of real syllables with ordinary punctuation (never a hyphen inside a word)."""
    words = draw(vietnamese_words(min_size=min_words, max_size=12, caps=caps))
    seps = draw(st.lists(st.sampled_from((" ", " ", " ", ", ", "; ", ": ", " (", ") ")),
                         min_size=len(words), max_size=len(words)))
    out = "".join(w + s for w, s in zip(words, seps, strict=True)).strip()
    return out + draw(st.sampled_from(("", ".", ":", ";")))


@st.composite
def report_text(draw) -> str:
    """Several lines mixing syllables, English words, report numbers, dates and figures."""
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        parts = draw(st.lists(
            st.one_of(syllables(), st.sampled_from(ENGLISH), st.sampled_from(CODES),
                      st.text(alphabet=VI_LETTERS, min_size=1, max_size=6)),
            min_size=1, max_size=10,
        ))
        lines.append(" ".join(parts))
    return draw(st.sampled_from(("\n", "\n\n", "\r\n"))).join(lines)


vi_text = st.text(alphabet=VI_LETTERS + " ,.;:()\n0123456789/%", max_size=80)
"""Arbitrary strings over the Vietnamese alphabet, digits and punctuation (not only real words)."""
