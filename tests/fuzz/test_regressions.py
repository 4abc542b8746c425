"""Every input the fuzzer ever broke something with (tests/fuzz/crashes/) is replayed here:
sniffing, the limits and extraction must end in a result or a BadInputError, quickly.

The `.txt` beside each file says which seed file, mutations and traceback produced it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.run import CRASHES, check_one

CASES = sorted(p for p in CRASHES.glob("*") if p.suffix in (".pdf", ".docx", ".doc", ".bin"))


def test_crash_folder_is_replayed():
    """Guards the glob: the folder exists and every saved case has its notes."""
    assert CRASHES.is_dir()
    for case in CASES:
        assert case.with_suffix(case.suffix + ".txt").exists(), case


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_saved_crash_now_handled(case: Path, tmp_path):
    work = tmp_path / f"case{case.suffix}"
    work.write_bytes(case.read_bytes())
    outcome, detail = check_one(work, case_timeout=60)
    assert outcome != "crash", detail


def _zip_with_damaged_member(name: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, "application/vnd.oasis.opendocument.text" * 20)
        zf.writestr("content.xml", "<x/>")
    data = bytearray(buf.getvalue())
    at = data.find(name.encode()) + len(name)  # first bytes of the member's deflate stream
    data[at + 2 : at + 8] = b"\xff" * 6
    return bytes(data)


def test_damaged_mimetype_member(tmp_path):
    """Found by reading the sniffer after the fuzzer's zlib.error in guard.py: the sniffer reads
    the `mimetype` member too, and a damaged deflate stream there raised zlib.error."""
    path = tmp_path / "bao-cao.odt"
    path.write_bytes(_zip_with_damaged_member("mimetype"))
    outcome, detail = check_one(path, case_timeout=30)
    assert outcome != "crash", detail
