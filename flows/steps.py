"""Plain per-file steps the Prefect tasks wrap (no Prefect here, so tests call them directly).

`process_file` never raises for a bad file: every input ends as one ProcessedDocument whose
status says what happened, so the batch goes on and nothing is silently skipped.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import signal
import stat
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from extractors.guard import Limits, check_before_extract
from tonghop.campaign import Campaign
from tonghop.errors import BadInputError, TransientError
from tonghop.models import (
    Block,
    BlockKind,
    DocMeta,
    DocStatus,
    ExtractedDocument,
    Format,
    ProcessedDocument,
    SourceFile,
)

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file named or found (recursively) under the given paths, in a stable order.

    Nothing is filtered out: temporary and odd files are still files the secretariat
    received, and each must end as a recorded outcome. Missing paths are yielded too so the
    caller records them as rejected instead of dropping them.
    """
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        found = sorted(x for x in p.rglob("*") if x.is_file() or x.is_symlink()) if p.is_dir() else [p]
        for f in found:
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                yield f


def source_file(path: Path) -> SourceFile:
    """Hash a file's bytes; raises BadInputError when it cannot be read at all."""
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):  # a pipe or device would block or never end
            raise BadInputError(
                f"{path.name} không phải tệp thông thường (ống dẫn hoặc thiết bị); không đọc được.",
                f"{path.name} is not a regular file (a pipe or device); it cannot be read as a report.",
                code="not_a_file",
            )
        h = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
        after = path.stat()
    except FileNotFoundError as exc:
        raise BadInputError(
            f"Không tìm thấy tệp {path.name} (đường dẫn hỏng hoặc tệp đã bị xóa); đề nghị gửi lại tệp.",
            f"File {path.name} was not found (broken link or deleted); please send it again.",
            code="not_found",
        ) from exc
    except IsADirectoryError as exc:
        raise BadInputError(
            f"{path.name} là thư mục (hoặc liên kết tới thư mục), không phải tệp báo cáo.",
            f"{path.name} is a folder (or a link to one), not a report file.",
            code="not_a_file",
        ) from exc
    except PermissionError as exc:
        raise BadInputError(
            f"Không có quyền đọc tệp {path.name}; quản trị viên cần cấp quyền đọc rồi chạy lại.",
            f"No permission to read {path.name}; an administrator must grant read access and rerun.",
            code="unreadable",
        ) from exc
    except OSError as exc:  # a symlink loop, an I/O error on a failing disk or share
        raise BadInputError(
            f"Không đọc được tệp {path.name} ({exc.strerror or exc}); cần kiểm tra tệp hoặc liên kết, hoặc đề "
            "nghị đơn vị gửi lại tệp.",
            f"{path.name} cannot be read ({exc.strerror or exc}); check the file or link, or ask the unit to send "
            "it again.",
            code="unreadable",
        ) from exc
    if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
        raise BadInputError(
            f"Tệp {path.name} đang được ghi (kích thước thay đổi khi đọc); hệ thống sẽ đọc lại ở lần chạy sau.",
            f"{path.name} is still being written (its size changed while reading); it is read again next run.",
            code="in_progress",
        )
    return SourceFile(
        path=str(path.resolve()),
        file_name=path.name,
        sha256=h.hexdigest(),
        size_bytes=st.st_size,
        received_at=st.st_mtime,
    )


def unreadable_source(path: Path) -> SourceFile:
    """A stand-in record for a file that could not even be hashed (so it still gets a row)."""
    digest = hashlib.sha256(("unreadable:" + os.path.abspath(path)).encode()).hexdigest()
    return SourceFile(path=os.path.abspath(path), file_name=path.name, sha256=digest, size_bytes=0, received_at=0.0)


def rejected(
    source: SourceFile, err: BadInputError, fmt: Format = Format.UNKNOWN, campaign: Campaign | None = None
) -> ProcessedDocument:
    """A rejected outcome; the unit is guessed from the file name so the secretariat knows whom to call."""
    unit_id = None
    if campaign is not None:
        from nlp.roster import match_unit

        unit_id, _ = match_unit(DocMeta(), campaign, source.file_name, "")
    return ProcessedDocument(
        source=source, status=DocStatus.REJECTED, format=fmt, unit_id=unit_id, error=err.message,
        error_code=err.code,
    )


