"""Files that must be rejected cheaply: status, error code and a message that says what is
wrong and what to send instead. One row per kind of bad input (see tests/data/bad/README.md)."""

from __future__ import annotations

import time

import pytest

from tests.bad.messages import check_message

# kind → (error code, problem named in Vietnamese, problem named in English, what to send instead)
REJECTED = {
    "empty": ("empty_file", "rỗng", "empty", "send the report again"),
    "truncated_pdf": ("corrupt_pdf", "không trọn vẹn", "uploaded incompletely", "export the PDF again"),
    "encrypted_pdf": ("encrypted_pdf", "mật khẩu", "password-protected", "unlocked PDF"),
    "xlsx_as_docx": ("unsupported_format", "Excel", "Excel", "PDF or Word"),
    "pptx_as_docx": ("unsupported_format", "PowerPoint", "PowerPoint", "PDF or Word"),
    "zip_bomb_docx": ("zip_bomb", "bom nén", "zip bomb", "ordinary copy"),
    "traversal_docx": ("zip_traversal", "../../evil.sh", "suspicious member path", "clean copy saved from Word"),
    "billion_laughs_docx": ("xml_entities", "DOCTYPE", "entity-expansion", "save it again"),
    "annex_2000_pages": ("too_many_pages", "2000 trang", "2000 pages", "annexes in a separate file"),
    "html_as_doc": ("unsupported_format", "HTML", "HTML", "PDF or Word"),
    "html_as_pdf": ("unsupported_format", "HTML", "HTML", "PDF or Word"),
    "docx_no_text": ("empty_document", "không có nội dung", "no text", "send the report text"),
    "jpeg": ("unsupported_format", "ảnh", "image", "PDF or Word"),
    "png": ("unsupported_format", "ảnh", "image", "PDF or Word"),
    "txt": ("unsupported_format", "văn bản thuần", "plain text", "PDF or Word"),
    "zip_of_reports": ("unsupported_format", "giải nén", "ZIP archive", "send each report as its own PDF or Word"),
    "corrupt_docx": ("corrupt_docx", "hỏng", "damaged", ".docx"),
    "odt": ("unsupported_format", "OpenDocument", "OpenDocument", "PDF or Word"),
    "broken_symlink": ("not_found", "đường dẫn hỏng", "broken link", "send it again"),
}


@pytest.mark.parametrize("kind", sorted(REJECTED))
def test_rejected_with_a_useful_message(outcome, kind):
    code, problem_vi, problem_en, instead = REJECTED[kind]
    started = time.monotonic()
    _path, doc = outcome(kind)
    assert doc.status == "rejected", (kind, doc.status, doc.error)
    assert doc.error_code == code, (kind, doc.error_code, doc.error)
    check_message(doc.error, problem_vi, problem_en, instead)
    assert doc.extracted is None and not doc.sentences
    # Every case here is decided before any parser runs (or by a parser failing fast).
    assert time.monotonic() - started < 15


def test_annex_limit_is_configurable(tmp_path, monkeypatch):
    """The page limit comes from TONGHOP_MAX_PAGES: raised above the annex, the annex passes."""
    from extractors.guard import Limits, check_pages, pdf_page_count
    from tests.data.bad.make_bad import make_annex_2000_pages
    from tonghop.errors import BadInputError

    path = make_annex_2000_pages(tmp_path)
    assert pdf_page_count(path) == 2000
    with pytest.raises(BadInputError):
        check_pages(path, Limits.from_env())
    monkeypatch.setenv("TONGHOP_MAX_PAGES", "2500")
    assert Limits.from_env().max_pages == 2500
    check_pages(path, Limits.from_env())  # now within the limit


def test_billion_laughs_never_expands(tmp_path):
    """Straight into the DOCX extractor (no guard): lxml must refuse quickly, not expand 10^9 'lol'."""
    from extractors import extract
    from tests.data.bad.make_bad import make_billion_laughs_docx
    from tonghop.errors import BadInputError

    path = make_billion_laughs_docx(tmp_path)
    started = time.monotonic()
    with pytest.raises(BadInputError) as info:
        extract(path, workdir=tmp_path)
    assert time.monotonic() - started < 5
    assert "lol" * 100 not in info.value.message
