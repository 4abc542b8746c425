"""Limits checked before a file is parsed, so a hostile or absurd file is rejected cheaply.

Each limit is configurable (environment variables `TONGHOP_MAX_FILE_MB`, `TONGHOP_MAX_PAGES`,
`TONGHOP_MAX_UNZIPPED_MB`, `TONGHOP_MAX_ZIP_RATIO`, `TONGHOP_FILE_TIMEOUT_S`,
`TONGHOP_MAX_OCR_PAGES`) and each breach produces a BadInputError that says which limit and
what the unit should send instead.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath

from tonghop.errors import BadInputError
from tonghop.models import Format


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 100.0
    max_pages: int = 600
    max_unzipped_mb: float = 300.0
    max_zip_ratio: float = 120.0
    file_timeout_s: float = 300.0
    max_ocr_pages: int = 60

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults overridden by TONGHOP_<FIELD> environment variables."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get("TONGHOP_" + f.name.upper())
            if raw:
                try:
                    values[f.name] = int(float(raw)) if f.type == "int" else float(raw)
                except ValueError:
                    # A typo in the configuration must stop the run with its name, not reject files.
                    raise ValueError(f"TONGHOP_{f.name.upper()}={raw!r} is not a number") from None
        return cls(**values)


def check_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size == 0:
        raise BadInputError(
            f"Tệp {path.name} rỗng (0 byte), có thể tải lên bị lỗi; đề nghị đơn vị gửi lại tệp báo cáo.",
            f"{path.name} is empty (0 bytes), probably a failed upload; ask the unit to send the report again.",
            code="empty_file",
        )
    if size > limits.max_file_mb * 1024 * 1024:
        raise BadInputError(
            f"Tệp {path.name} dung lượng {size / 1048576:.1f} MB, vượt giới hạn {limits.max_file_mb:g} MB; "
            "đề nghị đơn vị gửi riêng phần báo cáo, tách phụ lục hoặc nén ảnh.",
            f"{path.name} is {size / 1048576:.1f} MB, over the {limits.max_file_mb:g} MB limit; ask the unit to "
            "send the report without annexes or with compressed images.",
            code="too_large",
        )


def check_zip(path: Path, limits: Limits) -> None:
    """Zip bombs and path traversal in OOXML containers, checked without extracting."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except Exception as exc:  # BadZipFile, OSError, ValueError on a mangled central directory…
        raise BadInputError(
            f"Tệp {path.name} là tệp Word (DOCX) bị hỏng hoặc tải lên chưa hết; đề nghị đơn vị gửi lại.",
            f"{path.name} is a damaged or truncated Word (DOCX) file; ask the unit to send it again.",
            code="corrupt_docx",
        ) from exc
    for info in infos:
        member = PurePosixPath(info.filename.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts:
            raise BadInputError(
                f"Tệp {path.name} chứa đường dẫn bất thường ({info.filename}), có thể là tệp độc hại; không xử lý. "
                "Đề nghị đơn vị mở tệp bằng Word, lưu lại rồi gửi lại.",
                f"{path.name} contains a suspicious member path ({info.filename}); not processed as it may be "
                "malicious. Ask the unit for a clean copy saved from Word.",
                code="zip_traversal",
            )
    unzipped = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unzipped > limits.max_unzipped_mb * 1024 * 1024 or unzipped / packed > limits.max_zip_ratio:
        raise BadInputError(
            f"Tệp {path.name} giải nén ra {unzipped / 1048576:.0f} MB (tỷ lệ nén {unzipped / packed:.0f}:1), "
            "vượt giới hạn an toàn (nghi tệp 'bom nén'); đề nghị gửi lại bản báo cáo thông thường.",
            f"{path.name} expands to {unzipped / 1048576:.0f} MB (ratio {unzipped / packed:.0f}:1), over the "
            "safety limit (suspected zip bomb); ask the unit for an ordinary copy of the report.",
            code="zip_bomb",
        )
    check_xml_prolog(path, infos)


_PROLOG_BYTES = 4096


def check_xml_prolog(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Word never writes a DTD; one in an XML part can only be an entity-expansion attack
    ("billion laughs") or an external-entity fetch, so the file is refused before parsing.
    Only each part's first bytes are read: a DOCTYPE must come before the root element."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(_PROLOG_BYTES).upper()
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise BadInputError(
                        f"Tệp {path.name} chứa khai báo XML bất thường (DOCTYPE/ENTITY trong {info.filename}) mà "
                        "Word không bao giờ tạo ra, có thể là tệp độc hại; không xử lý. Đề nghị đơn vị mở bằng Word, "
                        "lưu lại rồi gửi lại (hoặc gửi bản PDF).",
                        f"{path.name} contains an XML DOCTYPE/ENTITY declaration in {info.filename}, which Word never "
                        "writes (possible entity-expansion attack); not processed. Ask the unit to open it in Word, "
                        "save it again and resend it (or send a PDF).",
                        code="xml_entities",
                    )
    except BadInputError:
        raise
    except Exception as exc:  # zlib.error, bad CRC, unsupported compression, encrypted member…
        raise BadInputError(
            f"Tệp {path.name} là tệp Word (DOCX) bị hỏng hoặc tải lên chưa hết; đề nghị đơn vị gửi lại.",
            f"{path.name} is a damaged or truncated Word (DOCX) file; ask the unit to send it again.",
            code="corrupt_docx",
        ) from exc


def pdf_page_count(path: Path) -> int | None:
    """Page count from PDFium's page tree (milliseconds even for thousands of pages).

    None when PDFium cannot open the file (damaged, encrypted): the PDF extractor then gives
    the precise reason, so this check never masks a better message.
    """
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pdfplumber depends on it
        return None
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return None
    try:
        return len(doc)
    finally:
        doc.close()


def check_pages(path: Path, limits: Limits) -> None:
    """A 2,000-page annex would take an hour to parse and bury the report: reject it cheaply."""
    pages = pdf_page_count(path)
    if pages is not None and pages > limits.max_pages:
        raise BadInputError(
            f"Tệp PDF {path.name} có {pages} trang, vượt giới hạn {limits.max_pages} trang (có thể kèm phụ lục "
            "quá dài); đề nghị đơn vị gửi riêng phần báo cáo, phụ lục gửi tệp khác.",
            f"The PDF {path.name} has {pages} pages, over the {limits.max_pages}-page limit (probably a long "
            "annex attached); ask the unit to send the report itself, with annexes in a separate file.",
            code="too_many_pages",
        )


def ocr_page_cap(pages: list[int], limits: Limits) -> tuple[list[int], list[int]]:
    """Split pages that need OCR into (to OCR now, over the cap): the cap keeps one scan from
    holding a worker for hours; the skipped pages are named in the document's warning."""
    wanted = sorted(set(pages))
    cap = max(0, limits.max_ocr_pages)
    return wanted[:cap], wanted[cap:]


def ocr_cap_warning(skipped: list[int], limits: Limits) -> str:
    """The partial-document warning naming the pages left unread because of the OCR cap."""
    names = page_ranges(skipped)
    return (
        f"Trang {names}: chưa nhận dạng chữ (OCR) vì vượt giới hạn {limits.max_ocr_pages} trang quét mỗi tệp; "
        "đề nghị đơn vị gửi bản Word hoặc PDF xuất trực tiếp từ Word | "
        f"Pages {names} were not OCRed: over the {limits.max_ocr_pages}-page OCR limit per file; ask the unit "
        "for the Word file or a PDF exported from Word"
    )


def page_ranges(pages: list[int]) -> str:
    """[3, 4, 5, 9] → "3-5, 9" so a long list of pages stays readable in a message."""
    out: list[str] = []
    nums = sorted(set(pages))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


def check_before_extract(path: Path, fmt: Format, limits: Limits) -> None:
    """All cheap checks that do not need a parser."""
    check_size(path, limits)
    if fmt == Format.DOCX:
        check_zip(path, limits)
    elif fmt == Format.PDF:
        check_pages(path, limits)
