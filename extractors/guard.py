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
                values[f.name] = int(float(raw)) if f.type == "int" else float(raw)
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
            f"Tệp {path.name} dung lượng {size / 1048576:.0f} MB, vượt giới hạn {limits.max_file_mb:.0f} MB; "
            "đề nghị gửi riêng phần báo cáo, tách phụ lục hoặc nén ảnh.",
            f"{path.name} is {size / 1048576:.0f} MB, over the {limits.max_file_mb:.0f} MB limit; ask for the "
            "report without annexes or with compressed images.",
            code="too_large",
        )


def check_zip(path: Path, limits: Limits) -> None:
    """Zip bombs and path traversal in OOXML containers, checked without extracting."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInputError(
            f"Tệp {path.name} là tệp Word (DOCX) bị hỏng hoặc tải lên chưa hết; đề nghị đơn vị gửi lại.",
            f"{path.name} is a damaged or truncated Word (DOCX) file; ask the unit to send it again.",
            code="corrupt_docx",
        ) from exc
    for info in infos:
        member = PurePosixPath(info.filename.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts:
            raise BadInputError(
                f"Tệp {path.name} chứa đường dẫn bất thường ({info.filename}), có thể là tệp độc hại; không xử lý.",
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


def check_before_extract(path: Path, fmt: Format, limits: Limits) -> None:
    """All cheap checks that do not need a parser."""
    check_size(path, limits)
    if fmt == Format.DOCX:
        check_zip(path, limits)
