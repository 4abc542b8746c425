"""The labelled corpus is well formed and the split is per report."""

import json

from nlp.corpus import CORPUS_DIRS, load_report, report_files, report_rows
from tonghop.models import Category

LABELS = {c.value for c in Category}


def test_every_corpus_report_is_valid():
    files = report_files(CORPUS_DIRS)
    assert files, "no corpus reports found"
    ids = set()
    for path in files:
        rep = json.loads(path.read_text(encoding="utf-8"))
        assert rep["split"] in ("train", "test"), path
        assert rep["id"] not in ids, path
        ids.add(rep["id"])
        for el in rep["body"]:
            for s in el.get("sentences", []):
                assert s["label"] in LABELS, (path, s)
                assert "cause_type" not in s or s["label"] == "cause", (path, s)
                assert s.get("cause_type") in (None, "objective", "subjective"), (path, s)


def test_rows_keep_report_split_and_heading_context():
    path = report_files(CORPUS_DIRS)[0]
    rep = load_report(path)
    rows = report_rows(rep)
    assert {r.split for r in rows} == {rep["split"]}
    gold = [r for r in rows if r.gold]
    n = sum(len(el.get("sentences", [])) for el in rep["body"])
    assert len(gold) == n
    headings = [el["text"] for el in rep["body"] if el["type"] == "heading"]
    if headings:
        assert any(r.ctx.heading_path for r in gold)
