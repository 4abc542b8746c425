"""Train the sentence classifier on the corpus and evaluate it on held-out reports.

    python -m nlp.train                 # train on split=train, evaluate on split=test, ship
    python -m nlp.train --all           # same evaluation, but ship a model fitted on every report

Re-runnable: reads whatever reports exist in nlp/data/reports and examples/reports.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import joblib
import numpy as np
from sklearn.model_selection import GroupKFold

from nlp.classify import MODEL_FILE, classify_contexts, rules_predict
from nlp.corpus import CORPUS_DIRS, Row, bare, load_rows
from nlp.evaluate import EvalReport, evaluate, format_report
from nlp.linear import EnsembleModel, LinearModel, TwoPassModel


def augment(rows: list[Row]) -> list[Row]:
    """Each gold row twice: with its full context and as a bare JSONL row (text, heading, prev)."""
    extra = [replace(r, ctx=bare(r.ctx)) for r in rows if r.gold]
    return rows + extra


def _fit(rows: list[Row], two_pass: bool = False, kind: str = "ensemble", **kw):
    rows = augment(rows)
    args = ([r.ctx for r in rows], [r.label.value for r in rows],
            [r.cause_type.value if r.cause_type else None for r in rows])
    if kind == "ensemble":
        return EnsembleModel(**kw).fit(*args)
    if two_pass:
        return TwoPassModel(**kw).fit(*args, [r.report_id for r in rows])
    return LinearModel(**kw).fit(*args)


def fit_temperature(rows: list[Row], folds: int = 4, **kw) -> float:
    """Temperature minimising log-loss of out-of-fold (report-grouped) predictions."""
    groups = [r.report_id for r in rows]
    k = min(folds, len(set(groups)))
    if k < 2:
        return 1.0
    logits, gold = [], []
    for tr, te in GroupKFold(n_splits=k).split(rows, groups=groups):
        m = _fit([rows[i] for i in tr], kind="lr", **kw)
        test = [rows[i] for i in te if rows[i].gold]
        if not test:
            continue
        x = m._matrix(m.views([r.ctx for r in test]))
        d = m.clf.decision_function(x)
        cls = list(m.clf.classes_)
        for row, lg in zip(test, d, strict=True):
            if row.label.value in cls:
                logits.append(lg)
                gold.append(cls.index(row.label.value))
    if not logits:
        return 1.0
    z, y = np.array(logits), np.array(gold)
    best_t, best = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.05):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t


def train(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None, ship_all: bool = False,
          two_pass: bool = False, kind: str = "ensemble", **kw) -> EvalReport:
    """Fit on train reports, evaluate on test reports (gold sentences only), save the model."""
    dirs = [Path(corpus_dir)] if corpus_dir else list(CORPUS_DIRS)
    rows = load_rows(dirs)
    train_rows = [r for r in rows if r.split == "train"]
    test_rows = [r for r in rows if r.split != "train" and r.gold]
    temperature = fit_temperature(train_rows, **kw) if kind == "lr" else 1.0
    model = _fit(train_rows, two_pass, kind, **kw)
    model.temperature = temperature
    rep = evaluate(test_rows, lambda c: classify_contexts(c, model), "candidate")
    base = evaluate(test_rows, rules_predict, "rules")
    bare_rows = [replace(r, ctx=bare(r.ctx)) for r in test_rows]
    rep_bare = evaluate(bare_rows, lambda c: classify_contexts(c, model), "candidate")
    n_train = len({r.report_id for r in train_rows})
    n_test = len({r.report_id for r in test_rows})
    if ship_all:
        model = _fit(rows, two_pass, kind, **kw)
        model.temperature = temperature
    model.meta = {
        "train_reports": sorted({r.report_id for r in (rows if ship_all else train_rows)}),
        "temperature": temperature,
        "eval_macro_f1": rep.macro_f1,
        "shipped_on": "all" if ship_all else "train",
        "kind": kind,
    }
    out = Path(out_dir) if out_dir else MODEL_FILE.parent
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / MODEL_FILE.name, compress=3)
    notes = (
        f"train reports {n_train}, test reports {n_test}, temperature {temperature:.2f}",
        f"rules baseline macro-F1 {base.macro_f1:.3f}, accuracy {base.accuracy:.3f}",
        f"bare JSONL-style rows (text, heading, prev only): macro-F1 {rep_bare.macro_f1:.3f}, "
        f"accuracy {rep_bare.accuracy:.3f}, cause_type {rep_bare.cause_type_accuracy or 0:.3f}",
    )
    rep = EvalReport(**{**rep.to_dict(), "notes": notes, "model_version": "trained"})
    (out / "eval.json").write_text(json.dumps({"model": rep.to_dict(), "rules": base.to_dict(),
                                               "model_bare": rep_bare.to_dict()},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return rep


def main(corpus: str | Path | None = None, out: str | Path | None = None, argv: list[str] | None = None) -> None:
    """Train and print the evaluation. `tonghop train` calls main(corpus, out); the module CLI parses argv."""
    if argv is None:
        print(format_report(train(corpus, out), "held-out test reports"))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--all", action="store_true", help="ship a model fitted on train+test reports")
    ap.add_argument("--kind", choices=("ensemble", "lr"), default="ensemble",
                    help="ensemble = LR + spaCy BOW textcat (default); lr = logistic regression alone")
    ap.add_argument("--two-pass", action="store_true",
                    help="lr only: add the first-pass label of the previous sentence")
    args = ap.parse_args(argv)
    rep = train(args.corpus, args.out, ship_all=args.all, two_pass=args.two_pass, kind=args.kind)
    print(format_report(rep, "held-out test reports"))


if __name__ == "__main__":
    import sys

    main(argv=sys.argv[1:])
