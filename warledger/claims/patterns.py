"""Attributions: who says what, found on the dependency parse by a cascade of patterns.

At each token, in text order, the patterns are tried in this order and the first that
finds an attribution (source, cue and content spans, offsets into the document) wins:

1. "according to X, ..." (``labels``);
2. a cue verb ("said", "told", "confirmed", "called" ..., one row each in
   ``lexicon.CUE_TABLE``), active with its subject or passive with its agent; any verb
   set off against a quotation (``verbs``);
3. a colon after a short name: "Marco Rubio: ...", "MATTHEWS: ..." (``labels``);
4. a dash signing a quotation: '"..." \u2015 Jane Doe' (``labels``);
5. a cue verb the tagger took for a noun, after its subject: "Trump claims that ...";
6. a noun of saying with a possessor: "Trump's call for a ban" (at such a noun the
   cascade ends, found or not);
7. "X made (it) clear that ...";
8. a capitalised cue in a Title Case headline: "Le Pen Backs Trump";
9. "seem" / "appear": the outlet's attribution;
10. "reportedly": the outlet's attribution;
11. "in a ... poll": the poll speaks (5 to 11: ``phrases``).

Coordinated cues ("said A and said B", "denied A, saying B") split the content: the
first content stops before the second attribution. Content never crosses a line break
(paragraphs, headers), except a colon cue's next paragraph. Speakers are resolved
afterwards (pronouns, definite descriptions) in ``find``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from warledger.claims import labels, phrases, verbs
from warledger.claims.attribution import Attribution
from warledger.claims.lexicon import CUE_VERBS, MAKE_FORMS, POSS_NOUNS, SEEM_WORDS
from warledger.claims.spans import DASH_CHARS, strip_joiners


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in the document, in text order, speakers not yet resolved."""
    found = [attr for sent in doc.sents for tok in sent if (attr := _cascade(tok, sent))]
    return [_cut_before_later(a, found, doc) for a in found]


def _cascade(tok: Token, sent: Span) -> Attribution | None:
    """The attribution of the first pattern that finds one at this token (module docstring)."""
    word = tok.lower_
    # 1. "according to X, ...": the phrase is the cue, X the source
    if word == "according" and (attr := labels.according(tok, sent)):
        return attr
    # 2. a cue verb with its subject, or passive with its agent or nobody
    if attr := verbs.verb_attribution(tok, sent):
        return attr
    # 3. a colon after a short name: "MATTHEWS: ...", "Marco Rubio: ..."
    if tok.text == ":" and (attr := labels.colon(tok, sent)):
        return attr
    # 4. a dash after a quotation, before a name: '"..." \u2015 Jane Doe'
    if tok.text[-1] in DASH_CHARS and (attr := labels.dash(tok, sent)):
        return attr
    # 5. a cue verb tagged as a noun, after its subject: "Trump claims that ..."
    noun_tag = tok.tag_ in ("NN", "NNS") and word in CUE_VERBS
    if noun_tag and (attr := phrases.tagged_noun(tok, sent)):
        return attr
    # 6. a possessed noun of saying: "Trump's call for a ban" (no later pattern reads it)
    if tok.pos_ == "NOUN" and word in POSS_NOUNS:
        return phrases.possessive_noun(tok, sent)
    # 7. "X made (it) clear that ..."
    if word in MAKE_FORMS:
        return phrases.made_clear(tok, sent)
    # 8. a capitalised cue in a Title Case headline: "Le Pen Backs Trump"
    capital = tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "VERB")
    if capital and (attr := phrases.headline(tok, sent)):
        return attr
    # 9. "seems", "appears": the outlet says so
    if word in SEEM_WORDS:
        return phrases.seem(tok)
    # 10. "reportedly": the outlet says so
    if word == "reportedly":
        return phrases.reportedly(tok)
    # 11. "in a ... poll": the poll speaks
    return phrases.in_poll(tok, sent) if word == "in" else None


def _cut_before_later(attr: Attribution, found: list[Attribution], doc: Doc) -> Attribution:
    """'X said A and said B', 'X denied A, saying B': a later cue inside the content
    starts an attribution of its own, so the content stops before it."""
    inside = [b for b in found if attr.cue[0] < b.cue[0] and attr.content[0] < b.cue[0]
              < attr.content[1]]  # fmt: skip
    later = [b for b in inside if b is not attr and _sibling(doc, attr, b)]
    if not later:
        return attr
    second = min(later, key=lambda b: b.cue[0])
    for end in (second.source[0], second.cue[0]):
        content = strip_joiners(doc, attr.content[0], end)
        if content is not None and attr.content[0] < end < attr.content[1]:
            return replace(attr, content=content)
    return attr


def _sibling(doc: Doc, first: Attribution, second: Attribution) -> bool:
    """A second cue coordinated with the first ('said A and said B', 'said A, saying B'),
    not one reported inside its content ('said that he thinks ...')."""
    cue = doc.char_span(*second.cue, alignment_mode="expand")
    head = doc.char_span(*first.cue, alignment_mode="expand")
    if cue is None or head is None:
        return False
    tok = cue[0]
    if any(c.dep_ == "mark" for c in tok.children):
        return False
    if tok.dep_ == "conj":  # on the first cue, or misparsed onto its clause
        on_clause = tok.head.dep_ == "ccomp" and tok.head.head == head[0]
        own_subject = any(c.dep_ in verbs.SUBJECT_DEPS for c in tok.children)
        return tok.head == head[0] or on_clause and not own_subject
    comma = tok.i > 0 and doc[tok.i - 1].text in (",", "\u2014", "--")
    return tok.tag_ == "VBG" and comma and tok.dep_ in ("advcl", "xcomp", "conj", "dep")
