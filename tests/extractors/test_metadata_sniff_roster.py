"""Header metadata, format sniffing and roster matching."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from extractors.metadata import is_recipients_start, is_signature_start, parse_header
from extractors.sniff import describe, sniff
from nlp.roster import match_unit
from tonghop.campaign import load_campaign
from tonghop.models import DocMeta, Format


def test_party_header_in_two_columns():
    meta = parse_header(
        ["ĐẢNG BỘ TỈNH HÀ LÂM", "HUYỆN ỦY ĐỒNG XUÂN", "*", "Số 45-BC/HU"],
        ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đồng Xuân, ngày 09 tháng 6 năm 2022"],
        ["BÁO CÁO", "sơ kết 05 năm thực hiện Chỉ thị số 07-CT/TW", "về công tác thông tin cơ sở"],
    )
    assert meta == DocMeta(
        unit_name="HUYỆN ỦY ĐỒNG XUÂN",
        parent_unit="ĐẢNG BỘ TỈNH HÀ LÂM",
        report_number="Số 45-BC/HU",
        report_date=date(2022, 6, 9),
        place="Đồng Xuân",
        doc_type="BÁO CÁO",
        title="sơ kết 05 năm thực hiện Chỉ thị số 07-CT/TW về công tác thông tin cơ sở",
    )


def test_state_header_with_merged_columns_and_letter_spaced_type():
    meta = parse_header(
        [
            "ỦY BAN NHÂN DÂN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "HUYỆN YÊN HOÀ     Độc lập - Tự do - Hạnh phúc",
            "Số: 215/BC-UBND     Yên Hòa, ngày 05 tháng 02 năm 2023",
        ],
        [],
        ["B Á O  C Á O", "Kết quả thực hiện công tác thông tin cơ sở"],
    )
    assert meta.unit_name == "ỦY BAN NHÂN DÂN HUYỆN YÊN HÒA"
    assert meta.parent_unit is None
    assert meta.report_number == "Số: 215/BC-UBND"
    assert meta.report_date == date(2023, 2, 5)
    assert meta.place == "Yên Hòa"
    assert meta.doc_type == "BÁO CÁO"
    assert meta.title == "Kết quả thực hiện công tác thông tin cơ sở"


def test_cong_van_takes_subject_from_vv():
    meta = parse_header(
        ["UBND TỈNH HÀ LÂM", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 1234/STTTT-TTBCXB", "V/v báo cáo sơ kết Chỉ thị 07"],
        ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Giang, ngày 3 tháng 6 năm 2022"],
    )
    assert (meta.unit_name, meta.parent_unit) == ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ LÂM")
    assert meta.report_number == "Số: 1234/STTTT-TTBCXB"
    assert (meta.doc_type, meta.title) == ("CÔNG VĂN", "báo cáo sơ kết Chỉ thị 07")


def test_ocr_tone_errors_still_match():
    meta = parse_header(["ĐÁNG BỘ TỈNH HÀ LÂM ĐẢNG CÔNG SÁN VIỆT NAM", "HUYỆN ỦY TÂN LẬP",
                         "* Tân Lập, ngày 15 tháng 6 năm 2022", "Sô 112-BC/HU"], [], [])
    assert meta.report_date == date(2022, 6, 15)
    assert meta.report_number == "Sô 112-BC/HU"
    assert meta.unit_name == "HUYỆN ỦY TÂN LẬP"
    assert meta.place == "Tân Lập"


def test_closing_cues():
    assert is_recipients_start("Nơi nhận:")
    assert is_signature_start("T/M BAN THƯỜNG VỤ")
    assert is_signature_start("KT. CHỦ TỊCH")
    assert not is_signature_start("Tổ chức 12 hội nghị")


def test_sniff_by_bytes_not_name(tmp_path):
    pdf = tmp_path / "a.docx"
    pdf.write_bytes(b"\n%PDF-1.7\n%...")
    assert sniff(pdf) is Format.PDF
    xlsx = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff(xlsx) is Format.UNKNOWN
    assert describe(xlsx) == "Excel (.xlsx)"
    rtf = tmp_path / "x.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi hello}")
    assert sniff(rtf) is Format.RTF
    html = tmp_path / "x.pdf"
    html.write_bytes(b"<!DOCTYPE html><html><body>404</body></html>")
    assert sniff(html) is Format.UNKNOWN and describe(html) == "HTML web page"
    ole = tmp_path / "x.doc"
    ole.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100 + "WordDocument".encode("utf-16-le"))
    assert sniff(ole) is Format.DOC
    xls = tmp_path / "x.xls"
    xls.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100 + "Workbook".encode("utf-16-le"))
    assert sniff(xls) is Format.UNKNOWN


@pytest.fixture(scope="module")
def campaign():
    return load_campaign()


@pytest.mark.parametrize(
    ("issuer", "parent", "unit_id"),
    [
        ("HUYỆN ỦY TÂN LẬP", "ĐẢNG BỘ TỈNH HÀ LÂM", "hu-tan-lap"),
        ("HUYỆN UỶ YÊN HOÀ", None, "hu-yen-hoa"),
        ("HUYEN UY DONG XUAN", None, "hu-dong-xuan"),  # OCR lost every mark
        ("BAN THƯỜNG VỤ HỘI NÔNG DÂN TỈNH", None, "hoi-nong-dan"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ LÂM", "so-tttt"),
        ("HUYỆN ỦY TÂN LẠC", None, None),  # a unit not on the roster is not guessed
        ("ĐẢNG ỦY XÃ HÒA BÌNH", None, None),
    ],
)
def test_match_unit(campaign, issuer, parent, unit_id):
    uid, score = match_unit(DocMeta(unit_name=issuer, parent_unit=parent), campaign)
    assert uid == unit_id
    assert (score >= 0.88) == (unit_id is not None)


def test_match_unit_falls_back_to_text_and_file_name(campaign):
    assert match_unit(DocMeta(), campaign, text_head="Huyện ủy Mường Khoa báo cáo như sau")[0] == "hu-muong-khoa"
    assert match_unit(DocMeta(), campaign, file_name="BC_hu-thach-ban_2022.pdf")[0] == "hu-thach-ban"
    assert match_unit(DocMeta(), campaign, file_name="scan0001.pdf") == (None, 0.0)


def test_wrapped_issuer_in_ocr_text_is_joined():
    meta = parse_header(
        ["UBND TỈNH HÀ LÂM   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ THÔNG TIN VÀ   Độc lập - Tự do - Hạnh phúc",
         "TRUYỀN THÔNG", "Số: 318/BC-STTTT   Lâm Giang, ngày 14 tháng 6 năm 2022"],
    )
    assert (meta.unit_name, meta.parent_unit) == ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ LÂM")


def test_ocr_roman_numerals_follow_the_sequence():
    from extractors.base import _fix_ocr_roman

    assert _fix_ocr_roman("L CÔNG TÁC THAM MƯU", 0) == ("I. CÔNG TÁC THAM MƯU", 1)
    assert _fix_ocr_roman("IIL NGUYÊN NHÂN", 2) == ("III. NGUYÊN NHÂN", 3)
    assert _fix_ocr_roman("HI. BÀI HỌC KINH NGHIỆM", 2) == ("III. BÀI HỌC KINH NGHIỆM", 3)
    assert _fix_ocr_roman("HẠN CHẾ, NGUYÊN NHÂN", 1) == ("HẠN CHẾ, NGUYÊN NHÂN", 1)
    assert _fix_ocr_roman("Lượng tin bài còn ít", 1) == ("Lượng tin bài còn ít", 1)
