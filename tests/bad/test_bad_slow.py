"""Bad-input kinds that need LibreOffice or Tesseract (slow: marked integration)."""

from __future__ import annotations

import pytest

from tests.bad.messages import check_message

pytestmark = pytest.mark.integration


def _text(doc) -> str:
    return "\n".join(b.text for b in doc.extracted.blocks)


def test_rtf_is_read_through_libreoffice(outcome):
    _path, doc = outcome("rtf")
    assert doc.status == "ok", doc.error
    assert doc.format == "rtf"
    assert "Huyện ủy Tân Lập" in _text(doc)
    assert doc.unit_id == "hu-tan-lap"


def test_legacy_word97_doc(outcome):
    _path, doc = outcome("legacy_doc")
    assert doc.status == "ok", doc.error
    assert doc.format == "doc"
    assert doc.unit_id == "hu-dong-xuan"
    assert len(doc.sentences) > 10


def test_scanned_report_is_ocred(outcome):
    _path, doc = outcome("scanned_report")
    assert doc.status == "ok", doc.error
    assert doc.extracted.ocr_pages == tuple(range(1, doc.extracted.pages + 1))
    assert doc.extracted.ocr_confidence and doc.extracted.ocr_confidence > 0.6
    assert "Tân Lập" in _text(doc)
    assert doc.unit_id == "hu-tan-lap"


def test_cid_pdf_is_ocred(outcome):
    _path, doc = outcome("cid_pdf")
    assert doc.status in ("ok", "partial"), doc.error
    text = _text(doc)
    assert "(cid:" not in text
    assert "Tân Lập" in text
    assert doc.extracted.ocr_pages


def test_photo_saved_as_pdf_is_rejected(outcome):
    _path, doc = outcome("photo_pdf")
    assert doc.status == "rejected"
    assert doc.error_code == "unreadable_scan"
    check_message(doc.error, "ảnh quét", "scan", "Word file")


def test_ocr_page_cap_gives_partial_naming_the_pages(outcome, monkeypatch):
    monkeypatch.setenv("TONGHOP_MAX_OCR_PAGES", "1")
    _path, doc = outcome("scanned_report")
    assert doc.extracted.pages == 2
    assert doc.status == "partial", doc.error
    assert doc.error_code == "partial"
    assert doc.extracted.ocr_pages == (1,)
    check_message(doc.error, "Trang 2", "Pages 2", "Word file")
    assert "1-page OCR limit" in doc.error
