"""Figures are added only when they count the same thing, in Vietnamese number format."""

from __future__ import annotations

from reports.figures import FigureRow, aggregate_figures, format_number, format_percent, format_total

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
