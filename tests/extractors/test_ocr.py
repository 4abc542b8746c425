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


def test_a_scanned_last_page_holding_only_the_filing_line_is_not_a_lost_page(tmp_path):
    """Page 2 of the scan carries only "- Lưu: VP, TG.": OCR reads a few words among specks
    with low confidence, but nothing is lost, so the file must not become `partial`."""
    from fpdf import FPDF

    from examples.render import SERIF_TTF, scan_pdf
    from extractors import extract

    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", str(SERIF_TTF))
    pdf.set_font("Serif", size=13)
    pdf.add_page()
    for line in ("Huyện ủy đã tổ chức quán triệt Chỉ thị tới toàn thể cán bộ, đảng viên.",
                 "Hệ thống truyền thanh cơ sở được nâng cấp ở 18 trên 20 xã, thị trấn.",
                 "Một số bảng tin ở thôn, bản chậm cập nhật, nội dung còn đơn điệu.",
                 "Đề nghị tỉnh hỗ trợ kinh phí thay thế các cụm loa đã hỏng."):
        pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Serif", size=10)
    pdf.cell(0, 6, "- Lưu: VP, TG.")
    text_pdf = tmp_path / "text.pdf"
    pdf.output(str(text_pdf))
    doc = extract(scan_pdf(text_pdf, tmp_path / "scan.pdf", noise=0.2), workdir=tmp_path)  # a dusty copy
    assert 1 in doc.ocr_pages
    assert not [w for w in doc.warnings if "Page 2" in w], doc.warnings
    assert any("truyền thanh" in b.text for b in doc.blocks)
