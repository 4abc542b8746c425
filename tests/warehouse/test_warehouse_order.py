"""Whatever order files arrive in, the same report of each unit ends up current."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.warehouse import fixture_campaign, fixture_documents
from warehouse import load
from warehouse.db import connect

# the duplicate copy is left out: which of two identical files is "first" does depend on order
DOCS = [d for _, d in fixture_documents() if d.source.path != "inbox/email/bc-lam-giang.pdf"]


def _final_state(order: list[int]) -> dict[str, tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "w.duckdb")
        load.sync_campaign(con, fixture_campaign())
        for i in order:
            load.write_document(con, DOCS[i], run_id="r", campaign_id="ct07-2022")
        rows = con.execute("SELECT file_name, status, superseded_by FROM documents").fetchall()
        con.close()
    return {r[0]: r[1:] for r in rows}


@functools.cache
def _reference() -> dict[str, tuple]:
    return _final_state(list(range(len(DOCS))))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(DOCS))))
def test_final_statuses_do_not_depend_on_arrival_order(order: list[int]) -> None:
    reference = _reference()
    assert reference["bc-phu-an-v1.docx"][0] == "superseded"
    assert _final_state(order) == reference
