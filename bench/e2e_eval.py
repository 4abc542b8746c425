"""End-to-end sentence labelling benchmark: render each held-out report, run the pipeline, align.

Why: the classifier is scored on gold sentences in nlp/evaluate.py, but users get labels on the
sentences the extractor + splitter produce from a real file. This bench measures that: for every
held-out report (nlp/data/reports with "split": "test", and examples/reports) × format it renders
the file (examples/render.py, cached under bench/out/e2e/render/), runs
`flows.steps.process_file`, aligns the extracted sentences to the gold sentences character by
character, and scores each gold sentence with the label of the extracted sentence covering most
of it. Two reference rows make the extraction loss visible:

* `gold`        — the classifier on the gold sentences with gold headings (nlp.corpus rows);
* `gold_blocks` — an ExtractedDocument built straight from the JSON (perfect extraction) run
                  through `nlp.analyse`, so splitter/context effects show without extractor noise.

    .venv/bin/python bench/e2e_eval.py --formats docx,pdf
    .venv/bin/python bench/e2e_eval.py --formats scan --reports 5
    .venv/bin/python bench/e2e_eval.py --report-only          # table from cached results
    .venv/bin/python bench/e2e_eval.py --dir nlp/data/external2 --out bench/out/e2e-external2.md

Writes bench/out/e2e.md (table + loss analysis) and per-(format, report) records with one row per
gold sentence under bench/out/e2e/results/<format>/<report>.json for later digging.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tonghop.campaign import Campaign, load_campaign  # noqa: E402
from tonghop.models import (  # noqa: E402
    Block,
    BlockKind,
    Category,
    CauseType,
    DocMeta,
    ExtractedDocument,
    Format,
    Sentence,
)

OUT = ROOT / "bench" / "out"
E2E = OUT / "e2e"
LABELS = ("achievement", "limitation", "cause", "lesson", "recommendation", "other")
FILE_FORMATS = ("docx", "docx_headings", "pdf", "doc", "scan", "tcvn3", "vni", "twocol", "cid")
DEFAULT_FORMATS = ("gold_blocks", "docx", "docx_headings", "pdf", "doc", "scan", "tcvn3", "vni")
MISSING = "(missing)"
MIN_RUN = 4  # shortest run of equal characters counted as aligned
FOUND_SHARE = 0.5  # a gold sentence is "found" when half its characters align to extracted text

# filler owners in the gold character stream (not scored, but aligned so they are recognised)
F_MARKER, F_RUNIN, F_HEADING, F_TABLE = -1, -2, -3, -4
FILLER_NAME = {F_MARKER: "marker", F_RUNIN: "runin", F_HEADING: "heading", F_TABLE: "table"}


# --------------------------------------------------------------------------- gold
@dataclass(frozen=True)
class GoldSentence:
    idx: int
    text: str
    label: str
    cause_type: str | None
    heading: str  # innermost gold heading ("" before the first heading)
    block: int  # index of the body block
    path: tuple[str, ...] = ()  # all gold headings above, then the run-in label if any
    runin: str = ""


def held_out_reports() -> list[Path]:
    """Corpus reports marked "split": "test", then every bundled example report."""
    corpus = sorted((ROOT / "nlp" / "data" / "reports").glob("*.json"))
    test = [p for p in corpus if json.loads(p.read_text(encoding="utf-8")).get("split") == "test"]
    return test + sorted((ROOT / "examples" / "reports").glob("*.json"))


def gold_sentences(report: dict) -> list[GoldSentence]:
    out: list[GoldSentence] = []
    stack: list[tuple[int, str]] = []
    for bi, el in enumerate(report.get("body", [])):
        if el.get("type") == "heading":
            level = int(el.get("level", 1))
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, el["text"])]
            continue
        path = tuple(h for _, h in stack) + ((el["runin"],) if el.get("runin") else ())
        for s in el.get("sentences", []):
            out.append(GoldSentence(len(out), s["text"], s["label"], s.get("cause_type"),
                                    stack[-1][1] if stack else "", bi, path, el.get("runin") or ""))
    return out


def gold_stream(report: dict) -> list[tuple[str, int]]:
    """(text, owner) pieces in reading order: owner >= 0 is a gold sentence, < 0 a filler kind."""
    pieces: list[tuple[str, int]] = []
    n = 0
    for el in report.get("body", []):
        kind = el.get("type")
        if kind == "heading":
            pieces.append((el["text"], F_HEADING))
        elif kind == "table":
            pieces.append((" ".join(c for row in el.get("rows", []) for c in row), F_TABLE))
        elif kind in ("paragraph", "item"):
            if kind == "item" and el.get("marker"):
                pieces.append((el["marker"], F_MARKER))
            if el.get("runin"):
                pieces.append((el["runin"], F_RUNIN))
            for s in el.get("sentences", []):
                pieces.append((s["text"], n))
                n += 1
    return pieces


def expected_unit(report: dict, campaign: Campaign) -> str | None:
    """Roster id the report belongs to ("hu-tan-lap-ct07" → "hu-tan-lap"), None if not on the roster."""
    rid = re.sub(r"-ct07$", "", report.get("id", ""))
    if campaign.unit(rid):
        return rid
    name = fold(report.get("unit", {}).get("name", ""))
    for u in campaign.units:
        if name and name in {fold(x) for x in (u.name, *u.aliases)}:
            return u.id
    return None


_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def expected_date(report: dict) -> date | None:
    m = _DATE.search(unicodedata.normalize("NFC", report.get("header", {}).get("place_date", "")))
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


# --------------------------------------------------------------------------- text
def fold(text: str) -> str:
    """Letters and digits only, NFC, case-folded: alignment ignores spacing and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def _stream(pieces: Iterable[tuple[str, int]]) -> tuple[str, list[int]]:
    chars: list[str] = []
    owners: list[int] = []
    for text, owner in pieces:
        f = fold(text)
        chars.append(f)
        owners.extend([owner] * len(f))
    return "".join(chars), owners


