"""reports stage: the cross-unit synthesis an editor drafts the provincial report from.

    build_synthesis(con, campaign) -> Synthesis      (reports.build; reads the warehouse)
    write_all(synthesis, out_dir) -> {"docx"|"html"|"md": Path}
    summary_markdown(synthesis) -> str               (short run summary, e.g. a Prefect artifact)

Files written in `out_dir`: tong-hop.docx (Word, to edit), tong-hop.html (one self-contained
page with charts and links to the sources), tong-hop.md (Markdown). None holds a timestamp,
so the same warehouse gives the same files.
"""

from __future__ import annotations

from pathlib import Path

from reports.common import FILE_NAMES
from reports.figures import format_total
from reports.model import Synthesis

__all__ = ["FILE_NAMES", "summary_markdown", "write_all"]


def write_all(synthesis: Synthesis, out_dir: Path) -> dict[str, Path]:
    """Write the DOCX, HTML and Markdown files; return their paths by kind."""
    from reports.docx_writer import render_docx
    from reports.html_writer import render_html
    from reports.markdown_writer import render_markdown

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: out_dir / name for kind, name in FILE_NAMES.items()}
    paths["docx"].write_bytes(render_docx(synthesis))
    paths["html"].write_text(render_html(synthesis), encoding="utf-8")
    paths["md"].write_text(render_markdown(synthesis), encoding="utf-8")
    return paths


def summary_markdown(synthesis: Synthesis) -> str:
    """A few lines for the run page: coverage, themes per section, the largest totals."""
    s = synthesis
    lines = [f"### Tổng hợp: {s.name}", "", s.coverage.headline, ""]
    lines += ["| mục | số chủ đề | chủ đề nêu nhiều nhất |", "|---|---|---|"]
    for sec in s.sections:
        if sec.category is None:
            continue
        top = sec.themes[0] if sec.themes else None
        top_text = f"{top.label} ({top.share})" if top else "—"
        lines.append(f"| {sec.id}. {sec.title} | {len(sec.themes)} | {top_text.replace('|', '/')} |")
    if s.figures:
        lines += ["", "Số liệu: " + "; ".join(f"{f.label}: {format_total(f)}" for f in s.figures[:5])]
    if s.unplaced_sentences:
        lines += ["", f"{s.unplaced_sentences} câu đã phân loại không thuộc mục nào của đề cương."]
    return "\n".join(lines) + "\n"
