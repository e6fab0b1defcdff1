"""Claims: who says what, with the casualty figure it carries.

Attributions come from ``patterns.find_attributions`` (the cascade of patterns is
documented there); this module resolves their speakers, drops the nested ones
and attaches casualty figures (``casualties.casualty_figures``).

Speakers. ``speaker`` is the source noun phrase as it stands in the text
(``article.text[source_start:source_end]``), except for sources that are
resolved: pronouns ("he said" -> the nearest preceding person who spoke),
relative pronouns ("which" -> the noun it refers to) and definite descriptions
("the official" -> the earlier "a US military official"). For those, the
offsets stay on the words in the text ("he", "the official") and ``speaker``
holds the resolved name, so ``text[source_start:source_end] == speaker`` does not
hold for them. Types come from ``speakers.SPEAKER_RULES``.

Figures without a source. A sentence that reports a casualty figure with no
attribution still yields a claim, so that the figure is kept: its speaker is the
article's original publisher (else publisher, else "the report"), type "media",
cue "", and cue and source are empty spans at the content start.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from warledger.claims import cues, speakers
from warledger.claims.attribution import Attribution
from warledger.claims.casualties import Figure, casualty_figures
from warledger.claims.lexicon import CHARACTERIZATION_BASES, CUE_VERBS
from warledger.claims.patterns import find_attributions
from warledger.claims.spans import clean, clip, same_line, trim
from warledger.records import Article, Claim, ClaimKind

__all__ = ["CUE_VERBS", "Attribution", "find_attributions", "find_claims", "resolve_speakers"]

FIRST_PERSON = {"i", "we"}
# a definite description ("the official", "the ministry") of at most this many tokens is
# resolved to the earlier speaker with the same head word, unless its own words say it is
# another kind of speaker ('the monitoring group' is not 'the hard-line militant group')
DESCRIPTION_MAX_TOKENS = 4
ATTACK_WORDS = re.compile(
    r"\b(?:attack\w*|strikes?|struck|airstrikes?|air strikes?|shell\w*|bomb\w*|raid\w*|"
    r"ambush\w*|clash\w*|fir(?:e|ed|ing) on|assault\w*|offensive|explosion|blast|"
    r"rocket\w*|missiles?|artillery|targeted|killed|skirmish\w*)\b",
    re.IGNORECASE,
)


def _antecedent(attr: Attribution, earlier: list[Attribution], doc: Doc) -> Attribution | None:
    word = attr.head_word
    if word in FIRST_PERSON:  # outside quotations "I" and "we" are the writer's own
        return None
    named = [a for a in reversed(earlier) if not a.resolved or a.name]
    if word in speakers.PERSON_PRONOUNS:
        match = next((a for a in named if a.person and a.head_word not in speakers.GROUP_PRONOUNS
                      and _one(_head(doc, a))), None)  # fmt: skip
        return match or _person_entity(doc, attr.source[0])
    if word in speakers.GROUP_PRONOUNS:
        return _sentence_subject(doc, attr) or next(
            (a for a in named if not a.person and _agrees(word, _head(doc, a))), None
        )
    return next((a for a in named if _same_head(a.head_word, word)
                 and attr.speaker_type in ("other", a.speaker_type)), None)


def _head(doc: Doc, attr: Attribution) -> Token | None:
    span = doc.char_span(*attr.source, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _one(noun: Token | None) -> bool:
    """One person ('he' is not 'Jeb Bush and Chris Christie', nor 'Republicans')."""
    if noun is None:
        return True  # a speaker resolved earlier (no span of its own)
    return noun.tag_ not in ("NNS", "NNPS") and not any(c.dep_ == "conj" for c in noun.children)


def _agrees(pronoun: str, noun: Token | None) -> bool:
    """A group that can speak and agrees in number: 'they' a plural or a party, 'it' an
    organisation or a singular speaker noun ('the ministry')."""
    if noun is None or noun.ent_type_ == "PERSON" or not speakers.agentive(noun):
        return False
    if pronoun == "they":
        return noun.tag_ in ("NNS", "NNPS") or noun.ent_type_ == "NORP"
    return noun.tag_ in ("NN", "NNP") and noun.ent_type_ != "NORP"


def _sentence_subject(doc: Doc, attr: Attribution) -> Attribution | None:
    """'The coalition killed ... in response to what it said': 'it' is the first noun phrase
    that can speak and agrees with the pronoun."""
    span = doc.char_span(*attr.source, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    for chunk in doc.noun_chunks:
        if chunk.start < sent.start or not same_line(doc, chunk.start_char, span.start_char):
            continue
        if chunk.start >= span.start:
            break
        if chunk.root.pos_ in ("NOUN", "PROPN") and _agrees(span[0].lower_, chunk.root):
            phrase = clean(doc.text[chunk.start_char : chunk.end_char])
            return Attribution(
                attr.source,
                attr.cue,
                attr.content,
                phrase,
                speakers.speaker_type(phrase, False),
                False,
                "",
                name=phrase,
            )
    return None


def _same_head(a: str, b: str) -> bool:
    return a.rstrip("s") == b.rstrip("s")


def _person_entity(doc: Doc, before: int) -> Attribution | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= before]
    if not people:
        return None
    name = clean(people[-1].text)
    return Attribution((0, 0), (0, 0), (0, 0), name, "other", False, "", person=True, name=name)


def _needs_resolution(attr: Attribution, doc: Doc) -> bool:
    word = attr.head_word
    if word in speakers.PERSON_PRONOUNS | speakers.GROUP_PRONOUNS:
        return True
    first = doc.char_span(*attr.source, alignment_mode="expand")
    if first is None or len(first) > DESCRIPTION_MAX_TOKENS:
        return False
    return first[0].lower_ in speakers.DEFINITE_DETS and not any(
        t.pos_ == "PROPN" or t.ent_type_ for t in first
    )


def resolve_speakers(attrs: list[Attribution], doc: Doc) -> list[Attribution]:
    """Pronouns and definite descriptions ("he", "the official") -> the earlier named speaker."""
    out: list[Attribution] = []
    for attr in attrs:
        if attr.source[1] <= attr.source[0]:  # nobody named: resolved with the outlet later
            out.append(attr)
            continue
        if attr.head_word in speakers.RELATIVE_PRONOUNS:
            out.append(_resolve_relative(attr, doc))
            continue
        ante = _antecedent(attr, out, doc) if _needs_resolution(attr, doc) else None
        if ante is not None:
            name = ante.name if ante.person and attr.head_word in speakers.PERSON_PRONOUNS else None
            attr = replace(attr, speaker=name or ante.speaker, speaker_type=ante.speaker_type,
                           anonymous=ante.anonymous, resolved=True, person=ante.person,
                           name=ante.name)  # fmt: skip
        out.append(attr)
    return out


def _resolve_relative(attr: Attribution, doc: Doc) -> Attribution:
    """'the Observatory, which confirmed ...': the speaker is the noun the clause hangs on."""
    tok = doc.char_span(*attr.source, alignment_mode="expand")
    if tok is None:
        return attr
    noun = tok[0].head.head if tok[0].head.dep_ == "relcl" else tok[0].head
    while noun.dep_ in ("pobj", "conj", "compound") and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head if noun.dep_ == "pobj" else noun.head
    first, last = speakers.np_tokens(noun)
    phrase = clean(doc.text[first.idx : last.idx + len(last.text)])
    anonymous = speakers.is_anonymous(noun, phrase)
    return replace(attr, speaker=phrase, speaker_type=speakers.speaker_type(phrase, anonymous),
                   anonymous=anonymous, resolved=True, person=speakers.is_person(noun),
                   name=phrase)  # fmt: skip


def _drop_quoted(attrs: list[Attribution], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Attributions whose cue stands inside a quotation are the quoted speaker's words,
    except a speaker label right after the opening mark ('"WALLACE: Let's start ...')."""

    def quoted(a: Attribution) -> bool:
        return any(q0 < a.cue[0] < q1 and not (a.cue_base == "say" and a.source[0] - q0 == 1
                                               and a.source[1] < a.cue[1] <= a.cue[0] + 1)
                   for q0, q1 in quotes)  # fmt: skip

    return [a for a in attrs if not quoted(a)]


