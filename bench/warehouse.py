"""Warehouse benchmark: loader throughput against a bare Arrow insert, and view latency.

    python bench/warehouse.py                     # 1,000 synthetic reports x ~60 sentences
    python bench/warehouse.py --reports 200 --json out/bench-warehouse.json

The loader (`write_document`: one transaction per report, delete-then-insert, duplicate and
supersede checks, corrections re-applied) is timed against a baseline measured in the same
run on the same rows: one bare Arrow INSERT per table into an empty database with the same
schema. The ratio says what the per-document safety costs; the same documents loaded the
ingest flow's way (`write_documents`, bursts of 16 in one transaction each) show what batching
the child-table inserts saves, with the same outcomes. Then every view is materialised in
full (fetchall) on the loaded warehouse; the slowest one is "the heaviest view". A smaller
`executemany` sample shows why the loader inserts through Arrow.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.ingest import BURST_DOCS as BURST  # noqa: E402  (the ingest writer's burst)
from tonghop.campaign import Campaign, Unit, load_campaign  # noqa: E402
from tonghop.models import (  # noqa: E402
    BlockKind,
    Category,
    CauseType,
    DocMeta,
    DocStatus,
    ExtractedDocument,
    Figure,
    Finding,
    Format,
    ProcessedDocument,
    Sentence,
    SourceFile,
)
from warehouse import load  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.export import relations  # noqa: E402
from warehouse.snapshot import publish  # noqa: E402

# Phrases composed for the benchmark; they only need realistic length and vocabulary.
_PHRASES = {
    Category.ACHIEVEMENT: "Các xã đã duy trì hoạt động truyền thanh cơ sở và cập nhật bảng tin thường xuyên",
    Category.LIMITATION: "Kinh phí cho công tác thông tin cơ sở còn hạn chế, một số thiết bị đã xuống cấp",
    Category.CAUSE: "Nguyên nhân là địa bàn rộng, đội ngũ cán bộ phụ trách còn kiêm nhiệm nhiều việc",
    Category.LESSON: "Cần phát huy vai trò của cấp ủy và cả hệ thống chính trị trong công tác này",
    Category.RECOMMENDATION: "Đề nghị cấp trên hỗ trợ kinh phí nâng cấp hệ thống truyền thanh ứng dụng công nghệ",
    Category.OTHER: "Đơn vị có nhiều thôn, tổ dân phố trải dài trên địa bàn",
}
_TOPICS = ("funding", "loudspeaker", "staff", "digital", "investment", "bulletin_board", "dissemination")


def synthetic_campaign(units: int) -> Campaign:
    base = load_campaign()
    roster = tuple(Unit(f"xa-{i:04d}", f"Đảng ủy xã Số {i}", "commune", "Tỉnh ủy") for i in range(units))
    return Campaign(**{**base.__dict__, "units": roster})


def synthetic_report(i: int, unit_id: str, sentences: int, rng: random.Random) -> ProcessedDocument:
    cats = list(Category)
    sents, findings, figures = [], [], []
    heading = ("I. KẾT QUẢ",)
    for seq in range(1, sentences + 1):
        cat = cats[(seq * 7 + i) % len(cats)] if seq % 4 else cats[(seq + i) % len(cats)]
        cause = CauseType.OBJECTIVE if cat == Category.CAUSE and seq % 2 else None
        text = f"{_PHRASES[cat]} (mục {seq}, báo cáo {i})."
        sents.append(
            Sentence(
                seq,
                text,
                1 + seq // 20,
                seq,
                heading,
                cat,
                cause,
                rng.random(),
                tokens=text.replace("kinh phí", "kinh_phí"),
                block_kind=BlockKind.PARAGRAPH,
                model_version="bench",
            )
        )
        if cat != Category.OTHER and seq % 3 == 0:
            topics = tuple(rng.sample(_TOPICS, k=rng.randint(0, 2)))
            findings.append(Finding(len(findings) + 1, cat, cause, text, seq, seq, 1, 1, seq, heading, topics))
        if seq % 12 == 0:
            figures.append(
                Figure(
                    float(rng.randint(1, 30)),
                    "xa_truyen_thanh_cntt",
                    "xã có truyền thanh",
                    "xã",
                    seq,
                    1,
                    seq,
                    denominator=30.0,
                    raw="x/30 xã",
                )
            )
    sha = f"{i:064x}"
    source = SourceFile(f"inbox/{i}.pdf", f"{i}.pdf", sha, 50_000, 1_655_000_000.0 + i)
    meta = DocMeta(unit_name=unit_id, report_date=date(2022, 6, 1) + timedelta(days=i % 45))
    extracted = ExtractedDocument(Format.PDF, (), meta, pages=4, extractor_version="bench")
    return ProcessedDocument(
        source,
        DocStatus.OK,
        Format.PDF,
        extracted,
        unit_id,
        tuple(sents),
        tuple(findings),
        tuple(figures),
        model_version="bench",
    )


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(reports: int, sentences: int, workdir: Path) -> dict:
    rng = random.Random(7)
    units = max(1, reports // 2)  # two reports per unit: the supersede logic works for real
    campaign = synthetic_campaign(units)
    docs = [synthetic_report(i, f"xa-{i % units:04d}", sentences, rng) for i in range(reports)]
    n_sentences = sum(len(d.sentences) for d in docs)

    # ---- loader
    con = connect(workdir / "loader.duckdb")
    load.sync_campaign(con, campaign)
    load.start_run(con, "bench", campaign.id, extractor_version="bench", model_version="bench")
    statuses: dict[str, int] = {}

    def load_all() -> None:
        for d in docs:
            s = load.write_document(con, d, run_id="bench", campaign_id=campaign.id)
            statuses[s] = statuses.get(s, 0) + 1

    loader_s = _timed(load_all)
    load.finish_run(con, "bench", {"files_seen": reports, "ingested": reports})
    rerun_s = _timed(lambda: [load.write_document(con, d, run_id="bench", campaign_id=campaign.id) for d in docs])

    # ---- the ingest flow's way: bursts of 16 documents, one transaction each
    bursts = connect(workdir / "bursts.duckdb")
    load.sync_campaign(bursts, campaign)
    load.start_run(bursts, "bench", campaign.id, extractor_version="bench", model_version="bench")
    burst_statuses: dict[str, int] = {}

    def load_bursts() -> None:
        for i in range(0, len(docs), BURST):
            for s in load.write_documents(bursts, docs[i:i + BURST], run_id="bench", campaign_id=campaign.id):
                burst_statuses[s] = burst_statuses.get(s, 0) + 1

    bursts_s = _timed(load_bursts)
    assert burst_statuses == statuses, (burst_statuses, statuses)  # the same outcomes either way

    # ---- baseline: the same rows, one bare Arrow INSERT per table
    rows: dict[str, list[dict]] = {
        "documents": [],
        "sentences": [],
        "findings": [],
        "finding_topics": [],
        "figures": [],
    }
    for d in docs:
        doc_id = load.make_doc_id(d.source.sha256, d.source.path)
        rows["documents"].append(load._document_row(d, doc_id, "bench", campaign.id))
        for table, part in load._child_rows(d, doc_id, "bench").items():
            rows[table].extend(part)
    arrow = {t: pa.Table.from_pylist(r) for t, r in rows.items()}
    base = connect(workdir / "baseline.duckdb")

    def bare_insert() -> None:
        base.execute("BEGIN TRANSACTION")
        for t, tbl in arrow.items():
            base.register("_rows", tbl)
            base.execute(f"INSERT INTO {t} BY NAME SELECT * FROM _rows")
            base.unregister("_rows")
        base.execute("COMMIT")

    baseline_s = _timed(bare_insert)

    # ---- executemany sample (why the loader uses Arrow)
    sample = rows["sentences"][: min(500, len(rows["sentences"]))]
    cols = list(sample[0])
    many = connect(workdir / "many.duckdb")
    executemany_s = _timed(
        lambda: many.executemany(
            f"INSERT INTO sentences ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [[r[c] for c in cols] for r in sample],
        )
    )

    # ---- views
    view_s = {}
    for name, kind in relations(con):
        if kind == "view":
            view_s[name] = _timed(lambda n=name: con.execute(f"SELECT * FROM {n}").fetchall())
    view_s["search_sentences('kinh phí')"] = _timed(
        lambda: con.execute("SELECT * FROM search_sentences('kinh phí')").fetchall()
    )
    heaviest = max(view_s, key=view_s.get)
    publish_s = _timed(lambda: publish(workdir / "loader.duckdb", con=con))

    return {
        "reports": reports,
        "sentences": n_sentences,
        "findings": len(rows["findings"]),
        "figures": len(rows["figures"]),
        "statuses": statuses,
        "loader_seconds": round(loader_s, 3),
        "loader_sentences_per_s": round(n_sentences / loader_s),
        "loader_reports_per_s": round(reports / loader_s, 1),
        "rerun_unchanged_seconds": round(rerun_s, 3),
        f"bursts_of_{BURST}_seconds": round(bursts_s, 3),
        f"bursts_of_{BURST}_reports_per_s": round(reports / bursts_s, 1),
        "bursts_vs_loader_speedup": round(loader_s / bursts_s, 2),
        "baseline_arrow_insert_seconds": round(baseline_s, 3),
        "baseline_sentences_per_s": round(n_sentences / baseline_s),
        "loader_vs_baseline_time_ratio": round(loader_s / baseline_s, 1),
        "executemany_sentences_per_s": round(len(sample) / executemany_s),
        "views_seconds": {k: round(v, 4) for k, v in sorted(view_s.items(), key=lambda kv: -kv[1])},
        "heaviest_view": heaviest,
        "heaviest_view_seconds": round(view_s[heaviest], 4),
        "snapshot_publish_seconds": round(publish_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.reports, args.sentences, Path(tmp))
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
