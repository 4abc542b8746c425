"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows, VPS) → Unicode.

Old reports reach us typed in `.VnTime` (TCVN3) or `VNI-Times` fonts: the file holds
Latin-1 look-alike characters ("§¶ng", "Ñaûng") that only the font turns into Vietnamese.
We convert in three ways, strongest signal first:

* `decode_run(text, font_name)` — the font name of a DOCX run / PDF character says which
  table applies; `…H` TCVN3 fonts (`.VnTimeH`) draw every letter as a capital, so the
  converted text is upper-cased.
* `fix_line(text)` — no font available (plain text, substituted PDF fonts): decide per line,
  and per word inside a mixed line, by checking which reading yields real Vietnamese
  syllables. Unicode, English and French text must come back untouched.
* `encode_tcvn3` / `encode_vni` — the inverse, used by `examples/render.py` to make test files.

Only the legacy surface characters are translated, never the whole string through iconv
`TCVN5712-1` (glibc's VN1 maps cp1252 punctuation such as "–" to capitals).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = [
    "decode_run",
    "decode_tcvn3",
    "decode_vni",
    "decode_vps",
    "detect_font_encoding",
    "encode_tcvn3",
    "encode_tcvn3_segments",
    "encode_vni",
    "fix_line",
    "fix_text",
    "is_capital_font",
    "is_vietnamese_syllable",
    "repair_tcvn3_hyphens",
]

# --------------------------------------------------------------------------- tables
# TCVN3 (VN3): one Latin-1 surface character per Vietnamese letter. TCVN3 has only seven
# capitals (Ă Â Ê Ô Ơ Ư Đ); toned capitals are typed with the lower-case codes in a `…H` font.
_TCVN3_PAIRS: tuple[tuple[str, str], ...] = (
    ("\u00a1", "Ă"), ("\u00a2", "Â"), ("\u00a3", "Ê"), ("\u00a4", "Ô"), ("\u00a5", "Ơ"),
    ("\u00a6", "Ư"), ("\u00a7", "Đ"),
    ("\u00a8", "ă"), ("\u00a9", "â"), ("\u00aa", "ê"), ("\u00ab", "ô"), ("\u00ac", "ơ"),
    ("\u00ad", "ư"), ("\u00ae", "đ"),
    ("\u00b5", "à"), ("\u00b6", "ả"), ("\u00b7", "ã"), ("\u00b8", "á"), ("\u00b9", "ạ"),
    ("\u00bb", "ằ"), ("\u00bc", "ẳ"), ("\u00bd", "ẵ"), ("\u00be", "ắ"), ("\u00c6", "ặ"),
    ("\u00c7", "ầ"), ("\u00c8", "ẩ"), ("\u00c9", "ẫ"), ("\u00ca", "ấ"), ("\u00cb", "ậ"),
    ("\u00cc", "è"), ("\u00ce", "ẻ"), ("\u00cf", "ẽ"), ("\u00d0", "é"), ("\u00d1", "ẹ"),
    ("\u00d2", "ề"), ("\u00d3", "ể"), ("\u00d4", "ễ"), ("\u00d5", "ế"), ("\u00d6", "ệ"),
    ("\u00d7", "ì"), ("\u00d8", "ỉ"), ("\u00dc", "ĩ"), ("\u00dd", "í"), ("\u00de", "ị"),
    ("\u00df", "ò"), ("\u00e1", "ỏ"), ("\u00e2", "õ"), ("\u00e3", "ó"), ("\u00e4", "ọ"),
    ("\u00e5", "ồ"), ("\u00e6", "ổ"), ("\u00e7", "ỗ"), ("\u00e8", "ố"), ("\u00e9", "ộ"),
    ("\u00ea", "ờ"), ("\u00eb", "ở"), ("\u00ec", "ỡ"), ("\u00ed", "ớ"), ("\u00ee", "ợ"),
    ("\u00ef", "ù"), ("\u00f1", "ủ"), ("\u00f2", "ũ"), ("\u00f3", "ú"), ("\u00f4", "ụ"),
    ("\u00f5", "ừ"), ("\u00f6", "ử"), ("\u00f7", "ữ"), ("\u00f8", "ứ"), ("\u00f9", "ự"),
    ("\u00fa", "ỳ"), ("\u00fb", "ỷ"), ("\u00fc", "ỹ"), ("\u00fd", "ý"), ("\u00fe", "ỵ"),
)
_TCVN3_DEC: dict[int, str] = {ord(s): u for s, u in _TCVN3_PAIRS}
_TCVN3_ENC: dict[str, str] = {u: s for s, u in _TCVN3_PAIRS}