def _drop_nested_first_person(attrs: list[Attribution]) -> list[Attribution]:
    """'"We estimate ...," an official said': the quoted 'we' is the official's own claim."""

    def inside(a: Attribution) -> bool:
        return any(b is not a and b.content[0] <= a.cue[0] < b.content[1] for b in attrs)

    return [a for a in attrs if not (a.head_word in ("i", "we") and inside(a))]


NOBODY = {"no", "none", "nobody", "neither"}


def _claim_kind(attr: Attribution, content: str) -> ClaimKind:
    if attr.cue_base in CHARACTERIZATION_BASES:
        return "characterization"
    return "attack" if ATTACK_WORDS.search(content) else "other"


def visible(article: Article, span: tuple[int, int]) -> str:
    """The span's text; where cleaning blanked markdown or line breaks inside it
    ("**Rami Abdel Rahman**, the head of the ...\n\ngroup"), the words as read."""
    raw = article.text[span[0] : span[1]]
    shown = article.nlp_text[span[0] : span[1]]
    if shown == raw or len(article.nlp_text) != len(article.text):
        return raw
    return re.sub(r"\s+([,.;:])", r"\1", clean(shown))


def _to_claim(article: Article, attr: Attribution, n: int, fig: Figure | None) -> Claim:
    text = article.text
    spans = [s for s in (attr.source, attr.cue, attr.content) if s[1] > s[0]]
    content = text[attr.content[0] : attr.content[1]]
    kind: ClaimKind = _claim_kind(attr, content)
    if fig is not None and not fig.background:  # a war-wide toll is no claim about the event
        kind = fig.kind  # type: ignore[assignment]
    speaker = attr.speaker if attr.resolved or not attr.cue_base else visible(article, attr.source)
    return Claim(
        claim_id=f"{article.article_id}:c{n}", article_id=article.article_id, kind=kind,
        speaker=speaker, speaker_type=attr.speaker_type, anonymous=attr.anonymous,
        cue=text[slice(*attr.cue)], content=content,
        start=min(s[0] for s in spans), end=max(s[1] for s in spans),
        source_start=attr.source[0], source_end=attr.source[1], cue_start=attr.cue[0],
        cue_end=attr.cue[1], content_start=attr.content[0], content_end=attr.content[1],
        value_low=fig.value_low if fig else None, value_high=fig.value_high if fig else None,
        qualifier=fig.qualifier if fig else None, subject=fig.subject if fig else None,
        quantity_text=text[fig.start : fig.end] if fig else None,
        quantity_start=fig.start if fig else None, quantity_end=fig.end if fig else None,
    )  # fmt: skip


