"""OCR of a rendered scan with real Tesseract (vie), and the missing-tool message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from examples.render import expected_sentences, load_report, render, sentence_cer  # noqa: E402
from extractors import ocr  # noqa: E402
from tonghop.errors import MissingToolError  # noqa: E402

REPORT = load_report(ROOT / "tests" / "data" / "formats" / "hu-ba-che-ct07.json")


def test_parse_tsv_lines_and_confidence():
    tsv = "\n".join([
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tBáo",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tcáo",
        "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t70\tSố",
        "4\t1\t1\t2\t1\t0\t0\t0\t1\t1\t-1\t",
    ])
    assert ocr.parse_tsv(tsv) == ("Báo cáo\n\nSố", 0.8)
    assert ocr.parse_tsv("") == ("", 0.0)


def test_missing_tool_names_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingToolError) as err:
        ocr.ocr_pdf_pages(tmp_path / "x.pdf", [1])
    assert "apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils" in err.value.message
    assert err.value.code == "missing_tool"


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    return render(REPORT, tmp_path_factory.mktemp("scan"), ["scan"])["scan"]


@pytest.mark.integration
def test_scan_ocr_cer_below_two_percent(scan):
    pages = ocr.ocr_pdf_pages(scan, [1, 2, 3, 4])
    assert set(pages) >= {1, 2}  # pages past the end are skipped, not errors
    text = "\n".join(pages[p][0] for p in sorted(pages))
    assert sentence_cer(expected_sentences(REPORT), text) <= 0.02
    assert all(0.5 < conf <= 1.0 for _, conf in pages.values())
    assert "Số 127-BC/HU" in text


@pytest.mark.integration
def test_page_cap_returns_partial(scan):
    pages = ocr.ocr_pdf_pages(scan, [2, 1], max_pages=1, dpi=150)
    assert list(pages) == [1]


@pytest.mark.integration
def test_upside_down_page_is_reread_with_orientation_detection(scan, tmp_path):
    import subprocess

    from PIL import Image

    subprocess.run(["pdftoppm", "-gray", "-r", "300", "-f", "1", "-l", "1", "-singlefile", str(scan),
                    str(tmp_path / "p")], check=True)
    Image.open(tmp_path / "p.pgm").rotate(180).save(tmp_path / "flipped.png")
    text, conf = ocr.ocr_image(tmp_path / "flipped.png")
    assert conf > 0.8
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text


@pytest.mark.integration
def test_two_jobs_give_the_same_pages(scan):
    one = ocr.ocr_pdf_pages(scan, [1, 2], dpi=150)
    two = ocr.ocr_pdf_pages(scan, [1, 2], dpi=150, jobs=2)
    assert one == two


def test_parse_tsv_marks_wide_gaps_as_cell_breaks():
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(100, "ĐẢNG"), (220, "BỘ"), (1200, "ĐẢNG"), (1320, "CỘNG")]
    tsv = "\n".join([head] + [f"5\t1\t1\t1\t1\t{i}\t{x}\t0\t100\t50\t90\t{w}" for i, (x, w) in enumerate(rows)])
    assert ocr.parse_tsv(tsv)[0] == "ĐẢNG BỘ   ĐẢNG CỘNG"
