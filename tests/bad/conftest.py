"""Fixtures for the bad-input corpus: each test writes its one file with tests/data/bad/make_bad.py
and runs it through the same per-file steps as the ingest flow (hash → process → outcome)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def campaign():
    from tonghop.campaign import load_campaign

    return load_campaign()


@pytest.fixture
def outcome(campaign, tmp_path):
    """`outcome(kind)` → (path, ProcessedDocument), exactly as flows.ingest records a file."""
    from flows.steps import process_file, rejected, source_file, unreadable_source
    from tests.data.bad.make_bad import KINDS
    from tonghop.errors import BadInputError

    def run(kind: str):
        path = KINDS[kind](tmp_path)
        try:
            src = source_file(path)
        except BadInputError as err:  # what flows.ingest._plan does with an unhashable file
            return path, rejected(unreadable_source(path), err)
        return path, process_file(src, campaign, workdir=tmp_path / "work")

    return run
