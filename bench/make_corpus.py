"""Generate (once) the ingest benchmark corpus: long mixed DOCX/PDF reports plus a few scans.

Why: the labelled reports in nlp/data/reports/ are 3–4 pages; an inbox on deadline day holds
hundreds of ~8-page reports. Report i takes its header and closing from one labelled report and
a body made of that report's sections followed by the sections of one or two others, with the
paragraphs inside each section shuffled (headings stay in place, so the structure is still a
report's). Even-numbered reports stay DOCX, odd ones become PDF; scans are short reports
rasterised like a photocopy (OCR is by far the slowest path, so they are kept to 1–2 pages).

Rendering uses examples/render.py's builders (`build_docx`, `scan_pdf`) and its batched
LibreOffice conversion: one soffice start per batch of files instead of one per report, which
is what makes 1,000 reports feasible on 2 cores. Report i is the same for every run (seeded by
i), files already present are kept, so asking for more reports only renders the missing ones.

    .venv/bin/python bench/make_corpus.py --reports 300 --scans 20     # → bench/out/corpus/
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from examples.render import build_docx, load_report, scan_pdf  # noqa: E402
from extractors.doc import convert_to  # noqa: E402

SOURCES = ROOT / "nlp" / "data" / "reports"
CORPUS = ROOT / "bench" / "out" / "corpus"


def _sections(body: list[dict]) -> list[list[dict]]:
    """Body split at headings: each section is [heading?, blocks...]."""
    out: list[list[dict]] = [[]]
    for block in body:
        if block["type"] == "heading" and out[-1]:
            out.append([])
        out[-1].append(block)
    return [s for s in out if s]


def _shuffled(section: list[dict], rng: random.Random) -> list[dict]:
    head = [b for b in section[:1] if b["type"] == "heading"]
    rest = section[len(head):]
    rng.shuffle(rest)
    return head + rest


def long_report(i: int, sources: list[dict], *, extra: int | None = None) -> dict:
    """Report i of the corpus: a base report's frame around the shuffled sections of 2–3 reports."""
    rng = random.Random(1000 + i)
    base = sources[i % len(sources)]
    others = [s for s in sources if s is not base]
    n_extra = extra if extra is not None else rng.choice((1, 1, 2))
    report = copy.deepcopy(base)
    body: list[dict] = []
    for src in [base, *rng.sample(others, n_extra)]:
        for section in _sections(copy.deepcopy(src["body"])):
            body.extend(_shuffled(section, rng))
    report["body"] = body
    report["id"] = f"bench-{i:04d}"
    header = report.setdefault("header", {})
    if header.get("number"):
        header["number"] = f"{header['number'].split('-')[0]}{i % 97 + 1}-{header['number'].split('-', 1)[-1]}"
    return report


def short_report(i: int, sources: list[dict]) -> dict:
    """A scan's report: the first sections of one labelled report (about two pages)."""
    base = copy.deepcopy(sources[(7 * i + 3) % len(sources)])
    base["body"] = base["body"][: max(6, len(base["body"]) // 2)]
    base["id"] = f"scan-{i:03d}"
    return base


def load_sources() -> list[dict]:
    return [load_report(p) for p in sorted(SOURCES.glob("*.json"))]


def report_path(corpus: Path, i: int) -> Path:
    return corpus / "reports" / f"bench-{i:04d}.{'docx' if i % 2 == 0 else 'pdf'}"


def scan_path(corpus: Path, i: int) -> Path:
    return corpus / "scans" / f"scan-{i:03d}.scan.pdf"


def make_corpus(n_reports: int, n_scans: int, corpus: Path = CORPUS, batch: int = 40) -> list[Path]:
    """Render what is missing and return the corpus files (reports then scans)."""
    sources = load_sources()
    (corpus / "reports").mkdir(parents=True, exist_ok=True)
    (corpus / "scans").mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(n_reports) if not report_path(corpus, i).is_file()]
    missing_scans = [i for i in range(n_scans) if not scan_path(corpus, i).is_file()]
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp_name:
        tmp = Path(tmp_name)
        for start in range(0, len(missing), batch):
            to_pdf: dict[Path, Path] = {}
            for i in missing[start:start + batch]:
                target = report_path(corpus, i)
                if target.suffix == ".docx":
                    build_docx(long_report(i, sources), target)
                else:
                    to_pdf[build_docx(long_report(i, sources), tmp / f"bench-{i:04d}.docx")] = target
            _to_pdf(to_pdf, tmp / "pdf")
            print(f"  reports: {min(start + batch, len(missing))}/{len(missing)} rendered", flush=True)
        if missing_scans:
            docs = {build_docx(short_report(i, sources), tmp / f"scan-{i:03d}.docx"): scan_path(corpus, i)
                    for i in missing_scans}
            pdfs = _to_pdf({d: tmp / "scanpdf" / f"{d.stem}.pdf" for d in docs}, tmp / "scanpdf")
            for docx, pdf in pdfs.items():
                scan_pdf(pdf, docs[docx], dpi=200, seed=int(docx.stem.split("-")[1]))
            print(f"  scans: {len(missing_scans)} rendered", flush=True)
    files = [report_path(corpus, i) for i in range(n_reports)] + [scan_path(corpus, i) for i in range(n_scans)]
    (corpus / "manifest.json").write_text(json.dumps(
        {"reports": n_reports, "scans": n_scans, "files": [str(f.relative_to(corpus)) for f in files]}, indent=1))
    return files


def _to_pdf(docs: dict[Path, Path], outdir: Path) -> dict[Path, Path]:
    """Convert DOCX → PDF in one LibreOffice batch and move each result to its target."""
    if not docs:
        return {}
    converted = convert_to(list(docs), outdir, "pdf")
    done = {}
    for docx, target in docs.items():
        res = converted[docx.resolve()]
        if isinstance(res, Exception):
            raise res
        target.parent.mkdir(parents=True, exist_ok=True)
        res.replace(target)
        done[docx] = target
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--scans", type=int, default=20)
    ap.add_argument("--out", type=Path, default=CORPUS)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    files = make_corpus(args.reports, args.scans, args.out)
    print(f"{len(files)} files in {args.out} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
