"""The corpus itself: every generator is exercised by a test and listed in the README table."""

from __future__ import annotations

from pathlib import Path

from tests.data.bad.make_bad import KINDS

HERE = Path(__file__).resolve().parent
README = HERE.parent / "data" / "bad" / "README.md"

# Kinds used only as ingredients of another case (named in the README under that case).
INGREDIENTS: set[str] = set()


def test_at_least_25_kinds():
    assert len(KINDS) >= 25


def test_every_kind_has_a_test_and_a_readme_row():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    readme = README.read_text(encoding="utf-8")
    untested = [k for k in KINDS if k not in INGREDIENTS and f'"{k}"' not in sources]
    unlisted = [k for k in KINDS if k not in INGREDIENTS and f"`{k}`" not in readme]
    assert untested == []
    assert unlisted == []


def test_generators_write_where_told(tmp_path):
    for name in ("empty", "txt", "annex_2000_pages", "traversal_docx"):
        out = tmp_path / name
        out.mkdir()
        path = KINDS[name](out)
        assert path.parent == out and path.exists()
