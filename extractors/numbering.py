"""Word automatic numbering (numbering.xml) rendered to the label Word shows ("II.", "2.1.", "a)", "-").

Unit reports often number their headings and lists with Word's numbering, so "I." or "-" is
not in the paragraph text; without the label a Roman section looks like a plain list item.
`NumberingState` reads the numbering part once and, fed every numbered paragraph in document
order, keeps the counters Word keeps: one set per abstract list, shared by every `w:num`
that uses it (ECMA-376 §17.9; a `w:num` with a `startOverride` restarts the shared count at
its first paragraph, later paragraphs continue it), lower levels restarting when a higher
level advances (unless `w:lvlRestart` says otherwise). Pure XML in, strings out: no python-docx objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.oxml.ns import qn

_VAL = qn("w:val")
_BULLETS = set("-–—+•*·▪◦●○■□➢✓>")
# Symbol/Wingdings private-use code points (after removing the 0xF000 offset) → Unicode.
_SYMBOL_BULLETS = {0xB7: "•", 0x2D: "-", 0xA7: "▪", 0xD8: "➢", 0xFC: "✓", 0x76: "•", 0x6E: "■", 0x71: "•",
                   0x6C: "●", 0x6F: "○", 0xE0: "➢", 0x3E: ">", 0x2B: "+"}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(frozen=True)
class Level:
    """One level of an abstract list: how its number is written."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    hidden: bool = False
    style: str | None = None  # w:pStyle linking a paragraph style to this level


@dataclass(frozen=True)
class NumInstance:
    """A `w:num`: the abstract list it uses and its per-level overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


def _val(el, tag: str) -> str | None:
    child = el.find(qn(tag))
    return None if child is None else child.get(_VAL)


def _int(s: str | None, default: int) -> int:
    try:
        v = int(s) if s is not None else default
    except ValueError:
        return default
    return v if -(10**9) < v < 10**9 else default


def _on(el, tag: str) -> bool:
    child = el.find(qn(tag))
    return child is not None and (child.get(_VAL) or "1").lower() not in ("0", "false", "off")


def _level(lvl) -> Level:
    restart = _val(lvl, "w:lvlRestart")
    rpr = lvl.find(qn("w:rPr"))
    return Level(
        fmt=_val(lvl, "w:numFmt") or "decimal",
        text=_val(lvl, "w:lvlText") if lvl.find(qn("w:lvlText")) is not None else "",
        # The schema default is 0, but every writer sets it; 1 is what a reader sees otherwise.
        start=_int(_val(lvl, "w:start"), 1),
        legal=_on(lvl, "w:isLgl"),
        restart=None if restart is None else _int(restart, 0),
        hidden=rpr is not None and _on(rpr, "w:vanish"),
        style=_val(lvl, "w:pStyle"),
    )


def _levels(parent) -> dict[int, Level]:
    out = {}
    for lvl in parent.findall(qn("w:lvl")):
        ilvl = _int(lvl.get(qn("w:ilvl")), -1)
        if 0 <= ilvl <= 8:
            out[ilvl] = _level(lvl)
    return out


def roman(n: int) -> str:
    """Upper-case Roman numeral (Word writes 0 and negatives as plain digits)."""
    if not 0 < n < 4000:  # Word falls back to digits; also bounds hostile w:start values
        return str(n)
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def letters(n: int) -> str:
    """Word's upperLetter: A..Z, then AA..ZZ, AAA… (the letter repeated, not base 26)."""
    if not 0 < n <= 780:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word `numFmt` (unknown formats fall back to decimal)."""
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return letters(n)
    if fmt == "lowerLetter":
        return letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def bullet_marker(text: str) -> str:
    """The list marker a bullet level shows, as a character the heading rules know."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return "•"
    c = chars[0]
    code = ord(c)
    if code >= 0xF000:
        return _SYMBOL_BULLETS.get(code - 0xF000, "•")
    if c in _BULLETS:
        return "•" if c == "·" else c
    if c in "oO":
        return "◦"
    return "•"


