import pytest

from nlp.evaluate import expected_calibration_error, format_report, metrics


def test_metrics_on_a_tiny_hand_made_set():
    gold = ["achievement", "achievement", "limitation", "cause", "cause", "other"]
    pred = ["achievement", "limitation", "limitation", "cause", "limitation", "other"]
    gct = [None, None, None, "objective", "subjective", None]
    pct = [None, None, None, "objective", None, None]
    rep = metrics(gold, pred, [0.9, 0.6, 0.8, 0.7, 0.5, 1.0], gct, pct)
    assert rep.n == 6
    assert rep.accuracy == pytest.approx(4 / 6)
    ach, lim, cau, oth = (rep.per_category[k] for k in ("achievement", "limitation", "cause", "other"))
    assert (ach["precision"], ach["recall"], ach["f1"]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert (lim["precision"], lim["recall"], lim["f1"]) == pytest.approx((1 / 3, 1.0, 0.5))
    assert (cau["precision"], cau["recall"], cau["f1"]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert oth["f1"] == 1.0
    # categories with no gold support (lesson, recommendation) are left out of the macro average
    assert rep.macro_f1 == pytest.approx((2 / 3 + 0.5 + 2 / 3 + 1.0) / 4)
    assert rep.confusion["cause"]["limitation"] == 1
    assert rep.confusion["achievement"]["limitation"] == 1
    assert rep.cause_type_accuracy == 1.0 and rep.cause_type_n == 1
    # bins: 0.5 (wrong) 0.6 (wrong) 0.7 (right) 0.8 (right) 0.9 (right) 1.0 (right)
    assert rep.ece == pytest.approx((0.5 + 0.6 + 0.3 + 0.2 + 0.1 + 0.0) / 6)
    text = format_report(rep)
    assert "macro-F1 0.708" in text and "limitation" in text


def test_ece_of_perfect_calibration_is_zero():
    assert expected_calibration_error([True, True], [1.0, 1.0]) == 0.0
    assert expected_calibration_error([], []) == 0.0


def test_evaluate_reads_jsonl_rows_with_context(tmp_path):
    import json

    from nlp.classify import rules_predict
    from nlp.evaluate import evaluate

    rows = [
        {"text": "Kiến nghị tỉnh bổ sung kinh phí thay thế cụm loa hư hỏng.", "label": "recommendation"},
        {"text": "Địa bàn rộng, nhiều thôn cách xa trung tâm xã.", "label": "cause", "cause_type": "objective",
         "heading": "III. HẠN CHẾ > 2. Nguyên nhân khách quan", "prev_text": "Nguyên nhân như sau."},
        {"text": "Nơi nhận:", "label": "other"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    rep = evaluate(path, rules_predict, "rules")
    assert rep.n == 3 and rep.accuracy == 1.0
    assert rep.cause_type_accuracy == 1.0 and rep.cause_type_n == 1
