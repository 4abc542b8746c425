"""A faster equal of pdfplumber's per-character object building.

pdfplumber turns every pdfminer `LTChar` into a dict through generic code (a filter/map over
the object's attributes and a recursive `resolve_all` on each value), which costs about a
third of reading a text PDF. Characters only carry plain values (floats, a font name, a
matrix tuple), so the dict can be built directly; anything else still goes through
`resolve_all`. The result is the same dict pdfplumber builds (tests compare them page by page).
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import resolve_all, resolve_and_decode

_PLAIN = (float, int, str, bool, type(None))
_COLOUR_SPACES: dict = {}  # colour-space name -> decoded name (a handful per document)


def _value(v: Any) -> Any:
    t = type(v)
    if t in _PLAIN:
        return v
    if t is tuple and all(type(e) in _PLAIN for e in v):
        return v
    return resolve_all(v)


class FastCharPage(Page):
    """`Page` whose characters are built without the generic attribute walk."""

    def process_object(self, obj):
        if type(obj) is not LTChar or self.pdf.unicode_norm is not None or isinstance(obj.fontname, bytes):
            return super().process_object(obj)  # also the rare byte-encoded font names pdfplumber fixes
        attr = {k: _value(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        if hasattr(obj, "ncs"):
            name = obj.ncs.name
            if name not in _COLOUR_SPACES:
                _COLOUR_SPACES[name] = resolve_and_decode(name)
            attr["ncs"] = _COLOUR_SPACES[name]
        attr["text"] = obj.get_text()
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        mb_x0, mb_top = self.mediabox[:2]
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def use_fast_chars(pdf) -> None:
    """Switch every page of an open pdfplumber PDF to `FastCharPage` (before any is read)."""
    for page in pdf.pages:
        if type(page) is Page:
            page.__class__ = FastCharPage