# VNI-Windows: base letter + one or two mark characters. Tone marks after a plain vowel,
# after â/ê/ô (circumflex family) and after ă (breve family) use different characters.
_VNI_TONE = {"acute": "ù", "grave": "ø", "hook": "û", "tilde": "õ", "dot": "ï"}
_VNI_CIRC = {"": "â", "acute": "á", "grave": "à", "hook": "å", "tilde": "ã", "dot": "ä"}
_VNI_BREVE = {"": "ê", "acute": "é", "grave": "è", "hook": "ú", "tilde": "ü", "dot": "ë"}
_COMBINING_TONE = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303",
                   "dot": "\u0323"}


def _build_vni() -> dict[str, str]:
    """Unicode letter → VNI surface sequence, for all 134 Vietnamese letters (both cases)."""
    enc: dict[str, str] = {}
    tones = ["", *_COMBINING_TONE]

    def add(letter: str, seq: str) -> None:
        enc[letter] = seq
        upper = unicodedata.normalize("NFC", letter.upper())
        if upper != letter:
            enc[upper] = seq.upper()

    for tone in tones:
        mark = _COMBINING_TONE.get(tone, "")
        tone_seq = _VNI_TONE.get(tone, "")
        for base in "aeouy":
            if tone:
                add(unicodedata.normalize("NFC", base + mark), base + tone_seq)
        # i-family: í/ì are themselves in Latin-1; ỉ ĩ ị have single codes.
        # circumflex a/e/o and breve a
        add(unicodedata.normalize("NFC", "a\u0302" + mark), "a" + _VNI_CIRC[tone])
        add(unicodedata.normalize("NFC", "e\u0302" + mark), "e" + _VNI_CIRC[tone])
        add(unicodedata.normalize("NFC", "o\u0302" + mark), "o" + _VNI_CIRC[tone])
        add(unicodedata.normalize("NFC", "a\u0306" + mark), "a" + _VNI_BREVE[tone])
        # horn letters: ơ = ô, ư = ö, toned with the plain tone marks
        add(unicodedata.normalize("NFC", "o\u031b" + mark), "ô" + _VNI_TONE.get(tone, ""))
        add(unicodedata.normalize("NFC", "u\u031b" + mark), "ö" + _VNI_TONE.get(tone, ""))
    add("í", "í")
    add("ì", "ì")
    add("ỉ", "æ")
    add("ĩ", "ó")
    add("ị", "ò")
    add("đ", "ñ")
    return enc


_VNI_ENC: dict[str, str] = _build_vni()
# Decoding: longest surface sequence first. Besides the canonical upper/lower forms we accept
# a mark in the other case than its base (typists mixing Caps Lock), keeping the base's case.
_VNI_DEC: dict[str, str] = {}
for _u, _s in _VNI_ENC.items():
    _VNI_DEC.setdefault(_s, _u)
for _u, _s in list(_VNI_ENC.items()):
    if len(_s) >= 2 and _s[0].isascii():
        _alt = _s[0] + _s[1:].swapcase()
        _VNI_DEC.setdefault(_alt, _u)
for _identity in ("í", "ì", "Í", "Ì"):
    _VNI_DEC.pop(_identity, None)
_VNI_RE = re.compile("|".join(re.escape(s) for s in sorted(_VNI_DEC, key=len, reverse=True)))

# VPS is only converted on explicit request (it shares Latin-1 bytes with VISCII).
try:  # pragma: no cover - depends on the installed viparse version
    from viparse.normalize.vps import VPS as _VPS_MAP

    _VPS_DEC: dict[str, str] = {s: u for s, u in _VPS_MAP.pairs}
