"""OCR fallback for scanned pages: pdftoppm (grey, 300 dpi) → `tesseract -l vie`.

Why these choices: the `vie` model gives ~0.6 % CER on clean scans where `eng` gives ~22 %;
Tesseract's OpenMP threads make it 4–5× *slower* on a shared 2-core box, so every process
runs with OMP_THREAD_LIMIT=1 and parallelism, if any, comes from running pages in separate
processes. Pages are rendered one at a time into a private temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from pathlib import Path

from tonghop.errors import BadInputError, MissingToolError, TransientError

__all__ = ["INSTALL_HINT", "MAX_PAGES", "check_tools", "ocr_image", "ocr_pdf_pages", "parse_tsv"]

INSTALL_HINT = "apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils"
MAX_PAGES = 200
"""Default page cap: a 200-page scan is ~5 minutes of OCR on one core."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@lru_cache(maxsize=1)
def _tesseract_langs() -> frozenset[str]:
    proc = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                          env=_env(), timeout=30, check=False)
    lines = (proc.stdout + proc.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_tools(*, need_pdftoppm: bool = True) -> None:
    """Raise MissingToolError (naming the apt command) if tesseract, `vie` or pdftoppm is absent."""
    if shutil.which("tesseract") is None:
        raise MissingToolError("tesseract", INSTALL_HINT)
    if "vie" not in _tesseract_langs():
        raise MissingToolError("tesseract-ocr-vie (Vietnamese OCR model)", INSTALL_HINT)
    if need_pdftoppm and shutil.which("pdftoppm") is None:
        raise MissingToolError("pdftoppm", INSTALL_HINT)


CELL_GAP = 1.5
"""A horizontal gap wider than this many word heights separates two cells on one line."""


def parse_tsv(tsv: str) -> tuple[str, float]:
    """Tesseract TSV → (text with one line per OCR line, mean word confidence 0..1).

    Lines are rebuilt from (block, paragraph, line) numbers; paragraphs are separated by a
    blank line so downstream paragraph splitting still works. Tesseract often reads the
    two header columns ("ĐẢNG BỘ TỈNH …" | "ĐẢNG CỘNG SẢN VIỆT NAM") as one line; where the
    gap between two words is wider than `CELL_GAP` word heights we put three spaces, the
    cell separator the metadata parser splits on.
    """
    lines: dict[tuple[int, int, int, int], list[tuple[int, int, int, str, float]]] = {}
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        try:
            conf = float(cols[10])
            key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
            left, width, height = int(cols[6]), int(cols[8]), int(cols[9])
        except ValueError:
            continue
        if conf >= 0:
            confs.append(conf)
        lines.setdefault(key, []).append((left, width, height, word, conf))
    out: list[str] = []
    prev_par: tuple[int, int, int] | None = None
    tail_speck = 0  # length of a lone low-confidence "." ending the previous line
    for key in sorted(lines):
        par = key[:3]
        words = lines[key]
        # A lone low-confidence "." inside a line is a speck; at the end it may close the
        # sentence, so it is dropped only when the next line goes on in lower case.
        drop = {i for i, w in enumerate(words[:-1]) if _speck(w[3], w[4])}
        kept = [w for i, w in enumerate(words) if i not in drop]
        text = _join_words([w[:4] for w in words], drop)
        if tail_speck and _continues(out[-1][:-tail_speck], text):
            out[-1] = out[-1][:-tail_speck].rstrip()
        if prev_par is not None and par != prev_par and not _continues(out[-1], text):
            out.append("")
        out.append(text)
        prev_par = par
        tail_speck = len(words[-1][3]) if len(kept) > 1 and _speck(words[-1][3], words[-1][4]) else 0
    text = unicodedata.normalize("NFC", "\n".join(out))
    mean = sum(confs) / len(confs) / 100.0 if confs else 0.0
    return text, round(mean, 4)


SPECK_CONF = 60.0
"""A lone "." / "," / "·" word read with confidence under this is a speck, not punctuation."""
_SPECKS = frozenset({".", ",", "·", "'", "`", "‘", "’", "..", "„"})
_FINAL = (".", ":", ";", "!", "?", "…")


def _speck(word: str, conf: float) -> bool:
    return word in _SPECKS and 0 <= conf < SPECK_CONF


def _continues(prev: str, nxt: str) -> bool:
    """Tesseract opened a new paragraph mid-sentence: `prev` has no final punctuation and
    `nxt` goes on in lower case ("… của các" / "cơ quan, đơn vị …")."""
    prev = prev.rstrip()
    first = next((c for c in nxt if not c.isspace()), "")
    return bool(prev) and not prev.endswith(_FINAL) and first.isalpha() and first.islower()


def _join_words(words: list[tuple[int, int, int, str]], drop: set[int] | frozenset[int] = frozenset()) -> str:
    """Words in Tesseract's reading order (its boxes stay in image coordinates, which run
    right to left on a page it rotated), joined by one space or by a cell break. Words at
    the `drop` indexes (specks) are left out; the gaps around them still count as word gaps,
    so dropping a speck never opens a cell break."""
    heights = sorted(h for i, (_, _, h, _) in enumerate(words) if i not in drop) or [1]
    gap_limit = CELL_GAP * max(heights[len(heights) // 2], 1)
    parts: list[str] = []
    wide = False
    for i, (l1, w1, _, word) in enumerate(words):
        if i:
            l0, w0 = words[i - 1][0], words[i - 1][1]
            wide = wide or max(l1 - (l0 + w0), l0 - (l1 + w1)) > gap_limit
        if i in drop:
            continue
        if parts:
            parts.append("   " if wide else " ")
        parts.append(word)
        wide = False
    return "".join(parts)


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise TransientError(f"{cmd[0]} timed out after {timeout:.0f}s") from exc


ROTATION_RETRY_BELOW = 0.6
"""Mean confidence under which a page is re-read with orientation detection (`--psm 1`)."""


def _tesseract(path: Path, psm: int, timeout: float) -> tuple[str, float]:
    proc = _run(["tesseract", str(path), "stdout", "-l", "vie", "--psm", str(psm), "tsv"], timeout)
    if proc.returncode != 0:
        raise BadInputError(
            f"Không nhận dạng được ảnh {Path(path).name}; hãy gửi bản quét rõ hơn hoặc tệp gốc.",
            f"Could not OCR image {Path(path).name}; send a clearer scan or the original file. "
            f"({proc.stderr.strip()[:200]})",
        )
    return parse_tsv(proc.stdout)


def ocr_image(path: Path, *, psm: int = 3, timeout: float = 180, auto_rotate: bool = True) -> tuple[str, float]:
    """OCR one image file (PNG/JPEG/TIFF/PGM) with `tesseract -l vie`; returns (text, conf).

    Pages scanned sideways or upside down read as garbage with low confidence; those are
    read again with orientation detection (`--psm 1`, needs the `osd` model) and the more
    confident reading wins. Costs one extra pass only on bad pages.
    """
    check_tools(need_pdftoppm=False)
    text, conf = _tesseract(path, psm, timeout)
    if auto_rotate and conf < ROTATION_RETRY_BELOW and "osd" in _tesseract_langs():
        text2, conf2 = _tesseract(path, 1, timeout)
        if conf2 > conf:
            return text2, conf2
    return text, conf


def ocr_pdf_pages(
    pdf_path: Path,
    pages: list[int],
    *,
    dpi: int = 300,
    max_pages: int | None = MAX_PAGES,
    timeout_per_page: float = 180,
    jobs: int = 1,
) -> dict[int, tuple[str, float]]:
    """OCR the given 1-based pages of a PDF: page → (text, mean word confidence 0..1).

    Page cap: when more than `max_pages` pages are requested, only the first `max_pages`
    (in ascending order) are OCRed and the result is *partial* — callers detect it by the
    missing keys and should record a warning. `max_pages=None` disables the cap. Pages past
    the end of the document are skipped the same way (no key).

    `jobs` > 1 OCRs that many pages at once, each in its own single-threaded processes;
    keep 1 when the machine is shared (the flow parallelises across documents instead).
    """
    check_tools()
    pdf_path = Path(pdf_path)
    wanted = sorted({p for p in pages if p >= 1})
    if max_pages is not None:
        wanted = wanted[:max_pages]
    with tempfile.TemporaryDirectory(prefix="tonghop_ocr_") as tmp:
        work = partial(_ocr_page, pdf_path, Path(tmp), dpi=dpi, timeout=timeout_per_page)
        if jobs > 1 and len(wanted) > 1:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                pairs = list(pool.map(work, wanted))
        else:
            pairs = [work(page) for page in wanted]
    return {page: res for page, res in zip(wanted, pairs, strict=True) if res is not None}


def _ocr_page(pdf_path: Path, tmp: Path, page: int, *, dpi: int, timeout: float) -> tuple[str, float] | None:
    """Render one page to a grey PGM and OCR it; None when the page does not exist."""
    prefix = tmp / f"p{page}"
    proc = _run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                 "-singlefile", str(pdf_path), str(prefix)], timeout)
    image = prefix.with_suffix(".pgm")
    if "Wrong page range" in proc.stderr:
        return None  # page number beyond the end of the document: no key for it
    if proc.returncode in (1, 3):  # cannot open / not allowed: the file is unusable
        raise BadInputError(
            f"Không đọc được trang {page} của tệp PDF {pdf_path.name}; hãy gửi lại tệp.",
            f"Could not render page {page} of {pdf_path.name}; please resend the file. "
            f"({proc.stderr.strip()[:200]})",
        )
    if proc.returncode != 0:
        raise TransientError(f"pdftoppm failed on page {page}: {proc.stderr.strip()[:200]}")
    if not image.exists():
        return None
    try:
        return ocr_image(image, timeout=timeout)
    finally:
        image.unlink(missing_ok=True)
