"""The single writer: campaigns, runs, documents and their rows, analysts' corrections.

Identity rules (README "Loading rules" says the same for analysts):

* `doc_id` = first 16 hex digits of sha256(content sha256 + "\\n" + source_path). The caller
  should pass a `source_path` relative to the inbox so moving the inbox keeps ids stable.
* Same content at the same path again, with the same extractor/model versions and the same
  outcome: nothing is written, `write_document` returns "unchanged".
  With a new extractor or model version the document's rows are replaced (delete-then-insert).
* Same content at another path: a `duplicate` row pointing at the first file that was not
  rejected (`duplicate_of`), with no sentences, findings or figures. A copy of a file that was
  only ever rejected is read on its own. A caller that already knows (status DUPLICATE passed
  in) gets a duplicate row pointing at the first file of any status.
* Several ok/partial files of one unit in one campaign: the newest (later `report_date`, else
  later `received_at`, else larger doc_id) is current; the others become `superseded` with
  `superseded_by` set. `base_status` keeps each file's own outcome so this can be recomputed.
* A rejected file is a row with status `rejected`, `error` and `error_code`.

Every document is written inside one transaction, so a crash never leaves half a document;
`write_documents` writes a burst of documents in one transaction (one insert per table for
the whole burst), with the same outcomes as writing them one by one.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from tonghop.campaign import Campaign
from tonghop.models import Category, CauseType, DocStatus, Format, ProcessedDocument

RUN_COUNTS = ("files_seen", "ingested", "partial", "rejected", "duplicate", "unchanged")
_COUNT_OF_STATUS = {
    "ok": "ingested",
    "superseded": "ingested",
    "partial": "partial",
    "rejected": "rejected",
    "duplicate": "duplicate",
    "unchanged": "unchanged",
}
UNCHANGED = "unchanged"
_CHILD_TABLES = ("finding_topics", "findings", "figures", "sentences")


@dataclass(frozen=True)
class Known:
    """What the warehouse already holds for a file's content (see `lookup`)."""

    doc_id: str
    status: str
    source_path: str | None
    same_path: bool  # True: this very file (content and path) was seen before
    extractor_version: str
    model_version: str
    run_id: str


def _one(result: duckdb.DuckDBPyConnection) -> tuple | None:
    """First row of a result, read to the end (duckdb 2 refuses new work on an unfinished result)."""
    rows = result.fetchall()
    return rows[0] if rows else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def make_doc_id(sha256: str, source_path: str) -> str:
    """Stable id of one file: same bytes at the same path always get the same id."""
    return hashlib.sha256(f"{sha256}\n{source_path}".encode()).hexdigest()[:16]


def _in_transaction(con: duckdb.DuckDBPyConnection, fn, *args: Any) -> Any:
    con.execute("BEGIN TRANSACTION")
    try:
        result = fn(con, *args)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return result


# ------------------------------------------------------------------ campaign and runs


def sync_campaign(con: duckdb.DuckDBPyConnection, campaign: Campaign) -> None:
    """Store the campaign row and replace its roster, topics and measures with the file's."""

    def write(con: duckdb.DuckDBPyConnection) -> None:
        cid = campaign.id
        con.execute("DELETE FROM campaigns WHERE campaign_id = ?", [cid])
        con.execute(
            "INSERT INTO campaigns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cid,
                campaign.name,
                campaign.directive,
                campaign.period_start,
                campaign.period_end,
                campaign.deadline,
                campaign.source,
                _now(),
            ],
        )
        for table in ("units", "topics", "measures"):
            con.execute(f"DELETE FROM {table} WHERE campaign_id = ?", [cid])
        if campaign.units:
            con.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)",
                [[cid, u.id, u.name, u.kind, u.parent, list(u.aliases)] for u in campaign.units],
            )
        if campaign.topics:
            con.executemany(
                "INSERT INTO topics VALUES (?, ?, ?, ?, ?)",
                [[cid, t.id, t.name, list(t.cues), i] for i, t in enumerate(campaign.topics, 1)],
            )
        if campaign.measures:
            con.executemany(
                "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?)",
                [[cid, m.id, m.label, m.unit, list(m.cues), i] for i, m in enumerate(campaign.measures, 1)],
            )

    _in_transaction(con, write)


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    campaign_id: str,
    *,
    extractor_version: str,
    model_version: str,
    flow_run_id: str | None = None,
) -> None:
    """Record that a load started; every row it writes will carry `run_id`."""
    con.execute(
        "INSERT INTO runs (run_id, campaign_id, started_at, status, extractor_version, model_version,"
        " flow_run_id) VALUES (?, ?, ?, 'running', ?, ?, ?)",
        [run_id, campaign_id, _now(), extractor_version, model_version, flow_run_id],
    )


