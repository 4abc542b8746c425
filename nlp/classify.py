"""Sentence classifier: category + cause_type + confidence, from the sentence and its context.

The trained model (nlp/model/classifier.joblib) is loaded once, lazily. Without it we fall back
to the keyword rules and say so in the version string ("rules-...; model missing").
Boilerplate lines and summary-box labels are `other` whatever a model says.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from nlp.context import SentenceContext, is_boilerplate, is_guidance, is_heading_line, is_label_only
from nlp.cues import fold
from nlp.polarity import is_result_despite, is_shortfall
from nlp.rules import rule_cause_type, rule_scores
from tonghop.models import Category, CauseType

MODEL_FILE = Path(__file__).resolve().parent / "model" / "classifier.joblib"
RULES_VERSION = "rules-1"
# Revision of the rules applied after the model (below): part of the version recorded on every
# sentence, so a re-ingest relabels documents read before a rule changed.
OVERRIDES_REVISION = "o2"

Prediction = tuple[Category, CauseType | None, float]


@cache
def _load(path: str = str(MODEL_FILE)):
    p = Path(path)
    if not p.is_file():
        return None, f"{RULES_VERSION} (model missing: {p.name})"
    import joblib

    model = joblib.load(p)
    prefix = "ens" if type(model).__name__ == "EnsembleModel" else "lr"
    return model, f"{prefix}-{_digest(path)}+{OVERRIDES_REVISION}"


@cache
def _digest(path: str) -> str:
    """12 hex of the sha256 of the model file, read in chunks (it is ~150 MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:12]


def _pickled_class(path: str) -> str | None:
    """Class name of the object pickled in a joblib file, read from the pickle's first opcodes.

    The top-level object's class is the first global a pickle names. Plain and zlib-compressed
    joblib files are read; any other compression (or an odd stream) gives None.
    """
    import io
    import pickletools
    import zlib

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if head[:1] == b"\x78":  # zlib header: joblib's default compressor
        try:
            head = zlib.decompressobj().decompress(head, 1 << 16)
        except zlib.error:
            return None
    if head[:1] != b"\x80":  # not a pickle (protocol >= 2) stream
        return None
    last: list[str] = []
    try:
        for op, arg, _ in pickletools.genops(io.BytesIO(head)):
            if op.name == "GLOBAL":
                return str(arg).split(" ")[-1]
            if op.name == "STACK_GLOBAL":
                return last[-1] if last else None
            if isinstance(arg, str):
                last.append(arg)
    except Exception:  # truncated head or unknown opcode: the caller loads the model instead
        return None
    return None


@cache
def _version(path: str = str(MODEL_FILE)) -> str:
    p = Path(path)
    if not p.is_file():
        return f"{RULES_VERSION} (model missing: {p.name})"
    name = _pickled_class(path)
    if name is None:
        return _load(path)[1]
    return f"{'ens' if name == 'EnsembleModel' else 'lr'}-{_digest(path)}+{OVERRIDES_REVISION}"


def model_version() -> str:
    """Version recorded on every sentence: "ens-<sha256 of the model file, 12 hex>+<overrides>" (or "lr-…"),
    or "rules-1 (model missing: …)" when the model file is absent.

    Read from the file's bytes without unpickling it: the flow parent only needs the string, not
    the ~150 MB model; the result is the same string `_load` gives.
    """
    return _version()


def rules_predict(ctxs: Sequence[SentenceContext]) -> list[Prediction]:
    """The keyword baseline as a predictor (used for evaluation and as the fallback)."""
    out: list[Prediction] = []
    for c in ctxs:
        cat, conf = rule_scores(c)
        out.append((cat, rule_cause_type(c) if cat is Category.CAUSE else None, conf))
    return out


