"""The e2e bench's alignment must credit the right extracted sentence, or its numbers mean nothing."""

from __future__ import annotations

from bench.e2e_eval import (
    F_HEADING,
    MISSING,
    align,
    doc_from_report,
    expected_date,
    fold,
    gold_sentences,
    gold_stream,
    loss_cause,
    prf,
    score_report,
)
from tonghop.models import BlockKind, Category, Sentence

REPORT = {
    "id": "t",
    "header": {"place_date": "Tân Lập, ngày 5 tháng 6 năm 2022"},
    "body": [
        {"type": "heading", "text": "II. HẠN CHẾ", "level": 1},
        {"type": "paragraph", "runin": "Về kinh phí:", "sentences": [
            {"text": "Bảng tin ở nhiều thôn còn sơ sài.", "label": "limitation"},
            {"text": "Nguyên nhân khách quan là địa bàn rộng.", "label": "cause", "cause_type": "objective"},
        ]},
        {"type": "heading", "text": "III. ĐỀ XUẤT", "level": 1},
        {"type": "item", "marker": "-",
         "sentences": [{"text": "Đề nghị tỉnh hỗ trợ kinh phí.", "label": "recommendation"}]},
    ],
}


def _s(seq: int, text: str, cat: Category, path=("II. HẠN CHẾ",), kind=BlockKind.PARAGRAPH) -> Sentence:
    return Sentence(seq, text, None, seq, tuple(path), cat, None, 1.0, block_kind=kind)


def test_fold_ignores_case_spacing_and_punctuation():
    assert fold("Bảng  tin, ở\nthôn.") == fold("bảng tin ở thôn")
    assert fold("Đ") == "đ"


def test_gold_stream_marks_fillers_and_sentences():
    pieces = gold_stream(REPORT)
    assert pieces[0] == ("II. HẠN CHẾ", F_HEADING)
    assert [o for _, o in pieces if o >= 0] == [0, 1, 2]
    assert gold_sentences(REPORT)[2].heading == "III. ĐỀ XUẤT"


def test_merged_sentences_take_the_label_of_the_covering_sentence():
    ext = [
        _s(1, "II. HẠN CHẾ", Category.OTHER, (), BlockKind.HEADING),
        _s(2, "Về kinh phí: Bảng tin ở nhiều thôn còn sơ sài. Nguyên nhân khách quan là địa bàn rộng.",
           Category.LIMITATION),
        _s(3, "Đề nghị tỉnh hỗ trợ kinh phí.", Category.RECOMMENDATION, ("III. ĐỀ XUẤT",)),
    ]
    rec = score_report(REPORT, ext, {}, [])
    rows = rec["rows"]
    assert [r["pred"] for r in rows] == ["limitation", "limitation", "recommendation"]
    assert rows[1]["merged"] == 1 and rows[1]["extra"]["runin"] >= 3
    assert rows[0]["runin_seen"] is True and rows[2]["runin_seen"] is None
    assert all(r["heading_ok"] for r in rows)


def test_split_and_missing_and_foreign_text_are_detected():
    ext = [
        _s(1, "Bảng tin ở nhiều", Category.LIMITATION),
        _s(2, "thôn còn sơ sài.", Category.OTHER),
        _s(3, "Trang 2 Đề nghị tỉnh hỗ trợ kinh phí.", Category.RECOMMENDATION, ("II. HẠN CHẾ",)),
    ]
    rows = score_report(REPORT, ext, {}, [])["rows"]
    assert rows[0]["found"] and rows[0]["n_pieces"] == 2
    assert rows[0]["runin_seen"] is False  # "Về kinh phí:" neither on the path nor in the text
    assert rows[1]["pred"] == MISSING and not rows[1]["found"]
    assert rows[2]["extra"]["unaligned"] == len(fold("Trang 2"))
    assert rows[2]["heading_ok"] is False
    assert loss_cause(rows[1]).startswith("lost")


def test_align_counts_matched_characters_per_gold_sentence():
    al = align([("ab cd", 0), ("efgh", 1)], ["abcdx", "efgh"], 2)
    assert al.g_cover[0] == {0: 4} and al.g_cover[1] == {1: 4}
    assert al.e_len == [5, 4]


def test_prf_counts_missing_as_false_negative():
    macro, per = prf(["cause", "cause"], ["cause", MISSING])
    assert per == {"cause": 2 / 3} and macro == 2 / 3


def test_perfect_document_keeps_headings_runins_and_markers():
    doc = doc_from_report(REPORT)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM]
    assert doc.blocks[1].heading_path == ("II. HẠN CHẾ", "Về kinh phí:")
    assert doc.blocks[3].text.startswith("- Đề nghị")
    assert expected_date(REPORT).isoformat() == "2022-06-05"
