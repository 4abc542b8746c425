"""Sentence splitting and word segmentation (underthesea) with the fixes Vietnamese reports need.

underthesea's sent_tokenize is a Punkt model: good on ordinary prose, but it cuts list
numbering ("1.", "a)") into sentences of their own and breaks after abbreviations such as
"TP." or "ThS." when a capitalised name follows. We repair its output rather than replace it.
"""

from __future__ import annotations

import re
from functools import cache

_ABBREV = (
    "tp", "q", "p", "h", "tx", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "đ/c", "đc", "th.s",
    "ubnd", "hđnd", "mttq", "nxb", "tr", "st", "v.v", "vv", "x", "ls", "ng", "o", "ô", "bà", "ông",
)
_ABBREV_END = re.compile(r"(?:^|[\s(])(" + "|".join(re.escape(a) for a in _ABBREV) + r")\.$", re.IGNORECASE)
# A fragment that is nothing but a list/section number: "1.", "2.3.", "a)", "II.", "IV-", "+", "-"
_NUMBER_ONLY = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)\-/:]?\s*$|^\s*[-+•*–]\s*$", re.IGNORECASE)
# "Số 45-BC/HU." or "Số:" at the end of a fragment: document numbers never end a sentence there.
_NUMBER_WORD_END = re.compile(r"(?:\bsố|\bSố|\bkhoản|\bđiểm|\bĐiều|\bđiều|\bmục)\s*:?$")
_WS = re.compile(r"\s+")


@cache
def _underthesea():  # pragma: no cover - import cost only
    from underthesea import sent_tokenize, word_tokenize

    return sent_tokenize, word_tokenize


def split_sentences(text: str) -> tuple[str, ...]:
    """Split one block of normalised text into sentences.

    >>> split_sentences("TP. Lâm Giang có 12 phường. Tuy nhiên, kinh phí còn hạn hẹp.")
    ('TP. Lâm Giang có 12 phường.', 'Tuy nhiên, kinh phí còn hạn hẹp.')
    """
    text = _WS.sub(" ", text or "").strip()
    if not text:
        return ()
    sent_tokenize, _ = _underthesea()
    pieces = [p.strip() for p in sent_tokenize(text) if p and p.strip()]
    out: list[str] = []
    for piece in pieces:
        if out and _joins_previous(out[-1], piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    # a trailing bare number ("... như sau: 1.") belongs to nothing: keep it on the previous one
    if len(out) > 1 and _NUMBER_ONLY.match(out[-1]):
        last = out.pop()
        out[-1] = f"{out[-1]} {last}"
    return tuple(out)


def _joins_previous(prev: str, piece: str) -> bool:
    """True when `piece` must not start a new sentence after `prev`."""
    if _NUMBER_ONLY.match(prev):
        return True  # "1." + "Thực hiện tốt ..." -> "1. Thực hiện tốt ..."
    if _ABBREV_END.search(prev) or _NUMBER_WORD_END.search(prev):
        return True
    # Punkt sometimes cuts inside numbers: "1." + "234 cụm loa"
    if re.search(r"\d[.,]$", prev) and piece[:1].isdigit():
        return True
    # a continuation starting in lower case is not a new sentence
    return bool(piece[:1].islower() and not prev.endswith((".", "!", "?", "…")))


def segment(text: str) -> str:
    """Word-segment a sentence: compounds joined by "_" ("kinh_phí hạn_hẹp"). Empty in, empty out."""
    text = text.strip()
    if not text:
        return ""
    _, word_tokenize = _underthesea()
    return word_tokenize(text, format="text")