except Exception:  # viparse missing or reorganised: VPS override becomes a no-op
    _VPS_DEC = {}
_VPS_RE = (
    re.compile("|".join(re.escape(s) for s in sorted(_VPS_DEC, key=len, reverse=True)))
    if _VPS_DEC
    else None
)

# Characters that prove a string is already Unicode Vietnamese (no legacy table emits them).
_STRONG_UNICODE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
                             "\u01af\u01b0\u1ea0-\u1ef9]")


# --------------------------------------------------------------------------- fonts
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _clean_font(font_name: str | None) -> str:
    if not font_name:
        return ""
    name = _SUBSET_TAG.sub("", font_name.strip())
    return name.strip().strip('"').lower()


def detect_font_encoding(font_name: str | None) -> str | None:
    """Legacy encoding implied by a font name: "tcvn3", "vni", "vps" or None (Unicode).

    `.VnTime`, `.VnArialH`, `VnTime` (PDF subset `ABCDEF+VnTime`), `VNI-Times`, `VPS Times`.
    """
    name = _clean_font(font_name)
    if not name:
        return None
    # ".VnTime", "VnArial" (PDF names lose the dot), but not "Vnicode"/"VNU…" (Unicode)
    if name.startswith(".vn") or (re.match(r"vn[a-z]", name) and not name.startswith(("vni", "vnu"))):
        return "tcvn3"
    if name.startswith("vni") and (len(name) == 3 or not name[3].isalpha()):
        return "vni"  # "VNI-Times", "VNI Times", "VNI_Helve"
    if name.startswith("vps"):
        return "vps"
    return None


def is_capital_font(font_name: str | None) -> bool:
    """True for TCVN3 capital fonts (`.VnTimeH`, `.VnArialH`, `VnTimeH-Bold`)."""
    if detect_font_encoding(font_name) != "tcvn3":
        return False
    name = _clean_font(font_name)
    base = re.split(r"[-,]", name, maxsplit=1)[0].replace(" ", "")
    for suffix in ("bolditalic", "italic", "bold", "bd", "it", "i", "b"):
        if base.endswith(suffix) and not base.endswith("h"):
            stripped = base[: -len(suffix)]
            if stripped.endswith("h"):
                base = stripped
                break
    return base.endswith("h")


# --------------------------------------------------------------------------- decoding
def decode_tcvn3(text: str) -> str:
    """Translate TCVN3 surface characters only; everything else passes through. NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_DEC))


_HYPHEN_WORD = re.compile(r"[^\s\-\u2010\u2011]*[\-\u2010\u2011][^\s]*")
_LETTERISH = re.compile(r"[^\W\d_]|[\u00a1-\u00fe]")


def repair_tcvn3_hyphens(decoded: str) -> str:
    """Turn "-" back into ư inside words of decoded TCVN3 text ("ng-ời" → "người").

    TCVN3 ư is byte 0xAD; PDF fonts with WinAnsiEncoding name that code "hyphen", so text
    taken from such PDFs shows "ng-êi", "®-îc", "nh-". A hyphen is replaced only when the
    whole token then reads as one Vietnamese syllable, so "45-BC/HU" and "Hà-Nội" stay.
    """
    if "-" not in decoded and "\u2010" not in decoded and "\u2011" not in decoded:
        return decoded

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        core = token.strip(_EDGE_PUNCT.replace("-", ""))
        if not core or not _LETTERISH.search(core):
            return token
        if re.fullmatch(r"[IVXLC]+[\-\u2010\u2011]", core):
            return token  # "V- NHIỆM VỤ": a Roman-numeral heading, not "vư"
        candidate = re.sub("[\\-\u2010\u2011]", "ư", core)
        if candidate.strip("ư") and is_vietnamese_syllable(candidate):
            return token.replace(core, unicodedata.normalize("NFC", candidate), 1)
        return token

    return _HYPHEN_WORD.sub(fix, decoded)


def _decode_tcvn3_text(text: str) -> str:
    return repair_tcvn3_hyphens(decode_tcvn3(text))


def decode_vni(text: str) -> str:
    """Translate VNI sequences, longest first, on assembled text (never per PDF glyph)."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_DEC[m.group(0)], text))


