"""Header block of a Party/state document → `DocMeta`, plus the closing-block cues.

Matching happens on a diacritic-folded, upper-cased copy (`nlp.normalize.fold`, index
aligned) so OCR tone errors ("CÔNG" for "CỘNG") and hoà/hòa spellings still match, while
the values returned are sliced from the original text.

Inputs are "cells": header lines, either already split into the left and right columns
(DOCX table cells, PDF halves) or merged lines ("ĐẢNG BỘ TỈNH X   ĐẢNG CỘNG SẢN VIỆT NAM"),
which are split on tabs, "|" or 3+ spaces and cleaned of mottos.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from nlp.normalize import fold, normalize_text
from tonghop.models import DocMeta

# Folded (upper, no spaces) document type → canonical spelling.
DOC_TYPES = {
    "BAOCAO": "BÁO CÁO",
    "NGHIQUYET": "NGHỊ QUYẾT",
    "KEHOACH": "KẾ HOẠCH",
    "THONGBAO": "THÔNG BÁO",
    "TOTRINH": "TỜ TRÌNH",
    "CONGVAN": "CÔNG VĂN",
    "HUONGDAN": "HƯỚNG DẪN",
    "CHUONGTRINH": "CHƯƠNG TRÌNH",
    "QUYETDINH": "QUYẾT ĐỊNH",
    "CHITHI": "CHỈ THỊ",
    "KETLUAN": "KẾT LUẬN",
    "BIENBAN": "BIÊN BẢN",
    "DEAN": "ĐỀ ÁN",
    "PHUONGAN": "PHƯƠNG ÁN",
    "THONGTRI": "THÔNG TRI",
    "QUYDINH": "QUY ĐỊNH",
    "QUYCHE": "QUY CHẾ",
    "TOMTAT": "TÓM TẮT",
    "BANTIN": "BẢN TIN",
    "THONGCAO": "THÔNG CÁO",
    "DECUONG": "ĐỀ CƯƠNG",
    "TONGHOP": "TỔNG HỢP",
    "TRICHYEU": "TRÍCH YẾU",
    "THONGTIN": "THÔNG TIN",
}
_TYPE_KEYS = sorted(DOC_TYPES, key=len, reverse=True)

_MOTTOS = (
    re.compile(r"DANG\s+CONG\s+SAN\s+VIET\s+NAM"),
    re.compile(r"CONG\s+HOA\s+XA\s+HOI\s+CHU\s+NGHIA\s+VIET\s+NAM"),
    re.compile(r"DOC\s+LAP\s*[-–—]\s*TU\s+DO\s*[-–—]\s*HANH\s+PHUC"),
)
_RE_PARTY_NO = re.compile(
    r"\bSO\s*[:.]?\s*(\d+[A-Z]?)\s*[-–]\s*([A-Z][A-Za-z]{0,7})\s*/\s*([A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)*)"
)
_RE_STATE_NO = re.compile(
    r"\bSO\s*[:.]?\s*(\d+[A-Z]?)\s*/\s*(?:(\d{4})\s*/\s*)?([A-Z][A-Za-z0-9]*)\s*[-–]\s*([A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)*)"
)
_RE_DATE = re.compile(r"NGAY\s*(\d{1,2})\s*THANG\s*(\d{1,2})\s*NAM\s*(\d{4})")
_RE_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")
_PLACE_PREFIXES = ("HUYEN ", "TINH ", "XA ", "PHUONG ", "THI XA ", "THANH PHO ", "THI TRAN ", "QUAN ", "TP ", "TP. ")
_GENERIC_ORGS = (
    "UY BAN NHAN DAN", "HOI DONG NHAN DAN", "BAN CHAP HANH", "UY BAN MAT TRAN TO QUOC VIET NAM",
    "UY BAN MTTQ VIET NAM", "BAN THUONG VU", "DANG UY", "DANG BO",
)
_RE_SIGNATURE = re.compile(r"^(?:T/M|T\.M\.?|TM\.?|K/T|K\.T\.?|KT\.?|Q\.|TL\.|TUQ\.|T/L|Q/)\s*[A-Z]")
_SIGN_POSITIONS = re.compile(
    r"^(?:PHO\s+)?(?:BI\s+THU|CHU\s+TICH|TRUONG\s+BAN|GIAM\s+DOC|TRUONG\s+PHONG|TONG\s+BIEN\s+TAP"
    r"|CHANH\s+VAN\s+PHONG|THU\s+TRUONG)\b"
)
_BODY_STARTS = ("CAN CU", "THUC HIEN", "KINH GUI", "THEO ", "TRIEN KHAI", "NHAM ")


# First words of unit names: a header line starting otherwise continues the line above.
_NAME_STARTS = (
    "DANG ", "HUYEN ", "TINH ", "THANH ", "THI ", "QUAN ", "XA ", "PHUONG ", "UBND", "UY BAN", "HOI ",
    "SO ", "BAN ", "DAI ", "BAO ", "BUU ", "TONG ", "CONG ", "DOAN ", "MAT TRAN", "TRUNG TAM", "PHONG ",
    "CHI BO", "VAN PHONG", "BO ", "TRUONG ", "BENH VIEN", "CUC ", "VIEN ", "LIEN ", "HDND", "UY ",
    "CHI CUC", "KHOI ", "DANG UY", "MTTQ", "UBMTTQ", "LDLD", "LIEN DOAN", "HOC VIEN", "TRUNG UONG",
    "NGAN HANG", "KHO BAC", "VIEN THONG", "HOP TAC XA", "QUY ", "TRAM ", "NHA ", "BQL", "THANH TRA",
    "CONG AN", "QUAN SU", "BIEN PHONG", "TOA AN", "KIEM SAT", "THI DOAN", "HUYEN DOAN", "THANH DOAN",
)


def opens_unit_name(line: str) -> bool:
    """True when a header line begins like a unit name ("HUYỆN ỦY …", "SỞ …", "UBND …")."""
    f = fold(_clean(line), upper=True) + " "
    return f.startswith(_NAME_STARTS)


def is_upper_name(line: str) -> bool:
    t = _clean(line)
    return _is_upper(t) and not is_rule(t) and not find_number(t) and not is_motto(t)


def split_cells(line: str) -> list[str]:
    """Split a merged header line into cells on tabs, "|" or runs of 3+ spaces."""
    return [c.strip() for c in _RE_SPLIT.split(line) if c.strip()]


def _clean(s: str) -> str:
    return " ".join(s.replace("\xa0", " ").split())


def is_motto(cell: str) -> bool:
    f = fold(cell, upper=True)
    return any(rx.search(f) for rx in _MOTTOS)


def strip_mottos(cell: str) -> str:
    """Remove "ĐẢNG CỘNG SẢN VIỆT NAM" etc. from a merged cell, keeping the rest."""
    f = fold(cell, upper=True)
    spans = [m.span() for rx in _MOTTOS for m in rx.finditer(f)]
    for a, b in sorted(spans, reverse=True):
        cell = cell[:a] + " " + cell[b:]
        f = f[:a] + " " + f[b:]
    return _clean(cell)


def is_rule(cell: str) -> bool:
    """Decorative lines: "*", "-----", "___", "***"."""
    s = cell.replace(" ", "")
    return not s or all(c in "*-–—_=~.·•" for c in s)


def doc_type_of(line: str) -> tuple[str, str] | None:
    """("BÁO CÁO", rest) when the line opens with a document type name (letter-spacing tolerated)."""
    f = fold(line, upper=True)
    compact = []  # (folded letter, index in line) for non-space characters
    for i, ch in enumerate(f):
        if not ch.isspace():
            compact.append((ch, i))
    s = "".join(c for c, _ in compact)
    for key in _TYPE_KEYS:
        if s.startswith(key):
            end = compact[len(key) - 1][1] + 1
            rest = line[end:].strip(" :-–")
            # "BÁO CÁO" alone or followed by a subject; reject running text ("Báo cáo số liệu…").
            head = line[:end]
            if rest and not (_is_upper(head) or _is_upper(rest[:20])):
                return None
            return DOC_TYPES[key], _clean(rest)
    return None


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def find_number(text: str) -> tuple[str, int, int] | None:
    """("Số 45-BC/HU", start, end) in Party or state form, sliced from the original text."""
    f = fold(text, upper=True)
    best = None
    for rx in (_RE_STATE_NO, _RE_PARTY_NO):
        m = rx.search(f)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    return _clean(text[best.start() : best.end()]), best.start(), best.end()


def find_date(text: str) -> tuple[date, int, int] | None:
    """The "ngày D tháng M năm Y" date and its span."""
    m = _RE_DATE.search(fold(text, upper=True))
    if not m:
        return None
    try:
        d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return d, m.start(), m.end()


def _place_before(text: str, start: int) -> str | None:
    """Place name typed before ", ngày …": title-case words, after any number or motto."""
    head = text[:start]
    num = find_number(head)
    if num:
        head = head[num[2] :]
    head = strip_mottos(head).strip(" ,*-–_.\t")
    if not head:
        return None
    words = head.split()
    if len(words) > 6:
        run: list[str] = []
        for w in reversed(words):
            if not w[:1].isupper():
                break
            run.append(w)
        words = list(reversed(run))
    place = " ".join(words).strip(" ,")
    return place or None


def is_signature_start(line: str) -> bool:
    """ "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "TL. BAN THƯỜNG VỤ" …"""
    f = fold(_clean(line), upper=True)
    return bool(_RE_SIGNATURE.match(f)) and _is_upper(line)


