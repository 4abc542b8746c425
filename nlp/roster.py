"""Which roster unit sent a report: fuzzy match of the header issuer against the campaign.

Issuers are written in capitals, with or without the parent, with "UỶ"/"ỦY", abbreviations
("UBND", "Sở TT&TT") or OCR tone errors, so names are compared diacritic-folded with
rapidfuzz; the file name and the first lines of text are fallbacks when the header gave
no issuer. Below the threshold the answer is None: an unknown sender must be reviewed,
never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
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


FILE_NAME_SCORE = 0.8
# Words that say what kind of body a unit is, written before its place name; dropped to get
# the distinguishing part ("Huyện ủy Thạch Bàn" → "thach ban").
_TYPE_PREFIXES = (
    "ban thuong vu", "ban chap hanh", "dang bo", "dang uy", "dang doan", "huyen uy", "thanh uy",
    "thi uy", "tinh uy", "uy ban nhan dan", "ubnd", "thanh pho", "thi xa", "thi tran", "dac khu",
    "huyen", "tinh", "xa", "phuong", "hu", "tu", "du",
)


def _file_tokens(name: str) -> list[str]:
    """Folded lower-case words of a file name; "BC_HuyenUy_TanLap" → bc huyen uy tan lap."""
    stem = Path(name).name
    stem = re.sub(r"\.(pdf|docx?|rtf|odt|jpe?g|png|tiff?)$", "", stem, flags=re.I)
    return re.findall(r"[a-z0-9]+", fold_key(_split_joined(stem)))


def _split_joined(s: str) -> str:
    """Spaces where words were run together: "HUThachBan2022" → "HU Thach Ban 2022"."""
    out = []
    for i, c in enumerate(s):
        prev = s[i - 1] if i else ""
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if prev and (
            (c.isupper() and prev.islower())
            or (c.isupper() and prev.isupper() and nxt.islower())
            or (c.isdigit() != prev.isdigit() and c.isalnum() and prev.isalnum())
        ):
            out.append(" ")
        out.append(c)
    return "".join(out)


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold_key(s))


def _strip_type(words: list[str]) -> list[str]:
    out = list(words)
    changed = True
    while changed and out:
        changed = False
        for pre in _TYPE_PREFIXES:
            pw = pre.split()
            if out[: len(pw)] == pw and len(out) > len(pw):
                out = out[len(pw):]
                changed = True
                break
    if len(out) > 2 and out[-1] == "tinh":
        out = out[:-1]  # "Hội Nông dân tỉnh", "Bưu điện tỉnh": "tỉnh" is the level, not the name
    return out


def _spans(squeezed: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Token spans [i, j) whose words, joined, spell `squeezed` (word boundaries kept)."""
    out = []
    for i in range(len(tokens)):
        acc = ""
        for j in range(i, len(tokens)):
            acc += tokens[j]
            if acc == squeezed:
                out.append((i, j + 1))
                break
            if not squeezed.startswith(acc):
                break
    return out


@lru_cache(maxsize=8)
def _signatures(campaign: Campaign) -> tuple[tuple[str, str], ...]:
    """(unit_id, squeezed words) a file name may spell: names, aliases (abbreviated and
    expanded), the id, and the distinguishing part of a name when no other unit uses it."""
    full: dict[str, set[str]] = {}
    cores: dict[str, set[str]] = {}
    for u in campaign.units:
        sigs = full.setdefault(u.id, set())
        core = cores.setdefault(u.id, set())
        sigs.add("".join(re.findall(r"[a-z0-9]+", u.id.lower())))
        for name in (u.name, *u.aliases):
            for words in (_words(name), re.findall(r"[a-z0-9]+", _key(name))):
                for variant in (words, [w for w in words if w != "va"]):  # file names drop "và"
                    sigs.add("".join(variant))
                    core.add("".join(_strip_type(variant)))
    every_name = [(uid, _words(n)) for u in campaign.units for uid, n in ((u.id, x) for x in (u.name, *u.aliases))]
    out = [(uid, s) for uid, sigs in full.items() for s in sigs]
    for uid, core in cores.items():
        for c in core:
            # "Hà Lâm" (the province in many aliases) is no one's distinguishing part.
            if not any(other != uid and _spans(c, words) for other, words in every_name):
                out.append((uid, c))
    return tuple((uid, s) for uid, s in out if len(s) >= 5)


