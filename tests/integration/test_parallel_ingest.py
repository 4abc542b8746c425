"""The local ingest with 2 worker processes: one Prefect task run per file, cached results,
and copies sent in the same batch resolved the same way however the threads race."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, task_runs
from tests.conftest import query as _q

pytestmark = pytest.mark.integration

RENDERED = ROOT / "examples" / "rendered"
SAMPLES = ["buu-dien-tinh-ct07.docx", "dai-ptth-ct07.pdf", "hu-dong-xuan-ct07.docx", "hoi-nong-dan-ct07.pdf"]
# each a copy of a sample under a later name, sent in the same batch
COPIES = {"zz-gui-lai-dai-ptth.pdf": "dai-ptth-ct07.pdf", "zz-ban-sao-buu-dien.docx": "buu-dien-tinh-ct07.docx"}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_harness):
    from flows.ingest import results_dir, run_ingest

    work = tmp_path_factory.mktemp("parallel")
    inbox = work / "inbox"
    inbox.mkdir()
    for name in SAMPLES:
        shutil.copy(RENDERED / name, inbox / name)
    for copy, original in COPIES.items():
        shutil.copy(RENDERED / original, inbox / copy)
    db = work / "t.duckdb"
    summary = run_ingest([str(inbox)], str(db), workers=2, snapshot=False)
    return {"db": db, "summary": summary, "results": results_dir(str(db))}


def test_every_file_has_one_outcome(ingested):
    assert ingested["summary"].counts == {"ingested": len(SAMPLES), "duplicate": len(COPIES)}
    assert sorted(r[0] for r in _q(ingested["db"], "SELECT file_name FROM documents")) == sorted([*SAMPLES, *COPIES])


def test_a_copy_in_the_same_batch_is_the_duplicate_of_the_file_listed_first(ingested):
    rows = dict(_q(ingested["db"], """SELECT d.file_name, o.file_name FROM documents d
                                     JOIN documents o ON o.doc_id = d.duplicate_of"""))
    assert rows == COPIES


def test_one_completed_task_run_per_file_in_the_prefect_api(ingested):
    ((flow_run_id,),) = _q(ingested["db"], "SELECT flow_run_id FROM runs WHERE run_id = ?",
                           [ingested["summary"].run_id])
    runs = task_runs(flow_run_id, "process ", len(SAMPLES) + len(COPIES))
    assert sorted(t.name for t in runs) == sorted(f"process {n}" for n in [*SAMPLES, *COPIES])
    assert {t.state_type.value for t in runs} == {"COMPLETED"}


def test_persisted_results_are_removed_once_written(ingested):
    results = ingested["results"]
    assert not results.exists() or list(results.iterdir()) == []


def test_a_result_computed_but_not_written_is_not_computed_again(prefect_harness, tmp_path):
    """Task caching: same bytes, versions and campaign -> the persisted result; new versions -> read again."""
    from prefect import flow

    from flows.ingest import _cache_tag, _versions, process_file_task, results_dir, shared_api
    from flows.steps import source_file

    src = source_file(RENDERED / SAMPLES[0])
    tag = _cache_tag(_versions(), "")

    @flow
    def twice(cache_tag: str, again_tag: str):
        first = process_file_task(src, None, str(tmp_path), cache_tag, return_state=True)
        second = process_file_task(src, None, str(tmp_path), again_tag, return_state=True)
        return first, second

    db = tmp_path / "w.duckdb"
    with shared_api(str(db)):
        first, second = twice(tag, tag)
        _, changed = twice(tag, tag + "-new-model")
    assert (first.name, second.name) == ("Completed", "Cached")
    assert second.result().sentences == first.result().sentences
    assert changed.name == "Completed"  # a new model version is not served from the cache
    assert any(results_dir(str(db)).iterdir())
