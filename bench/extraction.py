"""Extraction benchmark: one report rendered into every inbox format, extracted, scored.

For each report JSON and format (docx, pdf, scan, doc, tcvn3 docx, vni docx, two-column pdf,
cid pdf, plus tcvn3 .doc and TCVN3/VNI-font PDFs) it renders the file with examples/render.py,
runs `extractors.extract`, and prints format × (CER of the source sentences, headings found,
metadata fields right, seconds per page). Golden block lists live in
tests/data/formats/<format>/<report id>.jsonl and are rewritten only when UPDATE_GOLDEN=1
(or --update-golden); otherwise they are compared.

    .venv/bin/python bench/extraction.py                       # fixtures in tests/data/formats
    .venv/bin/python bench/extraction.py examples/reports/*.json --formats docx,pdf,scan
    UPDATE_GOLDEN=1 .venv/bin/python bench/extraction.py       # after a deliberate change
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from examples.render import expected_sentences, load_report, render, sentence_cer  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "formats"
BENCH_FORMATS = ["docx", "pdf", "scan", "doc", "tcvn3", "vni", "twocol", "cid", "tcvn3_doc", "tcvn3_pdf", "vni_pdf"]
OCR_FORMATS = {"scan", "cid"}  # golden text compared with a tolerance, not exactly
META_FIELDS = ("report_number", "report_date", "place", "unit_name", "parent_unit", "doc_type", "title")


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split()).strip(" :.").casefold()


def _fold(text: str | None) -> str:
    """Diacritic-free, case-free comparison key (ignores hoà/hòa tone placement)."""
    decomposed = unicodedata.normalize("NFD", _norm(text)).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------- expectations
def expected_meta(report: dict) -> dict[str, object]:
    """DocMeta fields a perfect extractor would return for this report."""
    h = report.get("header", {})
    left = [x for x in h.get("left", []) if x.strip() and set(x.strip()) - set("*-_ ")]
    if len(left) == 2 and _fold(left[0]) in ("uy ban nhan dan", "hoi dong nhan dan"):
        unit, parent = f"{left[0]} {left[1]}", None  # one state body's name over two lines
    else:
        unit, parent = (left[-1] if left else None), (" ".join(left[:-1]) or None)
    place = date_ = None
    m = re.match(r"\s*(.+?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", h.get("place_date", ""))
    if m:
        place = m.group(1)
        date_ = date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    return {
        "report_number": h.get("number"),
        "report_date": date_,
        "place": place,
        "unit_name": unit,
        "parent_unit": parent,
        "doc_type": h.get("doc_type"),
        "title": " ".join(h.get("subject", [])) or None,
    }


def expected_headings(report: dict) -> list[str]:
    return [b["text"] for b in report.get("body", []) if b["type"] == "heading"]


# --------------------------------------------------------------------------- scoring
@dataclass
class Score:
    report: str
    fmt: str
    cer: float | None
    headings_found: int
    headings_total: int
    extra_headings: int
    meta_right: int
    meta_wrong: tuple[str, ...]
    seconds: float
    pages: int
    golden: str
    error: str = ""


def score_document(report: dict, doc) -> tuple[float, int, int, int, int, tuple[str, ...]]:
    """(CER, headings found, headings expected, extra headings, meta right, wrong fields)."""
    text = "\n".join(b.text for b in doc.blocks)
    cer = sentence_cer(expected_sentences(report), text)
    want = [_norm(h) for h in expected_headings(report)]
    got = [_norm(b.text) for b in doc.blocks if str(getattr(b.kind, "value", b.kind)) == "heading"]
    found = sum(1 for h in want if h in got)
    runins = {_norm(b["runin"]) for b in report.get("body", []) if b.get("runin")}
    extra = sum(1 for h in got if h not in want and h not in runins)  # run-ins may be headings
    meta = expected_meta(report)
    wrong = []
    for field in META_FIELDS:
        exp, act = meta[field], getattr(doc.meta, field, None)
        ok = exp == act if isinstance(exp, date) or exp is None else _fold(str(exp)) == _fold(act)
        if not ok:
            wrong.append(field)
    return cer, found, len(want), extra, len(META_FIELDS) - len(wrong), tuple(wrong)


def blocks_jsonl(doc) -> str:
    """Stable JSONL of the extracted blocks (what the golden files hold)."""
    lines = []
    for b in doc.blocks:
        lines.append(json.dumps({
            "kind": str(getattr(b.kind, "value", b.kind)),
            "text": b.text,
            "level": b.level,
            "page": b.page,
            "heading_path": list(b.heading_path),
            "rows": [list(r) for r in b.rows],
        }, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def check_golden(fmt: str, report_id: str, doc, *, update: bool) -> str:
    """'written', 'same', 'close' (OCR text within 1 % CER), 'DIFFERS' or 'missing'."""
    from examples.render import cer

    path = FIXTURES / fmt / f"{report_id}.jsonl"
    actual = blocks_jsonl(doc)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return "written"
    if not path.exists():
        return "missing"
    golden = path.read_text(encoding="utf-8")
    if golden == actual:
        return "same"
    if fmt in OCR_FORMATS:
        text = lambda s: " ".join(json.loads(ln)["text"] for ln in s.splitlines() if ln)  # noqa: E731
        if cer(text(golden), text(actual)) <= 0.01:
            return "close"
    return "DIFFERS"


def _pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def bench_report(report: dict, formats: list[str], workdir: Path, *, update: bool) -> list[Score]:
    from extractors import extract

    rid = report.get("id", "report")
    files = render(report, workdir / rid, [*formats, "pdf"] if "pdf" not in formats else formats)
    ref_pages = _pdf_pages(files["pdf"])
    scores = []
    for fmt in formats:
        start = time.perf_counter()
        try:
            doc = extract(files[fmt])
        except Exception as exc:  # a benchmark reports failures, it does not stop on them
            scores.append(Score(rid, fmt, None, 0, len(expected_headings(report)), 0, 0, (), 0.0,
                                ref_pages, "-", error=f"{type(exc).__name__}: {exc}"[:120]))
            continue
        seconds = time.perf_counter() - start
        cer_, found, total, extra, right, wrong = score_document(report, doc)
        pages = doc.pages or ref_pages
        scores.append(Score(rid, fmt, cer_, found, total, extra, right, wrong, seconds / max(pages, 1),
                            pages, check_golden(fmt, rid, doc, update=update)))
    return scores


def format_table(scores: list[Score]) -> str:
    head = (f"{'report':<22} {'format':<10} {'CER %':>6} {'headings':>9} {'extra':>5} "
            f"{'meta':>5} {'s/page':>7} {'golden':>8}  wrong fields / error")
    rows = [head, "-" * len(head)]
    for s in scores:
        cer_ = f"{100 * s.cer:6.2f}" if s.cer is not None else "   err"
        rows.append(
            f"{s.report[:22]:<22} {s.fmt:<10} {cer_} {s.headings_found:>4}/{s.headings_total:<4} "
            f"{s.extra_headings:>5} {s.meta_right:>2}/{len(META_FIELDS):<2} {s.seconds:7.2f} {s.golden:>8}  "
            f"{s.error or ','.join(s.meta_wrong)}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score extraction per input format.",
                                     epilog="Example: python bench/extraction.py --formats docx,scan")
    parser.add_argument("reports", nargs="*", type=Path,
                        help="report JSON files (default: tests/data/formats/*.json)")
    parser.add_argument("--formats", default=",".join(BENCH_FORMATS))
    parser.add_argument("--update-golden", action="store_true",
                        help="rewrite tests/data/formats/<format>/*.jsonl (same as UPDATE_GOLDEN=1)")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    args = parser.parse_args(argv)
    update = args.update_golden or os.environ.get("UPDATE_GOLDEN") == "1"
    paths = args.reports or sorted(FIXTURES.glob("*.json"))
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    scores: list[Score] = []
    with tempfile.TemporaryDirectory(prefix="bench_extraction_") as tmp:
        for path in paths:
            scores += bench_report(load_report(path), formats, Path(tmp), update=update)
    print(format_table(scores))
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in scores], ensure_ascii=False, indent=1,
                                        default=str), encoding="utf-8")
    return 1 if any(s.golden == "DIFFERS" for s in scores) else 0


if __name__ == "__main__":
    raise SystemExit(main())
