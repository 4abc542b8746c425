"""The synthesis as one self-contained HTML page: inline CSS, charts as base64 PNG, every
quote linked to its source file (at its page for a PDF) and to the table of sources.
No script, no external resource, no timestamp: the page opens offline and is byte-stable.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from reports import charts, common
from reports.model import FigureTotal, Synthesis

_CSS = """
body{font-family:"Times New Roman",Times,"Liberation Serif",serif;font-size:14pt;line-height:1.45;
max-width:60em;margin:1.5em auto;padding:0 1.5em;color:#111;background:#fff}
.header{display:flex;justify-content:space-between;text-align:center;margin-bottom:1em}
.header div{width:48%}.header .left{font-weight:bold}.header .right{font-weight:bold}
.date{font-style:italic;text-align:right;margin:.3em 0 1em}
h1{text-align:center;font-size:16pt;margin:.6em 0 .1em}
.subject{text-align:center;font-weight:bold;margin:0 auto .4em;max-width:40em}
.draft{text-align:center;font-style:italic;color:#555;font-size:12pt}
.coverage{font-style:italic;border-left:4px solid #b5452b;padding:.3em .8em;background:#fbf3f1}
h2{font-size:14pt;margin:1.4em 0 .4em}h3{font-size:14pt;font-style:italic;margin:1em 0 .3em}
.theme{margin:.8em 0 .8em 0}.theme .label{font-weight:bold}.theme .units{color:#333}
blockquote{margin:.3em 0 .3em 1.5em;font-style:italic}
blockquote .src{font-style:normal;font-size:12pt;color:#444}
a{color:#1d4f91}sup a{text-decoration:none}
.empty{color:#666;font-style:italic}
.own{margin:.6em 0 1em}.own .own-title{font-style:italic;margin:.2em 0}.own ul{margin:.2em 0;padding-left:1.4em}
.own li{font-size:12.5pt;margin:.15em 0}.own .unit{font-weight:bold}.own .src{font-size:11.5pt;color:#444}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:12pt;width:100%}
th,td{border:1px solid #999;padding:.2em .4em;vertical-align:top;text-align:left}
th{background:#eee}td.num{text-align:right;white-space:nowrap}
figure{margin:1em 0;text-align:center}figure img{max-width:100%}
figcaption{font-size:11pt;color:#444}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], num_cols: tuple[int, ...] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{_e(c)}</td>' if j in num_cols else f"<td>{_e(c)}</td>" for j, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _img(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    data = base64.b64encode(png).decode("ascii")
    img = f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'
    return f"<figure>{img}<figcaption>{_e(alt)}</figcaption></figure>"


def _figures_table(figures: tuple[FigureTotal, ...]) -> str:
    return _table(common.FIGURE_HEADERS, common.figures_table_rows(figures), num_cols=(2, 3))


def render_html(s: Synthesis) -> str:
    refs = common.number_quotes(s)
    p: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(s.report_title)} – {_e(s.name)}</title><style>{_CSS}</style></head><body>",
        '<div class="header"><div class="left">'
        + "<br>".join(_e(x) for x in common.left_header(s))
        + f'</div><div class="right">{_e(common.RIGHT_HEADER)}<br>———</div></div>',
        f'<p class="date">{_e(common.date_line(s))}</p>',
        f"<h1>{_e(s.report_title)}</h1>",
        f'<p class="subject">{_e(s.report_subject)}</p>',
        f'<p class="draft">{_e(common.DRAFT_NOTE)}</p>',
        f'<p class="coverage" id="coverage-headline">{_e(s.coverage.headline)}</p>',
    ]
    for sec in s.sections:
        tag = "h2" if sec.level == 1 else "h3"
        p.append(f'<{tag} id="sec-{_e(sec.id)}">{_e(common.section_heading(sec))}</{tag}>')
        if sec.category is None:
            continue
        if not sec.themes:
            p.append(f'<p class="empty">{_e(common.NO_THEMES)}</p>')
        for k, theme in enumerate(common.shared_themes(sec), 1):
            p.append(
                f'<div class="theme"><p><span class="label">{_e(common.theme_number(sec, k))} '
                f'{_e(theme.label)}</span> — <span class="units">{_e(common.theme_units(theme))}</span></p>'
            )
            for q in theme.quotes:
                n = refs[common.quote_key(q)]
                where = f"{q.file_name}, {q.location}" if q.location else q.file_name
                p.append(
                    f'<blockquote>“{_e(q.text)}” <span class="src">— {_e(q.unit)}, '
                    f'<a href="{_e(common.source_uri(q))}">{_e(where)}</a>'
                    f'<sup><a href="#src-{n}">[{n}]</a></sup></span></blockquote>'
                )
            p.append("</div>")
        own = common.own_themes(sec)
        if own:
            items = []
            for theme in own:
                unit, text = common.own_view_text(theme)
                q = theme.quotes[0]
                n = refs[common.quote_key(q)]
                where = f"{q.file_name}, {q.location}" if q.location else q.file_name
                items.append(
                    f'<li><span class="unit">{_e(unit)}</span>: {_e(text)} <span class="src">— '
                    f'<a href="{_e(common.source_uri(q))}">{_e(where)}</a>'
                    f'<sup><a href="#src-{n}">[{n}]</a></sup></span></li>'
                )
            p.append(
                f'<div class="own"><p class="own-title">{_e(common.OWN_VIEWS_TITLE)}:</p>'
                f"<ul>{''.join(items)}</ul></div>"
            )
        if sec.figures:
            p.append(f"<p><em>{_e(common.SECTION_FIGURES_NOTE)}</em></p>")
            p.append(_figures_table(sec.figures))

    p.append(f'<h2 id="figures">{_e(common.FIGURES_TITLE)}</h2><p><em>{_e(common.FIGURES_NOTE)}</em></p>')
    if s.figures:
        p.append(_figures_table(s.figures))
        for ft in s.figures:
            p.append(f"<h3>{_e(common.figure_label(ft))}: {_e(common.format_total(ft))}</h3>")
            p.append(_table(common.UNIT_FIGURE_HEADERS, common.unit_figure_rows(ft), num_cols=(1,)))
    else:
        p.append('<p class="empty">Chưa có số liệu.</p>')
    p.append(_img(charts.stacked_bar(s.category_matrix), s.category_matrix.title))
    p.append(_img(charts.heatmap(s.topic_matrix), s.topic_matrix.title))

    p.append(f'<h2 id="coverage">{_e(common.COVERAGE_TITLE)}</h2>')
    p.append(f"<p><em>{_e(s.coverage.headline)}</em></p>")
    p.append(_table(common.COVERAGE_HEADERS, common.coverage_rows(s)))
    if s.coverage.rejected:
        p.append("<p><strong>Tệp bị từ chối</strong></p>")
        p.append(_table(common.REJECTED_HEADERS, common.rejected_rows(s)))

    p.append(f'<h2 id="sources">{_e(common.SOURCES_TITLE)}</h2>')
    p.append(f"<p><em>{_e(common.SOURCES_NOTE)}</em></p>")
    rows = []
    for q in common.quotes_in_order(s):
        n = refs[common.quote_key(q)]
        archive = ""
        if q.archive_path:
            archive = f'<a href="{_e(Path(q.archive_path).as_uri())}">bản lưu</a>'
        rows.append(
            f'<tr id="src-{n}"><td class="num">{n}</td><td>{_e(q.unit)}</td>'
            f'<td><a href="{_e(common.source_uri(q))}">{_e(q.file_name)}</a></td>'
            f"<td>{_e(q.location)}</td><td>{_e(' > '.join(q.heading_path))}</td>"
            f"<td>{_e(q.doc_id)} / {q.sentence_seq}</td><td>{archive}</td></tr>"
        )
    headers = ("TT", "Đơn vị", "Tệp", "Vị trí", "Mục trong báo cáo", "Mã tài liệu / câu", "Bản lưu")
    p.append(
        "<table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in headers)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    p.append("</body></html>")
    return "\n".join(x for x in p if x) + "\n"