def run_count_key(status: str) -> str:
    """Which `runs` counter a `write_document` result adds to ("superseded" was still ingested)."""
    return _COUNT_OF_STATUS[status]


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, counts: dict[str, int], status: str = "finished") -> None:
    """Close a run with its counts (keys: files_seen, ingested, partial, rejected, duplicate, unchanged)."""
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts {sorted(unknown)}; expected some of {RUN_COUNTS}")
    if status not in ("finished", "failed"):
        raise ValueError(f"run status must be 'finished' or 'failed', not {status!r}")
    sets = ", ".join(f"{k} = ?" for k in counts)
    sql = f"UPDATE runs SET finished_at = ?, status = ?{', ' + sets if sets else ''} WHERE run_id = ?"
    con.execute(sql, [_now(), status, *counts.values(), run_id])
    if _one(con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]))[0] == 0:
        raise KeyError(f"no run {run_id!r}; call start_run first")


# ------------------------------------------------------------------ documents


def lookup(con: duckdb.DuckDBPyConnection, sha256: str, source_path: str) -> Known | None:
    """What is stored for this content: this very file first, else the first file with the same bytes.

    The caller may skip extraction when `same_path` is True and both versions equal its own;
    when `same_path` is False the file will be stored as a duplicate of `doc_id`.
    """
    doc_id = make_doc_id(sha256, source_path)
    row = _one(
        con.execute(
            """SELECT doc_id, status, source_path, doc_id = ?, coalesce(extractor_version, ''),
                  coalesce(model_version, ''), run_id
           FROM documents WHERE sha256 = ?
           ORDER BY doc_id = ? DESC, status = 'duplicate', status = 'rejected', ingested_at, doc_id
           LIMIT 1""",
            [doc_id, sha256, doc_id],
        )
    )
    return Known(*row) if row else None


def _versions(doc: ProcessedDocument) -> tuple[str, str]:
    extractor = doc.extracted.extractor_version if doc.extracted else ""
    return extractor or "", doc.model_version or ""


