"""Figures are added only when they count the same thing, in Vietnamese number format."""

from __future__ import annotations

from reports.figures import (
    FigureRow,
    aggregate_figures,
    format_number,
    format_percent,
    format_total,
    is_negated,
    is_wide,
)

UNITS = [("a", "Huyện ủy A"), ("b", "Huyện ủy B"), ("c", "Sở C")]


def row(unit, measure, uom, value, den=None, raw=""):
    name = dict(UNITS)[unit]
    return FigureRow(unit, name, measure, "", uom, value, den, f"doc-{unit}", f"{unit}.pdf", 1, 3, raw)


def test_vietnamese_number_format():
    assert format_number(1234) == "1.234"
    assert format_number(1234567) == "1.234.567"
    assert format_number(43.4, 1) == "43,4"
    assert format_number(2.5) == "2,5"
    assert format_percent(96, 221) == "43,4 %"


def test_only_same_measure_and_unit_of_measure_are_added():
    totals = aggregate_figures(
        [
            row("a", "xa_cntt", "xã", 9, 12),
            row("b", "xa_cntt", "xã", 4, 9),
            row("b", "xa_truyen_thanh", "xã", 9),  # same unit of measure, other measure
            row("a", "kinh_phi", "triệu đồng", 500),
            row("c", "kinh_phi", "tỷ đồng", 2),  # same measure, other unit of measure
            row("c", "", "xã", 77),  # unknown measure: never added
        ],
        UNITS,
        measure_order=["xa_truyen_thanh", "xa_cntt", "kinh_phi"],
    )
    got = {(t.measure, t.unit_of_measure): t for t in totals}
    assert list(got) == [
        ("xa_truyen_thanh", "xã"),
        ("xa_cntt", "xã"),
        ("kinh_phi", "triệu đồng"),
        ("kinh_phi", "tỷ đồng"),
    ]
    assert got[("xa_cntt", "xã")].total == 13
    assert format_total(got[("xa_cntt", "xã")]) == "13/21 xã (61,9 %)"
    assert got[("xa_truyen_thanh", "xã")].total == 9
    assert got[("kinh_phi", "triệu đồng")].total == 500
    assert got[("kinh_phi", "tỷ đồng")].total == 2
    assert got[("xa_cntt", "xã")].units_without == ("Sở C",)


def test_a_repeated_figure_is_counted_once_per_unit():
    totals = aggregate_figures(
        [
            row("a", "cum_loa", "cụm loa", 120),
            row("a", "cum_loa", "cụm loa", 120),
            row("a", "cum_loa", "cụm loa", 30),
            row("b", "cum_loa", "cụm loa", 1234),
        ],
        UNITS,
    )
    (t,) = totals
    assert t.total == 1354
    assert format_total(t) == "1.354 cụm loa"
    assert [(r.unit, r.value, r.mentions) for r in t.rows] == [("Huyện ủy A", 120, 3), ("Huyện ủy B", 1234, 1)]


def test_percentages_are_listed_not_added():
    (t,) = aggregate_figures([row("a", "ty_le", "%", 80), row("b", "ty_le", "%", 60)], UNITS)
    assert t.total is None
    assert "không cộng" in format_total(t)


def test_ratio_only_over_units_giving_a_denominator():
    (t,) = aggregate_figures([row("a", "xa", "xã", 9, 12), row("b", "xa", "xã", 5)], UNITS)
    assert t.total == 14
    assert format_total(t) == "14 xã; trong đó 9/12 xã (75,0 %) ở các đơn vị nêu tổng số"


# --- levels: a provincial department's province-wide count already holds the districts' counts

LEVEL_UNITS = [
    ("hu-a", "Huyện ủy A"),
    ("hu-b", "Huyện ủy B"),
    ("hu-c", "Huyện ủy C"),
    ("so-x", "Sở X"),
    ("hoi-y", "Hội Y"),
]
KINDS = {
    "hu-a": "party_committee",
    "hu-b": "party_committee",
    "hu-c": "party_committee",
    "so-x": "department",
    "hoi-y": "mass_organisation",
}


def lrow(unit, measure, uom, value, den=None, raw="", wide=False):
    name = dict(LEVEL_UNITS)[unit]
    return FigureRow(
        unit, name, measure, "", uom, value, den, f"doc-{unit}", f"{unit}.pdf", 1, 3, raw, kind=KINDS[unit], wide=wide
    )


