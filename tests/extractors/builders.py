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


FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


def report_pdf(path: Path) -> Path:
    """Two-page fpdf2 PDF: borderless header band, letter-spaced title, fake bold heading,
    running header/footer with page numbers, a wrapped hyphenated paragraph and a table."""
    from fpdf import FPDF

    class _Pdf(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("serif", size=9)
                self.set_xy(20, 8)
                self.cell(170, 5, "Báo cáo sơ kết Chỉ thị 07 - Huyện ủy Tân Lập", align="C")
                self.set_y(30)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("serif", size=9)
            self.cell(0, 5, f"Trang {self.page_no()}", align="C")

    pdf = _Pdf(format="A4", unit="mm")
    pdf.add_font("serif", "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font("serif", "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    # Header band: two columns without borders.
    pdf.set_font("serif", size=12)
    y = 15
    for left, right in [
        ("ĐẢNG BỘ TỈNH HÀ LÂM", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("HUYỆN ỦY TÂN LẬP", ""),
        ("*", ""),
        ("Số 112-BC/HU", "Tân Lập, ngày 15 tháng 6 năm 2022"),
    ]:
        pdf.set_xy(20, y)
        pdf.cell(75, 6, left, align="C")
        pdf.set_xy(105, y)
        pdf.cell(85, 6, right, align="C")
        y += 7
    pdf.set_xy(20, y + 8)
    pdf.set_font("serif", "B", 15)
    pdf.set_char_spacing(3.5)
    pdf.cell(170, 8, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_char_spacing(0)
    pdf.set_font("serif", "B", 13)
    for line in SUBJECT:
        pdf.cell(170, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("serif", size=13)

    def body(text: str, indent: bool = True) -> None:
        pdf.set_x(20)
        pdf.multi_cell(170, 7, ("        " if indent else "") + text, new_x="LMARGIN", new_y="NEXT")

    def fake_bold(text: str) -> None:
        x, yy = pdf.get_x(), pdf.get_y()
        pdf.cell(170, 7, text)
        pdf.set_xy(x + 0.09, yy)  # ~0.25 pt to the right: the "fake bold" over-print
        pdf.cell(170, 7, text, new_x="LMARGIN", new_y="NEXT")

    body(
        "Thực hiện Hướng dẫn số 39-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo kết quả như sau:"
    )
    fake_bold("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
    body(
        "Ngay sau khi Chỉ thị được ban hành, Ban Thường vụ Huyện ủy đã tổ chức hội nghị quán triệt cho cán bộ "
        "chủ chốt của huyện và chỉ đạo các tổ chức cơ sở đảng xây dựng kế hoạch thực hiện phù hợp với tình "
        "hình địa phương, gắn với nhiệm vụ phát triển kinh tế - xã hội."
    )
    pdf.set_font("serif", "B", 13)
    pdf.cell(170, 7, "II. KẾT QUẢ THỰC HIỆN", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(170, 7, "1. Hệ thống truyền thanh cơ sở", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", size=13)
    body("- Toàn huyện có 18/20 xã có đài truyền thanh, trong đó 6 xã đã ứng dụng công nghệ thông tin.", False)
    body("- Một số cụm loa đặt ngoài trời bị xuống cấp, hư hỏng.", False)
    with pdf.table(col_widths=(20, 110, 40), text_align="LEFT") as table:
        for row in [["TT", "Nội dung", "Số lượng"], ["1", "Xã có đài truyền thanh ứng dụng công nghệ thông tin", "6"]]:
            r = table.row()
            for v in row:
                r.cell(v)
    pdf.add_page()
    pdf.set_font("serif", "B", 13)
    pdf.cell(170, 7, "III. HẠN CHẾ, KHÓ KHĂN", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", size=13)
    body(
        "Kinh phí dành cho công tác thông tin cơ sở còn hạn hẹp; một số xã chưa bố trí cán bộ chuyên trách, "
        "phụ cấp cho phát thanh viên còn thấp nên hoạt động của đài truyền thanh chưa thường xuyên, hiệu quả chưa cao."
    )
    pdf.ln(8)
    y = pdf.get_y()
    for i, (left, right) in enumerate([
        ("Nơi nhận:", "T/M BAN THƯỜNG VỤ"),
        ("- Ban Tuyên giáo Tỉnh ủy,", "PHÓ BÍ THƯ"),
        ("- Lưu Văn phòng Huyện ủy.", ""),
        ("", "Nguyễn Văn Minh"),
    ]):
        pdf.set_xy(20, y + 6 * i)
        pdf.cell(75, 6, left)
        pdf.set_xy(110, y + 6 * i)
        pdf.cell(80, 6, right, align="C")
    pdf.output(str(path))
    return path


LEFT_COL = [
    ("I. TÌNH HÌNH CHUNG", True),
    ("Huyện có 20 xã, thị trấn; địa hình chia cắt, giao thông đi lại giữa các thôn còn nhiều khó khăn, nhất là "
     "vào mùa mưa lũ kéo dài.", False),
    ("II. KẾT QUẢ THỰC HIỆN", True),
    ("Toàn huyện có 18/20 xã có đài truyền thanh, trong đó 6 xã đã chuyển sang hệ thống ứng dụng công nghệ "
     "thông tin - viễn thông.", False),
]
RIGHT_COL = [
    ("Các đài xã phát 9.600 bản tin địa phương, bình quân mỗi tuần ba buổi, nội dung gắn với sản xuất và "
     "đời sống của nhân dân.", False),
    ("III. HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN CHỦ QUAN", True),
    ("Kinh phí duy tu thiết bị còn thiếu, nhiều cụm loa ngoài trời bị hư hỏng sau mỗi mùa bão.", False),
]


def two_column_pdf(path: Path) -> Path:
    """One page: a state header whose issuer wraps in its narrow cell, a body in two columns
    (a capitalised heading wrapping onto two lines), then the closing side by side."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font("serif", "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = 12
    for left, right, bold in [
        ("UBND TỈNH HÀ LÂM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
        ("ĐÀI PHÁT THANH VÀ TRUYỀN", "Độc lập - Tự do - Hạnh phúc", True),
        ("HÌNH HÀ LÂM", "", True),
        ("Số: 126/BC-PTTH", "Lâm Giang, ngày 16 tháng 6 năm 2022", False),
    ]:
        pdf.set_font("serif", "B" if bold else "", 12)
        pdf.set_xy(15, y)
        pdf.cell(80, 6, left, align="C")
        pdf.set_font("serif", "B" if right.startswith(("CỘNG", "Độc")) else "", 12)
        pdf.set_xy(95, y)
        pdf.cell(100, 6, right, align="C")
        y += 6
    pdf.set_xy(15, y + 6)
    pdf.set_font("serif", "B", 14)
    pdf.cell(180, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "B", 12)
    pdf.set_x(15)
    pdf.cell(180, 6, "Kết quả thực hiện công tác thông tin cơ sở", align="C")
    top = y + 26

    def column(x: float, blocks) -> None:
        pdf.set_xy(x, top)
        for text, bold in blocks:
            pdf.set_font("serif", "B" if bold else "", 12)
            pdf.set_x(x)
            pdf.multi_cell(82, 6, text, new_x="LEFT", new_y="NEXT")
            pdf.ln(2)

    column(15, LEFT_COL)
    column(110, RIGHT_COL)
    y = top + 75
    pdf.set_font("serif", "", 11)
    for i, (left, right) in enumerate([
        ("Nơi nhận:", "KT. GIÁM ĐỐC"),
        ("- Ban Tuyên giáo Tỉnh ủy;", "PHÓ GIÁM ĐỐC"),
        ("- Lưu: VT.", ""),
        ("", "Trần Thị Lan"),
    ]):
        pdf.set_xy(15, y + 6 * i)
        pdf.cell(80, 6, left)
        pdf.set_xy(110, y + 6 * i)
        pdf.cell(80, 6, right, align="C")
    pdf.output(str(path))
    return path


def text_then_scan_pdf(path: Path, scan_lines: list[str]) -> Path:
    """Page 1 born-digital text, page 2 an image of text only (a scanned page)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 44)
    img = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(scan_lines):
        draw.text((160, 200 + 70 * i), line, font=font, fill=0)
    png = path.with_suffix(".png")
    img.save(png)
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_page()
    pdf.set_font("serif", size=13)
    pdf.multi_cell(170, 7, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    pdf.multi_cell(170, 7, "        Các xã đã duy trì đài truyền thanh và bảng tin, thông tin kịp thời đến người dân.")
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path
