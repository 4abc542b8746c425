"""The ingest flow on a Dask cluster: workers write Parquet shards, one loader writes DuckDB.

Why: DuckDB accepts one writing process and cluster workers may sit on other machines, so a
worker never touches the warehouse. Each task reads one file (flows.steps.process_file, the
same code as the local flow), writes its ProcessedDocument as a Parquet shard into a folder
every machine sees (warehouse.shards) and returns only the shard's path. The flow's own
process is the single loader: it reads each shard and stores the documents in bursts with
warehouse.load.write_documents, one transaction per burst, then deletes the shards. A shard
whose load failed stays behind; the next run finds it by name and loads it without reading the
file again.

The warehouse, not Prefect's task states, is the record of what was ingested: the ephemeral
Prefect server's SQLite may log "database is locked" under parallel load (platform notes).
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import as_completed

from flows.ingest import (
    IngestSummary,
    _artifact,
    _duplicate,
    _plan,
    _retry_transient,
    _versions,
    _Writer,
    open_writer,
    shared_api,
)
from flows.steps import process_file, rejected
from tonghop.campaign import load_campaign
from tonghop.errors import BadInputError
from tonghop.models import DocStatus, ProcessedDocument, SourceFile
from warehouse.shards import read_shard, shard_name, write_shard

log = logging.getLogger(__name__)


@task(
    name="process-file-to-shard",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
    task_run_name="shard {source.file_name}",
)
def process_to_shard_task(source: SourceFile, campaign_path: str | None, shard_path: str) -> str:
    """Read one file on a worker and leave its result on shared storage; return the shard path.

    The scratch folder is local to the worker (LibreOffice and OCR files never cross the network).
    """
    with tempfile.TemporaryDirectory(prefix="tonghop-work-") as workdir:
        doc = process_file(source, load_campaign(campaign_path), Path(workdir))
    return str(write_shard([doc], shard_path))


class ShardLoader(_Writer):
    """The single writer: loads shards in short bursts, one transaction per burst.

    A shard is deleted only after every document in it is committed, so a crash (or a locked
    warehouse) leaves it for the next run.
    """

    def __init__(self, db: str, run_id: str, campaign_id: str, **burst):
        super().__init__(db, run_id, campaign_id, **burst)
        self.shards: list[Path] = []

    def add_shard(self, path: Path | str, docs: list[ProcessedDocument] | None = None
                  ) -> list[tuple[ProcessedDocument, str, str]]:
        """Queue a shard's documents (`docs` if the caller already read it); the shard goes after commit."""
        self.shards.append(Path(path))
        self.buffer.extend(read_shard(path) if docs is None else docs)
        return self.maybe_flush()

    def flush(self) -> list[tuple[ProcessedDocument, str, str]]:
        done = super().flush()
        for shard in self.shards:
            shard.unlink(missing_ok=True)
        self.shards = []
        return done


def _leftover(path: Path) -> list[ProcessedDocument] | None:
    """Documents of a shard a failed run left behind, or None when there is none (or it is unreadable)."""
    if not path.is_file():
        return None
    try:
        return read_shard(path)
    except Exception as exc:  # a damaged shard is simply made again
        log.warning("ignoring unreadable shard %s: %s", path, exc)
        path.unlink(missing_ok=True)
        return None


def _failed(src: SourceFile, err: BaseException, campaign) -> ProcessedDocument:
    """A task that could not finish (retries exhausted, worker lost): recorded, retried next run."""
    return rejected(src, BadInputError(
        f"Lỗi tạm thời khi xử lý trên cụm máy, sẽ thử lại ở lần chạy sau: {err}",
        f"Temporary failure on the cluster, retried on the next run: {type(err).__name__}: {err}",
        code="transient"), campaign=campaign)


