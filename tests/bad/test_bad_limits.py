"""The configurable limits in extractors/guard.py: each breach names the limit and the remedy."""

from __future__ import annotations

import pytest

from extractors.guard import (
    Limits,
    check_before_extract,
    check_size,
    check_zip,
    ocr_cap_warning,
    ocr_page_cap,
    page_ranges,
)
from tests.bad.messages import check_message
from tests.data.bad.make_bad import GOOD_DOCX, GOOD_PDF, raw_pdf
from tonghop.errors import BadInputError
from tonghop.models import Format


def test_limits_from_environment(monkeypatch):
    monkeypatch.setenv("TONGHOP_MAX_PAGES", "12")
    monkeypatch.setenv("TONGHOP_MAX_FILE_MB", "0.5")
    monkeypatch.setenv("TONGHOP_MAX_OCR_PAGES", "3.0")
    limits = Limits.from_env()
    assert (limits.max_pages, limits.max_file_mb, limits.max_ocr_pages) == (12, 0.5, 3)
    assert isinstance(limits.max_ocr_pages, int)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "bao-cao-lon.pdf"
    path.write_bytes(GOOD_PDF.read_bytes())
    with pytest.raises(BadInputError) as info:
        check_size(path, Limits(max_file_mb=0.01))
    assert info.value.code == "too_large"
    check_message(info.value.message, "vượt giới hạn", "over the 0.01 MB limit", "without annexes")


def test_zip_ratio_limit_is_configurable():
    check_zip(GOOD_DOCX, Limits())  # an ordinary report passes
    with pytest.raises(BadInputError) as info:
        check_zip(GOOD_DOCX, Limits(max_zip_ratio=1.0))
    assert info.value.code == "zip_bomb"


def test_page_limit_counts_without_parsing(tmp_path):
    path = tmp_path / "phu-luc.pdf"
    path.write_bytes(raw_pdf(7))
    check_before_extract(path, Format.PDF, Limits(max_pages=7))
    with pytest.raises(BadInputError) as info:
        check_before_extract(path, Format.PDF, Limits(max_pages=6))
    assert info.value.code == "too_many_pages"
    assert "7 trang" in info.value.vi and "7 pages" in info.value.en


def test_damaged_pdf_is_left_to_the_extractor(tmp_path):
    """PDFium cannot count its pages: no page-limit error, the PDF extractor explains."""
    path = tmp_path / "hong.pdf"
    path.write_bytes(GOOD_PDF.read_bytes()[:500])
    check_before_extract(path, Format.PDF, Limits(max_pages=1))


@pytest.mark.parametrize(
    ("pages", "text"),
    [([3], "3"), ([3, 4, 5, 9], "3-5, 9"), ([9, 3, 4, 4], "3-4, 9"), ([], ""), ([1, 3, 5], "1, 3, 5")],
)
def test_page_ranges(pages, text):
    assert page_ranges(pages) == text


def test_ocr_page_cap_splits_and_names_pages():
    now, over = ocr_page_cap([5, 1, 2, 3, 4, 9], Limits(max_ocr_pages=3))
    assert (now, over) == ([1, 2, 3], [4, 5, 9])
    assert ocr_page_cap([1, 2], Limits(max_ocr_pages=0)) == ([], [1, 2])
    warning = ocr_cap_warning(over, Limits(max_ocr_pages=3))
    check_message(warning, "Trang 4-5, 9", "Pages 4-5, 9", "Word file")


def test_a_mistyped_limit_names_the_variable(monkeypatch):
    monkeypatch.setenv("TONGHOP_MAX_PAGES", "six hundred")
    with pytest.raises(ValueError, match="TONGHOP_MAX_PAGES"):
        Limits.from_env()
