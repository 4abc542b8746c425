"""Bad-input corpus, written at test time into a temporary folder (nothing big is committed).

Every function `make_<kind>(out_dir) -> Path` writes one file (or link) of that kind and
returns its path; `KINDS` lists them. Generation needs only Python packages (fpdf2,
python-docx, openpyxl, Pillow) plus, for the scanned cases, `pdftoppm`; LibreOffice is
never needed here: the good report files come from `examples/rendered/` and `examples/inbox/`.

    python tests/data/bad/make_bad.py OUTDIR      # write every kind into OUTDIR
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RENDERED = ROOT / "examples" / "rendered"
INBOX = ROOT / "examples" / "inbox"
REPORTS = ROOT / "examples" / "reports"
GOOD_DOCX = RENDERED / "hu-tan-lap-ct07.docx"
GOOD_PDF = RENDERED / "hu-tan-lap-ct07.pdf"
LEGACY_DOC = INBOX / "hu-dong-xuan-ct07.doc"
SERIF_TTF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")

# One line of an ordinary report, written for this corpus.
LINE_VI = "Huyện ủy đã chỉ đạo củng cố đài truyền thanh cấp xã, bảo đảm phát sóng đều đặn."


# ----------------------------------------------------------------------------- small helpers
def _docx_bytes(paragraphs: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _rewrite_zip(src: bytes, extra: dict[str, bytes] | None = None,
                 replace: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing some members and appending others (names kept verbatim)."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (extra or {}).items():
            zinfo = zipfile.ZipInfo(name)
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zinfo, data)
    return out.getvalue()


def short_report(report_id: str = "hu-tan-lap-ct07", body_items: int = 8, **header) -> dict:
    """A report JSON cut to its first `body_items` body items (fast to render and OCR)."""
    report = json.loads((REPORTS / f"{report_id}.json").read_text(encoding="utf-8"))
    report = copy.deepcopy(report)
    report["body"] = report["body"][:body_items]
    report["header"].update(header)
    return report


def text_pdf_bytes(report: dict) -> bytes:
    """A text PDF of a report laid out by examples/render.py's fpdf2 layout (no LibreOffice)."""
    from examples.render import _fpdf_report

    return _fpdf_report(report, lambda text, bold: [(text, "Serif", "B" if bold else "")])


def raw_pdf(pages: int, *, text: str = "Phu luc", page_size: tuple[int, int] = (200, 100)) -> bytes:
    """A valid PDF with `pages` small pages sharing one content stream, written directly.

    Writing the objects by hand makes a 2,000-page annex in milliseconds.
    """
    w, h = page_size
    content = f"BT /F1 12 Tf 10 40 Td ({text}) Tj ET".encode()
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # page tree, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    first_page = len(objs) + 1
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objs[1] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    for _ in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] "
                    "/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _photo(width: int = 900, height: int = 600, seed: int = 3):
    """A synthetic 'photo': smooth gradients and blobs, no lettering at all."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    img = Image.new("RGB", (width, height))
    px = img.load()
    for y in range(height):
        for x in range(0, width):
            px[x, y] = (60 + y * 120 // height, 110 + x * 90 // width, 160)
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(30, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), 90))
    return img.filter(ImageFilter.GaussianBlur(6))


# ----------------------------------------------------------------------------- the kinds
def make_empty(out: Path) -> Path:
    p = out / "bao-cao-rong.docx"
    p.write_bytes(b"")
    return p


def make_truncated_pdf(out: Path) -> Path:
    data = GOOD_PDF.read_bytes()
    p = out / "bao-cao-tai-do.pdf"
    p.write_bytes(data[: len(data) // 3])
    return p


def make_encrypted_pdf(out: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Serif", "", str(SERIF_TTF))
    pdf.set_font("Serif", size=13)
    pdf.add_page()
    pdf.multi_cell(0, 7, LINE_VI)
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau-don-vi")
    p = out / "bao-cao-co-mat-khau.pdf"
    p.write_bytes(bytes(pdf.output()))
    return p


def make_photo_pdf(out: Path) -> Path:
    """One photograph saved as a PDF: an image and no document text at all."""
    p = out / "anh-hoi-nghi.pdf"
    _photo().save(str(p), "PDF", resolution=150)
    return p


def make_xlsx_as_docx(out: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Số xã có đài truyền thanh"])
    ws.append(["Huyện ủy Tân Lập", 18])
    p = out / "bieu-so-lieu.docx"
    wb.save(str(p))
    return p


def make_pptx_as_docx(out: Path) -> Path:
    """A minimal PowerPoint package (the parts a sniffer sees), renamed .docx."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>')
        zf.writestr("ppt/presentation.xml", '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.'
                    'openxmlformats.org/presentationml/2006/main"/>')
        zf.writestr("ppt/slides/slide1.xml", "<sld/>")
    p = out / "trinh-chieu-so-ket.docx"
    p.write_bytes(buf.getvalue())
    return p


