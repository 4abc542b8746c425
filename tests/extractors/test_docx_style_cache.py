"""The per-document style cache of extractors/docx.py answers exactly what python-docx does."""

from docx import Document

from extractors.docx import _StyleInfo
from tests.extractors.builders import report_docx


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_paragraph_style_and_style_facts_match_uncached_lookups(tmp_path):
    doc = Document(str(report_docx(tmp_path / "r.docx")))
    doc.add_paragraph("Kiến nghị", style="Heading 2")
    doc.add_paragraph("Mục trong danh sách", style="List Bullet")
    info = _StyleInfo(doc)
    fresh = _StyleInfo(doc)
    seen = set()
    for p in _all_paragraphs(doc):
        cached = info.paragraph_style(p._p)
        assert cached.style_id == p.style.style_id
        seen.add(cached.style_id)
        for name in ("font", "bold", "size", "outline_level", "numbered", "num_pr", "centered"):
            want = getattr(_StyleInfo, name).__wrapped__(fresh, p.style)
            assert getattr(info, name)(cached) == want, (name, cached.style_id)
            assert getattr(info, name)(cached) == want  # second call answered from the cache
    assert {"Heading2", "ListBullet"} <= seen
    assert info.outline_level(info.get("Heading2")) == 1
    assert info.font(None) is None and info.bold(None) is None
