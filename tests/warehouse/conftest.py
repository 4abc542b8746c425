"""Shared fixtures: one fixture warehouse per test session, copied when a test writes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests.fixtures` is imported as a package from the repo root
    sys.path.insert(0, str(ROOT))

from tests.fixtures.warehouse import build_fixture_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture warehouse; tests must only read it (use `fresh_db` to write)."""
    return build_fixture_warehouse(tmp_path_factory.mktemp("fixture") / "tonghop.duckdb")


@pytest.fixture
def fresh_db(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture warehouse that a test may change."""
    target = tmp_path / "tonghop.duckdb"
    shutil.copy(fixture_db, target)
    return target