def test_golden_province_wide_figures_are_never_added_to_district_figures():
    sentence = (
        "Theo số liệu của Sở, đến tháng 5/2022 toàn tỉnh có 142/168 xã, phường, thị trấn có hệ thống truyền thanh."
    )
    assert is_wide(sentence, "142/168 xã, phường, thị trấn")
    rows = [
        lrow("hu-a", "xa_tt", "xã", 18, 20, "18/20 xã"),
        lrow("hu-b", "xa_tt", "xã", 15, 17, "15/17 xã"),
        lrow("so-x", "xa_tt", "xã", 142, 168, "142/168 xã", wide=True),
        lrow("so-x", "xa_tt", "xã", 142, None, "142"),  # the same number again in the Sở's table
        lrow("hu-a", "hoi_nghi", "hội nghị", 2),
        lrow("hu-b", "hoi_nghi", "hội nghị", 3),
        lrow("so-x", "hoi_nghi", "hội nghị", 14),  # the Sở's own training courses: its own row
        lrow("hoi-y", "hoi_nghi", "hội nghị", 11),
    ]
    totals = {t.measure: t for t in aggregate_figures(rows, LEVEL_UNITS, unit_kinds=KINDS)}
    radio = totals["xa_tt"]
    assert [(g.title, g.wide, g.total, [r.unit_id for r in g.rows]) for g in radio.groups] == [
        ("Toàn tỉnh", True, None, ["so-x"]),
        ("Huyện ủy, thị ủy, thành ủy", False, 33, ["hu-a", "hu-b"]),
    ]
    assert radio.total is None  # no single total across levels
    assert radio.groups[1].units_without == ("Huyện ủy C",)
    assert format_total(radio) == (
        "Toàn tỉnh (do Sở X báo cáo): 142/168 xã (84,5 %); Huyện ủy, thị ủy, thành ủy: 33/37 xã (89,2 %)"
    )
    meetings = totals["hoi_nghi"]
    assert [(g.title, g.total) for g in meetings.groups] == [
        ("Huyện ủy, thị ủy, thành ủy", 5),
        ("Sở, ban, ngành", 14),
        ("Mặt trận, đoàn thể", 11),
    ]
    assert format_total(meetings) == (
        "Huyện ủy, thị ủy, thành ủy: 5 hội nghị; Sở, ban, ngành: 14 hội nghị; Mặt trận, đoàn thể: 11 hội nghị"
    )


def test_golden_tables_show_both_levels(tmp_path):
    from reports.common import figure_rows, unit_figure_rows

    rows = [
        lrow("hu-a", "xa_tt", "xã", 18, 20, "18/20 xã"),
        lrow("hu-b", "xa_tt", "xã", 15, 17, "15/17 xã"),
        lrow("so-x", "xa_tt", "xã", 142, 168, "142/168 xã", wide=True),
    ]
    (t,) = aggregate_figures(rows, LEVEL_UNITS, unit_kinds=KINDS)
    assert figure_rows(t) == [
        ("xa_tt (xã)", "Toàn tỉnh (do Sở X báo cáo)", "142/168 xã (84,5 %)", "1", "—"),
        ("", "Huyện ủy, thị ủy, thành ủy", "33/37 xã (89,2 %)", "2", "Huyện ủy C"),
    ]
    assert unit_figure_rows(t) == [
        ("Toàn tỉnh (do Sở X báo cáo):", "", ""),
        ("Sở X", "142/168 xã", "so-x.pdf, tr. 1"),
        ("Huyện ủy, thị ủy, thành ủy:", "", ""),
        ("Huyện ủy A", "18/20 xã", "hu-a.pdf, tr. 1"),
        ("Huyện ủy B", "15/17 xã", "hu-b.pdf, tr. 1"),
        ("Cộng huyện ủy, thị ủy, thành ủy (2 đơn vị)", "33/37 xã (89,2 %)", ""),
    ]


def test_communes_wards_and_special_zones_add_up_together():
    units = [("x1", "Xã 1"), ("p1", "Phường 1"), ("dk", "Đặc khu 1")]
    kinds = {"x1": "commune", "p1": "ward", "dk": "special_zone"}
    rows = [
        FigureRow(u, n, "wifi", "", "điểm", v, None, f"d{u}", "f.pdf", 1, 1, "", kind=kinds[u])
        for (u, n), v in zip(units, (4, 6, 2), strict=True)
    ]
    (t,) = aggregate_figures(rows, units, unit_kinds=kinds)
    assert t.total == 12 and len(t.groups) == 1


def test_scope_and_negation_read_from_the_sentence():
    # real sentences of the demo inbox (examples/inbox)
    assert is_wide(
        "Trong đó có 46 xã, phường đã có hệ thống truyền thanh ứng dụng CNTT - viễn thông, tăng 46 xã so với năm 2016.",
        "46 xã, phường",
        previous="Theo số liệu tổng hợp của Sở, đến tháng 5/2022 toàn tỉnh có 142/168 xã, phường, thị trấn có "
        "hệ thống truyền thanh, đạt 84,5%.",
    )
    assert not is_wide("Tỷ lệ xã có đài truyền thanh mới đạt 63%, thấp hơn nhiều so với bình quân của tỉnh.", "63%")
    assert not is_wide("Đến tháng 5/2022, toàn huyện có 18/20 xã, thị trấn có hệ thống truyền thanh.", "18/20 xã")
    assert is_negated(
        "Còn 26 xã, phường, thị trấn chưa có hệ thống truyền thanh, tập trung ở miền núi.", "26 xã, phường, thị trấn"
    )
    assert is_negated("Vẫn còn 2 xã vùng đồi chưa có hệ thống truyền thanh.", "2 xã")
    assert not is_negated("Toàn huyện có 15/17 xã, thị trấn có hệ thống truyền thanh; 2 xã chưa có.", "15/17 xã")
