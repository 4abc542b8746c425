"""The `tonghop` command line.

Commands that write (ingest, synthesize, serve) run Prefect flows; read-only commands (sql,
status, export) never import Prefect, so they answer in well under a second.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="tonghop: tổng hợp báo cáo sơ kết của các đơn vị — ingest unit reports into DuckDB and "
    "write the cross-unit synthesis.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file.")]
CampaignOpt = Annotated[
    Path | None, typer.Option("--campaign", help="Campaign TOML file (default: the bundled Chỉ thị 07 review).")
]
DEFAULT_DB = Path("tonghop.duckdb")


def _quiet_prefect(verbose: bool) -> None:
    """Prefect logs every task to the console; keep the terminal for the progress bar."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _open_read(db: Path):
    """Open the warehouse read-only; fall back to the published snapshot while ingest writes."""
    import duckdb

    from warehouse.db import connect
    from warehouse.snapshot import snapshot_path

    if not db.exists() and not snapshot_path(db).exists():
        err.print(f"[red]No warehouse at {db}[/]: run `tonghop ingest INBOX --db {db}` first.")
        raise typer.Exit(2)
    try:
        return connect(db, read_only=True)
    except duckdb.IOException:
        snap = snapshot_path(db)
        if not snap.exists():
            raise
        err.print(f"[yellow]{db} is being written; reading the last snapshot {snap}.[/]")
        return connect(snap, read_only=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    db: DbOpt = DEFAULT_DB,
    campaign: CampaignOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes (default: number of cores).")] = 0,
    snapshot: Annotated[bool, typer.Option(help="Publish a read-only snapshot for analysts after the run.")] = True,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", help="Dask scheduler, e.g. tcp://host:8786: workers write Parquet shards, "
                     "this process loads them."),
    ] = None,
    shard_dir: Annotated[
        Path | None, typer.Option(help="Shared folder for the workers' shards (default: <db>.shards).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Ingest unit reports (PDF, DOCX, DOC, RTF, scans) into the warehouse.

    Every file ends in exactly one outcome: ingested, partial, rejected (with the reason),
    duplicate or unchanged.

    Example: `tonghop ingest examples/inbox --db tonghop.duckdb`
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    _quiet_prefect(verbose)
    import flows.ingest as ingest_mod
    from flows.steps import discover

    total = sum(1 for _ in discover(paths))
    workers = workers or os.cpu_count() or 1
    with Progress(
        TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
        console=console, transient=False,
    ) as progress:
        bar = progress.add_task("ingest", total=total, rate="", last="")

        def hook(file_name: str, outcome: str) -> None:
            t = progress.tasks[0]
            rate = f"{t.completed / t.elapsed:.1f} files/s" if t.elapsed else ""
            progress.update(bar, advance=1, rate=rate, last=f"{outcome}: {file_name}"[:60])

        ingest_mod.progress_hook = hook
        campaign_path = str(campaign) if campaign else None
        if dask_address:
            from flows.cluster import run_cluster_ingest

            summary = run_cluster_ingest([str(p) for p in paths], str(db), campaign_path, dask_address=dask_address,
                                         shard_dir=str(shard_dir) if shard_dir else None, snapshot=snapshot)
        else:
            summary = ingest_mod.run_ingest([str(p) for p in paths], str(db), campaign_path, workers=workers,
                                            snapshot=snapshot)
    table = Table(title=f"Run {summary.run_id}")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for outcome in ("ingested", "partial", "rejected", "duplicate", "unchanged"):
        table.add_row(outcome, str(summary.counts.get(outcome, 0)))
    console.print(table)
    _print_rows("Files needing attention", ("file", "outcome", "reason"),
                [r for r in summary.rows if r[1] in ("rejected", "partial")])
    _print_rows("Sent again or replaced by a newer report (kept; the file in use is named)", ("file", "note"),
                [(f, m) for f, o, m in summary.rows if m and o in ("duplicate", "ingested")])
    if summary.snapshot:
        console.print(f"Analysts: open [bold]{summary.snapshot}[/] (read-only snapshot).")


def _print_rows(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A titled table of the ingest summary's rows, printed only when there are any."""
    if not rows:
        return
    t = Table(title=title)
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*row)
    console.print(t)


@app.command()
def serve(
    inbox: Annotated[Path, typer.Argument(help="Folder the secretariat drops reports into.")],
    db: DbOpt = DEFAULT_DB,
    campaign: CampaignOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes (default: number of cores).")] = 0,
    interval: Annotated[int, typer.Option(help="Seconds between inbox scans.")] = 60,
) -> None:
    """Watch an inbox: a Prefect deployment ingests new files on a schedule (Ctrl-C stops).

    Start `prefect server start` and set PREFECT_API_URL to see the runs in the Prefect UI.

    Example: `tonghop serve /srv/inbox --interval 120`
    """
    from flows.serve import serve_inbox

    inbox.mkdir(parents=True, exist_ok=True)
    serve_inbox(str(inbox.resolve()), str(db.resolve()), str(campaign.resolve()) if campaign else None,
                workers or os.cpu_count() or 1, interval)


@app.command()
def synthesize(
    db: DbOpt = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    campaign: CampaignOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Write the cross-unit synthesis (DOCX, HTML, Markdown) for editors.

    Example: `tonghop synthesize --db tonghop.duckdb --out out`
    """
    _quiet_prefect(verbose)
    from flows.synthesize import synthesize_flow

    if not db.exists():
        err.print(f"[red]No warehouse at {db}[/]: run `tonghop ingest INBOX --db {db}` first.")
        raise typer.Exit(2)
    written = synthesize_flow(db=str(db), out=str(out), campaign_path=str(campaign) if campaign else None)
    for fmt, path in written.items():
        console.print(f"{fmt}: {path}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    db: DbOpt = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
) -> None:
    """Run a read-only SQL query and print the result.

    Example: `tonghop sql "select category, count(*) from sentences group by 1"`
    """
    import duckdb

    if fmt not in ("table", "csv", "json"):
        err.print("--format must be table, csv or json")
        raise typer.Exit(2)
    con = _open_read(db)
    try:
        cur = con.execute(query)
        cols = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if cols else []
    except duckdb.Error as exc:
        err.print(f"[red]SQL error:[/] {exc}")
        raise typer.Exit(1) from exc
    finally:
        con.close()
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    elif fmt == "json":
        print(json.dumps([dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, default=str, indent=1))
    else:
        t = Table(*cols)
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        console.print(t)


@app.command()
def status(db: DbOpt = DEFAULT_DB, campaign: CampaignOpt = None) -> None:
    """Documents by status, findings by category, and who has not sent.

    Example: `tonghop status --db tonghop.duckdb`
    """
    con = _open_read(db)
    try:
        _print_query(con, "Documents by status",
                     "select status, count(*) as files from documents group by 1 order by 1")
        _print_query(
            con, "Sentences and findings by category",
            "select s.category, s.sentences, coalesce(f.findings, 0) as findings from "
            "(select category, count(*) as sentences from sentences group by 1) s left join "
            "(select category, count(*) as findings from findings group by 1) f using (category) order by 1",
        )
        _print_query(
            con, "Submission status (who has sent)",
            "select unit_name, submission, file_name, submitted_on, days_late, files, rejected_files "
            "from submission_status order by case submission when 'missing' then 0 when 'rejected_only' then 1 "
            "when 'late' then 2 else 3 end, unit_name",
        )
        _print_query(
            con, "Problems per unit (call the unit)",
            "select coalesce(unit_name, '(unit not recognised)') as unit, file_name, status, error, "
            "unit_has_current from problems_by_unit order by unit, file_name",
        )
    finally:
        con.close()


def _print_query(con, title: str, query: str) -> None:
    cur = con.execute(query)
    cols = [d[0] for d in cur.description]
    t = Table(*cols, title=title)
    for r in cur.fetchall():
        t.add_row(*("" if v is None else str(v) for v in r))
    console.print(t)


@app.command()
def export(
    db: DbOpt = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv | xlsx")] = "parquet",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out/export"),
) -> None:
    """Export every table and view to Parquet, CSV or one Excel workbook.

    Example: `tonghop export --format xlsx --out out/export`
    """
    from warehouse.export import export as do_export

    if fmt not in ("parquet", "csv", "xlsx"):
        err.print("--format must be parquet, csv or xlsx")
        raise typer.Exit(2)
    con = _open_read(db)
    try:
        paths = do_export(con, fmt, out)
    finally:
        con.close()
    console.print(f"{len(paths)} files written to {out}")


@app.command()
def relabel(
    doc_id: Annotated[str, typer.Argument(help="documents.doc_id of the sentence.")],
    seq: Annotated[int, typer.Argument(help="sentences.seq of the sentence.")],
    category: Annotated[str, typer.Argument(help="achievement | limitation | cause | lesson | recommendation | other")],
    cause_type: Annotated[str | None, typer.Option(help="objective | subjective (causes only)")] = None,
    note: Annotated[str | None, typer.Option(help="Why the label changed.")] = None,
    by: Annotated[str, typer.Option(help="Who corrects.")] = os.environ.get("USER", "analyst"),
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Correct a sentence's category; the correction survives re-ingest.

    Example: `tonghop relabel 3f2a9c1b0d4e5f67 12 limitation`
    """
    from tonghop.models import Category, CauseType
    from warehouse.db import connect
    from warehouse.load import add_correction

    try:
        cat = Category(category)
        ct = CauseType(cause_type) if cause_type else None
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    con = connect(db)
    try:
        row = con.execute("select sha256 from documents where doc_id = ?", [doc_id]).fetchone()
        if not row:
            err.print(f"[red]No document {doc_id}[/]")
            raise typer.Exit(2)
        cid = add_correction(con, row[0], seq, cat, ct, note, by)
    finally:
        con.close()
    console.print(f"correction {cid} recorded: {doc_id}#{seq} -> {cat.value}")


@app.command()
def corrections(
    out: Annotated[Path, typer.Option("--out", help="JSONL file of training rows.")] = Path("out/corrections.jsonl"),
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Export analysts' corrections as new training data (JSONL: text, heading, label, cause_type).

    Example: `tonghop corrections --out nlp/data/corrections.jsonl`
    """
    from warehouse.load import export_corrections

    con = _open_read(db)
    try:
        rows = export_corrections(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    console.print(f"{len(rows)} corrections written to {out}")


@app.command()
def train(
    corpus: Annotated[Path | None, typer.Option(help="Folder of report JSON files.")] = None,
    out: Annotated[Path | None, typer.Option(help="Model folder.")] = None,
) -> None:
    """Retrain the sentence classifier from the labelled corpus and print its evaluation.

    Example: `tonghop train`
    """
    from nlp.train import main as train_main

    train_main(corpus, out)


@app.command()
def evaluate(
    path: Annotated[
        Path, typer.Argument(help="JSONL of {text, label, cause_type?, heading?, prev_text?}, or a folder of "
                             "report JSON files.")
    ],
) -> None:
    """Score the classifier on a labelled set: per-category P/R/F1, macro-F1, confusion matrix.

    Example: `tonghop evaluate nlp/data/external`
    """
    from nlp.evaluate import evaluate as do_eval
    from nlp.evaluate import format_report

    console.print(format_report(do_eval(path)))


if __name__ == "__main__":
    app()
