"""What a sentence's own words say about its polarity, whatever the section or the model.

Two patterns reports use everywhere and a bag-of-words model reads the wrong way round:

* a figure short of its target — "Tỷ lệ hồ sơ trực tuyến mới đạt 54,4%, thấp hơn chỉ tiêu 70%":
  counted, but a shortfall (`limitation`), not a result;
* a concession whose main clause is a result — "Mặc dù địa bàn rộng, đi lại khó khăn, Tổ công
  tác vẫn tổ chức 11 đợt cấp lưu động": the difficulty is subordinate (`achievement`, rule 4 of
  nlp/ANNOTATION.md: the main clause decides), unlike "Mặc dù …, nhưng … vẫn chưa …".
"""

from __future__ import annotations

import re
import unicodedata

from nlp.normalize import fold_key

_NUMBER = r"(?:khoang |gan |hon |tren |duoc )*\d[\d.,/]*"
_ONLY_REACHED = re.compile(rf"\b(?:moi|chi) dat(?: duoc)? {_NUMBER}(?P<pct> ?%)?")
_BELOW_TARGET = re.compile(
    r"\b(?:thap hon|chua dat|khong dat|con cach xa|cach xa|duoi muc|duoi chi tieu"
    r"|so voi (?:chi tieu|ke hoach|muc tieu|yeu cau))\b"
)
# on the text with its diacritics: folded, "Dù" would also be "Dự án …"
_CONCESSION = re.compile(r"^(?:mặc dù|dù cho|dẫu cho|dù|dẫu|tuy)(?! nhiên)(?: (?:vậy|thế))?\b,? (?P<rest>.+)$")
_BUT = re.compile(r"\b(?:nhung|song)\b")
_STILL = re.compile(r"\bvan\b")
_SHORTFALL_WORDS = re.compile(
    r"\b(?:chua|khong|con|thieu|yeu|cham|thap|it|han che|kho khan|bat cap|vuong mac|hinh thuc)\b"
)


def is_shortfall(text: str) -> bool:
    """"mới/chỉ đạt <number>" as a percentage or against a target: a figure below what was wanted."""
    t = fold_key(text)
    m = _ONLY_REACHED.search(t)
    return bool(m) and (bool(m.group("pct")) or bool(_BELOW_TARGET.search(t)))


def is_result_despite(text: str) -> bool:
    """A concession ("Mặc dù/Dù …,") whose main clause reports something done: "… vẫn <done>",
    with no "nhưng/song" and nothing short or lacking after "vẫn"."""
    m = _CONCESSION.match(unicodedata.normalize("NFC", text).strip().lower())
    if not m or _BUT.search(fold_key(text)):
        return False
    rest = fold_key(m.group("rest"))
    still = _STILL.search(rest)
    return bool(still) and not _SHORTFALL_WORDS.search(rest[still.end():])
