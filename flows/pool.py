"""Worker processes for the heavy per-file work (no Prefect here).

Extraction, OCR and NLP hold the GIL, so files are read in processes. The Prefect task for a
file runs in a thread of the flow's process and hands the file to this pool: Prefect's
bookkeeping (states, cache, retries) then costs a few milliseconds per file, where running
the task engine itself in each worker process re-built Prefect's settings and API client
for every task (~0.1 CPU s per file, measured with `bench/ingest.py`).

A worker that dies (a crash inside a C library, the kernel's OOM killer) breaks the whole
executor and every file in flight with it. The pool then starts a fresh executor and raises
`WorkerCrashed`, a transient error, so each of those files is retried there and only the
file that keeps crashing its worker ends as a recorded failure.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from tonghop.errors import TransientError

T = TypeVar("T")


class WorkerCrashed(TransientError):
    """The worker process died while files were in flight; they are retried in a new one."""


class WorkerPool:
    """A process pool shared by the threads of one flow run; replaced when a worker dies."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()):
        self.workers = max(1, workers)
        self.initializer, self.initargs = initializer, initargs
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the flow's process runs threads (Prefect, DuckDB) that a
                # fork would copy mid-flight
                self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=self.initializer, initargs=self.initargs)
            return self._executor

    def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(*args)` in a worker process and wait for its result (or its exception)."""
        executor = self._current()
        try:
            return executor.submit(_call, fn, *args).result()
        except BrokenProcessPool as exc:
            with self._lock:
                if self._executor is executor:  # the first thread to see the break replaces it
                    self._executor = None
                    executor.shutdown(wait=False, cancel_futures=True)
            raise WorkerCrashed(f"a worker process died while reading files ({exc})") from exc

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _call(fn: Callable[..., T], *args: object) -> T:
    """Run in the worker: an exception that cannot be pickled back would break the whole pool."""
    try:
        return fn(*args)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
        raise
