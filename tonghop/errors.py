"""Typed errors: bad input is terminal, transient failures may be retried.

Flows retry only `TransientError`; a `BadInputError` becomes a `rejected` document row
whose message tells the secretariat what is wrong and what the unit should send instead.
"""

from __future__ import annotations


class TonghopError(Exception):
    """Base of every error the project raises on purpose."""

    def __reduce__(self):
        # Errors cross process boundaries (worker pool, Dask); pickle's default would call
        # __init__ with the joined message and fail on the subclasses' own signatures.
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[TonghopError], args: tuple, state: dict) -> TonghopError:
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class BadInputError(TonghopError):
    """The file itself is unusable; retrying will not help.

    `vi` and `en` are full sentences: what is wrong, then what to send instead.
    """

    def __init__(self, vi: str, en: str, *, code: str = "bad_input") -> None:
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en
        self.code = code

    @property
    def message(self) -> str:
        return f"{self.vi} | {self.en}"


class TransientError(TonghopError):
    """A failure of the environment (locked database, crashed converter); retry later."""


class MissingToolError(BadInputError):
    """A system tool needed for this file is not installed; the message names the install."""

    def __init__(self, tool: str, install: str) -> None:
        super().__init__(
            f"Máy chủ thiếu công cụ {tool} để đọc tệp này; quản trị viên cần chạy: {install}",
            f"The server lacks {tool} to read this file; an administrator must run: {install}",
            code="missing_tool",
        )
        self.tool = tool
        self.install = install
