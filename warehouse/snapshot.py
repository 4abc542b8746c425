"""A read-only copy of the warehouse for analysts, published after every load.

DuckDB lets one process hold a database file for writing, and while it does no other process
can open that file, not even read-only. Analysts therefore open the *snapshot*
(`tonghop-snapshot.duckdb` next to `tonghop.duckdb`), never the main file. `publish` copies
every table, view and macro into a temporary file beside the snapshot, closes it and moves it
into place with `os.replace`, which is atomic: a reader sees the old snapshot or the new one,
never half a file, and a reader that already has the old one open keeps reading it
(POSIX rename semantics; on Windows the replace fails while a reader holds the file open).
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseLockedError

SNAPSHOT_SUFFIX = "-snapshot"


def snapshot_path(db_path: str | Path) -> Path:
    """Where the snapshot of `db_path` lives: `tonghop.duckdb` -> `tonghop-snapshot.duckdb`."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}{SNAPSHOT_SUFFIX}{db_path.suffix or '.duckdb'}")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish(db_path: str | Path, *, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """Write the snapshot of `db_path` atomically and return its path.

    Pass `con` when the calling process already has the database open (the ingest does):
    DuckDB would refuse a second open of the same file with another configuration. Without
    `con` the database is attached read-only from a fresh in-memory connection, which works
    only when no other process holds it for writing.
    """
    db_path = Path(db_path).resolve()
    target = snapshot_path(db_path)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    own = con is None
    work = duckdb.connect() if own else con
    snap = f"tonghop_snapshot_{uuid.uuid4().hex[:8]}"
    try:
        if own:
            try:
                work.execute(f"ATTACH {_literal(str(db_path))} AS tonghop_source (READ_ONLY)")
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                raise WarehouseLockedError(
                    f"Không chụp được {db_path.name}: một tiến trình khác đang ghi; hãy thử lại sau. | "
                    f"Cannot snapshot {db_path}: another process is writing it; retry later, or pass "
                    "that process's connection as con=."
                ) from exc
            source = "tonghop_source"
        else:
            source = work.execute("SELECT current_database()").fetchall()[0][0]
        work.execute(f"ATTACH {_literal(str(tmp))} AS {snap}")
        try:
            work.execute(f"COPY FROM DATABASE {_quote(source)} TO {snap}")
            last_run = work.execute(
                f"SELECT max(run_id) FILTER (WHERE started_at = (SELECT max(started_at) "
                f"FROM {_quote(source)}.runs)) FROM {_quote(source)}.runs"
            ).fetchall()[0][0]
            work.execute(
                f"CREATE TABLE {snap}.snapshot_info AS SELECT ?::TIMESTAMP AS published_at, "
                "?::VARCHAR AS source_path, ?::VARCHAR AS last_run_id",
                [datetime.now(UTC).replace(tzinfo=None), str(db_path), last_run],
            )
        finally:
            work.execute(f"DETACH {snap}")
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        if own:
            work.close()
    return target


def open_snapshot(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the analysts' snapshot of `db_path` read-only (what reports/ and notebooks should use).

    Raises FileNotFoundError, naming the command to run, when no ingest has published one yet.
    """
    path = snapshot_path(db_path)
    if not path.exists():
        raise FileNotFoundError(
            f"Chưa có bản chụp {path}; hãy chạy nạp dữ liệu (tonghop ingest) trước. | "
            f"No snapshot at {path} yet; run an ingest (tonghop ingest) first."
        )
    return duckdb.connect(str(path), read_only=True)
