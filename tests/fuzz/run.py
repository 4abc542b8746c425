"""Fuzz the format sniffer, the limits and the DOCX/PDF extractors for a set time.

    python -m tests.fuzz.run --seconds 60            # random mutations of examples/rendered/*
    python -m tests.fuzz.run --seconds 60 --engine atheris   # coverage-guided (pip install atheris)

Each case is a mutated real report (tests/fuzz/mutate.py). The contract checked: `sniff`
returns a Format, `check_before_extract` and `extract` either succeed or raise BadInputError
(nothing else: not TransientError, not a bare exception), and nothing runs longer than
`--case-timeout` seconds; every `--pipeline-every`-th case also goes through
`flows.steps.process_file`, which must not report `internal_error`. A failing input is saved
under tests/fuzz/crashes/ as `<signature>.<ext>` with a `.txt` beside it (seed, mutation,
traceback); tests/fuzz/test_regressions.py replays every saved file.

OCR is switched off while fuzzing (pages that need it fail as "tools missing"), because a
damaged font sends pages to Tesseract at seconds per page; the OCR path has its own tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CRASHES = Path(__file__).resolve().parent / "crashes"
SEEDS_GLOBS = ("examples/rendered/*.docx", "examples/rendered/*.pdf")


class CaseTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so no `except Exception` in a parser can swallow it."""


@dataclass
class Stats:
    cases: int = 0
    ok: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    crashes: dict[str, str] = field(default_factory=dict)  # signature -> saved path
    masked: dict[str, int] = field(default_factory=dict)  # signature of a bug wrapped as "unreadable"
    slowest: float = 0.0
    slowest_case: str = ""
    environment: int = 0  # pipeline failures that unmutated samples show too


def seed_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for g in SEEDS_GLOBS for p in root.glob(g))


def disable_ocr() -> None:
    """Make every OCR request fail fast as a missing tool (see the module docstring)."""
    from extractors import ocr
    from tonghop.errors import MissingToolError

    def _no_ocr(*_args, **_kwargs):
        raise MissingToolError("tesseract (disabled while fuzzing)", ocr.INSTALL_HINT)

    ocr.ocr_pdf_pages = _no_ocr
    ocr.ocr_image = _no_ocr


