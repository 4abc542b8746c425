"""Reading the warehouse into one `Synthesis`, following the campaign's outline.

Only current documents count (status ok or partial: never superseded, duplicate or rejected
files). `sentences.category` already carries analysts' corrections (the loader keeps the
model's label in `model_category`), so corrections reach the synthesis with no extra step.
Sections come from `campaign.outline` and each sentence goes to
`campaign.section_for(category, cause_type, topics)`; nothing here knows this campaign's
sections. Every list is sorted so two builds of the same warehouse are identical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from reports.figures import FigureRow, aggregate_figures, is_negated, is_wide
from reports.model import (
    Coverage,
    FigureTotal,
    Matrix,
    Quote,
    RejectedFile,
    Section,
    Synthesis,
    UnitStatus,
)
from reports.themes import ThemeItem, group_themes, make_vectorizer, segmented, topic_cues
from tonghop.campaign import Campaign
from tonghop.models import Category, CauseType
from warehouse.archive import archive_root, archived_path

CATEGORY_NAMES = {
    "achievement": "Kết quả, ưu điểm",
    "limitation": "Hạn chế, khó khăn",
    "cause": "Nguyên nhân",
    "lesson": "Bài học kinh nghiệm",
    "recommendation": "Đề xuất, kiến nghị",
}
CURRENT = ("ok", "partial")


@dataclass(frozen=True)
class _Doc:
    doc_id: str
    file_name: str
    source_path: str | None
    format: str
    unit_key: str
    unit: str
    status: str
    error: str | None
    error_code: str | None
    received_at: datetime | None
    report_date: date | None
    archive_path: str | None = None

    @property
    def submitted_on(self) -> date | None:
        """The report's own date, else the day it arrived (as the submission_status view)."""
        if self.report_date:
            return self.report_date
        return self.received_at.date() if self.received_at else None


