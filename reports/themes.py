"""Grouping what several units say about the same thing into one theme.

Within one outline section, each sentence of a finding is an item (a long finding often
touches funding and staff at once, so sentences, not whole findings, are grouped). Items
are compared by TF-IDF over underthesea-segmented words (uni+bigrams, a small Vietnamese
stop list, numbers dropped so "18 xã" and "9 xã" still match) and grouped by
agglomerative clustering (cosine distance, average linkage, a distance threshold). The
result is deterministic: inputs are sorted before clustering and no random state is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from reports.model import Quote, Theme

# Tuned on the hand-written sentences of tests/reports/test_themes.py (adjusted Rand index
# 0.91 against an editor's grouping) and on 600 generated sentences mixing 8 subjects with
# shared evaluative predicates (ARI 0.91); above ~0.88 average linkage starts chaining
# different subjects in large sections, below ~0.8 it splits paraphrases.
DEFAULT_THRESHOLD = 0.85
MAX_QUOTES = 3

# Function words, the review's own boilerplate and the evaluative phrases every limitation
# uses ("chưa đáp ứng yêu cầu", "hiệu quả chưa cao"), which would otherwise bind sentences
# about different things; content words stay.
_STOP_TEXT = """
và của các những là có được cho trong với để đã đang sẽ còn này đó kia một số một_số
theo về tại từ trên dưới đến như thì mà nên do bởi vì vẫn cũng rất nhiều ít hơn nữa
lại ra vào khi đây nào gì ai tuy tuy_nhiên tuy_vậy bên_cạnh ngoài_ra nhằm việc
cùng hay hoặc nhưng song mặc_dù nếu thì_là chỉ đều từng mỗi chưa không có_thể cần
phải luôn đối_với trong_đó qua sau trước giữa thời_gian hiện_nay năm tháng ngày
địa_phương đơn_vị huyện tỉnh thành_phố xã thị_xã thị_trấn chúng_ta bộ_phận mình
nhìn_chung cơ_bản thực_hiện tiếp_tục nguyên_nhân khách_quan chủ_quan
công_tác thông_tin cơ_sở chỉ_thị 07-ct/tw
đáp_ứng yêu_cầu nhu_cầu hiệu_quả tình_hình mới kịp_thời thường_xuyên cao
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_TOKEN_OK = re.compile(r"\w", re.UNICODE)
_NUMBERISH = re.compile(r"^[\d.,/%\-–]+$")


@dataclass(frozen=True)
class ThemeItem:
    """One sentence of a finding, ready for grouping."""

    text: str
    tokens: str  # underthesea segmentation, compounds joined by "_"
    unit_id: str
    unit: str
    quote: Quote


@cache
def _word_tokenize(text: str) -> str:
    from underthesea import word_tokenize  # lazy: heavy import, needed only for unsegmented text

    return word_tokenize(text, format="text")


def segmented(text: str, tokens: str | None) -> str:
    """The warehouse's segmentation, or underthesea's when the column is empty."""
    return tokens if tokens and tokens.strip() else _word_tokenize(text)


HEAD_WORDS = 3  # Vietnamese puts the topic first: "Kinh phí … còn hạn hẹp", "Cán bộ … kiêm nhiệm"
HEAD_WEIGHT = 2  # extra counts of those first words (so they weigh three times)


def analyse(tokens: str) -> list[str]:
    """Features of one segmented sentence: words, adjacent-word bigrams, the first content
    words repeated (the subject weighs three times), and the syllables of compounds ("~phí") so
    "đài_truyền_thanh" and "truyền_thanh" still meet. Stop words and numbers are dropped.
    """
    words = [
        w
        for w in (t.lower().strip(".,;:!?()[]\"'“”‘’…") for t in tokens.split())
        if w and _TOKEN_OK.search(w) and not _NUMBERISH.match(w) and w not in STOP_WORDS
    ]
    bigrams = [f"{a} {b}" for a, b in pairwise(words)]
    syllables = [f"~{s}" for w in words if "_" in w for s in w.split("_") if s not in STOP_WORDS]
    return words + bigrams + words[:HEAD_WORDS] * HEAD_WEIGHT + syllables


def make_vectorizer(corpus: Sequence[str]) -> TfidfVectorizer:
    """TF-IDF fitted on every candidate sentence of the synthesis (IDF needs the wide view)."""
    vec = TfidfVectorizer(analyzer=analyse, sublinear_tf=False, norm="l2", dtype=np.float64)
    vec.fit(list(corpus) or [""])
    return vec


def _clusters(matrix, threshold: float) -> list[int]:
    """Cluster labels of the rows of a (sparse) TF-IDF matrix."""
    n = matrix.shape[0]
    if n == 1:
        return [0]
    dist = cosine_distances(matrix).astype(np.float32)  # n × n: ~36 MB for 3,000 sentences
    empty = np.asarray(matrix.getnnz(axis=1) == 0) if hasattr(matrix, "getnnz") else ~matrix.any(axis=1)
    dist[empty, :] = 1.0  # an all-stop-word sentence resembles nothing
    dist[:, empty] = 1.0
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(x) for x in model.fit_predict(dist)]


