"""examples/render.py produces every inbox format, and each carries the source text."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from examples.render import (  # noqa: E402
    FORMATS,
    build_docx,
    expected_lines,
    load_report,
    read_docx_lines,
    render,
)

REPORT = load_report(ROOT / "tests" / "data" / "formats" / "hu-ba-che-ct07.json")


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_docx_text_equals_source_lines(tmp_path):
    path = build_docx(REPORT, tmp_path / "r.docx")
    lines = [ln for ln in read_docx_lines(path) if ln != "-----"]
    table_rows = [r for b in REPORT["body"] if b["type"] == "table" for r in b["rows"]]
    cells = {c for r in table_rows for c in r}
    expected = [ln for ln in expected_lines(REPORT) if " | " not in ln]
    assert [ln for ln in lines if ln not in cells] == expected
    assert cells <= set(lines)


def test_docx_layout_header_table_no_heading_styles_and_page_field(tmp_path):
    from docx import Document

    path = build_docx(REPORT, tmp_path / "r.docx")
    doc = Document(str(path))
    first = doc.tables[0]
    assert "Số 127-BC/HU" in first.cell(0, 0).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first.cell(0, 1).text
    assert not any(p.style.name.startswith("Heading") for p in doc.paragraphs)
    closing = doc.tables[-1]
    assert closing.cell(0, 0).text.startswith("Nơi nhận:")
    assert "Hoàng Thị Quyên" in closing.cell(0, 1).text
    header_xml = zipfile.ZipFile(path).read("word/header1.xml").decode()
    assert "PAGE" in header_xml
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_heading_styles_option(tmp_path):
    from docx import Document

    doc = Document(str(build_docx(REPORT, tmp_path / "h.docx", heading_styles=True)))
    styled = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert styled[:2] == ["I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT", "II. KẾT QUẢ THỰC HIỆN"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_docx_decodes_back_exactly(tmp_path, encoding):
    from docx import Document

    uni = read_docx_lines(build_docx(REPORT, tmp_path / "u.docx"))
    path = build_docx(REPORT, tmp_path / f"{encoding}.docx", encoding=encoding)
    fonts = {r.font.name for p in Document(str(path)).paragraphs for r in p.runs}
    if encoding == "tcvn3":
        assert {".VnTime", ".VnTimeH"} <= fonts
        raw = "".join(p.text for p in Document(str(path)).paragraphs)
        assert "\u00ad" in raw  # the literal ư byte, as TCVN3 files carry it
    else:
        assert fonts == {"VNI-Times"}
    assert read_docx_lines(path) == uni


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    return render(REPORT, out, ["pdf", "twocol", "cid", "tcvn3_doc", "tcvn3_pdf", "vni_pdf"])


@pytest.mark.integration
def test_render_returns_requested_formats(rendered):
    assert list(rendered) == ["pdf", "twocol", "cid", "tcvn3_doc", "tcvn3_pdf", "vni_pdf"]
    for fmt, path in rendered.items():
        assert path.name == FORMATS[fmt].format(id=REPORT["id"])
        assert path.stat().st_size > 1000


@pytest.mark.integration
def test_pdf_has_source_text(rendered):
    with pdfplumber.open(rendered["pdf"]) as pdf:
        text = _norm(" ".join(p.extract_text() or "" for p in pdf.pages))
    for sentence in (s["text"] for b in REPORT["body"] for s in b.get("sentences", [])):
        words = sentence.split()
        assert _norm(" ".join(words[:4])) in text


@pytest.mark.integration
def test_twocol_pdf_has_two_text_columns(rendered):
    with pdfplumber.open(rendered["twocol"]) as pdf:
        page = pdf.pages[0]
        body = [w for w in page.extract_words() if w["top"] > page.height * 0.35]
        left = [w for w in body if w["x1"] < page.width / 2]
        right = [w for w in body if w["x0"] > page.width / 2]
        assert len(left) > 40 and len(right) > 40
        # the columns sit side by side: their vertical extents overlap over most of the body
        overlap = min(max(w["bottom"] for w in left), max(w["bottom"] for w in right)) - max(
            min(w["top"] for w in left), min(w["top"] for w in right))
        assert overlap > page.height * 0.3


@pytest.mark.integration
def test_cid_pdf_text_is_not_readable(rendered):
    with pdfplumber.open(rendered["cid"]) as pdf:
        text = pdf.pages[0].extract_text() or ""
    assert "(cid:" in text
    assert "Huyện ủy" not in text


@pytest.mark.integration
def test_tcvn3_doc_round_trip_keeps_u_horn_as_soft_hyphen(rendered, tmp_path):
    from extractors.doc import convert_to_docx

    docx = convert_to_docx(rendered["tcvn3_doc"], tmp_path)
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "<w:softHyphen/>" in xml  # the trap: paragraph.text would drop every ư
    uni = read_docx_lines(build_docx(REPORT, tmp_path / "u.docx"))
    assert read_docx_lines(docx) == uni


@pytest.mark.integration
@pytest.mark.parametrize(("fmt", "fonts"), [
    ("tcvn3_pdf", {".VnTime", ".VnTimeH"}),
    ("vni_pdf", {"VNI-Times"}),
])
def test_legacy_pdf_fonts_and_per_char_decoding(rendered, fmt, fonts):
    from extractors.legacy import decode_run

    with pdfplumber.open(rendered[fmt]) as pdf:
        page = pdf.pages[0]
        names = {c["fontname"].split("+", 1)[1] for c in page.chars}
        assert fonts <= names
        words = page.extract_words(extra_attrs=["fontname"])
    decoded = " ".join(decode_run(w["text"], w["fontname"]) for w in words)
    for sentence in (s["text"] for s in REPORT["body"][0]["sentences"]):
        assert _norm(sentence) in _norm(decoded)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in decoded
