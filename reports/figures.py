"""Adding up the numbers units give, only where they count the same thing.

Rules (the editor relies on them):
- figures are grouped by (measure, unit of measure); different measures or units of
  measure are never added, and a figure with no known measure is never added;
- figures are added only between units of the same kind of the roster (districts with
  districts, departments with departments, communes with wards): a provincial department
  reports on the whole province, so its "142/168 xã" already holds the districts' "18/20 xã";
- a figure whose sentence speaks of the whole province ("toàn tỉnh", "trên địa bàn tỉnh", or
  "Trong đó …" right after such a sentence) is a province-wide figure: listed in its own row
  with who reported it, never added, and the unit's other figures of that measure (the same
  number repeated in a table) go with it;
- a number of things that do not exist ("còn 26 xã chưa có …") and a target ("phấn đấu đến
  năm 2025 có 100% xã …", a recommendation) are not results and are left out;
- a unit often repeats a number (in the text and again in a table), so each unit
  contributes one number per group: the largest it states (its cumulative total), and
  the per-unit table says how many mentions there were;
- percentages are not added (a sum of rates means nothing): only listed per unit;
- a ratio "96/221 xã (43,4 %)" is computed over the units that gave a denominator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reports.model import FigureGroup, FigureTotal, UnitFigure

_NOT_ADDABLE = {"%", "phần trăm", "tỷ lệ"}

# Kinds of the roster (tonghop.campaign.Unit.kind) whose figures may be added together, and
# how a table names them. Communes, wards and special zones are the same level after 2025; a
# kind not listed here is a group of its own, named by its code.
KIND_GROUPS: dict[str, tuple[str, str]] = {
    "party_committee": ("party_committee", "Huyện ủy, thị ủy, thành ủy"),
    "district": ("district", "Huyện, thị xã, thành phố"),
    "commune": ("commune", "Xã, phường, đặc khu"),
    "ward": ("commune", "Xã, phường, đặc khu"),
    "special_zone": ("commune", "Xã, phường, đặc khu"),
    "department": ("department", "Sở, ban, ngành"),
    "mass_organisation": ("mass_organisation", "Mặt trận, đoàn thể"),
    "media": ("media", "Cơ quan báo chí"),
    "post": ("post", "Bưu điện"),
    "police": ("police", "Công an"),
    "": ("", "Đơn vị ngoài danh sách"),
}
WIDE_TITLE = "Toàn tỉnh"

# A figure about the whole province, said before the number in its sentence.
_WIDE_CUES = ("toàn tỉnh", "trên địa bàn tỉnh", "cả tỉnh", "trong tỉnh có", "của tỉnh có")
_CONTINUATION = ("trong đó", "trong số đó", "riêng", "cụ thể")
_NEGATION_AFTER = re.compile(r"^[^,;.:]{0,40}?\b(?:chưa|không|chưa từng)\b", re.IGNORECASE)


def kind_group(kind: str) -> tuple[str, str]:
    """(group key, title) of a roster kind: which units' figures may be added together."""
    return KIND_GROUPS.get(kind or "", (kind, kind))


def _before(sentence: str, raw: str) -> str:
    folded = sentence.casefold()
    at = folded.find(raw.casefold()) if raw else -1
    return folded if at < 0 else folded[:at]


def is_wide(sentence: str, raw: str, previous: str = "") -> bool:
    """True when the figure counts the whole province, not the reporting unit's own share.

    >>> is_wide("Đến nay toàn tỉnh có 142/168 xã có hệ thống truyền thanh.", "142/168 xã")
    True
    >>> is_wide("Tỷ lệ mới đạt 63%, thấp hơn bình quân toàn tỉnh.", "63%")
    False
    """
    before = _before(sentence or "", raw)
    if any(c in before for c in _WIDE_CUES):
        return True
    opener = (sentence or "").strip().casefold()
    if previous and opener.startswith(_CONTINUATION):
        return any(c in (previous or "").casefold() for c in _WIDE_CUES)
    return False


