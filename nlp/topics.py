"""Topics of a finding from the campaign's cue lexicon.

Cue phrases match case-folded with diacritics kept, at word boundaries, on NFC text (through
the spaCy PhraseMatcher in nlp/spacy_pipe.py): "loa" matches "cụm loa" but never "loại".
"""

from __future__ import annotations

from nlp.spacy_pipe import topic_hits
from tonghop.campaign import Campaign


def topics_of(text: str, campaign: Campaign) -> tuple[str, ...]:
    """Topic ids (campaign order) whose cues occur in the text.

    >>> topics_of("Kinh phí sửa chữa cụm loa còn thiếu.", load_campaign())
    ('investment', 'loudspeaker', 'funding')
    """
    if not text.strip() or not campaign.topics:
        return ()
    return topic_hits(text, campaign)