def is_signature_position(line: str) -> bool:
    f = fold(_clean(line), upper=True)
    return _is_upper(line) and bool(_SIGN_POSITIONS.match(f)) and len(line.split()) <= 6


def is_recipients_start(line: str) -> bool:
    """ "Nơi nhận:" (also "Nơi gửi:") opens the recipients list."""
    f = fold(_clean(line), upper=True)
    return f.startswith(("NOI NHAN", "NOI GUI"))


def is_body_start(line: str) -> bool:
    f = fold(_clean(line), upper=True)
    return f.startswith(_BODY_STARTS)


def _issuer(cells: list[str]) -> tuple[str | None, str | None]:
    """(unit, parent) from the left-column cells above the number."""
    names: list[str] = []
    for c in cells:
        c = strip_mottos(c)
        f = fold(c, upper=True)
        if is_rule(c) or find_date(c) or _RE_DATE.search(f) or not _is_upper(c):
            continue
        c = c.strip(" *-–_")
        if not c:
            continue
        if names:
            prev = fold(names[-1], upper=True)
            if f.startswith(_PLACE_PREFIXES) and prev.startswith(_GENERIC_ORGS) \
                    and not any(p.strip() in prev.split() for p in _PLACE_PREFIXES):
                names[-1] = f"{names[-1]} {c}"
                continue
            if not opens_unit_name(c) and len(c.split()) <= 4:
                # A name wrapped in its narrow cell ("SỞ THÔNG TIN VÀ" / "TRUYỀN THÔNG").
                names[-1] = f"{names[-1]} {c}"
                continue
        names.append(c)
    if not names:
        return None, None
    unit = names[-1]
    parent = names[-2] if len(names) > 1 else None
    return normalize_text(unit), (normalize_text(parent) if parent else None)