def is_negated(sentence: str, raw: str) -> bool:
    """True for "còn 26 xã chưa có đài": a count of what is missing, not of what exists.

    >>> is_negated("Còn 26 xã, phường chưa có hệ thống truyền thanh.", "26 xã, phường")
    True
    >>> is_negated("Toàn huyện có 18/20 xã có hệ thống truyền thanh.", "18/20 xã")
    False
    """
    if not sentence or not raw:
        return False
    folded = sentence.casefold()
    at = folded.find(raw.casefold())
    if at < 0:
        return False
    return bool(_NEGATION_AFTER.match(folded[at + len(raw) :]))


@dataclass(frozen=True)
class FigureRow:
    """One figure of a current document, as read from the warehouse."""

    unit_id: str
    unit: str
    measure: str
    label: str
    unit_of_measure: str
    value: float
    denominator: float | None
    doc_id: str
    file_name: str
    page: int | None
    paragraph: int | None
    raw: str
    kind: str = ""  # the unit's kind in the roster ("" outside it)
    wide: bool = False  # a province-wide figure (see is_wide)


def format_number(value: float, decimals: int | None = None) -> str:
    """Vietnamese style: 1.234 and 43,4 (dot groups thousands, comma marks decimals).

    >>> format_number(1234), format_number(43.35, 1)
    ('1.234', '43,4')
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(part: float, whole: float) -> str:
    """ "43,4 %" (one decimal, Vietnamese comma, a space before the sign as in admin texts)."""
    if not whole:
        return ""
    return f"{100 * part / whole:.1f} %".replace(".", ",")


def format_group(g: FigureGroup, uom: str) -> str:
    """What one group adds up to: "47/73 xã (64,4 %)", "1.354 cụm loa", or the single figure."""
    if g.wide or g.total is None:
        if len(g.rows) == 1:
            r = g.rows[0]
            text = format_unit_value(r, uom)
            if r.denominator and uom.lower() not in _NOT_ADDABLE:
                text += f" ({format_percent(r.value, r.denominator)})"
            return text
        return "không cộng (" + ("số liệu toàn tỉnh của từng đơn vị" if g.wide else "tỷ lệ từng đơn vị") + ")"
    ratio = ""
    if g.denominator_total and g.ratio_value is not None:
        pct = format_percent(g.ratio_value, g.denominator_total)
        ratio = f"{format_number(g.ratio_value)}/{format_number(g.denominator_total)} {uom} ({pct})".strip()
    covered = all(r.denominator is not None for r in g.rows)
    if ratio and covered:
        return ratio
    total = f"{format_number(g.total)} {uom}".strip()
    if ratio:
        return f"{total}; trong đó {ratio} ở các đơn vị nêu tổng số"
    return total


def group_title(g: FigureGroup) -> str:
    """ "Toàn tỉnh (do Sở … báo cáo)" or the kind's name, as the "Phạm vi" column prints it."""
    if g.wide:
        return f"{WIDE_TITLE} (do {', '.join(r.unit for r in g.rows)} báo cáo)"
    return g.title


def format_total(ft: FigureTotal) -> str:
    """What the figures table prints in its total column: one group as it adds up, several
    groups side by side with their scope, never added together."""
    uom = ft.unit_of_measure
    if len(ft.groups) == 1 and not ft.groups[0].wide:
        g = ft.groups[0]
        if g.total is None and len(g.rows) > 1:
            return "không cộng (tỷ lệ từng đơn vị)"
        return format_group(g, uom)
    return "; ".join(f"{group_title(g)}: {format_group(g, uom)}" for g in ft.groups)


def format_unit_value(row: UnitFigure, uom: str) -> str:
    text = format_number(row.value)
    if row.denominator is not None:
        text += f"/{format_number(row.denominator)}"
    return f"{text} {uom}".strip()


def _pick(rows: Sequence[FigureRow]) -> FigureRow:
    """The unit's number for a measure: the largest; ties go to one with a denominator, then first."""
    return sorted(
        rows,
        key=lambda r: (-r.value, r.denominator is None, r.doc_id, r.page or 0, r.paragraph or 0, r.raw),
    )[0]


