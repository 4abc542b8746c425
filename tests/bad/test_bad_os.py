"""Failures that come from the file system or the clock rather than the bytes: unreadable
files, files still being written, and parsers that spin. Each uses a real mechanism (another
user id, a concurrent writer process, SIGALRM in a worker's main thread), never a mock."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bad.messages import check_message
from tests.data.bad.make_bad import GOOD_PDF, make_unreadable, raw_pdf

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: imports first (as root the venv is readable), then drops to
# "nobody" so the 000 file is really unreadable even though the tests run as root in CI.
_AS_NOBODY = """
import json, os, sys
from pathlib import Path

import pytest
from flows.steps import rejected, source_file, unreadable_source
from tonghop.errors import BadInputError
path = Path(sys.argv[1])
if os.getuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
try:
    src = source_file(path)
    print(json.dumps({"status": "read", "uid": os.getuid()}))
except BadInputError as err:
    doc = rejected(unreadable_source(path), err)
    print(json.dumps({"status": doc.status.value, "code": doc.error_code, "error": doc.error, "uid": os.getuid()}))
"""


def _python(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_unreadable_file_is_rejected_with_its_name():
    # A folder others may enter (pytest's tmp_path lives under a 0700 folder).
    folder = Path(tempfile.mkdtemp(prefix="tonghop-perm-"))
    try:
        folder.chmod(0o755)
        path = make_unreadable(folder)
        result = _python(_AS_NOBODY, str(path))
        assert result["uid"] != 0
        assert result["status"] == "rejected", result
        assert result["code"] == "unreadable"
        check_message(result["error"], "quyền đọc", "no permission", "grant read access")
        assert path.name in result["error"]
    finally:
        path.chmod(0o644)
        shutil.rmtree(folder, ignore_errors=True)


_WRITER = """
import sys, time
limit = int(sys.argv[2])
with open(sys.argv[1], "ab", buffering=0) as fh:
    written = 0
    while written < limit:
        fh.write(b"\\0" * 65536)
        written += 65536
        time.sleep(0.002)
"""


def test_file_still_being_written_is_left_for_the_next_run(tmp_path):
    from flows.steps import rejected, source_file, unreadable_source
    from tonghop.errors import BadInputError

    path = tmp_path / "bao-cao-dang-tai.pdf"
    path.write_bytes(GOOD_PDF.read_bytes())
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(48 * 1024 * 1024)])
    try:
        while path.stat().st_size < 4 * 1024 * 1024 and writer.poll() is None:
            time.sleep(0.01)
        caught = None
        for _ in range(30):  # each attempt hashes a file that grows while it is read
            try:
                source_file(path)
            except BadInputError as err:
                caught = err
                break
        assert caught is not None, "a file growing while hashed must not be accepted"
        doc = rejected(unreadable_source(path), caught)
        assert doc.status == "rejected" and doc.error_code == "in_progress"
        check_message(doc.error, "đang được ghi", "still being written", "read again next run")
    finally:
        writer.kill()
        writer.wait()
    # Once the writer is gone the same file hashes normally (it is read on the next run).
    src = source_file(path)
    assert src.size_bytes == path.stat().st_size


_SPIN = """
import json, sys, time
from pathlib import Path

import pytest
from flows.steps import process_file, source_file
from tonghop.campaign import load_campaign
campaign = load_campaign()
import extractors.pdf  # noqa: F401  (imports outside the clock, as in a warm worker)
started = time.monotonic()
doc = process_file(source_file(Path(sys.argv[1])), campaign)
print(json.dumps({"status": doc.status.value, "code": doc.error_code, "error": doc.error,
                  "elapsed": time.monotonic() - started}))
"""


def test_parser_that_spins_is_stopped_by_the_time_limit(tmp_path):
    """A 500-page PDF takes seconds to parse; with a 1 s limit the worker's main thread stops it."""
    path = tmp_path / "bao-cao-treo.pdf"
    path.write_bytes(raw_pdf(500, text="Bao cao so ket cong tac thong tin co so"))
    result = _python(_SPIN, str(path), env={"TONGHOP_FILE_TIMEOUT_S": "1"})
    assert result["elapsed"] < 3, result  # stopped near the limit, not after the whole parse
    assert result["status"] == "rejected", result
    assert result["code"] == "timeout", result
    check_message(result["error"], "vượt quá", "took over", "send the DOCX")


def test_symlink_loop_is_rejected_not_fatal(outcome):
    _path, doc = outcome("symlink_loop")
    assert doc.status == "rejected"
    assert doc.error_code in ("unreadable", "not_found")
    check_message(doc.error, "lien-ket-vong.docx", "lien-ket-vong.docx", "send")


def test_named_pipe_is_rejected_without_blocking(tmp_path):
    """A FIFO in the inbox would block a reader forever; it is refused before it is opened."""
    import os

    from flows.steps import source_file
    from tonghop.errors import BadInputError

    fifo = tmp_path / "bao-cao.pdf"
    os.mkfifo(fifo)
    try:
        source_file(fifo)
    except BadInputError as err:
        assert err.code == "not_a_file"
        assert "bao-cao.pdf" in err.vi and "regular file" in err.en
    else:
        raise AssertionError("a named pipe was accepted")
