"""Train the sentence classifier on the corpus and evaluate it on held-out reports.

    python -m nlp.train                 # train on split=train, evaluate on split=test + examples, ship it
    python -m nlp.train --all           # same evaluation, then ship a model fitted on train + test
                                        # reports, scored on nlp/data/external and examples
    tonghop train                       # = --all (nlp.train.main(corpus, out))

Re-runnable: fits on nlp/data/reports only; examples/reports and nlp/data/external are never
trained on.
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
from nlp.corpus import ROOT, Row, bare, load_rows
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


REPORTS_DIR = ROOT / "nlp" / "data" / "reports"
EXAMPLES_DIR = ROOT / "examples" / "reports"
EXTERNAL_DIR = ROOT / "nlp" / "data" / "external"  # never trained on: a proxy for other writers


def _tables(model, rows: list[Row], title: str) -> tuple[dict, list[str]]:
    """Model (full context and bare JSONL-style rows) and rules baseline on one set of gold rows."""
    if not rows:
        return {}, []
    full = evaluate(rows, lambda c: classify_contexts(c, model), "candidate")
    bare_ = evaluate([replace(r, ctx=bare(r.ctx)) for r in rows], lambda c: classify_contexts(c, model), "candidate")
    base = evaluate(rows, rules_predict, "rules-1")
    out = {"model": full.to_dict(), "model_bare": bare_.to_dict(), "rules": base.to_dict()}
    text = [format_report(full, f"{title}, model, full context"), "",
            format_report(bare_, f"{title}, model, JSONL-style rows (text, heading, prev_text)"), "",
            format_report(base, f"{title}, rules baseline, full context"), ""]
    return out, text


def train(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None, ship_all: bool = False,
          two_pass: bool = False, kind: str = "ensemble", **kw) -> EvalReport:
    """Fit on split=train reports, evaluate on split=test reports and examples/reports, save a model.

    With `ship_all` the saved model is refitted on train + test reports of the corpus folder
    (never examples/reports, never nlp/data/external) and scored on external + examples; the
    held-out figures of the train-only model are written first (eval.txt, eval.json).
    """
    corpus = Path(corpus_dir) if corpus_dir else REPORTS_DIR
    rows = load_rows([corpus])
    examples = [r for r in load_rows([EXAMPLES_DIR]) if r.gold] if corpus != EXAMPLES_DIR else []
    external = [r for r in load_rows([EXTERNAL_DIR]) if r.gold] if corpus != EXTERNAL_DIR else []
    train_rows = [r for r in rows if r.split == "train"]
    test_rows = [r for r in rows if r.split != "train" and r.gold]
    temperature = fit_temperature(train_rows, **kw) if kind == "lr" else 1.0
    model = _fit(train_rows, two_pass, kind, **kw)
    model.temperature = temperature
    held = test_rows + examples
    rep = evaluate(held, lambda c: classify_contexts(c, model), "candidate")
    report: dict = {"train_only": {}, "shipped": {}}
    n_train = len({r.report_id for r in train_rows})
    text = [f"# nlp/model/eval.txt — written by nlp/train.py ({'ship all' if ship_all else 'ship train-only'})",
            f"train reports {n_train} (split=train of {corpus.name}); held-out: {len({r.report_id for r in test_rows})}"
            f" test reports + {len({r.report_id for r in examples})} examples/reports", "",
            "## 1. Train-only model on held-out reports", ""]
    for name, part in (("held-out test reports", test_rows), ("examples/reports", examples),
                       ("held-out test reports + examples", held)):
        report["train_only"][name], lines = _tables(model, part, name)
        text += lines
    if ship_all:
        model = _fit([r for r in rows if r.split in ("train", "test")], two_pass, kind, **kw)
        model.temperature = temperature
        text += ["## 2. Shipped model (train + test reports) on external and examples", ""]
        for name, part in (("external reports (other writer)", external), ("examples/reports", examples)):
            report["shipped"][name], lines = _tables(model, part, name)
            text += lines
    model.meta = {
        "train_reports": sorted({r.report_id for r in (rows if ship_all else train_rows)}),
        "temperature": temperature,
        "eval_macro_f1": rep.macro_f1,
        "shipped_on": "train+test" if ship_all else "train",
        "kind": kind,
    }
    out = Path(out_dir) if out_dir else MODEL_FILE.parent
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / MODEL_FILE.name, compress=3)
    (out / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "eval.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
    notes = (f"train reports {n_train}, held-out reports {len({r.report_id for r in held})}, "
             f"shipped on {model.meta['shipped_on']}; full tables in {out / 'eval.txt'}",)
    return EvalReport(**{**rep.to_dict(), "notes": notes, "model_version": "trained"})


def main(corpus: str | Path | None = None, out: str | Path | None = None, argv: list[str] | None = None) -> None:
    """Train and print the evaluation. `tonghop train` calls main(corpus, out); the module CLI parses argv."""
    if argv is None:
        print(format_report(train(corpus, out, ship_all=True), "train-only model, held-out test reports + examples"))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--all", action="store_true", help="ship a model fitted on train+test reports (what we ship)")
    ap.add_argument("--kind", choices=("ensemble", "lr"), default="ensemble",
                    help="ensemble = LR + spaCy BOW textcat (default); lr = logistic regression alone")
    ap.add_argument("--two-pass", action="store_true",
                    help="lr only: add the first-pass label of the previous sentence")
    args = ap.parse_args(argv)
    rep = train(args.corpus, args.out, ship_all=args.all, two_pass=args.two_pass, kind=args.kind)
    print(format_report(rep, "train-only model, held-out test reports + examples"))


if __name__ == "__main__":
    import sys

    main(argv=sys.argv[1:])
