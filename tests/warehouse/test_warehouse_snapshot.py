"""The analysts' snapshot: complete, atomic, and readable while another process writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from tonghop.errors import TransientError
from warehouse.db import ROOT_DIR, connect
from warehouse.snapshot import open_snapshot, publish, snapshot_path

WRITER = textwrap.dedent(
    """
    import dataclasses, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[4])
    from tests.fixtures.warehouse import fixture_documents
    from warehouse import load
    from warehouse.db import connect
    from warehouse.snapshot import publish

    db, ready, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    con = connect(db)                      # holds the write lock until the process ends
    load.start_run(con, "writer", "ct07-2022", extractor_version="x", model_version="m")
    base = next(d for _, d in fixture_documents() if d.source.file_name == "bc-yen-hoa.doc")
    n = 0
    publish(db, con=con)
    ready.write_text("ready")
    while not stop.exists() and n < 500:
        n += 1
        src = dataclasses.replace(base.source, sha256=f"{n:064x}", path=f"inbox/w/{n}.doc",
                                  received_at=base.source.received_at + n)
        load.write_document(con, dataclasses.replace(base, source=src, unit_id="hu-thach-ban"),
                            run_id="writer", campaign_id="ct07-2022")
        publish(db, con=con)
    load.finish_run(con, "writer", {"files_seen": n, "ingested": n})
    publish(db, con=con)
    print(n)
    """
)


def test_snapshot_path_is_next_to_the_database(tmp_path: Path) -> None:
    assert snapshot_path(tmp_path / "tonghop.duckdb") == tmp_path / "tonghop-snapshot.duckdb"


def test_publish_copies_tables_views_and_macro(fresh_db: Path) -> None:
    path = publish(fresh_db)
    assert path == snapshot_path(fresh_db) and path.exists()
    assert sorted(p.name for p in fresh_db.parent.iterdir() if "snapshot" in p.name) == [path.name]
    main = connect(fresh_db, read_only=True)
    snap = duckdb.connect(str(path), read_only=True)
    for name in (
        "documents",
        "sentences",
        "findings",
        "figures",
        "runs",
        "submission_status",
        "framework_matrix",
        "figures_by_unit",
    ):
        q = f"SELECT count(*) FROM {name}"
        assert snap.execute(q).fetchall() == main.execute(q).fetchall(), name
    assert snap.execute("SELECT count(*) FROM search_sentences('kinh phí')").fetchall() == [(9,)]
    info = snap.execute("SELECT source_path, last_run_id FROM snapshot_info").fetchall()
    assert info == [(str(fresh_db.resolve()), "fixture-run-2")]
    with pytest.raises(duckdb.Error):  # it is opened read-only
        snap.execute("DELETE FROM documents")


def test_publish_through_the_writers_connection(fresh_db: Path) -> None:
    con = connect(fresh_db)
    con.execute("UPDATE runs SET status = 'failed' WHERE run_id = 'fixture-run-1'")
    path = publish(fresh_db, con=con)
    snap = duckdb.connect(str(path), read_only=True)
    assert snap.execute("SELECT status FROM runs WHERE run_id = 'fixture-run-1'").fetchall() == [("failed",)]
    assert con.execute("SELECT count(*) FROM documents").fetchall()[0][0] == 9  # writer still usable


def test_snapshot_readable_while_another_process_writes(fresh_db: Path, tmp_path: Path) -> None:
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(fresh_db), str(ready), str(stop), str(ROOT_DIR)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "writer did not start"
            time.sleep(0.05)
        # the writer holds the main file: even a read-only open from here fails,
        # and so does publishing from here (the writer publishes through its own connection)
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(fresh_db), read_only=True)
        with pytest.raises(TransientError):
            publish(fresh_db)
        seen: list[int] = []
        end = time.monotonic() + 2
        while time.monotonic() < end or len(set(seen)) < 3:
            assert time.monotonic() < deadline, f"snapshot never changed: {seen}"
            snap = duckdb.connect(str(snapshot_path(fresh_db)), read_only=True)
            try:
                seen.append(snap.execute("SELECT count(*) FROM documents").fetchall()[0][0])
                status = snap.execute(
                    "SELECT submission FROM submission_status WHERE unit_id = 'hu-thach-ban'"
                ).fetchall()
            finally:
                snap.close()
            assert status in ([("missing",)], [("sent",)])
            time.sleep(0.02)
    finally:
        stop.write_text("stop")
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written = int(out.strip())
    assert seen == sorted(seen), "a reader saw the warehouse go backwards"
    assert len(set(seen)) >= 3 and seen[0] >= 9
    final = duckdb.connect(str(snapshot_path(fresh_db)), read_only=True)
    assert final.execute("SELECT count(*) FROM documents").fetchall() == [(9 + written,)]
    assert final.execute("SELECT status FROM recent_runs LIMIT 1").fetchall() == [("finished",)]
    assert not [p for p in fresh_db.parent.iterdir() if ".tmp-" in p.name]


def test_open_snapshot(fresh_db: Path) -> None:
    with pytest.raises(FileNotFoundError, match="ingest"):
        open_snapshot(fresh_db)
    publish(fresh_db)
    con = open_snapshot(fresh_db)
    assert con.execute("SELECT count(*) FROM current_documents").fetchall() == [(5,)]
