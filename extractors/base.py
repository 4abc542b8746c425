"""The `Extractor` protocol and the format-independent assembly of blocks.

Each format module (docx, pdf, ocr text) only turns its file into a flat list of
`RawItem`s (a paragraph or line group with the hints the format knows: bold, size, Word
outline level, page) plus the header cells. `assemble` then does what every format shares:
separating the title zone from the body, typed-heading recognition and heading paths,
run-in labels, the closing block ("Nơi nhận", signature) and normalisation.

Choices other stages rely on:
- The header block, the type name ("BÁO CÁO") and its subject are not body blocks: they
  feed `DocMeta` only.
- The closing block: recipients and signature become one PARAGRAPH block each whose
  heading_path is ("Nơi nhận",) / ("Chữ ký",) (constants below), so nlp can label them
  `other` by path; they are kept, not dropped, so nothing the unit wrote is lost.
- A run-in label with text after it ("Về hạn chế: Một số …") becomes a HEADING block with
  `level=None` followed by the PARAGRAPH of the rest, whose heading_path ends with the
  label (so the classifier sees "Nguyên nhân khách quan:" as context); the label does not
  head later blocks. A label standing alone on its line ("- Kết quả đạt được:") is a real
  heading (lowest rank, kept as typed) and heads the items under it until the next heading
  or a run-in label with the same marker.
- `paragraph` numbers blocks 1..n in body order; list markers are stripped from
  LIST_ITEM text ("- ", "+ ", "1. ") but kept in `raw_text`; "Một là, …" keeps its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from extractors import metadata as md
from extractors.headings import (
    OUTLINE_RANKS,
    RANK_RUNIN,
    HeadingStack,
    LineKind,
    classify_line,
)
from nlp.normalize import fold, normalize_text
from tonghop.models import Block, BlockKind, DocMeta, ExtractedDocument, Format

RECIPIENTS_PATH = ("Nơi nhận",)
SIGNATURE_PATH = ("Chữ ký",)


class Extractor(Protocol):
    """One input format → `ExtractedDocument`; raises BadInputError / TransientError."""

    formats: tuple[Format, ...]

    def extract(self, path: Path, workdir: Path) -> ExtractedDocument: ...


@dataclass(frozen=True)
class RawItem:
    """One paragraph (DOCX) or line group (PDF/OCR) before structure is recognised.

    `region` is "" (decide from the text) or "recipients" / "signature" / "header" when
    the layout already told (a closing table's cells, a cropped PDF column).
    """

    text: str
    raw: str = ""
    page: int | None = None
    bold: bool | None = None
    bold_prefix: int | None = None
    size: float | None = None
    centered: bool | None = None
    outline_level: int | None = None
    auto_numbered: bool = False
    rows: tuple[tuple[str, ...], ...] | None = None
    ocr: bool = False
    region: str = ""


def table_text(rows: Sequence[Sequence[str]]) -> str:
    return "\n".join(" | ".join(c for c in r) for r in rows)


def _clean(s: str) -> str:
    return " ".join(s.replace("\xa0", " ").split())


def _is_subject_line(item: RawItem, n_before: int) -> bool:
    """A line of the subject (trích yếu) under the type name: bold/centred, not body."""
    text = _clean(item.text)
    if not text or item.rows is not None or n_before >= 5:
        return False
    if md.is_body_start(text) or md.is_rule(text) or text.startswith(("Kính gửi", "Kinh gui")):
        return False
    info = classify_line(text)
    if info.kind is LineKind.HEADING and info.style in ("roman", "arabic", "part", "chapter", "decimal2"):
        return False
    if info.kind is LineKind.LIST_ITEM and info.style in ("bullet", "ordinal"):
        return False
    if len(text) > 300:
        return False
    if item.bold is True or item.centered is True:
        return True
    if item.bold is False and item.centered is False:
        return False
    # No formatting known (OCR, plain text): short lines that do not close a sentence.
    return len(text) <= 160 and not text.endswith(".") and n_before < 3


def split_front(items: Sequence[RawItem], has_header_cells: bool) -> tuple[list[str], list[str], int]:
    """(header lines, title lines, index of the first body item).

    The header lines are items before the type name (used when the layout gave no header
    cells); the title lines are the type name and its subject.
    """
    limit = min(len(items), 16)
    type_idx = None
    for i in range(limit):
        it = items[i]
        if it.rows is not None:
            continue
        text = _clean(it.text)
        if md.doc_type_of(text) and len(text) <= 250:
            type_idx = i
            break
        info = classify_line(text, bold=it.bold)
        if info.kind is LineKind.HEADING and info.style in ("roman", "part", "chapter"):
            break
    if type_idx is None:
        # No type name: header lines may still open the document (merged, no table).
        header: list[str] = []
        i = 0
        if not has_header_cells:
            while i < limit and items[i].rows is None and md.looks_like_header(
                [*header, _clean(items[i].text)]
            ) and i < 10:
                header.append(items[i].text)
                i += 1
                # Stop after the line that carries the date or the number, whichever is last.
            while i < limit and items[i].rows is None and _header_tail(items[i].text):
                header.append(items[i].text)
                i += 1
        return header, [], i
    header = [it.text for it in items[:type_idx] if it.rows is None]
    title = [items[type_idx].text]
    j = type_idx + 1
    while j < len(items) and _is_subject_line(items[j], j - type_idx - 1):
        title.append(items[j].text)
        j += 1
    while j < len(items) and items[j].rows is None and md.is_rule(_clean(items[j].text)):
        j += 1
    return header, title, j


def _header_tail(text: str) -> bool:
    t = _clean(text)
    return bool(t) and (md.is_rule(t) or md.is_motto(t) or bool(md.find_date(t)) or bool(md.find_number(t)))


def _split_lines(item: RawItem) -> list[RawItem]:
    """A Word paragraph with manual line breaks may hold several logical lines."""
    if "\n" not in item.text or item.rows is not None:
        return [item]
    parts = [p for p in item.text.split("\n")]
    out: list[str] = []
    for p in parts:
        if not p.strip():
            continue
        info = classify_line(p)
        if out and info.kind is LineKind.PARAGRAPH and not out[-1].rstrip().endswith((".", ":", ";")):
            out[-1] = out[-1].rstrip() + " " + p.strip()
        else:
            out.append(p)
    if len(out) == 1:
        return [replace(item, text=out[0])]
    return [replace(item, text=p, raw=p, bold_prefix=None) for p in out]


def assemble(
    items: Sequence[RawItem],
    *,
    header_left: Sequence[str] = (),
    header_right: Sequence[str] = (),
    body_size: float | None = None,
    skip_front: bool = True,
) -> tuple[tuple[Block, ...], DocMeta]:
    """Blocks with heading paths and the header metadata from a format's raw items."""
    items = [x for it in items for x in _split_lines(it)]
    start = 0
    header_lines: list[str] = []
    title_lines: list[str] = []
    if skip_front:
        header_lines, title_lines, start = split_front(items, bool(header_left or header_right))
    left = list(header_left) + header_lines
    meta = md.parse_header(left, header_right, title_lines)

    blocks: list[Block] = []
    stack = HeadingStack()
    closing: dict[str, list[tuple[str, str, int | None, bool]]] = {"recipients": [], "signature": []}
    region = ""
    seen_body = False
    prev_part = False
    last_roman = 0
    label_marker: str | None = None  # marker of the standalone label heading the stack, if any

    def add(kind: BlockKind, text: str, raw: str, item: RawItem, path: tuple[str, ...], **kw) -> None:
        blocks.append(
            Block(
                kind=kind,
                text=text,
                page=item.page,
                paragraph=len(blocks) + 1,
                heading_path=path,
                raw_text=raw,
                ocr=item.ocr,
                **kw,
            )
        )

    def flush_closing() -> None:
        for name, path in (("recipients", RECIPIENTS_PATH), ("signature", SIGNATURE_PATH)):
            lines = closing[name]
            if lines:
                first = lines[0]
                blocks.append(
                    Block(
                        kind=BlockKind.PARAGRAPH,
                        text="\n".join(normalize_text(t) for t, _, _, _ in lines),
                        page=first[2],
                        paragraph=len(blocks) + 1,
                        heading_path=path,
                        raw_text="\n".join(r for _, r, _, _ in lines),
                        ocr=first[3],
                    )
                )
                lines.clear()

    for item in items[start:]:
        raw = item.raw or item.text
        if item.rows is not None:
            if _is_closing_table(item.rows):
                _closing_from_table(item.rows, closing, item)
                region = "signature"
                continue
            rows = tuple(tuple(normalize_text(_clean(c)) for c in r) for r in item.rows)
            rows = tuple(r for r in rows if any(r))
            if not rows:
                continue
            if region:
                flush_closing()
                region = ""
            add(BlockKind.TABLE, table_text(rows), table_text(item.rows), item, stack.path, rows=rows)
            seen_body = True
            continue
        text = _clean(item.text)
        if not text or (md.is_rule(text) and not region):
            continue
        if item.region in ("recipients", "signature"):
            closing[item.region].append((text, raw, item.page, item.ocr))
            region = item.region
            continue
        if seen_body and md.is_recipients_start(text):
            region = "recipients"
        elif seen_body and region != "signature" and (
            md.is_signature_start(text) or (region == "recipients" and md.is_signature_position(text))
        ):
            region = "signature"
        elif region and _reopens_body(text):
            flush_closing()
            region = ""
            stack = HeadingStack()
        if region:
            closing[region].append((text, raw, item.page, item.ocr))
            continue

        if item.ocr:
            text, last_roman = _fix_ocr_roman(text, last_roman)
        info = classify_line(
            text, bold=item.bold, bold_prefix=item.bold_prefix, font_size=item.size, body_size=body_size
        )
        if info.style == "roman" and not item.ocr:
            last_roman = _roman_value(info.marker) or last_roman
        elif info.style in ("part", "chapter"):
            last_roman = 0  # Roman numbering restarts in each part
        if item.outline_level is not None and info.style in ("", "bold", "caps", "label") and len(text) <= 200:
            rank = OUTLINE_RANKS[min(item.outline_level, len(OUTLINE_RANKS) - 1)]
            if prev_part and stack.top_rank is not None:
                rank = stack.top_rank  # the title line of "PHẦN THỨ NHẤT"
            prev_part = False
            level = stack.push(rank, text)
            label_marker = None
            add(BlockKind.HEADING, normalize_text(text), raw, item, stack.path[:-1], level=level)
            seen_body = True
            continue
        if info.kind is LineKind.HEADING and info.style == "runin":
            # Run-in label + text: the label is its own HEADING block (level None) and the
            # innermost heading of this paragraph only. It ends a standalone label of the
            # same marker ("Nguyên nhân khách quan:" alone, then "Nguyên nhân chủ quan: …").
            if label_marker is not None and label_marker == info.marker:
                stack.drop_runin()
                label_marker = None
            heading = normalize_text(info.heading)
            add(BlockKind.HEADING, heading, raw, item, stack.path)
            # "- Về …: text" is an item; "1/ Về …: text" / "a) Về …: text" a paragraph under a label
            kind = BlockKind.LIST_ITEM if info.marker in ("-", "–", "—", "+", "•", "*", "·") else BlockKind.PARAGRAPH
            add(kind, normalize_text(info.rest), raw, item, (*stack.path, heading))
            seen_body = True
            prev_part = False
            continue
        if info.kind is LineKind.HEADING and info.style == "noun" and item.auto_numbered:
            info = replace(info, kind=LineKind.LIST_ITEM)  # a Word list item, not a heading
        if info.kind is LineKind.HEADING:
            heading = normalize_text(info.heading)
            rank = info.rank if info.rank is not None else RANK_RUNIN
            if prev_part and info.style in ("caps", "bold", "label"):
                rank = stack.top_rank if stack.top_rank is not None else rank  # title of "PHẦN THỨ NHẤT"
            label_marker = info.marker if rank >= RANK_RUNIN else None
            level = stack.push(rank, heading)
            add(BlockKind.HEADING, heading, raw, item, stack.path[:-1], level=level)
            seen_body = True
            prev_part = info.style in ("part", "chapter") and _bare_part(text)
            continue
        prev_part = False
        if info.kind is LineKind.LIST_ITEM or item.auto_numbered:
            body = info.body or text
            add(BlockKind.LIST_ITEM, normalize_text(body), raw, item, stack.path)
        else:
            add(BlockKind.PARAGRAPH, normalize_text(text), raw, item, stack.path)
        seen_body = True
    flush_closing()
    return tuple(blocks), meta


_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_RE_OCR_ROMAN = re.compile(r"^([IVXLHl1|]{1,4})(?:\s*([.\-–:])\s*|\s+)(?=[A-ZĐÀ-Ỹ])")


def _roman_value(token: str) -> int:
    return _ROMANS.index(token) + 1 if token in _ROMANS else 0


def _fix_ocr_roman(text: str, last: int) -> tuple[str, int]:
    """OCR misreads Roman numerals ("L CÔNG TÁC", "IIL NGUYÊN NHÂN", "HI. BÀI HỌC"): a
    capitalised line opening with such a token takes the next number in sequence."""
    m = _RE_OCR_ROMAN.match(text)
    if not m:
        return text, last
    body = text[m.end():]
    letters = [c for c in body if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return text, last
    token = m.group(1)
    value = _roman_value(token)
    expected = last + 1
    if value == expected or (value and not last):
        return f"{token}{m.group(2) or '.'} {body}", value
    if value and abs(value - expected) > 1:
        return text, last
    if expected > len(_ROMANS) or abs(len(token) - len(_ROMANS[expected - 1])) > 1:
        return text, last
    return f"{_ROMANS[expected - 1]}. {body}", expected


def _bare_part(text: str) -> bool:
    """ "PHẦN THỨ NHẤT" / "Chương II" alone on its line: its title follows on the next line."""
    f = fold(text, upper=True).strip(" .:-")
    return len(f.split()) <= 3


def _reopens_body(text: str) -> bool:
    """An appendix after the signature ("PHỤ LỤC", a new Roman section) is body again."""
    f = fold(text, upper=True)
    if f.startswith(("PHU LUC", "BIEU ", "BANG ")):
        return True
    info = classify_line(text)
    return info.kind is LineKind.HEADING and info.style in ("part", "roman")


def _is_closing_table(rows: Sequence[Sequence[str]]) -> bool:
    cells = [c.strip() for r in rows for c in r if c and c.strip()]
    return any(md.is_recipients_start(c) for c in cells) or (
        len(cells) <= 6 and any(md.is_signature_start(c.split("\n")[0]) for c in cells)
    )


def _closing_from_table(rows: Sequence[Sequence[str]], closing, item: RawItem) -> None:
    """Closing table: the "Nơi nhận" cell(s) on the left, the signature on the right."""
    width = max(len(r) for r in rows)
    seen: set[str] = set()
    for col in range(width):
        for r in rows:
            if col >= len(r) or not r[col].strip() or (col, r[col]) in seen:
                continue
            seen.add((col, r[col]))
            cell = r[col]
            first = cell.strip().split("\n")[0]
            is_sig = md.is_signature_start(first) or (col > 0 and not md.is_recipients_start(first))
            name = "signature" if is_sig else "recipients"
            for line in cell.split("\n"):
                if line.strip():
                    closing[name].append((_clean(line), line, item.page, item.ocr))


def check_not_empty(blocks: Sequence[Block]) -> bool:
    """True when the body holds any real text besides the closing block."""
    return any(b.text.strip() and b.heading_path[:1] not in (RECIPIENTS_PATH, SIGNATURE_PATH) for b in blocks)
