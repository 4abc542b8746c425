"""DOCX / HTML / Markdown: same content, deterministic, usable by an editor."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document

from reports import FILE_NAMES, summary_markdown, write_all
from reports.build import build_synthesis
from reports.docx_writer import render_docx
from reports.html_writer import render_html
from reports.markdown_writer import render_markdown
from warehouse.db import connect


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_write_all_names_and_determinism(synthesis, fixture_db, campaign, tmp_path):
    first = write_all(synthesis, tmp_path / "a")
    assert {k: p.name for k, p in first.items()} == FILE_NAMES
    con = connect(fixture_db, read_only=True)
    try:
        again = build_synthesis(con, campaign)  # a fresh build from the database, not the same object
    finally:
        con.close()
    second = write_all(again, tmp_path / "b")
    for kind in ("html", "md", "docx"):
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    assert docx_text(first["docx"].read_bytes()) == docx_text(second["docx"].read_bytes())


def test_docx_content_and_format(synthesis):
    data = render_docx(synthesis)
    text = docx_text(data)
    for u in synthesis.coverage.sent:
        assert u.name in text
    for u in synthesis.coverage.missing:
        assert u.name in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BAN TUYÊN GIÁO TỈNH ỦY" in text
    assert "Lâm Giang, ngày" in text and "năm 2022" in text
    assert "Tổng hợp từ 5/7 đơn vị đã gửi báo cáo" in text
    assert "III. HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC" in text
    assert "4/5 đơn vị" in text and "47/73 xã (64,4 %)" in text
    assert "NGUỒN TRÍCH DẪN" in text and "Tệp PDF có mật khẩu" in text
    # outline order is kept in the Word file
    titles = [s.title for s in synthesis.sections]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    doc = Document(io.BytesIO(data))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    italic_quotes = [r.text for p in doc.paragraphs for r in p.runs if r.italic and r.text.startswith("“")]
    assert "“Kinh phí chi cho hoạt động thông tin cơ sở còn thấp, chưa đáp ứng yêu cầu.”" in italic_quotes
    supers = [r.text for p in doc.paragraphs for r in p.runs if r.font.superscript]
    assert "[1]" in supers
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_html_is_self_contained_and_links_sources(synthesis):
    html = render_html(synthesis)
    assert html.count("data:image/png;base64,") == 2  # stacked bar + heatmap
    assert not re.search(r'(src|href)="https?://', html)
    assert "<script" not in html
    assert "bc-tan-lap.pdf#page=" in html  # PDF quotes open at their page
    refs = set(re.findall(r'href="#src-(\d+)"', html))
    anchors = set(re.findall(r'id="src-(\d+)"', html))
    assert refs and refs == anchors
    assert "Huyện ủy Thạch Bàn" in html and "Chưa gửi" in html


def test_markdown_matches_the_example_shape(synthesis):
    md = render_markdown(synthesis)
    assert "## III. HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC" in md
    assert re.search(r"\*\*1\. Kinh phí chi .*\*\* — 4/5 đơn vị: Thành ủy Lâm Giang, Thị ủy Phú An", md)
    assert "`bc-phu-an-v2.docx`, mục II, đoạn " in md
    assert "`bc-tan-lap.pdf`, tr. " in md
    assert (
        "| Xã có hệ thống truyền thanh ứng dụng CNTT - viễn thông | Huyện ủy, thị ủy, thành ủy "
        "| 47/73 xã (64,4 %) | 5 | — |" in md
    )


def test_summary_markdown(synthesis):
    text = summary_markdown(synthesis)
    assert "5/7" in text and "III. HẠN CHẾ" in text and "47/73 xã (64,4 %)" in text


def test_docx_quotes_carry_real_footnotes(synthesis):
    data = render_docx(synthesis)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        notes = z.read("word/footnotes.xml").decode("utf-8")
        assert "footnotes+xml" in z.read("[Content_Types].xml").decode("utf-8")
    from reports.common import printed_quotes

    quotes = [q for sec in synthesis.sections for t in sec.themes for q in printed_quotes(t)]
    assert body.count("<w:footnoteReference ") == len(quotes)
    assert notes.count("<w:footnoteRef/>") == len(quotes)
    for q in quotes:
        assert f"{q.citation}" in notes
