"""Frozen records of one cross-unit synthesis.

`reports.build.build_synthesis` fills them from the warehouse; the DOCX, HTML and Markdown
writers only read them, so every output says exactly the same thing and each writer can be
tested on a hand-made `Synthesis` without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NUMBER_PREFIX = re.compile(r"^\s*(?:PHẦN\s+)?([IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[\.\-/)]")


@dataclass(frozen=True)
class Quote:
    """One sentence quoted verbatim with where an editor can check it."""

    text: str
    unit_id: str
    unit: str
    file_name: str
    source_path: str | None
    format: str
    page: int | None  # 1-based PDF page; None for Word files
    heading_path: tuple[str, ...]
    paragraph: int | None
    doc_id: str
    finding_id: str | None
    sentence_seq: int
    archive_path: str | None = None  # the copy the ingest archived under its sha256, if found
    # Word: the paragraph counted from its section's heading (1 = the first paragraph under it),
    # which is what an editor can count in Word; None when the heading is not known
    section_paragraph: int | None = None

    @property
    def location(self) -> str:
        """ "tr. 4" for a PDF, "mục II.3, đoạn 7" for a Word file (Word has no pages): the 7th
        paragraph under heading II.3, or, without a known heading, of the report's body."""
        if self.page is not None:
            return f"tr. {self.page}"
        parts = []
        section = section_label(self.heading_path)
        if section:
            parts.append(f"mục {section}")
        paragraph = self.section_paragraph if section and self.section_paragraph else self.paragraph
        if paragraph is not None:
            parts.append(f"đoạn {paragraph}")
        return ", ".join(parts)

    @property
    def citation(self) -> str:
        """Unit, file and place, as printed after a quote."""
        loc = self.location
        return f"{self.unit}, {self.file_name}" + (f", {loc}" if loc else "")


def section_label(heading_path: tuple[str, ...]) -> str:
    """Numbering of a heading path ("II.3") or, without numbers, the last heading shortened."""
    if not heading_path:
        return ""
    numbers = [m.group(1) for h in heading_path if (m := _NUMBER_PREFIX.match(h))]
    if len(numbers) == len(heading_path):
        # a heading "2.2." already carries its parents: keep the deepest self-contained run
        return ".".join(numbers)
    last = heading_path[-1].strip().rstrip(":")
    return f"“{last[:48]}…”" if len(last) > 50 else f"“{last}”"


@dataclass(frozen=True)
class Theme:
    """Similar findings of several units, counted over the units that reported."""

    label: str
    unit_count: int
    units_reporting: int  # denominator: units with a current ok/partial report
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    quotes: tuple[Quote, ...]  # 1-3, most central first, from different units
    sentence_count: int
    finding_ids: tuple[str, ...]

    @property
    def share(self) -> str:
        return f"{self.unit_count}/{self.units_reporting} đơn vị"


@dataclass(frozen=True)
class UnitFigure:
    """The one number a unit gives for a measure (the largest it states, see figures.py)."""

    unit_id: str
    unit: str
    value: float
    denominator: float | None
    doc_id: str
    file_name: str
    page: int | None
    paragraph: int | None
    raw: str
    mentions: int  # how many figures of this measure the unit's reports hold


