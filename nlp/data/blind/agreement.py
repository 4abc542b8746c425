"""Recompute the blind double-annotation figures reported in nlp/data/agreement.md.

    .venv/bin/python nlp/data/blind/agreement.py            # figures from the jsonl files here
    .venv/bin/python nlp/data/blind/agreement.py --corpus   # also check resolved.jsonl against the corpus

first.jsonl = the corpus labels at sampling time, second.jsonl = the blind annotator,
resolved.jsonl = the labels after adjudication (as now in nlp/data/reports).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent
LABELS = ["achievement", "limitation", "cause", "lesson", "recommendation", "other"]


def _rows(name: str) -> dict[int, dict]:
    with (HERE / name).open(encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def label_figures(a: dict[int, dict], b: dict[int, dict]) -> tuple[int, float, float]:
    """(n, raw agreement, Cohen's kappa) on the six categories."""
    ids = sorted(a)
    x, y = [a[i]["label"] for i in ids], [b[i]["label"] for i in ids]
    raw = sum(p == q for p, q in zip(x, y, strict=True)) / len(ids)
    return len(ids), raw, cohen_kappa_score(x, y, labels=LABELS)


def cause_type_figures(a: dict[int, dict], b: dict[int, dict]) -> tuple[int, int, float]:
    """(shared causes, same cause_type, kappa over objective/subjective/none) on sentences both call `cause`."""
    ids = [i for i in sorted(a) if a[i]["label"] == "cause" == b[i]["label"]]
    x = [a[i]["cause_type"] or "none" for i in ids]
    y = [b[i]["cause_type"] or "none" for i in ids]
    same = sum(p == q for p, q in zip(x, y, strict=True))
    return len(ids), same, cohen_kappa_score(x, y, labels=["objective", "subjective", "none"])


def corpus_drift(resolved: dict[int, dict], sample: dict[int, dict]) -> list[str]:
    """Sampled sentences whose corpus label no longer equals resolved.jsonl (or cannot be found)."""
    cache: dict[str, list[tuple[set[str], dict]]] = {}
    out = []
    for i, r in sorted(resolved.items()):
        if r["report"] not in cache:
            doc = json.loads((HERE.parent / "reports" / f"{r['report']}.json").read_text(encoding="utf-8"))
            cache[r["report"]] = [  # the sample shows item sentences with their marker ("+ Kinh phí ...")
                ({s["text"], f"{blk.get('marker', '')} {s['text']}".strip()}, s)
                for blk in doc["body"]
                for s in blk.get("sentences", [])
            ]
        found = [s for keys, s in cache[r["report"]] if sample[i]["text"] in keys]
        if len(found) != 1:
            out.append(f"{i}: not found uniquely in {r['report']}")
        elif (now := (found[0]["label"], found[0].get("cause_type"))) != (r["label"], r["cause_type"]):
            out.append(f"{i}: corpus {now[0]}/{now[1]} != resolved {r['label']}/{r['cause_type']}")
    return out


def main(argv: list[str]) -> int:
    sample, first, second, resolved = (
        _rows(n) for n in ("sample.jsonl", "first.jsonl", "second.jsonl", "resolved.jsonl")
    )
    assert sample.keys() == first.keys() == second.keys() == resolved.keys()
    reports = {r["report"] for r in first.values()}
    print(f"sample: {len(sample)} sentences from {len(reports)} reports")
    for name, a, b in (
        ("first vs second", first, second),
        ("first vs resolved", first, resolved),
        ("second vs resolved", second, resolved),
    ):
        n, raw, kappa = label_figures(a, b)
        shared, same, ck = cause_type_figures(a, b)
        print(
            f"{name:20s} label: raw {raw:.3f} ({round(raw * n)}/{n}), kappa {kappa:.3f} | "
            f"cause_type: {same}/{shared} shared causes agree, kappa {ck:.3f}"
        )
    if "--corpus" in argv:
        drift = corpus_drift(resolved, sample)
        print("corpus matches resolved.jsonl" if not drift else "\n".join(drift))
        return 1 if drift else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
