"""Ingest flow: one flow run per batch, one task per file, one writer to DuckDB.

Workers (processes) extract and classify; only this flow's process writes to the warehouse,
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
from prefect.context import get_run_context
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner

from flows.steps import discover, process_file, rejected, source_file, unreadable_source
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
    """`cache_tag` (versions + campaign hash) only feeds the cache key."""
    return process_file(source, load_campaign(campaign_path), Path(workdir))


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
            return connect(db)
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


# Each burst opens and closes (checkpoints) the warehouse: about 40 ms of the writer's CPU, so
# bursts of up to 16 documents or 5 s; a crash loses at most the buffer, whose results persist.
BURST_DOCS, BURST_SECONDS = 16, 5.0


class _Writer:
    """Buffers results and writes them in short bursts, one transaction per document."""

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
        """Write the buffer; each document with its outcome and the note shown beside it."""
        from warehouse.load import outcome_note, write_document

        done: list[tuple[ProcessedDocument, str, str]] = []
        if self.buffer:
            con = open_writer(self.db)
            try:
                for doc in self.buffer:
                    status = write_document(con, doc, run_id=self.run_id, campaign_id=self.campaign_id)
                    done.append((doc, status, outcome_note(con, doc, status)))
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

    with tempfile.TemporaryDirectory(prefix="tonghop-work-") as workdir:
        window = max(2, 2 * workers)
        pending = list(reversed(todo))
        in_flight: dict = {}
        while pending or in_flight:
            while pending and len(in_flight) < window:
                src = pending.pop()
                in_flight[process_file_task.submit(src, campaign_path, workdir, cache_tag)] = src
            future = next(as_completed(list(in_flight)))
            src = in_flight.pop(future)
            try:
                doc = replace(future.result(), source=src)  # a cached result may come from another path
            except TransientError as err:
                # Retries exhausted: still a recorded outcome (retried on the next run).
                doc = rejected(src, BadInputError(
                    f"Lỗi tạm thời khi xử lý, sẽ thử lại ở lần chạy sau: {err}",
                    f"Temporary failure, retried on the next run: {err}", code="transient"), campaign=campaign)
            except Exception as err:  # the worker process died (e.g. a crash inside a C library)
                logger.error("worker failed on %s: %r", src.file_name, err)
                doc = rejected(src, BadInputError(
                    f"Tiến trình xử lý tệp bị dừng đột ngột ({type(err).__name__}); tệp sẽ được đọc lại lần sau.",
                    f"The worker processing this file died ({type(err).__name__}); it is read again on the next run.",
                    code="worker_crash"), campaign=campaign)
            record(writer.add(doc))
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
    """Make worker processes talk to the parent's Prefect API and share its result storage.

    With the ephemeral default each worker process would start its own temporary server
    (7–16 s each); starting one here and exporting its URL lets the pool share it. Settings go
    through the environment because worker processes read theirs from it.
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


def run_ingest(paths: list[str], db: str, campaign_path: str | None = None, workers: int = 1,
               snapshot: bool = True) -> IngestSummary:
    """Run the flow on a pool of worker processes (extraction and NLP hold the GIL).

    Even with one worker the file is processed in a separate process: a parser that spins
    can be interrupted, and a crash in a C library cannot take the writer down.
    """
    with shared_api(str(db)):
        return ingest_flow.with_options(task_runner=ProcessPoolTaskRunner(max_workers=max(1, workers)))(
            paths=[str(p) for p in paths], db=str(db), campaign_path=campaign_path, workers=workers,
            snapshot=snapshot,
        )
