"""Golden block lists per format (tests/data/formats/<format>/<id>.jsonl), docling-style.

After a deliberate extractor change, regenerate with
`UPDATE_GOLDEN=1 .venv/bin/python bench/extraction.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.extraction import FIXTURES, blocks_jsonl, score_document  # noqa: E402
from examples.render import cer, load_report, render  # noqa: E402

REPORTS = sorted(FIXTURES.glob("*.json"))
FAST = ["docx", "tcvn3", "vni", "tcvn3_pdf", "vni_pdf"]  # no LibreOffice, no OCR
SLOW = ["pdf", "doc", "tcvn3_doc", "twocol"]
OCR = ["scan", "cid"]
REGENERATE = "run UPDATE_GOLDEN=1 .venv/bin/python bench/extraction.py after a deliberate change"


def test_golden_update_flag_is_off():
    assert os.environ.get("UPDATE_GOLDEN") != "1", "UPDATE_GOLDEN must not be set in test runs"


def _extract(report_path: Path, fmt: str, tmp: Path):
    from extractors import extract

    report = load_report(report_path)
    path = render(report, tmp, [fmt])[fmt]
    return report, extract(path)


def _golden(fmt: str, report: dict) -> str:
    path = FIXTURES / fmt / f"{report['id']}.jsonl"
    if not path.exists():
        pytest.fail(f"missing golden {path}; {REGENERATE}")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FAST)
@pytest.mark.parametrize("report_path", REPORTS, ids=lambda p: p.stem)
def test_fast_formats_match_golden(report_path, fmt, tmp_path):
    report, doc = _extract(report_path, fmt, tmp_path)
    assert blocks_jsonl(doc) == _golden(fmt, report), REGENERATE
    cer_, found, total, _, _, wrong = score_document(report, doc)
    assert cer_ == 0.0
    assert wrong == ()
    assert found == total


@pytest.mark.integration
@pytest.mark.parametrize("fmt", SLOW)
@pytest.mark.parametrize("report_path", REPORTS, ids=lambda p: p.stem)
def test_libreoffice_formats_match_golden(report_path, fmt, tmp_path):
    report, doc = _extract(report_path, fmt, tmp_path)
    assert blocks_jsonl(doc) == _golden(fmt, report), REGENERATE


@pytest.mark.integration
@pytest.mark.parametrize("fmt", OCR)
def test_ocr_formats_close_to_golden(fmt, tmp_path):
    report, doc = _extract(REPORTS[0], fmt, tmp_path)
    golden = " ".join(json.loads(line)["text"] for line in _golden(fmt, report).splitlines() if line)
    actual = " ".join(b.text for b in doc.blocks)
    assert cer(golden, actual) <= 0.01, REGENERATE
