"""The real viewers: the HTML in headless Chromium, the DOCX through LibreOffice to PDF.

Needs the Debian packages `chromium` and `libreoffice-writer-nogui` (soffice); .ci/run installs them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from reports import write_all

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    return exe


def chromium_screenshot(html: Path, png: Path, profile: Path, size: str = "1100,1500") -> str:
    """Render `html` to `png`; return Chromium's stderr (console messages are logged there)."""
    proc = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={size}",
            f"--screenshot={png}",
            html.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def docx_to_pdf(docx: Path, out_dir: Path, profile: Path) -> Path:
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    return pdf


@pytest.mark.integration
def test_html_renders_in_chromium_without_console_errors(synthesis, tmp_path):
    paths = write_all(synthesis, tmp_path / "out")
    png = tmp_path / "page.png"
    log = chromium_screenshot(paths["html"], png, tmp_path / "profile")
    console = [line for line in log.splitlines() if "CONSOLE" in line]
    assert console == []
    assert png.stat().st_size > 10_000
    dom = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile2'}",
            "--dump-dom",
            paths["html"].resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Tổng hợp từ 5/7 đơn vị đã gửi báo cáo" in dom
    assert dom.count("<img") == 2


@pytest.mark.integration
def test_docx_opens_in_libreoffice_with_vietnamese_text(synthesis, tmp_path):
    paths = write_all(synthesis, tmp_path / "out")
    pdf = docx_to_pdf(paths["docx"], tmp_path, tmp_path / "lo-profile")
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
        first = doc.pages[0].extract_text() or ""
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "BÁO CÁO" in first
    assert "Tổng hợp từ 5/7 đơn vị" in " ".join(text.split())
    for unit in synthesis.coverage.sent:
        assert unit.name in text
    assert "HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC" in text
    # the first quote's footnote is printed at the foot of the first page
    first_quote = next(q for sec in synthesis.sections for t in sec.themes for q in t.quotes)
    assert f"{first_quote.unit}, {first_quote.file_name}" in " ".join(first.split())
