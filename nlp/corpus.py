"""Labelled corpus (Report JSON, docs/architecture.md) -> training rows with their context.

Rows are built through the same `build_contexts` the runtime uses, with the sentence text
rendered the way an extractor would see it (run-in glued to the first sentence, marker
before an item), so features match between training and inference. The split is per report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp.context import BlockSents, SentenceContext, build_contexts
from tonghop.models import Category, CauseType

_ORDINAL = re.compile(r"^(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là|^thứ\s", re.IGNORECASE)
ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIRS = (ROOT / "nlp" / "data" / "reports", ROOT / "examples" / "reports")


@dataclass(frozen=True)
class Row:
    ctx: SentenceContext
    label: Category
    cause_type: CauseType | None
    report_id: str
    split: str
    campaign: str = ""
    gold: bool = True  # False for header/heading lines added as extra "other" examples


def bare(ctx: SentenceContext) -> SentenceContext:
    """The context an evaluation JSONL row can give: text, heading path, previous sentence only."""
    return SentenceContext(text=ctx.text, tokens=ctx.tokens, heading_path=ctx.heading_path, prev_text=ctx.prev_text,
                           doc_position=-1.0)


def report_files(dirs: Iterable[Path] = CORPUS_DIRS) -> list[Path]:
    return sorted(p for d in dirs if Path(d).is_dir() for p in Path(d).glob("*.json"))


def load_report(path: Path) -> dict:
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def report_rows(report: dict, extra_other: bool = True) -> list[Row]:
    """All labelled sentences of one report (plus headings/header lines as `other` if asked)."""
    rid, split, camp = report.get("id", ""), report.get("split", "train"), report.get("campaign", "")
    levels: list[tuple[int, str]] = []
    blocks: list[BlockSents] = []
    labels: list[list[tuple[Category, CauseType | None, bool]]] = []

    def add(kind: str, sents: list[str], labs: list[tuple[Category, CauseType | None, bool]], marker: str = ""):
        blocks.append(BlockSents(kind, tuple(h for _, h in levels), tuple(sents), marker))
        labels.append(labs)

    header = report.get("header", {})
    if extra_other:
        lines = [*header.get("left", []), header.get("number", ""), *header.get("right", []),
                 header.get("place_date", ""), header.get("doc_type", ""), *header.get("subject", [])]
        for line in filter(None, lines):
            add("paragraph", [line], [(Category.OTHER, None, False)])
    for el in report.get("body", []):
        kind = el.get("type")
        if kind == "heading":
            level = int(el.get("level", 1))
            levels = [(lv, h) for lv, h in levels if lv < level]
            levels.append((level, el["text"]))
        elif kind in ("paragraph", "item"):
            sents = [s["text"] for s in el.get("sentences", [])]
            if not sents:
                continue
            labs = [(Category(s["label"]), CauseType(s["cause_type"]) if s.get("cause_type") else None, True)
                    for s in el["sentences"]]
            marker = el.get("marker", "") if kind == "item" else ""
            runin = (el.get("runin") or "").strip()
            if marker and _ORDINAL.match(marker):
                sents[0] = f"{marker} {sents[0]}"  # the extractor keeps "Một là," in the text
            if runin and len(blocks) % 2:
                sents[0] = f"{runin} {sents[0]}"  # run-in left in the text (PDF without bold)
                runin = ""
            if runin:  # run-in recognised as a heading, as extractors/base.py does
                levels.append((99, runin))
            add("list_item" if kind == "item" else "paragraph", sents, labs, "")
            if runin:
                levels.pop()
    closing = report.get("closing", {})
    ctxs = build_contexts(blocks, header.get("doc_type", ""))
    rows = [
        Row(c, lab, ct, rid, split, camp, gold)
        for bc, bl in zip(ctxs, labels, strict=True)
        for c, (lab, ct, gold) in zip(bc, bl, strict=True)
    ]
    if extra_other:
        for line in [*closing.get("recipients", []), *closing.get("signature", [])]:
            ctx = SentenceContext(text=line, doc_position=1.0)
            rows.append(Row(ctx, Category.OTHER, None, rid, split, camp, False))
    return rows


def load_rows(dirs: Iterable[Path] = CORPUS_DIRS, extra_other: bool = True) -> list[Row]:
    """Rows of every report in the corpus directories, in file order."""
    return [r for p in report_files(dirs) for r in report_rows(load_report(p), extra_other)]


def jsonl_rows(path: str | Path) -> Iterator[Row]:
    """Rows from an evaluation JSONL ({"text", "label", "cause_type"?, "heading"?, "prev_text"?})."""
    with Path(path).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            d = json.loads(line)
            heading = d.get("heading") or ""
            path_ = tuple(h.strip() for h in heading.split(" > ") if h.strip()) if isinstance(heading, str) \
                else tuple(heading)
            ct = d.get("cause_type")
            yield Row(
                SentenceContext(text=d["text"], heading_path=path_, prev_text=d.get("prev_text") or "",
                                doc_position=-1.0),
                Category(d["label"]),
                CauseType(ct) if ct else None,
                d.get("report_id", f"jsonl-{i}"),
                "test",
            )
