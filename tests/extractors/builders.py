"""Small report files built inside the tests (python-docx, fpdf2), never checked in."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADER_LEFT = ["ĐẢNG BỘ TỈNH HÀ LÂM", "HUYỆN ỦY TÂN LẬP", "*", "Số 112-BC/HU"]
HEADER_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Tân Lập, ngày 15 tháng 6 năm 2022"]
SUBJECT = [
    "sơ kết 05 năm thực hiện Chỉ thị số 07-CT/TW, ngày 05/9/2016",
    "của Ban Bí thư về đẩy mạnh công tác thông tin cơ sở trong tình hình mới",
]


def _cell_lines(cell, lines: list[str], bold: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold = bold


def add_header(doc, left=HEADER_LEFT, right=HEADER_RIGHT, subject=SUBJECT, doc_type="BÁO CÁO") -> None:
    table = doc.add_table(rows=1, cols=2)
    _cell_lines(table.cell(0, 0), left)
    _cell_lines(table.cell(0, 1), right, bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(doc_type).bold = True
    for line in subject:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    p = doc.add_paragraph("-----")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_closing(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _cell_lines(table.cell(0, 0), ["Nơi nhận:", "- Ban Tuyên giáo Tỉnh ủy,", "- Lưu Văn phòng Huyện ủy."])
    _cell_lines(table.cell(0, 1), ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "", "Nguyễn Văn Minh"], bold=True)


def para(doc, text: str, *, bold: bool = False, runin: str | None = None):
    p = doc.add_paragraph()
    if runin:
        p.add_run(runin).bold = True
        p.add_run(" " + text)
    else:
        p.add_run(text).bold = bold
    return p


def soft_hyphen_run(paragraph, parts: list[str], font: str) -> None:
    """A run whose text is split by <w:softHyphen/> elements (LibreOffice's TCVN3 "ư")."""
    run = paragraph.add_run()
    run.font.name = font
    r = run._r
    for i, part in enumerate(parts):
        if i:
            r.append(OxmlElement("w:softHyphen"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = part
        r.append(t)


def report_docx(path: Path) -> Path:
    """A Party-style report: header table, typed numbering, run-in, items, table, closing."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Huyện ủy Tân Lập - Báo cáo sơ kết Chỉ thị 07"
    doc.sections[0].footer.paragraphs[0].text = "Trang 1"
    add_header(doc)
    para(doc, "Thực hiện Hướng dẫn số 39-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Huyện ủy báo cáo như sau:")
    para(doc, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True)
    para(doc, "Ban Thường vụ Huyện ủy đã ban hành kế hoạch thực hiện Chỉ thị. Các cấp ủy tổ chức quán triệt.")
    para(doc, "II. KẾT QUẢ THỰC HIỆN", bold=True)
    para(doc, "1. Về hệ thống truyền thanh cơ sở", bold=True)
    para(doc, "Đến nay 18/20 xã có đài truyền thanh.", runin="Kết quả đạt được:")
    para(doc, "- Một số cụm loa xuống cấp, hư hỏng.")
    para(doc, "+ Kinh phí sửa chữa còn thiếu.")
    para(doc, "1. Đến nay 18/20 xã đã có đài truyền thanh ứng dụng công nghệ thông tin, đạt 90% kế hoạch đề ra.")
    t = doc.add_table(rows=2, cols=3)
    t.style = "Table Grid"
    for r, row in enumerate([["TT", "Nội dung", "Số lượng"], ["1", "Xã có đài truyền thanh", "18"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    para(doc, "HẠN CHẾ, KHÓ KHĂN", bold=True)
    para(doc, "Một là, phải coi trọng công tác thông tin cơ sở.")
    doc.add_heading("Kiến nghị", level=1)
    para(doc, "Đề nghị tỉnh hỗ trợ kinh phí nâng cấp hệ thống truyền thanh.")
    add_closing(doc)
    doc.save(str(path))
    return path
