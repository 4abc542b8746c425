"""Keyword-rule baseline: the floor the trained model must beat, and its fallback.

Follows the taxonomy's "how to decide" order: what the sentence says first (cause words,
requests, lessons, shortfalls), then the section it stands in, then weak cues.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.context import SentenceContext, is_boilerplate, looks_like_heading, runin_label
from nlp.cues import fold, heading_category, load_cues
from tonghop.models import Category, CauseType

_META = ("kết quả", "hạn chế", "nguyên nhân", "bài học", "ưu điểm", "khuyết điểm", "giải pháp", "kiến nghị")
_PROCEDURE = re.compile(r"^(?:thực hiện|căn cứ|theo)\b.*(?:báo cáo|như sau)|như sau:?$|^căn cứ\b")
_CAUSE_START = re.compile(
    r"^(?:nguyên nhân|các nguyên nhân|những nguyên nhân|do|bởi|vì|xuất phát từ|một phần do|chủ yếu do|"
    r"có được (?:những )?kết quả|đạt được (?:những )?kết quả trên là|sở dĩ|tình trạng (?:này|trên) (?:là )?do|"
    r"những hạn chế (?:trên|này)|hạn chế (?:trên|này))"
)
_CAUSE_ANY = re.compile(r"\b(?:nguyên nhân|là do|chủ yếu do|phần lớn do|xuất phát từ|bắt nguồn từ)\b")
_REC_START = re.compile(
    r"^(?:đề nghị|kiến nghị|đề xuất|trong thời gian tới|thời gian tới|giai đoạn tới|tiếp tục|"
    r"trong những năm tới|năm \d{4}|phấn đấu|tăng cường|đẩy mạnh|nâng cao|chỉ đạo|nghiên cứu|"
    r"tập trung|ưu tiên|sớm|định kỳ|hằng năm|rà soát|xây dựng|bổ sung|quan tâm|phát huy (?:những )?kết quả)"
)
_REC_ANY = re.compile(
    r"\b(?:đề nghị|kiến nghị|trong thời gian tới|thời gian tới|giai đoạn tới|hơn nữa|sẽ|cần (?:tiếp tục|tăng cường|"
    r"quan tâm|có|được)|cần)\b"
)
_LESSON_ANY = re.compile(r"\b(?:bài học|kinh nghiệm|phải|luôn|là yếu tố|là điều kiện|là nhân tố|then chốt|"
                         r"quyết định|tiên quyết|là chìa khóa|có vai trò)\b")
_LIMIT_ANY = re.compile(
    r"\b(?:chưa|còn hạn chế|hạn chế|còn thiếu|thiếu|xuống cấp|hư hỏng|lúng túng|cầm chừng|kém|tạm ngưng|đơn điệu|"
    r"sơ sài|chậm|bất cập|yếu|không đồng bộ|rào cản|vướng mắc|tồn tại|thấp|hạn hẹp|nhỏ lẻ|manh mún|quá tải|"
    r"không (?:thường xuyên|kịp thời|đáp ứng|hiệu quả|còn|được)|vẫn còn|còn nhiều|còn ít|ít)\b"
)
_ACH_ANY = re.compile(
    r"\b(?:đã|đạt|được|hoàn thành|góp phần|tích cực|kịp thời|hiệu quả|nâng lên|ngày càng|phong phú|đa dạng|"
    r"thường xuyên|nghiêm túc|chặt chẽ|100%|tổ chức|triển khai|ban hành|xây dựng|duy trì|lắp đặt)\b"
)
_OPEN_LIMIT = re.compile(r"^(?:tuy nhiên|tuy vậy|song|nhưng|mặt khác|bên cạnh (?:những|các)? ?kết quả|mặc dù|dù|"
                         r"bên cạnh những mặt|hạn chế|tồn tại)")
_FACT = re.compile(r"\b(?:dân số|diện tích|nhân khẩu|hộ dân|km2|km²|gồm \d+|có \d+ (?:xã|phường|thôn|đơn vị))\b")
_SETTING = re.compile(r"\b(?:bối cảnh|trong điều kiện|diễn biến phức tạp|thách thức|dự báo|đặt ra|ngày càng cao|"
                      r"là năm|ảnh hưởng của|những năm tới)\b")


def rule_category(ctx: SentenceContext) -> Category:
    """Baseline category of one sentence in its context."""
    return rule_scores(ctx)[0]


def rule_scores(ctx: SentenceContext) -> tuple[Category, float]:
    """(category, crude confidence) by ordered keyword rules."""
    return _rule_scores(ctx.text, ctx.section()[0])


@lru_cache(maxsize=8192)
def _rule_scores(text: str, sec: Category | None) -> tuple[Category, float]:
    raw = text.strip()
    if not raw or is_boilerplate(raw) or looks_like_heading(raw):
        return Category.OTHER, 0.9
    label = runin_label(raw)
    body = raw[len(label) + 1:].strip() if label else raw
    t = fold(body)
    if label:
        sec = heading_category(label)[0] or sec
        if sec is Category.CAUSE:
            return Category.CAUSE, 0.85
    if _PROCEDURE.search(t) or _FACT.search(t):
        return Category.OTHER, 0.7
    if sum(w in t for w in _META) >= 3:
        return Category.OTHER, 0.6
    if (_CAUSE_START.match(t) or _CAUSE_ANY.search(t)) and not _REC_START.match(t):
        return Category.CAUSE, 0.8
    if re.match(r"^(?:đề nghị|kiến nghị|đề xuất)", t):
        return Category.RECOMMENDATION, 0.85
    if sec is Category.LESSON and (_LESSON_ANY.search(t) or _REC_ANY.search(t)):
        return Category.LESSON, 0.8
    if re.search(r"\bbài học\b", t):
        return Category.LESSON, 0.7
    if _REC_START.match(t) or re.search(r"\b(?:trong thời gian tới|thời gian tới|giai đoạn tới|hơn nữa)\b", t):
        return Category.RECOMMENDATION, 0.7
    if sec is Category.RECOMMENDATION:
        return Category.RECOMMENDATION, 0.6
    if sec is Category.CAUSE:
        return Category.CAUSE, 0.6
    if _OPEN_LIMIT.match(t) and _LIMIT_ANY.search(t):
        return Category.LIMITATION, 0.75
    if _LIMIT_ANY.search(t) and (sec in (Category.LIMITATION, None) or not _ACH_ANY.search(t)):
        return Category.LIMITATION, 0.6
    if sec is Category.LIMITATION:
        return Category.LIMITATION, 0.5
    if re.match(r"^(?:phải|cần|luôn)\b", t):
        return (Category.LESSON if sec is Category.LESSON else Category.RECOMMENDATION), 0.5
    if _SETTING.search(t) and not _ACH_ANY.search(t):
        return Category.OTHER, 0.5
    if _ACH_ANY.search(t) or sec is Category.ACHIEVEMENT:
        return Category.ACHIEVEMENT, 0.55
    return Category.OTHER, 0.4


def rule_cause_type(ctx: SentenceContext) -> CauseType | None:
    """objective / subjective from the heading or the sentence itself; None when unclear."""
    t = fold(ctx.text)
    if "khách quan" in t and "chủ quan" not in t:
        return CauseType.OBJECTIVE
    if "chủ quan" in t and "khách quan" not in t:
        return CauseType.SUBJECTIVE
    _, ctype = ctx.section()
    if ctype is not None:
        return ctype
    cues = load_cues()
    obj = len(cues.objective.findall(t))
    sub = len(cues.subjective.findall(t))
    if obj > sub:
        return CauseType.OBJECTIVE
    if sub > obj:
        return CauseType.SUBJECTIVE
    return None
