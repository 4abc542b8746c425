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
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from reports.model import Quote, Theme

# Measured on section III of the demo warehouse (examples/inbox: 107 limitation sentences of 10
# units; an editor's grouping in tests/reports/data/section-iii-gold.tsv), adjusted Rand index:
#   words only (before):   0.42 at 0.75, 0.45 at 0.80, 0.48 at 0.85, 0.49 at 0.88, 0.49 at 0.90
#   + topic cues, synonyms: 0.58 at 0.75, 0.66 at 0.80, 0.67 at 0.85, 0.59 at 0.88, 0.59 at 0.90
# (IDF fitted on the section). In the real build (IDF over the whole synthesis) 0.62 / 0.61 / 0.63
# at 0.80 / 0.85 / 0.88. No threshold alone fixes paraphrases that share no word ("kiêm nhiệm" vs
# "bán chuyên trách"); above ~0.88 "cụm loa hư hỏng" and "xã chưa có đài" merge. Still ARI 0.91 on
# the hand-written sentences of test_reports_themes.py and >= 0.85 on generated sentences that
# share evaluative predicates.
DEFAULT_THRESHOLD = 0.85
TOPIC_WEIGHT = 4  # each campaign topic a sentence speaks of counts as four words
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

# Words of the administrative register that units use for the same thing (after underthesea
# segmentation): "eo hẹp" funds are "hạn hẹp", "bán chuyên trách" staff are "kiêm nhiệm",
# "thù lao", "đãi ngộ" and "thu nhập" of such staff are their "phụ cấp".
SYNONYMS = {
    "eo_hẹp": "hạn_hẹp",
    "hỏng": "hư_hỏng",
    "hỏng_hóc": "hư_hỏng",
    "bán_chuyên_trách": "kiêm_nhiệm",
    "thù_lao": "phụ_cấp",
    "thu_nhập": "phụ_cấp",
    "đãi_ngộ": "phụ_cấp",
    "chuyên_dùng": "chuyên_dụng",
    "cập_nhật": "thay_đổi",
    "mượn": "thuê",
}

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