def classify_contexts(ctxs: Sequence[SentenceContext], model=None) -> list[Prediction]:
    """Classify sentences in context, in input order (batch: one call per document).

    `model` defaults to the shipped one; train.py passes a candidate to evaluate it exactly as
    the pipeline will run it (with the boilerplate / heading / cause-opener overrides).
    """
    if not ctxs:
        return []
    if model is None:
        model, _ = _load()
    preds = model.predict(ctxs) if model is not None else rules_predict(ctxs)
    out: list[Prediction] = []
    carry: CauseType | None = None  # C2: a sentence opening with a type label types what follows it
    for c, (cat, ctype, conf) in zip(ctxs, preds, strict=True):
        if c.index_in_block == 0 and c.block_kind != "list_item":
            carry = None
        opener = _type_opener(c.text)
        if is_guidance(c.doc_type) or is_boilerplate(c.text) or is_label_only(c.text) or is_heading_line(c.text):
            out.append((Category.OTHER, None, max(conf, 0.95) if cat is Category.OTHER else 0.95))
            continue
        both = names_both_types(c.text)
        if both and not gives_cause(c.text):
            # L1/L4: "... có căn nguyên cả khách quan lẫn chủ quan." only announces the causes
            out.append((Category.OTHER, None, max(conf, 0.85) if cat is Category.OTHER else 0.85))
            carry = None
            continue
        if cat is Category.ACHIEVEMENT and is_shortfall(c.text):
            cat, conf = Category.LIMITATION, max(conf, 0.8)  # L8: a figure short of its target
        elif cat is Category.LIMITATION and is_result_despite(c.text):
            cat, conf = Category.ACHIEVEMENT, max(conf, 0.8)  # L9: the main clause is a result
        if cat is not Category.CAUSE and _CAUSE_OPENER.match(fold(c.text)):
            cat, ctype, conf = Category.CAUSE, None, max(conf, 0.8)  # taxonomy rule 1: the words win
        # cause_type is what the report says (sentence words, heading, run-in label), else NULL:
        # measured on held-out reports this beats guessing it from content (0.88 vs 0.79-0.82).
        if cat is not Category.CAUSE:
            carry = None  # C2: a run of typed causes ends at the first sentence that is not a cause
            out.append((cat, None, conf))
            continue
        ctype = None if both else _explicit_cause_type(c, carry)
        if opener is not None:
            carry = opener
        elif both or _TYPE_LABEL.search(fold(c.text)):
            carry = None  # C1/C2: naming both types, or a type mid-sentence, ends the run
        out.append((cat, ctype, conf))
    return out


_BOTH = re.compile(r"khách quan\b.{0,60}?\bchủ quan\b|chủ quan\b.{0,60}?\bkhách quan\b")


def names_both_types(text: str) -> bool:
    """The sentence says the causes are of both kinds ("có cả khách quan và chủ quan")."""
    return bool(_BOTH.search(fold(text)))


def gives_cause(text: str) -> bool:
    """Beyond naming both types, the sentence states a cause (L4) rather than announcing them (L1)."""
    t = fold(text)
    m = _BOTH.search(t)
    if not m:
        return True
    tail = t[m.end():].strip(" .;:")
    return bool(re.search(r"\b(?:song|nhưng|trong đó|chủ yếu|nhất là|đó là|là do|do|bởi|vì)\b", tail)
                or re.match(r"là\s+\S+\s+\S+", tail) or " là " in t[m.start():m.end()]
                or (":" in t[m.end():] and len(tail.split()) > 3))


_CAUSE_OPENER = re.compile(r"^(?:các |những |một số |một trong những )?nguyên nhân\b(?![^:]{0,40}:\s*$)")


# The type word used as a label ("nguyên nhân khách quan", "về chủ quan", "Khách quan, ..."), not
# the adjective ("đánh giá khách quan", "tâm lý chủ quan"): the corpus policy C1-C5 in
# nlp/ANNOTATION.md section 6.
_TYPE_LABEL = re.compile(r"(?:^|nguyên nhân\s+|về\s+(?:mặt\s+|phía\s+)?|yếu tố\s+)(khách quan|chủ quan)\b")
_TYPE_OPENER = re.compile(r"^(?:về\s+(?:mặt\s+|phía\s+)?|(?:các\s+|những\s+)?nguyên nhân\s+)?(khách quan|chủ quan)\b")


def _one_type(words: set[str]) -> CauseType | None:
    if len(words) != 1:
        return None
    return CauseType.OBJECTIVE if "khách quan" in words else CauseType.SUBJECTIVE


def _type_opener(text: str) -> CauseType | None:
    m = _TYPE_OPENER.match(fold(text).strip())
    return _one_type({m.group(1)}) if m else None


def _explicit_cause_type(c: SentenceContext, carry: CauseType | None = None) -> CauseType | None:
    """What the report says, in the corpus policy's order: the sentence names one type (C1); a
    preceding sentence of the paragraph/list opened with a type label (C2, or the previous
    sentence when only prev_text is known); the nearest run-in or heading naming one type
    (C3, C4); otherwise NULL (C5), however objective or subjective the content sounds."""
    t = fold(c.text)
    named = _one_type({m.group(1) for m in _TYPE_LABEL.finditer(t)})
    if named is not None:
        return named
    if carry is None and c.prev_text and c.block_kind == "paragraph" and c.doc_position < 0:
        carry = _type_opener(c.prev_text)
    if carry is not None:
        return carry
    return c.section()[1]


def classify(text: str, heading_path: tuple[str, ...] = (), prev_text: str = "") -> Prediction:
    """One sentence, for quick use and tests.

    >>> classify("Đề nghị tỉnh hỗ trợ kinh phí sửa chữa cụm loa.")[0]
    <Category.RECOMMENDATION: 'recommendation'>
    """
    ctx = SentenceContext(text=text, heading_path=heading_path, prev_text=prev_text, doc_position=-1.0)
    return classify_contexts([ctx])[0]
