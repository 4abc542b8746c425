"""Round 3: a report from another province never matches this campaign's roster.

The bench matched "UBND TỈNH HẢI TRUNG / SỞ VĂN HÓA…" to so-vhttdl and "HỘI LHPN TỈNH
THANH VÂN" to hoi-phu-nu; the province the header names must be one the campaign knows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.roster import campaign_places, foreign_place, match_unit
from tonghop.campaign import load_campaign
from tonghop.models import DocMeta

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ct07():
    return load_campaign(ROOT / "campaigns" / "ct07-2022.toml")


@pytest.fixture(scope="module")
def cds():
    return load_campaign(ROOT / "campaigns" / "nq-cds-2026.toml")


def test_campaign_places_come_from_issuer_and_roster(ct07, cds):
    assert ("ha", "lam") in campaign_places(ct07)
    assert ("tan", "lap") in campaign_places(ct07)
    assert ("thach", "ban") in campaign_places(ct07)
    assert campaign_places(cds) == {("bao", "luong")}


@pytest.mark.parametrize("unit, parent", [
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "UBND TỈNH HẢI TRUNG"),
    ("HỘI LHPN TỈNH THANH VÂN", None),
    ("HỘI LIÊN HIỆP PHỤ NỮ TỈNH", "ỦY BAN MTTQ VIỆT NAM TỈNH THANH VÂN"),
    ("HUYỆN ỦY TÂN LẬP", "TỈNH ỦY HẢI TRUNG"),
    ("UBND THÀNH PHỐ CẨM GIANG", None),
])
def test_other_province_is_refused_in_ct07(ct07, unit, parent):
    meta = DocMeta(unit_name=unit, parent_unit=parent)
    assert foreign_place(meta, ct07)
    assert match_unit(meta, ct07, file_name="bc-so-vhttdl.pdf") == (None, 0.0)


@pytest.mark.parametrize("unit, parent, expected", [
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ LÂM", "so-tttt"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "ỦY BAN NHÂN DÂN TỈNH HÀ LÂM", "so-vhttdl"),
    ("HỘI LHPN TỈNH", "ỦY BAN MTTQ VIỆT NAM TỈNH HÀ LÂM", "hoi-phu-nu"),
    ("HUYỆN ỦY TÂN LẬP", "ĐẢNG BỘ TỈNH HÀ LÂM", "hu-tan-lap"),
    ("BAN THƯỜNG VỤ THÀNH ỦY LÂM GIANG", "TỈNH ỦY HÀ LAM", "tu-lam-giang"),  # OCR lost a tone
    ("TỈNH ĐOÀN HÀ LÂM", None, "tinh-doan"),
])
def test_units_of_the_campaign_province_still_match(ct07, unit, parent, expected):
    meta = DocMeta(unit_name=unit, parent_unit=parent)
    assert foreign_place(meta, ct07) is None
    assert match_unit(meta, ct07)[0] == expected


def test_nq_cds_campaign(cds):
    ok = DocMeta(unit_name="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", parent_unit="UBND TỈNH BẢO LƯƠNG")
    assert match_unit(ok, cds)[0] == "so-vhttdl"
    other = DocMeta(unit_name="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", parent_unit="UBND TỈNH HÀ LÂM")
    assert match_unit(other, cds) == (None, 0.0)
    commune = DocMeta(unit_name="ĐẢNG ỦY XÃ TÂN PHONG", parent_unit="ĐẢNG BỘ TỈNH BẢO LƯƠNG")
    assert match_unit(commune, cds)[0] is not None


def test_place_cut_short_by_the_header_layout_is_not_foreign(ct07):
    # the scan of hu-muong-khoa-ct07 read only "HUYỆN ỦY MƯỜNG" on the issuer line
    meta = DocMeta(unit_name="HUYỆN ỦY MƯỜNG", parent_unit="ĐẢNG BỘ TỈNH HÀ LÂM")
    assert foreign_place(meta, ct07) is None
    assert match_unit(meta, ct07, file_name="hu-muong-khoa-ct07.scan.pdf")[0] == "hu-muong-khoa"


def test_place_truncated_by_ocr_is_not_foreign(cds):
    # Tesseract read the scanned parent line "ĐẢNG BỘ TỈNH BẢO LƯƠNG" as "... BẢO LỰ"
    meta = DocMeta(unit_name="ĐẢNG UY ĐẶC KHU BẠCH SA", parent_unit="ĐẢNG BỘ TỈNH BẢO LỰ")
    assert foreign_place(meta, cds) is None
    assert match_unit(meta, cds)[0] == "dac-khu-bach-sa"
    # a different province that merely starts alike is still foreign
    assert foreign_place(DocMeta(unit_name="ĐẢNG ỦY XÃ TÂN PHONG", parent_unit="ĐẢNG BỘ TỈNH BẢO LỘC"), cds)
