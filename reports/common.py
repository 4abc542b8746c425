"""Wording shared by the DOCX, HTML and Markdown writers, so the three say the same thing."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote as urlquote

from reports.figures import format_number, format_total, format_unit_value
from reports.model import FigureTotal, Quote, Section, Synthesis, Theme, UnitStatus

FILE_NAMES = {"docx": "tong-hop.docx", "html": "tong-hop.html", "md": "tong-hop.md"}
RIGHT_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_NOTE = "(Dự thảo tổng hợp từ báo cáo của các đơn vị, dùng để biên tập)"
NO_THEMES = "Chưa có đơn vị nào nêu nội dung thuộc mục này."
FIGURES_TITLE = "SỐ LIỆU TỔNG HỢP"
FIGURES_NOTE = (
    "Chỉ cộng các số liệu cùng chỉ tiêu và cùng đơn vị tính; mỗi đơn vị lấy một số "
    "(số lớn nhất đơn vị nêu, tránh cộng trùng khi một số được nhắc lại); tỷ lệ % không cộng."
)
COVERAGE_TITLE = "PHỤ LỤC: TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"
SOURCES_TITLE = "NGUỒN TRÍCH DẪN"
FIGURE_HEADERS = ("Chỉ tiêu", "Tổng", "Số đơn vị có số liệu", "Đơn vị không nêu")
UNIT_FIGURE_HEADERS = ("Đơn vị", "Số liệu", "Nguồn")
COVERAGE_HEADERS = ("TT", "Đơn vị", "Tình trạng", "Tệp báo cáo", "Ghi chú")
REJECTED_HEADERS = ("TT", "Tệp", "Đơn vị", "Lý do từ chối")


def date_line(s: Synthesis) -> str:
    """Place and date with blanks the editor fills in (no timestamp: outputs stay comparable)."""
    year = s.year if s.year else "…"
    return f"{s.place}, ngày … tháng … năm {year}" if s.place else f"Ngày … tháng … năm {year}"


def left_header(s: Synthesis) -> list[str]:
    return [line for line in (s.parent_issuer, s.issuer, "*") if line]


def section_heading(sec: Section) -> str:
    return f"{sec.number} {sec.title}"


def theme_number(sec: Section, k: int) -> str:
    """ "2." under a level-1 section, "1.2." under "II.1"."""
    return f"{k}." if sec.level == 1 else f"{sec.number}{k}."


def theme_units(theme: Theme) -> str:
    return f"{theme.share}: " + ", ".join(theme.unit_names)


def unit_status(u: UnitStatus) -> str:
    if u.sent:
        return "Gửi muộn" if u.late else "Đã gửi"
    return "Tệp bị từ chối" if u.note else "Chưa gửi"


def coverage_rows(s: Synthesis) -> list[tuple[str, ...]]:
    rows = [
        (str(i), u.name, unit_status(u), ", ".join(u.file_names), u.note) for i, u in enumerate(s.coverage.units, 1)
    ]
    n = len(rows)
    for k, name in enumerate(s.coverage.unmatched, 1):
        rows.append((str(n + k), name, "Đã gửi (ngoài danh sách)", "", "Tên đơn vị chưa khớp danh sách"))
    return rows


def rejected_rows(s: Synthesis) -> list[tuple[str, ...]]:
    return [(str(i), r.file_name, r.unit or "(không xác định)", r.reason) for i, r in enumerate(s.coverage.rejected, 1)]


def figure_label(ft: FigureTotal) -> str:
    """The measure's label, with its unit of measure unless the label already says it."""
    uom = ft.unit_of_measure
    return ft.label if not uom or uom.lower() in ft.label.lower() else f"{ft.label} ({uom})"


def figure_row(ft: FigureTotal) -> tuple[str, ...]:
    return (figure_label(ft), format_total(ft), str(ft.unit_count), ", ".join(ft.units_without) or "—")


def unit_figure_rows(ft: FigureTotal) -> list[tuple[str, ...]]:
    rows = []
    for r in ft.rows:
        where = r.file_name + (f", tr. {r.page}" if r.page else f", đoạn {r.paragraph}" if r.paragraph else "")
        if r.mentions > 1:
            where += f" ({r.mentions} lần nêu)"
        rows.append((r.unit, format_unit_value(r, ft.unit_of_measure), where))
    return rows


def quote_key(q: Quote) -> tuple[str, int]:
    return (q.doc_id, q.sentence_seq)


def number_quotes(s: Synthesis) -> dict[tuple[str, int], int]:
    """Reference numbers of the quotes, in reading order (a quote used twice keeps one number)."""
    numbers: dict[tuple[str, int], int] = {}
    for sec in s.sections:
        for theme in sec.themes:
            for q in theme.quotes:
                numbers.setdefault(quote_key(q), len(numbers) + 1)
    return numbers


def quotes_in_order(s: Synthesis) -> list[Quote]:
    seen: dict[tuple[str, int], Quote] = {}
    for sec in s.sections:
        for theme in sec.themes:
            for q in theme.quotes:
                seen.setdefault(quote_key(q), q)
    return list(seen.values())


def source_uri(q: Quote) -> str:
    """A link to the file the quote came from, at its page for a PDF ("#page=4")."""
    path = q.source_path or q.file_name
    p = Path(path)
    uri = p.as_uri() if p.is_absolute() else urlquote(PurePosixPath(*p.parts).as_posix())
    return f"{uri}#page={q.page}" if q.page and q.format == "pdf" else uri


def period_text(s: Synthesis) -> str:
    if s.period_start and s.period_end:
        return f"Giai đoạn {s.period_start:%d/%m/%Y} – {s.period_end:%d/%m/%Y}"
    return ""


def units_reporting_text(s: Synthesis) -> str:
    return f"N = {format_number(s.units_reporting)} đơn vị có báo cáo được tổng hợp"
