"""Prefect flows: the only package that imports Prefect.

Settings Prefect reads once at import: its ephemeral server needs more than the default 20 s to
start on a busy 2-core machine, and telemetry can only fail on a closed network. A server started
from here (the ephemeral one, or `tonghop serve`'s) records task-run states in batches every
2 s instead of one database transaction per state: with the worker processes busy on every core,
one write per state cost the server ~30 ms of CPU per file against ~12 ms batched
(bench/ingest.py), and the UI shows a task's state at most 2 s late.
"""

import os

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE", "100")
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL", "2")