def _document_row(doc: ProcessedDocument, doc_id: str, run_id: str, campaign_id: str) -> dict[str, Any]:
    ex = doc.extracted
    meta = ex.meta if ex else None
    src = doc.source
    error = doc.error
    if error is None and doc.status == DocStatus.PARTIAL and ex and ex.warnings:
        error = "; ".join(ex.warnings)
    extractor_version, model_version = _versions(doc)
    return {
        "doc_id": doc_id,
        "campaign_id": campaign_id,
        "file_name": src.file_name,
        "source_path": src.path,
        "sha256": src.sha256,
        "size_bytes": src.size_bytes,
        "format": Format(doc.format).value,
        "unit_id": doc.unit_id,
        "unit_name": meta.unit_name if meta else None,
        "parent_unit": meta.parent_unit if meta else None,
        "report_number": meta.report_number if meta else None,
        "report_date": meta.report_date if meta else None,
        "place": meta.place if meta else None,
        "doc_type": meta.doc_type if meta else None,
        "title": meta.title if meta else None,
        "pages": ex.pages if ex else None,
        "status": DocStatus(doc.status).value,
        "base_status": DocStatus(doc.status).value,
        "error": error,
        "error_code": doc.error_code,
        "warnings": list(ex.warnings) if ex else [],
        "ocr_pages": list(ex.ocr_pages) if ex else [],
        "ocr_confidence": ex.ocr_confidence if ex else None,
        "encodings": list(ex.encodings) if ex else [],
        "duplicate_of": None,
        "superseded_by": None,
        "extractor_version": extractor_version,
        "model_version": model_version,
        "received_at": datetime.fromtimestamp(src.received_at, UTC).replace(tzinfo=None),
        "ingested_at": _now(),
        "run_id": run_id,
    }


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once through Arrow (far faster than executemany), matched by name."""
    if not rows:
        return
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    con.register("_tonghop_rows", pa.Table.from_pydict(columns))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _tonghop_rows")
    except duckdb.Error:
        with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses even this
            con.unregister("_tonghop_rows")
        raise
    con.unregister("_tonghop_rows")


def _child_rows(doc: ProcessedDocument, doc_id: str, run_id: str) -> dict[str, list[dict[str, Any]]]:
    sha = doc.source.sha256
    sentences = [
        {
            "doc_id": doc_id,
            "seq": s.seq,
            "sha256": sha,
            "run_id": run_id,
            "page": s.page,
            "paragraph": s.paragraph,
            "heading": s.heading,
            "heading_path": list(s.heading_path),
            "block_kind": s.block_kind.value,
            "text": s.text,
            "tokens": s.tokens or None,
            "category": Category(s.category).value,
            "cause_type": CauseType(s.cause_type).value if s.cause_type else None,
            "confidence": s.confidence,
            "model_version": s.model_version or doc.model_version or None,
            "model_category": Category(s.category).value,
            "model_cause_type": CauseType(s.cause_type).value if s.cause_type else None,
        }
        for s in doc.sentences
    ]
    findings, topics = [], []
    for f in doc.findings:
        finding_id = f"{doc_id}-{f.seq}"
        findings.append(
            {
                "finding_id": finding_id,
                "doc_id": doc_id,
                "seq": f.seq,
                "sha256": sha,
                "run_id": run_id,
                "category": Category(f.category).value,
                "cause_type": CauseType(f.cause_type).value if f.cause_type else None,
                "text": f.text,
                "sentence_start": f.sentence_start,
                "sentence_end": f.sentence_end,
                "page_start": f.page_start,
                "page_end": f.page_end,
                "paragraph_start": f.paragraph_start,
                "heading": " > ".join(f.heading_path),
            }
        )
        topics.extend(
            {"finding_id": finding_id, "topic_id": t, "doc_id": doc_id, "sha256": sha, "run_id": run_id}
            for t in dict.fromkeys(f.topics)
        )
    figures = [
        {
            "figure_id": f"{doc_id}-f{n}",
            "doc_id": doc_id,
            "sha256": sha,
            "run_id": run_id,
            "measure": g.measure or None,
            "label": g.label,
            "value": float(g.value),
            "denominator": g.denominator,
            "unit_of_measure": g.unit_of_measure,
            "sentence_seq": g.sentence_seq,
            "page": g.page,
            "paragraph": g.paragraph,
            "table_row": g.table_row,
            "table_col": g.table_col,
            "raw": g.raw,
        }
        for n, g in enumerate(doc.figures, 1)
    ]
    return {"sentences": sentences, "findings": findings, "finding_topics": topics, "figures": figures}


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    for table in _CHILD_TABLES:
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])


def _recompute_current(con: duckdb.DuckDBPyConnection, campaign_id: str | None, unit_id: str) -> dict[str, str]:
    """Make the newest ok/partial file of a unit current and mark the others superseded.

    Reads the unit's few candidates and updates only rows whose status must change
    (a DuckDB UPDATE costs far more than the SELECT). Returns each candidate's new status.
    """
    rows = con.execute(
        """SELECT doc_id, base_status, status, superseded_by FROM documents
           WHERE campaign_id IS NOT DISTINCT FROM ? AND unit_id = ?
             AND base_status IN ('ok', 'partial') AND status <> 'duplicate'
           ORDER BY report_date DESC NULLS LAST, received_at DESC NULLS LAST, doc_id DESC""",
        [campaign_id, unit_id],
    ).fetchall()
    if not rows:
        return {}
    top = rows[0][0]
    changes, statuses = [], {}
    for rank, (doc_id, base_status, status, superseded_by) in enumerate(rows):
        wanted = (base_status, None) if rank == 0 else (DocStatus.SUPERSEDED.value, top)
        statuses[doc_id] = wanted[0]
        if (status, superseded_by) != wanted:
            changes.append([*wanted, doc_id])
    if changes:
        con.executemany("UPDATE documents SET status = ?, superseded_by = ? WHERE doc_id = ?", changes)
    return statuses


def _apply_corrections(con: duckdb.DuckDBPyConnection, sha256: str) -> None:
    """Re-apply the latest correction of each (sha256, seq, text) to the stored sentences.

    A sentence whose text changed (resegmentation) no longer matches and keeps the model label.
    A finding made of that one sentence follows its relabel; longer findings keep theirs.
    """
    if not con.execute("SELECT 1 FROM corrections WHERE sha256 = ? LIMIT 1", [sha256]).fetchall():
        return  # the usual case: skip two UPDATE scans
    con.execute(
        """UPDATE sentences
           SET category = c.category, cause_type = c.cause_type, correction_id = c.correction_id
           FROM (
               SELECT * FROM corrections WHERE sha256 = ?
               QUALIFY row_number() OVER (PARTITION BY seq, text
                                          ORDER BY corrected_at DESC, correction_id DESC) = 1
           ) AS c
           WHERE sentences.sha256 = c.sha256 AND sentences.seq = c.seq AND sentences.text = c.text""",
        [sha256],
    )
    con.execute(
        """UPDATE findings SET category = s.category, cause_type = s.cause_type
           FROM sentences AS s
           WHERE findings.sha256 = ? AND s.doc_id = findings.doc_id AND s.seq = findings.sentence_start
             AND findings.sentence_start = findings.sentence_end AND s.correction_id IS NOT NULL""",
        [sha256],
    )


def write_document(con: duckdb.DuckDBPyConnection, doc: ProcessedDocument, *, run_id: str, campaign_id: str) -> str:
    """Store one processed file in one transaction; return the status it ended with.

    Returns "unchanged" (nothing written), "duplicate", "rejected", "ok", "partial" or
    "superseded" (stored, but an newer report of the same unit stays current).
    """
    return write_documents(con, [doc], run_id=run_id, campaign_id=campaign_id)[0]


def write_documents(
    con: duckdb.DuckDBPyConnection, docs: list[ProcessedDocument], *, run_id: str, campaign_id: str
) -> list[str]:
    """Store a burst of processed files in one transaction; return each one's status.

    Files are decided in order (a later file sees an earlier one's row, so a copy within the
    burst is a duplicate), while their sentences, findings and figures wait and go in with one
    insert per table: a statement costs ~2 ms whatever its size, and the writer's time is
    what the worker processes wait for. On an error nothing of the burst is kept.
    """

    def write(con: duckdb.DuckDBPyConnection) -> list[str]:
        children: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {}
        statuses = [_write_document(con, doc, run_id, campaign_id, children) for doc in docs]
        for table in _CHILD_TABLES:
            _insert_rows(con, table, [row for _, rows in children.values() for row in rows[table]])
        for sha in dict.fromkeys(sha for sha, _ in children.values()):
            _apply_corrections(con, sha)
        return statuses

    return _in_transaction(con, write)


def _write_document(con: duckdb.DuckDBPyConnection, doc: ProcessedDocument, run_id: str, campaign_id: str,
                    children: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]]) -> str:
    """Write the document's row now and put its child rows in `children` (by doc_id)."""
    sha = doc.source.sha256
    doc_id = make_doc_id(sha, doc.source.path)
    extractor_version, model_version = _versions(doc)
    # this file's row, if any, and every other file with the same bytes (one query: few rows)
    stored = con.execute(
        """SELECT doc_id, status, base_status, coalesce(extractor_version, ''), coalesce(model_version, ''),
                  unit_id, campaign_id, duplicate_of
           FROM documents WHERE doc_id = ? OR sha256 = ?
           ORDER BY ingested_at, doc_id""",
        [doc_id, sha],
    ).fetchall()
    existing = next((r for r in stored if r[0] == doc_id), None)
    # A copy of a rejected file is read on its own (the first failure may have been
    # transient), unless the caller already decided it is a duplicate.
    skip = {DocStatus.DUPLICATE.value} if doc.status == DocStatus.DUPLICATE else {"duplicate", "rejected"}
    original = next((r[0] for r in stored if r[0] != doc_id and r[1] not in skip), None)
    stale_units = set()
    if existing:
        _, status, base_status, old_extractor, old_model, old_unit, old_campaign, duplicate_of = existing
        if old_unit:
            stale_units.add((old_campaign, old_unit))
        if status == DocStatus.DUPLICATE.value:
            if original is not None and original == duplicate_of:
                return UNCHANGED
        elif (base_status, old_extractor, old_model) == (DocStatus(doc.status).value, extractor_version, model_version):
            return UNCHANGED
        _delete_document(con, doc_id)
        children.pop(doc_id, None)  # the same file earlier in this burst
    row = _document_row(doc, doc_id, run_id, campaign_id)
    if original is not None:
        row.update(status=DocStatus.DUPLICATE.value, duplicate_of=original)
        _insert_rows(con, "documents", [row])
        for cid, uid in stale_units:  # it may have been its unit's current report before
            _recompute_current(con, cid, uid)
        return DocStatus.DUPLICATE.value
    _insert_rows(con, "documents", [row])
    if doc.status in (DocStatus.OK, DocStatus.PARTIAL):
        children[doc_id] = (sha, _child_rows(doc, doc_id, run_id))
    final = row["status"]
    # the unit this file belongs to now, and the one it belonged to before if it moved
    for cid, uid in {(campaign_id, doc.unit_id), *stale_units}:
        if uid:
            final = _recompute_current(con, cid, uid).get(doc_id, final)
    return final