@flow(name="tonghop-ingest-cluster")
def cluster_ingest_flow(
    paths: list[str],
    db: str = "tonghop.duckdb",
    campaign_path: str | None = None,
    dask_address: str | None = None,
    shard_dir: str = "shards",
    snapshot: bool = True,
    window: int = 0,
) -> IngestSummary:
    """Ingest files through Dask workers; every file ends in exactly one outcome.

    `paths`, `campaign_path` and `shard_dir` must name the same files on every worker (shared
    storage mounted at the same path). `window` bounds the tasks in flight (0: 2 × the workers
    the cluster has when the flow starts, at least 4) so a large inbox never floods the scheduler.
    `dask_address` is only recorded with the flow run; `run_cluster_ingest` connects to it.
    """
    from warehouse.load import finish_run, run_count_key, start_run, sync_campaign

    logger = get_run_logger()
    campaign = load_campaign(campaign_path)
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    versions = _versions()
    flow_run_id = str(get_run_context().flow_run.id)
    con = open_writer(db)
    try:
        con.execute("UPDATE runs SET status = 'failed', finished_at = now() WHERE status = 'running'")
        sync_campaign(con, campaign)
        start_run(con, run_id, campaign.id, extractor_version=versions[0], model_version=versions[1],
                  flow_run_id=flow_run_id)
    finally:
        con.close()

    summary = IngestSummary(run_id=run_id)
    todo, unchanged, duplicates, bad = _plan(paths, db, versions)
    loader = ShardLoader(db, run_id, campaign.id)
    shards = Path(shard_dir)
    shards.mkdir(parents=True, exist_ok=True)

    def record(done: list[tuple[ProcessedDocument, str, str]]) -> None:
        for doc, status, note in done:
            summary.add(doc.source.file_name, run_count_key(status), note)
            if status in (DocStatus.REJECTED, DocStatus.PARTIAL):
                logger.warning("%s %s: %s", status, doc.source.file_name, doc.error)

    for src in unchanged:
        summary.add(src.file_name, "unchanged")
    for src, err in bad:
        record(loader.add(rejected(src, err, campaign=campaign)))
    for src, unit_id in duplicates:
        record(loader.add(_duplicate(src, unit_id, versions)))

    pending: list[tuple[SourceFile, Path]] = []
    recovered = 0
    for src in todo:
        path = shards / shard_name(src, versions)
        docs = _leftover(path)
        if docs is not None:
            record(loader.add_shard(path, docs))  # made by an earlier run whose load failed
            recovered += 1
        else:
            pending.append((src, path))
    if recovered:
        logger.info("loaded %d shards left by an earlier run", recovered)

    if not window:
        window = max(4, 2 * _cluster_workers())
    pending.reverse()
    in_flight: dict = {}
    while pending or in_flight:
        while pending and len(in_flight) < window:
            src, path = pending.pop()
            in_flight[process_to_shard_task.submit(src, campaign_path, str(path))] = src
        future = next(as_completed(list(in_flight)))
        src = in_flight.pop(future)
        try:
            shard = future.result()
        except Exception as err:  # transient retries exhausted, or the worker died
            logger.error("task for %s failed: %s", src.file_name, err)
            record(loader.add(_failed(src, err, campaign)))
            continue
        try:
            docs = read_shard(shard)
        except (OSError, ValueError) as err:  # shard vanished or damaged on the shared storage
            logger.error("shard of %s unreadable: %s", src.file_name, err)
            record(loader.add(_failed(src, err, campaign)))
            continue
        record(loader.add_shard(shard, docs))
    record(loader.flush())

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
    create_markdown_artifact(key="ingest-summary", markdown=_artifact(summary, counts),
                             description=f"tonghop cluster ingest run {run_id}")
    logger.info("run %s: %s", run_id, counts)
    return summary


def _cluster_workers() -> int:
    """Task slots (worker threads) of the Dask cluster this flow runs on; 1 if it cannot be asked."""
    try:
        client = get_run_context().task_runner.client
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


def run_cluster_ingest(paths: list[str], db: str, campaign_path: str | None = None, *,
                       dask_address: str | None = None, shard_dir: str | None = None,
                       snapshot: bool = True) -> IngestSummary:
    """Run `cluster_ingest_flow` on the Dask scheduler at `dask_address` (e.g. "tcp://10.0.0.5:8786").

    Without an address prefect-dask starts a temporary LocalCluster. `shard_dir` defaults to
    `<db>.shards/` next to the warehouse; on a multi-machine cluster it must be shared storage.
    Workers get the Prefect API URL with each task (Prefect ships its settings context), so a
    remote worker reaches the API as long as that URL is reachable from its machine.
    """
    from prefect_dask import DaskTaskRunner

    shard_dir = shard_dir or str(Path(db).with_suffix(".shards"))
    runner = DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
    with shared_api():
        return cluster_ingest_flow.with_options(task_runner=runner)(
            paths=[str(p) for p in paths], db=str(db), campaign_path=campaign_path, dask_address=dask_address,
            shard_dir=str(Path(shard_dir).resolve()), snapshot=snapshot,
        )
