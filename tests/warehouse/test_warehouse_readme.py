"""The ten example questions of warehouse/README.md run on the fixture warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse.db import PACKAGE_DIR
from warehouse.snapshot import publish

README = PACKAGE_DIR / "README.md"
BLOCKS = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_ten_questions() -> None:
    assert len(BLOCKS) == 10


@pytest.fixture(scope="module")
def snapshot_con(fixture_db: Path):
    import duckdb

    path = publish(fixture_db)  # analysts run these on the snapshot
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("n", range(len(BLOCKS)), ids=[f"q{i + 1}" for i in range(len(BLOCKS))])
def test_readme_query_runs_and_answers(snapshot_con, n: int) -> None:
    rows = snapshot_con.execute(BLOCKS[n]).fetchall()
    assert rows, f"README question {n + 1} returned nothing on the fixture"


def test_readme_answers_match_the_fixture(snapshot_con) -> None:
    from tests.fixtures.warehouse import EXPECTED

    q = {i + 1: snapshot_con.execute(sql).fetchall() for i, sql in enumerate(BLOCKS)}
    assert {r[0] for r in q[2]} == set(EXPECTED["funding_limitation_units"])
    assert q[3][0][0] == EXPECTED["xa_truyen_thanh_cntt_total"]
    assert {(r[0], r[2]) for r in q[4]} == {(u, s) for u, s in EXPECTED["submission"].items() if s != "sent"}
    assert len(q[5]) == 3 and len(q[6]) == 4
    assert q[1][0][1] == 4  # the most reported limitation is raised by four units