_OPENERS = re.compile(
    r"^(?:[-+•*–]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)/]\s*|"
    r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là\s*,\s*|thứ\s+\w+\s*,\s*|"
    r"(?:tuy nhiên|tuy vậy|mặt khác|ngoài ra|bên cạnh đó|nhìn chung|về cơ bản|đồng thời|"
    r"trong thời gian tới|thời gian tới|bên cạnh (?:những|các) (?:kết quả|ưu điểm)[^,]*|"
    r"mặc dù[^,]*|trong (?:những|các) năm qua|qua \d+ năm[^,]*)\s*,\s*|"
    r"(?:nguyên nhân(?: khách quan| chủ quan)?|về [^:]{0,40}|hạn chế|kiến nghị|đề xuất|"
    r"bài học(?: kinh nghiệm)?)\s*:\s*|"
    r"(?:một|các)?\s*nguyên nhân(?: khách quan| chủ quan)?(?: chủ yếu| chính)?\s+(?:là\s+do|là|do)\s+)",
    re.IGNORECASE,
)


def short_label(text: str, max_words: int = 24) -> str:
    """A theme title from its most central sentence: openers dropped, cut at a clause end.

    >>> short_label("Tuy nhiên, kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp, chưa đáp ứng yêu cầu.")
    'Kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp, chưa đáp ứng yêu cầu'
    """
    t = " ".join(text.split())
    for _ in range(3):
        stripped = _OPENERS.sub("", t, count=1)
        if stripped == t or not stripped:
            break
        t = stripped
    t = t.strip(" .;:")
    words = t.split()
    if len(words) > max_words:
        ends = [i for i, w in enumerate(words[:max_words]) if i >= 5 and w.endswith((",", ";", ":"))]
        t = " ".join(words[: ends[-1] + 1]).rstrip(",;:") if ends else " ".join(words[:max_words]) + "…"
    return t[:1].upper() + t[1:] if t else t


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?")


def theme_label(central: ThemeItem, texts: Sequence[str], shared: bool) -> str:
    """The central sentence shortened; for a theme of several units, the figures that differ
    between units and the unit's own name become "…" so the label speaks for all of them.
    """
    text = central.text
    if shared:
        text = text.replace(central.unit, "…")
        common = set.intersection(*(set(_NUMBER.findall(t)) for t in texts))
        text = _NUMBER.sub(lambda m: m.group(0) if m.group(0) in common else "…", text)
    return short_label(text)


def group_themes(
    items: Sequence[ThemeItem],
    units_reporting: int,
    vectorizer: TfidfVectorizer | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    unit_rank: Callable[[str], tuple] | None = None,
) -> tuple[Theme, ...]:
    """Themes of one section, most units first, then by label.

    `units_reporting` is the denominator printed as "n/N đơn vị"; `unit_rank` orders unit
    names (the campaign roster order by default: alphabetical by name).
    """
    if not items:
        return ()
    rank = unit_rank or (lambda uid: (uid,))
    items = sorted(items, key=lambda i: (rank(i.unit_id), i.unit_id, i.quote.doc_id, i.quote.sentence_seq))
    docs = [segmented(i.text, i.tokens) for i in items]
    vec = vectorizer or make_vectorizer(docs)
    matrix = vec.transform(docs).tocsr()
    labels = _clusters(matrix, threshold)

    themes = []
    for cluster in sorted(set(labels)):
        idx = [k for k, lab in enumerate(labels) if lab == cluster]
        rows = matrix[idx]
        centroid = np.asarray(rows.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        central = rows @ centroid / norm if norm else np.zeros(len(idx))
        # most central first; ties broken by the (sorted) input order, so the result is stable
        ordered = [idx[k] for k in sorted(range(len(idx)), key=lambda k: (-round(float(central[k]), 9), k))]
        quotes: list[Quote] = []
        seen: set[str] = set()
        for k in ordered:
            if items[k].unit_id not in seen:
                seen.add(items[k].unit_id)
                quotes.append(items[k].quote)
            if len(quotes) == MAX_QUOTES:
                break
        unit_ids = sorted({items[k].unit_id for k in idx}, key=lambda u: (rank(u), u))
        names = {items[k].unit_id: items[k].unit for k in idx}
        themes.append(
            Theme(
                label=theme_label(items[ordered[0]], [items[k].text for k in idx], len(unit_ids) > 1),
                unit_count=len(unit_ids),
                units_reporting=units_reporting,
                unit_ids=tuple(unit_ids),
                unit_names=tuple(names[u] for u in unit_ids),
                quotes=tuple(quotes),
                sentence_count=len(idx),
                finding_ids=tuple(sorted({items[k].quote.finding_id or "" for k in idx} - {""})),
            )
        )
    themes.sort(key=lambda t: (-t.unit_count, t.label, -t.sentence_count, t.unit_ids))
    return tuple(themes)
