"""Open the warehouse, apply its migrations and (re)create its views.

Migrations are the numbered files in `warehouse/migrations/`; each one that ran is recorded in
`schema_migrations` with a checksum, so opening the database twice is a no-op and opening an
older database upgrades it in place (keeping its rows). Views are plain SQL files in
`warehouse/views/`, recreated on every read-write open so a code update never leaves a stale view.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tonghop.errors import TransientError

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
VIEWS_DIR = PACKAGE_DIR / "views"

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     VARCHAR PRIMARY KEY,   -- '0001', '0002', ...
    name        VARCHAR NOT NULL,      -- file name
    checksum    VARCHAR NOT NULL,      -- sha256 of the file when it ran
    applied_at  TIMESTAMP NOT NULL
)
"""


class WarehouseLockedError(TransientError, duckdb.IOException):
    """Another process holds the database for writing.

    Both a TransientError (flows retry it) and a duckdb.IOException (code that already waits
    on DuckDB's lock error keeps working).
    """


class MigrationError(RuntimeError):
    """A recorded migration file changed after it ran, or a file name is malformed."""


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse at `path`; read-write opens also migrate and refresh views.

    A read-only open neither migrates nor touches views (it cannot), so open the snapshot
    (`warehouse.snapshot.publish`) for reading while an ingest holds the main file.
    """
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseLockedError(
            f"Cơ sở dữ liệu {path.name} đang được một tiến trình khác ghi; hãy thử lại sau "
            f"hoặc mở bản chụp {path.stem}-snapshot{path.suffix} để đọc. | "
            f"The warehouse {path} is held by another process (an ingest?); retry later, or open "
            f"the snapshot {path.stem}-snapshot{path.suffix} to read."
        ) from exc
    try:
        apply_migrations(con)
        refresh_views(con)
    except Exception:
        con.close()
        raise
    return con


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[tuple[str, Path]]:
    """(version, path) of every migration file, in version order."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        m = _MIGRATION_NAME.match(path.name)
        if not m:
            raise MigrationError(f"migration file name must look like 0002_some_change.sql: {path.name}")
        found.append((m.group(1), path))
    versions = [v for v, _ in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version number in {directory}")
    return found


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def apply_migrations(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; return their file names.

    Raises MigrationError when an applied file was edited afterwards: add a new migration
    instead, since databases in the field already ran the old text.
    """
    con.execute(_LEDGER)
    done = dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())
    applied: list[str] = []
    for version, path in migration_files(directory):
        checksum = _checksum(path)
        if version in done:
            if done[version] != checksum:
                raise MigrationError(
                    f"{path.name} changed after it was applied (checksum differs); "
                    "write a new migration file instead of editing an applied one"
                )
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                [version, path.name, checksum, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(path.name)
    return applied


def view_files(directory: Path = VIEWS_DIR) -> list[Path]:
    return sorted(directory.glob("*.sql"))


_VIEW_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_views (
    name        VARCHAR PRIMARY KEY,   -- view (or table macro) name = file name without .sql
    checksum    VARCHAR NOT NULL,      -- sha256 of the file when the object was created
    created_at  TIMESTAMP NOT NULL
)
"""


def refresh_views(con: duckdb.DuckDBPyConnection, directory: Path = VIEWS_DIR) -> list[str]:
    """Recreate the views only when a view file changed, appeared or disappeared.

    Opening the warehouse happens often (the ingest opens it per burst of documents), so the
    ten CREATE statements are skipped when `schema_views` already matches the files.
    """
    con.execute(_VIEW_LEDGER)
    recorded = dict(con.execute("SELECT name, checksum FROM schema_views").fetchall())
    wanted = {p.stem: _checksum(p) for p in view_files(directory)}
    present = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
            "UNION SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro' "
            "AND database_name = current_database()"
        ).fetchall()
    }
    if recorded == wanted and set(wanted) <= present:
        return []
    for gone in sorted(set(recorded) - set(wanted)):
        con.execute(f'DROP VIEW IF EXISTS "{gone}"')
        con.execute(f'DROP MACRO TABLE IF EXISTS "{gone}"')
    return create_views(con, directory)


def create_views(con: duckdb.DuckDBPyConnection, directory: Path = VIEWS_DIR) -> list[str]:
    """(Re)create every view (and the search macro) from `views/*.sql`; return their names.

    One object per file, named like the file. Files may depend on each other (e.g. on
    `current_documents`), so files that fail for a missing dependency are retried after
    the others until no progress is made. Records each file's checksum in `schema_views`.
    """
    con.execute(_VIEW_LEDGER)
    pending = view_files(directory)
    created: list[str] = []
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for path in pending:
            try:
                con.execute(path.read_text(encoding="utf-8"))
                created.append(path.stem)
            except duckdb.CatalogException as exc:
                failed.append((path, exc))
        if len(failed) == len(pending):
            path, exc = failed[0]
            raise RuntimeError(f"cannot create view {path.name}: {exc}") from exc
        pending = [p for p, _ in failed]
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("DELETE FROM schema_views")
    con.executemany(
        "INSERT INTO schema_views VALUES (?, ?, ?)",
        [[p.stem, _checksum(p), now] for p in view_files(directory)],
    )
    return created