# ------------------------------------------------------------------ corrections


def outcome_note(con: duckdb.DuckDBPyConnection, doc: ProcessedDocument, status: str) -> str:
    """What the secretariat reads beside a file's outcome: why it was refused or partial, or
    which stored file it repeats ("duplicate") or gave way to ("superseded")."""
    if status not in (DocStatus.DUPLICATE.value, DocStatus.SUPERSEDED.value):
        return doc.error or ""
    column = "duplicate_of" if status == DocStatus.DUPLICATE.value else "superseded_by"
    row = _one(con.execute(
        f"SELECT o.file_name FROM documents d JOIN documents o ON o.doc_id = d.{column} WHERE d.doc_id = ?",
        [make_doc_id(doc.source.sha256, doc.source.path)]))
    if row is None:
        return ""
    if status == DocStatus.DUPLICATE.value:
        return f"Trùng nội dung với tệp đã nhận {row[0]} | Same content as {row[0]}, already received"
    return f"Đã có báo cáo mới hơn của đơn vị: {row[0]} | The unit's newer report {row[0]} is the current one"


def add_correction(
    con: duckdb.DuckDBPyConnection,
    sha256: str,
    seq: int,
    category: str | Category,
    cause_type: str | CauseType | None,
    note: str | None,
    by: str,
) -> str:
    """Relabel one sentence (by content hash and position) and return the correction id.

    The correction is stored with the sentence's text and re-applied whenever the document
    is loaded again, as long as the same sentence (same seq, same text) comes back.
    """
    category = Category(category).value
    cause_type = CauseType(cause_type).value if cause_type else None
    if cause_type and category != Category.CAUSE.value:
        raise ValueError("cause_type applies only to category 'cause'")

    def write(con: duckdb.DuckDBPyConnection) -> str:
        found = _one(con.execute("SELECT text FROM sentences WHERE sha256 = ? AND seq = ? LIMIT 1", [sha256, seq]))
        if not found:
            raise KeyError(f"no sentence {seq} in a document with sha256 {sha256[:12]}…")
        correction_id = uuid.uuid4().hex[:16]
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [correction_id, sha256, seq, found[0], category, cause_type, note, by, _now()],
        )
        _apply_corrections(con, sha256)
        return correction_id

    return _in_transaction(con, write)


def export_corrections(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The latest correction of every sentence as training rows (text, heading, label, cause_type).

    JSON-ready (strings and ints only); ordered by sha256 then seq so the file is stable.
    """
    rows = con.execute(
        """WITH latest AS (
               SELECT * FROM corrections
               QUALIFY row_number() OVER (PARTITION BY sha256, seq, text
                                          ORDER BY corrected_at DESC, correction_id DESC) = 1
           ), heading AS (
               SELECT sha256, seq, text, any_value(heading) AS heading
               FROM sentences GROUP BY ALL
           )
           SELECT c.text, coalesce(h.heading, '') AS heading, c.category AS label, c.cause_type,
                  c.sha256, c.seq, c.note, c.corrected_by, c.correction_id
           FROM latest c LEFT JOIN heading h USING (sha256, seq, text)
           ORDER BY c.sha256, c.seq, c.text"""
    )
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]
