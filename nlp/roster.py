"""Which roster unit sent a report: fuzzy match of the header issuer against the campaign.

Issuers are written in capitals, with or without the parent, with "UỶ"/"ỦY", abbreviations
("UBND", "Sở TT&TT") or OCR tone errors, so names are compared diacritic-folded with
rapidfuzz; the file name and the first lines of text are fallbacks when the header gave
no issuer. Below the threshold the answer is None: an unknown sender must be reviewed,
never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz

from nlp.normalize import fold_key
from tonghop.campaign import Campaign
from tonghop.models import DocMeta

THRESHOLD = 0.88

# Common abbreviations expanded before comparing (folded, lower case).
_ABBREV = (
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bmttq\b", "mat tran to quoc"),
    (r"\btt&tt\b", "thong tin va truyen thong"),
    (r"\bvhttdl\b", "van hoa, the thao va du lich"),
    (r"\blhpn\b", "lien hiep phu nu"),
    (r"\btncs\b", "thanh nien cong san"),
    (r"\bpt-th\b", "phat thanh va truyen hinh"),
    (r"\bptth\b", "phat thanh va truyen hinh"),
    (r"\btp\.?\s", "thanh pho "),
)
# Words that differ between how a unit writes itself and the roster name, dropped.
_NOISE = re.compile(
    r"\b(ban thuong vu|ban chap hanh|dang bo|dang uy|uy|tinh|huyen|thi|thanh|thi xa|thanh pho|xa|phuong)\b"
)


def _key(s: str) -> str:
    k = fold_key(s)
    for pat, rep in _ABBREV:
        k = re.sub(pat, rep, k)
    k = re.sub(r"[^\w&\s]", " ", k)
    return " ".join(k.split())


def _score(a: str, b: str) -> float:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return 0.0
    full = fuzz.ratio(ka, kb) / 100
    # The issuer may carry extra words ("Ban Thường vụ Huyện ủy X") or lack the type word.
    partial = fuzz.token_set_ratio(ka, kb) / 100
    core_a, core_b = _NOISE.sub(" ", ka).split(), _NOISE.sub(" ", kb).split()
    score = max(full, 0.97 * partial)
    if core_a and core_b:
        # The distinguishing words (the place name) must agree: "Tân Lạc" is not "Tân Lập".
        core = fuzz.ratio(" ".join(core_a), " ".join(core_b)) / 100
        score = min(score, core)
    return score


def _candidates(campaign: Campaign):
    for u in campaign.units:
        for name in (u.name, *u.aliases):
            yield u.id, name


def _best(text: str, campaign: Campaign) -> tuple[str | None, float]:
    best_id, best = None, 0.0
    second = 0.0
    for uid, name in _candidates(campaign):
        s = _score(text, name)
        if s > best:
            if uid != best_id:
                second = max(second, best)
            best_id, best = uid, s
        elif uid != best_id:
            second = max(second, s)
    # Two units equally close ("Huyện ủy Tân Lập" vs "Huyện ủy Tân Lạc"): refuse to choose.
    if best - second < 0.02 and best < 0.99:
        return None, best
    return best_id, best


def _in_text(text: str, campaign: Campaign) -> tuple[str | None, float]:
    """A roster name (or alias) occurring verbatim, folded, in free text."""
    hay = _key(text)
    hits = []
    for uid, name in _candidates(campaign):
        k = _key(name)
        if k and re.search(rf"\b{re.escape(k)}\b", hay):
            hits.append((len(k), uid))
    if not hits:
        return None, 0.0
    hits.sort(reverse=True)
    return hits[0][1], 0.9


def match_unit(
    meta: DocMeta, campaign: Campaign, file_name: str = "", text_head: str = ""
) -> tuple[str | None, float]:
    """(unit_id, score 0..1) of the roster unit that issued the report, or (None, score).

    >>> # meta.unit_name = "HUYỆN UỶ TÂN LẬP" → ("hu-tan-lap", 1.0)
    """
    if meta.unit_name:
        uid, score = _best(meta.unit_name, campaign)
        if uid and score >= THRESHOLD:
            return uid, round(score, 3)
        if meta.parent_unit:
            uid2, score2 = _best(f"{meta.parent_unit} {meta.unit_name}", campaign)
            if uid2 and score2 >= THRESHOLD:
                return uid2, round(score2, 3)
    if text_head:
        uid, score = _in_text(text_head, campaign)
        if uid:
            return uid, score
    if file_name:
        stem = Path(file_name).stem
        stem = re.sub(r"[_\-.]+", " ", stem)
        uid, score = _in_text(stem, campaign)
        if uid:
            return uid, 0.8
        # File names like "hu-tan-lap.pdf" or "BC_HuyenUy_TanLap.docx": compare squeezed forms.
        squeezed = _key(stem).replace(" ", "")
        best_id, best = None, 0.0
        for u in campaign.units:
            for cand in (u.id.replace("-", ""), *(_key(n).replace(" ", "") for n in (u.name, *u.aliases))):
                if len(cand) >= 6 and cand in squeezed:
                    score = 0.8 if len(cand) >= 8 else 0.7
                    if score > best:
                        best_id, best = u.id, score
        if best_id and best >= 0.8:
            return best_id, best
    return None, 0.0
