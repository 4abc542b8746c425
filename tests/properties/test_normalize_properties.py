"""Properties of nlp.normalize: idempotent, NFC out, layout kept, fold keeps length."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from nlp.normalize import fold, fold_key, normalize_text
from tests.properties.strategies import CODES, VI_LETTERS, report_text, vi_text

ANY_TEXT = st.text(max_size=200)


def _skeleton(s: str) -> list[tuple[int, str]]:
    """Every character that is not a letter or mark, with its position."""
    return [(i, c) for i, c in enumerate(s) if not unicodedata.category(c).startswith(("L", "M"))]


@given(st.one_of(ANY_TEXT, vi_text, report_text()))
@example("Huyện uỷ Yên Hoà\nthuỷ lợi, khoẻ")
@example("o\u0300a")  # decomposed input
def test_normalize_is_idempotent(s):
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(st.one_of(ANY_TEXT, vi_text, report_text()))
def test_normalize_outputs_nfc(s):
    assert unicodedata.is_normalized("NFC", normalize_text(s))


@given(st.one_of(vi_text, report_text()))
def test_normalize_keeps_layout(s):
    """Only letters change: spaces, newlines, digits and punctuation stay where they were."""
    nfc = unicodedata.normalize("NFC", s)
    out = normalize_text(s)
    assert len(out) == len(nfc)
    assert _skeleton(out) == _skeleton(nfc)
    assert out.count("\n") == s.count("\n")


@given(report_text())
def test_report_numbers_survive(s):
    out = normalize_text(s)
    for code in CODES:
        if code in s:
            assert code in out


@given(st.one_of(ANY_TEXT, vi_text), st.booleans())
@example("ß", True)
@example("ǰ", True)
@example("\u0301a", False)
def test_fold_keeps_length(s, upper):
    assert len(fold(s, upper=upper)) == len(s)


@given(st.text(alphabet=VI_LETTERS + " 0123456789,.-/", max_size=60))
def test_fold_of_vietnamese_is_ascii_and_index_aligned(s):
    out = fold(s)
    assert out.isascii()
    for a, b in zip(s, out, strict=True):
        assert (a == b) == a.isascii()


@given(st.one_of(vi_text, report_text()))
def test_fold_key_ignores_tone_placement_and_case(s):
    assert fold_key(s) == fold_key(normalize_text(s)) == fold_key(s.upper()).lower()
