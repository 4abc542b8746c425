"""The synthesis as Markdown: easy to diff between runs and to paste into other tools."""

from __future__ import annotations

from reports import common
from reports.model import Synthesis


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(s: Synthesis) -> str:
    """The whole synthesis; quotes carry [n] references to the "Nguồn trích dẫn" list."""
    refs = common.number_quotes(s)
    out: list[str] = []
    out += [
        " — ".join(common.left_header(s)) + "  ",
        f"{common.RIGHT_HEADER}  ",
        f"*{common.date_line(s)}*",
        "",
    ]
    out += [f"# {s.report_title}", "", f"**{s.report_subject}**", "", f"*{common.DRAFT_NOTE}*", ""]
    out += [f"*{s.coverage.headline}*", ""]

    for sec in s.sections:
        out += [f"{'#' * min(sec.level + 1, 4)} {common.section_heading(sec)}", ""]
        if sec.category is None:
            continue
        if not sec.themes:
            out += [f"*{common.NO_THEMES}*", ""]
        for k, theme in enumerate(common.shared_themes(sec), 1):
            out += [f"**{common.theme_number(sec, k)} {theme.label}** — {common.theme_units(theme)}", ""]
            for q in theme.quotes:
                n = refs[common.quote_key(q)]
                out += [
                    f"> “{q.text}” — {q.unit}, `{q.file_name}`" + (f", {q.location}" if q.location else "") + f" [{n}]",
                    ">",
                ]
            if theme.quotes:
                out[-1] = ""
        own = common.own_themes(sec)
        if own:
            out += [f"*{common.OWN_VIEWS_TITLE}:*", ""]
            for theme in own:
                unit, text = common.own_view_text(theme)
                q = theme.quotes[0]
                where = f"`{q.file_name}`" + (f", {q.location}" if q.location else "")
                out.append(f"- {unit}: {text} — {where} [{refs[common.quote_key(q)]}]")
            out.append("")
        if sec.figures:
            out += [f"*{common.SECTION_FIGURES_NOTE}*", ""]
            out += [*_table(common.FIGURE_HEADERS, common.figures_table_rows(sec.figures)), ""]

    out += [f"## {common.FIGURES_TITLE}", "", f"*{common.FIGURES_NOTE}*", ""]
    for ft in s.figures:
        out += [f"**{common.figure_label(ft)}**: {common.format_total(ft)}", ""]
        out += _table(common.UNIT_FIGURE_HEADERS, common.unit_figure_rows(ft))
        if ft.units_without:
            out += ["", "Đơn vị không nêu: " + ", ".join(ft.units_without)]
        out += [""]
    if not s.figures:
        out += ["*Chưa có số liệu.*", ""]

    out += [f"## {common.COVERAGE_TITLE}", "", f"*{s.coverage.headline}*", ""]
    out += [*_table(common.COVERAGE_HEADERS, common.coverage_rows(s)), ""]
    if s.coverage.rejected:
        out += ["**Tệp bị từ chối**", ""]
        out += [*_table(common.REJECTED_HEADERS, common.rejected_rows(s)), ""]

    out += [f"## {common.SOURCES_TITLE}", "", f"*{common.SOURCES_NOTE}*", ""]
    for q in common.quotes_in_order(s):
        n = refs[common.quote_key(q)]
        out.append(
            f"{n}. {q.unit}, `{q.file_name}`"
            + (f", {q.location}" if q.location else "")
            + f" (mã tài liệu {q.doc_id}, câu {q.sentence_seq})"
        )
    return "\n".join(out).rstrip() + "\n"