def decode_vps(text: str) -> str:
    """VPS → Unicode (explicit override only; needs viparse's table)."""
    if _VPS_RE is None:
        return unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", _VPS_RE.sub(lambda m: _VPS_DEC[m.group(0)], text))


def decode_run(text: str, font_name: str | None, *, encoding: str | None = None) -> str:
    """Convert one DOCX run / PDF glyph group drawn in `font_name` to Unicode (NFC).

    `encoding` overrides the font ("tcvn3", "vni", "vps"); VPS is applied only that way.
    A run that already contains Unicode-only Vietnamese letters (ạ, ư, đ, …) is left as it
    is: documents re-typed in Unicode often keep the old `.VnTime` font name. For VNI pass
    maximal same-font groups, since a VNI letter spans two glyphs. U+00AD in a TCVN3 run
    is the letter ư, not a soft hyphen.
    """
    enc = encoding or detect_font_encoding(font_name)
    if enc == "vps" and encoding is None:
        enc = None  # VPS only by explicit override
    if not text or enc is None:
        return unicodedata.normalize("NFC", text)
    if _STRONG_UNICODE.search(text) or _clearly_unicode(text, enc):
        return unicodedata.normalize("NFC", text)
    if enc == "tcvn3":
        out = repair_tcvn3_hyphens(decode_tcvn3(text))
        if is_capital_font(font_name):
            out = unicodedata.normalize("NFC", out.upper())
        return out
    if enc == "vni":
        return decode_vni(text)
    if enc == "vps":
        return decode_vps(text)
    return unicodedata.normalize("NFC", text)


def _clearly_unicode(text: str, enc: str) -> bool:
    """Unicode Vietnamese typed in a legacy-named font ("Báo cáo" in `.VnTime`).

    True when more words read as Vietnamese as they are than after decoding ("chính" would
    become "chớnh"). Ties and weak (frequency-only) evidence leave the font in charge, so a
    lone TCVN3 word "vô" (vụ) from a PDF is still decoded.
    """
    if enc == "tcvn3":
        decoder, surface = _decode_tcvn3_text, _TCVN3_SURFACE
    elif enc == "vni":
        decoder, surface = decode_vni, _VNI_SURFACE
    else:
        return False
    votes = [_vote(m.group(0), decoder, surface) for m in _TOKEN.finditer(text)]
    against = sum(1 for v in votes if v <= -1)
    return against > 0 and against > sum(1 for v in votes if v >= 1)


# --------------------------------------------------------------------------- encoding
def encode_tcvn3_segments(text: str) -> list[tuple[str, bool]]:
    """Unicode → TCVN3 as (surface_text, needs_capital_font) segments.

    Upper-case words that need toned capitals go in a `…H` font typed with the lower-case
    codes (as typists did); a lone toned capital inside a mixed-case word ("Ủy") gets a
    one-letter `…H` segment so the round trip stays exact.
    """
    text = unicodedata.normalize("NFC", text)
    segments: list[tuple[str, bool]] = []

    def push(s: str, cap: bool) -> None:
        if not s:
            return
        if segments and segments[-1][1] == cap:
            segments[-1] = (segments[-1][0] + s, cap)
        else:
            segments.append((s, cap))

    def enc_char(ch: str) -> str:
        if ch in _TCVN3_ENC:
            return _TCVN3_ENC[ch]
        low = ch.lower()
        return _TCVN3_ENC.get(low, ch)

    def needs_cap(ch: str) -> bool:
        return ch.isupper() and ch not in _TCVN3_ENC and not ch.isascii()

    for token in re.split(r"(\s+)", text):
        if not token:
            continue
        letters = [c for c in token if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and any(map(needs_cap, letters)):
            push("".join(_TCVN3_ENC.get(c, c) if c.isascii() or c in _TCVN3_ENC else enc_char(c)
                         for c in token), True)
            continue
        for ch in token:
            if needs_cap(ch):
                push(enc_char(ch.lower()), True)
            else:
                push(_TCVN3_ENC.get(ch, ch), False)
    return segments


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 surface text, losing the case of toned capitals (as in real files)."""
    return "".join(s for s, _ in encode_tcvn3_segments(text))


def encode_vni(text: str) -> str:
    """Unicode → VNI surface text (exactly invertible by `decode_vni`)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_VNI_ENC.get(ch, ch) for ch in text)