# --------------------------------------------------------------------------- alignment
@dataclass
class Alignment:
    """Character alignment of the gold stream to the extracted sentences."""

    g_cover: list[Counter]  # per gold sentence: extracted sentence index -> matched chars
    g_len: list[int]
    e_from: list[Counter]  # per extracted sentence: gold owner -> matched chars
    e_len: list[int]


def align(gold_pieces: list[tuple[str, int]], extracted: Sequence[str], n_gold: int) -> Alignment:
    from rapidfuzz.distance import Indel

    g, g_own = _stream(gold_pieces)
    e, e_own = _stream((t, j) for j, t in enumerate(extracted))
    g_cover = [Counter() for _ in range(n_gold)]
    e_from = [Counter() for _ in extracted]
    g_len = [0] * n_gold
    for o in g_own:
        if o >= 0:
            g_len[o] += 1
    for op in Indel.opcodes(g, e):
        if op.tag != "equal" or op.src_end - op.src_start < MIN_RUN:
            continue  # LCS also pairs scattered single letters of unrelated text: not a match
        for k in range(op.src_end - op.src_start):
            go, eo = g_own[op.src_start + k], e_own[op.dest_start + k]
            if go >= 0:
                g_cover[go][eo] += 1
            e_from[eo][go] += 1
    e_len = [len(fold(t)) for t in extracted]
    return Alignment(g_cover, g_len, e_from, e_len)


