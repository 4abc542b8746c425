"""A spaCy `vi` Vocab fed with underthesea tokens, and PhraseMatchers over it.

spaCy's own Vietnamese tokenizer needs pyvi; we build Docs ourselves from underthesea's
segmentation (compounds split back into syllables so a cue phrase matches however underthesea
grouped it). One matcher holds the campaign-agnostic category cues (classifier features), one
per campaign holds its topic cues (topic tagging).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.cues import fold, load_cues
from tonghop.campaign import Campaign

_PUNCT = str.maketrans({c: f" {c} " for c in ",.;:!?()\"“”'’[]…"})


@cache
def vocab() -> Vocab:
    return Vocab()


def syllables(text: str) -> list[str]:
    """Folded syllables of a text or of an underthesea token string ("kinh_phí" -> kinh, phí)."""
    return fold(text).replace("_", " ").translate(_PUNCT).split()


def make_doc(text: str) -> Doc:
    return Doc(vocab(), words=syllables(text))


def _matcher(groups: Iterable[tuple[str, Iterable[str]]]) -> PhraseMatcher:
    m = PhraseMatcher(vocab(), attr="ORTH")
    for key, phrases in groups:
        docs = [make_doc(p) for p in phrases if syllables(p)]
        if docs:
            m.add(key, docs)
    return m


@cache
def cue_matcher() -> PhraseMatcher:
    """Category cue phrases from cues.toml, keyed "achievement", "limitation", ..."""
    cues = load_cues()
    return _matcher((cat.value, phrases) for cat, phrases in cues.strong_phrases.items())


_TOPIC_MATCHERS: dict[tuple, PhraseMatcher] = {}


def topic_matcher(campaign: Campaign) -> PhraseMatcher:
    """Matcher keyed by topic id for one campaign (cached per topic set)."""
    key = tuple((t.id, t.cues) for t in campaign.topics)
    if key not in _TOPIC_MATCHERS:
        _TOPIC_MATCHERS[key] = _matcher((t.id, t.cues) for t in campaign.topics)
    return _TOPIC_MATCHERS[key]


def cue_hits(text: str) -> list[tuple[str, str]]:
    """(category, phrase) for every category cue phrase in the text."""
    doc = make_doc(text)
    strings = vocab().strings
    return [(strings[mid], doc[s:e].text) for mid, s, e in cue_matcher()(doc)]


def topic_hits(text: str, campaign: Campaign) -> tuple[str, ...]:
    """Topic ids whose cue phrases occur in the text, in campaign order."""
    doc = make_doc(text)
    strings = vocab().strings
    found = {strings[mid] for mid, _, _ in topic_matcher(campaign)(doc)}
    return tuple(t.id for t in campaign.topics if t.id in found)
