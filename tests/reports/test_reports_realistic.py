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
