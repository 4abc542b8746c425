"""Ingest flow: one flow run per batch, one task per file, one writer to DuckDB.

Each file's task runs in a thread of the flow's process and reads the file in a worker
process of the run's pool (flows.pool); only this flow's process writes to the warehouse,
opening the database just for each short write burst so analysts' reads are blocked as
little as possible, and publishing a read-only snapshot at the end.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext, get_run_context
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.pool import WorkerCrashed, WorkerPool
from flows.steps import discover, process_file, rejected, source_file, unreadable_source, warm_up
from tonghop.campaign import load_campaign
from tonghop.errors import BadInputError, TransientError
from tonghop.models import DocStatus, ExtractedDocument, ProcessedDocument, SourceFile

# The CLI sets this to drive its progress bar; Prefect parameters must stay serialisable.
progress_hook: Callable[[str, str], None] | None = None


@dataclass
class IngestSummary:
    run_id: str
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (file, outcome, message)
    snapshot: str | None = None

    def add(self, file_name: str, outcome: str, message: str = "") -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.rows.append((file_name, outcome, message))
        if progress_hook:
            progress_hook(file_name, outcome)


def _retry_transient(task, task_run, state) -> bool:
    """Retry only failures of the environment, never bad input."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


def _cache_key(context, parameters: dict) -> str:
    """Same bytes, same extractor and model, same campaign file -> the same result."""
    return f"{parameters['source'].sha256}-{parameters['cache_tag']}"


@task(
    name="process-file",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_transient,
    cache_key_fn=_cache_key,
    persist_result=True,
    cache_result_in_memory=False,  # keep memory flat: results live on disk until the writer takes them
    task_run_name="process {source.file_name}",
)
def process_file_task(source: SourceFile, campaign_path: str | None, workdir: str, cache_tag: str) -> ProcessedDocument:
    """Read the file in a worker process of the run's pool. `cache_tag` (versions + campaign
    hash) only feeds the cache key."""
    ctx = TaskRunContext.get()
    pool = _POOLS.get(str(ctx.task_run.flow_run_id)) if ctx else None
    if pool is None:  # called outside an ingest flow run: read it here
        return _read_file(source, campaign_path, workdir)
    return pool.run(_read_file, source, campaign_path, workdir)


def _read_file(source: SourceFile, campaign_path: str | None, workdir: str) -> ProcessedDocument:
    return process_file(source, load_campaign(campaign_path), Path(workdir))


# The worker pool of each running ingest flow run, by flow run id (the tasks run in its threads).
_POOLS: dict[str, WorkerPool] = {}


@contextmanager
def _run_pool(flow_run_id: str, workers: int, campaign_path: str | None):
    with WorkerPool(workers, warm_up, (campaign_path,)) as pool:
        _POOLS[flow_run_id] = pool
        try:
            yield pool
        finally:
            del _POOLS[flow_run_id]


def _cache_tag(versions: tuple[str, str], campaign_source: str) -> str:
    digest = hashlib.sha256(Path(campaign_source).read_bytes()).hexdigest()[:12] if campaign_source else "none"
    return f"{versions[0]}-{versions[1]}-{digest}"


