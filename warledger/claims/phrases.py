"""Attributions whose cue is no verb on the parse, or no verb of saying.

* a cue verb the tagger took for a noun, right after its subject and with a clause
  ("Trump claims that ...", "documents show he took ...");
* a noun of saying or stance with a possessor and a complement ("Trump's call for a
  ban", "his refusal to disavow it"): the possessor speaks (``lexicon.POSS_NOUNS``);
* "X made (it) clear that ...";
* a capitalised third-person cue in a Title Case headline ("Le Pen Backs Trump");
* "seem" / "appear", "reportedly" and "in a ... poll": the outlet's attributions.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from warledger.claims import speakers
from warledger.claims.attribution import Attribution, make, nobody
from warledger.claims.labels import name_like
from warledger.claims.lexicon import (
    CUE_VERBS,
    MAKE_FORMS,
    POLL_NOUNS,
    POSS_NOUNS,
    POSSESSIVE_PRONOUNS,
    TITLE_SMALL,
    cue_of,
)
from warledger.claims.spans import (
    chars,
    clip,
    line_bounds,
    rest_of_sentence,
    same_line,
    span_of,
    trim,
)
from warledger.claims.verbs import is_passive, source_head

SEEM_COMPS = {"xcomp", "acomp", "ccomp", "oprd"}
# a headline in Title Case has this many words (at least, at most) ...
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 3, 25
# ... of which at least this share are capitalised or small words ("on", "the") ...
TITLE_CASE_SHARE = 0.85
# ... and at least this share capitalised
TITLE_UPPER_SHARE = 0.6
# a name before a headline's cue has at most this many tokens
HEADLINE_NAME_MAX_TOKENS = 6
# the content of a headline or of a cue tagged as a noun has at least this many characters
# (a headline's: the words after its cue when longer, else the words before its name)
PHRASE_CONTENT_CHARS = 3
# "made it clear" takes at least this many tokens after "clear" as content
MADE_CLEAR_MIN_TOKENS = 3
# the complement of a possessed noun of saying has at least this many words
POSS_MIN_CONTENT_WORDS = 2


def seem(tok: Token) -> Attribution | None:
    """'he seemed rattled', 'it appears that ...': content is the subject and complement."""
    if tok.dep_ == "aux" and tok.head.tag_ == "VBN" and tok.head.lower_ not in CUE_VERBS:
        return nobody(tok, chars(tok.head.left_edge, tok.head.right_edge), "seem")  # misparse
    comps = [c for c in tok.children if c.dep_ in SEEM_COMPS or c.lower_ == "like"]
    if tok.pos_ not in ("VERB", "AUX") or not comps or any(c.lower_ in CUE_VERBS for c in comps):
        return None  # 'he appeared to suggest ...': the speech verb is the cue
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                and c.lower_ not in {"it", "there"} | speakers.RELATIVE_PRONOUNS]  # fmt: skip
    first = min([s.left_edge for s in subjects] + [c.left_edge for c in comps])
    last = max(c.right_edge for c in comps)
    return nobody(tok, chars(first, last), "seem")


def reportedly(tok: Token) -> Attribution | None:
    """'The group is reportedly spending ...': the clause the adverb modifies."""
    head = tok.head
    if head is tok or head.pos_ not in ("VERB", "AUX"):
        return None
    return nobody(tok, chars(head.left_edge, head.right_edge), "report")


def in_poll(tok: Token, sent: Span) -> Attribution | None:
    """'In an NBC News poll released Monday, 50 percent ...': the poll is the source."""
    objs = [c for c in tok.children if c.dep_ == "pobj" and c.lower_ in POLL_NOUNS]
    if not objs or not (tok.i == tok.sent.start or _specific(objs[0])):
        return None
    source = span_of(objs[0])
    content = rest_of_sentence(sent, min(tok.idx, source[0]), source[1])
    if content is None:
        return None
    return make(objs[0], source, chars(tok, tok), content, "say", sent)


def _specific(noun: Token) -> bool:
    """'a poll', 'an NBC News poll' (not 'the polls', 'in polling')."""
    return any(c.lower_ in ("a", "an") or c.pos_ == "PROPN" for c in noun.lefts)


def _title_line(text: str) -> bool:
    """A headline in Title Case ('Hillary Clinton Slams Donald Trump On Abortion')."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS:
        return False
    upper = sum(w[0].isupper() for w in words)
    small = sum(w.lower() in TITLE_SMALL for w in words if not w[0].isupper())
    cased = upper + small >= TITLE_CASE_SHARE * len(words)
    return cased and upper >= TITLE_UPPER_SHARE * len(words)


