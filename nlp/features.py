"""Features of a sentence in context, shared by training and inference.

Three views, all campaign-agnostic: the segmented words (TF-IDF 1-2 grams), the characters
(TF-IDF 2-5 grams, robust to segmentation and spelling variants), and context tokens
(section from the heading path, run-in label, list marker, position, the previous sentence's
opener and rule label, category cue hits from the spaCy PhraseMatcher, rule baseline label).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.context import SentenceContext, looks_like_heading, runin_label
from nlp.cues import fold, heading_tags
from nlp.rules import rule_category
from nlp.sentences import segment
from nlp.spacy_pipe import cue_hits

_NUM = re.compile(r"\d")


def _marker_class(marker: str) -> str:
    m = fold(marker)
    if not m:
        return "none"
    if m in "-–•*":
        return "dash"
    if m == "+":
        return "plus"
    if m.endswith("là,") or m.startswith("thứ"):
        return "ordinal"
    if m[0].isdigit():
        return "number"
    return "letter"


def _opener(text: str, n: int) -> str:
    words = re.findall(r"[\wÀ-ỹ%]+", fold(text))[:n]
    return "_".join(words)


def context_tokens(ctx: SentenceContext) -> str:
    """Space-separated context tokens (fed to a binary CountVectorizer)."""
    sec, ctype = ctx.section()
    text = ctx.text
    rule = rule_category(ctx).value
    label = runin_label(text)
    body = text[len(label) + 1:] if label else text
    toks = [
        f"SEC={sec.value if sec else 'none'}",
        f"SECT={ctype.value if ctype else 'none'}",
        f"HINT={'yes' if ctx.label_hint else 'no'}",
        f"BK={ctx.block_kind}",
        f"MK={_marker_class(ctx.marker)}",
        f"IDX={min(ctx.index_in_block, 2)}",
        f"POS={min(int(ctx.doc_position * 5), 4) if ctx.doc_position >= 0 else 'unknown'}",
        f"OPEN1={_opener(body, 1)}",
        f"OPEN2={_opener(body, 2)}",
        f"RUNIN={'yes' if label else 'no'}",
        f"RULE={rule}",
        f"SECRULE={sec.value if sec else 'none'}_{rule}",
        f"LEN={min(len(body.split()) // 8, 5)}",
        f"DOC={_opener(ctx.doc_type, 2) or 'none'}",
    ]
    for h in ctx.heading_path[-2:]:
        toks += [f"HTAG={cat.value}" for _, cat in heading_tags(h)]
    if ctx.prev_text:
        prev = SentenceContext(text=ctx.prev_text, heading_path=ctx.heading_path, label_hint=ctx.label_hint)
        toks += [f"PREVRULE={rule_category(prev).value}", f"POPEN={_opener(ctx.prev_text, 1)}"]
        if ctx.prev_label:
            toks += [f"PREVPRED={ctx.prev_label}", f"SECPREV={sec.value if sec else 'none'}_{ctx.prev_label}"]
    else:
        toks.append("PREV=none")
    if looks_like_heading(text):
        toks.append("HEADLIKE")
    if _NUM.search(body):
        toks.append("NUM")
    if "%" in body:
        toks.append("PCT")
    if body.rstrip().endswith(":"):
        toks.append("COLONEND")
    seen = set()
    for cat, phrase in cue_hits(body):
        seen.add(cat)
        toks.append(f"CUE={cat}:{phrase.replace(' ', '_')}")
    toks += [f"HAS={c}" for c in sorted(seen)]
    return " ".join(toks)


def words_view(ctx: SentenceContext) -> str:
    """Segmented, folded words of the sentence (underthesea tokens)."""
    return fold(ctx.tokens or _segment(ctx.text))


@lru_cache(maxsize=20000)
def _segment(text: str) -> str:
    return segment(text)


def chars_view(ctx: SentenceContext) -> str:
    return fold(ctx.text)
