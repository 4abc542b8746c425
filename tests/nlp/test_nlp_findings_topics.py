import pytest

from nlp.findings import group_findings
from nlp.topics import topics_of
from tonghop.campaign import load_campaign
from tonghop.models import BlockKind, Category, CauseType, Sentence


@pytest.fixture(scope="module")
def camp():
    return load_campaign()


def s(seq, cat, path=("II. HẠN CHẾ",), ctype=None, kind=BlockKind.PARAGRAPH, text=None):
    return Sentence(seq, text or f"câu {seq}", 1, seq, path, cat, ctype, 0.9, block_kind=kind)


def test_consecutive_same_category_in_one_section_is_one_finding():
    sents = [s(1, Category.OTHER, kind=BlockKind.HEADING), s(2, Category.LIMITATION), s(3, Category.LIMITATION),
             s(4, Category.CAUSE, ctype=CauseType.OBJECTIVE), s(5, Category.CAUSE, ctype=CauseType.SUBJECTIVE)]
    got = [(f.seq, f.category, f.sentence_start, f.sentence_end, f.cause_type) for f in group_findings(sents)]
    assert got == [(1, Category.LIMITATION, 2, 3, None), (2, Category.CAUSE, 4, 4, CauseType.OBJECTIVE),
                   (3, Category.CAUSE, 5, 5, CauseType.SUBJECTIVE)]
    assert group_findings(sents)[0].text == "câu 2 câu 3"


def test_other_sentences_and_new_sections_break_runs():
    sents = [s(1, Category.ACHIEVEMENT, ("I",)), s(2, Category.OTHER, ("I",)), s(3, Category.ACHIEVEMENT, ("I",)),
             s(4, Category.ACHIEVEMENT, ("I", "2.")), s(5, Category.ACHIEVEMENT, ("I", "2."))]
    got = [(f.sentence_start, f.sentence_end) for f in group_findings(sents)]
    assert got == [(1, 1), (3, 3), (4, 5)]
    assert all(f.category is not Category.OTHER for f in group_findings(sents))


def test_findings_carry_campaign_topics(camp):
    sents = [s(1, Category.LIMITATION, text="Nhiều cụm loa ở thôn xa đã hư hỏng."),
             s(2, Category.LIMITATION, text="Kinh phí sửa chữa hằng năm chưa được bố trí.")]
    (f,) = group_findings(sents, camp)
    assert set(f.topics) >= {"loudspeaker", "investment", "funding"}


def test_topics_match_whole_words_case_folded(camp):
    assert "loudspeaker" in topics_of("HỆ THỐNG LOA NGOÀI TRỜI", camp)
    assert "loudspeaker" not in topics_of("Phân loại rác tại nguồn.", camp)  # "loa" inside "loại"
    assert "digital" in topics_of("Các xã lập nhóm Zalo để thông tin nhanh.", camp)
    assert topics_of("", camp) == ()
