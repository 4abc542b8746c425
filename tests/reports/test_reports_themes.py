"""Grouping sentences of different units into themes (sentences written for this test)."""

from __future__ import annotations

import random

from sklearn.metrics import adjusted_rand_score

from reports.model import Quote
from reports.themes import ThemeItem, group_themes, short_label

# (unit, sentence, the group an editor would put it in)
SENTENCES = [
    ("a", "Kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp, chưa đáp ứng nhu cầu thực tế.", "funds"),
    ("b", "Nguồn kinh phí bố trí cho đài truyền thanh xã rất hạn chế, chủ yếu chỉ đủ chi phụ cấp.", "funds"),
    ("c", "Ngân sách địa phương còn khó khăn nên kinh phí đầu tư cho thông tin cơ sở còn thấp.", "funds"),
    ("d", "Kinh phí hoạt động của các đài truyền thanh cơ sở còn hạn hẹp.", "funds"),
    ("a", "Nhiều cụm loa ở thôn, tổ dân phố đã xuống cấp, hư hỏng, chưa được thay thế kịp thời.", "loa"),
    ("b", "Hệ thống truyền thanh cấp xã được đầu tư từ lâu nên đã xuống cấp, nhiều cụm loa hư hỏng.", "loa"),
    ("e", "Thiết bị truyền thanh không dây tại một số xã hư hỏng thường xuyên do thời tiết khắc nghiệt.", "loa"),
    ("c", "Đội ngũ cán bộ làm công tác thông tin cơ sở phần lớn kiêm nhiệm, chưa được đào tạo chuyên môn.", "staff"),
    ("d", "Cán bộ phụ trách đài truyền thanh xã thường xuyên thay đổi, trình độ chuyên môn còn hạn chế.", "staff"),
    ("e", "Cán bộ làm công tác thông tin cơ sở chủ yếu kiêm nhiệm, ít được bồi dưỡng nghiệp vụ.", "staff"),
    ("a", "Nội dung một số bảng tin ở khu dân cư chậm được cập nhật, hình thức còn đơn điệu.", "boards"),
    ("f", "Bảng tin tại nhiều thôn, bản nội dung sơ sài, không thường xuyên thay đổi.", "boards"),
    ("f", "Việc ứng dụng công nghệ thông tin trong hoạt động thông tin cơ sở còn chậm.", "digital"),
    ("b", "Một số cấp ủy chưa thật sự quan tâm đến công tác thông tin cơ sở.", "care"),
    ("c", "Sự phối hợp giữa các ngành trong cung cấp thông tin cho cơ sở có lúc chưa chặt chẽ.", "coord"),
]
NAMES = {u: f"Đơn vị {u.upper()}" for u in "abcdef"}


def items(sentences=SENTENCES):
    out = []
    for k, (unit, text, _) in enumerate(sentences, 1):
        q = Quote(
            text,
            unit,
            NAMES[unit],
            f"{unit}.pdf",
            f"/inbox/{unit}.pdf",
            "pdf",
            2,
            ("II. HẠN CHẾ",),
            k,
            f"doc-{unit}",
            f"doc-{unit}-{k}",
            k,
        )
        out.append(ThemeItem(text, "", unit, NAMES[unit], q))  # empty tokens: underthesea fallback
    return out


def _labels(themes, keys):
    """Cluster number of each item key, from the themes' finding ids."""
    where = {f: k for k, th in enumerate(themes) for f in th.finding_ids}
    return [where[k] for k in keys]


def test_groups_match_an_editors_grouping():
    themes = group_themes(items(), units_reporting=6)
    keys = [f"doc-{u}-{k}" for k, (u, _, _) in enumerate(SENTENCES, 1)]
    gold = [g for _, _, g in SENTENCES]
    # measured 0.91: the one miss keeps the wireless-equipment sentence apart from the loudspeakers
    assert adjusted_rand_score(gold, _labels(themes, keys)) >= 0.9
    funds = next(t for t in themes if t.label.startswith("Kinh phí"))
    assert funds.unit_ids == ("a", "b", "c", "d")
    staff = next(t for t in themes if "kiêm nhiệm" in t.label)
    assert set(staff.unit_ids) == {"c", "d", "e"}