def signature(exc: BaseException) -> str:
    """Exception type + innermost frame inside the project: one crash, one file."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if str(ROOT) in f.filename and "/.venv/" not in f.filename and "/tests/" not in f.filename]
    where = own[-1] if own else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    return f"{type(exc).__name__}@{place}"


def check_one(path: Path, *, case_timeout: float, pipeline: bool = False, campaign=None) -> tuple[str, str]:
    """Run the contract on one file: ("ok" | "rejected:<code>", "") or ("crash", signature)."""
    from extractors import extract, sniff
    from extractors.guard import Limits, check_before_extract
    from tonghop.errors import BadInputError
    from tonghop.models import Format

    def _alarm(signum, frame):
        raise CaseTimeout

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, case_timeout)
    try:
        fmt = sniff(path)
        if not isinstance(fmt, Format):
            raise TypeError(f"sniff returned {fmt!r}")
        try:
            check_before_extract(path, fmt, Limits())
            with tempfile.TemporaryDirectory(prefix="tonghop-fuzz-") as wd:
                extract(path, workdir=Path(wd))
            outcome = "ok"
        except BadInputError as err:
            outcome = f"rejected:{err.code}"
            if err.code == "unreadable" and err.__cause__ is not None:
                # extract() wraps an unexpected parser exception: within the contract, but a
                # generic message; its signature is reported so the extractor can do better.
                return outcome, "masked " + signature(err.__cause__)
        if pipeline and campaign is not None:
            from flows.steps import process_file, source_file

            doc = process_file(source_file(path), campaign)
            if doc.error_code == "internal_error":  # process_file caught a bug; name it by its type
                kind_ = (doc.error or "").split("(", 1)[-1].split(")", 1)[0].split(":")[0] or "?"
                if _pipeline_broken(campaign):
                    return "environment", doc.error or ""
                return "crash", f"InternalError-{kind_}@process_file\n{doc.error}"
        return outcome, ""
    except CaseTimeout:
        return "crash", f"Hang>{case_timeout:.0f}s"
    except Exception as exc:  # anything but BadInputError breaks the contract
        return "crash", signature(exc) + "\n" + "".join(traceback.format_exception(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _pipeline_broken(campaign) -> bool:
    """True when an unmutated sample fails too: the environment (say, an NLP model being
    retrained in the same tree) is at fault, not the mutated input."""
    from flows.steps import process_file, source_file

    sample = next(p for p in seed_files() if p.suffix == ".docx")
    return process_file(source_file(sample), campaign).error_code == "internal_error"


def save_crash(data: bytes, suffix: str, sig: str, details: str, crashes: Path = CRASHES) -> Path:
    crashes.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(sig.encode()).hexdigest()[:10]
    name = re.sub(r"[^a-z0-9]+", "-", sig.split("@")[0].lower()).strip("-") or "crash"
    out = crashes / f"{name}-{key}{suffix}"
    if not out.exists() or out.stat().st_size > len(data):  # keep the smallest reproducer
        out.write_bytes(data)
        out.with_suffix(out.suffix + ".txt").write_text(details, encoding="utf-8")
    return out


def make_case(case_seed: int, seeds: list[tuple[Path, bytes]]) -> tuple[Path, bytes, str]:
    """The case a seed stands for (same seed files → same bytes): `--reproduce SEED` uses it."""
    from tests.fuzz.mutate import mutate

    rng = random.Random(case_seed)
    src, data = rng.choice(seeds)
    mutated, how = mutate(data, src.suffix, rng)
    return src, mutated, how


def run_random(seconds: float, seed: int, case_timeout: float, pipeline_every: int, verbose: bool) -> Stats:
    from tonghop.campaign import load_campaign

    campaign = load_campaign() if pipeline_every else None
    seeds = [(p, p.read_bytes()) for p in seed_files()]
    if not seeds:
        raise SystemExit("no seed files under examples/rendered/")
    stats = Stats()
    deadline = time.monotonic() + seconds
    master = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tonghop-fuzzcase-") as tmp:
        while time.monotonic() < deadline:
            case_seed = master.randrange(2**32)
            src, mutated, how = make_case(case_seed, seeds)
            path = Path(tmp) / f"case{src.suffix}"
            path.write_bytes(mutated)
            pipeline = bool(pipeline_every) and stats.cases % pipeline_every == pipeline_every - 1
            started = time.monotonic()
            outcome, sig = check_one(path, case_timeout=case_timeout, pipeline=pipeline, campaign=campaign)
            took = time.monotonic() - started
            if took > stats.slowest:
                stats.slowest, stats.slowest_case = took, f"{src.name} seed={case_seed} {how} -> {outcome}"
            stats.cases += 1
            if outcome == "crash":
                head = sig.split("\n", 1)[0]
                details = f"seed file: {src.name}\ncase seed: {case_seed}\nmutations: {how}\n\n{sig}\n"
                saved = save_crash(mutated, src.suffix, head, details)
                if head not in stats.crashes:
                    print(f"CRASH {head} ({src.name}, {how}) -> {saved.relative_to(ROOT)}", flush=True)
                stats.crashes[head] = str(saved.relative_to(ROOT))
            elif outcome == "environment":
                stats.environment += 1
                print(f"environment failure (sample files fail too): {sig[:300]}", flush=True)
            elif sig.startswith("masked "):
                key = sig.removeprefix("masked ")
                stats.masked[key] = stats.masked.get(key, 0) + 1
                stats.rejected[outcome] = stats.rejected.get(outcome, 0) + 1
            elif outcome == "ok":
                stats.ok += 1
            else:
                stats.rejected[outcome] = stats.rejected.get(outcome, 0) + 1
            if verbose:
                print(f"{stats.cases:6d} {src.name:28s} {how:40s} {outcome}", flush=True)
    return stats


def run_atheris(seconds: float, seed: int, case_timeout: float) -> None:
    """Coverage-guided: libFuzzer drives, our structure-aware mutators mutate (seeded from samples)."""
    import atheris

    from tests.fuzz.mutate import mutate

    corpus = Path(tempfile.mkdtemp(prefix="tonghop-atheris-"))
    for p in seed_files():
        (corpus / p.name).write_bytes(p.read_bytes())
    case = corpus.parent / (corpus.name + "-case")
    case.mkdir()

    def suffix_of(data: bytes) -> str:
        return ".pdf" if data[:1024].find(b"%PDF") >= 0 else ".docx"

    def custom_mutator(data: bytes, max_size: int, seed_: int) -> bytes:
        out, _ = mutate(data, suffix_of(data), random.Random(seed_))
        return out[:max_size]

    def one_input(data: bytes) -> None:
        path = case / f"case{suffix_of(data)}"
        path.write_bytes(data)
        outcome, sig = check_one(path, case_timeout=case_timeout)
        if outcome == "crash":
            head = sig.split("\n", 1)[0]
            saved = save_crash(data, path.suffix, head, f"engine: atheris\n\n{sig}\n")
            print(f"CRASH {head} -> {saved}", flush=True)

    with atheris.instrument_imports():
        import extractors.docx
        import extractors.pdf  # noqa: F401
    args = [sys.argv[0], f"-max_total_time={int(seconds)}", f"-seed={seed}", "-max_len=400000",
            f"-timeout={int(case_timeout) + 5}", "-rss_limit_mb=3000", str(corpus)]
    atheris.Setup(args, one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()


def _campaign():
    from tonghop.campaign import load_campaign

    return load_campaign()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--case-timeout", type=float, default=30.0, help="a case slower than this is a hang")
    ap.add_argument("--pipeline-every", type=int, default=25,
                    help="also run flows.steps.process_file on every N-th case (0: never)")
    ap.add_argument("--engine", choices=("random", "atheris"), default="random")
    ap.add_argument("--ocr", action="store_true", help="keep OCR on (slow)")
    ap.add_argument("--mem-gb", type=float, default=3.0, help="address-space cap for this process")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--reproduce", type=int, metavar="CASE_SEED",
                    help="rebuild one case from the 'case seed' in a crash note, write it to ./case<ext>, check it")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import warnings

    warnings.filterwarnings("ignore", message="Duplicate name")  # mutate.py writes such zips on purpose
    os.environ["TONGHOP_FILE_TIMEOUT_S"] = str(args.case_timeout)  # process_file re-arms SIGALRM with it
    if args.mem_gb:
        limit = int(args.mem_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if not args.ocr:
        disable_ocr()
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged fonts/streams warn on every page
    logging.getLogger("flows.steps").setLevel(logging.CRITICAL)  # internal errors are reported below
    if args.reproduce is not None:
        src, data, how = make_case(args.reproduce, [(p, p.read_bytes()) for p in seed_files()])
        out = Path(tempfile.gettempdir()) / f"tonghop-fuzz-case{src.suffix}"
        out.write_bytes(data)
        outcome, detail = check_one(out, case_timeout=args.case_timeout, pipeline=True,
                                    campaign=_campaign())
        print(f"{src.name} {how} -> {out}: {outcome}\n{detail}")
        return 1 if outcome == "crash" else 0
    print(f"fuzz: engine={args.engine} seconds={args.seconds:.0f} seed={args.seed}", flush=True)
    if args.engine == "atheris":
        run_atheris(args.seconds, args.seed, args.case_timeout)
        return 0
    stats = run_random(args.seconds, args.seed, args.case_timeout, args.pipeline_every, args.verbose)
    rejected = ", ".join(f"{k.split(':', 1)[1]}={v}" for k, v in sorted(stats.rejected.items()))
    print(f"cases={stats.cases} ok={stats.ok} rejected={sum(stats.rejected.values())} ({rejected}) "
          f"slowest={stats.slowest:.1f}s crashes={len(stats.crashes)}")
    print(f"slowest case: {stats.slowest_case}")
    if stats.environment:
        print(f"{stats.environment} pipeline runs failed on the environment, not the input (see above)")
    for sig, where in sorted(stats.crashes.items()):
        print(f"  {sig} -> {where}")
    if stats.masked:
        print("rejected as 'unreadable' after an unexpected parser exception (generic message):")
        for sig, n in sorted(stats.masked.items(), key=lambda kv: -kv[1]):
            print(f"  {n:4d}  {sig}")
    return 1 if stats.crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