def match_file_name(file_name: str, campaign: Campaign) -> str | None:
    """The unit a file name names ("bc-huyen-thach-ban.docx", "HU Thach Ban (ban chinh thuc).pdf"),
    or None when none or two different units are named.

    Names must match whole words: "tan-lac" never matches "Tân Lập".
    >>> # match_file_name("thanh-uy-lam-giang.pdf", ct07) → "tu-lam-giang"
    """
    tokens = _file_tokens(file_name)
    if not tokens:
        return None
    hits: list[tuple[int, int, str]] = []  # (start, end, unit)
    for uid, sig in _signatures(campaign):
        for i, j in _spans(sig, tokens):
            hits.append((i, j, uid))
    if not hits:
        return None
    best = max(hits, key=lambda h: (sum(len(t) for t in tokens[h[0]:h[1]]), -h[0]))
    bi, bj, buid = best
    for i, j, uid in hits:
        if uid != buid and not (bi <= i and j <= bj and (j - i) < (bj - bi)):
            return None  # another unit named outside (or as much as) the best one: ambiguous
    return buid


# "tỉnh X", "tỉnh ủy X", "huyện X", "thành phố X", "thị xã X" …: the place a name belongs to.
# Matched with tone marks ("tính", "tình" are other words) or fully unaccented (plain text).
_RE_PLACE = re.compile(
    r"(?<!\w)(?:tỉnh|tinh|huyện|huyen|thành phố|thanh pho|tp|thị xã|thi xa)"
    r"(?:\s+(?:ủy|uỷ|uy|đoàn|doan))?\s+(?P<place>\w+(?:\s+\w+){0,3})"
)
_PLACE_STOP = frozenset({"uy", "doan"})
PLACE_SIMILARITY = 0.9  # one wrong letter in ten; "Cẩm Giang" is not "Lâm Giang"


def _places(text: str) -> list[tuple[str, ...]]:
    """Folded word tuples that follow a province/district word ("UBND TỈNH HẢI TRUNG" →
    ("hai", "trung")); at most four words, which may run on into the next name."""
    out = []
    low = " ".join(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFC", text).lower()).split())
    for m in _RE_PLACE.finditer(low):
        words: list[str] = []
        for w in fold_key(m.group("place")).split():
            if w in _PLACE_STOP or not w.isalpha():
                break
            words.append(w)
        if words:
            out.append(tuple(words))
    return out


@lru_cache(maxsize=8)
def campaign_places(campaign: Campaign) -> frozenset[tuple[str, ...]]:
    """Every province/district place the campaign names (issuer, parent issuer, roster names,
    aliases and parents): "TỈNH ỦY HÀ LÂM" → ("ha", "lam")."""
    texts = [campaign.issuer, campaign.parent_issuer]
    for u in campaign.units:
        texts += [u.name, *u.aliases, u.parent or ""]
    return frozenset(p for t in texts for p in _places(t))


def _cut_short(words: tuple[str, ...], place: tuple[str, ...]) -> bool:
    """`words` are the place's first words with the last one possibly truncated: a header line
    cut by the layout ("HUYỆN ỦY MƯỜNG" for Mường Khoa) or by OCR ("BẢO LỰ" for Bảo Lương)."""
    if not words or len(words) > len(place):
        return False
    *whole, last = words
    target = place[len(whole)]
    return tuple(whole) == place[: len(whole)] and (last == target or (len(last) >= 2 and target.startswith(last)))


def _known_place(words: tuple[str, ...], known: frozenset[tuple[str, ...]]) -> bool:
    """`words` (which may run on into the next name) begin with a place of the campaign, name it
    with one wrong letter in ten, or are its first words cut short."""
    for place in known:
        head = words[: len(place)]
        if head == place or _cut_short(head, place) \
                or fuzz.ratio(" ".join(head), " ".join(place)) / 100 >= PLACE_SIMILARITY:
            return True
    return False


def foreign_place(meta: DocMeta, campaign: Campaign) -> str | None:
    """The province/district named in the report's issuer lines that the campaign does not
    know ("HỘI LHPN TỈNH THANH VÂN" in a Hà Lâm campaign → "thanh van"), else None.

    A unit of another province must never be matched to this campaign's roster."""
    known = campaign_places(campaign)
    if not known:
        return None
    for text in (meta.unit_name or "", meta.parent_unit or ""):
        for words in _places(text):
            if not _known_place(words, known):
                return " ".join(words)
    return None


def match_unit(
    meta: DocMeta, campaign: Campaign, file_name: str = "", text_head: str = ""
) -> tuple[str | None, float]:
    """(unit_id, score 0..1) of the roster unit that issued the report, or (None, score).

    A header naming a province or district the campaign does not know gives (None, 0.0).

    >>> # meta.unit_name = "HUYỆN UỶ TÂN LẬP" → ("hu-tan-lap", 1.0)
    """
    if foreign_place(meta, campaign):
        return None, 0.0
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
        uid = match_file_name(file_name, campaign)
        if uid:
            return uid, FILE_NAME_SCORE
    return None, 0.0
