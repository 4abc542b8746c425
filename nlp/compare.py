"""Compare classifier families on the same report-level split (held-out test reports).

    python -m nlp.compare

Rules baseline; underthesea_core TextClassifier (TF-IDF + linear SVM in Rust) on segmented
text, with and without context tokens; a spaCy textcat (bag-of-words, on a `vi` Vocab fed with
underthesea tokens); the scikit-learn logistic regression (one pass and two pass); the
LR + BOW ensemble. Prints macro-F1, accuracy, ECE, macro-F1 on bare JSONL-style rows and
prediction speed; the best is what nlp/train.py ships.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace

from nlp.classify import classify_contexts, rules_predict
from nlp.corpus import bare, load_rows
from nlp.evaluate import evaluate
from nlp.features import context_tokens, words_view
from nlp.train import _fit, augment
from tonghop.models import Category


def _utc_predictor(with_ctx: bool, rows):
    from underthesea_core import TextClassifier

    def text(c):
        return words_view(c) + (" " + context_tokens(c) if with_ctx else "")

    tc = TextClassifier(max_features=60000, ngram_range=(1, 2), c=1.0)
    tc.fit([text(r.ctx) for r in rows], [r.label.value for r in rows])

    def predict(ctxs):
        out = tc.predict_with_scores([text(c) for c in ctxs])
        res = []
        for item in out:
            lab, score = (item if isinstance(item, tuple) else (item.value, item.score))
            res.append((Category(lab), None, float(min(max(score, 0.0), 1.0))))
        return res

    return predict


def _spacy_predictor(rows, epochs: int = 12):
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.vocab import Vocab

    nlp = spacy.Language(Vocab())
    cfg = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                     "no_output_layer": False}}
    textcat = nlp.add_pipe("textcat", config=cfg)
    labels = [c.value for c in Category]
    for lab in labels:
        textcat.add_label(lab)

    def doc(c):
        return Doc(nlp.vocab, words=(words_view(c) + " " + context_tokens(c)).split())

    examples = [Example.from_dict(doc(r.ctx), {"cats": {lab: float(lab == r.label.value) for lab in labels}})
                for r in rows]
    opt = nlp.initialize(lambda: examples)
    rnd = random.Random(7)
    for _ in range(epochs):
        rnd.shuffle(examples)
        for i in range(0, len(examples), 32):
            nlp.update(examples[i:i + 32], sgd=opt, drop=0.1)

    def predict(ctxs):
        res = []
        for d in textcat.pipe(doc(c) for c in ctxs):
            lab, score = max(d.cats.items(), key=lambda kv: kv[1])
            res.append((Category(lab), None, float(score)))
        return res

    return predict


def main() -> None:
    rows = load_rows()
    train = [r for r in rows if r.split == "train"]
    test = [r for r in rows if r.split != "train" and r.gold]
    test_bare = [replace(r, ctx=bare(r.ctx)) for r in test]
    aug = augment(train)
    systems = {
        "rules (baseline)": lambda: rules_predict,
        "underthesea_core TextClassifier, text": lambda: _utc_predictor(False, aug),
        "underthesea_core TextClassifier, text+context": lambda: _utc_predictor(True, aug),
        "spaCy textcat BOW, text+context": lambda: _spacy_predictor(aug),
        "sklearn LR, text+chars+context": lambda: (lambda m: (lambda c: classify_contexts(c, m)))(
            _fit(train, kind="lr")),
        "sklearn LR two-pass": lambda: (lambda m: (lambda c: classify_contexts(c, m)))(
            _fit(train, True, kind="lr")),
        "ensemble LR + spaCy BOW (shipped)": lambda: (lambda m: (lambda c: classify_contexts(c, m)))(
            _fit(train, kind="ensemble")),
    }
    print(f"train reports {len({r.report_id for r in train})}, test reports {len({r.report_id for r in test})}, "
          f"test sentences {len(test)}")
    print(f"{'system':<46}{'macroF1':>8}{'acc':>7}{'ECE':>7}{'bareF1':>8}{'sent/s':>9}{'fit s':>7}")
    for name, make in systems.items():
        t0 = time.perf_counter()
        pred = make()
        fit_s = time.perf_counter() - t0
        words = [words_view(r.ctx) for r in test]  # warm the segmentation cache: time the classifier only
        t1 = time.perf_counter()
        rep = evaluate(test, pred)
        speed = len(test) / (time.perf_counter() - t1)
        rb = evaluate(test_bare, pred)
        print(f"{name:<46}{rep.macro_f1:>8.3f}{rep.accuracy:>7.3f}{rep.ece:>7.3f}{rb.macro_f1:>8.3f}"
              f"{speed:>9.0f}{fit_s:>7.1f}", flush=True)
        del words


if __name__ == "__main__":
    main()
