"""The ingest flow on a real local Dask cluster (2 worker processes) under Prefect's test server."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, task_runs
from tests.conftest import query as _q

pytestmark = pytest.mark.integration

RENDERED = ROOT / "examples" / "rendered"
SAMPLES = ["buu-dien-tinh-ct07.docx", "dai-ptth-ct07.pdf", "hu-dong-xuan-ct07.docx", "hoi-nong-dan-ct07.pdf"]
# columns that differ between two loads of the same files by design (run, clock)
VOLATILE = {"run_id", "ingested_at"}
TABLES = {
    "documents": "doc_id",
    "sentences": "doc_id, seq",
    "findings": "finding_id",
    "finding_topics": "finding_id, topic_id",
    "figures": "figure_id",
}


def _rows(db: Path, table: str, order: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in VOLATILE]
        return con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_harness, cluster):
    from flows.cluster import run_cluster_ingest
    from flows.ingest import run_ingest

    work = tmp_path_factory.mktemp("cluster")
    inbox = work / "inbox"
    inbox.mkdir()
    for name in SAMPLES:
        shutil.copy(RENDERED / name, inbox / name)
    (work / "plain").mkdir()
    (work / "dask").mkdir()
    plain_db, dask_db, shard_dir = work / "plain" / "t.duckdb", work / "dask" / "t.duckdb", work / "shards"
    first = run_cluster_ingest([str(inbox)], str(dask_db), dask_address=cluster.scheduler_address,
                               shard_dir=str(shard_dir), snapshot=False)
    shards_after_first = sorted(p.name for p in shard_dir.iterdir())
    second = run_cluster_ingest([str(inbox)], str(dask_db), dask_address=cluster.scheduler_address,
                                shard_dir=str(shard_dir), snapshot=False)
    plain = run_ingest([str(inbox)], str(plain_db), workers=1, snapshot=False)
    return dict(work=work, inbox=inbox, plain_db=plain_db, dask_db=dask_db, shard_dir=shard_dir, plain=plain,
                first=first, second=second, shards_after_first=shards_after_first)


def test_every_file_loaded(runs):
    assert runs["first"].counts.get("ingested", 0) + runs["first"].counts.get("partial", 0) == len(SAMPLES)
    names = sorted(r[0] for r in _q(runs["dask_db"], "SELECT file_name FROM documents"))
    assert names == sorted(SAMPLES)


@pytest.mark.parametrize("table", list(TABLES))
def test_rows_equal_those_of_the_local_ingest(runs, table):
    plain = _rows(runs["plain_db"], table, TABLES[table])
    dask = _rows(runs["dask_db"], table, TABLES[table])
    assert plain, f"no {table} rows in the local ingest"
    assert dask == plain


def test_shards_deleted_after_load(runs):
    assert runs["shards_after_first"] == []


def test_rerun_is_unchanged(runs):
    assert runs["second"].counts == {"unchanged": len(SAMPLES)}


def test_every_task_state_reached_prefect(runs):
    """No task run lost under parallel load: one completed task run per file in the flow run."""
    (flow_run_id,) = _q(runs["dask_db"], "SELECT flow_run_id FROM runs WHERE run_id = ?", [runs["first"].run_id])[0]
    shard_runs = task_runs(flow_run_id, "shard ", len(SAMPLES))
    assert sorted(t.name for t in shard_runs) == sorted(f"shard {n}" for n in SAMPLES)
    assert {t.state_type.value for t in shard_runs} == {"COMPLETED"}


def test_leftover_shard_is_loaded_without_reading_the_file(runs, cluster, tmp_path):
    """A shard left by a run whose load failed is loaded by the next run, then deleted."""
    from flows.cluster import run_cluster_ingest
    from flows.ingest import _versions
    from flows.steps import process_file, source_file
    from tonghop.campaign import load_campaign
    from warehouse.shards import shard_name, write_shard

    src = source_file(runs["inbox"] / SAMPLES[0])
    doc = process_file(src, load_campaign(None), tmp_path)
    marked = dataclasses.replace(doc, error="made by an earlier run")
    shard_dir = tmp_path / "shards"
    write_shard([marked], shard_dir / shard_name(src, _versions()))
    db = tmp_path / "w.duckdb"
    summary = run_cluster_ingest([src.path], str(db), dask_address=cluster.scheduler_address,
                                 shard_dir=str(shard_dir), snapshot=False)
    assert summary.counts == {"ingested": 1}
    assert _q(db, "SELECT error FROM documents") == [("made by an earlier run",)]
    assert list(shard_dir.iterdir()) == []