def _unit_figure(unit_rows: Sequence[FigureRow]) -> UnitFigure:
    best = _pick(unit_rows)
    return UnitFigure(
        unit_id=best.unit_id,
        unit=best.unit,
        value=best.value,
        denominator=best.denominator,
        doc_id=best.doc_id,
        file_name=best.file_name,
        page=best.page,
        paragraph=best.paragraph,
        raw=best.raw,
        mentions=len(unit_rows),
    )


def _group(title: str, wide: bool, picked: list[UnitFigure], addable: bool, without: tuple[str, ...]) -> FigureGroup:
    add = addable and not wide
    with_den = [u for u in picked if u.denominator is not None]
    return FigureGroup(
        title=title,
        wide=wide,
        total=sum(u.value for u in picked) if add else None,
        ratio_value=sum(u.value for u in with_den) if with_den and add else None,
        denominator_total=sum(u.denominator or 0 for u in with_den) if with_den and add else None,
        rows=tuple(picked),
        units_without=without,
    )


def aggregate_figures(
    rows: Iterable[FigureRow],
    reporting_units: Sequence[tuple[str, str]],
    measure_order: Sequence[str] = (),
    measure_labels: dict[str, str] | None = None,
    unit_kinds: dict[str, str] | None = None,
) -> tuple[FigureTotal, ...]:
    """One `FigureTotal` per (measure, unit of measure), in campaign measure order.

    `reporting_units` are (unit_id, name) of the units that sent a current report, in the order
    tables list them; they also give "đơn vị không nêu". `unit_kinds` maps unit ids to their
    roster kind (default: the kind carried by the rows). Rows without a measure are left out:
    an unknown count is never added.
    """
    labels = measure_labels or {}
    kinds = dict(unit_kinds or {})
    position = {uid: i for i, (uid, _) in enumerate(reporting_units)}
    groups: dict[tuple[str, str], dict[str, list[FigureRow]]] = {}
    for r in rows:
        if not r.measure:
            continue
        kinds.setdefault(r.unit_id, r.kind)
        key = (r.measure, (r.unit_of_measure or "").strip())
        groups.setdefault(key, {}).setdefault(r.unit_id, []).append(r)

    def order_units(us: list[UnitFigure]) -> list[UnitFigure]:
        return sorted(us, key=lambda u: (position.get(u.unit_id, len(position)), u.unit, u.unit_id))

    group_rank = {g: i for i, g in enumerate(dict.fromkeys(k for k, _ in KIND_GROUPS.values()))}
    order = {m: i for i, m in enumerate(measure_order)}
    totals = []
    for (measure, uom), by_unit in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], kv[0][1])
    ):
        addable = uom.lower() not in _NOT_ADDABLE
        wide: list[UnitFigure] = []
        by_kind: dict[str, list[UnitFigure]] = {}
        for unit_id, unit_rows in by_unit.items():
            # a unit speaks of one scope per measure: once it gives a province-wide number, its
            # other numbers of that measure (the same one again in a table) are province-wide too
            picked = _unit_figure(unit_rows)
            if any(r.wide for r in unit_rows):
                wide.append(picked)
            else:
                by_kind.setdefault(kind_group(kinds.get(unit_id, ""))[0], []).append(picked)
        given = {uid for uid in by_unit}
        out: list[FigureGroup] = []
        if wide:
            out.append(_group(WIDE_TITLE, True, order_units(wide), addable, ()))
        for gkey in sorted(by_kind, key=lambda k: (group_rank.get(k, len(group_rank)), k)):
            members = [(uid, name) for uid, name in reporting_units if kind_group(kinds.get(uid, ""))[0] == gkey]
            title = next((t for k, (g, t) in KIND_GROUPS.items() if g == gkey), gkey) or gkey
            without = tuple(name for uid, name in members if uid not in given)
            out.append(_group(title, False, order_units(by_kind[gkey]), addable, without))
        first = next(iter(by_unit.values()))[0]
        totals.append(
            FigureTotal(
                measure=measure,
                label=labels.get(measure) or first.label or measure,
                unit_of_measure=uom,
                groups=tuple(out),
                units_without=tuple(name for uid, name in reporting_units if uid not in given),
            )
        )
    return tuple(totals)
