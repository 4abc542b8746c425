"""Fixtures of the synthesis tests: the shared fixture warehouse, built once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests.fixtures` is imported as a package from the repo root
    sys.path.insert(0, str(ROOT))

from reports.build import build_synthesis  # noqa: E402
from reports.model import Synthesis  # noqa: E402
from tests.fixtures.warehouse import build_fixture_warehouse, fixture_campaign  # noqa: E402
from warehouse.db import connect  # noqa: E402


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def campaign():
    return fixture_campaign()


@pytest.fixture(scope="session")
def synthesis(fixture_db, campaign) -> Synthesis:
    con = connect(fixture_db, read_only=True)
    try:
        return build_synthesis(con, campaign)
    finally:
        con.close()
