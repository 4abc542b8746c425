"""kill -9 at any point, run again: the same warehouse as an uninterrupted run.

Real processes, a real DuckDB file, Prefect's real ephemeral server: the ingest CLI is
started, killed with SIGKILL (with its workers) at several moments, then run to completion.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

TONGHOP = [sys.executable, "-m", "tonghop.cli"]
FILES = ["hu-tan-lap-ct07.pdf", "hu-yen-hoa-ct07.docx", "so-tttt-ct07.pdf", "tu-lam-giang-ct07.docx",
         "dai-ptth-ct07.pdf", "gui-lai-dai-ptth-ct07.pdf", "hoi-lhpn-tinh-bao-cao.pdf"]


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING")
    env.pop("PREFECT_API_URL", None)
    return env


def _ingest(inbox: Path, db: Path, tmp: Path) -> subprocess.Popen:
    log = (tmp / f"{db.stem}.log").open("ab")
    return subprocess.Popen(
        [*TONGHOP, "ingest", str(inbox), "--db", str(db), "--workers", "1", "--no-snapshot"],
        cwd=ROOT, env=_env(tmp), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def _completes(inbox: Path, db: Path, tmp: Path) -> None:
    rc = _ingest(inbox, db, tmp).wait(timeout=600)
    assert rc == 0, (tmp / f"{db.stem}.log").read_text(errors="replace")[-3000:]


def _state(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute(
            "select file_name, status, sha256, unit_id, duplicate_of is not null from documents order by 1"
        ).fetchall()
        per_doc = con.execute(
            "select d.file_name, count(s.seq), count(distinct s.seq) from documents d "
            "left join sentences s using (doc_id) group by 1 order by 1"
        ).fetchall()
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                  for t in ("sentences", "findings", "finding_topics", "figures")}
        running = con.execute("select count(*) from runs where status = 'running'").fetchone()[0]
    finally:
        con.close()
    return {"docs": docs, "per_doc": per_doc, "counts": counts, "running": running}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    box = tmp_path_factory.mktemp("crash") / "inbox"
    box.mkdir()
    for name in FILES:
        shutil.copy(ROOT / "examples" / "inbox" / name, box / name)
    return box


def test_kill9_then_rerun_equals_uninterrupted_run(inbox, tmp_path):
    reference = tmp_path / "reference.duckdb"
    _completes(inbox, reference, tmp_path)
    expected = _state(reference)
    assert len(expected["docs"]) == len(FILES)

    crashed = tmp_path / "crashed.duckdb"
    for delay in (9.0, 16.0, 24.0):
        proc = _ingest(inbox, crashed, tmp_path)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    _completes(inbox, crashed, tmp_path)

    got = _state(crashed)
    assert got["docs"] == expected["docs"]
    assert got["per_doc"] == expected["per_doc"]
    for _name, n, distinct in got["per_doc"]:
        assert n == distinct  # no sentence stored twice
    assert got["counts"] == expected["counts"]
    assert got["running"] == 0  # runs that were killed are marked failed