# --------------------------------------------------------------------------- perfect extraction
def doc_from_report(report: dict) -> ExtractedDocument:
    """What a perfect extractor would return: gold headings, run-ins on the path, markers kept."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    for el in report.get("body", []):
        kind = el.get("type")
        path = tuple(h for _, h in stack)
        n = len(blocks) + 1
        if kind == "heading":
            level = int(el.get("level", 1))
            stack = [(lv, h) for lv, h in stack if lv < level]
            blocks.append(Block(BlockKind.HEADING, el["text"], None, n, tuple(h for _, h in stack), level))
            stack.append((level, el["text"]))
        elif kind == "table":
            rows = tuple(tuple(r) for r in el.get("rows", []))
            blocks.append(Block(BlockKind.TABLE, "\n".join(" | ".join(r) for r in rows), None, n, path, rows=rows))
        elif kind in ("paragraph", "item"):
            body = " ".join(s["text"] for s in el.get("sentences", []))
            if kind == "item":
                blocks.append(Block(BlockKind.LIST_ITEM, f"{el.get('marker', '-')} {body}", None, n, path))
            else:
                runin = (el.get("runin") or "").strip()
                blocks.append(Block(BlockKind.PARAGRAPH, body, None, n, path + ((runin,) if runin else ())))
    h = report.get("header", {})
    meta = DocMeta(unit_name=report.get("unit", {}).get("name"), report_number=h.get("number"),
                   report_date=expected_date(report), doc_type=h.get("doc_type"),
                   title=" ".join(h.get("subject", [])) or None)
    return ExtractedDocument(Format.DOCX, tuple(blocks), meta)


# --------------------------------------------------------------------------- running
def render_cached(report: dict, fmts: Sequence[str]) -> dict[str, Path]:
    """Render the formats not yet on disk (renders are deterministic enough to reuse)."""
    from examples.render import FORMATS, render

    out_dir = E2E / "render" / report["id"]
    paths = {f: out_dir / FORMATS[f].format(id=report["id"]) for f in fmts}
    missing = [f for f, p in paths.items() if not p.exists()]
    if missing:
        render(report, out_dir, missing)
    return paths


def run_pipeline(path: Path, campaign: Campaign) -> tuple[object, float]:
    from flows.steps import process_file, source_file

    t0 = time.perf_counter()
    pd = process_file(source_file(path), campaign)
    return pd, time.perf_counter() - t0


def score_report(
    report: dict, sentences: Sequence[Sentence], meta: dict, baseline: list[tuple[str, str | None]]
) -> dict:
    """One record: a row per gold sentence (label got, coverage, split/merge/contamination)."""
    gold = gold_sentences(report)
    al = align(gold_stream(report), [s.text for s in sentences], len(gold))
    known = {fold(t) for t, owner in gold_stream(report) if owner in (F_HEADING, F_RUNIN)}
    rows = []
    for gs in gold:
        cover = al.g_cover[gs.idx]
        matched = sum(cover.values())
        share = matched / max(al.g_len[gs.idx], 1)
        row = {"i": gs.idx, "text": gs.text, "gold": gs.label, "gold_ct": gs.cause_type,
               "gold_heading": gs.heading, "gold_runin": gs.runin, "base": baseline[gs.idx][0] if baseline else None,
               "base_ct": baseline[gs.idx][1] if baseline else None, "share": round(share, 3)}
        if share < FOUND_SHARE or not cover:
            row.update(pred=MISSING, pred_ct=None, found=False, n_pieces=len(cover), ext="", path=[], extra={})
            rows.append(row)
            continue
        j = cover.most_common(1)[0][0]
        s = sentences[j]
        big = [k for k, v in cover.items() if v >= max(3, 0.1 * al.g_len[gs.idx])]
        extra: dict[str, int] = {}
        for owner, v in al.e_from[j].items():
            if owner == gs.idx:
                continue
            key = "other_gold" if owner >= 0 else FILLER_NAME[owner]
            extra[key] = extra.get(key, 0) + v
        junk = al.e_len[j] - sum(al.e_from[j].values())
        if junk:
            extra["unaligned"] = junk
        gh = fold(gs.heading)
        bogus = [h for h in s.heading_path if not any(fold(h) in g or g in fold(h) for g in known if g)]
        row.update(
            pred=s.category.value, pred_ct=s.cause_type.value if s.cause_type else None, found=True,
            n_pieces=len(big), ext=s.text, path=list(s.heading_path), kind=s.block_kind.value,
            runin_seen=(None if not gs.runin else any(fold(gs.runin) in fold(h) for h in s.heading_path)
                        or fold(gs.runin) in fold(s.text)),
            exact=fold(gs.text) in "".join(fold(sentences[k].text) for k in sorted(cover)),
            extra=extra, bogus_path=bogus, heading_ok=(None if not gh else any(gh in fold(h) for h in s.heading_path)),
            merged=sum(1 for o, v in al.e_from[j].items() if o >= 0 and o != gs.idx and v >= 3),
        )
        rows.append(row)
    return {"id": report["id"], "rows": rows, **meta,
            "sentences": [[x.text, x.category.value, x.cause_type.value if x.cause_type else None,
                           list(x.heading_path), x.block_kind.value, x.page] for x in sentences]}


def stored_sentences(rec: dict) -> list[Sentence]:
    """The pipeline output kept in a record, so scoring can change without re-running extraction."""
    return [Sentence(i + 1, t, page, i + 1, tuple(path), Category(cat), CauseType(ct) if ct else None, 1.0,
                     block_kind=BlockKind(kind)) for i, (t, cat, ct, path, kind, page) in enumerate(rec["sentences"])]


def baseline_labels(report: dict) -> list[tuple[str, str | None]]:
    """The classifier on gold sentences with gold headings (no extraction, no splitting)."""
    from nlp.classify import classify_contexts
    from nlp.corpus import report_rows

    rows = report_rows(report, extra_other=False)
    preds = classify_contexts([r.ctx for r in rows])
    return [(p[0].value, p[1].value if p[1] else None) for p in preds]


def evaluate_one(report: dict, fmt: str, campaign: Campaign, baseline) -> dict:
    exp_unit, exp_date = expected_unit(report, campaign), expected_date(report)
    if fmt == "gold_blocks":
        from nlp import analyse

        t0 = time.perf_counter()
        doc = doc_from_report(report)
        sentences = analyse(doc, campaign)[0]
        meta = {"status": "ok", "seconds": time.perf_counter() - t0, "synthetic": True, "error": None}
        return score_report(report, sentences, meta, baseline)
    path = render_cached(report, [fmt])[fmt]
    pd, secs = run_pipeline(path, campaign)
    got_date = pd.extracted.meta.report_date if pd.extracted else None
    meta = {"status": pd.status.value, "seconds": secs, "unit": pd.unit_id, "exp_unit": exp_unit,
            "date": str(got_date) if got_date else None, "exp_date": str(exp_date), "error": pd.error,
            "pages": pd.extracted.pages if pd.extracted else None, "file": str(path.relative_to(ROOT)),
            "meta_unit_name": pd.extracted.meta.unit_name if pd.extracted else None,
            "number": pd.extracted.meta.report_number if pd.extracted else None,
            "exp_number": report.get("header", {}).get("number"),
            "doc_type": pd.extracted.meta.doc_type if pd.extracted else None,
            "exp_doc_type": report.get("header", {}).get("doc_type")}
    return score_report(report, pd.sentences, meta, baseline)


# --------------------------------------------------------------------------- scoring
def prf(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, dict[str, float]]:
    """Macro-F1 over the categories present in gold; a missing sentence is a false negative."""
    per: dict[str, float] = {}
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        if tp + fn == 0:
            continue
        per[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return (sum(per.values()) / len(per) if per else 0.0), per


def summarise(records: Sequence[dict], pred_key: str = "pred", ct_key: str = "pred_ct") -> dict:
    rows = [r for rec in records for r in rec["rows"]]
    n = len(rows)
    gold = [r["gold"] for r in rows]
    pred = [r[pred_key] or MISSING for r in rows]
    found = rows if pred_key == "base" else [r for r in rows if r.get("found", True)]
    macro, per = prf(gold, pred)
    causes = [r for r in rows if r["gold"] == "cause" and r["gold_ct"]]
    ct_ok = sum(r[pred_key] == "cause" and r[ct_key] == r["gold_ct"] for r in causes)
    head = [r for r in found if r.get("heading_ok") is not None]
    timed = [rec for rec in records if "seconds" in rec]
    files = [rec for rec in timed if not rec.get("synthetic")]
    units = [rec for rec in files if rec.get("exp_unit")]
    has_base = bool(n) and all(r.get("base") for r in rows)
    base_acc = sum(r["gold"] == r["base"] for r in rows) / n if has_base else None
    return {
        "base_acc": base_acc,
        "files": len(records), "n": n,
        "found": len(found) / n if n else 0.0,
        "acc": sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0,
        "acc_found": sum(r["gold"] == r[pred_key] for r in found) / len(found) if found else 0.0,
        "macro": macro, "per": per,
        "ct": ct_ok / len(causes) if causes else None, "ct_n": len(causes),
        "base_ct": (sum(r["base"] == "cause" and r["base_ct"] == r["gold_ct"] for r in causes) / len(causes)
                    if causes and has_base else None),
        "heading": sum(r["heading_ok"] for r in head) / len(head) if head else None,
        "runin": (lambda rs: sum(rs) / len(rs) if rs else None)(
            [r["runin_seen"] for r in found if r.get("runin_seen") is not None]),
        "exact": sum(r.get("exact", True) for r in found) / len(found) if found else 0.0,
        "bogus": sum(bool(r.get("bogus_path")) for r in found) / len(found) if found else 0.0,
        "split": sum(r.get("n_pieces", 1) > 1 for r in found) / len(found) if found else 0.0,
        "merged": sum(r.get("merged", 0) > 0 for r in found) / len(found) if found else 0.0,
        "unit": (sum(rec["unit"] == rec["exp_unit"] for rec in units), len(units)),
        "false_unit": sum(1 for rec in files if not rec.get("exp_unit") and rec.get("unit")),
        "date": (sum(rec.get("date") == rec.get("exp_date") for rec in files), len(files)),
        "number": (sum(fold(rec.get("number") or "") == fold(rec.get("exp_number") or "") for rec in files
                       if "exp_number" in rec), sum("exp_number" in rec for rec in files)),
        "doc_type": (sum(fold(rec.get("doc_type") or "") == fold(rec.get("exp_doc_type") or "") for rec in files
                         if "exp_doc_type" in rec), sum("exp_doc_type" in rec for rec in files)),
        "secs": sum(rec["seconds"] for rec in timed) / len(timed) if timed else 0.0,
        "rejected": sum(rec.get("status") == "rejected" for rec in files),
    }


def loss_cause(r: dict) -> str:
    """Best guess at why an extracted sentence's label differs from the gold-text label."""
    if not r.get("found"):
        return "lost (not extracted / unreadable)"
    ex = r.get("extra", {})
    if r.get("kind") in ("heading", "table"):
        return f"sentence extracted as {r['kind']}"
    if r.get("merged"):
        return "merged with another gold sentence"
    if ex.get("heading", 0) >= 3:
        return "heading text inside the sentence"
    if ex.get("runin", 0) >= 3:
        return "run-in label inside the sentence"
    if ex.get("unaligned", 0) >= 4:
        return "foreign text inside the sentence (header/footer/page no./garbled)"
    if r.get("n_pieces", 1) > 1:
        return "gold sentence split in pieces"
    if r.get("heading_ok") is False:
        return "wrong heading path"
    if r.get("bogus_path"):
        return "non-heading text on the heading path"
    if r.get("runin_seen") is False:
        return "run-in label dropped (neither on the heading path nor in the text)"
    if not r.get("exact", True):
        return "text differs (OCR / encoding)"
    return "context only (prev sentence / marker / position)"