def _archive_root(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Where the ingest archived the originals: beside the database file (warehouse.archive)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return archive_root(row[0]) if row and row[0] else None


def _archived(root: Path | None, sha256: str | None) -> str | None:
    if root is None or not sha256:
        return None
    path = archived_path(root, sha256)
    return str(path.resolve()) if path.is_file() else None


def _documents(con: duckdb.DuckDBPyConnection, campaign: Campaign) -> list[_Doc]:
    rows = con.execute(
        """
        SELECT doc_id, file_name, source_path, format, unit_id, unit_name, status, error,
               error_code, received_at, report_date, sha256
        FROM documents
        WHERE coalesce(campaign_id, $c) = $c
        ORDER BY doc_id
        """,
        {"c": campaign.id},
    ).fetchall()
    docs = []
    archive = _archive_root(con)
    for doc_id, file_name, source_path, fmt, unit_id, unit_name, status, error, code, received, rdate, sha in rows:
        roster = campaign.unit(unit_id) if unit_id else None
        if roster:
            key, name = roster.id, roster.name
        elif unit_id:
            key, name = unit_id, unit_name or unit_id
        else:  # issuer matched no roster unit: the report still counts, under its own name
            name = (unit_name or "").strip() or file_name
            key = f"?{name}"
        docs.append(
            _Doc(
                doc_id,
                file_name,
                source_path,
                fmt or "unknown",
                key,
                name,
                status,
                error,
                code,
                received,
                rdate,
                _archived(archive, sha),
            )
        )
    return docs


def vietnamese(message: str | None) -> str:
    """The Vietnamese half of a "tiếng Việt | English" error message."""
    return (message or "").split(" | ", 1)[0].strip()


def _coverage(campaign: Campaign, docs: list[_Doc]) -> Coverage:
    by_unit: dict[str, list[_Doc]] = defaultdict(list)
    for d in docs:
        by_unit[d.unit_key].append(d)
    units = []
    for u in campaign.units:
        mine = by_unit.get(u.id, [])
        current = [d for d in mine if d.status in CURRENT]
        # late as in the warehouse view submission_status: the current report is dated (or,
        # undated, received) after the deadline
        first = min((d.submitted_on for d in current if d.submitted_on), default=None)
        late = bool(first and campaign.deadline and first > campaign.deadline)
        note = ""
        if not current:
            refused = sorted((d for d in mine if d.status == "rejected"), key=lambda d: d.file_name)
            if refused:
                reasons = (f"{d.file_name} ({vietnamese(d.error) or 'không rõ lý do'})" for d in refused)
                note = "Tệp bị từ chối: " + "; ".join(reasons)
        elif late and first:
            note = f"Gửi muộn ({first:%d/%m/%Y})"
        units.append(
            UnitStatus(
                unit_id=u.id,
                name=u.name,
                kind=u.kind,
                sent=bool(current),
                late=late,
                file_names=tuple(sorted(d.file_name for d in current)),
                received=first,
                note=note,
            )
        )
    rejected = tuple(
        sorted(
            (
                RejectedFile(d.file_name, None if d.unit == d.file_name else d.unit, vietnamese(d.error), d.error_code)
                for d in docs
                if d.status == "rejected"
            ),
            key=lambda r: (r.file_name, r.reason),
        )
    )
    roster_ids = {u.id for u in campaign.units}
    unmatched = tuple(sorted({d.unit for d in docs if d.status in CURRENT and d.unit_key not in roster_ids}))
    return Coverage(expected=len(campaign.units), units=tuple(units), rejected=rejected, unmatched=unmatched)


_SENTENCES = """
WITH cur AS (
    SELECT doc_id FROM documents WHERE status IN ('ok', 'partial') AND coalesce(campaign_id, $c) = $c
),
ft AS (
    SELECT finding_id, list(topic_id ORDER BY topic_id) AS topics FROM finding_topics GROUP BY finding_id
)
SELECT s.doc_id, s.seq, s.text, s.tokens, s.page, s.paragraph, s.heading_path, s.heading,
       s.category, s.cause_type,
       f.finding_id, coalesce(ft.topics, []) AS topics
FROM sentences s
JOIN cur USING (doc_id)
LEFT JOIN findings f ON f.doc_id = s.doc_id AND s.seq BETWEEN f.sentence_start AND f.sentence_end
LEFT JOIN ft ON ft.finding_id = f.finding_id
WHERE coalesce(s.block_kind, 'paragraph') NOT IN ('heading', 'table')
  AND s.category <> 'other'
ORDER BY s.doc_id, s.seq
"""

_FIGURES = """
SELECT g.doc_id, g.measure, g.label, g.unit_of_measure, g.value, g.denominator, g.page,
       g.paragraph, g.raw, g.sentence_seq, g.figure_id,
       s.text AS sentence, s.category, p.text AS previous
FROM figures g
JOIN documents d USING (doc_id)
LEFT JOIN sentences s ON s.doc_id = g.doc_id AND s.seq = g.sentence_seq
LEFT JOIN sentences p ON p.doc_id = g.doc_id AND p.seq = g.sentence_seq - 1
WHERE d.status IN ('ok', 'partial') AND coalesce(d.campaign_id, $c) = $c
ORDER BY g.doc_id, g.figure_id
"""

# a figure in a recommendation is a target ("phấn đấu đến năm 2025 có 100% xã …"), not a result
_NOT_RESULTS = {"recommendation"}


_MIN_WORDS = 5
# a sentence that only announces the list that follows ("…, hoạt động thông tin cơ sở của huyện
# vẫn còn một số hạn chế.") says nothing an editor can group or quote as a finding
_ANNOUNCES = re.compile(
    r"(?:vẫn |cũng )?còn (?:một số|những|nhiều|không ít) (?:hạn chế|tồn tại|khó khăn|vướng mắc|bất cập)"
    r"(?:,? (?:hạn chế|tồn tại|khó khăn|vướng mắc|bất cập))*(?: (?:sau|như sau|cần khắc phục))?\s*[.:]?\s*$",
    re.IGNORECASE,
)


def is_prose(text: str) -> bool:
    """False for what is not a sentence to quote: a page number, a table row read as text
    ("Xã | 12/19 | …"), an OCR fragment or the "Nơi nhận" list ("- Lưu Văn phòng,").

    >>> is_prose("2"), is_prose("Kinh phí cho đài truyền thanh xã còn hạn hẹp.")
    (False, True)
    >>> is_prose("Bên cạnh những kết quả đạt được, hoạt động của huyện vẫn còn một số hạn chế.")
    False
    """
    words = text.split()
    if len(words) < _MIN_WORDS or "|" in text or text.rstrip().endswith(","):
        return False
    if _ANNOUNCES.search(text):
        return False
    if "= Lưu" in text or text.lstrip().lower().startswith(("- lưu", "lưu ", "nơi nhận")):
        return False
    wordy = sum(1 for w in words if w.strip('.,;:()“”"').isalpha())
    return wordy / len(words) >= 0.7


def sentence_topics(text: str, finding_topics: tuple[str, ...], cues: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The finding's topics this sentence itself speaks of (all of them when it names none).

    A finding of several sentences can cover dissemination and loudspeakers at once; each
    sentence then goes to the outline section of what it says, as the campaign's cue rule
    would tag it alone.
    """
    folded = text.casefold()
    own = tuple(t for t in finding_topics if any(c in folded for c in cues.get(t, ())))
    return own or finding_topics


def _heading_paragraphs(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]]:
    """Paragraph numbers of the heading blocks of each document (sorted)."""
    out: dict[str, list[int]] = defaultdict(list)
    for doc_id, paragraph in con.execute(
        "SELECT DISTINCT doc_id, paragraph FROM sentences WHERE block_kind = 'heading' AND paragraph IS NOT NULL "
        "ORDER BY doc_id, paragraph"
    ).fetchall():
        out[doc_id].append(paragraph)
    return out


def section_paragraph(paragraph: int | None, headings: list[int]) -> int | None:
    """The paragraph's rank under the nearest heading above it (1 = first paragraph after it).

    >>> section_paragraph(13, [2, 4, 5, 7, 12]), section_paragraph(1, [2]), section_paragraph(5, [])
    (1, None, None)
    """
    if paragraph is None:
        return None
    above = [h for h in headings if h < paragraph]
    return paragraph - above[-1] if above else None


def _heading_path(path: object, heading: str | None) -> tuple[str, ...]:
    if path:
        return tuple(str(h) for h in path)  # type: ignore[union-attr]
    return tuple(h.strip() for h in heading.split(" > ")) if heading else ()


def build_synthesis(con: duckdb.DuckDBPyConnection, campaign: Campaign) -> Synthesis:
    """The synthesis of the current reports of `campaign` held in the warehouse `con`."""
    docs = _documents(con, campaign)
    coverage = _coverage(campaign, docs)
    doc_by_id = {d.doc_id: d for d in docs}
    roster_rank = {u.id: i for i, u in enumerate(campaign.units)}

    def unit_rank(key: str) -> tuple:
        return (roster_rank.get(key, len(roster_rank)), key)

    reporting = sorted({(d.unit_key, d.unit) for d in docs if d.status in CURRENT}, key=lambda u: unit_rank(u[0]))
    n_reporting = len(reporting)

    # --- sentences into outline sections
    cues = {t.id: tuple(c.casefold() for c in t.cues) for t in campaign.topics}
    headings = _heading_paragraphs(con)
    per_section: dict[str, list[ThemeItem]] = defaultdict(list)
    sentence_section: dict[tuple[str, int], str] = {}
    unplaced = 0
    for doc_id, seq, text, tokens, page, paragraph, hpath, heading, cat, ctype, fid, topics in con.execute(
        _SENTENCES, {"c": campaign.id}
    ).fetchall():
        if not is_prose(text):
            continue
        topics = sentence_topics(text, tuple(topics or ()), cues)
        section = campaign.section_for(Category(cat), CauseType(ctype) if ctype else None, topics)
        if section is None:
            unplaced += 1
            continue
        d = doc_by_id[doc_id]
        quote = Quote(
            text=text,
            unit_id=d.unit_key,
            unit=d.unit,
            file_name=d.file_name,
            source_path=d.source_path,
            format=d.format,
            page=page,
            heading_path=_heading_path(hpath, heading),
            paragraph=paragraph,
            doc_id=doc_id,
            finding_id=fid,
            sentence_seq=seq,
            archive_path=d.archive_path,
            section_paragraph=None if page is not None else section_paragraph(paragraph, headings.get(doc_id, [])),
        )
        per_section[section.id].append(ThemeItem(text, tokens or "", d.unit_key, d.unit, quote))
        sentence_section[(doc_id, seq)] = section.id

    # one vectorizer over every candidate sentence, so IDF sees the whole synthesis
    all_items = [i for items in per_section.values() for i in items]
    all_items.sort(key=lambda i: (i.quote.doc_id, i.quote.sentence_seq))
    vectorizer = (
        make_vectorizer([segmented(i.text, i.tokens) for i in all_items], topic_cues(campaign.topics))
        if all_items
        else None
    )

    # --- figures
    fig_rows: list[FigureRow] = []
    measures_in_section: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for doc_id, measure, label, uom, value, den, page, paragraph, raw, sseq, _fid, sent, cat, prev in con.execute(
        _FIGURES, {"c": campaign.id}
    ).fetchall():
        d = doc_by_id[doc_id]
        if cat in _NOT_RESULTS or is_negated(sent or "", raw or ""):
            continue
        roster = campaign.unit(d.unit_key)
        fig_rows.append(
            FigureRow(
                d.unit_key,
                d.unit,
                measure or "",
                label or "",
                (uom or "").strip(),
                float(value),
                float(den) if den is not None else None,
                doc_id,
                d.file_name,
                page,
                paragraph,
                raw or "",
                kind=roster.kind if roster else "",
                wide=is_wide(sent or "", raw or "", prev or ""),
            )
        )
        if measure and sseq is not None and (doc_id, sseq) in sentence_section:
            measures_in_section[sentence_section[(doc_id, sseq)]].add((measure, (uom or "").strip()))
    totals = aggregate_figures(
        fig_rows,
        reporting,
        measure_order=[m.id for m in campaign.measures],
        measure_labels={m.id: m.label for m in campaign.measures},
        unit_kinds={u.id: u.kind for u in campaign.units},
    )

    def section_figures(section_id: str) -> tuple[FigureTotal, ...]:
        wanted = measures_in_section.get(section_id, set())
        return tuple(t for t in totals if (t.measure, t.unit_of_measure) in wanted)

    sections = tuple(
        Section(
            id=s.id,
            title=s.title,
            level=s.level,
            category=s.category.value if s.category else None,
            cause_type=s.cause_type.value if s.cause_type else None,
            themes=group_themes(per_section.get(s.id, []), n_reporting, vectorizer, unit_rank=unit_rank),
            figures=section_figures(s.id),
            sentence_count=len(per_section.get(s.id, [])),
        )
        for s in campaign.outline
    )

    return Synthesis(
        campaign_id=campaign.id,
        name=campaign.name,
        report_title=campaign.report_title,
        report_subject=campaign.report_subject,
        directive=campaign.directive,
        issuer=campaign.issuer,
        parent_issuer=campaign.parent_issuer,
        place=campaign.place,
        year=_year(campaign.deadline, campaign.period_end),
        period_start=campaign.period_start,
        period_end=campaign.period_end,
        deadline=campaign.deadline,
        coverage=coverage,
        sections=sections,
        figures=totals,
        category_matrix=_category_matrix(con, campaign, reporting, doc_by_id),
        topic_matrix=_topic_matrix(con, campaign, reporting, doc_by_id),
        unplaced_sentences=unplaced,
    )


def _year(*dates: date | None) -> int | None:
    return next((d.year for d in dates if d), None)


def _category_matrix(con, campaign, reporting, doc_by_id) -> Matrix:
    """Findings per unit and category (stacked bar chart)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for doc_id, cat, n in con.execute(
        """
        SELECT f.doc_id, f.category, count(*) FROM findings f JOIN documents d USING (doc_id)
        WHERE d.status IN ('ok', 'partial') AND coalesce(d.campaign_id, $c) = $c AND f.category <> 'other'
        GROUP BY ALL ORDER BY ALL
        """,
        {"c": campaign.id},
    ).fetchall():
        counts[(doc_by_id[doc_id].unit_key, cat)] += n
    cats = list(CATEGORY_NAMES)
    return Matrix(
        title="Số phát hiện theo loại của từng đơn vị",
        rows=tuple(name for _, name in reporting),
        columns=tuple(CATEGORY_NAMES[c] for c in cats),
        values=tuple(tuple(counts[(key, c)] for c in cats) for key, _ in reporting),
    )


def _topic_matrix(con, campaign, reporting, doc_by_id) -> Matrix:
    """Findings per unit and campaign topic (heatmap of what each unit wrote about)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for doc_id, topic, n in con.execute(
        """
        SELECT t.doc_id, t.topic_id, count(*) FROM finding_topics t JOIN documents d USING (doc_id)
        WHERE d.status IN ('ok', 'partial') AND coalesce(d.campaign_id, $c) = $c
        GROUP BY ALL ORDER BY ALL
        """,
        {"c": campaign.id},
    ).fetchall():
        counts[(doc_by_id[doc_id].unit_key, topic)] += n
    return Matrix(
        title="Số phát hiện theo chủ đề của từng đơn vị",
        rows=tuple(name for _, name in reporting),
        columns=tuple(t.name for t in campaign.topics),
        values=tuple(tuple(counts[(key, t.id)] for t in campaign.topics) for key, _ in reporting),
    )