def parse_header(
    left: Sequence[str],
    right: Sequence[str] = (),
    title_lines: Sequence[str] = (),
) -> DocMeta:
    """Read issuer, parent, number, place, date, type and subject from header cells.

    `left`/`right` are the two columns (or all lines in `left` when columns are merged);
    `title_lines` the lines after the header ("BÁO CÁO", subject lines), which may also
    be empty when the type name sits in the cells.
    """
    cells_l = [c for line in left for c in split_cells(_clean_tabs(line))]
    cells_r = [c for line in right for c in split_cells(_clean_tabs(line))]
    all_cells = cells_l + cells_r

    number = None
    number_idx = None
    for i, c in enumerate(cells_l):
        n = find_number(c)
        if n:
            number, number_idx = n[0], i
            break
    if number is None:
        for c in cells_r + [_clean(t) for t in title_lines]:
            n = find_number(c)
            if n and n[1] == 0:
                number = n[0]
                break

    report_date = place = None
    joined = [*all_cells, *(a + " " + b for a, b in pairwise(all_cells))]
    for c in joined:
        d = find_date(c)
        if d:
            report_date = d[0]
            place = _place_before(c, d[1])
            break

    issuer_cells = cells_l[:number_idx] if number_idx is not None else cells_l
    if number_idx is not None and not issuer_cells:
        # Number first, then the name (rare): fall back to everything but the number.
        issuer_cells = [c for c in cells_l if not find_number(c)]
    if number_idx is not None:
        # A merged line may carry the issuer before the number ("HUYỆN ỦY X  Số 45-BC/HU").
        n = find_number(cells_l[number_idx])
        before = cells_l[number_idx][: n[1]].strip() if n else ""
        if before:
            issuer_cells = [*issuer_cells, before]
    unit, parent = _issuer(issuer_cells)

    doc_type = title = None
    subject: list[str] = []
    for i, line in enumerate([*all_cells, *title_lines]):
        dt = doc_type_of(_clean(line))
        if dt:
            doc_type = dt[0]
            if dt[1]:
                subject.append(dt[1])
            rest = [*all_cells, *title_lines][i + 1 :]
            for s in rest:
                s = _clean(s)
                if not s or is_rule(s):
                    if subject:
                        break
                    continue
                if is_body_start(s) or is_motto(s) or (find_number(s) or ("", 1))[1] == 0:
                    break
                subject.append(s)
            break
    if doc_type is None:
        vv = next((c for c in [*all_cells, *title_lines] if fold(_clean(c)).lower().startswith("v/v")), None)
        if vv:
            doc_type = "CÔNG VĂN"
            subject = [_clean(vv)]
    if subject:
        joined = subject[0]
        for s in subject[1:]:
            # "… Chỉ thị 07-" / "CT/TW …": a code wrapped at its hyphen joins without a space.
            glue = "" if re.search(r"\w-$", joined) and s[:1].isupper() else " "
            joined = f"{joined}{glue}{s}"
        title = normalize_text(joined.strip(" -–"))
        if title.startswith(("V/v ", "v/v ")):
            title = title[4:].strip()
    return DocMeta(
        unit_name=unit,
        parent_unit=parent,
        report_number=normalize_text(number) if number else None,
        report_date=report_date,
        place=normalize_text(place) if place else None,
        doc_type=doc_type,
        title=title,
    )


def _clean_tabs(line: str) -> str:
    return line.replace("\xa0", " ").strip()


def looks_like_header(lines: Sequence[str]) -> bool:
    """True when these lines read like a header block (motto, number or date line)."""
    text = "\n".join(lines)
    f = fold(text, upper=True)
    hits = sum(
        (
            any(rx.search(f) for rx in _MOTTOS),
            bool(find_number(text)),
            bool(_RE_DATE.search(f)),
        )
    )
    return hits >= 2 or (hits == 1 and any(rx.search(f) for rx in _MOTTOS))
