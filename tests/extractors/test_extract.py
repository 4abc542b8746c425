"""extract() end to end on DOCX and PDF files built inside the tests."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document

from extractors import EXTRACTOR_VERSION, extract
from extractors.base import RECIPIENTS_PATH, SIGNATURE_PATH
from tests.extractors.builders import add_closing, add_header, para, report_docx, report_pdf, soft_hyphen_run
from tonghop.errors import BadInputError
from tonghop.models import BlockKind, DocStatus, Format

EXPECTED_META = dict(
    unit_name="HUYỆN ỦY TÂN LẬP",
    parent_unit="ĐẢNG BỘ TỈNH HÀ LÂM",
    report_number="Số 112-BC/HU",
    report_date=date(2022, 6, 15),
    place="Tân Lập",
    doc_type="BÁO CÁO",
    title="sơ kết 05 năm thực hiện Chỉ thị số 07-CT/TW, ngày 05/9/2016 của Ban Bí thư về đẩy mạnh công tác "
    "thông tin cơ sở trong tình hình mới",
)
S1 = "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"
II = "II. KẾT QUẢ THỰC HIỆN"
II1 = "1. Về hệ thống truyền thanh cơ sở"
KQ = "Kết quả đạt được:"
HC = "HẠN CHẾ, KHÓ KHĂN"

# (kind, text, heading_path) of the report built by builders.report_docx
DOCX_BLOCKS = [
    ("paragraph", "Thực hiện Hướng dẫn số 39-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Huyện ủy báo cáo như sau:",
     ()),
    ("heading", S1, ()),
    ("paragraph", "Ban Thường vụ Huyện ủy đã ban hành kế hoạch thực hiện Chỉ thị. Các cấp ủy tổ chức quán triệt.",
     (S1,)),
    ("heading", II, ()),
    ("heading", II1, (II,)),
    ("heading", KQ, (II, II1)),  # run-in label: its own block, heading its own paragraph only
    ("paragraph", "Đến nay 18/20 xã có đài truyền thanh.", (II, II1, KQ)),
    ("list_item", "Một số cụm loa xuống cấp, hư hỏng.", (II, II1)),
    ("list_item", "Kinh phí sửa chữa còn thiếu.", (II, II1)),
    ("list_item", "Đến nay 18/20 xã đã có đài truyền thanh ứng dụng công nghệ thông tin, đạt 90% kế hoạch đề ra.",
     (II, II1)),
    ("table", "TT | Nội dung | Số lượng\n1 | Xã có đài truyền thanh | 18", (II, II1)),
    ("heading", HC, (II,)),
    ("list_item", "Một là, phải coi trọng công tác thông tin cơ sở.", (II, HC)),
    ("heading", "Kiến nghị", ()),
    ("paragraph", "Đề nghị tỉnh hỗ trợ kinh phí nâng cấp hệ thống truyền thanh.", ("Kiến nghị",)),
    ("paragraph", "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy,\n- Lưu Văn phòng Huyện ủy.", RECIPIENTS_PATH),
    ("paragraph", "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn Minh", SIGNATURE_PATH),
]


def _shape(doc):
    return [(b.kind.value, b.text, b.heading_path) for b in doc.blocks]


def test_docx_report_blocks_and_metadata(tmp_path):
    doc = extract(report_docx(tmp_path / "r.docx"))
    assert doc.format is Format.DOCX and doc.status is DocStatus.OK
    assert doc.pages is None and all(b.page is None for b in doc.blocks)
    assert doc.extractor_version == EXTRACTOR_VERSION
    assert _shape(doc) == DOCX_BLOCKS
    assert [b.paragraph for b in doc.blocks] == list(range(1, len(DOCX_BLOCKS) + 1))
    assert doc.blocks[10].rows == (("TT", "Nội dung", "Số lượng"), ("1", "Xã có đài truyền thanh", "18"))
    assert [b.level for b in doc.blocks if b.kind is BlockKind.HEADING] == [1, 1, 2, None, 2, 1]
    assert vars(doc.meta) == EXPECTED_META
    text = " ".join(b.text for b in doc.blocks)
    assert "Trang 1" not in text and "Báo cáo sơ kết Chỉ thị 07" not in text  # header/footer stay out


def test_docx_tcvn3_soft_hyphen_runs_are_decoded(tmp_path):
    d = Document()
    add_header(d)
    p = d.add_paragraph()
    # ".VnTime" text "Ng­êi d©n ®­îc th«ng tin" with the ư (0xAD) stored as <w:softHyphen/>
    soft_hyphen_run(p, ["Ng", "êi d©n ®", "îc th«ng tin kÞp thêi."], ".VnTime")
    cap = d.add_paragraph().add_run("i. ®Æc ®iÓm t×nh h×nh")
    cap.font.name = ".VnTimeH"
    cap.bold = True
    p2 = d.add_paragraph()
    soft_hyphen_run(p2, ["Ch", "a có kinh phí nhưng vẫn hoạt động."], "Times New Roman")  # Unicode: hyphen dropped
    path = tmp_path / "tcvn3.docx"
    d.save(str(path))
    doc = extract(path)
    assert [b.text for b in doc.blocks] == [
        "Người dân được thông tin kịp thời.",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "Cha có kinh phí nhưng vẫn hoạt động.",
    ]
    assert doc.blocks[1].kind is BlockKind.HEADING
    assert doc.encodings == ("tcvn3",)
    assert doc.blocks[0].raw_text == "Ng\xadêi d©n ®\xadîc th«ng tin kÞp thêi."


def test_docx_heading_styles_without_numbers(tmp_path):
    d = Document()
    d.add_heading("Kết quả đạt được", level=1)
    para(d, "Hệ thống loa phủ sóng toàn huyện.")
    d.add_heading("Về đài truyền thanh", level=2)
    para(d, "Đài huyện phát sóng hằng ngày.")
    d.add_heading("Hạn chế", level=1)
    para(d, "Một số xã chưa có bảng tin.")
    path = tmp_path / "h.docx"
    d.save(str(path))
    doc = extract(path)
    assert _shape(doc) == [
        ("heading", "Kết quả đạt được", ()),
        ("paragraph", "Hệ thống loa phủ sóng toàn huyện.", ("Kết quả đạt được",)),
        ("heading", "Về đài truyền thanh", ("Kết quả đạt được",)),
        ("paragraph", "Đài huyện phát sóng hằng ngày.", ("Kết quả đạt được", "Về đài truyền thanh")),
        ("heading", "Hạn chế", ()),
        ("paragraph", "Một số xã chưa có bảng tin.", ("Hạn chế",)),
    ]
    assert doc.meta.report_number is None


def test_empty_docx_is_rejected(tmp_path):
    path = tmp_path / "empty.docx"
    Document().save(str(path))
    with pytest.raises(BadInputError) as exc:
        extract(path)
    assert exc.value.code == "empty_document"
    assert "không có nội dung" in exc.value.vi and "no text" in exc.value.en


def test_header_only_docx_is_rejected(tmp_path):
    d = Document()
    add_header(d)
    add_closing(d)
    path = tmp_path / "header-only.docx"
    d.save(str(path))
    with pytest.raises(BadInputError):
        extract(path)


def test_xlsx_renamed_docx_is_rejected_with_what_it_is(tmp_path):
    path = tmp_path / "baocao.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(BadInputError) as exc:
        extract(path)
    assert "Excel" in exc.value.en and "Excel" in exc.value.vi
    assert "PDF" in exc.value.message


def test_truncated_docx_and_pdf_are_rejected(tmp_path):
    good = report_docx(tmp_path / "g.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(BadInputError) as exc:
        extract(bad)
    assert exc.value.code in ("corrupt_docx", "unreadable")
    pdf = tmp_path / "hong.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%% truncated upload")
    with pytest.raises(BadInputError) as exc:
        extract(pdf)
    assert "PDF" in exc.value.vi and "PDF" in exc.value.en


PDF_BLOCKS = [
    ("paragraph", 1, "Thực hiện Hướng dẫn số 39-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo "
     "kết quả như sau:", ()),
    ("heading", 1, S1, ()),
    ("paragraph", 1, "Ngay sau khi Chỉ thị được ban hành, Ban Thường vụ Huyện ủy đã tổ chức hội nghị quán triệt cho "
     "cán bộ chủ chốt của huyện và chỉ đạo các tổ chức cơ sở đảng xây dựng kế hoạch thực hiện phù hợp với tình "
     "hình địa phương, gắn với nhiệm vụ phát triển kinh tế - xã hội.", (S1,)),
    ("heading", 1, II, ()),
    ("heading", 1, "1. Hệ thống truyền thanh cơ sở", (II,)),
    ("list_item", 1, "Toàn huyện có 18/20 xã có đài truyền thanh, trong đó 6 xã đã ứng dụng công nghệ thông tin.",
     (II, "1. Hệ thống truyền thanh cơ sở")),
    ("list_item", 1, "Một số cụm loa đặt ngoài trời bị xuống cấp, hư hỏng.", (II, "1. Hệ thống truyền thanh cơ sở")),
    ("table", 1, "TT | Nội dung | Số lượng\n1 | Xã có đài truyền thanh ứng dụng công nghệ thông tin | 6",
     (II, "1. Hệ thống truyền thanh cơ sở")),
    ("heading", 2, "III. HẠN CHẾ, KHÓ KHĂN", ()),
    ("paragraph", 2, "Kinh phí dành cho công tác thông tin cơ sở còn hạn hẹp; một số xã chưa bố trí cán bộ chuyên "
     "trách, phụ cấp cho phát thanh viên còn thấp nên hoạt động của đài truyền thanh chưa thường xuyên, hiệu quả "
     "chưa cao.", ("III. HẠN CHẾ, KHÓ KHĂN",)),
    ("paragraph", 2, "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy,\n- Lưu Văn phòng Huyện ủy.", RECIPIENTS_PATH),
    ("paragraph", 2, "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn Minh", SIGNATURE_PATH),
]


def test_pdf_report_pages_headings_tables_and_running_lines(tmp_path):
    doc = extract(report_pdf(tmp_path / "r.pdf"))
    assert doc.format is Format.PDF and doc.pages == 2 and doc.status is DocStatus.OK
    assert [(b.kind.value, b.page, b.text, b.heading_path) for b in doc.blocks] == PDF_BLOCKS
    assert vars(doc.meta) == EXPECTED_META  # letter-spaced "B Á O C Á O", header band in two columns
    assert doc.ocr_pages == () and doc.warnings == ()
    assert doc.blocks[7].rows[1] == ("1", "Xã có đài truyền thanh ứng dụng công nghệ thông tin", "6")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_pdf_of_the_docx_gives_the_same_blocks(tmp_path):
    src = report_docx(tmp_path / "r.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    doc = extract(tmp_path / "r.pdf")
    assert _shape(doc)[:13] == DOCX_BLOCKS[:13]
    assert _shape(doc)[-2:] == DOCX_BLOCKS[-2:]
    assert {b.page for b in doc.blocks} == {1}
    assert vars(doc.meta) == EXPECTED_META
