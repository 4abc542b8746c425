"""Mutations of real report files for fuzzing: byte flips, truncation, chunk surgery, and
structure-aware damage (zip members of a DOCX, tokens of a PDF).

Pure functions of (bytes, random.Random): the same seed gives the same case, so a crash seen
once can be regenerated from its seed even without the saved file.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable

Mutator = Callable[[bytes, random.Random], bytes]

_INTERESTING = (b"0", b"-1", b"4294967295", b"99999999999", b"1e308", b"NaN", b"", b"\x00", b"\xff" * 4)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 16, 64))):
        if buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 8, 32))):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, max(1, len(data)))]


def cut_chunk(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 16, 256, 4096)))
    return data[:a] + data[b:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((8, 128, 2048)))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] * rng.choice((1, 2, 50)) + data[at:]


def pdf_tokens(data: bytes, rng: random.Random) -> bytes:
    """Replace numbers (lengths, offsets, object ids, coordinates) or names with odd values."""
    spans = [m.span() for m in re.finditer(rb"-?\d+(?:\.\d+)?|/[A-Za-z]+", data[:2_000_000])]
    if not spans:
        return flip_bytes(data, rng)
    out = data
    for _ in range(rng.choice((1, 3, 10))):
        a, b = rng.choice(spans)
        token = out[a:b]
        new = rng.choice(_INTERESTING) if not token.startswith(b"/") else rng.choice(
            (b"/Pages", b"/Kids", b"/Type", b"/Font", b"/XObject", b"/FlateDecode", b"/Length", b"/X"))
        out = out[:a] + new.ljust(len(token)) + out[b:]  # same length when shorter: offsets survive
        spans = [m.span() for m in re.finditer(rb"-?\d+(?:\.\d+)?|/[A-Za-z]+", out[:2_000_000])] or spans
    return out


def pdf_keywords(data: bytes, rng: random.Random) -> bytes:
    """Delete or duplicate structural keywords (endobj, endstream, xref, trailer, startxref)."""
    words = (b"endobj", b"endstream", b"stream", b"xref", b"trailer", b"startxref", b">>", b"<<", b"]", b"[")
    word = rng.choice(words)
    hits = [m.start() for m in re.finditer(re.escape(word), data)]
    if not hits:
        return truncate(data, rng)
    at = rng.choice(hits)
    if rng.random() < 0.5:
        return data[:at] + data[at + len(word):]
    return data[:at] + word * rng.choice((2, 20)) + data[at:]


def pdf_nesting(data: bytes, rng: random.Random) -> bytes:
    """Deeply nested arrays/dictionaries or a self-referencing object: recursion in parsers."""
    at = rng.randrange(max(1, len(data)))
    depth = rng.choice((100, 1000, 20000))
    piece = rng.choice((b"[" * depth, b"<<" * depth + b"/A ", b"1 0 R " * 50, b"q " * depth))
    return data[:at] + piece + data[at:]


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i, zf.read(i)) for i in zf.infolist()]
    except Exception:
        return None


def _rezip(members: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    out = io.BytesIO()
    method = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, body in members:
            zf.writestr(zipfile.ZipInfo(name), body, compress_type=method)
    return out.getvalue()


def _mutate_xml(body: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(8)
    if choice == 0:  # drop a closing tag
        hits = [m.span() for m in re.finditer(rb"</[^>]{1,40}>", body)]
        if hits:
            a, b = rng.choice(hits)
            return body[:a] + body[b:]
    if choice == 1:  # duplicate an element start many times
        hits = [m.span() for m in re.finditer(rb"<w:(?:p|r|tbl|tr|tc)[ >]", body)]
        if hits:
            a, b = rng.choice(hits)
            return body[:a] + body[a:b] * rng.choice((2, 200)) + body[a:]
    if choice == 2:  # odd attribute values
        hits = [m.span(1) for m in re.finditer(rb'w:(?:val|ascii|hAnsi|id|ilvl|numId|sz|gridSpan)="([^"]*)"', body)]
        if hits:
            a, b = rng.choice(hits)
            return body[:a] + rng.choice((b"", b"-1", b"99999999", b"x", b".VnTime", b"VNI-Times", b"\xc3")) + body[b:]
    if choice == 3:  # invalid UTF-8 in text
        hits = [m.span(1) for m in re.finditer(rb"<w:t(?: [^>]*)?>([^<]+)</w:t>", body)]
        if hits:
            a, b = rng.choice(hits)
            return body[:a] + bytes(rng.randrange(256) for _ in range(b - a)) + body[b:]
    if choice == 4:  # a relationship id that points nowhere
        return body.replace(b'r:id="rId', b'r:id="rIdX', 1)
    if choice == 5:
        return truncate(body, rng)
    if choice == 6 and b"<w:body>" in body:  # tables nested inside table cells, very deep
        depth = rng.choice((50, 500, 3000))
        cell = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        nest = b"<w:tbl><w:tr><w:tc>" * depth + cell + b"</w:tc></w:tr></w:tbl>" * depth
        return body.replace(b"<w:body>", b"<w:body>" + nest, 1)
    return flip_bytes(body, rng)


def zip_members(data: bytes, rng: random.Random) -> bytes:
    """Damage one member of an OOXML package and re-zip it (valid zip, broken document)."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(data, rng)
    items = [(i.filename, b) for i, b in members]
    k = rng.randrange(len(items))
    name, body = items[k]
    op = rng.randrange(6)
    if op == 0:
        del items[k]  # a missing part ([Content_Types].xml, document.xml, styles.xml, rels…)
    elif op == 1:
        items.append((name, body))  # the same member name twice
    elif op == 2:
        items[k] = (name, b"")
    elif op == 3:
        items[k] = (name, random_bytes(body, rng))
    else:
        xmls = [j for j, (n, _) in enumerate(items) if n.endswith((".xml", ".rels"))]
        if xmls:
            j = rng.choice(xmls)
            items[j] = (items[j][0], _mutate_xml(items[j][1], rng))
    return _rezip(items, rng)


def zip_raw(data: bytes, rng: random.Random) -> bytes:
    """Damage the zip container itself: central directory, local headers, sizes, CRCs."""
    hits = [m.start() for m in re.finditer(rb"PK\x01\x02|PK\x03\x04|PK\x05\x06", data)]
    if not hits:
        return flip_bytes(data, rng)
    at = rng.choice(hits) + rng.randrange(4, 30)
    buf = bytearray(data)
    for i in range(at, min(len(buf), at + rng.choice((1, 2, 4)))):
        buf[i] = rng.randrange(256)
    return bytes(buf)


GENERIC: tuple[Mutator, ...] = (flip_bytes, random_bytes, truncate, cut_chunk, duplicate_chunk)
PDF: tuple[Mutator, ...] = (*GENERIC, pdf_tokens, pdf_tokens, pdf_keywords, pdf_keywords, pdf_nesting)
DOCX: tuple[Mutator, ...] = (*GENERIC, zip_members, zip_members, zip_members, zip_members, zip_raw)


def mutate(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    """One to three stacked mutations suited to the file type; returns (bytes, names applied)."""
    pool = DOCX if suffix == ".docx" else PDF if suffix == ".pdf" else GENERIC
    names = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        fn = rng.choice(pool)
        data = fn(data, rng)
        names.append(fn.__name__)
    return data, "+".join(names)
