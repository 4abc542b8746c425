"""Exports in the three formats hold every table and view with all their rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from warehouse.db import connect
from warehouse.export import export, relations, sheet_names


@pytest.fixture(scope="module")
def con(fixture_db: Path):
    c = connect(fixture_db, read_only=True)
    yield c
    c.close()


def _expected(con) -> dict[str, int]:
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name, _ in relations(con)}


def test_relations_include_tables_and_views(con) -> None:
    names = {n for n, _ in relations(con)}
    assert {"documents", "sentences", "schema_migrations", "submission_status", "framework_matrix"} <= names


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_file_per_relation(con, tmp_path: Path, fmt: str) -> None:
    expected = _expected(con)
    files = export(con, fmt, tmp_path)
    assert {f.stem for f in files} == set(expected)
    reader = duckdb.connect()
    for f in files:
        fn = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        assert reader.execute(f"SELECT count(*) FROM {fn}('{f}')").fetchall()[0][0] == expected[f.stem], f.name
    if fmt == "parquet":  # types survive: lists stay lists
        topics = reader.execute(
            f"SELECT topics FROM read_parquet('{tmp_path / 'current_findings.parquet'}') WHERE len(topics) > 1 LIMIT 1"
        ).fetchall()
        assert isinstance(topics[0][0], list)


def test_xlsx_one_sheet_per_relation(con, tmp_path: Path) -> None:
    expected = _expected(con)
    [path] = export(con, "xlsx", tmp_path)
    wb = load_workbook(path, read_only=True)
    titles = sheet_names(list(expected))
    assert wb.sheetnames == [titles[n] for n in expected]
    assert all(len(t) <= 31 for t in wb.sheetnames)
    for name, count in expected.items():
        assert sum(1 for _ in wb[titles[name]].iter_rows(values_only=True)) == count + 1, name  # header + rows
    header = next(wb[titles["current_findings"]].iter_rows(max_row=1, values_only=True))
    assert "topics" in header


def test_sheet_names_are_short_and_unique() -> None:
    names = ["a" * 40, "a" * 35, "x:y/z", "Sheet"]
    titles = sheet_names(names)
    assert all(len(t) <= 31 for t in titles.values())
    assert len(set(titles.values())) == 4
    assert titles["x:y/z"] == "x_y_z"


def test_unknown_format_is_refused(con, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export(con, "json", tmp_path)  # type: ignore[arg-type]


def test_long_relation_continues_on_more_sheets(con, tmp_path: Path) -> None:
    [path] = export(con, "xlsx", tmp_path, max_rows_per_sheet=40)
    wb = load_workbook(path, read_only=True)
    n = con.execute("SELECT count(*) FROM sentences").fetchall()[0][0]
    parts = [t for t in wb.sheetnames if t == "sentences" or t.startswith("sentences~")]
    assert len(parts) == -(-n // 40)
    assert sum(sum(1 for _ in wb[t].iter_rows(values_only=True)) - 1 for t in parts) == n
