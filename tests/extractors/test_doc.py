""".doc → .docx with real LibreOffice: exact text, concurrency, errors."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from examples.render import build_docx, load_report, read_docx_lines, render  # noqa: E402
from extractors.doc import convert_many, convert_to_docx  # noqa: E402
from tonghop.errors import BadInputError, MissingToolError  # noqa: E402

REPORT = load_report(ROOT / "tests" / "data" / "formats" / "hu-ba-che-ct07.json")


def test_missing_soffice_names_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingToolError) as err:
        convert_to_docx(tmp_path / "a.doc", tmp_path)
    assert "apt-get install -y libreoffice-writer-nogui" in err.value.message


def test_missing_input_is_bad_input(tmp_path):
    result = convert_many([tmp_path / "nope.doc"], tmp_path)
    assert isinstance(result[tmp_path / "nope.doc"], BadInputError)


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory):
    return render(REPORT, tmp_path_factory.mktemp("doc"), ["doc"])["doc"]


@pytest.mark.integration
def test_doc_converts_with_exact_text(doc_file, tmp_path):
    docx = convert_to_docx(doc_file, tmp_path / "out")
    assert docx.exists() and docx.suffix == ".docx"
    source = read_docx_lines(build_docx(REPORT, tmp_path / "src.docx"))
    assert read_docx_lines(docx) == source


@pytest.mark.integration
def test_two_concurrent_conversions_both_succeed(doc_file, tmp_path):
    results: dict[int, Path | Exception] = {}

    def work(i: int) -> None:
        try:
            results[i] = convert_to_docx(doc_file, tmp_path / f"w{i}")
        except Exception as exc:  # collected and asserted below
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, Path) and r.exists() for r in results.values()), results
    assert len(results) == 2


@pytest.mark.integration
def test_batch_with_an_unreadable_file(doc_file, tmp_path):
    broken = tmp_path / "broken.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    results = convert_many([doc_file, broken], tmp_path / "out")
    assert isinstance(results[doc_file], Path) and results[doc_file].exists()
    assert isinstance(results[broken], BadInputError)


@pytest.mark.integration
def test_timeout_kills_and_raises_transient_then_next_call_works(doc_file, tmp_path):
    from tonghop.errors import TransientError

    with pytest.raises(TransientError):
        convert_to_docx(doc_file, tmp_path / "slow", timeout=0.05)
    assert convert_to_docx(doc_file, tmp_path / "again").exists()


@pytest.mark.integration
def test_two_concurrent_processes_both_succeed(doc_file, tmp_path):
    import subprocess

    code = ("import sys; from pathlib import Path; from extractors.doc import convert_to_docx; "
            "print(convert_to_docx(Path(sys.argv[1]), Path(sys.argv[2])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(doc_file), str(tmp_path / f"p{i}")],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    for i in range(2):
        assert (tmp_path / f"p{i}" / f"{doc_file.stem}.docx").exists()
