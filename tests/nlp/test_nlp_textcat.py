import pickle

import numpy as np

from nlp.spacy_pipe import cue_hits
from nlp.textcat import LABELS, SpacyBow


def test_spacy_bow_trains_and_survives_pickling():
    data = [("đã tổ_chức hội_nghị", "achievement"), ("còn hạn_chế chưa đồng_bộ", "limitation"),
            ("nguyên_nhân do địa_bàn rộng", "cause"), ("bài_học phải luôn", "lesson"),
            ("đề_nghị tỉnh hỗ_trợ", "recommendation"), ("nơi nhận lưu", "other")] * 3
    bow = SpacyBow(epochs=4).fit([t.split() for t, _ in data], [y for _, y in data])
    words = [["đề_nghị", "tỉnh"], ["còn", "hạn_chế"]]
    classes, p = bow.proba(words)
    assert classes == list(LABELS) and p.shape == (2, 6)
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-4)
    again = pickle.loads(pickle.dumps(bow))
    assert np.allclose(again.proba(words)[1], p)


def test_category_cue_matcher_uses_syllables():
    hits = cue_hits("Tuy nhiên, kinh phí còn hạn hẹp.")
    assert ("limitation", "hạn hẹp") in hits
    assert all(cat != "cause" for cat, _ in cue_hits("Độ phủ sóng đạt 98%."))  # "do" never inside "độ"
