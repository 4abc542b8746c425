"""Always-on inbox: a Prefect deployment that scans a folder on a schedule and ingests.

The secretariat just drops files into the inbox; unchanged files cost a hash and a lookup,
so a frequent schedule is cheap. Schedules need Prefect's scheduler service, which the
ephemeral server does not run: without PREFECT_API_URL, `serve_inbox` starts a local
`prefect server start` (UI included) for as long as it serves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from flows.ingest import ingest_flow, ingest_runner, shared_api
from tonghop.errors import TransientError


def _free_port(preferred: int = 4200) -> int:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_server(timeout_s: float = 180.0) -> Iterator[str | None]:
    """Yield the API URL to use: the configured one, or a `prefect server start` of our own."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    url = get_current_settings().api.url
    if url:
        yield str(url)
        return
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2):
                    break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise TransientError(f"the local Prefect server did not start on port {port}") from exc
                time.sleep(1)
        print(f"Prefect UI: http://127.0.0.1:{port}", flush=True)
        os.environ["PREFECT_API_URL"] = api
        with temporary_settings(updates={PREFECT_API_URL: api}):
            yield api
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def serve_inbox(inbox: str, db: str, campaign_path: str | None, workers: int, interval_s: int) -> None:
    """Block, running the ingest flow over `inbox` every `interval_s` seconds."""
    flow = ingest_flow.with_options(task_runner=ingest_runner(workers))
    with local_server(), shared_api(db):  # flow runs use this API
        flow.serve(
            name="tonghop-inbox",
            interval=interval_s,
            parameters={"paths": [inbox], "db": db, "campaign_path": campaign_path, "workers": workers},
            description=f"Ingest new files dropped into {inbox}",
            tags=["tonghop", "inbox"],
            limit=1,  # one batch at a time: the warehouse has a single writer
        )
