"""Evaluation: per-category P/R/F1, macro-F1, confusion matrix, cause_type accuracy, ECE.

`evaluate()` takes JSONL rows ({"text", "label", "cause_type"?, "heading"?, "prev_text"?}) or
corpus Rows and any predictor (the shipped classifier by default, the rules for the baseline).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.context import SentenceContext
from nlp.corpus import Row, jsonl_rows
from tonghop.models import Category, CauseType

Prediction = tuple[Category, CauseType | None, float]
Predictor = Callable[[Sequence[SentenceContext]], list[Prediction]]
LABELS = tuple(c.value for c in Category)


@dataclass(frozen=True)
class EvalReport:
    n: int
    accuracy: float
    macro_f1: float
    per_category: dict[str, dict[str, float]]  # label -> precision, recall, f1, support
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    cause_type_accuracy: float | None  # on gold causes predicted as cause, None if no causes
    cause_type_n: int
    ece: float
    model_version: str = ""
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def metrics(
    gold: Sequence[str],
    pred: Sequence[str],
    conf: Sequence[float] | None = None,
    gold_ct: Sequence[str | None] | None = None,
    pred_ct: Sequence[str | None] | None = None,
    model_version: str = "",
    bins: int = 10,
) -> EvalReport:
    """Metrics from parallel label lists (labels as strings). Pure; used by the tests directly."""
    n = len(gold)
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for lab in LABELS:
        tp = confusion[lab][lab]
        fp = sum(confusion[g][lab] for g in LABELS) - tp
        fn = sum(confusion[lab].values()) - tp
        support = tp + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": support}
        if support:
            f1s.append(f1)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0
    ct_acc, ct_n = None, 0
    if gold_ct is not None and pred_ct is not None:
        idx = [i for i in range(n) if gold[i] == "cause" and pred[i] == "cause"]
        ct_n = len(idx)
        if idx:
            ct_acc = sum((gold_ct[i] or None) == (pred_ct[i] or None) for i in idx) / ct_n
    ece = expected_calibration_error([g == p for g, p in zip(gold, pred, strict=True)], conf, bins) if conf else 0.0
    return EvalReport(n, acc, sum(f1s) / len(f1s) if f1s else 0.0, per, confusion, ct_acc, ct_n, ece, model_version)


def expected_calibration_error(correct: Sequence[bool], conf: Sequence[float], bins: int = 10) -> float:
    """ECE with equal-width confidence bins: sum over bins of |accuracy - mean confidence| * share."""
    n = len(correct)
    if not n:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i in range(n) if (lo < conf[i] <= hi) or (b == 0 and conf[i] == 0.0)]
        if idx:
            acc = sum(correct[i] for i in idx) / len(idx)
            mean_conf = sum(conf[i] for i in idx) / len(idx)
            total += abs(acc - mean_conf) * len(idx) / n
    return total


def evaluate(
    source: str | Path | Sequence[Row], predictor: Predictor | None = None, model_version: str = ""
) -> EvalReport:
    """Run a predictor (default: the shipped classifier) over rows and score it.

    `source`: a JSONL file, a folder of Report JSON files (scored in full context), or rows."""
    if isinstance(source, (str, Path)):
        rows = report_dir_rows(source) if Path(source).is_dir() else list(jsonl_rows(source))
    else:
        rows = list(source)
    if predictor is None:
        from nlp.classify import classify_contexts
        from nlp.classify import model_version as mv

        predictor, model_version = classify_contexts, model_version or mv()
    preds = predictor([r.ctx for r in rows]) if rows else []
    return metrics(
        [r.label.value for r in rows],
        [p[0].value for p in preds],
        [p[2] for p in preds],
        [r.cause_type.value if r.cause_type else None for r in rows],
        [p[1].value if p[1] else None for p in preds],
        model_version,
    )


def report_dir_rows(path: str | Path) -> list[Row]:
    """Gold sentences of every Report JSON in a folder (e.g. nlp/data/external), in full context."""
    from nlp.corpus import load_rows

    return [r for r in load_rows([Path(path)]) if r.gold]


def format_report(rep: EvalReport, title: str = "") -> str:
    """Plain-text table: per-category P/R/F1/support, macro-F1, confusion, cause_type, ECE."""
    lines = [title] if title else []
    lines.append(f"{'category':<16}{'prec':>7}{'recall':>8}{'F1':>7}{'n':>6}")
    for lab in LABELS:
        m = rep.per_category[lab]
        lines.append(f"{lab:<16}{m['precision']:>7.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{int(m['support']):>6}")
    lines.append(f"macro-F1 {rep.macro_f1:.3f}   accuracy {rep.accuracy:.3f}   n {rep.n}   ECE {rep.ece:.3f}")
    ct = "n/a" if rep.cause_type_accuracy is None else f"{rep.cause_type_accuracy:.3f}"
    lines.append(f"cause_type accuracy {ct} (on {rep.cause_type_n} causes found)")
    short = {lab: lab[:5] for lab in LABELS}
    lines.append("confusion (rows gold, cols predicted):")
    lines.append(" " * 8 + "".join(f"{short[p]:>7}" for p in LABELS))
    for g in LABELS:
        lines.append(f"{short[g]:<8}" + "".join(f"{rep.confusion[g][p]:>7}" for p in LABELS))
    if rep.model_version:
        lines.append(f"model {rep.model_version}")
    lines.extend(rep.notes)
    return "\n".join(lines)


def main() -> None:
    """python -m nlp.evaluate [rows.jsonl or folder of Report JSON]  (default: held-out test reports + examples)."""
    import sys
    from dataclasses import replace

    from nlp.classify import rules_predict
    from nlp.corpus import bare, load_rows

    if len(sys.argv) > 1:
        print(format_report(evaluate(sys.argv[1]), sys.argv[1]))
        return
    rows = [r for r in load_rows() if r.split != "train" and r.gold]
    print(format_report(evaluate(rows), "held-out test reports, full context"))
    print()
    print(format_report(evaluate([replace(r, ctx=bare(r.ctx)) for r in rows]),
                        "held-out test reports, JSONL-style rows (text, heading, prev_text)"))
    print()
    print(format_report(evaluate(rows, rules_predict, "rules-1"), "rules baseline, full context"))


if __name__ == "__main__":
    main()