def analyse(tokens: str, topic_cues: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Features of one segmented sentence: words, adjacent-word bigrams, the first content
    words repeated (the subject weighs three times), and the syllables of compounds ("~phí") so
    "đài_truyền_thanh" and "truyền_thanh" still meet. Stop words and numbers are dropped;
    synonyms of the register are merged. With `topic_cues` (the campaign's topics), each
    topic whose cue phrase occurs adds "#topic" TOPIC_WEIGHT times: "cán bộ … kiêm nhiệm" and
    "người phụ trách … bán chuyên trách" meet through the staff topic though few words match.
    """
    words = [
        SYNONYMS.get(w, w)
        for w in (t.lower().strip(".,;:!?()[]\"'“”‘’…") for t in tokens.split())
        if w and _TOKEN_OK.search(w) and not _NUMBERISH.match(w) and w not in STOP_WORDS
    ]
    bigrams = [f"{a} {b}" for a, b in pairwise(words)]
    syllables = [f"~{s}" for w in words if "_" in w for s in w.split("_") if s not in STOP_WORDS]
    features = words + bigrams + words[:HEAD_WORDS] * HEAD_WEIGHT + syllables
    if topic_cues:
        text = " " + _NON_WORD.sub(" ", tokens.replace("_", " ").casefold()) + " "
        for topic, pattern in _cue_patterns(tuple(sorted(topic_cues.items()))):
            if pattern is not None and pattern.search(text):
                features += [f"#{topic}"] * TOPIC_WEIGHT
    return features


@cache
def _cue_patterns(cues: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern | None], ...]:
    """One regex per topic (" cue " anywhere), compiled once: a loop of `in` tests per cue
    per sentence was a third of the synthesis time on 1,000 reports."""
    return tuple(
        (topic, re.compile(" (?:" + "|".join(re.escape(c) for c in phrases) + ") ") if phrases else None)
        for topic, phrases in cues
    )


class _CachedAnalyzer:
    """`analyse` remembered per segmented sentence: the vectorizer is fitted on every sentence
    of the synthesis and then transforms the same sentences section by section."""

    def __init__(self, cues: dict[str, tuple[str, ...]] | None) -> None:
        self.cues = cues
        self.memo: dict[str, list[str]] = {}

    def __call__(self, tokens: str) -> list[str]:
        found = self.memo.get(tokens)
        if found is None:
            found = self.memo[tokens] = analyse(tokens, self.cues)
        return found


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def topic_cues(topics) -> dict[str, tuple[str, ...]]:
    """{topic id: folded cue phrases} of the campaign's topics (tonghop.campaign.Topic)."""
    return {t.id: tuple(" ".join(_NON_WORD.sub(" ", c.casefold()).split()) for c in t.cues) for t in topics}


def make_vectorizer(corpus: Sequence[str], cues: dict[str, tuple[str, ...]] | None = None) -> TfidfVectorizer:
    """TF-IDF fitted on every candidate sentence of the synthesis (IDF needs the wide view)."""
    vec = TfidfVectorizer(analyzer=_CachedAnalyzer(cues), sublinear_tf=False, norm="l2", dtype=np.float64)
    vec.fit(list(corpus) or [""])
    return vec


# Agglomerative clustering needs the full n × n distance matrix: beyond this many sentences in
# one section (1,000 reports give ~5,000) it is clustered in buckets of at most this size, then
# the buckets' clusters are merged (see _bounded_clusters).
MAX_CLUSTER_INPUT = 1500


def _agglomerate(dist: np.ndarray, threshold: float) -> list[int]:
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(x) for x in model.fit_predict(dist)]


def _clusters(matrix, threshold: float) -> list[int]:
    """Cluster labels of the rows of a (sparse, L2-normalised) TF-IDF matrix."""
    n = matrix.shape[0]
    if n == 1:
        return [0]
    if n > MAX_CLUSTER_INPUT:
        return _bounded_clusters(sparse.csr_matrix(matrix), threshold)
    dist = cosine_distances(matrix).astype(np.float32)  # n × n: 9 MB at the bound
    empty = np.asarray(matrix.getnnz(axis=1) == 0) if hasattr(matrix, "getnnz") else ~matrix.any(axis=1)
    dist[empty, :] = 1.0  # an all-stop-word sentence resembles nothing
    dist[:, empty] = 1.0
    np.fill_diagonal(dist, 0.0)
    return _agglomerate(dist, threshold)


def _bounded_clusters(matrix: sparse.csr_matrix, threshold: float) -> list[int]:
    """Clusters of a large section with bounded memory and time, deterministically.

    Rows are bucketed by their heaviest feature (the word or topic that dominates the
    sentence: ties go to the first feature, vocabulary order is sorted), buckets are cut into
    runs of MAX_CLUSTER_INPUT rows, each run is clustered exactly, and the runs' clusters are
    then merged by clustering their mean vectors: 1 - mean_a·mean_b is exactly the average
    cosine distance between two clusters of unit vectors. That second level counts each
    cluster as one point (not weighted by size), the one approximation; repeated while it
    still shrinks the input.
    """
    n = matrix.shape[0]
    heaviest = np.asarray(matrix.argmax(axis=1)).ravel()
    heaviest[matrix.getnnz(axis=1) == 0] = -1  # all-stop-word rows: zero vectors, distance 1 to all
    order = sorted(range(n), key=lambda k: (int(heaviest[k]), k))
    labels = [0] * n
    offset = 0
    for start in range(0, n, MAX_CLUSTER_INPUT):
        run = order[start : start + MAX_CLUSTER_INPUT]
        local = [0] if len(run) == 1 else _agglomerate(_distances(matrix[run]), threshold)
        for k, lab in zip(run, local, strict=True):
            labels[k] = offset + lab
        offset += max(local) + 1
    # renumber in row order, so labels do not depend on the bucket order
    first: dict[int, int] = {}
    dense = [first.setdefault(lab, len(first)) for lab in labels]
    groups = len(first)
    if groups <= 1 or groups >= n:
        return dense
    member = sparse.csr_matrix((np.ones(n), (dense, np.arange(n))), shape=(groups, n))
    sizes = np.asarray(member.sum(axis=1)).ravel()
    means = sparse.csr_matrix(sparse.diags(1.0 / sizes) @ member @ matrix)
    if groups > MAX_CLUSTER_INPUT:
        merged = _bounded_clusters(means, threshold)
    else:
        merged = _agglomerate(_distances(means), threshold)
    return [merged[g] for g in dense]


def _distances(rows: sparse.csr_matrix) -> np.ndarray:
    """1 - dot products (cosine distances for unit rows), computed sparsely, diagonal 0."""
    dist = 1.0 - (rows @ rows.T).toarray().astype(np.float32)
    np.clip(dist, 0.0, 2.0, out=dist)
    np.fill_diagonal(dist, 0.0)
    return dist


_OPENERS = re.compile(
    r"^(?:[-+•*–]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)/]\s*|"
    r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là\s*,\s*|thứ\s+\w+\s*,\s*|"
    r"(?:tuy nhiên|tuy vậy|mặt khác|ngoài ra|bên cạnh đó|nhìn chung|về cơ bản|đồng thời|qua đó|trong đó|"
    r"qua thực tiễn cho thấy|"
    r"trong thời gian tới|thời gian tới|bên cạnh (?:những|các) (?:kết quả|ưu điểm)[^,]*|"
    r"mặc dù[^,]*|trong (?:những|các) năm qua|qua \d+ năm[^,]*)\s*,\s*|"
    r"(?:nguyên nhân(?: khách quan| chủ quan)?|về [^:]{0,40}|hạn chế|kiến nghị|đề xuất|"
    r"bài học(?: kinh nghiệm)?)\s*:\s*|"
    r"(?:một|các)?\s*nguyên nhân(?: khách quan| chủ quan)?(?: chủ yếu| chính)?\s+(?:là\s+do|là|do)\s+)",
    re.IGNORECASE,
)


# words that open a fronted adverbial clause ("Tại …,", "Để …,", "Trong …,")
_FRONTED = frozenset(
    ["tại", "ở", "trong", "qua", "đối", "với", "khi", "sau", "trước", "từ", "riêng", "nhờ", "do", "để", "trên", "dưới"]
)


def short_label(text: str, max_words: int = 24) -> str:
    """A theme title from a sentence: openers dropped, a long sentence cut at a clause end
    (never in the middle of a clause, never with "…").

    >>> short_label("Tuy nhiên, kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp, chưa đáp ứng yêu cầu.")
    'Kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp, chưa đáp ứng yêu cầu'
    """
    t = " ".join(text.split())
    for _ in range(3):
        stripped = _OPENERS.sub("", t, count=1)
        if stripped == t or not stripped:
            break
        t = stripped
    t = t.strip(" .;:,")
    words = t.split()
    if len(words) > max_words:
        ends = [i for i, w in enumerate(words) if i >= 5 and w.endswith((",", ";", ":"))]
        if ends and words[0].lower() in _FRONTED:
            ends = ends[1:]  # "Tại các bản vùng cao," alone is no title: keep the main clause
        before = [i for i in ends if i < max_words]
        after = [i for i in ends if max_words <= i < max_words + 10]
        cut = before[-1] if before else after[0] if after else len(words) - 1
        t = " ".join(words[: cut + 1]).rstrip(",;:")
    return t[:1].upper() + t[1:] if t else t


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?")
_TIME = re.compile(
    r"\s*,?\s*(?:từ|trước|sau|đến|trong|vào)?\s*(?:năm|tháng|quý)\s+[\dIV]+(?:\s*[/\-–]\s*\d+)*", re.IGNORECASE
)
_DATE = re.compile(r"(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"\s*\bsố\s+\d+[\w/\-]*", re.IGNORECASE)  # "Kế hoạch số 36-KH/HU"
_RANGE = re.compile(r"(?<![\w/\-])\d+\s*[-–]\s*\d+(?![\w/\-%])\s*")
_COUNT = re.compile(r"(?<![\w/\-])\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?(?![\w/\-])\s*%?")


def generalise(text: str, unit: str = "") -> str:
    """A unit's sentence made to speak for several units: its name, dates and counts dropped
    ("Vẫn còn 2 xã vùng đồi chưa có …" → "Vẫn còn một số xã vùng đồi chưa có …").
    """
    t = text.replace(unit, "") if unit else text
    t = _DOC_NUMBER.sub("", _DATE.sub("", t))
    t = _TIME.sub("", t)
    t = _RANGE.sub("một số ", t)  # "3 - 4 huyện"
    t = _COUNT.sub(lambda m: "" if m.group(0).rstrip().endswith("%") else "một số ", t)
    t = re.sub(r"\b(một số\s+)+", "một số ", t)
    t = re.sub(r"\s+([,.;:])", r"\1", t)
    return " ".join(t.split())


def theme_label(central: ThemeItem, texts: Sequence[str], shared: bool, ranked: Sequence[ThemeItem] = ()) -> str:
    """The title of a theme, read as a line of the provincial report.

    For one unit: its most central sentence, shortened. For several units: among the more
    central half of the sentences, the first that names no unit and gives no figure (it then
    speaks for all of them as written); failing that, the most central one with its unit's name,
    dates and counts dropped.
    """
    if not shared:
        return short_label(central.text)
    pool = list(ranked) or [central]
    top = pool[: max(3, (len(pool) + 1) // 2)]
    clean = next((i for i in top if not _NUMBER.search(i.text) and (not i.unit or i.unit not in i.text)), None)
    if clean is not None:
        return short_label(clean.text)
    return short_label(generalise(central.text, central.unit))


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

    members: dict[int, list[int]] = defaultdict(list)
    for k, lab in enumerate(labels):
        members[lab].append(k)
    themes = []
    for cluster in sorted(members):
        idx = members[cluster]
        if len(idx) == 1:
            ordered = idx
        else:
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
                label=theme_label(
                    items[ordered[0]],
                    [items[k].text for k in idx],
                    len(unit_ids) > 1,
                    [items[k] for k in ordered],
                ),
                unit_count=len(unit_ids),
                units_reporting=units_reporting,
                unit_ids=tuple(unit_ids),
                unit_names=tuple(names[u] for u in unit_ids),
                quotes=tuple(quotes),
                sentence_count=len(idx),
                finding_ids=tuple(sorted({items[k].quote.finding_id or "" for k in idx} - {""})),
            )
        )
    # themes of several units, most units first; then what single units said, in roster order
    themes.sort(
        key=lambda t: (
            -t.unit_count,
            (rank(t.unit_ids[0]), t.unit_ids[0]) if t.unit_count == 1 else (),
            t.label,
            -t.sentence_count,
            t.unit_ids,
        )
    )
    return tuple(themes)
