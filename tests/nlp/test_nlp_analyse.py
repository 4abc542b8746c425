"""analyse() on a hand-built ExtractedDocument: the contract other stages rely on."""

import pytest

from nlp import analyse, model_version
from tonghop.campaign import load_campaign
from tonghop.models import Block, BlockKind, Category, CauseType, DocMeta, ExtractedDocument, Format

ACH = ("I. KẾT QUẢ ĐẠT ĐƯỢC",)
LIM = ("II. HẠN CHẾ, VƯỚNG MẮC",)
CAU = ("II. HẠN CHẾ, VƯỚNG MẮC", "Nguyên nhân chủ quan:")


def block(kind, text, path=(), n=0, rows=()):
    return Block(kind, text, 2, n, path, rows=rows)


@pytest.fixture(scope="module")
def result():
    blocks = (
        block(BlockKind.PARAGRAPH, "Thực hiện Công văn số 88-CV/BTGTU, Ban Thường vụ Huyện ủy Hòa Sơn báo cáo như sau:",
              n=1),
        block(BlockKind.HEADING, ACH[0], n=2),
        block(BlockKind.PARAGRAPH, "Ban Thường vụ Huyện ủy đã tổ chức 9 hội nghị quán triệt cho 1.120 lượt cán bộ. "
              "Đến nay 16/18 xã có hệ thống truyền thanh ứng dụng công nghệ thông tin.", ACH, 3),
        block(BlockKind.TABLE, "", ACH, 4, rows=(("TT", "Nội dung", "Số lượng"), ("1", "Cụm loa", "245"))),
        block(BlockKind.HEADING, LIM[0], n=5),
        block(BlockKind.LIST_ITEM, "Nội dung bản tin của một số xã còn nghèo nàn, chậm đổi mới.", LIM, 6),
        block(BlockKind.HEADING, "Nguyên nhân chủ quan:", LIM, 7),
        block(BlockKind.PARAGRAPH, "Một số cấp ủy cơ sở chưa thật sự quan tâm chỉ đạo.", CAU, 8),
        block(BlockKind.PARAGRAPH, "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy,\n- Lưu Văn phòng.", ("Nơi nhận",), 9),
    )
    doc = ExtractedDocument(Format.DOCX, blocks, DocMeta(doc_type="BÁO CÁO"))
    return analyse(doc, load_campaign())


def test_sentences_are_numbered_classified_and_versioned(result):
    sentences, _, _ = result
    assert [x.seq for x in sentences] == list(range(1, len(sentences) + 1))
    cats = [x.category for x in sentences]
    assert cats[0] is Category.OTHER  # procedural opener
    assert sentences[1].block_kind is BlockKind.HEADING and cats[1] is Category.OTHER
    assert cats[2] is Category.ACHIEVEMENT and cats[3] is Category.ACHIEVEMENT
    table = [x for x in sentences if x.block_kind is BlockKind.TABLE]
    assert [x.text for x in table] == ["TT | Nội dung | Số lượng", "1 | Cụm loa | 245"]
    assert all(x.category is Category.OTHER for x in table)
    lim = next(x for x in sentences if x.text.startswith("Nội dung bản tin"))
    assert lim.category is Category.LIMITATION and lim.block_kind is BlockKind.LIST_ITEM
    cause = next(x for x in sentences if x.text.startswith("Một số cấp ủy"))
    assert (cause.category, cause.cause_type) == (Category.CAUSE, CauseType.SUBJECTIVE)
    closing = [x for x in sentences if x.heading_path == ("Nơi nhận",)]
    assert len(closing) == 3 and all(x.category is Category.OTHER for x in closing)
    assert all(x.model_version == model_version() for x in sentences)
    assert "hội_nghị" in sentences[2].tokens.casefold()


def test_findings_and_figures(result):
    sentences, findings, figures = result
    assert [f.category for f in findings] == [Category.ACHIEVEMENT, Category.LIMITATION, Category.CAUSE]
    assert findings[0].sentence_start == 3 and findings[0].sentence_end == 4
    assert "hoi_nghi" in {f.measure for f in figures}
    frac = next(f for f in figures if f.denominator)
    assert (frac.value, frac.denominator, frac.measure) == (16.0, 18.0, "xa_truyen_thanh_cntt")
    loa = next(f for f in figures if f.table_row == 1)
    assert (loa.value, loa.measure, loa.table_col) == (245.0, "cum_loa", 2)
    assert sentences[loa.sentence_seq - 1].text == "1 | Cụm loa | 245"
    assert not any(f.value in (88.0,) for f in figures)  # the document number is no figure


def test_empty_document_gives_empty_results():
    assert analyse(ExtractedDocument(Format.PDF, ()), load_campaign()) == ((), (), ())


def test_guidance_document_has_no_findings():
    blocks = (block(BlockKind.HEADING, "II. NỘI DUNG SƠ KẾT", n=1),
              block(BlockKind.PARAGRAPH, "Đánh giá kết quả tổ chức quán triệt và những hạn chế, nguyên nhân.",
                    ("II. NỘI DUNG SƠ KẾT",), 2))
    doc = ExtractedDocument(Format.DOCX, blocks, DocMeta(doc_type="HƯỚNG DẪN"))
    sentences, findings, _ = analyse(doc, load_campaign())
    assert findings == () and all(x.category is Category.OTHER for x in sentences)


def test_runin_heading_block_governs_following_paragraphs():
    """extractors/base.py emits "Về nguyên nhân:" as a heading block (level None) outside the path."""
    outer = ("II. HẠN CHẾ VÀ NGUYÊN NHÂN",)
    blocks = (
        Block(BlockKind.HEADING, outer[0], None, 1, (), level=1),
        Block(BlockKind.HEADING, "Về nguyên nhân:", None, 2, outer),
        Block(BlockKind.PARAGRAPH, "Địa bàn miền núi rộng, dân cư sống rải rác theo sườn đồi.", None, 3, outer),
        Block(BlockKind.HEADING, "Nguyên nhân chủ quan:", None, 4, outer),
        Block(BlockKind.PARAGRAPH, "Cán bộ phụ trách thay đổi liên tục, ít được tập huấn.", None, 5, outer),
    )
    sentences, _, _ = analyse(ExtractedDocument(Format.DOCX, blocks), load_campaign())
    body = [x for x in sentences if x.block_kind is BlockKind.PARAGRAPH]
    assert [x.category for x in body] == [Category.CAUSE, Category.CAUSE]
    assert body[1].cause_type is CauseType.SUBJECTIVE