def open_writer(db: str, wait_s: float = 120.0):
    """Open the warehouse for writing, waiting while another process holds its lock.

    DuckDB allows one writing process; a second ingest (or an analyst who opened the main file
    instead of the snapshot) holds it only briefly, so waiting beats failing the batch.
    """
    import duckdb

    from warehouse.db import connect

    deadline = time.monotonic() + wait_s
    delay = 0.2
    while True:
        try:
            con = connect(db)
            # the worker processes use the cores; DuckDB's own thread pool only adds contention
            # to these small writes (~15 % of the writer's CPU)
            con.execute("SET threads = 1")
            return con
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise TransientError(f"warehouse {db} is locked by another process: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _duplicate(src: SourceFile, unit_id: str | None, versions: tuple[str, str]) -> ProcessedDocument:
    """Same bytes as a file already read (by `unit_id`): recorded without reading it again."""
    from extractors import sniff

    fmt = sniff(Path(src.path))
    return ProcessedDocument(
        source=src, status=DocStatus.DUPLICATE, format=fmt, unit_id=unit_id,
        extracted=ExtractedDocument(format=fmt, blocks=(), extractor_version=versions[0]),
        model_version=versions[1],
    )


def _versions() -> tuple[str, str]:
    from extractors import EXTRACTOR_VERSION
    from nlp import model_version

    return EXTRACTOR_VERSION, model_version()


# Each burst opens and closes (checkpoints) the warehouse, about 40 ms of the writer's CPU, and is
# one transaction: bursts of up to 16 documents or 5 s; a crash loses at most the buffer, whose
# task results persist on disk.
BURST_DOCS, BURST_SECONDS = 16, 5.0


class _Writer:
    """Buffers results and writes them in short bursts."""

    def __init__(self, db: str, run_id: str, campaign_id: str, max_docs: int = BURST_DOCS,
                 max_wait: float = BURST_SECONDS):
        self.db, self.run_id, self.campaign_id = db, run_id, campaign_id
        self.max_docs, self.max_wait = max_docs, max_wait
        self.buffer: list[ProcessedDocument] = []
        self.last = time.monotonic()

    def add(self, doc: ProcessedDocument) -> list[tuple[ProcessedDocument, str, str]]:
        self.buffer.append(doc)
        return self.maybe_flush()

    def maybe_flush(self) -> list[tuple[ProcessedDocument, str, str]]:
        """Flush when the buffer is full or has waited long enough."""
        if len(self.buffer) >= self.max_docs or time.monotonic() - self.last > self.max_wait:
            return self.flush()
        return []

    def flush(self) -> list[tuple[ProcessedDocument, str, str]]:
        """Write the buffer (one transaction); each document with its outcome and the note shown beside it."""
        from warehouse.load import outcome_note, write_documents

        done: list[tuple[ProcessedDocument, str, str]] = []
        if self.buffer:
            con = open_writer(self.db)
            try:
                statuses = write_documents(con, self.buffer, run_id=self.run_id, campaign_id=self.campaign_id)
                done = [(doc, status, outcome_note(con, doc, status)) for doc, status in zip(self.buffer, statuses,
                                                                                             strict=True)]
            finally:
                con.close()
        self.buffer, self.last = [], time.monotonic()
        return done


def _plan(paths: Iterable[str], db: str, versions: tuple[str, str]) -> tuple[list[SourceFile], list, list, list]:
    """Hash and archive every file, then split: to process, unchanged, duplicate, unreadable.

    Hashing happens before the database is opened so the write lock is held only for lookups.
    """
    from warehouse.archive import archive_root, store
    from warehouse.load import lookup

    archive = archive_root(db)
    sources: list[SourceFile] = []
    bad: list[tuple[SourceFile, BadInputError]] = []
    for path in discover(paths):
        try:
            src = source_file(path)
            store(Path(src.path), src.sha256, archive)
        except BadInputError as err:
            bad.append((unreadable_source(path), err))
            continue
        sources.append(src)
    todo: list[SourceFile] = []
    unchanged: list[SourceFile] = []
    duplicates: list[tuple[SourceFile, str | None]] = []
    con = open_writer(db)
    try:
        for src in sources:
            known = lookup(con, src.sha256, src.path)
            if known is None:
                todo.append(src)
            elif known.same_path and (known.extractor_version, known.model_version) == versions:
                unchanged.append(src)
            elif not known.same_path and known.status in ("ok", "partial", "superseded"):
                # Same bytes already read under another name: no need to read again.
                (unit_id,) = con.execute("SELECT unit_id FROM documents WHERE doc_id = ?", [known.doc_id]).fetchone()
                duplicates.append((src, unit_id))
            else:
                todo.append(src)
    finally:
        con.close()
    return todo, unchanged, duplicates, bad


@flow(name="tonghop-ingest")
def ingest_flow(
    paths: list[str],
    db: str = "tonghop.duckdb",
    campaign_path: str | None = None,
    workers: int = 1,
    snapshot: bool = True,
) -> IngestSummary:
    """Ingest files/folders into the warehouse; every file ends in exactly one outcome."""
    from warehouse.load import finish_run, run_count_key, start_run, sync_campaign

    logger = get_run_logger()
    campaign = load_campaign(campaign_path)
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    versions = _versions()
    flow_run_id = str(get_run_context().flow_run.id)
    con = open_writer(db)
    try:
        # A run still 'running' here was killed: nothing it committed is lost, but say it failed.
        con.execute("UPDATE runs SET status = 'failed', finished_at = now() WHERE status = 'running'")
        sync_campaign(con, campaign)
        start_run(con, run_id, campaign.id, extractor_version=versions[0], model_version=versions[1],
                  flow_run_id=flow_run_id)
    finally:
        con.close()

    summary = IngestSummary(run_id=run_id)
    todo, unchanged, duplicates, bad = _plan(paths, db, versions)
    writer = _Writer(db, run_id, campaign.id)
    cache_tag = _cache_tag(versions, campaign.source)

    results = results_dir(db)

    def record(done: list[tuple[ProcessedDocument, str, str]]) -> None:
        for doc, status, note in done:
            # Committed: the persisted task result has done its job (bridging a crash between
            # computing and writing), so the results folder does not grow with every file.
            (results / f"{doc.source.sha256}-{cache_tag}").unlink(missing_ok=True)
            summary.add(doc.source.file_name, run_count_key(status), note)
            if status in (DocStatus.REJECTED, DocStatus.PARTIAL):
                logger.warning("%s %s: %s", status, doc.source.file_name, doc.error)

    for src in unchanged:
        summary.add(src.file_name, "unchanged")
    for src, err in bad:
        record(writer.add(rejected(src, err, campaign=campaign)))
    for src, unit_id in duplicates:
        record(writer.add(_duplicate(src, unit_id, versions)))

    with tempfile.TemporaryDirectory(prefix="tonghop-work-") as workdir, _run_pool(flow_run_id, workers, campaign_path):
        window = _window(workers)
        pending = list(reversed(todo))
        in_flight: dict = {}
        # A copy of a file in flight waits until the first is in the writer's buffer: the one
        # listed first is then always the original and the copy its duplicate, however the
        # threads race (the copy's task is then usually a cache hit).
        held: dict[str, list[SourceFile]] = {}
        while pending or in_flight:
            while pending and len(in_flight) < window:
                src = pending.pop()
                if any(other.sha256 == src.sha256 for other in in_flight.values()):
                    held.setdefault(src.sha256, []).append(src)
                    continue
                in_flight[process_file_task.submit(src, campaign_path, workdir, cache_tag)] = src
            future = next(as_completed(list(in_flight)))
            src = in_flight.pop(future)
            try:
                doc = replace(future.result(), source=src)  # a cached result may come from another path
            except WorkerCrashed as err:  # it crashed its worker on every try
                logger.error("worker died on %s: %s", src.file_name, err)
                doc = rejected(src, BadInputError(
                    "Tiến trình xử lý tệp bị dừng đột ngột khi đọc tệp này (cả khi thử lại); tệp sẽ được đọc lại lần "
                    "sau, nếu vẫn lỗi đề nghị đơn vị gửi bản DOCX hoặc PDF khác.",
                    "The worker process died while reading this file (on every retry); it is read again on the next "
                    "run, and if it fails again ask the unit for another DOCX or PDF copy.",
                    code="worker_crash"), campaign=campaign)
            except TransientError as err:
                # Retries exhausted: still a recorded outcome (retried on the next run).
                doc = rejected(src, BadInputError(
                    f"Lỗi tạm thời khi xử lý, sẽ thử lại ở lần chạy sau: {err}",
                    f"Temporary failure, retried on the next run: {err}", code="transient"), campaign=campaign)
            except Exception as err:  # a failure of the task machinery itself
                logger.error("task failed on %s: %r", src.file_name, err)
                doc = rejected(src, BadInputError(
                    f"Không xử lý được tệp do lỗi hệ thống ({type(err).__name__}); tệp sẽ được đọc lại lần sau.",
                    f"The file could not be processed because of a system error ({type(err).__name__}); it is "
                    "read again on the next run.", code="internal_error"), campaign=campaign)
            record(writer.add(doc))
            pending.extend(reversed(held.pop(src.sha256, [])))
        record(writer.flush())

    counts = {k: summary.counts.get(k, 0) for k in ("ingested", "partial", "rejected", "duplicate", "unchanged")}
    counts["files_seen"] = sum(summary.counts.values())
    con = open_writer(db)
    try:
        finish_run(con, run_id, counts)
    finally:
        con.close()
    if snapshot:
        from warehouse.snapshot import publish

        summary.snapshot = str(publish(Path(db)))
    create_markdown_artifact(
        key="ingest-summary",
        markdown=_artifact(summary, counts),
        description=f"tonghop ingest run {run_id}",
    )
    logger.info("run %s: %s", run_id, counts)
    return summary


def _artifact(summary: IngestSummary, counts: dict[str, int]) -> str:
    lines = [f"# Ingest run `{summary.run_id}`", "", "| outcome | files |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in counts.items()]
    problems = [r for r in summary.rows if r[1] in ("rejected", "partial")]
    if problems:
        lines += ["", "## Files needing attention", "", "| file | outcome | reason |", "|---|---|---|"]
        lines += [f"| {f} | {o} | {m.replace('|', '/')} |" for f, o, m in problems]
    return "\n".join(lines)


def results_dir(db: str) -> Path:
    """Where task results persist: next to the warehouse, so a result computed but not yet
    written (a crash between the two) is not computed again."""
    return Path(db).resolve().parent / f"{Path(db).stem}-results"


@contextmanager
def shared_api(db: str | None = None):
    """One Prefect API for this process and the processes it starts, results next to the warehouse.

    With the ephemeral default every flow call, and every process that runs flows or tasks
    (served flow runs, Dask workers), would start its own temporary server (7–16 s each);
    starting one here and exporting its URL lets them share it. Settings go through the
    environment because those processes read theirs from it.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_LOCAL_STORAGE_PATH,
        get_current_settings,
        temporary_settings,
    )

    url = get_current_settings().api.url
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        url = server.api_url  # stopped by Prefect at exit, after logs are flushed
    os.environ["PREFECT_API_URL"] = str(url)
    updates = {PREFECT_API_URL: str(url)}
    if db:
        os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(results_dir(db))
        updates[PREFECT_LOCAL_STORAGE_PATH] = str(results_dir(db))
    with temporary_settings(updates=updates):
        yield


def _window(workers: int) -> int:
    """Files in flight: twice the workers, so a worker never waits for the next file."""
    return max(2, 2 * workers)


def ingest_runner(workers: int) -> ThreadPoolTaskRunner:
    """A thread per file in flight: the threads only wait for the worker processes."""
    return ThreadPoolTaskRunner(max_workers=_window(workers))


def run_ingest(paths: list[str], db: str, campaign_path: str | None = None, workers: int = 1,
               snapshot: bool = True) -> IngestSummary:
    """Run the flow with `workers` worker processes (extraction and NLP hold the GIL).

    Even with one worker the file is read in a separate process: a parser that spins can be
    interrupted, and a crash in a C library cannot take the writer down.
    """
    with shared_api(str(db)):
        return ingest_flow.with_options(task_runner=ingest_runner(workers))(
            paths=[str(p) for p in paths], db=str(db), campaign_path=campaign_path, workers=workers,
            snapshot=snapshot,
        )