# --------------------------------------------------------------------------- content check
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RHYMES_TEXT = """
a ai ao au ay ac ach am an ang anh ap at
ă ăc ăm ăn ăng ăp ăt
â âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
oc oi om on ong ooc oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh uêu ui um un ung uơ uôc uôi uôm uôn uông uôt up ut
uy uya uych uyên uyêt uynh uyp uyt uyu
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêt yêu
"""
_RHYMES = frozenset(_RHYMES_TEXT.split())
_TONE_MARKS = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook",
               "\u0323": "dot"}


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` (one token, any case) is a well-formed Vietnamese syllable.

    Checks onset + rhyme against the closed inventories, at most one tone mark, and only
    sắc/nặng on syllables closed by c/ch/p/t. "người" → True, "ng­êi", "cuûa" → False.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if not base or not all(c.isalpha() for c in base):
        return False
    for onset in _ONSETS:
        if base.startswith(onset):
            rhyme = base[len(onset):]
            if onset == "gi" and rhyme == "":
                rhyme = "i"
            if onset == "qu" and rhyme and rhyme[0] not in "aăâeêiyơô":
                continue
            if rhyme in _RHYMES or (onset == "gi" and ("i" + rhyme) in _RHYMES):
                stop = rhyme.endswith(("c", "ch", "p", "t"))
                return not (stop and tones and _TONE_MARKS[tones[0]] not in ("acute", "dot"))
    return False


_TCVN3_SURFACE = frozenset(chr(c) for c in _TCVN3_DEC)
_VNI_SURFACE = frozenset(ch for seq in _VNI_DEC for ch in seq if not ch.isascii())
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>.,;:!?…-–—/*+=%"


def _core(token: str) -> str:
    return token.strip(_EDGE_PUNCT)


@lru_cache(maxsize=1)
def _syllable_freq() -> dict[str, int]:
    """How many dictionary entries (underthesea's Viet74K) contain each syllable.

    Breaks ties between two well-formed readings: "Sè"/"Số", "nhân"/"nhõn".
    Empty if the word list is unavailable (then only the syllable shape decides).
    """
    counts: dict[str, int] = {}
    try:
        import underthesea

        path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
        words = path.read_text(encoding="utf-8").split("\n")
    except Exception:
        return counts
    for entry in words:
        for syl in re.split(r"[\s\-]+", unicodedata.normalize("NFC", entry.lower())):
            if syl:
                counts[syl] = counts.get(syl, 0) + 1
    return counts


def _freq(parts: list[str]) -> int:
    table = _syllable_freq()
    return min((table.get(p.lower(), 0) for p in parts), default=0)


def _vote(token: str, decoder, surface: frozenset[str]) -> float:
    """>0 legacy evidence, <0 Unicode evidence, 0 undecided, for one whitespace token."""
    core = _core(token)
    if not core:
        return 0
    if _STRONG_UNICODE.search(core):
        return -1
    if not any(c in surface for c in core):
        return 0
    decoded = decoder(core)
    if decoded == core:
        return 0
    parts_dec = [p for p in re.split(r"[-/]", decoded) if p]
    parts_orig = [p for p in re.split(r"[-/]", core) if p]
    dec_ok = all(is_vietnamese_syllable(p) for p in parts_dec)
    orig_ok = all(is_vietnamese_syllable(p) for p in parts_orig)
    # A lone mark character ("«", "§") is punctuation far more often than a word.
    weight = 1.0 if len(core) >= 2 else 0.0
    if dec_ok and not orig_ok:
        return weight
    if orig_ok and not dec_ok:
        return -1
    if not dec_ok and re.fullmatch(r"[A-ZĐ]{2,6}", decoded) and any(c in "§Ñ" for c in core):
        return 0.5  # "§VT"/"ÑVT" = ĐVT: a capital Đ abbreviation has no vowel to check
    if dec_ok and orig_ok:
        f_dec, f_orig = _freq(parts_dec), _freq(parts_orig)
        # Both readings are words: convert only when the typed one is rare next to the legacy
        # one ("Sè" 5 vs "Số" 213), not between two common words ("hoài" 38 vs "hồi" 117).
        if f_dec >= 3 and f_dec >= 10 * max(f_orig, 1):
            return 0.5 * weight
        if f_orig >= 3 and f_orig >= 3 * max(f_dec, 1):
            return -0.5
    return 0


_TCVN3_CAPITALS = frozenset("\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7")


def _caps_like(word: str) -> bool:
    """A TCVN3 word typed in a `…H` font: capitals (ASCII or Ă…Đ codes), no ASCII lower case."""
    uppers = sum(1 for c in word if (c.isascii() and c.isupper()) or c in _TCVN3_CAPITALS)
    lowers = any(c.isascii() and c.islower() for c in word)
    return uppers >= 2 and not lowers


def _vietnamese_share(words: list[str], decoder) -> float:
    """Share of words that read as Vietnamese syllables once decoded (1.0 if under 2 words).

    Abbreviations, numbers and codes ("BCH", "07-CT/TW") are not counted.
    """
    considered = valid = 0
    for word in words:
        core = _core(word).replace("'", " ").split(" ")[-1]
        decoded = decoder(core)
        abbreviation = decoded.isupper() and len(decoded) > 1
        short_ascii = core.isascii() and (len(core) < 3 or "/" in core)
        if not any(c.isalpha() for c in decoded) or any(c.isdigit() for c in core) or abbreviation or short_ascii:
            continue
        considered += 1
        parts = [p for p in re.split(r"[-/]", decoded) if p]
        valid += bool(parts) and all(is_vietnamese_syllable(p) for p in parts)
    return valid / considered if considered >= 2 else 1.0


def _plausible(core: str, decoder) -> bool:
    """The legacy reading changes the word and is a Vietnamese syllable (or syllables)."""
    decoded = decoder(core)
    parts = [p for p in re.split(r"[-/]", decoded) if p]
    return decoded != core and bool(parts) and all(is_vietnamese_syllable(p) for p in parts)


def _restore_caps(original: str, decoded: str) -> str:
    """TCVN3 in a `…H` font: words whose ASCII letters are all capitals were capitals."""
    if _caps_like(original):
        return unicodedata.normalize("NFC", decoded.upper())
    return decoded


def fix_line(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """Detect TCVN3/VNI in one line by content and convert it; returns (text, encoding).

    `hint` ("tcvn3"/"vni"): the encoding most of the document uses (see `fix_text`); then
    only that encoding is tried and ambiguous short lines ("Ghi chó", "Côm loa") follow it.

    Each word is scored by whether its legacy reading is a real Vietnamese syllable and its
    literal reading is not ("cña" → "của"), or the reverse. The encoding with the most
    evidence wins; words with Unicode evidence stay as they are, undecided words follow the
    nearest decided neighbour (so a pasted Unicode clause beside TCVN3 survives). Unicode,
    English and French lines come back unchanged (NFC) with encoding None.
    """
    return _fix_line(text, hint)[:2]


def _fix_line(text: str, hint: str | None = None) -> tuple[str, str | None, int]:
    """`fix_line` plus the number of words that were clear legacy evidence."""
    if not text:
        return text, None, 0
    nfc = unicodedata.normalize("NFC", text)
    if nfc.isascii():
        return nfc, None, 0
    tokens = list(_TOKEN.finditer(nfc))
    best: tuple[int, float, float, str, list[float]] | None = None
    candidates = [("tcvn3", _decode_tcvn3_text, _TCVN3_SURFACE), ("vni", decode_vni, _VNI_SURFACE)]
    if hint in ("tcvn3", "vni"):
        candidates = [c for c in candidates if c[0] == hint]
    for name, decoder, surface in candidates:
        votes = [_vote(m.group(0), decoder, surface) for m in tokens]
        if hint:  # the document's encoding is known: a plausible reading is enough
            votes = [v if abs(v) >= 1 else (0.5 if _plausible(_core(m.group(0)), decoder) else 0)
                     for m, v in zip(tokens, votes, strict=True)]
        score = sum(v for v in votes if v > 0)
        if not score:
            continue
        # Words only this encoding can read, less words it turns into non-words, outweigh any
        # number of words both can read; then the larger score; then ("THÖ" is THỆ in TCVN3
        # and THƯ in VNI) the more common reading.
        strong = sum(1 for v in votes if v >= 1) - sum(1 for v in votes if v <= -1)
        common = sum(_freq([_core(decoder(m.group(0)))]) for m, v in zip(tokens, votes, strict=True) if v > 0)
        if best is None or (strong, score, common) > best[:3]:
            best = (strong, score, common, name, votes)
    if best is None:
        return nfc, None, 0
    _, score, _, name, votes = best
    strong_for = sum(1 for v in votes if v >= 1)
    strong_against = sum(1 for v in votes if v <= -1)
    weak_against = -sum(v for v in votes if -1 < v < 0)
    if strong_for == 0 and (strong_against or weak_against >= score):
        return nfc, None, 0
    decoder = _decode_tcvn3_text if name == "tcvn3" else decode_vni
    if not strong_against and _vietnamese_share([m.group(0) for m in tokens], decoder) < 0.6:
        return nfc, None, 0  # French/English with a few look-alike words ("Où" → "Ó")
    # Without Unicode-only letters the whole line is legacy; otherwise every undecided or
    # weakly decided word follows its nearest strongly decided neighbour.
    decided = [i for i, v in enumerate(votes) if abs(v) >= 1]
    out: list[str] = []
    pos = 0
    for i, m in enumerate(tokens):
        v = votes[i]
        if not strong_against:
            v = 1
        elif abs(v) < 1:
            v = votes[min(decided, key=lambda j: (abs(j - i), j > i))]
        word = m.group(0)
        if v > 0 and not _STRONG_UNICODE.search(word):
            new = decoder(word)
            if name == "tcvn3":
                new = _restore_caps(word, new)
            word = new
        out.append(nfc[pos:m.start()])
        out.append(word)
        pos = m.end()
    out.append(nfc[pos:])
    result = "".join(out)
    if name == "tcvn3" and not strong_against:
        words = [m.group(0) for m in tokens]
        no_lower = not any(c.isascii() and c.islower() for c in nfc)
        lower_codes = _TCVN3_SURFACE - _TCVN3_CAPITALS
        if no_lower and any(_caps_like(w) and any(c in lower_codes for c in w) for w in words):
            result = result.upper()  # a whole line set in `.VnTimeH`
    return unicodedata.normalize("NFC", result), name, strong_for


def fix_text(text: str) -> tuple[str, str | None]:
    """Convert a multi-line text line by line; returns (text, main encoding or None).

    First pass finds the encoding most lines need; second pass applies it as a `hint`, so
    short ambiguous lines (table cells) follow the document while Unicode lines stay.
    """
    lines = text.split("\n")
    counts: dict[str, int] = {}
    for line in lines:
        enc = fix_line(line)[1]
        if enc:
            counts[enc] = counts.get(enc, 0) + 1
    if not counts:
        return "\n".join(unicodedata.normalize("NFC", ln) for ln in lines), None
    main = max(counts, key=lambda k: counts[k])
    out = []
    for line in lines:
        fixed, enc, strong = _fix_line(line)
        if enc is not None and enc != main and strong:
            out.append(fixed)  # clear evidence of the other encoding: a pasted block
        else:
            out.append(fix_line(line, hint=main)[0])
    return "\n".join(out), main
