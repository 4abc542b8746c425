"""Properties of extractors.legacy: TCVN3 and VNI round trips, and fix_line leaving Unicode
alone and being idempotent."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from extractors.legacy import (
    decode_run,
    decode_tcvn3,
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
    """The converter alone: each segment decoded, capital-font segments upper-cased."""
    out = []
    for seg, cap in encode_tcvn3_segments(text):
        dec = decode_tcvn3(seg)
        out.append(dec.upper() if cap else dec)
    return unicodedata.normalize("NFC", "".join(out))


@given(st.one_of(VI_PLAIN, vietnamese_line()))
@example("ỦY BAN NHÂN DÂN")
@example("Huyện Ủy Tân Lập")
@example("ÓY")
def test_tcvn3_round_trip(text):
    """Any string over the Vietnamese alphabet survives Unicode → TCVN3 → Unicode."""
    assert _tcvn3_round_trip(text) == unicodedata.normalize("NFC", text)


@given(vietnamese_line())
@example("ỦY BAN NHÂN DÂN")
@example("Huyện Ủy Tân Lập")
@example("người dân được hưởng lợi")
def test_tcvn3_runs_read_back_by_font(text):
    """What the DOCX reader gets back for real words: each run decoded by its `.VnTime`/`.VnTimeH` font."""
    got = "".join(decode_run(seg, ".VnTimeH" if cap else ".VnTime") for seg, cap in encode_tcvn3_segments(text))
    assert got == unicodedata.normalize("NFC", text)


@given(st.one_of(VI_PLAIN, vietnamese_line()))
def test_tcvn3_surface_has_no_unicode_only_letters(text):
    """Everything TCVN3 writes is Latin-1: that is what a `.VnTime` run holds."""
    assert all(ord(c) < 256 for c in encode_tcvn3(text) if c not in "\n")


@given(st.one_of(VI_PLAIN, vietnamese_line()))
@example("Quốc hội")
def test_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == unicodedata.normalize("NFC", text)


def _rare_word_guess(typed: str, read: str) -> bool:
    """The documented trade-off of `fix_line` without a document hint: a line with no letter
    only Unicode has (ư, ơ, ă, ...) may read a rare word as a far commoner legacy one ("bót" →
    TCVN3 "bút", "hé" → "hộ") and then the whole line; `fix_text`'s hint settles those in real
    files. True when `read` differs from `typed` in exactly that way."""
    from extractors.legacy import _STRONG_UNICODE, _freq

    if _STRONG_UNICODE.search(typed):
        return False
    changed = [(a.strip(".,;:()").lower(), b.strip(".,;:()").lower())
               for a, b in zip(typed.split(), read.split(), strict=True) if a != b]
    return bool(changed) and any(_freq([b]) >= 10 * max(_freq([a]), 1) for a, b in changed)


@given(vietnamese_line(min_words=3))
@example("Huyện ủy Tân Lập báo cáo sơ kết 05 năm")
@example("Kinh phí còn thiếu, cụm loa hỏng.")
@example("a a bót")
def test_fix_line_leaves_unicode_vietnamese_unchanged(line):
    """Unchanged, except the documented trade-off (`_rare_word_guess`)."""
    nfc = unicodedata.normalize("NFC", line)
    fixed, enc = fix_line(line)
    assert (fixed, enc) == (nfc, None) or _rare_word_guess(nfc, fixed), (line, fixed)


def test_fix_line_leaves_common_words_alone():
    """A one-word line (a table cell, a heading) has no context: a common Unicode word stays
    as typed even when it also spells a legacy code ("hoài" is VNI for "hồi", "bé" TCVN3 for
    "bộ"). Checked for every syllable in 30+ dictionary entries, lower and capitalised.

    Rarer words can still be read as the much commoner legacy word ("mét" → "một"); fix_text's
    document-wide hint is what settles those.
    """
    from extractors.legacy import _syllable_freq

    freq = _syllable_freq()
    common = [s for s, n in freq.items() if n >= 30 and s.isalpha() and is_vietnamese_syllable(s)]
    assert len(common) > 1000
    changed = [(w, fix_line(w)[0]) for s in common for w in (s, s.capitalize()) if fix_line(w)[0] != w]
    assert changed == []


@given(st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=12).map(" ".join))
def test_fix_line_leaves_english_unchanged(line):
    assert fix_line(line) == (line, None)


@given(st.one_of(vietnamese_line(min_words=3), vietnamese_line(min_words=3).map(encode_tcvn3),
                 vietnamese_line(min_words=3).map(encode_vni)))
@example("hoµi")  # TCVN3 "hoài": once read, "hoài" must not then be read as VNI "hồi"
@example("a a hÐ")  # VNI "hé"; then "hé" alone is the rare-word guess "hộ"
def test_fix_line_is_idempotent(line):
    once, _ = fix_line(line)
    twice, enc = fix_line(once)
    assert (twice, enc) == (once, None) or _rare_word_guess(once, twice), (line, once, twice)


def _syllables(word: str) -> bool:
    return all(is_vietnamese_syllable(p) for p in word.split("/") if p)


def _has_clear_evidence(encoded: str, other_decoder) -> bool:
    """Some word's legacy surface is not itself a Vietnamese syllable ("cña", "cuûa") nor a
    syllable in the other legacy encoding.

    Without such a word the line is ambiguous ("lõ" is also TCVN3 for "lừ"; "bô" is VNI
    for "bơ"; VNI "bæ" = "bỉ" is TCVN3 "bổ") and only the document's encoding (`fix_text`'s
    hint) can decide.
    """
    return any(len(w) >= 2 and not _syllables(w) and not (other_decoder(w) != w and _syllables(other_decoder(w)))
               for w in encoded.split())  # a one-letter "word" ("û") is punctuation far more often


@given(vietnamese_words(min_size=3, max_size=14, caps=False).map(" ".join))
@example("a a a lừ")  # ambiguous: must stay as typed rather than be guessed
@example("a a ỷ")  # TCVN3 "û": a lone letter is no evidence, kept or read, never mangled
@example("a chửa húc")  # VNI reads "chöa" but turns "hóc" into a non-word: TCVN3
def test_fix_line_reads_a_tcvn3_line(line):
    """A lower-case line typed in TCVN3 comes back as the Unicode line when it is clear."""
    encoded = encode_tcvn3(line)
    if _has_clear_evidence(encoded, decode_vni):
        assert fix_line(encoded) == (line, "tcvn3")
    else:  # ambiguous: kept as typed, or read in one of the two encodings, never mangled
        assert fix_line(encoded)[0] in (encoded, line, decode_tcvn3(encoded), decode_vni(encoded))


@given(vietnamese_words(min_size=3, max_size=14, caps=False).map(" ".join))
@example("a a a bơ")
@example("a a bỉ")
@example("báu trơ trơ")  # one word only VNI can read beats two that TCVN3 reads as common words
def test_fix_line_reads_a_vni_line(line):
    encoded = encode_vni(line)
    if _has_clear_evidence(encoded, decode_tcvn3):
        assert fix_line(encoded) == (line, "vni")
    else:  # ambiguous: kept as typed, or read in one of the two encodings, never mangled
        assert fix_line(encoded)[0] in (encoded, line, decode_tcvn3(encoded), decode_vni(encoded))
