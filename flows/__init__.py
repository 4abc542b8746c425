"""Prefect flows: the only package that imports Prefect.

Settings Prefect reads once at import: its ephemeral server needs more than the default 20 s to
start on a busy 2-core machine, and telemetry can only fail on a closed network.
"""

import os

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
