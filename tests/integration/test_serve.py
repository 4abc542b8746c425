"""`tonghop serve`: a Prefect deployment that ingests files dropped into an inbox."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration


def test_serve_ingests_files_dropped_into_the_inbox(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "serve.duckdb"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tonghop.cli", "serve", str(inbox), "--db", str(db), "--interval", "5",
         "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    snapshot = tmp_path / "serve-snapshot.duckdb"
    try:
        shutil.copy(ROOT / "examples" / "rendered" / "hu-tan-lap-ct07.docx", inbox / "bao-cao tan lap.docx")
        deadline = time.monotonic() + 300
        rows = []
        while time.monotonic() < deadline and not rows:
            time.sleep(3)
            if snapshot.exists():
                con = duckdb.connect(str(snapshot), read_only=True)
                try:
                    rows = con.execute("select file_name, status, unit_id, error from documents").fetchall()
                finally:
                    con.close()
        assert [r[:3] for r in rows] == [("bao-cao tan lap.docx", "ok", "hu-tan-lap")], rows
        assert proc.poll() is None  # still serving
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