def _figures_of(attrs: list[Attribution], figures: list[Figure],
                doc: Doc) -> list[list[Figure]]:
    """Each figure goes to the smallest content that holds it; fatalities first. Learned
    attributions ("made the pledge", ``cues``) are too loose to own a casualty figure, and
    a thing is no source ("the attack claimed the lives of two", "a video shows 30 dead"):
    such a figure is the outlet's."""
    owned: list[list[Figure]] = [[] for _ in attrs]
    sources = [a.cue_base != "learned" and _can_speak(a, doc) for a in attrs]
    for fig in figures:
        holders = [
            i
            for i, a in enumerate(attrs)
            if a.content[0] <= fig.start < a.content[1] and sources[i]
        ]
        if holders:
            best = min(holders, key=lambda i: attrs[i].content[1] - attrs[i].content[0])
            owned[best].append(fig)
    return [sorted(figs, key=lambda f: (f.kind != "fatalities", f.start)) for figs in owned]


def _can_speak(attr: Attribution, doc: Doc) -> bool:
    """A source that can give a figure: someone ("the Observatory", "he"), not a thing or
    an event ("the attack", "one video", "the heavy fighting")."""
    if attr.resolved or attr.source[1] <= attr.source[0]:
        return True
    span = doc.char_span(*attr.source, alignment_mode="expand")
    if span is None:
        return True
    head = span.root
    return head.pos_ == "PRON" or speakers.agentive(head)


def _nobody(attr: Attribution, doc: Doc) -> bool:
    """'No group claimed the attack': nobody claiming it is no claim (what nobody *said*
    stays: attribution corpora annotate it)."""
    if attr.cue_base != "claim":
        return False
    span = doc.char_span(*attr.source, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].lower_ in NOBODY


def _outlet(article: Article) -> str:
    return article.original_publisher or article.publisher or "the report"


def _outlet_speaks(article: Article, attr: Attribution) -> Attribution:
    """An attribution with nobody named ('X is expected to ...'): the outlet reports it."""
    return replace(attr, speaker=_outlet(article), speaker_type="media", resolved=True)


def _unsourced(
    article: Article, doc: Doc, figures: list[Figure]
) -> list[tuple[Attribution, Figure]]:
    """Claims for figures that nobody is said to have given: the outlet reports them."""
    outlet = _outlet(article)
    out = []
    for fig in figures:
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        start, end = trim(doc, *clip(doc, fig.start, (sent.start_char, sent.end_char)))
        attr = Attribution((start, start), (start, start), (start, end), outlet, "media",
                           False, "", resolved=True)  # fmt: skip
        out.append((attr, fig))
    return out


def find_claims(article: Article, doc: Doc, learned: bool = True) -> list[Claim]:
    """All attributions in an article as claims, one per casualty figure where there are any
    (``learned``: with the cues of the learned model, ``cues``, beside the patterns')."""
    found = find_attributions(doc)
    quotes = speakers.quoted_ranges(doc.text)
    if learned:
        extra = cues.learned_attributions(doc, found, quotes)
        found = sorted(found + extra, key=lambda a: a.cue[0])
    attrs = resolve_speakers(found, doc)
    attrs = _drop_nested_first_person(_drop_quoted(attrs, quotes))
    attrs = [a for a in attrs if not _nobody(a, doc)]
    attrs = [_outlet_speaks(article, a) if a.source[1] <= a.source[0] else a for a in attrs]
    figures = casualty_figures(doc)
    owned = _figures_of(attrs, figures, doc)
    claimed = {id(f) for figs in owned for f in figs}
    for attr, lone in _unsourced(article, doc, [f for f in figures if id(f) not in claimed]):
        attrs.append(attr)
        owned.append([lone])
    order = sorted(range(len(attrs)), key=lambda i: (attrs[i].content[0], attrs[i].cue[0]))
    claims: list[Claim] = []
    for i in order:
        figs: list[Figure | None] = list(owned[i]) or [None]
        for fig in figs:
            claims.append(_to_claim(article, attrs[i], len(claims) + 1, fig))
    return claims
