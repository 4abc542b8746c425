import pytest

from nlp.figures import parse_number, sentence_figures, table_figures
from tonghop.campaign import load_campaign


@pytest.fixture(scope="module")
def camp():
    return load_campaign()


def figs(text, camp):
    return [(f.value, f.denominator, f.unit_of_measure, f.measure) for f in sentence_figures(text, camp)]


@pytest.mark.parametrize(("raw", "value"), [("1.234", 1234), ("2,5", 2.5), ("1.234.567", 1234567), ("12", 12)])
def test_parse_number_vietnamese_formats(raw, value):
    assert parse_number(raw) == value


def test_fraction_gives_value_and_denominator(camp):
    got = figs("Hiện nay 17/22 xã đã có hệ thống truyền thanh ứng dụng công nghệ thông tin.", camp)
    assert got == [(17.0, 22.0, "xã", "xa_truyen_thanh_cntt")]


def test_percentage_of_communes(camp):
    assert figs("Có 100% xã, thị trấn có đài truyền thanh hoạt động.", camp) == [(100.0, None, "%", "xa_truyen_thanh")]


def test_money_normalised_to_million_dong(camp):
    got = figs("Tổng kinh phí đầu tư đạt 3,2 tỷ đồng, trong đó xã hội hóa 450 triệu đồng.", camp)
    assert got[0] == (3200.0, None, "triệu đồng", "kinh_phi")
    assert got[1][0] == 450.0 and got[1][2] == "triệu đồng"
    assert figs("Hỗ trợ kinh phí 1 tỷ 200 triệu đồng.", camp) == [(1200.0, None, "triệu đồng", "kinh_phi")]


def test_counts_with_units_and_thousands(camp):
    got = figs("Huyện lắp mới 1.050 cụm loa và phát 2.400 bản tin trong năm.", camp)
    assert got == [(1050.0, None, "cụm loa", "cum_loa"), (2400.0, None, "bản tin", "ban_tin")]


def test_dates_doc_numbers_and_years_are_never_figures(camp):
    text = ("Thực hiện Chỉ thị số 07-CT/TW ngày 05/9/2016, Quyết định 52/2016/QĐ-TTg và Báo cáo số 45-BC/HU "
            "tháng 5/2022, trong năm 2021 dịch Covid-19 kéo dài.")
    assert figs(text, camp) == []


def test_number_without_campaign_cue_has_no_measure(camp):
    got = figs("Đảng bộ có 46 chi bộ trực thuộc.", camp)
    assert got == [(46.0, None, "chi bộ", "")]


def test_table_cells_use_row_label_and_header(camp):
    rows = [["STT", "Nội dung", "ĐVT", "Năm 2017", "Năm 2022"],
            ["1", "Cụm loa đang hoạt động", "cụm", "210", "1.305"],
            ["2", "Xã có đài truyền thanh", "xã", "9", "12"]]
    got = [(f.value, f.unit_of_measure, f.measure, f.table_row, f.table_col) for f in table_figures(rows, camp)]
    assert got == [(210.0, "cụm loa", "cum_loa", 1, 3), (1305.0, "cụm loa", "cum_loa", 1, 4),
                   (9.0, "xã", "xa_truyen_thanh", 2, 3), (12.0, "xã", "xa_truyen_thanh", 2, 4)]
