"""Every command explains itself and shows an example."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tonghop.cli import app

COMMANDS = ["ingest", "synthesize", "sql", "status", "export", "relabel", "train", "evaluate", "serve", "corrections"]


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_example(name):
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert f"tonghop {name}" in result.output


def test_sql_on_missing_db_says_what_to_do(tmp_path):
    result = CliRunner().invoke(app, ["sql", "select 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "tonghop ingest" in result.output
