"""nlp.polarity (rules L8, L9 of nlp/ANNOTATION.md) and their use after the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.polarity import is_result_despite, is_shortfall
from tests.conftest import ROOT


@pytest.mark.parametrize(("text", "expected"), [
    ("Tỷ lệ hồ sơ trực tuyến toàn trình mới đạt 54,4%, thấp hơn chỉ tiêu 70% mà Chương trình đề ra.", True),
    ("Riêng tỷ lệ hồ sơ nộp trực tuyến năm 2025 chỉ đạt 31,4%.", True),
    ("Số xã có bản đồ số mới đạt 12 xã, chưa đạt kế hoạch 20 xã.", True),
    ("Xã mới đạt chuẩn nông thôn mới năm 2025.", False),  # newly reached: a result
    ("Xã mới đạt 19/19 tiêu chí.", False),
    ("Tỷ lệ hồ sơ đạt 34,2%, tăng 19 điểm phần trăm so với năm trước.", False),
])
def test_shortfall(text, expected):
    assert is_shortfall(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Mặc dù còn nhiều khó khăn về phương tiện, các đội thông tin lưu động vẫn tổ chức được 146 buổi.", True),
    ("Dù vậy, doanh thu bán hàng qua sàn vẫn tăng khoảng 1,6 lần so với năm trước.", True),
    ("Mặc dù đã có kế hoạch, nhưng một số chi bộ vẫn chưa tổ chức quán triệt.", False),
    ("Dù vậy, công tác thông tin cơ sở vẫn còn nhiều mặt chưa làm được.", False),
    ("Tuy nhiên, tổ vẫn tổ chức được 3 lớp.", False),  # a connector to the previous sentence
    ("Dự án cáp quang, dù khó, vẫn hoàn thành đúng hạn.", False),  # "Dự", not "Dù"
])
def test_result_despite(text, expected):
    assert is_result_despite(text) is expected


def test_every_labelled_sentence_they_match_agrees():
    """The rules never contradict a label of the corpus, the examples or the external sets."""
    from nlp.corpus import load_rows

    dirs = [ROOT / "nlp" / "data" / d for d in ("reports", "external", "external2")] + [ROOT / "examples" / "reports"]
    rows = [r for r in load_rows([Path(d) for d in dirs]) if r.gold]
    shortfalls = [r.label.value for r in rows if is_shortfall(r.ctx.text)]
    results = [r.label.value for r in rows if is_result_despite(r.ctx.text)]
    assert len(shortfalls) >= 15 and set(shortfalls) == {"limitation"}
    assert len(results) >= 5 and set(results) == {"achievement"}


def test_the_classifier_applies_them_over_the_model():
    from nlp.classify import classify
    from tonghop.models import Category

    results = ("2. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, CHỈ TIÊU",)
    cat, _, _ = classify("Tỷ lệ hồ sơ trực tuyến toàn trình mới đạt 54,4%, thấp hơn chỉ tiêu 70% đề ra.", results)
    assert cat is Category.LIMITATION
    problems = ("II. HẠN CHẾ, KHÓ KHĂN",)
    cat, _, _ = classify("Mặc dù địa bàn rộng, đi lại khó khăn, Tổ công tác vẫn tổ chức 11 đợt cấp lưu động.", problems)
    assert cat is Category.ACHIEVEMENT
