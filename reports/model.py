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

    @property
    def location(self) -> str:
        """ "tr. 4" for a PDF, "mục II.3, đoạn 7" for a Word file (Word has no pages)."""
        if self.page is not None:
            return f"tr. {self.page}"
        parts = []
        section = section_label(self.heading_path)
        if section:
            parts.append(f"mục {section}")
        if self.paragraph is not None:
            parts.append(f"đoạn {self.paragraph}")
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
class FigureTotal:
    """A measure added up across units; only figures of the same measure and unit of measure."""

    measure: str
    label: str
    unit_of_measure: str
    total: float | None  # None when adding makes no sense (percentages)
    ratio_value: float | None  # sum of values of the rows that give a denominator
    denominator_total: float | None
    rows: tuple[UnitFigure, ...]
    units_without: tuple[str, ...]  # names of reporting units that gave no such figure

    @property
    def unit_count(self) -> int:
        return len(self.rows)


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
        missing = self.missing
        if missing:
            text += " (thiếu: " + ", ".join(u.name for u in missing) + ")"
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
