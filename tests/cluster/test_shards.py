"""warehouse.shards: Parquet shards of ProcessedDocuments."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.cluster.samples import SOURCE, full_document, rejected_document
from tests.conftest import ROOT
from warehouse.shards import list_shards, read_shard, shard_name, write_shard


def test_shard_round_trip_is_exact(tmp_path):
    docs = [full_document(), rejected_document()]
    path = write_shard(docs, tmp_path / "a.parquet")
    assert read_shard(path) == docs
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]  # no temp file left


def test_shard_is_a_typed_table_duckdb_can_query(tmp_path):
    path = write_shard([full_document()], tmp_path / "a.parquet")
    schema = pq.read_schema(path)
    assert schema.field("status").type == pa.string()
    assert schema.field("extracted").type.field("meta").type.field("report_date").type == pa.date32()
    rows = duckdb.sql(
        f"SELECT source.file_name, len(sentences), extracted.meta.report_date FROM '{path}'"
    ).fetchall()
    assert rows == [("bc-sơ-kết.pdf", 2, full_document().extracted.meta.report_date)]


def test_foreign_parquet_is_refused(tmp_path):
    path = tmp_path / "x.parquet"
    pq.write_table(pa.table({"a": [1]}), path)
    with pytest.raises(ValueError, match="not a tonghop shard"):
        read_shard(path)


def test_list_shards_skips_temporary_files(tmp_path):
    write_shard([rejected_document()], tmp_path / "b.parquet")
    write_shard([rejected_document()], tmp_path / "a.parquet")
    (tmp_path / ".c.parquet.1234.tmp").write_bytes(b"half")
    (tmp_path / "notes.txt").write_text("x")
    assert [p.name for p in list_shards(tmp_path)] == ["a.parquet", "b.parquet"]
    assert list_shards(tmp_path / "missing") == []


def test_shard_name_depends_on_content_path_and_versions():
    base = shard_name(SOURCE, ("x-7", "m-3"))
    assert base == shard_name(SOURCE, ("x-7", "m-3"))
    assert base != shard_name(SOURCE, ("x-8", "m-3"))
    moved = type(SOURCE)(**{**SOURCE.__dict__, "path": "/elsewhere/bc.pdf"})
    assert base != shard_name(moved, ("x-7", "m-3"))


def test_real_processed_report_round_trips(tmp_path):
    """A report read by the real extractors and NLP comes back from its shard unchanged."""
    from flows.steps import process_file, source_file
    from tonghop.campaign import load_campaign

    src = source_file(ROOT / "examples" / "rendered" / "dai-ptth-ct07.pdf")
    doc = process_file(src, load_campaign(None), tmp_path)
    assert doc.sentences, doc.error
    assert read_shard(write_shard([doc], tmp_path / "s.parquet")) == [doc]
