"""extractors stage: one input file → `ExtractedDocument`.

`extract(path)` sniffs the real format from the bytes and dispatches to the registered
extractor; every failure is either `BadInputError` (the file is unusable: the message says
what is wrong and what the unit should send instead, in Vietnamese and English) or
`TransientError` (the environment failed; retry).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from extractors.base import Extractor
from extractors.sniff import describe, kind, sniff
from tonghop.errors import BadInputError, TransientError
from tonghop.models import ExtractedDocument, Format

EXTRACTOR_VERSION = "2026.11.27-8"

__all__ = ["EXTRACTOR_VERSION", "Extractor", "extract", "get_extractor", "sniff"]


class _DocViaDocx:
    """.doc / .rtf: LibreOffice converts to .docx, then the font-aware DOCX path reads it."""

    formats = (Format.DOC, Format.RTF)

    def extract(self, path: Path, workdir: Path) -> ExtractedDocument:
        from extractors.doc import convert_to_docx
        from extractors.docx import read_docx

        fmt = sniff(path)
        converted = convert_to_docx(path, workdir)
        return read_docx(converted, fmt)


def _pdf() -> Extractor:
    from extractors.pdf import PdfExtractor

    return PdfExtractor()


def _docx() -> Extractor:
    from extractors.docx import DocxExtractor

    return DocxExtractor()


# Format → factory; modules are imported on first use so a missing optional dependency
# of one format never breaks the others.
REGISTRY = {Format.PDF: _pdf, Format.DOCX: _docx, Format.DOC: _DocViaDocx, Format.RTF: _DocViaDocx}


def get_extractor(fmt: Format) -> Extractor | None:
    factory = REGISTRY.get(fmt)
    return factory() if factory else None


def _unknown_error(path: Path) -> BadInputError:
    what = describe(path)
    k = kind(path)
    if k == "empty":
        return BadInputError(
            "Tệp rỗng (0 byte), có thể tải lên bị lỗi; đề nghị đơn vị gửi lại báo cáo dạng PDF hoặc Word (.docx).",
            "The file is empty (0 bytes), probably a failed upload; ask the unit to resend the report as PDF "
            "or Word (.docx).",
            code="empty_file",
        )
    if k == "corrupt-zip":
        return BadInputError(
            "Tệp Word/Office bị hỏng (không giải nén được); đề nghị đơn vị lưu lại và gửi lại tệp .docx hoặc PDF.",
            "The Word/Office file is damaged (cannot be unzipped); ask the unit to re-save and resend the .docx "
            "or a PDF.",
            code="corrupt_docx",
        )
    vi_names = {
        "xlsx": "bảng tính Excel", "xls": "bảng tính Excel", "pptx": "bản trình chiếu PowerPoint",
        "ppt": "bản trình chiếu PowerPoint", "html": "trang web HTML", "image": "tệp ảnh",
        "archive": "tệp nén", "zip": "tệp nén ZIP", "odt": "văn bản OpenDocument (.odt)",
        "text": "văn bản thuần (.txt)",
    }
    if k in ("zip", "archive"):
        return BadInputError(
            f"Tệp là {vi_names[k]}, không đọc trực tiếp được; đề nghị đơn vị giải nén và gửi từng báo cáo "
            "thành tệp riêng dạng PDF hoặc Word (.docx/.doc).",
            f"The file is a {what}, which is not read directly; ask the unit to unzip it and send each report "
            "as its own PDF or Word (.docx/.doc) file.",
            code="unsupported_format",
        )
    vi_what = vi_names.get(k, f"định dạng không nhận dạng được ({what})")
    return BadInputError(
        f"Tệp không phải báo cáo PDF hay Word mà là {vi_what}; đề nghị đơn vị gửi báo cáo dạng PDF hoặc "
        "Word (.docx/.doc).",
        f"The file is not a PDF or Word report but {what}; ask the unit to send the report as PDF or "
        "Word (.docx/.doc).",
        code="unsupported_format",
    )


def extract(path: Path, *, workdir: Path | None = None) -> ExtractedDocument:
    """Extract one report file; the format comes from its bytes, not its name.

    >>> doc = extract(Path("examples/inbox/hu-tan-lap.docx"))  # doctest: +SKIP
    >>> doc.meta.report_number  # doctest: +SKIP
    'Số 112-BC/HU'
    """
    path = Path(path)
    if not path.is_file():
        raise TransientError(f"File not found or not readable: {path}")
    fmt = sniff(path)
    extractor = get_extractor(fmt)
    if extractor is None:
        raise _unknown_error(path)
    own = workdir is None
    wd = Path(tempfile.mkdtemp(prefix="tonghop-x-")) if own else Path(workdir)
    try:
        result = extractor.extract(path, wd)
    except (BadInputError, TransientError):
        raise
    except MemoryError as exc:
        raise TransientError(f"Out of memory while reading {path.name}") from exc
    except OSError as exc:
        raise TransientError(f"I/O error while reading {path.name}: {exc}") from exc
    except Exception as exc:
        raise BadInputError(
            f"Không đọc được tệp {path.name} ({describe(path)}): tệp có thể bị hỏng; đề nghị đơn vị xuất lại "
            "báo cáo ra PDF hoặc Word (.docx) rồi gửi lại.",
            f"Could not read {path.name} ({describe(path)}): the file may be damaged ({type(exc).__name__}); "
            "ask the unit to export the report again as PDF or Word (.docx).",
            code="unreadable",
        ) from exc
    finally:
        if own:
            shutil.rmtree(wd, ignore_errors=True)
    return replace(result, extractor_version=EXTRACTOR_VERSION)
