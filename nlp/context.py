"""The context a sentence is classified in: its section, run-in label, list marker, neighbours.

Built the same way from a corpus report (training) and from an ExtractedDocument (runtime), so
the model never sees a feature at training time that the pipeline cannot give it later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import fold, heading_category, section_of
from tonghop.models import Category, CauseType


@dataclass(frozen=True)
class SentenceContext:
    text: str
    tokens: str = ""
    heading_path: tuple[str, ...] = ()
    block_kind: str = "paragraph"  # heading | paragraph | list_item | table
    marker: str = ""  # "-", "+", "a)", "Một là," ... ("" when none)
    index_in_block: int = 0
    doc_position: float = 0.0  # 0 at the first body block, 1 at the last
    prev_text: str = ""
    label_hint: str = ""  # run-in / summary-box label in effect ("Hạn chế, khó khăn:")
    doc_type: str = ""  # "BÁO CÁO", "HƯỚNG DẪN", ... from the header (DocMeta.doc_type)
    prev_label: str = ""  # first-pass category of the previous sentence (set by the two-pass model)

    def section(self) -> tuple[Category | None, CauseType | None]:
        """Section category from the heading path, refined by a run-in / summary-box label."""
        cat, ctype = section_of(self.heading_path)
        if self.label_hint:
            c2, t2 = heading_category(self.label_hint)
            if c2 is not None:
                cat, ctype = c2, t2
        return cat, ctype


_MARKER = re.compile(
    r"^\s*((?:[-+•*–])|(?:[a-zđ]\s*[)/])|(?:\d+(?:\.\d+)*\s*[.)/])|(?:(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là,)"
    r"|(?:thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười),))\s*",
    re.IGNORECASE,
)
# A run-in label: a short lead ending in ":" ("Về công tác tuyên truyền:", "Hạn chế, khó khăn:")
_RUNIN = re.compile(r"^\s*([^:.;!?]{2,90}?):\s*")


def split_marker(text: str) -> tuple[str, str]:
    """("- Đã tổ chức ...") -> ("-", "Đã tổ chức ..."); no marker -> ("", text)."""
    m = _MARKER.match(text)
    if not m:
        return "", text
    return m.group(1).strip(), text[m.end():]


def runin_label(text: str) -> str:
    """The run-in label at the start of a sentence when it announces a section, else ""."""
    m = _RUNIN.match(text)
    if not m:
        return ""
    label = m.group(1)
    if len(label.split()) > 12:
        return ""
    cat, _ = heading_category(label)
    return label if cat is not None else ""


def is_label_only(text: str) -> bool:
    """A summary-box label standing alone ("- Hạn chế, khó khăn:", "Nguyên nhân chủ quan:")."""
    _, body = split_marker(text)
    body = body.strip()
    if not body.endswith(":") or len(body.split()) > 12:
        return False
    return heading_category(body[:-1])[0] is not None


_CAPS_RATIO = 0.8


def looks_like_heading(text: str) -> bool:
    """Short, mostly upper-case or numbered-with-no-verb lines the extractor left as paragraphs."""
    t = text.strip()
    if not t or len(t.split()) > 18:
        return False
    letters = [c for c in t if c.isalpha()]
    return bool(letters and sum(c.isupper() for c in letters) / len(letters) >= _CAPS_RATIO)


def is_heading_line(text: str) -> bool:
    """A heading the extractor left in the body: upper case, or numbered + short + section words."""
    t = text.strip()
    if looks_like_heading(t):
        return True
    if len(t.split()) > 10 or t.endswith((".", ";", ",", "!", "?")):
        return False
    from nlp.cues import strip_numbering

    return strip_numbering(t) != t and heading_category(t)[0] is not None


_BOILERPLATE = re.compile(
    r"^(?:nơi nhận|- lưu|lưu:|lưu vt|lưu văn phòng|t/m|tm\.|kt\.|k/t|q\.\s*(?:giám đốc|chủ tịch|trưởng|chánh)|tl\.|t/l|"
    r"đảng cộng sản việt nam|cộng hòa xã hội chủ nghĩa|cộng hoà xã hội chủ nghĩa|độc lập - tự do|độc lập – tự do|"
    r"số\s*:?\s*\d+[^\s]*$|\*$|trên đây là báo cáo|"
    r"báo cáo$|bí thư$|phó bí thư$|giám đốc$|phó giám đốc$|chủ tịch$|phó chủ tịch$|trưởng ban$|phó trưởng ban$|"
    r"chánh văn phòng$|thường trực$|- như trên)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^[^,]{2,40}, ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$", re.IGNORECASE)


_NAME = re.compile(r"^(?:[A-ZÀ-Ỹ][a-zà-ỹ]+\s){1,4}[A-ZÀ-Ỹ][a-zà-ỹ]+$")


def is_boilerplate(text: str) -> bool:
    """Header/closing lines: "Nơi nhận:", signature titles and names, place-and-date, motto.

    Recipient lines after "Nơi nhận:" are handled by position (everything after it is closing).
    """
    t = text.strip()
    if t.endswith("./.") or t.endswith("/."):  # the closing mark of Vietnamese administrative texts
        return True
    return bool(_BOILERPLATE.match(t) or _PLACE_DATE.match(t) or _NAME.match(t) or _CLOSING.search(fold(t)))


# Closing lines that lost their "./." (split off, or never typed): "Trên đây là báo cáo ...",
# "... kính báo cáo Huyện ủy", "... báo cáo để Ban Thường vụ tổng hợp." ("kính đề nghị" is a request).
_CLOSING = re.compile(
    r"^trên đây là (?:báo cáo|kết quả|tình hình|nội dung|toàn bộ|những kết quả)\b|"
    r"\b(?:kính|trân trọng) báo cáo\b|\bkính (?:trình|gửi)\b.{0,80}$|"
    r"^(?!.*\b(?:đã|định kỳ|hằng|thường xuyên)\b).{0,80}\bbáo cáo\b.{0,80}\bđể\b.{0,40}\b(?:tổng hợp|theo dõi)\W*$"
)


_NO_FINDINGS = re.compile(r"^(?:hướng dẫn|đề cương|công văn|giấy mời|thông báo|tờ trình)\b")


def is_guidance(doc_type: str) -> bool:
    """Guidance/outline documents say what a report should contain: they hold no findings."""
    return bool(_NO_FINDINGS.match(fold(doc_type or "").strip()))


@dataclass(frozen=True)
class BlockSents:
    """One body block already split into sentences (first sentence still carries marker/run-in)."""

    kind: str  # paragraph | list_item
    heading_path: tuple[str, ...]
    sentences: tuple[str, ...]
    marker: str = ""
    runin: str = ""  # run-in heading in effect, when the extractor made it a heading block


def build_contexts(blocks: list[BlockSents], doc_type: str = "") -> list[list[SentenceContext]]:
    """Contexts for every sentence of every block, in order (same code for training and runtime).

    A summary-box label ("- Hạn chế, khó khăn:") or a section run-in ("Về hạn chế: ...") sets a
    label hint that holds for the following blocks until the next heading or the next label.
    """
    out: list[list[SentenceContext]] = []
    hint = ""
    path: tuple[str, ...] | None = None
    prev = ""
    n = max(len(blocks) - 1, 1)
    last_runin = ""
    for bi, block in enumerate(blocks):
        if block.heading_path != path:
            path, hint, prev, last_runin = block.heading_path, "", "", ""
        if block.runin != last_runin:
            hint = last_runin = block.runin
        ctxs: list[SentenceContext] = []
        marker = block.marker
        for si, sent in enumerate(block.sentences):
            text = sent
            if si == 0:
                m, rest = split_marker(sent)
                if m and not marker:
                    marker = m
                if m:
                    text = rest.strip() or sent
                if is_label_only(sent):
                    hint = text.rstrip(":").strip()
                else:
                    label = runin_label(text)
                    if label:
                        hint = label
            ctxs.append(
                SentenceContext(
                    text=text,
                    heading_path=block.heading_path,
                    block_kind=block.kind,
                    marker=marker,
                    index_in_block=si,
                    doc_position=bi / n,
                    prev_text=prev,
                    label_hint=hint,
                    doc_type=doc_type or "",
                )
            )
            prev = text
        out.append(ctxs)
    return out
