"""Check corpus cause_type labels against the policy in nlp/ANNOTATION.md section 6 (rules C1-C5).

    .venv/bin/python nlp/data/blind/cause_type_check.py [files ...]   # default: corpus + examples

A cause gets a type only where the report states it: (C1) the sentence names exactly one type,
(C2) a carry-over from a sentence that *opens* with a type label, through the rest of its paragraph
or the following items of its list, (C3) the nearest run-in, (C4) the nearest heading naming
one type. Anything else is null, however objective or subjective the content sounds (C5).
Prints every cause whose stored cause_type differs and exits 1 if there is any.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OBJ, SUB = "objective", "subjective"
# The type word used as a label ("nguyên nhân khách quan", "về chủ quan", sentence-initial "Khách quan, ...");
# not the adjective ("đánh giá khách quan", "tâm lý chủ quan" = complacency).
_LABEL = re.compile(r"(?:^|nguyên nhân\s+|về\s+(?:mặt\s+|phía\s+)?|yếu tố\s+)(khách quan|chủ quan)\b")
_OPENER = re.compile(r"^(?:về\s+(?:mặt\s+|phía\s+)?|(?:các\s+|những\s+)?nguyên nhân\s+)?(khách quan|chủ quan)\b")


def _kind(word: str) -> str:
    return OBJ if word == "khách quan" else SUB


def names_type(text: str) -> str | None:
    """The one type a heading / run-in names; None when it names none or both."""
    t = text.casefold()
    o, s = "khách quan" in t, "chủ quan" in t
    return None if o == s else OBJ if o else SUB


def heading_type(headings: list[tuple[int, str]]) -> str | None:
    """C4: the nearest heading that names a type decides; one naming both types gives null."""
    for _, h in reversed(headings):
        t = h.casefold()
        if "khách quan" in t or "chủ quan" in t:
            return names_type(h)
    return None


def sentence_type(text: str) -> tuple[bool, str | None, bool]:
    """(the sentence speaks of types at all, the one type it states, whether it opens with the label).

    Only an opener starts a run (C2); a sentence naming both types ("có cả khách quan và chủ quan")
    states none and, like any sentence that speaks of types, ends an earlier run.
    """
    t = text.casefold().strip()
    kinds = {_kind(m.group(1)) for m in _LABEL.finditer(t)}
    if "khách quan" in t and "chủ quan" in t:
        return True, None, False
    if len(kinds) != 1:
        return False, None, False
    kind = kinds.pop()
    m = _OPENER.match(t)
    return True, kind, bool(m and _kind(m.group(1)) == kind)


def expected(doc: dict) -> Iterator[tuple[dict, str | None, str]]:
    """(sentence, policy cause_type, reason) for every cause sentence of a Report JSON."""
    headings: list[tuple[int, str]] = []
    carry: str | None = None
    scope: tuple[str, object] = ("", None)
    for bi, blk in enumerate(doc["body"]):
        if blk["type"] == "heading":
            level = blk.get("level", 1)
            headings = [h for h in headings if h[0] < level] + [(level, blk["text"])]
            carry = None
            continue
        if carry and not (scope[0] == "items" and blk["type"] == "item" and blk.get("marker") == scope[1]):
            carry = None  # C2: a run ends with its paragraph or its list
        h_type = heading_type(headings)
        r_type = names_type(blk.get("runin") or "")
        for s in blk.get("sentences", []):
            if s["label"] != "cause":
                carry = None
                continue
            speaks, own, opens = sentence_type(s["text"])
            if speaks:
                carry = own if opens else None
                scope = ("items", blk.get("marker")) if blk["type"] == "item" else ("para", bi)
                yield s, own, "C1 sentence"
            elif carry:
                yield s, carry, "C2 carried"
            elif r_type:
                yield s, r_type, "C3 run-in"
            elif h_type:
                yield s, h_type, "C4 heading"
            else:
                yield s, None, "C5 not stated"


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "nlp/data/reports").glob("*.json")) + sorted(
        (ROOT / "examples/reports").glob("*.json")
    )
    bad = 0
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        for s, want, why in expected(doc):
            if s.get("cause_type") != want:
                bad += 1
                print(f"{f.name}: {s.get('cause_type')} -> {want} [{why}] {s['text'][:90]}")
    print(f"{bad} cause_type label(s) contradict the policy in {len(files)} file(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
