"""nlp.normalize and extractors.headings: pure functions on single strings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.headings import (
    RANK_ARABIC,
    RANK_CAPS,
    RANK_DECIMAL2,
    RANK_LETTER,
    RANK_PART,
    RANK_ROMAN,
    RANK_RUNIN,
    RANK_SECTION,
    HeadingStack,
    LineKind,
    classify_line,
)
from nlp.normalize import fold, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("HUYỆN UỶ YÊN HOÀ", "HUYỆN ỦY YÊN HÒA"),
        ("quý", "quý"),  # u belongs to "qu"
        ("hoàn thành", "hoàn thành"),  # closed syllable keeps the mark on a
        ("ngoài", "ngoài"),
        ("Số 45-BC/HU\n  tuỳ  theo", "Số 45-BC/HU\n  tùy  theo"),  # layout untouched
        ("Vie\u0302\u0323t Nam", "Việt Nam"),  # NFD → NFC
        ("", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_fold_strips_marks_and_keeps_indices():
    s = "Đảng bộ Huyện ủy Tân Lập"
    assert fold(s) == "Dang bo Huyen uy Tan Lap"
    assert fold(s, upper=True) == "DANG BO HUYEN UY TAN LAP"


@given(st.text())
def test_fold_length_is_preserved(s):
    assert len(fold(s)) == len(s)
    assert len(fold(s, upper=True)) == len(s)


@pytest.mark.parametrize(
    ("line", "rank", "heading"),
    [
        ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", RANK_ROMAN, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
        ("I- Khái quát tình hình", RANK_ROMAN, "I- Khái quát tình hình"),
        ("IV.- BÀI HỌC KINH NGHIỆM", RANK_ROMAN, "IV.- BÀI HỌC KINH NGHIỆM"),
        ("1. Kết quả đạt được", RANK_ARABIC, "1. Kết quả đạt được"),
        ("1/ Về thuận lợi:", RANK_ARABIC, "1/ Về thuận lợi:"),
        ("2.2. Nguyên nhân chủ quan", RANK_DECIMAL2, "2.2. Nguyên nhân chủ quan"),
        ("a) Về cơ sở vật chất", RANK_LETTER, "a) Về cơ sở vật chất"),
        ("PHẦN THỨ NHẤT", RANK_PART, "PHẦN THỨ NHẤT"),
        ("A. KẾT QUẢ ĐẠT ĐƯỢC", RANK_SECTION, "A. KẾT QUẢ ĐẠT ĐƯỢC"),
        ("Phần II", RANK_PART, "Phần II"),
        ("ƯU ĐIỂM", RANK_CAPS, "ƯU ĐIỂM"),
        ("HẠN CHẾ, KHÓ KHĂN", RANK_CAPS, "HẠN CHẾ, KHÓ KHĂN"),
        ("* Kết quả đạt được:", RANK_RUNIN, "* Kết quả đạt được:"),  # a label line, typed as is
        ("- Hạn chế, khó khăn:", RANK_RUNIN, "- Hạn chế, khó khăn:"),
    ],
)
def test_typed_headings(line, rank, heading):
    info = classify_line(line)
    assert info.kind is LineKind.HEADING
    assert info.rank == rank
    assert info.heading == heading


def test_runin_heading_is_split_from_its_text():
    info = classify_line("Về hạn chế: Một số bảng tin chậm cập nhật.")
    assert (info.kind, info.heading, info.rest) == (LineKind.HEADING, "Về hạn chế:", "Một số bảng tin chậm cập nhật.")
    # Known only from formatting: the bold prefix says where the label ends.
    text = "Những kết quả đáng ghi nhận: hệ thống loa phủ sóng toàn huyện."
    bold = classify_line(text, bold_prefix=len("Những kết quả đáng ghi nhận:"))
    assert bold.heading == "Những kết quả đáng ghi nhận:" and bold.rest.startswith("hệ thống")


@pytest.mark.parametrize(
    ("line", "marker", "body"),
    [
        ("1. Đến nay 18/20 xã đã có đài truyền thanh ứng dụng công nghệ thông tin, đạt 90%.", "1.",
         "Đến nay 18/20 xã đã có đài truyền thanh ứng dụng công nghệ thông tin, đạt 90%."),
        ("- Một số cụm loa xuống cấp.", "-", "Một số cụm loa xuống cấp."),
        ("+ Kinh phí còn thiếu", "+", "Kinh phí còn thiếu"),
        ("• Bảng tin chậm cập nhật", "•", "Bảng tin chậm cập nhật"),
        ("b) các xã vùng cao chưa có đài truyền thanh nên việc thông tin còn chậm.", "b)",
         "các xã vùng cao chưa có đài truyền thanh nên việc thông tin còn chậm."),
    ],
)
def test_list_items_are_not_headings(line, marker, body):
    info = classify_line(line)
    assert info.kind is LineKind.LIST_ITEM
    assert info.marker == marker
    assert info.body == body


@pytest.mark.parametrize(
    "line",
    [
        "Trong 5 năm qua, huyện đã tổ chức 12 hội nghị.",
        "2.500 lượt người tham dự các buổi tuyên truyền.",
        "18/20 xã có đài truyền thanh.",
        "Chương trình phát thanh được duy trì thường xuyên.",
        "V/v báo cáo sơ kết",
    ],
)
def test_plain_sentences_stay_paragraphs(line):
    assert classify_line(line).kind is LineKind.PARAGRAPH


@pytest.mark.parametrize("line", ["Một là, phải coi trọng vai trò của cấp ủy.", "Thứ nhất, cần bố trí đủ kinh phí."])
def test_ordinal_sentences_are_kept_whole(line):
    info = classify_line(line)
    assert (info.kind, info.style, info.body) == (LineKind.LIST_ITEM, "ordinal", line)


def test_heading_stack_paths():
    st_ = HeadingStack()
    assert st_.push(RANK_ROMAN, "I. A") == 1
    assert st_.push(RANK_ARABIC, "1. B") == 2
    assert st_.push(RANK_RUNIN, "Về hạn chế:") == 3
    st_.drop_runin()
    assert st_.path == ("I. A", "1. B")
    assert st_.push(RANK_ARABIC, "2. C") == 2
    assert st_.push(RANK_ROMAN, "II. D") == 1
    assert st_.path == ("II. D",)


def test_numbered_runin_label_is_split():
    info = classify_line("1/ Về công tác tham mưu, chỉ đạo: Sở đã ban hành kế hoạch thực hiện Chỉ thị.")
    assert (info.kind, info.style, info.rank) == (LineKind.HEADING, "runin", RANK_RUNIN)
    assert info.heading == "1/ Về công tác tham mưu, chỉ đạo:"
    assert info.rest == "Sở đã ban hành kế hoạch thực hiện Chỉ thị."
