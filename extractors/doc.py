"""Legacy Word 97–2003 `.doc` → `.docx` with headless LibreOffice, then the DOCX path reads it.

Why LibreOffice rather than antiword/catdoc: they drop the TCVN3 letter ư (stored as 0x1F in
.doc) and lose run font names, which the legacy-font decoder needs; a LibreOffice round trip
keeps `.VnTime` names and turns the ư into `<w:softHyphen/>`.

Measured pitfalls this module guards against: two soffice processes sharing one user profile
silently produce nothing with exit code 0, so every process (and thread) gets its own profile
and every output file is checked; start-up costs ~1 s, so files are converted in one batch.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from tonghop.errors import BadInputError, MissingToolError, TransientError

__all__ = ["INSTALL_HINT", "convert_many", "convert_to", "convert_to_docx", "soffice_path"]

INSTALL_HINT = "apt-get install -y libreoffice-writer-nogui"


def soffice_path() -> str:
    """Path of `soffice`/`libreoffice`, or MissingToolError naming the install command."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError("LibreOffice (soffice)", INSTALL_HINT)


def _profile_dir() -> Path:
    """A profile private to this process and thread, reused across calls (first start is slow)."""
    base = Path(tempfile.gettempdir()) / "tonghop_lo"
    base.mkdir(parents=True, exist_ok=True)
    return base / f"lo_profile_{os.getpid()}_{threading.get_ident()}"


def _run_soffice(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run soffice in its own process group so a timeout kills it and its children."""
    cmd = [soffice_path(), f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless",
           "--norestore", "--nologo", "--nodefault", "--nolockcheck", *args]
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TransientError(f"LibreOffice timed out after {timeout:.0f}s and was killed") from exc
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _unreadable(path: Path, detail: str) -> BadInputError:
    return BadInputError(
        f"LibreOffice không đọc được tệp {path.name}; hãy mở bằng Word, lưu lại dạng .docx rồi gửi lại.",
        f"LibreOffice cannot read {path.name}; open it in Word, save it as .docx and send it again."
        + (f" ({detail[:200]})" if detail else ""),
    )


def _batches(paths: list[Path]) -> list[list[Path]]:
    """Split so that no batch holds two inputs with the same stem (outputs would collide)."""
    batches: list[list[Path]] = []
    for path in paths:
        for batch in batches:
            if all(p.stem != path.stem for p in batch):
                batch.append(path)
                break
        else:
            batches.append([path])
    return batches


def convert_to(
    paths: Iterable[Path], outdir: Path, target: str, *, timeout: float = 300
) -> dict[Path, Path | Exception]:
    """Convert files with `soffice --convert-to <target>` into `outdir`; per-file result.

    `target` is a LibreOffice filter spec such as "docx", "pdf" or "doc:MS Word 97".
    Missing outputs are retried once alone, then reported as BadInputError.
    """
    paths = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    ext = target.split(":", 1)[0]
    results: dict[Path, Path | Exception] = {}
    for path in paths:
        if not path.is_file():
            results[path] = BadInputError(
                f"Không tìm thấy tệp {path.name}.", f"File {path.name} does not exist."
            )
    todo = [p for p in paths if p not in results]
    for batch in _batches(todo):
        try:
            proc = _run_soffice(["--convert-to", target, "--outdir", str(outdir), *map(str, batch)],
                                timeout)
        except TransientError as exc:
            for path in batch:
                results[path] = exc
            continue
        for path in batch:
            out = outdir / f"{path.stem}.{ext}"
            if out.is_file() and out.stat().st_size > 0:
                results[path] = out
                continue
            retry = proc
            if len(batch) > 1:  # one bad file may spoil a batch: retry it alone
                try:
                    retry = _run_soffice(["--convert-to", target, "--outdir", str(outdir), str(path)],
                                         timeout)
                except TransientError as exc:
                    results[path] = exc
                    continue
            if out.is_file() and out.stat().st_size > 0:
                results[path] = out
            elif retry.returncode < 0 or retry.returncode >= 128:  # killed by a signal: a crash
                results[path] = TransientError(f"LibreOffice crashed (rc={retry.returncode}) on {path.name}")
            else:
                results[path] = _unreadable(path, (retry.stderr or "").strip())
    return results


def convert_many(paths: list[Path], workdir: Path, *, timeout: float = 300) -> dict[Path, Path | Exception]:
    """Convert many `.doc`/`.rtf` files to `.docx` in one LibreOffice start; path → docx or error.

    Keys are the paths as given. Errors are returned, not raised, so one bad file does not
    stop the batch (MissingToolError is raised: nothing can be converted without soffice).
    """
    soffice_path()
    given = [Path(p) for p in paths]
    resolved = convert_to(given, Path(workdir), "docx", timeout=timeout)
    return {p: resolved[p.resolve()] for p in given}


def convert_to_docx(path: Path, workdir: Path, *, timeout: float = 120) -> Path:
    """Convert one `.doc` to `.docx` in `workdir`; raises BadInputError / TransientError."""
    result = convert_many([Path(path)], workdir, timeout=timeout)[Path(path)]
    if isinstance(result, Exception):
        raise result
    return result