# --------------------------------------------------------------------------- output
def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}"


def _md(cols: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
                     + ["| " + " | ".join(r) + " |" for r in rows])


def table(summaries: dict[str, dict]) -> str:
    """Two markdown tables: labelling scores, then structure/metadata/speed."""
    labels = _md(
        ["format", "files", "gold n", "found %", "acc %", "same-run gold-text acc %", "acc found %", "macro-F1",
         *[lab[:5] + " F1" for lab in LABELS], "cause_type % (n)", "same-run gold-text cause_type %"],
        [[fmt, str(s["files"]), str(s["n"]), _pct(s["found"]), _pct(s["acc"]), _pct(s["base_acc"]),
          _pct(s["acc_found"]), f"{s['macro']:.3f}",
          *[_pct(s["per"][lab]) if lab in s["per"] else "–" for lab in LABELS],
          f"{_pct(s['ct'])} ({s['ct_n']})", _pct(s["base_ct"])] for fmt, s in summaries.items()],
    )

    def frac(x: tuple[int, int]) -> str:
        return f"{x[0]}/{x[1]}" if x[1] else "–"

    structure = _md(
        ["format", "exact text %", "heading %", "run-in seen %", "bogus path %", "split %", "merged %", "unit ok",
         "false unit", "date ok", "number ok", "doc_type ok", "s/file", "rejected"],
        [[fmt, _pct(s["exact"]), _pct(s["heading"]), _pct(s["runin"]), _pct(s["bogus"]), _pct(s["split"]),
          _pct(s["merged"]), frac(s["unit"]),
          str(s["false_unit"]), frac(s["date"]), frac(s["number"]), frac(s["doc_type"]), f"{s['secs']:.2f}",
          str(s["rejected"])] for fmt, s in summaries.items() if not fmt.startswith("gold (text)")],
    )
    return labels + "\n\n" + structure


