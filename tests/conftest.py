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


def task_runs(flow_run_id: str, prefix: str, expected: int, timeout_s: float = 30.0) -> list:
    """The flow run's task runs named `prefix…` once `expected` of them are final.

    The server records task-run states in batches (flows/__init__.py), so they appear a
    moment after the flow returns.
    """
    import time

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    deadline = time.monotonic() + timeout_s
    of_flow = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    with get_client(sync_client=True) as client:
        while True:
            runs = [t for t in client.read_task_runs(flow_run_filter=of_flow) if t.name.startswith(prefix)]
            if sum(t.state_type is not None and t.state_type.value in ("COMPLETED", "FAILED", "CRASHED")
                   for t in runs) >= expected or time.monotonic() > deadline:
                return runs
            time.sleep(0.5)


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
