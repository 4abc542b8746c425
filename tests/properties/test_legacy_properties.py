"""Properties of extractors.legacy: TCVN3 and VNI round trips, and fix_line leaving Unicode
alone and being idempotent."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from extractors.legacy import (
    decode_run,
    decode_vni,
    encode_tcvn3,
    encode_tcvn3_segments,
    encode_vni,
    fix_line,
    is_vietnamese_syllable,
)
from tests.properties.strategies import ENGLISH, VI_LETTERS, vietnamese_line, vietnamese_words

# Letters and the punctuation reports use; no "-" between letters (a TCVN3 "-" inside a word
# is read back as the letter ư, which is the point of repair_tcvn3_hyphens).
VI_PLAIN = st.text(alphabet=VI_LETTERS + " ,.;:()0123456789/%\n", max_size=80)


def _tcvn3_round_trip(text: str) -> str:
    """What a DOCX reader gets back: each segment decoded with the font it was typed in."""
    return "".join(decode_run(seg, ".VnTimeH" if cap else ".VnTime") for seg, cap in encode_tcvn3_segments(text))


@given(st.one_of(VI_PLAIN, vietnamese_line()))
@example("ỦY BAN NHÂN DÂN")
@example("Huyện Ủy Tân Lập")
@example("ư-ơ")
def test_tcvn3_round_trip(text):
    assert _tcvn3_round_trip(text) == unicodedata.normalize("NFC", text)


@given(st.one_of(VI_PLAIN, vietnamese_line()))
def test_tcvn3_surface_has_no_unicode_only_letters(text):
    """Everything TCVN3 writes is Latin-1: that is what a `.VnTime` run holds."""
    assert all(ord(c) < 256 for c in encode_tcvn3(text) if c not in "\n")


@given(st.one_of(VI_PLAIN, vietnamese_line()))
@example("Quốc hội")
def test_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == unicodedata.normalize("NFC", text)


@given(vietnamese_line())
@example("hoài")  # also VNI for "hồi": a lone ambiguous word must stay as typed
@example("bôm")
@example("Huyện ủy Tân Lập báo cáo sơ kết 05 năm")
@example("Kinh phí còn thiếu, cụm loa hỏng.")
def test_fix_line_leaves_unicode_vietnamese_unchanged(line):
    assert fix_line(line) == (unicodedata.normalize("NFC", line), None)


@given(st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=12).map(" ".join))
def test_fix_line_leaves_english_unchanged(line):
    assert fix_line(line) == (line, None)


@given(st.one_of(vietnamese_line(), vietnamese_line().map(encode_tcvn3), vietnamese_line().map(encode_vni)))
def test_fix_line_is_idempotent(line):
    once, _ = fix_line(line)
    assert fix_line(once) == (once, None)


def _has_clear_evidence(encoded: str) -> bool:
    """Some word's legacy surface is not itself a Vietnamese syllable ("cña", "cuûa").

    Without such a word the line is ambiguous ("lõ" is also TCVN3 for "lừ"; "bô" is VNI
    for "bơ") and only the document's encoding (`fix_text`'s hint) can decide.
    """
    return any(not all(is_vietnamese_syllable(p) for p in w.split("/") if p) for w in encoded.split())


@given(vietnamese_words(min_size=3, max_size=14, caps=False).map(" ".join))
@example("a a a lừ")  # ambiguous: must stay as typed rather than be guessed
def test_fix_line_reads_a_tcvn3_line(line):
    """A lower-case line typed in TCVN3 comes back as the Unicode line when it is clear."""
    encoded = encode_tcvn3(line)
    if _has_clear_evidence(encoded):
        assert fix_line(encoded) == (line, "tcvn3")
    else:
        assert fix_line(encoded)[0] in (encoded, line)


@given(vietnamese_words(min_size=3, max_size=14, caps=False).map(" ".join))
@example("a a a bơ")
def test_fix_line_reads_a_vni_line(line):
    encoded = encode_vni(line)
    if _has_clear_evidence(encoded):
        assert fix_line(encoded) == (line, "vni")
    else:
        assert fix_line(encoded)[0] in (encoded, line)
