"""Roster match from the file name alone (rejected files, scans whose header OCR failed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.roster import FILE_NAME_SCORE, match_file_name, match_unit
from tonghop.campaign import load_campaign
from tonghop.models import DocMeta

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ct07():
    return load_campaign(ROOT / "campaigns" / "ct07-2022.toml")


@pytest.fixture(scope="module")
def cds():
    return load_campaign(ROOT / "campaigns" / "nq-cds-2026.toml")


@pytest.mark.parametrize(
    ("file_name", "unit_id"),
    [
        ("bc-huyen-thach-ban.docx", "hu-thach-ban"),
        ("huyen thach ban", "hu-thach-ban"),
        ("HU Thach Ban", "hu-thach-ban"),
        ("BC so ket CT07 - Huyen uy Thach Ban (ban chinh thuc).pdf", "hu-thach-ban"),
        ("Báo cáo Huyện ủy Thạch Bàn.docx", "hu-thach-ban"),
        ("thach-ban-2.pdf", "hu-thach-ban"),
        ("BC_HuyenUy_TanLap.docx", "hu-tan-lap"),
        ("HUThachBan2022.pdf", "hu-thach-ban"),
        ("BaoCao_SoTTTT_v2.docx", "so-tttt"),
        ("thanh-uy-lam-giang.pdf", "tu-lam-giang"),
        ("so-tt-tt.docx", "so-tttt"),
        ("SoTTTT_baocao.docx", "so-tttt"),
        ("so-van-hoa-the-thao-du-lich.pdf", "so-vhttdl"),
        ("bao-cao-hoi-nong-dan.pdf", "hoi-nong-dan"),
        ("hoi-nong-dan-tinh-ha-lam.pdf", "hoi-nong-dan"),  # "Hà Lâm" inside it is not Báo Hà Lâm
        ("BC Hoi Phu nu.pdf", "hoi-phu-nu"),
        ("Đài PT-TH tỉnh.pdf", "dai-ptth"),
        ("bao-ha-lam.pdf", "bao-ha-lam"),
        # never a different place, never a guess
        ("tan-lac.pdf", None),
        ("HU Tan Lac.docx", None),
        ("huyen-thach-bang.pdf", None),
        ("lam-giang-thach-ban.pdf", None),  # two units named: ambiguous
        ("bc-ha-lam.pdf", None),  # the province, shared by many units
        ("bc-huyen.docx", None),
        ("scan0001.pdf", None),
        ("", None),
    ],
)
def test_file_name_ct07(ct07, file_name, unit_id):
    assert match_file_name(file_name, ct07) == unit_id
    want = (unit_id, FILE_NAME_SCORE) if unit_id else (None, 0.0)
    assert match_unit(DocMeta(), ct07, file_name, "") == want


@pytest.mark.parametrize(
    ("file_name", "unit_id"),
    [
        ("DU phuong Luong Son.docx", "phuong-luong-son"),
        ("xa-cu-pang.pdf", "xa-cu-pang"),
        ("bach-sa.pdf", "dac-khu-bach-sa"),
        ("tan-phong-2.docx", "xa-tan-phong"),
        ("bao-luong.pdf", None),  # the province name
    ],
)
def test_file_name_other_campaign(cds, file_name, unit_id):
    assert match_file_name(file_name, cds) == unit_id


def test_header_match_still_wins_over_file_name(ct07):
    meta = DocMeta(unit_name="HUYỆN ỦY TÂN LẬP")
    assert match_unit(meta, ct07, "bc-huyen-thach-ban.docx", "")[0] == "hu-tan-lap"