class _FileTimeout(BaseException):
    """BaseException so that an extractor's `except Exception` cannot swallow the time limit."""


@contextmanager
def time_limit(seconds: float, file_name: str):
    """Interrupt a parser that spins (pdfminer is pure Python, so SIGALRM reaches it).

    Signals only work in a process's main thread, which is where the process-pool workers
    run tasks; elsewhere the limit is not enforced.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise _FileTimeout

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _FileTimeout:
        raise BadInputError(
            f"Xử lý tệp {file_name} vượt quá {seconds:g} giây nên đã dừng (tệp có cấu trúc bất thường); "
            "đề nghị đơn vị in lại ra PDF từ Word hoặc gửi bản DOCX.",
            f"Processing {file_name} took over {seconds:g} s and was stopped (abnormal structure); ask the unit "
            "to re-export the PDF from Word or to send the DOCX.",
            code="timeout",
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def process_file(
    source: SourceFile, campaign: Campaign, workdir: Path | None = None, limits: Limits | None = None
) -> ProcessedDocument:
    """Extract, analyse and match one file. Bad input -> rejected; transient errors propagate."""
    from extractors import extract, sniff
    from nlp import analyse, model_version
    from nlp.roster import match_unit

    limits = limits or Limits.from_env()
    path = Path(source.path)
    fmt = Format.UNKNOWN
    try:
        fmt = sniff(path)
        check_before_extract(path, fmt, limits)
        with time_limit(limits.file_timeout_s, source.file_name):
            doc = extract(path, workdir=workdir)
            sentences, findings, figures = analyse(doc, campaign)
        # Only the header block and the file name say who issued the report: body text names other
        # units ("phối hợp với Bưu điện tỉnh…") and would misattribute it.
        unit_id, _score = match_unit(doc.meta, campaign, source.file_name)
    except TransientError:
        raise
    except BadInputError as err:
        return rejected(source, err, fmt, campaign)
    except Exception as exc:  # a bug on odd input must not stop the batch or lose the file
        log.error("unexpected error on %s:\n%s", source.file_name, traceback.format_exc())
        return rejected(
            source,
            BadInputError(
                f"Không đọc được tệp do lỗi xử lý nội bộ ({type(exc).__name__}); đề nghị đơn vị gửi lại "
                "bản DOCX hoặc PDF, và báo lỗi cho bộ phận kỹ thuật.",
                f"The file could not be read because of an internal error ({type(exc).__name__}: {exc}); "
                "ask the unit for a DOCX or PDF copy and report the bug.",
                code="internal_error",
            ),
            fmt,
            campaign,
        )
    return ProcessedDocument(
        source=source,
        status=doc.status,
        format=doc.format,
        extracted=doc,
        unit_id=unit_id,
        sentences=sentences,
        findings=findings,
        figures=figures,
        error="; ".join(doc.warnings) or None,
        error_code="partial" if doc.status == DocStatus.PARTIAL else None,
        model_version=model_version(),
    )


def warm_up(campaign_path: str | None = None) -> None:
    """Load the models and tables a worker process needs, then hide them from the collector.

    pdfminer allocates millions of short-lived objects, and every full collection would also
    walk everything loaded here; `gc.freeze()` moves it out of the collector's sight, which
    saves about 12 % of the CPU per file on the benchmark corpus (bench/ingest.py).
    """
    from extractors.legacy import fix_text
    from nlp import analyse
    from tonghop.campaign import load_campaign

    fix_text("B\xb8o c\xb8o s\xa1 k\xd5t")  # TCVN3: loads the syllable table
    text = "Kết quả đạt được: đã tổ chức 12 hội nghị, đạt 95% kế hoạch. Nguyên nhân chủ yếu do kinh phí còn hạn chế."
    analyse(ExtractedDocument(format=Format.DOCX, blocks=(Block(BlockKind.PARAGRAPH, text, None, 1),)),
            load_campaign(campaign_path))
    gc.freeze()
