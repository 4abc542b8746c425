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
