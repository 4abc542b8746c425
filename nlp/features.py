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
        prev_rule = rule_category(prev).value
        toks += [f"PREVRULE={prev_rule}", f"POPEN={_opener(ctx.prev_text, 1)}"]
        if _CONTINUES.match(fold(body)):  # "Ngoài ra, ..." adds to whatever the previous sentence was (L3)
            toks.append(f"CONT_PREV={prev_rule}")
        if ctx.prev_label:
            toks += [f"PREVPRED={ctx.prev_label}", f"SECPREV={sec.value if sec else 'none'}_{ctx.prev_label}"]
    else:
        toks.append("PREV=none")
    if looks_like_heading(text):
        toks.append("HEADLIKE")
    toks += form_tokens(body)
    if ctx.heading_path and ctx.heading_path[-1].rstrip().endswith(":"):
        toks.append("HRUNIN")  # innermost heading is a run-in / summary-box label
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


# Shape of the sentence, campaign-agnostic: is it written as a task (verb first, nothing done yet),
# as a fact of the past (đã, a past year or month), or as the setting of the period (what the
# situation is or demands)? The error analysis on reports by other writers found these three
# confusions (task -> other, setting -> achievement) when no "đề nghị"/"tiếp tục" is present.
_TASK_VERB = re.compile(
    r"^(?:hoàn thành|hoàn thiện|triển khai|duy trì|chuyển|giao|đưa|mở|ban hành|kiểm tra|gắn|phân công|xây dựng|"
    r"tổ chức|nâng cấp|bổ sung|rà soát|củng cố|kiện toàn|đầu tư|lắp đặt|thay thế|phối hợp|chỉ đạo|thực hiện|"
    r"lồng ghép|đa dạng hóa|đổi mới|chú trọng|quan tâm|bố trí|huy động|khuyến khích|vận động|hướng dẫn|"
    r"số hóa|cập nhật|ứng dụng|nhân rộng|biểu dương|khen thưởng|theo dõi|giám sát|phát huy|mỗi|100%|phấn đấu)\b"
)
_PAST = re.compile(r"\b(?:đã|từng|vừa qua|qua \d+ năm|trong \d+ năm|đến nay|tính đến)\b")
_SETTING = re.compile(
    r"\b(?:bối cảnh|tình hình|diễn biến|dự báo|đặt ra|ngày càng cao|ngày càng lớn|thách thức|là năm|"
    r"ảnh hưởng (?:của|nặng|lớn)|thiên tai|bão|lũ|dịch bệnh|giá [\wà-ỹ ]{1,20}(?:tăng|giảm|xuống)|"
    r"yêu cầu (?:mới|ngày càng|đặt ra|của)|những năm tới|giai đoạn mới|tổ chức lại|sắp xếp lại|sau sắp xếp)\b"
)
_FUTURE = re.compile(r"\b(?:sẽ|thời gian tới|năm tới|những năm tới|giai đoạn tới|sắp tới|tiếp tục|phấn đấu|"
                     r"trước (?:tháng|quý|năm) \S+|đến hết năm)\b")
_DATE_LEAD = re.compile(r"^(?:từ |trong |đầu |cuối |giữa )?(?:năm|tháng|quý|ngày) [\divx/]+")


_CONTINUES = re.compile(r"^(?:ngoài ra|bên cạnh đó|thêm vào đó|cùng với đó|mặt khác|đồng thời|một phần|hơn nữa|"
                        r"không những thế|kèm theo đó|cộng thêm)\b")
# Meta sentences about the report itself: "Báo cáo đánh giá ...", "Ban Thường trực báo cáo những việc ..."
_META = re.compile(r"^(?:báo cáo (?:này|đánh giá|tập trung|nêu)|"
                   r"[^,.]{0,60}\bbáo cáo (?:những|các|một số|kết quả|tình hình|việc|như sau|cụ thể))")
_META_WORDS = ("kết quả", "hạn chế", "nguyên nhân", "bài học", "kinh nghiệm", "nhiệm vụ", "giải pháp", "kiến nghị",
               "tồn tại", "ưu điểm", "khuyết điểm", "những việc đã làm", "chưa làm được")


def form_tokens(body: str) -> list[str]:
    """TASKFORM / PAST / SETTING / FUTURE tokens from the sentence's own wording."""
    t = fold(body).strip()
    t = re.sub(r"^(?:[-+•*]\s*|\d+[.)/]\s*|[a-zđ][)/]\s*)", "", t)
    toks = []
    past = bool(_PAST.search(t))
    if _TASK_VERB.match(t) and not past:
        toks.append("TASKFORM")
    if past:
        toks.append("PAST")
    if _SETTING.search(t):
        toks.append("SETTING" + ("_PAST" if past else ""))
    if _FUTURE.search(t):
        toks.append("FUTURE")
    if _DATE_LEAD.match(t):
        toks.append("DATELEAD")
    if _META.match(t):
        toks.append("META")
    if sum(w in t for w in _META_WORDS) >= 3:
        toks.append("META_WORDS")
    return toks


def words_view(ctx: SentenceContext) -> str:
    """Segmented, folded words of the sentence (underthesea tokens)."""
    return fold(ctx.tokens or _segment(ctx.text))


@lru_cache(maxsize=20000)
def _segment(text: str) -> str:
    return segment(text)


def chars_view(ctx: SentenceContext) -> str:
    return fold(ctx.text)
