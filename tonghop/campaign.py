"""Campaign configuration: one TOML file describes one review.

The roster, topics, figure measures and synthesis outline live in the file so that a new
review (another directive, post-2025 communes and wards) needs a new file, not new code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tonghop.models import Category, CauseType

DEFAULT_CAMPAIGN = Path(__file__).resolve().parent.parent / "campaigns" / "ct07-2022.toml"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    unit: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class OutlineSection:
    id: str
    title: str
    category: Category | None = None
    cause_type: CauseType | None = None
    topics: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        return self.id.count(".") + 1

    def accepts(self, category: Category, cause_type: CauseType | None, topics: tuple[str, ...]) -> bool:
        """True when a finding of this category/cause_type/topics belongs here."""
        if self.category is None or category != self.category:
            return False
        if self.cause_type is not None and cause_type != self.cause_type:
            return False
        return not self.topics or bool(set(self.topics) & set(topics))


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    report_title: str
    report_subject: str
    directive: str
    period_start: date | None
    period_end: date | None
    deadline: date | None
    issuer: str
    parent_issuer: str
    place: str
    units: tuple[Unit, ...]
    topics: tuple[Topic, ...]
    measures: tuple[Measure, ...]
    outline: tuple[OutlineSection, ...]
    guidance: str = ""
    source: str = ""

    def section_for(
        self, category: Category, cause_type: CauseType | None, topics: tuple[str, ...]
    ) -> OutlineSection | None:
        """The first outline section a finding belongs to (None: not in the synthesis)."""
        return next((s for s in self.outline if s.accepts(category, cause_type, topics)), None)

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def load_campaign(path: str | Path | None = None) -> Campaign:
    """Read a campaign TOML file (the bundled Chỉ thị 07 review when no path is given)."""
    path = Path(path) if path else DEFAULT_CAMPAIGN
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    c = raw["campaign"]
    return Campaign(
        id=c["id"],
        name=c["name"],
        report_title=c.get("report_title", "BÁO CÁO"),
        report_subject=c.get("report_subject", c["name"]),
        directive=c.get("directive", ""),
        guidance=c.get("guidance", ""),
        period_start=_date(c.get("period_start")),
        period_end=_date(c.get("period_end")),
        deadline=_date(c.get("deadline")),
        issuer=c.get("issuer", ""),
        parent_issuer=c.get("parent_issuer", ""),
        place=c.get("place", ""),
        units=tuple(
            Unit(u["id"], u["name"], u.get("kind", ""), u.get("parent"), tuple(u.get("aliases", ())))
            for u in raw.get("units", ())
        ),
        topics=tuple(Topic(t["id"], t["name"], tuple(t.get("cues", ()))) for t in raw.get("topics", ())),
        measures=tuple(
            Measure(m["id"], m["label"], m.get("unit", ""), tuple(m.get("cues", ())))
            for m in raw.get("measures", ())
        ),
        outline=tuple(
            OutlineSection(
                id=s["id"],
                title=s["title"],
                category=Category(s["category"]) if s.get("category") else None,
                cause_type=CauseType(s["cause_type"]) if s.get("cause_type") else None,
                topics=tuple(s.get("topics", ())),
            )
            for s in raw.get("outline", ())
        ),
        source=str(path),
    )
