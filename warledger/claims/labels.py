"""Sources named by a phrase or by punctuation: "according to X", "X: ...", '"..." - X'.

* "according to X": the source is X (up to its comma when the parse runs on, or the
  last noun when it made a verb phrase of it), the content the rest of the sentence;
* colon labels: "Marco Rubio: ...", transcript labels ("MATTHEWS: ...", also after
  an opening quote mark), "More from X: ..." (not an interview's "Q:" and "A:", nor
  "Breaking:", ``lexicon.NOT_SPEAKERS``);
* a quotation signed with a dash and a name ('"..." \u2015 Jane Doe'), also with the
  dash glued to the closing mark or the opening mark missing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from warledger.claims.attribution import Attribution, make
from warledger.claims.lexicon import NOT_SPEAKERS
from warledger.claims.spans import (
    CLOSE_MARKS,
    DASHES,
    chars,
    line_bounds,
    quote_before,
    rest_of_sentence,
    span_of,
    trim,
)

# words after "according to" searched for the source when the parse made a verb phrase
# of them ("according to show insiders")
BARE_SOURCE_WORDS = 6
# a label before a colon has at most this many tokens ("Marco Rubio:", "More from X:")
LABEL_MAX_TOKENS = 6
# ... and the words after the colon at least this many
LABEL_MIN_CONTENT_WORDS = 3
# a name signing a quotation after a dash has at most this many tokens
SIGNATURE_MAX_TOKENS = 5
# a line that only closes its quotation has at least this many words before the dash
SIGNED_QUOTE_MIN_WORDS = 3
# up to this many capitalised or upper-case words pass for a name without a name tag
NAME_LIKE_MAX_TOKENS = 2


def according(tok: Token, sent: Span) -> Attribution | None:
    """'According to X, ...': X is the source, the rest of the sentence the content."""
    to = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.lower_ != "according" or to is None or to.lower_ != "to":
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"] or _bare_source(to)
    if not objs:
        return None
    source = span_of(objs[0])
    phrase_end = max(t.i for t in tok.subtree)
    phrase_end_char = chars(tok.doc[phrase_end], tok.doc[phrase_end])[1]
    if tok.doc.text[source[1] : source[1] + 1] in (",", ".") or phrase_end_char < source[1]:
        phrase_end_char = source[1]  # 'According to X, the move reeks ...' (an appositive)
    content = rest_of_sentence(sent, tok.idx, max(phrase_end_char, source[1]))
    comma = tok.doc.text.find(",", objs[0].idx, source[1])
    if content is None and comma > 0:  # 'According to X, the move reeks ...' (misparsed)
        source = (source[0], comma)
        content = rest_of_sentence(sent, tok.idx, comma)
    if content is None:
        return None
    return make(objs[0], source, chars(tok, to), content, "according to", sent)


def _bare_source(to: Token) -> list[Token]:
    """'according to show insiders' parsed as a verb phrase: the last noun before the
    next punctuation mark is the source."""
    words = []
    for t in to.doc[to.i + 1 : to.i + 1 + BARE_SOURCE_WORDS]:
        if t.is_punct or t.is_space or t.sent != to.sent:
            break
        words.append(t)
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1:] if nouns else []


def colon(tok: Token, sent: Span) -> Attribution | None:
    """'Marco Rubio: I'm not interested', 'More from Jones: "..."', transcripts
    ('MATTHEWS: Well, ...'): a short name, no verb, then a colon and the words."""
    doc = tok.doc
    line_start, line_end = line_bounds(doc, tok.idx)
    left = doc.text[line_start : tok.idx]
    cut = max(left.rfind(" - "), left.rfind("\u2014"), left.rfind("More from "))
    start = line_start + (cut + 1 if cut >= 0 else 0)
    while start < tok.idx and doc.text[start] in "\"\u201c'":  # '"WALLACE: Let's start'
        start += 1
    span = doc.char_span(*trim(doc, start, tok.idx), alignment_mode="contract")
    if span is None or not 1 <= len(span) <= LABEL_MAX_TOKENS or span.start >= tok.i:
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") or t.like_num for t in span):
        return None
    if any(t.lower_ in NOT_SPEAKERS for t in span) or not name_like(span):
        return None
    content = trim(doc, tok.idx + 1, line_end)
    if len(doc.text[content[0] : content[1]].split()) < LABEL_MIN_CONTENT_WORDS:
        return None
    head = span.root
    return make(head, chars(span[0], span[-1]), chars(tok, tok), content, "say", sent)


def _dash_at(tok: Token) -> int | None:
    """Where a signature dash stands in the token: the token itself, or glued to the
    closing mark of the quotation before it ('\u201d\u2015', one token for spaCy)."""
    if tok.text in DASHES:
        return tok.idx
    bare = tok.text.lstrip("\"'\u201d\u2019")
    return tok.idx + len(tok.text) - len(bare) if bare != tok.text and bare in DASHES else None


def _signed_quote(doc: Doc, dash: int) -> tuple[int, int] | None:
    """The quotation before a signature dash; a line that only closes its quotation (the
    opening mark missing or mistyped, '\u201dMr. Trump ...\u201d') is quoted from its start."""
    quote = quote_before(doc, dash)
    if quote is not None:
        return quote
    line_start, _ = line_bounds(doc, dash)
    before = doc.text[line_start:dash].rstrip()
    if not before.endswith(CLOSE_MARKS) or len(before.split()) < SIGNED_QUOTE_MIN_WORDS:
        return None
    return line_start, line_start + len(before)


def dash(tok: Token, sent: Span) -> Attribution | None:
    """'"...\u201d \u2015 Jane Doe': a quotation signed with a dash and a name."""
    doc = tok.doc
    mark = _dash_at(tok)
    if mark is None:
        return None
    line_start, line_end = line_bounds(doc, tok.idx)
    quote = _signed_quote(doc, mark)
    end = doc.text.find(",", tok.idx, line_end)
    span = doc.char_span(*trim(doc, tok.idx + len(tok.text), line_end if end < 0 else end),
                         alignment_mode="contract")  # fmt: skip
    if quote is None or span is None or not 1 <= len(span) <= SIGNATURE_MAX_TOKENS:
        return None
    if not name_like(span) or any(t.pos_ in ("VERB", "AUX", "PRON") for t in span):
        return None
    cue = (mark, tok.idx + len(tok.text))
    return make(span.root, chars(span[0], span[-1]), cue, quote, "say", sent)


def name_like(span: Span) -> bool:
    """A name ('Marco Rubio', 'HuffPollster') or a transcript label ('TAPPER', 'Lopez')."""
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in span):
        return True
    short = len(span) <= NAME_LIKE_MAX_TOKENS
    return short and all(t.text.isupper() or t.text.istitle() for t in span)
