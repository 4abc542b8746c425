"""End to end through the real loader: six units, limitations written in their own words,
several sentences per finding (tokens left empty, so underthesea segments them)."""

from __future__ import annotations

import hashlib

import pytest

from reports.build import build_synthesis
from tests.reports.test_reports_themes import SENTENCES
from tonghop.campaign import load_campaign
from tonghop.models import (
    Block,
    BlockKind,
    Category,
    DocMeta,
    DocStatus,
    ExtractedDocument,
    Finding,
    Format,
    ProcessedDocument,
    Sentence,
    SourceFile,
)
from warehouse import load
from warehouse.db import connect

UNITS = {
    "a": "tu-lam-giang",
    "b": "so-tttt",
    "c": "hu-tan-lap",
    "d": "hoi-nong-dan",
    "e": "bao-ha-lam",
    "f": "hu-yen-hoa",
}
HEADING = ("II. NHỮNG HẠN CHẾ, KHÓ KHĂN", "1. Về hạn chế")


def _doc(letter: str, campaign) -> ProcessedDocument:
    unit = campaign.unit(UNITS[letter])
    pdf = letter in "ace"
    texts = [t for u, t, _ in SENTENCES if u == letter]
    sentences, blocks = [], []
    for seq, text in enumerate(texts, 1):
        page = 2 if pdf else None
        blocks.append(Block(BlockKind.PARAGRAPH, text, page, 10 + seq, HEADING, raw_text=text))
        sentences.append(Sentence(seq, text, page, 10 + seq, HEADING, Category.LIMITATION, None, 0.8))
    finding = Finding(
        1, Category.LIMITATION, None, " ".join(texts), 1, len(texts), sentences[0].page, sentences[-1].page, 11, HEADING
    )
    name = f"bao-cao-{letter}.{'pdf' if pdf else 'docx'}"
    sha = hashlib.sha256(name.encode()).hexdigest()
    fmt = Format.PDF if pdf else Format.DOCX
    extracted = ExtractedDocument(fmt, tuple(blocks), DocMeta(unit_name=unit.name), pages=3 if pdf else None)
    return ProcessedDocument(
        SourceFile(f"/inbox/{name}", name, sha, 1000, 1_655_000_000.0),
        DocStatus.OK,
        fmt,
        extracted,
        unit.id,
        tuple(sentences),
        (finding,),
    )


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    campaign = load_campaign()
    db = tmp_path_factory.mktemp("real") / "w.duckdb"
    con = connect(db)
    try:
        load.sync_campaign(con, campaign)
        load.start_run(con, "r1", campaign.id, extractor_version="t", model_version="t")
        for letter in sorted(UNITS):
            load.write_document(con, _doc(letter, campaign), run_id="r1", campaign_id=campaign.id)
        load.finish_run(con, "r1", dict.fromkeys(load.RUN_COUNTS, 0))
        return build_synthesis(con, campaign), campaign
    finally:
        con.close()


def test_limitations_are_grouped_across_units(realistic):
    s, campaign = realistic
    assert s.coverage.headline.startswith(f"Tổng hợp từ 6/{len(campaign.units)} đơn vị đã gửi báo cáo")
    themes = next(sec for sec in s.sections if sec.id == "III").themes
    assert sum(t.sentence_count for t in themes) == len(SENTENCES)
    funds = themes[0]
    assert funds.share == "4/6 đơn vị" and funds.label.startswith("Kinh phí")
    assert set(funds.unit_names) == {
        "Thành ủy Lâm Giang",
        "Sở Thông tin và Truyền thông",
        "Huyện ủy Tân Lập",
        "Hội Nông dân tỉnh",
    }
    # roster order, not alphabetical
    order = [u.name for u in campaign.units]
    assert list(funds.unit_names) == sorted(funds.unit_names, key=order.index)


def test_quotes_are_sentences_with_their_own_place(realistic):
    s, _ = realistic
    themes = next(sec for sec in s.sections if sec.id == "III").themes
    texts = {t for _, t, _ in SENTENCES}
    for theme in themes:
        for q in theme.quotes:
            assert q.text in texts  # one sentence of the finding, verbatim, not the whole finding
            assert q.finding_id and q.finding_id.endswith("-1")
            if q.format == "pdf":
                assert q.location == "tr. 2"
            else:
                assert q.location.startswith("mục II.1, đoạn 1")


# --- golden: levels through the real loader. A district and the provincial department that
# reports the whole province; the department's count must never be added to the district's.