def headline(tok: Token, sent: Span) -> Attribution | None:
    """'Marine Le Pen Backs Trump': a capitalised third-person cue in a headline (often
    tagged as a name) after a short name; the content is the rest of the headline."""
    base = CUE_VERBS.get(tok.lower_)
    if base is None or not tok.text[0].isupper() or not tok.lower_.endswith("s"):
        return None
    doc = tok.doc
    line_start, line_end = line_bounds(doc, tok.idx)
    if tok.lower_ == base or not _title_line(doc.text[line_start:line_end]):
        return None
    first = tok.i
    while first > 0 and doc[first - 1].idx >= line_start and not _boundary(doc[first - 1]):
        first -= 1
    name = doc[first : tok.i]
    if not 1 <= len(name) <= HEADLINE_NAME_MAX_TOKENS:
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON", "DET") for t in name):
        return None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if not name_like(name) or after is None or after.is_punct or after.pos_ == "AUX":
        return None
    right = trim(doc, tok.idx + len(tok.text), line_end)
    left = trim(doc, line_start, name.start_char)
    content = right if right[1] - right[0] > PHRASE_CONTENT_CHARS else left
    if content[1] - content[0] < PHRASE_CONTENT_CHARS:
        return None
    return make(name.root, chars(name[0], name[-1]), chars(tok, tok), content, base, sent)


def _boundary(tok: Token) -> bool:
    return tok.is_punct and tok.text not in ("'s", "\u2019s", ".")


def made_clear(tok: Token, sent: Span) -> Attribution | None:
    """'Trump made (it) clear that he would not back down': the clause after 'clear'."""
    clear = [c for c in tok.children if c.lower_ == "clear" and c.i > tok.i]
    head = source_head(tok)
    if tok.lower_ not in MAKE_FORMS or not clear or head is None or is_passive(tok):
        return None
    if any(t.lower_ != "it" for t in tok.doc[tok.i + 1 : clear[0].i]):
        return None  # 'made this clear:', 'made its position clear'
    after = [t for t in tok.subtree if t.i > clear[0].i]
    while after and after[-1].is_punct:
        after.pop()
    if len(after) < MADE_CLEAR_MIN_TOKENS or not same_line(tok.doc, head.idx, tok.idx):
        return None
    content = trim(tok.doc, *clip(tok.doc, tok.idx, chars(after[0], after[-1])))
    cue = chars(tok, clear[0])
    return make(head, span_of(head), cue, content, "make clear", sent)


def possessive_noun(tok: Token, sent: Span) -> Attribution | None:
    """'Trump's call for a ban', 'his refusal to disavow it': the possessor speaks, the
    noun is the cue and its complement (a preposition, an infinitive, a clause) the content."""
    words = POSS_NOUNS[tok.lower_].split()
    owners = [c for c in tok.children if c.dep_ == "poss"]
    owner = owners[0] if owners else None
    if owner is None or not (owner.lower_ in POSSESSIVE_PRONOUNS or speakers.agentive(owner)):
        return None
    comps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in words
             or c.dep_ in ("acl", "ccomp") and ("to" in words or "that" in words)]  # fmt: skip
    if not comps or not same_line(tok.doc, owner.idx, tok.idx):
        return None
    words_span = chars(comps[0].left_edge, comps[0].right_edge)
    content = trim(tok.doc, *clip(tok.doc, tok.idx, words_span))
    if len(tok.doc.text[content[0] : content[1]].split()) < POSS_MIN_CONTENT_WORDS:
        return None
    attr = make(owner, span_of(owner), chars(tok, tok), content, "say", sent)
    return replace(attr, head_word=POSSESSIVE_PRONOUNS.get(attr.head_word, attr.head_word))


def tagged_noun(tok: Token, sent: Span) -> Attribution | None:
    """'Trump claims that ...', 'her doctor maintains.', 'documents show he took ...': a cue
    verb the tagger took for a noun, right after its subject, with a clause (or alone at
    the root); the content is the rest of the sentence."""
    doc = tok.doc
    cue = cue_of(tok.lower_)
    if cue is None or tok.i == 0 or tok.i + 1 >= len(doc):
        return None
    ccomp = any(c.dep_ == "ccomp" for c in tok.children)
    clause = ccomp or doc[tok.i + 1].lower_ == "that"
    inflected = cue.base != tok.lower_ and tok.lower_.endswith("s") and tok.dep_ == "ROOT"
    clause_only = cue.needs_clause and not cue.takes_object
    if not (clause or inflected and not clause_only):
        return None
    subj = doc[tok.i - 1]
    noun = subj.pos_ == "NOUN" and (ccomp or speakers.agentive(subj) or subj.text.istitle())
    speaks = subj.pos_ == "PROPN" or subj.lower_ in speakers.PERSON_PRONOUNS or noun
    if not speaks or subj.sent != tok.sent:
        return None
    first = subj
    while first.i > sent.start and _in_noun_phrase(doc[first.i - 1]):
        first = doc[first.i - 1]
    core = (first.idx, tok.idx + len(tok.text))
    comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
    if comps:
        content: tuple[int, int] | None = chars(comps[0].left_edge, comps[0].right_edge)
    elif clause:
        content = trim(doc, core[1], min(sent.end_char, line_bounds(doc, tok.idx)[1]))
    else:
        content = rest_of_sentence(sent, *core)
    if content is None or content[1] - content[0] < PHRASE_CONTENT_CHARS:
        return None
    return make(subj, chars(first, subj), chars(tok, tok), content, cue.base, sent)


def _in_noun_phrase(tok: Token) -> bool:
    """A word that can stand before a subject's head ("the Democratic candidate's")."""
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "DET") or tok.tag_ in ("PRP$", "POS")
