"""Migrations, views and the agreement between the Python enums and the SQL CHECKs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tonghop.models import BlockKind, Category, CauseType, DocStatus, Format
from warehouse.db import (
    MIGRATIONS_DIR,
    VIEWS_DIR,
    MigrationError,
    apply_migrations,
    connect,
    create_views,
    refresh_views,
)


def _versions(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]


def test_connect_applies_every_migration_once(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    files = sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
    assert [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()] == files
    assert apply_migrations(con) == []
    con.close()
    con = connect(tmp_path / "w.duckdb")  # reopening is a no-op too
    assert _versions(con) == [f[:4] for f in files]
    checksums = con.execute("SELECT checksum FROM schema_migrations").fetchall()
    assert all(re.fullmatch(r"[0-9a-f]{64}", c[0]) for c in checksums)


def test_upgrade_from_0001_only_keeps_rows(tmp_path: Path) -> None:
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", only_first)
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    assert apply_migrations(con, only_first) == ["0001_initial.sql"]
    con.execute(
        "INSERT INTO documents (doc_id, file_name, sha256, status, ingested_at, run_id) "
        "VALUES ('d1', 'a.pdf', 'abc', 'ok', now(), 'r0')"
    )
    con.execute(
        "INSERT INTO sentences (doc_id, seq, sha256, run_id, text, category) "
        "VALUES ('d1', 1, 'abc', 'r0', 'Câu một.', 'achievement')"
    )
    con.close()

    con = connect(db)  # applies 0002+ and creates the views
    assert _versions(con)[0] == "0001" and len(_versions(con)) >= 2
    assert con.execute("SELECT doc_id, status, base_status FROM documents").fetchall() == [("d1", "ok", "ok")]
    assert con.execute("SELECT text, model_category FROM sentences").fetchall() == [("Câu một.", None)]
    assert con.execute("SELECT count(*) FROM current_sentences").fetchall() == [(1,)]


def test_edited_migration_is_refused(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con, migrations)
    with (migrations / "0001_initial.sql").open("a") as fh:
        fh.write("\n-- edited later\n")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        apply_migrations(con, migrations)


def test_failed_migration_rolls_back_and_is_not_recorded(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    (migrations / "0099_broken.sql").write_text("CREATE TABLE half (x INTEGER);\nSELECT * FROM nowhere;\n")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(duckdb.CatalogException):
        apply_migrations(con, migrations)
    assert "0099" not in _versions(con)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half'").fetchall() == [(0,)]


def _check_values(con: duckdb.DuckDBPyConnection, table: str, column: str) -> set[str]:
    texts = [
        r[0]
        for r in con.execute(
            "SELECT constraint_text FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'CHECK'",
            [table],
        ).fetchall()
    ]
    mine = [t for t in texts if re.search(rf"\b{column}\b\s+IN\s*\(", t, re.I)]
    assert len(mine) == 1, (table, column, texts)
    return set(re.findall(r"'([^']*)'", mine[0]))


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("sentences", "category", Category),
        ("findings", "category", Category),
        ("corrections", "category", Category),
        ("sentences", "cause_type", CauseType),
        ("findings", "cause_type", CauseType),
        ("corrections", "cause_type", CauseType),
        ("documents", "status", DocStatus),
        ("documents", "format", Format),
        ("sentences", "block_kind", BlockKind),
    ],
)
def test_enum_values_equal_sql_checks(tmp_path: Path, table: str, column: str, enum: type) -> None:
    con = connect(tmp_path / "w.duckdb")
    assert _check_values(con, table, column) == {e.value for e in enum}


def test_every_view_file_is_documented_and_creates_its_object(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    objects = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION "
            "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'"
        ).fetchall()
    }
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"-- {path.stem}"), path.name
        header = text.split("CREATE", 1)[0]
        assert "Grain:" in header and "Columns:" in header, path.name
        assert path.stem in objects, path.name
        assert len(re.findall(r"^CREATE ", text, re.M)) == 1, f"{path.name}: one object per file"
    # recreating every view on an existing database works (each read-write open does it)
    assert set(create_views(con)) == {p.stem for p in VIEWS_DIR.glob("*.sql")}


def test_locked_database_is_a_transient_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tonghop.errors import TransientError

    db = tmp_path / "w.duckdb"
    connect(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(TransientError, match="snapshot") as caught:
            connect(db)
        # code that waits on DuckDB's own lock error keeps working
        assert isinstance(caught.value, duckdb.IOException)
    finally:
        holder.communicate("", timeout=30)


def test_views_are_recreated_only_when_their_files_change(tmp_path: Path) -> None:
    views = tmp_path / "views"
    shutil.copytree(VIEWS_DIR, views)
    con = connect(tmp_path / "w.duckdb")
    assert refresh_views(con, views) == []  # same files as the package: nothing to do
    con.execute("DROP VIEW recent_runs")
    assert "recent_runs" in refresh_views(con, views)  # a missing view is put back
    (views / "recent_runs.sql").write_text(
        "-- recent_runs: test\nCREATE OR REPLACE VIEW recent_runs AS SELECT run_id FROM runs;\n"
    )
    assert "recent_runs" in refresh_views(con, views)
    assert [d[0] for d in con.execute("SELECT * FROM recent_runs").description] == ["run_id"]
    (views / "problems_by_unit.sql").unlink()
    refresh_views(con, views)
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'problems_by_unit'").fetchall() == [(0,)]
    assert refresh_views(con, views) == []
