"""Shared test fixtures.

Prefect's ephemeral server takes seconds to start, so integration tests share one harness
per session; unit tests never start it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


def query(db: Path, sql: str, params=()) -> list[tuple]:
    """Rows of one query on a warehouse file, opened read-only and closed again."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params or ())).fetchall()
    finally:
        con.close()

# Hypothesis, for every test that uses it: no per-example deadline (the box is shared). The
# default profile (`make test`, CI) draws the same examples every run, so a red CI always means a
# change broke something; `HYPOTHESIS_PROFILE=long` draws 2,000 fresh random examples per test to
# look for new failures (add any it finds as an `@example`).
settings.register_profile("tonghop", deadline=None, max_examples=100, derandomize=True)
settings.register_profile("long", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tonghop"))


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
