"""Hand-built records that exercise every field type of tonghop/models.py."""

from __future__ import annotations

from datetime import date

from tonghop.models import (
    Block,
    BlockKind,
    Category,
    CauseType,
    DocMeta,
    DocStatus,
    ExtractedDocument,
    Figure,
    Finding,
    Format,
    ProcessedDocument,
    Sentence,
    SourceFile,
)

SOURCE = SourceFile(
    path="/inbox/xã Đồng Lĩnh/bc-sơ-kết.pdf", file_name="bc-sơ-kết.pdf", sha256="ab" * 32,
    size_bytes=123_456, received_at=1_700_000_000.123456,
)


def full_document() -> ProcessedDocument:
    """A partial PDF with OCR pages, a table, a cause with its type and a figure with a denominator."""
    heading = ("II. KẾT QUẢ", "1. Hạn chế")
    blocks = (
        Block(BlockKind.HEADING, "II. KẾT QUẢ", 1, 1, (), level=1, raw_text="II. KÊT QUA"),
        Block(BlockKind.PARAGRAPH, "Một số xã chưa bố trí loa.", 2, 2, heading, ocr=True),
        Block(BlockKind.TABLE, "Xã | Số loa\nA | 3", 2, 3, heading, rows=(("Xã", "Số loa"), ("A", "3"))),
        Block(BlockKind.LIST_ITEM, "", None, 4),
    )
    meta = DocMeta(unit_name="UBND XÃ ĐỒNG LĨNH", report_number="Số 12/BC-UBND", report_date=date(2022, 5, 30),
                   place="Đồng Lĩnh", doc_type="BÁO CÁO", title=None, parent_unit=None)
    extracted = ExtractedDocument(
        format=Format.PDF, blocks=blocks, meta=meta, pages=2, status=DocStatus.PARTIAL,
        warnings=("trang 2 đọc bằng OCR",), ocr_pages=(2,), ocr_confidence=0.8125,
        encodings=("tcvn3", "vni"), extractor_version="x-7",
    )
    sentences = (
        Sentence(1, "Một số xã chưa bố trí loa.", 2, 2, heading, Category.LIMITATION, None, 0.91,
                 tokens="Một số xã chưa bố_trí loa .", model_version="m-3"),
        Sentence(2, "Do kinh phí hạn hẹp.", 2, 2, heading, Category.CAUSE, CauseType.OBJECTIVE, 1.0,
                 block_kind=BlockKind.LIST_ITEM),
    )
    findings = (
        Finding(1, Category.LIMITATION, None, "Một số xã chưa bố trí loa.", 1, 1, 2, 2, 2, heading,
                topics=("ha_tang", "loa")),
        Finding(2, Category.CAUSE, CauseType.SUBJECTIVE, "Do kinh phí hạn hẹp.", 2, 2, None, None, 2, ()),
    )
    figures = (
        Figure(18.0, "xa_co_loa", "xã có loa", "xã", 1, 2, 2, denominator=20.0, raw="18/20 xã"),
        Figure(3, "", "loa", "chiếc", None, 2, 3, table_row=2, table_col=2),
    )
    return ProcessedDocument(
        source=SOURCE, status=DocStatus.PARTIAL, format=Format.PDF, extracted=extracted, unit_id="xa-dong-linh",
        sentences=sentences, findings=findings, figures=figures, error="trang 2 đọc bằng OCR",
        error_code="partial", model_version="m-3",
    )


def rejected_document() -> ProcessedDocument:
    return ProcessedDocument(source=SOURCE, status=DocStatus.REJECTED, format=Format.UNKNOWN,
                             error="Tệp hỏng", error_code="corrupt")
