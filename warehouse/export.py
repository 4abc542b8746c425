"""Export every table and view of the warehouse to Parquet, CSV or one Excel workbook.

For analysts who work outside SQL: Parquet keeps types (lists stay lists), CSV writes lists as
"[a, b]", and the workbook has one sheet per table or view with lists joined by "; ".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

Fmt = Literal["parquet", "csv", "xlsx"]
XLSX_NAME = "tonghop.xlsx"
_EXCEL_CELL_MAX = 32_767
EXCEL_MAX_ROWS = 1_048_576
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of the warehouse's own relations, tables first, by name."""
    rows = con.execute(
        """SELECT table_name, 'table' FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
           UNION ALL
           SELECT view_name, 'view' FROM duckdb_views()
           WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
           ORDER BY 2, 1"""
    ).fetchall()
    return [(name, kind) for name, kind in rows]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sheet_names(names: list[str]) -> dict[str, str]:
    """Excel sheet titles: at most 31 characters, unique, no []:*?/\\ characters."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
        title, n = base, 1
        while title.lower() in used:
            n += 1
            suffix = f"~{n}"
            title = base[: 31 - len(suffix)] + suffix
        used.add(title.lower())
        out[name] = title
    return out


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join("" if v is None else str(v) for v in value)
    text = _ILLEGAL_XML.sub("", str(value))
    return text[:_EXCEL_CELL_MAX]


def export(
    con: duckdb.DuckDBPyConnection, fmt: Fmt, out_dir: Path, *, max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1
) -> list[Path]:
    """Write every table and view to `out_dir`; return the files written (xlsx: one file).

    A relation longer than an Excel sheet continues on sheets suffixed "~2", "~3", ...
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rels = relations(con)
    if fmt in ("parquet", "csv"):
        options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
        written = []
        for name, _ in rels:
            path = out_dir / f"{name}.{fmt}"
            con.execute(f"COPY (SELECT * FROM {_quote(name)}) TO {_literal(str(path))} {options}")
            written.append(path)
        return written
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}; use parquet, csv or xlsx")
    from openpyxl import Workbook  # imported here: only the xlsx export needs it

    workbook = Workbook(write_only=True)
    titles = sheet_names([name for name, _ in rels])
    for name, _ in rels:
        result = con.execute(f"SELECT * FROM {_quote(name)}")
        header = [d[0] for d in result.description]
        sheet, rows, part = workbook.create_sheet(titles[name]), 0, 1
        sheet.append(header)
        while batch := result.fetchmany(2000):
            for row in batch:
                if rows == max_rows_per_sheet:  # Excel's limit: continue on "<title>~2", ...
                    part += 1
                    suffix = f"~{part}"
                    sheet, rows = workbook.create_sheet(titles[name][: 31 - len(suffix)] + suffix), 0
                    sheet.append(header)
                sheet.append([_cell(v) for v in row])
                rows += 1
    path = out_dir / XLSX_NAME
    workbook.save(path)
    return [path]
