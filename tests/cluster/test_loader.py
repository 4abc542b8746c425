"""flows.cluster.ShardLoader: the single writer of shards, without Prefect or Dask."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest

from tests.cluster.samples import full_document, rejected_document
from tonghop.campaign import load_campaign
from warehouse.db import connect
from warehouse.load import start_run, sync_campaign
from warehouse.shards import write_shard


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    campaign = load_campaign(None)
    con = connect(path)
    try:
        sync_campaign(con, campaign)
        start_run(con, "r1", campaign.id, extractor_version="x-7", model_version="m-3")
    finally:
        con.close()
    return path, campaign.id


def _other_source(doc, name: str):
    sha = name.encode().hex().ljust(64, "0")
    src = dataclasses.replace(doc.source, path=f"/inbox/{name}", file_name=name, sha256=sha)
    return dataclasses.replace(doc, source=src)


def test_loads_shards_and_deletes_them_after_commit(db, tmp_path):
    from flows.cluster import ShardLoader

    path, campaign_id = db
    a = write_shard([full_document()], tmp_path / "s" / "a.parquet")
    b = write_shard([_other_source(rejected_document(), "hong.pdf")], tmp_path / "s" / "b.parquet")
    loader = ShardLoader(str(path), "r1", campaign_id, max_docs=100)
    assert loader.add_shard(a) == [] and a.exists()  # buffered, not yet written: shard kept
    loader.add_shard(b)
    done = loader.flush()
    assert sorted(status for _, status, _ in done) == ["partial", "rejected"]
    assert [note for _, status, note in done if status == "rejected"] == [rejected_document().error]
    assert not a.exists() and not b.exists()
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT file_name, status, run_id FROM documents ORDER BY file_name").fetchall()
        n_sentences = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    finally:
        con.close()
    assert rows == [("bc-sơ-kết.pdf", "partial", "r1"), ("hong.pdf", "rejected", "r1")]
    assert n_sentences == len(full_document().sentences)


def test_shards_stay_when_the_load_fails(tmp_path):
    from flows.cluster import ShardLoader

    shard = write_shard([full_document()], tmp_path / "s" / "a.parquet")
    not_a_db = tmp_path / "folder.duckdb"
    not_a_db.mkdir()  # DuckDB cannot open a folder: the write fails
    loader = ShardLoader(str(not_a_db), "r1", "ct07-2022", max_docs=100)
    loader.add_shard(shard)
    with pytest.raises(Exception):  # noqa: B017 - whatever DuckDB raises, the shard must survive
        loader.flush()
    assert shard.exists()
