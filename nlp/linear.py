"""The trained classifier: TF-IDF words + chars + context tokens -> logistic regression.

Chosen over underthesea_core's TextClassifier and a spaCy textcat (see nlp/compare.py and
nlp/ANNOTATION.md) because it takes the context view and gives usable probabilities.
A second, small logistic regression gives cause_type on sentences predicted `cause`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.context import SentenceContext
from nlp.features import chars_view, context_tokens, words_view
from tonghop.models import Category, CauseType

CATEGORIES = tuple(c.value for c in Category)
CTYPES = ("objective", "subjective", "none")


class LinearModel:
    """Fit/predict on SentenceContext lists; pickled whole into nlp/model/classifier.joblib."""

    def __init__(self, c: float = 8.0, ctx_weight: float = 0.5, temperature: float = 1.0):
        self.c = c
        self.ctx_weight = ctx_weight
        self.temperature = temperature
        self.words2 = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                      lowercase=False, max_features=30000)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                     max_features=40000)
        self.ctx = CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True)
        self.clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        self.ctype = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
        self.meta: dict = {}

    @staticmethod
    def views(ctxs: Sequence[SentenceContext]) -> tuple[list[str], list[str], list[str]]:
        return [words_view(c) for c in ctxs], [chars_view(c) for c in ctxs], [context_tokens(c) for c in ctxs]

    def _matrix(self, views, fit: bool = False):
        w, ch, cx = views
        if fit:
            parts = [self.words2.fit_transform(w), self.chars.fit_transform(ch), self.ctx.fit_transform(cx)]
        else:
            parts = [self.words2.transform(w), self.chars.transform(ch), self.ctx.transform(cx)]
        parts[2] = parts[2] * self.ctx_weight
        return hstack(parts).tocsr()

    def fit(self, ctxs: Sequence[SentenceContext], labels: Sequence[str], ctypes: Sequence[str | None],
            views=None):
        views = views or self.views(ctxs)
        x = self._matrix(views, fit=True)
        self.clf.fit(x, list(labels))
        idx = [i for i, lab in enumerate(labels) if lab == "cause"]
        y2 = [ctypes[i] or "none" for i in idx]
        if len(set(y2)) >= 2:
            self.ctype.fit(self._ctype_matrix(views, idx), y2)
        else:
            self.ctype = None
        return self

    def _ctype_matrix(self, views, idx):
        """cause_type reads words and context tokens at full weight (the heading says most)."""
        w, _, cx = views
        return hstack([self.words2.transform([w[i] for i in idx]),
                       self.ctx.transform([cx[i] for i in idx])]).tocsr()

    def predict(self, ctxs: Sequence[SentenceContext], views=None):
        """[(category, cause_type or None, confidence)] in input order."""
        if not ctxs:
            return []
        views = views or self.views(ctxs)
        x = self._matrix(views)
        logits = self.clf.decision_function(x) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        proba /= proba.sum(axis=1, keepdims=True)
        classes = list(self.clf.classes_)
        best = proba.argmax(axis=1)
        out = []
        cause_rows = [i for i, b in enumerate(best) if classes[b] == "cause"]
        ct: dict[int, str] = {}
        if cause_rows and self.ctype is not None:
            for i, lab in zip(cause_rows, self.ctype.predict(self._ctype_matrix(views, cause_rows)), strict=True):
                ct[i] = lab
        for i, b in enumerate(best):
            cat = Category(classes[b])
            t = ct.get(i, "none")
            out.append((cat, CauseType(t) if cat is Category.CAUSE and t != "none" else None, float(proba[i, b])))
        return out

    def proba(self, ctxs: Sequence[SentenceContext], views=None) -> tuple[list[str], np.ndarray]:
        return self.proba_x(self._matrix(views or self.views(ctxs)))

    def proba_x(self, x) -> tuple[list[str], np.ndarray]:
        logits = self.clf.decision_function(x) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return list(self.clf.classes_), p / p.sum(axis=1, keepdims=True)


def _prev_ctx(c: SentenceContext) -> SentenceContext:
    """The previous sentence as the first pass sees it: its text under the same headings."""
    return SentenceContext(text=c.prev_text, heading_path=c.heading_path, label_hint=c.label_hint,
                           doc_type=c.doc_type, doc_position=-1.0)


class TwoPassModel:
    """First pass labels the previous sentence; the second uses that label as a feature.

    The previous sentence is rebuilt from `prev_text` (not taken from the batch), so the model
    works the same on a whole document, on an evaluation JSONL row and on a single sentence.
    Training uses out-of-fold (report-grouped) first-pass labels, never gold ones.
    """

    def __init__(self, folds: int = 4, **kw):
        self.kw = kw
        self.folds = folds
        self.first = LinearModel(**kw)
        self.second = LinearModel(**kw)
        self.meta: dict = {}

    @property
    def temperature(self) -> float:
        return self.second.temperature

    @temperature.setter
    def temperature(self, t: float) -> None:
        self.first.temperature = t
        self.second.temperature = t

    def fit(self, ctxs, labels, ctypes, groups):
        from dataclasses import replace

        from sklearn.model_selection import GroupKFold

        prev_label = [""] * len(ctxs)
        k = min(self.folds, len(set(groups)))
        if k >= 2:
            for tr, te in GroupKFold(n_splits=k).split(ctxs, groups=groups):
                m = LinearModel(**self.kw).fit([ctxs[i] for i in tr], [labels[i] for i in tr],
                                               [ctypes[i] for i in tr])
                idx = [i for i in te if ctxs[i].prev_text]
                for i, p in zip(idx, m.predict([_prev_ctx(ctxs[i]) for i in idx]), strict=True):
                    prev_label[i] = p[0].value
        self.first.fit(ctxs, labels, ctypes)
        ctx2 = [replace(c, prev_label=pl) for c, pl in zip(ctxs, prev_label, strict=True)]
        self.second.fit(ctx2, labels, ctypes)
        return self

    def with_prev(self, ctxs):
        from dataclasses import replace

        idx = [i for i, c in enumerate(ctxs) if c.prev_text and not c.prev_label]
        out = list(ctxs)
        for i, p in zip(idx, self.first.predict([_prev_ctx(ctxs[i]) for i in idx]), strict=True):
            out[i] = replace(out[i], prev_label=p[0].value)
        return out

    def predict(self, ctxs):
        return self.second.predict(self.with_prev(ctxs)) if ctxs else []


class EnsembleModel:
    """Mean of the logistic regression's and the spaCy BOW textcat's probabilities.

    Both read the same views (segmented words, characters for the LR, context tokens); the LR
    also gives cause_type. Chosen because the BOW textcat holds up better when only text,
    heading and previous sentence are known, the LR when the full context is there.
    """

    def __init__(self, weight_lr: float = 0.5, **kw):
        from nlp.textcat import SpacyBow

        self.lr = LinearModel(**kw)
        self.bow = SpacyBow()
        self.weight_lr = weight_lr
        self.temperature = 1.0
        self.meta: dict = {}

    @staticmethod
    def _bow_words(views) -> list[list[str]]:
        w, _, cx = views
        return [f"{a} {b}".split() for a, b in zip(w, cx, strict=True)]

    def fit(self, ctxs, labels, ctypes):
        views = LinearModel.views(ctxs)
        self.lr.fit(ctxs, labels, ctypes, views=views)
        self.bow.fit(self._bow_words(views), labels)
        return self

    def predict(self, ctxs):
        if not ctxs:
            return []
        views = LinearModel.views(ctxs)
        classes, p_lr = self.lr.proba_x(self.lr._matrix(views))
        bclasses, p_bow = self.bow.proba(self._bow_words(views))
        p_bow = p_bow[:, [bclasses.index(c) for c in classes]]
        p = self.weight_lr * p_lr + (1 - self.weight_lr) * p_bow
        if self.temperature != 1.0:
            p = p ** (1 / self.temperature)
            p /= p.sum(axis=1, keepdims=True)
        best = p.argmax(axis=1)
        # cause_type is decided by nlp.classify from what the report says (see there), so the
        # LR's cause_type head is not consulted here: it measured worse on held-out reports.
        return [(Category(classes[b]), None, float(p[i, b])) for i, b in enumerate(best)]
