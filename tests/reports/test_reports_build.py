"""Golden facts of the synthesis of the shared fixture warehouse (tests/fixtures/warehouse.py)."""

from __future__ import annotations

from reports.build import build_synthesis
from reports.figures import format_total
from tonghop.campaign import load_campaign
from warehouse.db import connect


def section(s, sid):
    return next(x for x in s.sections if x.id == sid)


def test_coverage_sent_missing_late_rejected(synthesis):
    cov = synthesis.coverage
    assert cov.expected == 7
    assert [u.unit_id for u in cov.sent] == ["tu-lam-giang", "tu-phu-an", "hu-tan-lap", "hu-dong-xuan", "hu-yen-hoa"]
    assert [u.unit_id for u in cov.missing] == ["hu-muong-khoa", "hu-thach-ban"]
    assert [u.unit_id for u in cov.late] == ["hu-tan-lap"]
    muong_khoa = cov.missing[0]
    assert "mật khẩu" in muong_khoa.note and "password" not in muong_khoa.note
    assert [r.file_name for r in cov.rejected] == ["anh-chup.jpg", "bc-muong-khoa.pdf"]
    assert cov.rejected[0].unit is None and cov.rejected[1].unit == "Huyện ủy Mường Khoa"
    assert cov.headline.startswith(
        "Tổng hợp từ 5/7 đơn vị đã gửi báo cáo (thiếu: Huyện ủy Thạch Bàn; "
        "tệp gửi đến không đọc được: Huyện ủy Mường Khoa)"
    )
    # the current file of a unit that sent twice is the newer one
    phu_an = next(u for u in cov.units if u.unit_id == "tu-phu-an")
    assert phu_an.file_names == ("bc-phu-an-v2.docx",)


def test_sections_follow_the_campaign_outline(synthesis, campaign):
    assert [s.id for s in synthesis.sections] == [o.id for o in campaign.outline]
    assert section(synthesis, "II").category is None and section(synthesis, "II").themes == ()


def test_limitation_themes_counts_units_and_sources(synthesis):
    themes = section(synthesis, "III").themes
    assert [(t.unit_count, t.units_reporting) for t in themes] == [(4, 5), (2, 5), (2, 5)]
    funds = themes[0]
    assert funds.label == "Kinh phí chi cho hoạt động thông tin cơ sở còn thấp, chưa đáp ứng yêu cầu"
    assert funds.unit_names == ("Thành ủy Lâm Giang", "Thị ủy Phú An", "Huyện ủy Tân Lập", "Huyện ủy Yên Hòa")
    assert len(funds.quotes) == 3 and len({q.unit for q in funds.quotes}) == 3
    for q in funds.quotes:
        assert q.text == "Kinh phí chi cho hoạt động thông tin cơ sở còn thấp, chưa đáp ứng yêu cầu."
        if q.file_name.endswith(".pdf"):
            assert q.page is not None and q.location == f"tr. {q.page}"
        else:
            assert q.page is None and q.location.startswith("mục II, đoạn ")
    # superseded, duplicate and rejected files are never quoted
    files = {q.file_name for sec in synthesis.sections for t in sec.themes for q in t.quotes}
    assert "bc-phu-an-v1.docx" not in files and "bc-muong-khoa.pdf" not in files


def test_only_current_documents_are_quoted(synthesis, fixture_db):
    con = connect(fixture_db, read_only=True)
    try:
        current = {
            r[0] for r in con.execute("SELECT doc_id FROM documents WHERE status IN ('ok', 'partial')").fetchall()
        }
    finally:
        con.close()
    quoted = {q.doc_id for sec in synthesis.sections for t in sec.themes for q in t.quotes}
    assert quoted and quoted <= current


def test_causes_split_by_type(synthesis):
    assert section(synthesis, "IV.1").themes[0].label == ("Địa hình chia cắt, các xã phía tây thường mất điện")
    assert section(synthesis, "IV.2").themes[0].unit_count == 5
    assert section(synthesis, "IV.3").themes == ()


def test_figures_sum_current_reports_once_per_unit(synthesis):
    totals = {f.measure: f for f in synthesis.figures}
    it = totals["xa_truyen_thanh_cntt"]
    assert it.total == 47  # 9 + 4 + 18 + 6 + 10: v1 of Phú An, the duplicate and the table repeat not added
    assert it.denominator_total == 12 + 9 + 20 + 15 + 17
    assert format_total(it) == "47/73 xã (64,4 %)"
    lam_giang = next(r for r in it.rows if r.unit_id == "tu-lam-giang")
    assert lam_giang.mentions == 2 and lam_giang.value == 9
    assert totals["bang_tin"].total == 85 + 44 + 130 + 70 + 96
    assert [f.measure for f in section(synthesis, "II.1").figures] == ["xa_truyen_thanh_cntt", "bang_tin"]


