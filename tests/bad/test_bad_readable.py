"""Odd but readable inputs: they must come out `ok` with the right text and provenance."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from tests.data.bad.make_bad import GOOD_DOCX, MIXED_TCVN3_LINE, MIXED_UNICODE_LINE


def _text(doc) -> str:
    return "\n".join(b.text for b in doc.extracted.blocks)


def test_mixed_tcvn3_and_unicode_in_one_docx(outcome):
    _path, doc = outcome("mixed_tcvn3_docx")
    assert doc.status == "ok", doc.error
    text = _text(doc)
    assert MIXED_TCVN3_LINE in text  # the .VnTime paragraph decoded to Unicode
    assert MIXED_UNICODE_LINE in text  # the Unicode paragraph left alone
    assert "tcvn3" in doc.extracted.encodings
    assert unicodedata.is_normalized("NFC", text)


def test_vietnamese_file_name_with_spaces(outcome):
    path, doc = outcome("vietnamese_name")
    assert doc.status == "ok", doc.error
    assert doc.source.file_name == path.name == "Báo cáo sơ kết Huyện ủy Tân Lập (bản chính).docx"
    assert Path(doc.source.path).exists()
    assert doc.unit_id == "hu-tan-lap"


def test_symlink_is_read_through(outcome):
    import hashlib

    path, doc = outcome("symlink")
    assert path.is_symlink()
    assert doc.status == "ok", doc.error
    assert doc.source.sha256 == hashlib.sha256(GOOD_DOCX.read_bytes()).hexdigest()
    assert Path(doc.source.path) == path.resolve()  # the archive and the warehouse see the real file
    assert doc.source.file_name == path.name  # the name the secretariat saw