def make_zip_bomb_docx(out: Path, megabytes: int = 64) -> Path:
    """A real report plus one member of `megabytes` MB of zeros (packs ~1000:1)."""
    zeros = bytes(megabytes * 1024 * 1024)
    p = out / "bao-cao-bom-nen.docx"
    p.write_bytes(_rewrite_zip(GOOD_DOCX.read_bytes(), extra={"word/media/image9.bin": zeros}))
    return p


def make_traversal_docx(out: Path) -> Path:
    p = out / "bao-cao-duong-dan-la.docx"
    p.write_bytes(_rewrite_zip(GOOD_DOCX.read_bytes(), extra={"../../evil.sh": b"rm -rf /\n"}))
    return p


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE w:document [\n  <!ENTITY lol "lol">\n'
    + "".join(f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def make_billion_laughs_docx(out: Path) -> Path:
    """word/document.xml declares nested entities that would expand to 10^9 'lol's."""
    p = out / "bao-cao-thuc-the-xml.docx"
    p.write_bytes(_rewrite_zip(GOOD_DOCX.read_bytes(), replace={"word/document.xml": BILLION_LAUGHS.encode()}))
    return p


def make_annex_2000_pages(out: Path, pages: int = 2000) -> Path:
    p = out / "phu-luc-2000-trang.pdf"
    p.write_bytes(raw_pdf(pages))
    return p


def make_rtf(out: Path) -> Path:
    """A short report saved as RTF (Vietnamese letters as \\uN escapes, as Word writes them)."""
    report = short_report()
    lines = [*report["header"]["left"], report["header"]["number"], report["header"]["place_date"],
             report["header"]["doc_type"], *report["header"]["subject"]]
    for item in report["body"]:
        lines.append(item.get("text") or " ".join(s["text"] for s in item.get("sentences", [])))

    def esc(s: str) -> str:
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?"
                       for c in s)

    body = "".join(f"\\pard {esc(line)}\\par\n" for line in lines)
    rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26\n" + body + "}"
    p = out / "bao-cao-so-ket.rtf"
    p.write_text(rtf, encoding="ascii")
    return p


def make_html_as_doc(out: Path) -> Path:
    p = out / "bao-cao-web.doc"
    p.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Báo cáo</title></head>"
                 f"<body><h1>BÁO CÁO</h1><p>{LINE_VI}</p></body></html>", encoding="utf-8")
    return p


def make_docx_no_text(out: Path) -> Path:
    p = out / "bao-cao-trang.docx"
    p.write_bytes(_docx_bytes(["", "   ", ""]))
    return p


def make_scanned_report(out: Path, body_items: int = 6) -> Path:
    """A short report printed to PDF then rasterised (tilt, blur, speckle): two pages, both images."""
    import pypdfium2 as pdfium

    from examples.render import scan_pdf

    text_pdf = out / "_scan_source.pdf"
    for n in range(body_items, 40, 2):  # the shortest cut of the report that fills two pages
        data = text_pdf_bytes(short_report(body_items=n))
        if len(pdfium.PdfDocument(data)) >= 2:
            break
    text_pdf.write_bytes(data)
    p = scan_pdf(text_pdf, out / "bao-cao-ban-scan.pdf")
    text_pdf.unlink()
    return p


def make_cid_pdf(out: Path) -> Path:
    from examples.render import cid_pdf

    return cid_pdf(short_report(body_items=6), out / "bao-cao-cid.pdf")


