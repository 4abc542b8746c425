"""Parquet shards: how a cluster worker hands its ProcessedDocuments to the single loader.

Why: on a Dask cluster the workers may run on other machines and DuckDB accepts one writing
process, so each worker writes its result as a small Parquet file on shared storage and the
flow's own process loads them. The Arrow schema is derived from the dataclasses in
tonghop/models.py (one row per document, nested structs and lists), so the shard is a typed
table other tools can read (`SELECT * FROM 'shards/*.parquet'` in DuckDB) and the round trip
through tonghop.serialize is exact.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Sequence
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq

from tonghop.models import ProcessedDocument, SourceFile
from tonghop.serialize import field_types, from_plain, optional_inner, to_plain

SHARD_FORMAT = "1"
SUFFIX = ".parquet"
_META_KEY = b"tonghop.shard"

_ARROW_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    date: pa.date32(),
}


def arrow_type(tp: Any) -> pa.DataType:
    """The Arrow type of a models.py field type (Optional only changes nullability)."""
    inner = optional_inner(tp)
    if inner is not None:
        return arrow_type(inner)
    if dataclasses.is_dataclass(tp):
        return pa.struct([_arrow_field(name, t) for name, t in field_types(tp).items()])
    if get_origin(tp) is tuple:
        args = get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"only tuple[X, ...] is supported, not {tp}")
        return pa.list_(arrow_type(args[0]))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return pa.string()
    if tp in _ARROW_SCALARS:
        return _ARROW_SCALARS[tp]
    raise TypeError(f"no Arrow type for {tp}")


def _arrow_field(name: str, tp: Any) -> pa.Field:
    return pa.field(name, arrow_type(tp), nullable=optional_inner(tp) is not None)


@cache
def document_schema() -> pa.Schema:
    """One row per ProcessedDocument; the format version rides in the schema metadata."""
    fields = [_arrow_field(name, tp) for name, tp in field_types(ProcessedDocument).items()]
    return pa.schema(fields, metadata={_META_KEY: SHARD_FORMAT.encode()})


def shard_name(source: SourceFile, versions: tuple[str, ...]) -> str:
    """A name that is the same for the same file (bytes and path) read by the same code.

    A shard left behind by a failed load is thus found and loaded by the next run instead of
    the file being read again; new extractor/model versions never pick up an old shard.
    """
    key = "\n".join([source.sha256, source.path, *versions])
    return hashlib.sha256(key.encode()).hexdigest()[:24] + SUFFIX


def write_shard(docs: Sequence[ProcessedDocument], path: Path | str) -> Path:
    """Write documents to a Parquet file atomically (temp name, fsync, rename).

    The loader may list the folder at any moment and shared file systems may be slow: a shard
    that exists under its final name is always complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([to_plain(d) for d in docs], schema=document_schema())
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def read_shard(path: Path | str) -> list[ProcessedDocument]:
    """The documents of one shard, exactly as written; ValueError if it is not a tonghop shard."""
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    if meta.get(_META_KEY) != SHARD_FORMAT.encode():
        raise ValueError(f"{path} is not a tonghop shard of format {SHARD_FORMAT} (metadata {meta.get(_META_KEY)!r})")
    return [from_plain(ProcessedDocument, row) for row in table.to_pylist()]


def list_shards(shard_dir: Path | str) -> list[Path]:
    """Complete shards in a folder, in name order (temporary files are skipped)."""
    d = Path(shard_dir)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith("."))
