"""Classifier behaviour on sentences written for these tests (not taxonomy.md's)."""

import pytest

from nlp import classify as clf
from nlp.context import SentenceContext
from nlp.rules import rule_category, rule_cause_type
from tonghop.models import Category, CauseType

LIM_H = ("III. NHỮNG TỒN TẠI, HẠN CHẾ",)
CAUSE_H = ("2. Nguyên nhân", "2.1. Nguyên nhân khách quan")
SUBJ_H = ("IV- NGUYÊN NHÂN", "b) Nguyên nhân chủ quan")
LESSON_H = ("PHẦN THỨ HAI", "BÀI HỌC KINH NGHIỆM")
REC_H = ("V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",)
ACH_H = ("I. KẾT QUẢ THỰC HIỆN",)

CLEAR = [
    ("Ủy ban nhân dân huyện đã tổ chức 6 lớp tập huấn nghiệp vụ cho 240 cán bộ phụ trách truyền thanh xã.", ACH_H,
     Category.ACHIEVEMENT),
    ("Nhiều cụm loa ở vùng cao đã hỏng nhưng chưa được thay thế kịp thời.", LIM_H, Category.LIMITATION),
    ("Đề nghị Sở Tài chính cân đối nguồn vốn để các xã thay mới thiết bị phát thanh.", REC_H,
     Category.RECOMMENDATION),
    ("Trong giai đoạn tới, tiếp tục số hóa toàn bộ bản tin của xã và đưa lên nền tảng trực tuyến.", REC_H,
     Category.RECOMMENDATION),
    ("Phải gắn trách nhiệm của người đứng đầu với kết quả thông tin đến từng khu dân cư.", LESSON_H,
     Category.LESSON),
    ("Thị xã có 9 phường và 4 xã với khoảng 86 nghìn nhân khẩu.", (), Category.OTHER),
]


@pytest.mark.parametrize(("text", "path", "label"), CLEAR)
def test_model_labels_clear_cases(text, path, label):
    assert clf.classify(text, path)[0] is label


def test_cause_under_a_limitations_heading_flips_to_cause():
    text = "Nguyên nhân chủ yếu của tình trạng trên là kinh phí sửa chữa hằng năm quá thấp."
    cat, _, _ = clf.classify(text, LIM_H)
    assert cat is Category.CAUSE


def test_heading_gives_cause_type():
    cat, ctype, _ = clf.classify("Địa hình chia cắt, mùa mưa thường xuyên sạt lở làm đứt đường dây loa.", CAUSE_H)
    assert (cat, ctype) == (Category.CAUSE, CauseType.OBJECTIVE)
    cat, ctype, _ = clf.classify("Một số cấp ủy cơ sở thiếu sâu sát trong chỉ đạo.", SUBJ_H)
    assert (cat, ctype) == (Category.CAUSE, CauseType.SUBJECTIVE)


def test_recommendation_phrasing_under_lessons_heading_is_a_lesson():
    cat, _, _ = clf.classify("Cần coi trọng việc lắng nghe phản hồi của người dân qua nhiều kênh.", LESSON_H)
    assert cat is Category.LESSON


def test_concessive_opener_is_a_limitation():
    text = "Bên cạnh những kết quả đạt được, việc cập nhật trang thông tin điện tử của một số xã còn chậm."
    assert clf.classify(text, ACH_H)[0] is Category.LIMITATION


def test_confidence_is_a_probability_and_version_is_recorded():
    _, _, conf = clf.classify("Đề nghị Tỉnh ủy quan tâm bố trí biên chế cho đài truyền thanh cấp xã.")
    assert 0.0 < conf <= 1.0
    assert clf.model_version().startswith(("ens-", "lr-"))


def test_boilerplate_is_other_whatever_the_model_says():
    for line in ("Nơi nhận:", "T/M BAN THƯỜNG VỤ", "Sông Cầu, ngày 12 tháng 5 năm 2022"):
        assert clf.classify(line)[0] is Category.OTHER


def test_missing_model_falls_back_to_rules(tmp_path):
    model, version = clf._load(str(tmp_path / "absent.joblib"))
    assert model is None and version.startswith("rules-")


def test_rules_baseline_follows_decision_order():
    ctx = SentenceContext("Nguyên nhân khách quan: mùa bão kéo dài làm hư hỏng cột loa.", heading_path=LIM_H)
    assert rule_category(ctx) is Category.CAUSE
    assert rule_cause_type(ctx) is CauseType.OBJECTIVE
    assert rule_category(SentenceContext("Kiến nghị Trung ương sửa đổi chế độ phụ cấp cho cán bộ cơ sở.")) \
        is Category.RECOMMENDATION
    assert rule_category(SentenceContext("Thực hiện Công văn số 12-CV/BTGTU, Đảng ủy báo cáo như sau:")) \
        is Category.OTHER


def test_sentences_opening_with_so_are_not_document_numbers():
    assert clf.classify("Số bản tin phát trên loa giảm mạnh, nhiều thôn chưa được nghe thường xuyên.",
                        LIM_H)[0] is Category.LIMITATION
    assert clf.classify("Số 112-BC/HU")[0] is Category.OTHER
    assert clf.classify("Ban Thường vụ Đảng ủy xã báo cáo Ban Tuyên giáo Huyện ủy để tổng hợp./.")[0] \
        is Category.OTHER
