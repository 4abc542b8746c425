"""Rules added after the error analysis on reports by other writers (ANNOTATION.md section 6).

Sentences written for these tests. The category-independent overrides are checked with a fixed
predictor standing in for the model, so the test exercises exactly the code that runs after it.
"""

from nlp import analyse, runin_path
from nlp.classify import classify_contexts, gives_cause, names_both_types
from nlp.context import SentenceContext, is_boilerplate
from nlp.evaluate import evaluate
from nlp.features import context_tokens, form_tokens
from tonghop.campaign import load_campaign
from tonghop.models import Block, BlockKind, Category, CauseType, ExtractedDocument, Format


class Fixed:
    """Predicts one category for every sentence (what the model said, before the overrides)."""

    def __init__(self, cat: Category):
        self.cat = cat

    def predict(self, ctxs):
        return [(self.cat, None, 0.7) for _ in ctxs]


def ctx(text, path=(), index=0, kind="paragraph"):
    return SentenceContext(text=text, heading_path=path, index_in_block=index, block_kind=kind)


def test_lead_in_naming_both_types_is_other_but_a_stated_cause_is_an_untyped_cause():
    lead = "Nhìn lại cả giai đoạn, các yếu kém trên có gốc rễ cả khách quan lẫn chủ quan."
    stated = "Việc bản tin ra chậm có cả khách quan và chủ quan, nhưng trước hết vì biên tập viên kiêm nhiệm."
    assert names_both_types(lead) and not gives_cause(lead)
    assert names_both_types(stated) and gives_cause(stated)
    path = ("III. HẠN CHẾ", "2. Nguyên nhân chủ quan")
    out = classify_contexts([ctx(lead, path), ctx(stated, path, 1)], Fixed(Category.CAUSE))
    assert out[0][0] is Category.OTHER
    assert out[1][:2] == (Category.CAUSE, None)  # C1: naming both types gives null, even under a typed heading


def test_complacency_is_not_a_type_label():
    text = "Tâm lý chủ quan của một số hộ khiến loa hỏng không được báo kịp thời."
    assert not names_both_types(text)
    assert not names_both_types("Nguyên nhân chủ quan là tâm lý chủ quan của cán bộ thôn.")
    out = classify_contexts([ctx(text, ("IV. NGUYÊN NHÂN",))], Fixed(Category.CAUSE))
    assert out[0][:2] == (Category.CAUSE, None)


def test_type_carry_over_ends_at_a_sentence_that_is_not_a_cause():
    path = ("IV. NGUYÊN NHÂN",)
    sents = [ctx("Về khách quan, các thôn ở rất xa trung tâm.", path),
             ctx("Mùa mưa đường bị sạt lở nhiều đoạn.", path, 1),
             ctx("Xã đã khắc phục một phần bằng loa lưu động.", path, 2),
             ctx("Thiết bị dự phòng gần như không có.", path, 3)]

    class Script:
        def predict(self, ctxs):
            cats = [Category.CAUSE, Category.CAUSE, Category.ACHIEVEMENT, Category.CAUSE]
            return [(c, None, 0.7) for c in cats]

    out = classify_contexts(sents, Script())
    assert [o[1] for o in out] == [CauseType.OBJECTIVE, CauseType.OBJECTIVE, None, None]


def test_closing_lines_without_the_closing_mark_are_boilerplate():
    assert is_boilerplate("Trên đây là kết quả sơ kết của Đảng ủy xã Khe Vàng")
    assert is_boilerplate("Ủy ban nhân dân phường kính báo cáo Sở Nội vụ xem xét.")
    assert is_boilerplate("Hội Cựu chiến binh xã trân trọng báo cáo.")
    assert is_boilerplate("Ban Chỉ đạo xã báo cáo để Ban Thường vụ Huyện ủy tổng hợp, theo dõi.")
    assert not is_boilerplate("Kính đề nghị Tỉnh ủy quan tâm hỗ trợ kinh phí thay loa.")
    assert not is_boilerplate("Hằng tháng, các chi hội báo cáo kết quả để Hội huyện tổng hợp.")
    line = ctx("Ủy ban nhân dân xã kính báo cáo Ủy ban nhân dân huyện")
    out = classify_contexts([line], Fixed(Category.RECOMMENDATION))
    assert out[0][0] is Category.OTHER


def test_sentence_form_tokens():
    assert "TASKFORM" in form_tokens("Nâng cấp 12 cụm loa còn lại trước mùa mưa.")
    assert "TASKFORM" not in form_tokens("Nâng cấp 12 cụm loa đã hoàn thành trong năm.")
    assert "SETTING" in form_tokens("Dự báo những năm tới, giá vật tư tiếp tục tăng.")
    assert "DATELEAD" in form_tokens("Tháng 3/2021, huyện mở lớp bồi dưỡng.")
    assert "META" in form_tokens("Báo cáo đánh giá những việc đã làm, hạn chế, nguyên nhân và bài học.")
    c = SentenceContext(text="Ngoài ra, máy phát dự phòng chưa có.", prev_text="Nguyên nhân là do kinh phí ít.")
    assert "CONT_PREV=cause" in context_tokens(c).split()


def test_runin_enters_the_heading_path_once():
    path = ("II. HẠN CHẾ",)
    assert runin_path(path, "Về nguyên nhân:") == (*path, "Về nguyên nhân:")
    assert runin_path((*path, "Về nguyên nhân:"), "Về nguyên nhân:") == (*path, "Về nguyên nhân:")
    assert runin_path(path, "") == path


def _doc(new_extractor: bool) -> ExtractedDocument:
    outer = ("II. HẠN CHẾ VÀ NGUYÊN NHÂN",)
    runin = "Về nguyên nhân:"
    inner = (*outer, runin) if new_extractor else outer
    return ExtractedDocument(Format.DOCX, (
        Block(BlockKind.HEADING, outer[0], None, 1, (), level=1),
        Block(BlockKind.PARAGRAPH, "Bản tin của nhiều xã còn sơ sài, ít tin tự viết.", None, 2, outer),
        Block(BlockKind.HEADING, runin, None, 3, outer),
        Block(BlockKind.PARAGRAPH, "Cán bộ văn hóa xã kiêm nhiệm nhiều việc. Thiết bị biên tập còn thiếu.",
              None, 4, inner),
    ))


def test_runin_in_the_extractor_heading_path_is_not_counted_twice():
    old = analyse(_doc(False), load_campaign())[0]
    new = analyse(_doc(True), load_campaign())[0]
    assert [(s.category, s.cause_type, s.confidence) for s in old] == \
           [(s.category, s.cause_type, s.confidence) for s in new]
    assert [s.category for s in new if s.paragraph == 4] == [Category.CAUSE, Category.CAUSE]


def test_evaluate_accepts_a_folder_of_report_json(tmp_path):
    import json

    rep = {"id": "t-one", "split": "test", "header": {}, "closing": {}, "body": [
        {"type": "heading", "text": "I. KẾT QUẢ", "level": 1},
        {"type": "paragraph", "sentences": [
            {"text": "Xã đã lắp 14 cụm loa mới ở các thôn vùng cao.", "label": "achievement"},
            {"text": "Thôn Khe Mây có 212 hộ.", "label": "other"}]}]}
    (tmp_path / "t-one.json").write_text(json.dumps(rep, ensure_ascii=False), encoding="utf-8")
    out = evaluate(tmp_path)
    assert out.n == 2
