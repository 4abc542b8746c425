"""The worker pool: files are read in other processes, and a dying worker is replaced."""

from __future__ import annotations

import os
import signal

import pytest

from flows.pool import WorkerCrashed, WorkerPool
from tonghop.errors import BadInputError, TransientError


def _pid() -> int:
    return os.getpid()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _refuse(name: str) -> None:
    raise BadInputError(f"{name} hỏng", f"{name} is damaged", code="corrupt")


def _mark_warm(path: str) -> None:
    with open(path, "a") as fh:
        fh.write(f"{os.getpid()}\n")


def test_work_runs_in_another_process():
    with WorkerPool(1) as pool:
        assert pool.run(_pid) != os.getpid()


def test_a_worker_that_dies_is_replaced_and_the_error_is_transient():
    with WorkerPool(1) as pool:
        before = pool.run(_pid)
        with pytest.raises(WorkerCrashed) as info:
            pool.run(_die)
        assert isinstance(info.value, TransientError)  # so the task is retried, never a bad-input verdict
        after = pool.run(_pid)
    assert after != before


def test_bad_input_keeps_its_type_and_message():
    with WorkerPool(1) as pool, pytest.raises(BadInputError) as info:
        pool.run(_refuse, "a.pdf")
    assert info.value.code == "corrupt" and "a.pdf" in str(info.value)


def test_the_initializer_runs_once_in_each_worker(tmp_path):
    marks = tmp_path / "warm.txt"
    with WorkerPool(1, _mark_warm, (str(marks),)) as pool:
        pids = {pool.run(_pid) for _ in range(3)}
    assert marks.read_text().split() == [str(p) for p in pids]


class _Unpicklable(Exception):
    def __init__(self, a, *, b):
        super().__init__(f"{a} {b}")


def _raise_unpicklable() -> None:
    raise _Unpicklable("x", b="y")


def test_an_exception_that_cannot_be_pickled_does_not_break_the_pool():
    with WorkerPool(1) as pool:
        before = pool.run(_pid)
        with pytest.raises(RuntimeError, match="_Unpicklable: x y"):
            pool.run(_raise_unpicklable)
        assert pool.run(_pid) == before  # the same worker goes on


def test_project_errors_cross_process_boundaries_intact():
    import pickle

    from tonghop.errors import MissingToolError

    for err in (BadInputError("hỏng", "damaged", code="corrupt"), MissingToolError("tesseract", "apt install x"),
                TransientError("locked")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and back.args == err.args and back.__dict__ == err.__dict__
