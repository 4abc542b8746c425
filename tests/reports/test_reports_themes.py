"""Grouping sentences of different units into themes (sentences written for this test)."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from reports.model import Quote
from reports.themes import ThemeItem, generalise, group_themes, make_vectorizer, short_label, topic_cues
from tonghop.campaign import load_campaign

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
    fronted = (
        "Tại các bản đông đồng bào Mông, đội tuyên truyền lưu động phối hợp với người có uy tín tổ chức "
        "tuyên truyền bằng tiếng dân tộc trong các buổi họp bản và phiên chợ, thu hút đông người dân tham gia."
    )
    assert short_label(fronted).startswith("Tại các bản đông đồng bào Mông, đội tuyên truyền lưu động")


def test_empty_section_has_no_theme():
    assert group_themes([], units_reporting=3) == ()


# --- section III of the demo warehouse (examples/inbox ingested), grouped by an editor:
# one row per sentence, "own:…" for a point only that sentence makes

GOLD = Path(__file__).parent / "data" / "section-iii-gold.tsv"


def _gold_items():
    with GOLD.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    its = []
    for k, r in enumerate(rows):
        q = Quote(r["text"], r["unit"], r["unit"], "x.pdf", None, "pdf", 1, (), k, f"d-{r['unit']}", f"g{k}", k)
        its.append(ThemeItem(r["text"], r["tokens"], r["unit"], r["unit"], q))
    return rows, its


def _demo_grouping(cues):
    rows, its = _gold_items()
    vec = make_vectorizer([r["tokens"] for r in rows], cues)
    themes = group_themes(its, units_reporting=10, vectorizer=vec)
    pred = _labels(themes, [f"g{k}" for k in range(len(rows))])
    return rows, themes, pred


def test_demo_section_grouping_against_an_editor():
    cues = topic_cues(load_campaign().topics)
    rows, themes, pred = _demo_grouping(cues)
    gold = [r["group"] for r in rows]
    # measured: 0.67 with the campaign's topic cues, 0.48 with words alone (below)
    assert adjusted_rand_score(gold, pred) >= 0.64
    _, _, words_only = _demo_grouping(None)
    assert adjusted_rand_score(gold, words_only) < adjusted_rand_score(gold, pred) - 0.1
    by_key = {f"g{k}": k for k in range(len(rows))}
    theme_of = {by_key[f]: t for t in themes for f in t.finding_ids}
    # the recurring findings an editor expects, each one theme of (nearly) all units raising it
    for group, min_units in {"staff": 8, "funds": 6, "boards": 7, "mobile": 6, "loa": 7}.items():
        members = [k for k, g in enumerate(gold) if g == group]
        main = Counter(id(theme_of[k]) for k in members).most_common(1)[0][0]
        theme = next(t for t in themes if id(t) == main)
        assert theme.unit_count >= min_units, (group, theme.label, theme.unit_count)

    # unrelated findings kept apart
    def main_theme(group):
        members = [k for k, g in enumerate(gold) if g == group]
        return Counter(id(theme_of[k]) for k in members).most_common(1)[0][0]

    mains = [main_theme(g) for g in ("staff", "funds", "boards", "mobile", "loa", "digital", "bookshelf")]
    assert len(set(mains)) == len(mains)


def test_demo_theme_labels_read_like_report_lines():
    cues = topic_cues(load_campaign().topics)
    _, themes, _ = _demo_grouping(cues)
    for t in themes:
        assert "…" not in t.label and not t.label.endswith((",", ";", ":")), t.label
        assert t.label[:1].isupper() or t.label[:1].isdigit(), t.label
    shared = [t for t in themes if t.unit_count > 1]
    assert all(not re.search(r"\d", t.label) for t in shared), [t.label for t in shared]


def test_a_unit_sentence_generalised_for_a_shared_theme():
    assert short_label(
        generalise("Vẫn còn 2 xã vùng đồi chưa có hệ thống truyền thanh, người dân nghe qua trưởng bản.")
    ) == ("Vẫn còn một số xã vùng đồi chưa có hệ thống truyền thanh, người dân nghe qua trưởng bản")
    assert (
        short_label(
            generalise(
                "Ngày 05/01/2017, Ban Thường vụ Huyện ủy ban hành Kế hoạch số 36-KH/HU triển khai Chỉ thị 07-CT/TW."
            )
        )
        == "Ban Thường vụ Huyện ủy ban hành Kế hoạch triển khai Chỉ thị 07-CT/TW"
    )
    assert generalise("Nhiều cụm loa lắp đặt từ năm 2012 - 2014 đã hư hỏng.") == "Nhiều cụm loa lắp đặt đã hư hỏng."
    assert generalise("Sở kiểm tra tại 3 - 4 huyện, thị xã.") == "Sở kiểm tra tại một số huyện, thị xã."


def test_single_unit_themes_come_after_shared_ones_in_roster_order():
    rank = {"e": 0, "f": 1, "a": 2, "b": 3, "c": 4, "d": 5}
    themes = group_themes(items(), units_reporting=6, unit_rank=lambda u: (rank[u],))
    counts = [t.unit_count for t in themes]
    assert counts == sorted(counts, reverse=True)
    singles = [t for t in themes if t.unit_count == 1]
    assert [rank[t.unit_ids[0]] for t in singles] == sorted(rank[t.unit_ids[0]] for t in singles)
