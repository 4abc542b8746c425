"""spaCy bag-of-words textcat over a `vi` Vocab fed with underthesea tokens + context tokens.

Compared in nlp/compare.py; used inside the shipped ensemble (nlp/linear.py EnsembleModel),
where it is the more robust view when only text, heading and previous sentence are known.
Pickles as bytes (spaCy objects are not picklable across versions otherwise).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

LABELS = ("achievement", "limitation", "cause", "lesson", "recommendation", "other")
_CFG = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                  "no_output_layer": False, "length": 2**17}}


def _build():
    import spacy
    from spacy.vocab import Vocab

    nlp = spacy.Language(Vocab())
    textcat = nlp.add_pipe("textcat", config=_CFG)
    for lab in LABELS:
        textcat.add_label(lab)
    return nlp


class SpacyBow:
    """fit(list of word lists, labels) / proba(list of word lists) -> (classes, matrix)."""

    def __init__(self, epochs: int = 10, seed: int = 7):
        self.epochs = epochs
        self.seed = seed
        self.nlp = _build()

    def _doc(self, words: Sequence[str]):
        from spacy.tokens import Doc

        return Doc(self.nlp.vocab, words=list(words) or ["∅"])

    def fit(self, word_lists: Sequence[Sequence[str]], labels: Sequence[str]) -> SpacyBow:
        from spacy.training import Example

        examples = [Example.from_dict(self._doc(w), {"cats": {lab: float(lab == y) for lab in LABELS}})
                    for w, y in zip(word_lists, labels, strict=True)]
        opt = self.nlp.initialize(lambda: examples)
        rnd = random.Random(self.seed)
        for _ in range(self.epochs):
            rnd.shuffle(examples)
            for i in range(0, len(examples), 32):
                self.nlp.update(examples[i:i + 32], sgd=opt, drop=0.1)
        return self

    def proba(self, word_lists: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
        textcat = self.nlp.get_pipe("textcat")
        docs = list(textcat.pipe(self._doc(w) for w in word_lists))
        return list(LABELS), np.array([[d.cats[lab] for lab in LABELS] for d in docs]).reshape(len(docs), -1)

    def __getstate__(self):
        return {"epochs": self.epochs, "seed": self.seed, "bytes": self.nlp.to_bytes()}

    def __setstate__(self, state):
        self.epochs, self.seed = state["epochs"], state["seed"]
        self.nlp = _build()
        self.nlp.from_bytes(state["bytes"])
