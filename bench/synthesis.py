"""Synthesis benchmark: build_synthesis and write_all on a 1,000-report warehouse.

    python bench/synthesis.py                      # 1,000 synthetic reports x ~60 sentences
    python bench/synthesis.py --reports 200 --profile build
    python bench/synthesis.py --diverse            # varied sentences: thousands of themes

The warehouse is built once from bench/warehouse.py's synthetic reports and cached under
bench/out/ (delete the file to rebuild). The baseline, measured in the same run on the same
database, is a plain SQL read of every current sentence: what any synthesis has to pay at
least. Stages are timed separately: build (of which themes), write_all split into charts,
docx, html and md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


def _bench_warehouse():
    """bench/warehouse.py, imported by path (its name is the warehouse package's)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_warehouse", ROOT / "bench" / "warehouse.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --diverse: sentences composed from parts, so a section holds thousands of distinct sentences
# that share subjects and predicates as real reports do (the default data has six phrases and
# collapses into a handful of themes, which flatters the writers).
_SUBJECTS = (
    "kinh phí cho đài truyền thanh",
    "đội ngũ cán bộ phụ trách",
    "hệ thống loa ngoài trời",
    "bảng tin khu dân cư",
    "trang thông tin điện tử",
    "cụm loa không dây",
    "công tác tuyên truyền miệng",
    "thiết bị thu phát",
    "phần mềm quản lý văn bản",
    "nguồn tin cơ sở",
    "đội ngũ báo cáo viên",
    "tủ sách pháp luật",
    "nhà văn hóa thôn",
    "trạm phát lại truyền hình",
    "mạng internet cáp quang",
    "tài liệu tuyên truyền",
    "chế độ phụ cấp",
    "công tác kiểm tra giám sát",
    "việc ứng dụng công nghệ số",
    "hộp thư góp ý",
)
_PREDICATES = (
    "còn hạn hẹp",
    "đã xuống cấp nghiêm trọng",
    "hoạt động chưa ổn định",
    "được đầu tư nâng cấp",
    "được duy trì đều đặn",
    "chưa được bố trí đủ",
    "còn kiêm nhiệm nhiều việc",
    "được đổi mới nội dung",
    "thiếu tính hấp dẫn",
    "chưa phủ kín các thôn",
    "được cập nhật hằng tuần",
    "phát huy hiệu quả rõ rệt",
)
_PLACES = (
    "ở các thôn vùng cao",
    "tại trung tâm xã",
    "ở khu vực biên giới",
    "tại các tổ dân phố",
    "ở vùng bãi ngang",
    "trên toàn địa bàn",
    "ở các bản xa",
    "tại khu tái định cư",
    "ở các xóm giáp ranh",
    "tại điểm bưu điện",
)


def _diversify(doc, i: int):
    """The same report with each sentence rewritten from parts (deterministic in i and seq)."""
    from dataclasses import replace

    rng = random.Random(i * 7919)
    sents = []
    for s in doc.sentences:
        text = f"{rng.choice(_SUBJECTS).capitalize()} {rng.choice(_PLACES)} {rng.choice(_PREDICATES)}."
        sents.append(replace(s, text=text, tokens=text))
    return replace(doc, sentences=tuple(sents))


def build_warehouse(path: Path, reports: int, sentences: int, diverse: bool = False):
    """The cached synthetic warehouse (built once) and its campaign."""
    bw = _bench_warehouse()
    from warehouse import load
    from warehouse.db import connect

    units = max(1, reports // 2)
    campaign = bw.synthetic_campaign(units)
    if path.exists():
        return connect(path, read_only=True), campaign
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    rng = random.Random(7)
    con = connect(tmp)
    load.sync_campaign(con, campaign)
    load.start_run(con, "bench", campaign.id, extractor_version="bench", model_version="bench")
    for i in range(reports):
        doc = bw.synthetic_report(i, f"xa-{i % units:04d}", sentences, rng)
        if diverse:
            doc = _diversify(doc, i)
        load.write_document(con, doc, run_id="bench", campaign_id=campaign.id)
    load.finish_run(con, "bench", {"files_seen": reports, "ingested": reports})
    con.close()
    tmp.rename(path)
    return connect(path, read_only=True), campaign


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run(reports: int, sentences: int, profile: str | None, diverse: bool = False) -> dict:
    from reports import build as rbuild
    from reports import charts, common, docx_writer, html_writer, markdown_writer, themes

    db = OUT / f"synthesis-{reports}x{sentences}{'-diverse' if diverse else ''}.duckdb"
    (con, campaign), setup_s = _timed(lambda: build_warehouse(db, reports, sentences, diverse))

    baseline_rows, baseline_s = _timed(
        lambda: con.execute(
            "SELECT s.doc_id, s.seq, s.text, s.tokens, s.category FROM sentences s JOIN documents d USING (doc_id) "
            "WHERE d.status IN ('ok', 'partial')"
        ).fetchall()
    )

    # time group_themes inside build_synthesis by wrapping it
    theme_s = [0.0]
    original = rbuild.group_themes

    def timed_group(*a, **k):
        out, s = _timed(lambda: original(*a, **k))
        theme_s[0] += s
        return out

    rbuild.group_themes = timed_group
    prof = cProfile.Profile() if profile else None
    if prof and profile == "build":
        prof.enable()
    try:
        synthesis, build_s = _timed(lambda: rbuild.build_synthesis(con, campaign))
    finally:
        rbuild.group_themes = original
        if prof and profile == "build":
            prof.disable()

    if prof and profile == "write":
        prof.enable()
    stage = {}
    _, stage["charts"] = _timed(
        lambda: (charts.stacked_bar(synthesis.category_matrix), charts.heatmap(synthesis.topic_matrix))
    )
    _, stage["docx"] = _timed(lambda: docx_writer.render_docx(synthesis))
    _, stage["html"] = _timed(lambda: html_writer.render_html(synthesis))
    _, stage["md"] = _timed(lambda: markdown_writer.render_markdown(synthesis))
    from reports import write_all

    with tempfile.TemporaryDirectory() as tmp:
        paths, write_s = _timed(lambda: write_all(synthesis, Path(tmp)))
        sizes = {k: p.stat().st_size for k, p in paths.items()}
    if prof and profile == "write":
        prof.disable()
    del common, themes

    result = {
        "reports": reports,
        "diverse": diverse,
        "current_sentences": len(baseline_rows),
        "themes": sum(len(s.themes) for s in synthesis.sections),
        "warehouse_setup_seconds": round(setup_s, 2),
        "baseline_sql_read_seconds": round(baseline_s, 3),
        "build_synthesis_seconds": round(build_s, 2),
        "of_which_group_themes_seconds": round(theme_s[0], 2),
        "write_all_seconds": round(write_s, 2),
        "write_stages_seconds (separate calls; html includes its charts)": {k: round(v, 2) for k, v in stage.items()},
        "total_seconds": round(build_s + write_s, 2),
        "build_vs_baseline_ratio": round(build_s / baseline_s, 1),
        "total_vs_baseline_ratio": round((build_s + write_s) / baseline_s, 1),
        "output_bytes": sizes,
    }
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(35)
        result["profile"] = buf.getvalue()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--profile", choices=("build", "write"), help="cProfile one stage, print the top items")
    parser.add_argument("--diverse", action="store_true", help="varied sentences (many themes), own cache file")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    result = run(args.reports, args.sentences, args.profile, args.diverse)
    profile = result.pop("profile", None)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if profile:
        print(profile)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
