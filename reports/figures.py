"""Adding up the numbers units give, only where they count the same thing.

Rules (the editor relies on them):
- figures are grouped by (measure, unit of measure); different measures or units of
  measure are never added, and a figure with no known measure is never added;
- a unit often repeats a number (in the text and again in a table), so each unit
  contributes one number per group: the largest it states (its cumulative total), and
  the per-unit table says how many mentions there were;
- percentages are not added (a sum of rates means nothing): only listed per unit;
- a ratio "96/221 xã (43,4 %)" is computed over the units that gave a denominator.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reports.model import FigureTotal, UnitFigure

_NOT_ADDABLE = {"%", "phần trăm", "tỷ lệ"}


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


def format_total(ft: FigureTotal) -> str:
    """What the figures table prints in its total column."""
    uom = ft.unit_of_measure
    ratio = ""
    if ft.denominator_total and ft.ratio_value is not None:
        pct = format_percent(ft.ratio_value, ft.denominator_total)
        ratio = f"{format_number(ft.ratio_value)}/{format_number(ft.denominator_total)} {uom} ({pct})".strip()
    if ft.total is None:
        return "không cộng (tỷ lệ từng đơn vị)"
    covered = all(r.denominator is not None for r in ft.rows)
    if ratio and covered:
        return ratio
    total = f"{format_number(ft.total)} {uom}".strip()
    if ratio:
        return f"{total}; trong đó {ratio} ở các đơn vị nêu tổng số"
    return total


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


def aggregate_figures(
    rows: Iterable[FigureRow],
    reporting_units: Sequence[tuple[str, str]],
    measure_order: Sequence[str] = (),
    measure_labels: dict[str, str] | None = None,
) -> tuple[FigureTotal, ...]:
    """One `FigureTotal` per (measure, unit of measure), in campaign measure order.

    `reporting_units` are (unit_id, name) of the units that sent a current report, in the order
    tables list them; they also give "đơn vị không nêu". Rows without a measure are left out:
    an unknown count is never added.
    """
    labels = measure_labels or {}
    position = {uid: i for i, (uid, _) in enumerate(reporting_units)}
    groups: dict[tuple[str, str], dict[str, list[FigureRow]]] = {}
    for r in rows:
        if not r.measure:
            continue
        key = (r.measure, (r.unit_of_measure or "").strip())
        groups.setdefault(key, {}).setdefault(r.unit_id, []).append(r)

    order = {m: i for i, m in enumerate(measure_order)}
    totals = []
    for (measure, uom), by_unit in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], kv[0][1])
    ):
        picked = []
        for _unit_id, unit_rows in by_unit.items():
            best = _pick(unit_rows)
            picked.append(
                UnitFigure(
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
            )
        picked.sort(key=lambda u: (position.get(u.unit_id, len(position)), u.unit, u.unit_id))
        addable = uom.lower() not in _NOT_ADDABLE
        with_den = [u for u in picked if u.denominator is not None]
        given = {u.unit_id for u in picked}
        first = next(iter(by_unit.values()))[0]
        totals.append(
            FigureTotal(
                measure=measure,
                label=labels.get(measure) or first.label or measure,
                unit_of_measure=uom,
                total=sum(u.value for u in picked) if addable else None,
                ratio_value=sum(u.value for u in with_den) if with_den and addable else None,
                denominator_total=sum(u.denominator or 0 for u in with_den) if with_den and addable else None,
                rows=tuple(picked),
                units_without=tuple(name for uid, name in reporting_units if uid not in given),
            )
        )
    return tuple(totals)
