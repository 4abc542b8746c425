"""Synthesis at 1,000 reports: bounded clustering, charts of many units, fonts set by styles."""

from __future__ import annotations

import io
import zipfile

from sklearn.metrics import adjusted_rand_score

from reports import charts, themes
from reports.docx_writer import render_docx
from reports.model import Matrix, Quote
from reports.themes import ThemeItem
from tests.reports.test_reports_themes import SENTENCES


def _labels(found, ids):
    where = {f: k for k, t in enumerate(found) for f in t.finding_ids}
    return [where[i] for i in ids]


def _many_sentences(copies: int):
    """The hand-written sentences repeated by several units each, as 1,000 reports repeat them."""
    rows = []
    for c in range(copies):
        for unit, text, group in SENTENCES:
            rows.append((f"{unit}{c:02d}", text, group))
    return rows


def _items(rows):
    out = []
    for k, (unit, text, _) in enumerate(rows, 1):
        q = Quote(text, unit, f"Đơn vị {unit}", f"{unit}.pdf", None, "pdf", 1, (), k, f"doc-{unit}", f"f{k}", k)
        out.append(ThemeItem(text, "", unit, f"Đơn vị {unit}", q))
    return out


def test_bounded_clustering_keeps_the_groups_of_the_exact_one(monkeypatch):
    rows = _many_sentences(8)  # 120 sentences
    its = _items(rows)
    ids = [i.quote.finding_id for i in its]
    exact = _labels(themes.group_themes(its, 48), ids)
    monkeypatch.setattr(themes, "MAX_CLUSTER_INPUT", 25)  # forces buckets and a merge level
    bounded = _labels(themes.group_themes(its, 48), ids)
    assert adjusted_rand_score(exact, bounded) >= 0.9
    gold = [g for _, _, g in rows]
    assert adjusted_rand_score(gold, bounded) >= adjusted_rand_score(gold, exact) - 0.05
    # and it is deterministic
    assert bounded == _labels(themes.group_themes(its, 48), ids)


def test_bounded_clustering_never_merges_unrelated_rows(monkeypatch):
    monkeypatch.setattr(themes, "MAX_CLUSTER_INPUT", 3)
    import numpy as np
    from scipy import sparse

    eye = sparse.csr_matrix(np.eye(10))  # ten sentences sharing no word
    assert sorted(themes._clusters(eye, 0.85)) == list(range(10))
    same = sparse.csr_matrix(np.ones((10, 1)))  # ten copies of one sentence, across four buckets
    assert set(themes._clusters(same, 0.85)) == {0}


def _matrix(n: int) -> Matrix:
    rows = tuple(f"Xã {i}" for i in range(n))
    values = tuple((i % 7, (i * 3) % 5) for i in range(n))
    return Matrix("Số phát hiện", rows, ("a", "b"), values)


def test_charts_of_many_units_show_the_top_units_and_say_so():
    m = _matrix(500)
    top = charts.top_rows(m)
    assert len(top.rows) == charts.MAX_ROWS
    assert f"{charts.MAX_ROWS}/500 đơn vị" in top.title
    shown = set(top.rows)
    # every unit left out has no more findings than any unit shown
    totals = {r: sum(v) for r, v in zip(m.rows, m.values, strict=True)}
    assert max(totals[r] for r in m.rows if r not in shown) <= min(totals[r] for r in shown)
    assert list(top.rows) == [r for r in m.rows if r in shown]  # roster order kept
    assert charts.top_rows(_matrix(12)) == _matrix(12)
    png = charts.heatmap(m)
    assert png is not None and png == charts.heatmap(m)
    # a bounded figure: width x height in pixels stay those of MAX_ROWS units
    import struct

    width, height = struct.unpack(">II", png[16:24])
    assert height <= (2.6 + 0.32 * charts.MAX_ROWS) * charts.DPI + 1 and width < 2000


def test_docx_fonts_come_from_styles_not_from_each_run(synthesis):
    data = render_docx(synthesis)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
    assert "<w:rFonts" not in body
    assert "Theme=" not in styles.split("<w:latentStyles")[0].split("</w:docDefaults>")[0]
    assert 'w:ascii="Times New Roman"' in styles
    assert render_docx(synthesis) == data