@dataclass(frozen=True)
class FigureGroup:
    """Figures of one measure that may be added together.

    Either the units of one kind of the roster (districts with districts, departments with
    departments: their figures count disjoint things), or the province-wide figures some unit
    gives ("toàn tỉnh có 142/168 xã"), which already contain the units' own figures and are
    therefore never added to anything.
    """

    title: str  # "Huyện ủy, thị ủy, thành ủy" or "Toàn tỉnh (do Sở … báo cáo)"
    wide: bool  # province-wide figures: listed, never added
    total: float | None  # None when adding makes no sense (percentages, province-wide figures)
    ratio_value: float | None  # sum of values of the rows that give a denominator
    denominator_total: float | None
    rows: tuple[UnitFigure, ...]
    units_without: tuple[str, ...]  # reporting units of this kind that gave no such figure

    @property
    def unit_count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class FigureTotal:
    """A measure across units: one `FigureGroup` per set of figures that may be added."""

    measure: str
    label: str
    unit_of_measure: str
    groups: tuple[FigureGroup, ...]  # province-wide first, then by roster kind
    units_without: tuple[str, ...]  # names of reporting units that gave no such figure

    @property
    def rows(self) -> tuple[UnitFigure, ...]:
        return tuple(r for g in self.groups for r in g.rows)

    @property
    def unit_count(self) -> int:
        return len(self.rows)

    @property
    def _single(self) -> FigureGroup | None:
        return self.groups[0] if len(self.groups) == 1 and not self.groups[0].wide else None

    @property
    def total(self) -> float | None:
        """The sum, only when every figure belongs to one group that may be added."""
        return self._single.total if self._single else None

    @property
    def ratio_value(self) -> float | None:
        return self._single.ratio_value if self._single else None

    @property
    def denominator_total(self) -> float | None:
        return self._single.denominator_total if self._single else None


@dataclass(frozen=True)
class RejectedFile:
    file_name: str
    unit: str | None
    reason: str
    error_code: str | None


@dataclass(frozen=True)
class UnitStatus:
    """One roster unit's standing: sent (possibly late) or missing (possibly rejected)."""

    unit_id: str
    name: str
    kind: str
    sent: bool
    late: bool
    file_names: tuple[str, ...]
    received: date | None
    note: str  # e.g. the rejection reason of a unit whose only file was refused


@dataclass(frozen=True)
class Coverage:
    expected: int
    units: tuple[UnitStatus, ...]  # the roster, in campaign order
    rejected: tuple[RejectedFile, ...]
    unmatched: tuple[str, ...]  # reports in the synthesis whose issuer matched no roster unit

    @property
    def sent(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if u.sent)

    @property
    def missing(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if not u.sent)

    @property
    def late(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if u.late)

    @property
    def headline(self) -> str:
        """ "Tổng hợp từ 14/16 đơn vị đã gửi báo cáo (thiếu: …)", printed at the top."""
        text = f"Tổng hợp từ {len(self.sent)}/{self.expected} đơn vị đã gửi báo cáo"
        # A unit whose only file was refused did send something: say so, so nobody chases it twice.
        absent = [u.name for u in self.missing if not u.note]
        refused = [u.name for u in self.missing if u.note]
        parts = ([f"thiếu: {', '.join(absent)}"] if absent else []) + (
            [f"tệp gửi đến không đọc được: {', '.join(refused)}"] if refused else [])
        if parts:
            text += " (" + "; ".join(parts) + ")"
        extras = []
        if self.unmatched:
            extras.append(f"{len(self.unmatched)} báo cáo chưa khớp danh sách đơn vị")
        if self.late:
            extras.append(f"{len(self.late)} đơn vị gửi muộn")
        if self.rejected:
            extras.append(f"{len(self.rejected)} tệp bị từ chối")
        if extras:
            text += "; " + "; ".join(extras)
        return text + "."


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int
    category: str | None
    cause_type: str | None
    themes: tuple[Theme, ...]
    figures: tuple[FigureTotal, ...]  # measures mentioned in this section's sentences
    sentence_count: int

    @property
    def number(self) -> str:
        """What precedes the title: "II." for level 1, "1." for "II.1"."""
        return self.id.rsplit(".", 1)[-1] + "."


@dataclass(frozen=True)
class Matrix:
    """Counts for a chart: rows (units) × columns (categories or topics)."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Synthesis:
    campaign_id: str
    name: str
    report_title: str
    report_subject: str
    directive: str
    issuer: str
    parent_issuer: str
    place: str
    year: int | None
    period_start: date | None
    period_end: date | None
    deadline: date | None
    coverage: Coverage
    sections: tuple[Section, ...]
    figures: tuple[FigureTotal, ...]  # every measure, for the figures annex
    category_matrix: Matrix
    topic_matrix: Matrix
    unplaced_sentences: int  # classified sentences no outline section accepts

    @property
    def units_reporting(self) -> int:
        return len(self.coverage.sent) + len(self.coverage.unmatched)
