"""extractors.pdfchars builds exactly the character dicts pdfplumber builds, only faster."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractors.pdfchars import FastCharPage, use_fast_chars
from tests.conftest import ROOT


def _openable(p: Path) -> bool:
    try:
        with pdfplumber.open(str(p)) as pdf:
            return len(pdf.pages) > 0
    except Exception:
        return False


# every readable PDF the project ships: LibreOffice and hand-made PDFs, scans, (cid:N) and legacy fonts
PDFS = sorted(p for d in ("examples", "tests/data") for p in (ROOT / d).rglob("*.pdf")
              if "bad" not in p.parts and _openable(p))


def _comparable(objects: dict) -> dict:
    """Image dicts hold the pdfminer stream object itself, equal only to itself: drop it."""
    return {kind: [{k: v for k, v in o.items() if k != "stream"} for o in objs] for kind, objs in objects.items()}


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_objects_as_pdfplumber(path: Path):
    with pdfplumber.open(str(path)) as plain, pdfplumber.open(str(path)) as fast:
        use_fast_chars(fast)
        assert all(type(p) is FastCharPage for p in fast.pages)
        for a, b in zip(plain.pages, fast.pages, strict=True):
            assert a.chars == b.chars
            assert _comparable(a.objects) == _comparable(b.objects)
            assert a.extract_text() == b.extract_text()


def test_the_comparison_covers_text_pdfs():
    with_chars = 0
    for path in PDFS:
        with pdfplumber.open(str(path)) as pdf:
            with_chars += bool(pdf.pages[0].chars)
    assert len(PDFS) >= 15 and with_chars >= 10