def analysis(records_by_fmt: dict[str, list[dict]], examples: int = 3) -> str:
    """Loss causes per format: gold-text label right, extracted label wrong (and the reverse)."""
    out = []
    for fmt, recs in records_by_fmt.items():
        losses: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        gains = 0
        for rec in recs:
            for r in rec["rows"]:
                if r["base"] == r["gold"] and r["pred"] != r["gold"]:
                    losses[loss_cause(r)].append((rec["id"], r))
                elif r["base"] != r["gold"] and r["pred"] == r["gold"]:
                    gains += 1
        total = sum(len(v) for v in losses.values())
        out.append(f"\n### {fmt}: {total} labels lost vs gold text, {gains} gained\n")
        for cause, items in sorted(losses.items(), key=lambda kv: -len(kv[1])):
            out.append(f"- **{cause}**: {len(items)}")
            for rid, r in items[:examples]:
                ext = r["ext"][:220].replace("|", "/")
                out.append(f"  - `{rid}` gold={r['gold']} got={r['pred']} share={r['share']} extra={r.get('extra')}"
                           f" path={r.get('path')}\n    - gold: {r['text'][:160]}\n    - got:  {ext}")
    return "\n".join(out)


def write_record(fmt: str, rec: dict) -> None:
    d = E2E / "results" / fmt
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{rec['id']}.json").write_text(json.dumps(rec, ensure_ascii=False, indent=1), encoding="utf-8")


