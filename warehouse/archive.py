"""Content-addressed archive of every received file, next to the database.

The secretariat's promise is that a report once received is never lost, so the original bytes
are copied under their sha256 before anything else; nothing later depends on the inbox.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def archive_root(db_path: str | Path) -> Path:
    db = Path(db_path)
    return db.parent / f"{db.stem}-archive"


def archived_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def store(src: Path, sha256: str, root: Path) -> Path:
    """Copy src into the archive under its hash (atomic; a second copy is a no-op)."""
    dest = archived_path(root, sha256)
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)
    return dest
