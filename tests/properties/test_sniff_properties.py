"""Arbitrary bytes under any name: the sniffer always answers, the extractors answer with a
document or a BadInputError (the quick in-suite cousin of tests/fuzz/run.py)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.guard import Limits, check_before_extract
from extractors.sniff import describe, kind, sniff
from tonghop.errors import BadInputError
from tonghop.models import ExtractedDocument, Format

MAGIC = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1 ", b"<html>", b"\x89PNG")


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in dict(members).items():  # one member per name
            zf.writestr(name, body)
    return buf.getvalue()


office_zip = st.lists(
    st.tuples(st.sampled_from(("word/document.xml", "[Content_Types].xml", "word/styles.xml", "xl/workbook.xml",
                               "mimetype", "ppt/x.xml", "word/_rels/document.xml.rels")),
              st.one_of(st.binary(max_size=200), st.just(b"<w:document/>"))),
    max_size=5,
).map(_zip)

payloads = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2000)).map(b"".join),
    office_zip,
)


def _write(data: bytes, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="tonghop-prop-")
    with open(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(payloads, st.sampled_from((".pdf", ".docx", ".doc", ".txt", "")))
def test_sniffer_always_answers(data, suffix):
    path = _write(data, suffix)
    try:
        assert isinstance(sniff(path), Format)
        assert isinstance(describe(path), str) and describe(path)
        assert isinstance(kind(path), str)
    finally:
        path.unlink()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.just(b"%PDF-1.4\n"), st.binary(max_size=800)).map(b"".join), office_zip))
def test_extract_returns_or_raises_bad_input(data):
    path = _write(data, ".bin")
    try:
        fmt = sniff(path)
        try:
            check_before_extract(path, fmt, Limits())
            result = extract(path)
            assert isinstance(result, ExtractedDocument)
        except BadInputError as err:
            assert " | " in err.message and err.code
    finally:
        path.unlink()