LEVEL_DOCS = {
    "hu-tan-lap": [
        (
            "Đến tháng 5/2022, toàn huyện có 18/20 xã, thị trấn có hệ thống truyền thanh.",
            Category.ACHIEVEMENT,
            [(18, 20, "18/20 xã, thị trấn")],
        ),
    ],
    "hu-yen-hoa": [
        (
            "Toàn huyện có 15/17 xã, thị trấn có hệ thống truyền thanh.",
            Category.ACHIEVEMENT,
            [(15, 17, "15/17 xã, thị trấn")],
        ),
        ("Vẫn còn 2 xã vùng đồi chưa có hệ thống truyền thanh.", Category.LIMITATION, [(2, None, "2 xã")]),
    ],
    "so-tttt": [
        (
            "Theo số liệu tổng hợp của Sở, đến tháng 5/2022 toàn tỉnh có 142/168 xã, phường, thị trấn có hệ thống "
            "truyền thanh.",
            Category.ACHIEVEMENT,
            [(142, 168, "142/168 xã, phường, thị trấn")],
        ),
        ("Xã, phường, thị trấn có hệ thống truyền thanh | 118 | 142", Category.ACHIEVEMENT, [(142, None, "142")]),
        (
            "Còn 26 xã, phường, thị trấn chưa có hệ thống truyền thanh.",
            Category.LIMITATION,
            [(26, None, "26 xã, phường, thị trấn")],
        ),
        ("Phấn đấu đến năm 2025 có 180 xã có hệ thống truyền thanh.", Category.RECOMMENDATION, [(180, None, "180 xã")]),
    ],
}


def _level_doc(unit_id, campaign):
    from tonghop.models import Figure

    unit = campaign.unit(unit_id)
    sentences, blocks, figures = [], [], []
    for seq, (text, cat, figs) in enumerate(LEVEL_DOCS[unit_id], 1):
        blocks.append(Block(BlockKind.PARAGRAPH, text, 1, seq, HEADING, raw_text=text))
        sentences.append(Sentence(seq, text, 1, seq, HEADING, cat, None, 0.9))
        for value, den, raw in figs:
            figures.append(
                Figure(
                    float(value),
                    "xa_truyen_thanh",
                    "xã có hệ thống truyền thanh",
                    "xã",
                    seq,
                    1,
                    seq,
                    denominator=float(den) if den else None,
                    raw=raw,
                )
            )
    name = f"{unit_id}.pdf"
    extracted = ExtractedDocument(Format.PDF, tuple(blocks), DocMeta(unit_name=unit.name), pages=1)
    return ProcessedDocument(
        SourceFile(f"/inbox/{name}", name, hashlib.sha256(name.encode()).hexdigest(), 1000, 1_655_000_000.0),
        DocStatus.OK,
        Format.PDF,
        extracted,
        unit.id,
        tuple(sentences),
        (),
        tuple(figures),
    )


def test_golden_levels_province_wide_count_is_not_added_to_districts(tmp_path):
    from reports.figures import format_total
    from reports.markdown_writer import render_markdown

    campaign = load_campaign()
    con = connect(tmp_path / "levels.duckdb")
    try:
        load.sync_campaign(con, campaign)
        load.start_run(con, "r1", campaign.id, extractor_version="t", model_version="t")
        for unit_id in LEVEL_DOCS:
            load.write_document(con, _level_doc(unit_id, campaign), run_id="r1", campaign_id=campaign.id)
        load.finish_run(con, "r1", dict.fromkeys(load.RUN_COUNTS, 0))
        s = build_synthesis(con, campaign)
    finally:
        con.close()
    (radio,) = [f for f in s.figures if f.measure == "xa_truyen_thanh"]
    # 142 + 18 + 15 = 175 would count the districts twice; "còn 26 xã chưa có" and the 2025 target are no results
    assert format_total(radio) == (
        "Toàn tỉnh (do Sở Thông tin và Truyền thông báo cáo): 142/168 xã (84,5 %); "
        "Huyện ủy, thị ủy, thành ủy: 33/37 xã (89,2 %)"
    )
    assert radio.total is None
    wide, districts = radio.groups
    assert [(r.unit_id, r.value, r.denominator, r.mentions) for r in wide.rows] == [("so-tttt", 142, 168, 2)]
    assert [(r.unit_id, r.value) for r in districts.rows] == [("hu-tan-lap", 18), ("hu-yen-hoa", 15)]
    md = render_markdown(s)
    assert "| Toàn tỉnh (do Sở Thông tin và Truyền thông báo cáo) | 142/168 xã (84,5 %) | 1 | — |" in md
    assert "| Cộng huyện ủy, thị ủy, thành ủy (2 đơn vị) | 33/37 xã (89,2 %) |  |" in md
    assert "175" not in md and "310" not in md
