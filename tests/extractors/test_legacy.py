"""Legacy encodings: exact round trips, `.VnTimeH` capitals, the ư/soft-hyphen trap, and
never touching Unicode / English / French text."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from extractors.legacy import (
    decode_run,
    decode_tcvn3,
    decode_vni,
    detect_font_encoding,
    encode_tcvn3,
    encode_tcvn3_segments,
    encode_vni,
    fix_line,
    fix_text,
    is_capital_font,
    is_vietnamese_syllable,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"

ALL_LETTERS = unicodedata.normalize(
    "NFC",
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ",
)

SAMPLE = (
    "Ban Thường vụ Huyện ủy đã lãnh đạo, chỉ đạo quyết liệt; người dân được hưởng lợi "
    "từ hệ thống truyền thanh cơ sở, những khó khăn ở thôn vùng sâu vẫn còn – “ghi nhận” 100%."
)


def _report_lines() -> list[str]:
    report = json.loads((DATA / "hu-ba-che-ct07.json").read_text(encoding="utf-8"))
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from examples.render import expected_lines

    return expected_lines(report)


# ------------------------------------------------------------------ font names
@pytest.mark.parametrize(
    ("font", "enc", "cap"),
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArialH", "tcvn3", True),
        (".VnArial", "tcvn3", False),
        ("VnTime", "tcvn3", False),
        ("CAAAAA+.VnTimeH", "tcvn3", True),
        ("BCDEEE+VnTimeH", "tcvn3", True),
        ("VnTimeH-Bold", "tcvn3", True),
        ("VNI-Times", "vni", False),
        ("ABCDEF+VNI-Helve-Bold", "vni", False),
        ("VPS Times", "vps", False),
        ("Times New Roman", None, False),
        ("ABCDEF+LiberationSerif", None, False),
        (None, None, False),
        ("", None, False),
    ],
)
def test_detect_font_encoding(font, enc, cap):
    assert detect_font_encoding(font) == enc
    assert is_capital_font(font) is cap


# ------------------------------------------------------------------ tables
def test_every_vietnamese_letter_round_trips_through_vni():
    for text in (ALL_LETTERS, ALL_LETTERS.upper()):
        assert decode_vni(encode_vni(text)) == text


def test_every_lowercase_letter_round_trips_through_tcvn3():
    assert decode_tcvn3(encode_tcvn3(ALL_LETTERS)) == ALL_LETTERS


def test_known_surface_forms():
    assert decode_tcvn3("B¸o c¸o tµi chÝnh") == "Báo cáo tài chính"
    assert decode_tcvn3("§¶ng Céng s¶n ViÖt Nam") == "Đảng Cộng sản Việt Nam"
    assert decode_vni("Ñaûng Coäng saûn Vieät Nam") == "Đảng Cộng sản Việt Nam"
    assert decode_vni("ngöôøi ñöôïc") == "người được"
    assert encode_vni("Việt Nam") == "Vieät Nam"


def test_tcvn3_keeps_cp1252_punctuation():
    # iconv TCVN5712-1 would turn "–" into a capital letter; we must not.
    assert decode_tcvn3("Sè 45 – “n¨m”…") == "Số 45 – “năm”…"


# ------------------------------------------------------------------ decode_run
def test_decode_run_unicode_font_untouched():
    assert decode_run("B¸o c¸o", "Times New Roman") == "B¸o c¸o"
    assert decode_run("Người", None) == "Người"


def test_decode_run_soft_hyphen_is_u_horn_in_tcvn3_only():
    assert decode_run("ng\u00adêi ®\u00adîc", ".VnTime") == "người được"
    assert decode_run("ng\u00adêi", "ABCDEF+VnTime") == "người"
    # In a Unicode font U+00AD stays a soft hyphen.
    assert decode_run("hy\u00adphen", "Arial") == "hy\u00adphen"


def test_decode_run_capital_font_restores_toned_capitals():
    assert decode_run("®¶ng céng s¶n viÖt nam", ".VnTimeH") == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert decode_run("I. ®Æc ®iÓm t×nh h×nh", "CAAAAA+.VnTimeH") == "I. ĐẶC ĐIỂM TÌNH HÌNH"


def test_decode_run_leaves_unicode_text_in_legacy_font_alone():
    # Re-typed documents often keep the old font name on Unicode text.
    assert decode_run("Huyện ủy Ba Chẽ", ".VnTime") == "Huyện ủy Ba Chẽ"
    assert decode_run("Đảng bộ", "VNI-Times") == "Đảng bộ"


def test_decode_run_vps_only_by_override():
    assert decode_run("abc", "VPS Times") == "abc"
    assert decode_run("Vi\u00e6t", "VPS Times") == "Vi\u00e6t"


def test_tcvn3_segments_round_trip_with_capital_fonts():
    for line in [*_report_lines(), SAMPLE]:
        segments = encode_tcvn3_segments(line)
        back = "".join(decode_run(s, ".VnTimeH" if cap else ".VnTime") for s, cap in segments)
        assert back == line, line


def test_vni_runs_round_trip_exact():
    for line in [*_report_lines(), SAMPLE]:
        assert decode_run(encode_vni(line), "VNI-Times") == line


# ------------------------------------------------------------------ fix_line (content)
@pytest.mark.parametrize(
    ("legacy", "unicode", "enc"),
    [
        ("B¸o c¸o tµi chÝnh", "Báo cáo tài chính", "tcvn3"),
        ("ng\u00adêi d©n ®\u00adîc h\u00adëng lîi", "người dân được hưởng lợi", "tcvn3"),
        ("Sè 45-BC/HU", "Số 45-BC/HU", "tcvn3"),
        ("Uû ban nh©n d©n", "Uỷ ban nhân dân", "tcvn3"),
        ("§¶NG CéNG S¶N VIÖT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "tcvn3"),
        ("Baùo caùo taøi chính", "Báo cáo tài chính", "vni"),
        ("Soá 45-BC/HU", "Số 45-BC/HU", "vni"),
        ("Ñaûng boä tænh", "Đảng bộ tỉnh", "vni"),
    ],
)
def test_fix_line_converts_short_legacy_strings(legacy, unicode, enc):
    assert fix_line(legacy) == (unicode, enc)


@pytest.mark.parametrize(
    "text",
    [
        "Đảng Cộng sản Việt Nam",
        "Báo cáo tài chính năm 2022",
        "Cô ấy là giáo viên",
        "Hà Nội",
        "Tân Lập, ngày 15 tháng 6 năm 2022",
        "The committee reviewed the report on 5 June.",
        "Le président a été élu à Paris, très côté; « naïveté » à l'école.",
        "Über für schön — Straße",
        "Café crème brûlée",
        "§ 3 Abs. 2 and ® 2022",
        "",
        "x",
    ],
)
def test_fix_line_leaves_unicode_english_french_untouched(text):
    assert fix_line(text) == (unicodedata.normalize("NFC", text), None)


def test_fix_line_never_changes_unicode_report_lines():
    for line in [*_report_lines(), SAMPLE]:
        assert fix_line(line) == (line, None), line


def test_fix_line_round_trips_mixed_case_lines():
    failures = []
    lines = [ln for ln in [*_report_lines(), SAMPLE] if not ln.isupper()]
    for line in lines:
        if fix_line(encode_vni(line))[0] != line:
            failures.append(("vni", line))
        # content-only TCVN3 cannot restore a toned capital inside a mixed-case word ("Ủy")
        plain_caps = not any(c.isupper() and not c.isascii() and c not in "ĂÂÊÔƠƯĐ" for c in line)
        if plain_caps and fix_line(encode_tcvn3(line))[0] != line:
            failures.append(("tcvn3", line))
    assert failures == []


def test_fix_line_mixed_unicode_and_tcvn3_on_one_line():
    line = "nhân dân huyện Tân Lập: c¸c x· ®· hoµn thµnh kÕ ho¹ch"
    assert fix_line(line) == ("nhân dân huyện Tân Lập: các xã đã hoàn thành kế hoạch", "tcvn3")


def test_fix_text_per_line_mixture():
    text = "Báo cáo của Huyện ủy\nB¸o c¸o cña HuyÖn ñy\nCuûa Ñaûng boä"
    fixed, enc = fix_text(text)
    assert fixed == "Báo cáo của Huyện ủy\nBáo cáo của Huyện ủy\nCủa Đảng bộ"
    assert enc in ("tcvn3", "vni")


def test_fix_line_nfd_input_is_normalised():
    nfd = unicodedata.normalize("NFD", "Việt Nam")
    assert fix_line(nfd) == ("Việt Nam", None)


# ------------------------------------------------------------------ syllables
@pytest.mark.parametrize("word", ["người", "được", "khuya", "quyết", "nghiêng", "gì", "Đảng", "TỈNH"])
def test_valid_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["ng\u00adêi", "cuûa", "cña", "élève", "school", "bátc", "hàt"])
def test_invalid_syllables(word):
    assert not is_vietnamese_syllable(word)


def test_fix_text_uses_document_encoding_for_ambiguous_cells():
    text = "B¸o c¸o cña HuyÖn ñy\nCôm loa\nGhi chó\nBáo cáo tài chính\nLe président a été élu à Paris"
    fixed, enc = fix_text(text)
    assert enc == "tcvn3"
    assert fixed.split("\n") == [
        "Báo cáo của Huyện ủy", "Cụm loa", "Ghi chú", "Báo cáo tài chính", "Le président a été élu à Paris",
    ]


def test_abbreviation_with_capital_d():
    assert fix_line("§VT") == ("ĐVT", "tcvn3")
    assert fix_line("ÑVT") == ("ĐVT", "vni")


# ------------------------------------------------------------------ the PDF hyphen trap
def test_hyphen_from_winansi_pdf_is_u_horn_in_tcvn3_runs():
    # WinAnsi names code 0xAD "hyphen": TCVN3 PDFs give "ng-êi" for người.
    assert decode_run("ng-êi ®-îc h-íng dÉn nh- sau: -u tiªn", ".VnTime") == (
        "người được hướng dẫn như sau: ưu tiên"
    )
    assert decode_run("Sè 45-BC/HU, 2017 - 2021; Hµ-Néi", ".VnTime") == "Số 45-BC/HU, 2017 - 2021; Hà-Nội"
    assert decode_run("V- NhiÖm vô", ".VnTime") == "V- Nhiệm vụ"
    assert decode_run("th-êng vô", ".VnTimeH") == "THƯỜNG VỤ"
    assert fix_line("ng-êi d©n ®-îc h-ëng lîi") == ("người dân được hưởng lợi", "tcvn3")
    assert fix_line("e-mail and well-known") == ("e-mail and well-known", None)


@pytest.mark.parametrize("text", ["Où est-il?", "Où est la gare", "Très bien", "Côte d'Ivoire", "À bientôt"])
def test_french_with_vietnamese_look_alikes_untouched(text):
    assert fix_line(text) == (text, None)


def test_decode_run_keeps_unicode_words_without_unicode_only_letters():
    # No ạ/ư/đ here, but "Bỏo cỏo tài chớnh" is not Vietnamese: keep the text as typed.
    assert decode_run("Báo cáo tài chính", ".VnTime") == "Báo cáo tài chính"
    assert decode_run("Báo cáo", "VNI-Times") == "Báo cáo"
    # ...while a lone genuine TCVN3 word (as PDF words come) is still decoded by its font.
    assert decode_run("vô", ".VnTime") == "vụ"
    assert decode_run("c¸c", ".VnTime") == "các"
    assert decode_run("caùc", "VNI-Times") == "các"
