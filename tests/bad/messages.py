"""The one rule every rejection/partial message follows: Vietnamese | English, each naming
the problem and what the unit should send instead."""

from __future__ import annotations

REMEDY_VI = ("gửi", "lưu lại", "cấp quyền", "đọc lại")
REMEDY_EN = ("send", "resend", "re-save", "grant", "read again", "ask the unit")


def check_message(message: str | None, problem_vi: str, problem_en: str, instead_en: str) -> None:
    """Assert the bilingual shape, the named problem and the named replacement."""
    assert message, "a rejected/partial document must carry a message"
    assert " | " in message, message
    vi, en = message.split(" | ", 1)
    assert problem_vi.casefold() in vi.casefold(), f"{problem_vi!r} not in {vi!r}"
    assert problem_en.casefold() in en.casefold(), f"{problem_en!r} not in {en!r}"
    assert instead_en.casefold() in en.casefold(), f"{instead_en!r} not in {en!r}"
    assert any(w in vi.casefold() for w in REMEDY_VI), f"no remedy in {vi!r}"
    assert any(w in en.casefold() for w in REMEDY_EN), f"no remedy in {en!r}"
