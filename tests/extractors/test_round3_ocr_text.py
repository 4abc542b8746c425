"""Round 3 of the end-to-end bench: OCR junk headings, fused lettered run-ins, paragraphs
Tesseract split mid-sentence (extractors.headings, extractors.pdf.text_to_items, extractors.ocr)."""

from __future__ import annotations

from extractors.base import assemble
from extractors.headings import LineKind, classify_line, is_noisy
from extractors.ocr import parse_tsv
from extractors.pdf import text_to_items
from tonghop.models import BlockKind

# 1. Junk lines ---------------------------------------------------------------------------


def test_ocr_junk_line_is_not_a_heading():
    assert classify_line("I @Œ@ CI + C2 2 CC").kind is LineKind.PARAGRAPH
    assert classify_line("~= ĐÃ ¬ LL").kind is LineKind.PARAGRAPH
    assert classify_line("Ï ẤT .. . :... _.").kind is LineKind.PARAGRAPH


def test_clean_headings_survive_the_noise_filter():
    for line, style in [
        ("II. KẾT QUẢ NĂM 2023", "roman"),
        ("ƯU ĐIỂM", "caps"),
        ("KẾT QUẢ NĂM 2022", "caps"),
        ("2.1. Về công tác tuyên truyền", "decimal2"),
        ("III. NHIỆM VỤ, GIẢI PHÁP (2023 - 2025)", "roman"),
        ("Hạn chế", "noun"),
    ]:
        info = classify_line(line)
        assert (info.kind, info.style) == (LineKind.HEADING, style), line
    assert not is_noisy("ĐẢNG BỘ TỈNH HÀ LÂM")
    assert is_noisy("CI + C2 2 CC")


def test_junk_line_does_not_open_a_section_over_the_limitations():
    text = "\n".join([
        "II. HẠN CHẾ",
        "",
        "I @Œ@ CI + C2 2 CC",
        "",
        "Việc cập nhật tin bài trên cổng thông tin còn chậm, chưa thường xuyên.",
    ])
    blocks, _ = assemble(text_to_items(text, ocr=True), skip_front=False)
    body = [b for b in blocks if b.text.startswith("Việc cập nhật")]
    assert body and body[0].heading_path == ("II. HẠN CHẾ",)
    assert not any(b.kind is BlockKind.HEADING and "@" in b.text for b in blocks)


# 2. A lettered run-in fused with the next line ---------------------------------------------


def test_lettered_title_fused_with_body_ends_at_first_sentence_break():
    info = classify_line("c) Cơ sở vật chất và đội ngũ. Từ nguồn các chương trình mục tiêu quốc")
    assert info.kind is LineKind.HEADING
    assert info.heading == "c) Cơ sở vật chất và đội ngũ."
    assert info.rest == "Từ nguồn các chương trình mục tiêu quốc"
    # weight known (text PDF, DOCX): the whole-line rule is unchanged
    known = classify_line("c) Cơ sở vật chất và đội ngũ. Từ nguồn các chương trình", bold=False)
    assert known.rest == ""
    # a lower-case continuation is no sentence break
    assert classify_line("c) Cơ sở vật chất, kỹ thuật. được đầu tư").rest == ""


def test_ocr_fused_lettered_heading_becomes_heading_and_paragraph():
    text = "\n".join([
        "2. Kết quả cụ thể",
        "c) Cơ sở vật chất và đội ngũ. Từ nguồn các chương trình mục tiêu quốc",
        "gia, toàn tỉnh đã đầu tư 12 trạm truyền thanh.",
        "d) Hạn chế",
    ])
    blocks, _ = assemble(text_to_items(text, ocr=True), skip_front=False)
    got = [(b.kind, b.text, b.heading_path) for b in blocks]
    assert got == [
        (BlockKind.HEADING, "2. Kết quả cụ thể", ()),
        (BlockKind.HEADING, "c) Cơ sở vật chất và đội ngũ.", ("2. Kết quả cụ thể",)),
        (BlockKind.PARAGRAPH, "Từ nguồn các chương trình mục tiêu quốc gia, toàn tỉnh đã đầu tư 12 trạm truyền thanh.",
         ("2. Kết quả cụ thể", "c) Cơ sở vật chất và đội ngũ.")),
        (BlockKind.HEADING, "d) Hạn chế", ("2. Kết quả cụ thể",)),
    ]


# 5. Paragraphs Tesseract split mid-sentence ------------------------------------------------

_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(rows: list[tuple[int, int, int, float, str]]) -> str:
    """(block, par, line, conf, word) → Tesseract TSV with words 40 px apart on a line."""
    out = [_HEAD]
    pos: dict[tuple[int, int, int], int] = {}
    for block, par, line, conf, word in rows:
        key = (block, par, line)
        n = pos.get(key, 0)
        pos[key] = n + 1
        out.append(f"5\t1\t{block}\t{par}\t{line}\t{n + 1}\t{40 * n}\t{30 * line}\t34\t20\t{conf}\t{word}")
    return "\n".join(out)


def test_paragraph_split_mid_sentence_is_joined():
    tsv = _tsv([
        (1, 1, 1, 95, "Các"), (1, 1, 1, 95, "đài"), (1, 1, 1, 95, "của"),
        (1, 2, 2, 93, "xã"), (1, 2, 2, 94, "hoạt"), (1, 2, 2, 95, "động."),
        (1, 3, 3, 95, "Năm"), (1, 3, 3, 95, "nay"),
    ])
    text, _ = parse_tsv(tsv)
    assert text == "Các đài của\nxã hoạt động.\n\nNăm nay"


def test_isolated_low_confidence_dots_are_ignored():
    tsv = _tsv([
        (1, 1, 1, 95, "Các"), (1, 1, 1, 21, "."), (1, 1, 1, 95, "đài"), (1, 1, 1, 30, "."),
        (1, 2, 2, 93, "xã"), (1, 2, 2, 95, "phát"), (1, 2, 2, 95, "tin."),
        (1, 3, 3, 95, "Năm"), (1, 3, 3, 90, "."),
        (1, 4, 4, 95, "Tiếp"),
    ])
    text, _ = parse_tsv(tsv)
    # the dot inside a line is dropped; the one before a lower-case continuation too; a
    # dot ending a line before a capital may close a sentence (confident) and stays
    assert text == "Các đài\nxã phát tin.\n\nNăm .\n\nTiếp"
    items = text_to_items(text, ocr=True)
    assert items[0].text == "Các đài xã phát tin."