def test_shared_predicates_do_not_chain_different_subjects():
    """Many units, one evaluative phrase everywhere: themes still follow what is talked about."""
    rnd = random.Random(3)
    subjects = ["Kinh phí", "Cán bộ phụ trách", "Bảng tin", "Cụm loa", "Đội tuyên truyền lưu động", "Tủ sách pháp luật"]
    predicates = [
        "còn hạn hẹp",
        "chưa đáp ứng yêu cầu",
        "hoạt động cầm chừng",
        "hiệu quả chưa cao",
        "chậm được cập nhật",
        "thiếu trang thiết bị",
    ]
    places = ["ở vùng sâu", "tại các thôn, bản", "ở cấp xã", "ở một số khu dân cư", ""]
    sentences, gold = [], []
    for k in range(240):
        g = rnd.randrange(len(subjects))
        text = f"{subjects[g]} {rnd.choice(places)} {rnd.choice(predicates)}, {rnd.choice(predicates)}."
        sentences.append((f"u{k % 40}", " ".join(text.split()), str(g)))
        gold.append(g)
    names = {u: u for u, _, _ in sentences}
    its = []
    for k, (u, text, _) in enumerate(sentences, 1):
        q = Quote(text, u, u, "x.pdf", None, "pdf", 1, (), k, f"d-{u}", f"f{k}", k)
        its.append(ThemeItem(text, "", u, names[u], q))
    themes = group_themes(its, units_reporting=40)
    assert adjusted_rand_score(gold, _labels(themes, [f"f{k}" for k in range(1, 241)])) >= 0.85


def test_counts_units_orders_by_count_and_quotes_different_units():
    themes = group_themes(items(), units_reporting=6)
    assert [t.unit_count for t in themes] == sorted((t.unit_count for t in themes), reverse=True)
    funds = themes[0]
    assert funds.unit_count == 4 and funds.units_reporting == 6 and funds.share == "4/6 đơn vị"
    assert funds.label.startswith("Kinh phí")
    assert funds.unit_names == ("Đơn vị A", "Đơn vị B", "Đơn vị C", "Đơn vị D")
    assert 1 <= len(funds.quotes) <= 3
    assert len({q.unit_id for q in funds.quotes}) == len(funds.quotes)
    texts = {s for _, s, _ in SENTENCES}
    assert all(q.text in texts for t in themes for q in t.quotes)  # verbatim
    assert sum(t.sentence_count for t in themes) == len(SENTENCES)


def test_deterministic_whatever_the_input_order():
    a = group_themes(items(), units_reporting=6)
    b = group_themes(list(reversed(items())), units_reporting=6)
    assert a == b


def test_label_is_short_and_reads_like_a_heading():
    assert short_label("- Tuy nhiên, kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp.") == (
        "Kinh phí cho hoạt động thông tin cơ sở còn hạn hẹp"
    )
    assert (
        short_label("Nguyên nhân khách quan: địa bàn rộng, giao thông khó khăn.") == "Địa bàn rộng, giao thông khó khăn"
    )
    assert short_label("Nguyên nhân chủ quan là do một số cấp ủy chưa quan tâm đúng mức.") == (
        "Một số cấp ủy chưa quan tâm đúng mức"
    )
    long = (
        "Hệ thống truyền thanh cấp xã ở nhiều nơi được đầu tư đã lâu, thiết bị lạc hậu, thường xuyên hư hỏng, "
        "việc sửa chữa, thay thế gặp nhiều khó khăn do thiếu kinh phí và thiếu cán bộ kỹ thuật."
    )
    label = short_label(long)
    assert len(label.split()) <= 24 and not label.endswith(",")


def test_empty_section_has_no_theme():
    assert group_themes([], units_reporting=3) == ()
