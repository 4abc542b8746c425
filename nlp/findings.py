"""Group classified sentences into findings.

A finding is a run of consecutive sentences of one category (and one cause_type) inside one
section (same heading path). Decision: `other` sentences form no finding and break a run;
the warehouse keeps them as sentences, the synthesis never needs them as findings, and
analysts counting findings then count only the five substantive categories.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlp.topics import topics_of
from tonghop.campaign import Campaign
from tonghop.models import BlockKind, Category, Finding, Sentence


def group_findings(sentences: Sequence[Sentence], campaign: Campaign | None = None) -> tuple[Finding, ...]:
    """Findings in document order, numbered from 1; topics from the campaign cues if given."""
    runs: list[list[Sentence]] = []
    for s in sentences:
        if s.category is Category.OTHER or s.block_kind in (BlockKind.HEADING, BlockKind.TABLE):
            runs.append([])
            continue
        cur = runs[-1] if runs else []
        if cur and cur[-1].category is s.category and cur[-1].cause_type == s.cause_type \
                and cur[-1].heading_path == s.heading_path:
            cur.append(s)
        else:
            runs.append([s])
    out: list[Finding] = []
    for run in runs:
        if not run:
            continue
        text = " ".join(s.text for s in run)
        first, last = run[0], run[-1]
        out.append(
            Finding(
                seq=len(out) + 1,
                category=first.category,
                cause_type=first.cause_type,
                text=text,
                sentence_start=first.seq,
                sentence_end=last.seq,
                page_start=first.page,
                page_end=last.page,
                paragraph_start=first.paragraph,
                heading_path=first.heading_path,
                topics=topics_of(text, campaign) if campaign is not None else (),
            )
        )
    return tuple(out)
