"""Wording shared by the DOCX, HTML and Markdown writers, so the three say the same thing."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote as urlquote

from reports.figures import format_group, format_number, format_unit_value, group_title
from reports.figures import format_total as format_total  # re-exported: the writers print totals from here
from reports.model import FigureTotal, Quote, Section, Synthesis, Theme, UnitStatus

FILE_NAMES = {"docx": "tong-hop.docx", "html": "tong-hop.html", "md": "tong-hop.md"}
RIGHT_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_NOTE = "(Dự thảo tổng hợp từ báo cáo của các đơn vị, dùng để biên tập)"
NO_THEMES = "Chưa có đơn vị nào nêu nội dung thuộc mục này."
FIGURES_TITLE = "SỐ LIỆU TỔNG HỢP"
FIGURES_NOTE = (
    "Chỉ cộng các số liệu cùng chỉ tiêu, cùng đơn vị tính và của cùng một loại đơn vị (huyện với "
    "huyện, sở với sở); số liệu toàn tỉnh do một đơn vị cấp tỉnh báo cáo đã bao gồm số liệu của các "
    "huyện nên ghi riêng, không cộng. Mỗi đơn vị lấy một số (số lớn nhất đơn vị nêu, tránh cộng trùng "
    "khi một số được nhắc lại); tỷ lệ %, số liệu còn thiếu (“chưa có”) và chỉ tiêu phấn đấu không cộng."
)
SECTION_FIGURES_NOTE = "Số liệu tổng hợp (chỉ cộng trong cùng một loại đơn vị; số liệu toàn tỉnh ghi riêng):"
COVERAGE_TITLE = "PHỤ LỤC: TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"
SOURCES_TITLE = "NGUỒN TRÍCH DẪN"
SOURCES_NOTE = (
    "Tệp PDF: số trang của tệp. Tệp Word: “mục II.3, đoạn 2” là đoạn thứ hai dưới đề mục II.3; "
    "không có đề mục thì đoạn được đếm từ đầu phần nội dung, sau tên báo cáo (bảng tính là một đoạn)."
)
FIGURE_HEADERS = ("Chỉ tiêu", "Phạm vi số liệu", "Tổng", "Số đơn vị có số liệu", "Đơn vị không nêu")
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


OWN_VIEWS_TITLE = "Ý kiến riêng của từng đơn vị"


def shared_themes(sec: Section) -> tuple[Theme, ...]:
    """Themes raised by several units: numbered, with their quotes."""
    return tuple(t for t in sec.themes if t.unit_count > 1)


def own_themes(sec: Section) -> tuple[Theme, ...]:
    """What a single unit raised: kept, one line each after the shared themes (roster order)."""
    return tuple(t for t in sec.themes if t.unit_count <= 1)


def printed_quotes(theme: Theme) -> tuple[Quote, ...]:
    """The quotes a writer prints: all of a shared theme, the most central one of a unit's own."""
    return theme.quotes if theme.unit_count > 1 else theme.quotes[:1]


def own_view_text(theme: Theme) -> tuple[str, str]:
    """(unit, quote) of one line of "Ý kiến riêng": the unit's own words, verbatim."""
    q = theme.quotes[0] if theme.quotes else None
    more = f" (và {theme.sentence_count - 1} câu liên quan)" if theme.sentence_count > 1 else ""
    return (theme.unit_names[0] if theme.unit_names else "", (f"“{q.text}”" if q else theme.label) + more)


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


def figure_rows(ft: FigureTotal) -> list[tuple[str, ...]]:
    """One row per group of a measure: the province-wide figure and each kind's sum, side by
    side (the label only on the first row), never one total across them."""
    rows = []
    for i, g in enumerate(ft.groups):
        rows.append(
            (
                figure_label(ft) if i == 0 else "",
                group_title(g),
                format_group(g, ft.unit_of_measure),
                str(g.unit_count),
                "—" if g.wide else (", ".join(g.units_without) or "—"),
            )
        )
    return rows


def figures_table_rows(figures: tuple[FigureTotal, ...]) -> list[tuple[str, ...]]:
    return [row for ft in figures for row in figure_rows(ft)]


def unit_figure_rows(ft: FigureTotal) -> list[tuple[str, ...]]:
    """The unit-by-unit table: a heading row per group, its units, then what the group adds up to."""
    rows = []
    several = len(ft.groups) > 1
    for g in ft.groups:
        if several or g.wide:
            rows.append((f"{group_title(g)}:", "", ""))
        for r in g.rows:
            where = r.file_name + (f", tr. {r.page}" if r.page else f", đoạn {r.paragraph}" if r.paragraph else "")
            if r.mentions > 1:
                where += f" ({r.mentions} lần nêu)"
            rows.append((r.unit, format_unit_value(r, ft.unit_of_measure), where))
        if g.total is not None and len(g.rows) > 1:
            rows.append((f"Cộng {g.title.lower()} ({g.unit_count} đơn vị)", format_group(g, ft.unit_of_measure), ""))
    return rows


def quote_key(q: Quote) -> tuple[str, int]:
    return (q.doc_id, q.sentence_seq)


def number_quotes(s: Synthesis) -> dict[tuple[str, int], int]:
    """Reference numbers of the quotes, in reading order (a quote used twice keeps one number)."""
    numbers: dict[tuple[str, int], int] = {}
    for sec in s.sections:
        for theme in shared_themes(sec) + own_themes(sec):
            for q in printed_quotes(theme):
                numbers.setdefault(quote_key(q), len(numbers) + 1)
    return numbers


def quotes_in_order(s: Synthesis) -> list[Quote]:
    seen: dict[tuple[str, int], Quote] = {}
    for sec in s.sections:
        for theme in shared_themes(sec) + own_themes(sec):
            for q in printed_quotes(theme):
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