def load_records(fmt: str, ids: set[str] | None = None) -> list[dict]:
    d = E2E / "results" / fmt
    recs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.json"))] if d.is_dir() else []
    return [r for r in recs if ids is None or r["id"] in ids]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(DEFAULT_FORMATS),
                    help=f"comma-separated: gold_blocks and {', '.join(FILE_FORMATS)}")
    ap.add_argument("--reports", type=int, default=0, help="only the first N held-out reports")
    ap.add_argument("--ids", default="", help="comma-separated report ids (substring match)")
    ap.add_argument("--dir", default="", help="a folder of Report JSON to use instead of the held-out reports "
                                               "(e.g. nlp/data/external2)")
    ap.add_argument("--campaign", default=str(ROOT / "campaigns" / "ct07-2022.toml"))
    ap.add_argument("--report-only", action="store_true", help="no runs: rebuild the table from cached results")
    ap.add_argument("--rescore", action="store_true",
                    help="no extraction: re-align the stored pipeline output (after a scoring change)")
    ap.add_argument("--out", default=str(OUT / "e2e.md"))
    args = ap.parse_args(argv)

    fmts = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FILE_FORMATS and f != "gold_blocks"]
    if bad:
        ap.error(f"unknown formats {bad}")
    paths = sorted(Path(args.dir).glob("*.json")) if args.dir else held_out_reports()
    if args.ids:
        keys = [k.strip() for k in args.ids.split(",") if k.strip()]
        paths = [p for p in paths if any(k in p.stem for k in keys)]
    if args.reports:
        paths = paths[: args.reports]
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    ids = {r["id"] for r in reports}
    campaign = load_campaign(args.campaign)

    from nlp import model_version

    model = model_version()
    if args.rescore:
        by_id = {r["id"]: r for r in reports}
        for fmt in ["gold_blocks", *FILE_FORMATS]:
            for rec in load_records(fmt, ids):
                if "sentences" in rec:
                    meta = {k: v for k, v in rec.items() if k not in ("rows", "sentences", "id")}
                    base = [(r["base"], r["base_ct"]) for r in rec["rows"]]
                    write_record(fmt, score_report(by_id[rec["id"]], stored_sentences(rec), meta, base))
    elif not args.report_only:
        for report in reports:
            try:
                base = baseline_labels(report)
            except Exception as exc:  # the classifier is being retrained under us: say so, go on
                print(f"{report['id']}: gold-text classification FAILED {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            gold_rec = score_report(report, [], {"model": model}, base)  # rows carry the baseline labels
            write_record(f"_gold@{model}", gold_rec)
            for fmt in fmts:
                try:
                    rec = {**evaluate_one(report, fmt, campaign, base), "model": model}
                except Exception as exc:  # a render failure must not hide the other formats
                    print(f"{report['id']} {fmt}: FAILED {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                write_record(fmt, rec)
                s = summarise([rec])
                print(f"{report['id']:<40} {fmt:<14} found {_pct(s['found']):>5}  acc {_pct(s['acc']):>5}  "
                      f"{rec['seconds']:.1f}s  {rec['status']}", flush=True)

    by_fmt = {f: recs for f in ["gold_blocks", *FILE_FORMATS] if (recs := load_records(f, ids))}
    models = sorted({rec.get("model", "?") for recs in by_fmt.values() for rec in recs})
    summaries: dict[str, dict] = {}
    for mv in models:  # the classifier changes while the nlp stage is worked on: one gold row per model
        gold_recs = load_records(f"_gold@{mv}", ids)
        if gold_recs:
            summaries[f"gold (text) {mv}"] = summarise(gold_recs, "base", "base_ct")
            summaries[f"gold (text) {mv}"].update(heading=None, bogus=0.0, split=0.0, merged=0.0)
    for fmt, recs in by_fmt.items():
        versions = sorted({rec.get("model", "?") for rec in recs})
        summaries[f"{fmt} {'/'.join(versions)}" if len(models) > 1 else fmt] = summarise(recs)
    tab = table(summaries)
    print(tab)
    # The shipped classifier may have been fitted on the corpus test split ("shipped_on":
    # "train+test"); the bundled examples are in no training set, so score them on their own too.
    ex_ids = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in (ROOT / "examples" / "reports").glob("*.json")}
    ex_ids &= ids
    ex_summ = {k: summarise([r for r in recs if r["id"] in ex_ids]) for k, recs in by_fmt.items()
               if any(r["id"] in ex_ids for r in recs)}
    ex_tab = table(ex_summ).split("\n\n")[0] if ex_summ else "(none)"
    print("\nexamples/reports only:\n" + ex_tab)
    md = [
        "# End-to-end sentence labelling per input format", "",
        f"{len(reports)} held-out reports, {sum(len(gold_sentences(r)) for r in reports)} gold sentences; "
        "`gold (text)` = classifier on gold sentences + gold headings; `gold_blocks` = perfect extraction "
        "through nlp.analyse; same-run gold-text acc = the classifier on gold text in the same process as that row "
        "(the nlp code changed during the runs, so compare each row with its own). "
        "acc counts a lost sentence as wrong; acc found only over found ones. "
        "heading % = share of found gold sentences whose extracted heading_path contains the gold heading; "
        "exact text % = found gold sentences whose every letter/digit came back; "
        "run-in seen % = gold sentences under a run-in label whose extracted sentence has that label on its "
        "heading path or in its text (analyse drops a run-in HEADING block); "
        "bogus path % = share whose path holds text that is no heading or run-in of the report. "
        "split % = gold sentences cut into several extracted sentences; merged % = extracted sentence also "
        "holding another gold sentence. unit ok on roster reports (examples/); false unit = a non-roster "
        "report matched to a roster unit.", "", tab, "",
        "## examples/reports only (never in a training set; gold-text reference = same-run column)", "", ex_tab, "",
        "## Labels lost between gold text and extracted text",
        analysis(by_fmt),
    ]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(md) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
