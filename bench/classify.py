"""Benchmark: classifier sentences/s after segmentation vs segmentation alone, on the corpus.

    .venv/bin/python bench/classify.py [--repeat 3]

Segmentation = underthesea sent_tokenize (our fixes) + word_tokenize per sentence.
Classification = features + model + overrides, on contexts whose tokens are already set,
in document-sized batches as nlp.analyse calls it. One process (one core).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.classify import classify_contexts, model_version
from nlp.corpus import load_report, report_files, report_rows
from nlp.sentences import segment, split_sentences


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = [report_rows(load_report(p), extra_other=False) for p in report_files()]
    docs = [d for d in docs if d]
    n = sum(len(d) for d in docs)
    paragraphs = [" ".join(r.ctx.text for r in d) for d in docs]

    t0 = time.perf_counter()
    split = [split_sentences(p) for p in paragraphs]
    t_split = time.perf_counter() - t0
    t0 = time.perf_counter()
    seg_docs = [[replace(r.ctx, tokens=segment(r.ctx.text)) for r in d] for d in docs]
    t_seg = time.perf_counter() - t0

    classify_contexts(seg_docs[0])  # load the model outside the timing
    best = cpu = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for d in seg_docs:
            classify_contexts(d)
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)

    n_split = sum(len(s) for s in split)
    print(f"corpus: {len(docs)} reports, {n} labelled sentences; model {model_version()}")
    print(f"sentence split (underthesea + fixes): {n_split / t_split:10.0f} sentences/s")
    print(f"word segmentation (word_tokenize):    {n / t_seg:10.0f} sentences/s")
    print(f"classification after segmentation:   {n / best:10.0f} sentences/s wall, {n / cpu:.0f} per CPU-second "
          f"(best of {args.repeat})")
    print(f"split + segmentation + classification: {n / (t_split + t_seg + best):8.0f} sentences/s end to end")


if __name__ == "__main__":
    main()