def make_mixed_tcvn3_docx(out: Path) -> Path:
    """One DOCX where some paragraphs are typed in .VnTime (TCVN3 bytes) and others in Unicode."""
    from docx import Document
    from docx.oxml.ns import qn

    from extractors.legacy import encode_tcvn3

    doc = Document()

    def para(text: str, font: str) -> None:
        run = doc.add_paragraph().add_run(text)
        run.font.name = font
        rpr = run._element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:hAnsi"), font)

    para("HUYỆN ỦY TÂN LẬP", "Times New Roman")
    para("BÁO CÁO", "Times New Roman")
    para("sơ kết công tác thông tin cơ sở", "Times New Roman")
    para(encode_tcvn3(MIXED_TCVN3_LINE), ".VnTime")
    para(MIXED_UNICODE_LINE, "Times New Roman")
    p = out / "bao-cao-tron-tcvn3-unicode.docx"
    doc.save(str(p))
    return p


MIXED_TCVN3_LINE = "Các xã vùng cao đã được đầu tư cụm loa không dây, người dân nghe rõ hơn trước."
MIXED_UNICODE_LINE = "Kinh phí duy trì đài truyền thanh cấp xã còn thiếu, nhiều cụm loa hư hỏng."


def make_vietnamese_name(out: Path) -> Path:
    p = out / "Báo cáo sơ kết Huyện ủy Tân Lập (bản chính).docx"
    shutil.copyfile(GOOD_DOCX, p)
    return p


def make_symlink(out: Path) -> Path:
    target = out / "_target" / "hu-tan-lap-ct07.docx"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(GOOD_DOCX, target)
    p = out / "lien-ket-bao-cao.docx"
    p.symlink_to(target)
    return p


def make_broken_symlink(out: Path) -> Path:
    p = out / "lien-ket-hong.pdf"
    p.symlink_to(out / "da-xoa" / "bao-cao.pdf")
    return p


def make_symlink_loop(out: Path) -> Path:
    """A link that points at itself (stat fails with ELOOP, not 'not found')."""
    p = out / "lien-ket-vong.docx"
    p.symlink_to(p.name)
    return p


def make_unreadable(out: Path) -> Path:
    """A report with mode 000 (the caller must read it as a non-root user)."""
    p = out / "bao-cao-khong-co-quyen.docx"
    shutil.copyfile(GOOD_DOCX, p)
    p.chmod(0)
    return p


def make_jpeg(out: Path) -> Path:
    p = out / "anh-chup-bao-cao.jpg"
    _photo(480, 320).save(str(p), "JPEG", quality=80)
    return p


def make_png(out: Path) -> Path:
    p = out / "anh-man-hinh.png"
    _photo(480, 320, seed=5).save(str(p), "PNG")
    return p


def make_txt(out: Path) -> Path:
    p = out / "bao-cao.txt"
    p.write_text("BÁO CÁO\n" + LINE_VI + "\n", encoding="utf-8")
    return p


def make_zip_of_reports(out: Path) -> Path:
    p = out / "cac-bao-cao.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GOOD_DOCX, "hu-tan-lap-ct07.docx")
        zf.write(GOOD_PDF, "hu-tan-lap-ct07.pdf")
    return p


def make_legacy_doc(out: Path) -> Path:
    p = out / "bao-cao-word97.doc"
    shutil.copyfile(LEGACY_DOC, p)
    return p


def make_corrupt_docx(out: Path) -> Path:
    data = GOOD_DOCX.read_bytes()
    p = out / "bao-cao-hong.docx"
    p.write_bytes(data[: len(data) // 2])
    return p


def make_html_as_pdf(out: Path) -> Path:
    """An e-mail gateway's error page saved under the attachment's name."""
    p = out / "bao-cao-tai-ve.pdf"
    p.write_text("<html><body><p>Tệp đính kèm đã hết hạn tải về.</p></body></html>", encoding="utf-8")
    return p


def make_odt(out: Path) -> Path:
    p = out / "bao-cao.odt"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
    return p


KINDS: dict[str, Callable[[Path], Path]] = {
    name.removeprefix("make_"): fn for name, fn in sorted(globals().items())
    if name.startswith("make_") and callable(fn)
}
"""Kind name → generator."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, fn in KINDS.items():
        sub = out / name
        sub.mkdir(exist_ok=True)
        print(f"{name:24s} {fn(sub)}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