def test_another_outline_drives_the_sections(fixture_db, tmp_path):
    toml = tmp_path / "tiny.toml"
    toml.write_text(
        """
[campaign]
id = "ct07-2022"
name = "Thử đề cương khác"
place = "Lâm Giang"
deadline = 2022-06-30

[[units]]
id = "tu-lam-giang"
name = "Thành ủy Lâm Giang"

[[units]]
id = "hu-yen-hoa"
name = "Huyện ủy Yên Hòa"

[[outline]]
id = "A"
title = "KIẾN NGHỊ"
category = "recommendation"

[[outline]]
id = "B"
title = "KHÓ KHĂN"
category = "limitation"
topics = ["funding"]
""",
        encoding="utf-8",
    )
    tiny = load_campaign(toml)
    con = connect(fixture_db, read_only=True)
    try:
        s = build_synthesis(con, tiny)
    finally:
        con.close()
    assert [(x.id, x.title) for x in s.sections] == [("A", "KIẾN NGHỊ"), ("B", "KHÓ KHĂN")]
    assert s.sections[0].themes[0].label.startswith("Đề nghị tỉnh bố trí kinh phí")
    assert [t.unit_count for t in s.sections[1].themes] == [4]
    assert s.coverage.expected == 2 and len(s.coverage.sent) == 2
    # reports of units outside this roster are still synthesised, flagged as unmatched
    assert len(s.coverage.unmatched) == 3


def test_empty_warehouse_gives_an_all_missing_synthesis(tmp_path, campaign):
    from reports import write_all

    con = connect(tmp_path / "empty.duckdb")
    try:
        s = build_synthesis(con, campaign)
    finally:
        con.close()
    assert s.coverage.headline.startswith("Tổng hợp từ 0/7 đơn vị đã gửi báo cáo (thiếu: Thành ủy Lâm Giang")
    assert all(sec.themes == () for sec in s.sections) and s.figures == ()
    paths = write_all(s, tmp_path / "out")
    assert "Chưa có đơn vị nào nêu" in paths["md"].read_text(encoding="utf-8")


def test_quotes_link_the_archived_copy_when_there_is_one(fixture_db, campaign, tmp_path):
    import shutil

    from reports.html_writer import render_html
    from warehouse.archive import archive_root, archived_path

    db = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_db, db)
    con = connect(db, read_only=True)
    try:
        (sha,) = con.execute("SELECT sha256 FROM documents WHERE file_name = 'bc-tan-lap.pdf'").fetchone()
        stored = archived_path(archive_root(db), sha)
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"%PDF-1.4 fixture")
        s = build_synthesis(con, campaign)
    finally:
        con.close()
    quotes = [q for sec in s.sections for t in sec.themes for q in t.quotes]
    assert {q.archive_path for q in quotes if q.file_name == "bc-tan-lap.pdf"} == {str(stored.resolve())}
    assert {q.archive_path for q in quotes if q.file_name != "bc-tan-lap.pdf"} == {None}
    assert f'href="{stored.resolve().as_uri()}">bản lưu</a>' in render_html(s)


def test_a_sentence_goes_where_its_own_topic_points():
    from reports.build import sentence_topics

    cues = {"dissemination": ("quán triệt",), "loudspeaker": ("truyền thanh", "cụm loa")}
    both = ("dissemination", "loudspeaker")
    assert sentence_topics("Đã lắp mới 40 cụm loa.", both, cues) == ("loudspeaker",)
    assert sentence_topics("Tổ chức 3 hội nghị quán triệt.", both, cues) == ("dissemination",)
    assert sentence_topics("Kết quả bước đầu đáng ghi nhận.", both, cues) == both


def test_only_prose_is_quoted():
    from reports.build import is_prose

    # what the scanned report of the demo inbox gave besides sentences: page numbers, a table read
    # as text, the "Nơi nhận" list, an announcement of the list that follows
    for junk in (
        "2",
        "Xe tuyên truyền",
        "L TT ¡ _ Nộidung_ Đơnvitnh | Sốlượng | 1 | Xã",
        "Các chi, đảng bộ cơ sở, = Lưu Văn phòng Huyện ủy.",
        "Đảng ủy Bộ đội Biên phòng tỉnh,",
        "Bên cạnh những kết quả đạt được, hoạt động thông tin cơ sở của huyện vẫn còn một số hạn chế.",
    ):
        assert not is_prose(junk), junk
    for text in (
        "Kinh phí bố trí hằng năm không đủ để thay thế thiết bị hư hỏng.",
        "20/20 xã, thị trấn duy trì tủ sách pháp luật, trong đó 6 tủ sách đã kết nối với điểm bưu điện.",
        "Nhiều tủ sách còn hạn chế về đầu sách mới, ít người đọc.",
    ):
        assert is_prose(text), text


def test_word_paragraph_counted_under_its_heading():
    from reports.build import section_paragraph

    # tu-lam-giang-ct07.docx: heading "III. HẠN CHẾ, KHÓ KHĂN" is block 12, its first paragraph block 13
    assert section_paragraph(13, [2, 4, 5, 7, 12]) == 1
    assert section_paragraph(11, [2, 4, 5, 7, 12]) == 4
    assert section_paragraph(1, [2, 4]) is None and section_paragraph(None, [2]) is None
