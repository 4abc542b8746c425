"""Always-on inbox: a Prefect deployment that scans a folder on a schedule and ingests.

The secretariat just drops files into the inbox; unchanged files cost a hash and a lookup,
so a frequent schedule is cheap. Runs are visible in the Prefect UI when PREFECT_API_URL
points at `prefect server start`.
"""

from __future__ import annotations

from prefect.task_runners import ProcessPoolTaskRunner

from flows.ingest import ingest_flow


def serve_inbox(inbox: str, db: str, campaign_path: str | None, workers: int, interval_s: int) -> None:
    """Block, running the ingest flow over `inbox` every `interval_s` seconds."""
    flow = ingest_flow.with_options(task_runner=ProcessPoolTaskRunner(max_workers=max(1, workers)))
    flow.serve(
        name="tonghop-inbox",
        interval=interval_s,
        parameters={"paths": [inbox], "db": db, "campaign_path": campaign_path, "workers": workers},
        description=f"Ingest new files dropped into {inbox}",
        tags=["tonghop", "inbox"],
        limit=1,  # one batch at a time: the warehouse has a single writer
    )
