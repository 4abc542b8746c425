"""The shipped model on nlp/data/external2: 12 reports written blind by other writers (new
reviews, post-2025 units, every heading style and none), never trained on. A guard against a
retrained model that fits our own corpus and loses other writers."""

from __future__ import annotations

from tests.conftest import ROOT

EXTERNAL2 = ROOT / "nlp" / "data" / "external2"


def test_external2_is_never_training_data():
    from nlp.corpus import CORPUS_DIRS

    assert EXTERNAL2 not in CORPUS_DIRS
    assert len(list(EXTERNAL2.glob("*.json"))) >= 12


def test_shipped_model_generalises_to_other_writers():
    from nlp.evaluate import evaluate
    from nlp.rules import rule_cause_type, rule_scores

    model = evaluate(EXTERNAL2)
    assert model.n >= 600
    assert model.macro_f1 >= 0.90, model.per_category
    assert min(c["f1"] for c in model.per_category.values()) >= 0.85, model.per_category
    assert model.cause_type_accuracy >= 0.85
    rules = evaluate(EXTERNAL2, lambda ctxs: [(rule_scores(c)[0], rule_cause_type(c), rule_scores(c)[1]) for c in ctxs])
    assert model.macro_f1 > rules.macro_f1 + 0.1  # the model earns its place over keyword rules