class NumberingState:
    """Counters of one document's lists; `label(num_id, ilvl)` advances and renders."""

    def __init__(self, abstracts: dict[str, dict[int, Level]], nums: dict[str, NumInstance]) -> None:
        self._abstracts = abstracts
        self._nums = nums
        self._counters: dict[str, list[int | None]] = {}
        self._pending: dict[str, dict[int, int]] = {}  # startOverride values not yet used
        self._entered: set[str] = set()

    @classmethod
    def from_xml(cls, root, style_num_id: Callable[[str], str | None] | None = None) -> NumberingState:
        """Read a `w:numbering` element; `style_num_id(style_id)` resolves `w:numStyleLink`."""
        raw_abs: dict[str, tuple[dict[int, Level], str | None]] = {}
        if root is None:
            return cls({}, {})
        for a in root.findall(qn("w:abstractNum")):
            aid = a.get(qn("w:abstractNumId"))
            if aid is not None:
                raw_abs[aid] = (_levels(a), _val(a, "w:numStyleLink"))
        nums: dict[str, NumInstance] = {}
        for n in root.findall(qn("w:num")):
            nid = n.get(qn("w:numId"))
            aid = _val(n, "w:abstractNumId")
            if nid is None or aid is None:
                continue
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for o in n.findall(qn("w:lvlOverride")):
                ilvl = _int(o.get(qn("w:ilvl")), -1)
                if not 0 <= ilvl <= 8:
                    continue
                so = _val(o, "w:startOverride")
                if so is not None:
                    starts[ilvl] = _int(so, 1)
                lvl = o.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            nums[nid] = NumInstance(aid, starts, levels)
        abstracts: dict[str, dict[int, Level]] = {}
        for aid, (levels, link) in raw_abs.items():
            seen = {aid}
            while not levels and link and style_num_id is not None:
                # A list style: its levels live in the abstractNum its style's num points to.
                target = nums.get(style_num_id(link) or "")
                if target is None or target.abstract in seen or target.abstract not in raw_abs:
                    break
                seen.add(target.abstract)
                levels, link = raw_abs[target.abstract]
            abstracts[aid] = levels
        return cls(abstracts, nums)

    def has(self, num_id: str | None) -> bool:
        return bool(num_id) and num_id != "0" and num_id in self._nums

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose `w:pStyle` is this paragraph style (Heading 2 → level 1)."""
        inst = self._nums.get(num_id)
        if inst is None or not style_id:
            return None
        for ilvl, lvl in sorted(self._abstracts.get(inst.abstract, {}).items()):
            if lvl.style == style_id:
                return ilvl
        return None

    def _level(self, inst: NumInstance, ilvl: int) -> Level:
        if ilvl in inst.levels:
            return inst.levels[ilvl]
        return self._abstracts.get(inst.abstract, {}).get(ilvl, Level())

    def _start(self, key: str, inst: NumInstance, ilvl: int) -> int:
        return self._pending.get(key, {}).get(ilvl, self._level(inst, ilvl).start)

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        """Advance the list of `num_id` at `ilvl` and return its label; None when not numbered.

        "" means numbered without a visible label (numFmt none, empty lvlText, hidden).
        """
        if not self.has(num_id):
            return None
        inst = self._nums[num_id]
        if inst.abstract not in self._abstracts:
            return None
        ilvl = min(max(ilvl, 0), 8)
        key = inst.abstract
        counters = self._counters.setdefault(key, [None] * 9)
        if num_id not in self._entered:
            self._entered.add(num_id)
            # "Restart numbering" in Word: a new w:num whose startOverride resets the shared count.
            for lvl_idx, value in inst.starts.items():
                counters[lvl_idx] = None
                self._pending.setdefault(key, {})[lvl_idx] = value
        last = counters[ilvl]
        counters[ilvl] = self._start(key, inst, ilvl) if last is None else last + 1
        self._pending.get(key, {}).pop(ilvl, None)
        for deeper in range(ilvl + 1, 9):
            restart = self._level(inst, deeper).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        lvl = self._level(inst, ilvl)
        if lvl.hidden:
            return ""
        if lvl.fmt == "bullet":
            return bullet_marker(lvl.text)  # picture bullets (w:lvlPicBulletId) show as "•" too
        if lvl.fmt == "none":
            return _strip_placeholders(lvl.text)
        return self._render(key, inst, lvl, counters)

    def _render(self, key: str, inst: NumInstance, lvl: Level, counters: list[int | None]) -> str:
        out: list[str] = []
        text = lvl.text
        i = 0
        while i < len(text):
            c = text[i]
            if c == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                ref = int(text[i + 1]) - 1
                if 0 <= ref <= 8:
                    ref_lvl = self._level(inst, ref)
                    value = counters[ref] if counters[ref] is not None else self._start(key, inst, ref)
                    fmt = "decimal" if (lvl.legal and ref_lvl.fmt != "none") else ref_lvl.fmt
                    out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(c)
            i += 1
        return "".join(out).strip()


def _strip_placeholders(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out).strip()
