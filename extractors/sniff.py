"""Real format of an input file from its bytes, never from its name.

Units rename files freely ("baocao.docx" that is an .xlsx, a .pdf that is an HTML error
page), so routing is decided by magic bytes; `describe` names what was found so the
rejection message can tell the unit what to send instead.
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path

from tonghop.models import Format

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _zip_kind(path: Path) -> str:
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'zip' or 'corrupt-zip'."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100].decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, RuntimeError, KeyError,
            zlib.error):
        return "corrupt-zip"  # also unsupported zip versions/compression and encrypted members
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith("document.xml") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "opendocument.text" in mimetype:
        return "odt"
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    if "opendocument.presentation" in mimetype:
        return "odp"
    return "zip"


def _ole_kind(path: Path) -> str:
    """'doc', 'xls', 'ppt' or 'ole' for an OLE2 compound file."""
    try:
        import olefile  # optional
    except ImportError:
        olefile = None
    if olefile is not None:
        try:
            with olefile.OleFileIO(str(path)) as ole:
                if ole.exists("WordDocument"):
                    return "doc"
                if ole.exists("Workbook") or ole.exists("Book"):
                    return "xls"
                if ole.exists("PowerPoint Document"):
                    return "ppt"
                return "ole"
        except Exception:
            return "ole"
    # Without olefile: directory entries store stream names in UTF-16LE.
    data = path.read_bytes()[: 8 * 1024 * 1024]
    if _WORD_STREAM in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data:
        return "xls"
    if "PowerPoint Document".encode("utf-16-le") in data:
        return "ppt"
    return "doc"  # accept: the converter decides


def _kind(path: Path) -> str:
    try:
        head = _head(path)
    except OSError:
        return "unreadable"
    if not head:
        return "empty"
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return _ole_kind(path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    low = stripped[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "html"
    if low.startswith(b"<?xml"):
        return "xml"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    if _is_text(head):
        return "text"
    return "unknown"


def _is_text(head: bytes) -> bool:
    """UTF-8 (or ASCII) text with no control bytes: a .txt, so the message can say so."""
    if b"\x00" in head:
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and all(c.isprintable() or c in "\r\n\t\f" for c in text)


_FORMATS = {"pdf": Format.PDF, "docx": Format.DOCX, "doc": Format.DOC, "rtf": Format.RTF}

_NAMES = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "doc": "Word 97-2003 (.doc)",
    "rtf": "RTF",
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97-2003 (.xls)",
    "pptx": "PowerPoint (.pptx)",
    "ppt": "PowerPoint 97-2003 (.ppt)",
    "odt": "OpenDocument (.odt)",
    "ods": "OpenDocument spreadsheet (.ods)",
    "odp": "OpenDocument presentation (.odp)",
    "zip": "ZIP archive",
    "corrupt-zip": "damaged ZIP/Office file",
    "ole": "Office 97-2003 file (not Word)",
    "html": "HTML web page",
    "xml": "XML",
    "image": "image",
    "archive": "compressed archive",
    "text": "plain text (.txt)",
    "empty": "empty file (0 bytes)",
    "unreadable": "unreadable file",
    "unknown": "unrecognised content",
}


def sniff(path: Path) -> Format:
    """PDF / DOCX / DOC / RTF from magic bytes; anything else is UNKNOWN."""
    return _FORMATS.get(_kind(Path(path)), Format.UNKNOWN)


def describe(path: Path) -> str:
    """Human name of what the bytes are ("Excel (.xlsx)", "HTML web page", …)."""
    return _NAMES.get(_kind(Path(path)), "unrecognised content")


def kind(path: Path) -> str:
    """Short machine name of the content ("pdf", "xlsx", "html", "corrupt-zip", …)."""
    return _kind(Path(path))
