"""An attribution: who (source) says (cue) what (content), as character ranges.

The patterns that find them are in ``patterns`` (the cascade, ``find_attributions``),
``verbs`` (cue verbs), ``labels`` and ``phrases``; their words are in ``lexicon``.
Speakers are resolved afterwards (pronouns, definite descriptions) in ``find``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from warledger.claims import speakers
from warledger.claims.spans import chars, clean, clip, trim
from warledger.records import SpeakerType

# a content shorter than this (in characters, once trimmed) is no content
MIN_CONTENT_CHARS = 2


@dataclass
class Attribution:
    """One attribution before figures are attached; offsets into the document."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]
    speaker: str
    speaker_type: SpeakerType
    anonymous: bool
    cue_base: str
    resolved: bool = False
    person: bool = False
    name: str = ""
    head_word: str = ""


def make(
    head: Token,
    source: tuple[int, int],
    cue: tuple[int, int],
    content: tuple[int, int],
    base: str,
    sent: Span,
) -> Attribution:
    """The attribution of a source whose head token is ``head``: its speaker's words, type,
    anonymity and name as the text gives them."""
    doc = head.doc
    anonymous = speakers.is_anonymous(head, sent.text)
    phrase = doc.text[source[0] : source[1]]
    name_first, name_last = speakers.name_tokens(head)
    return Attribution(
        source=source,
        cue=cue,
        content=content,
        speaker=clean(phrase),
        speaker_type=speakers.speaker_type(phrase, anonymous),
        anonymous=anonymous,
        cue_base=base,
        person=speakers.is_person(head),
        name=clean(doc.text[name_first.idx : name_last.idx + len(name_last.text)]),
        head_word=head.lower_,
    )


def nobody(cue: Token, content: tuple[int, int], base: str) -> Attribution | None:
    """An attribution with an empty source (the outlet's own): cue and content only."""
    content = trim(cue.doc, *clip(cue.doc, cue.idx, content))
    if content[1] - content[0] < MIN_CONTENT_CHARS:
        return None
    return Attribution((cue.idx, cue.idx), chars(cue, cue), content, "", "media", False, base)
