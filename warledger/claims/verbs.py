"""The cue verb pattern: a verb of ``lexicon.CUE_TABLE`` with its subject as the source.

The verb's row (``lexicon.Cue``) says which of its dependents are content. The content is
the first of:

* the clause it governs, to the right ("X said that ...", "X called the bombing ...";
  for ``needs_clause`` verbs only a clause, or an object when ``takes_object``; an
  addressee's object is no content: "told reporters"); an infinitive when ``xcomp``
  ("is calling for the US to ..."); a question when ``question`` ("asked them if ...");
  the object of the row's prepositions ("spoke about", not "spoke at a rally");
* the text before the source and cue ("..., the official said", '"...," said X');
* a quotation right before the source and cue, in curly, straight or doubled
  apostrophe marks ("''Is he running?'' asked Mr. X", "''...'' it added");
* the rest of the sentence when the cue is set off inside it ("Time, he added, was on
  our side"; "As Politico reported, ..." when ``as_clause``);
* the next paragraph when the cue ends its line with a colon ("He said:\\n\\n\\"...\\"");
* else the rest of the sentence, unless the verb ``needs_clause``.

The source is the subject, or the subject of the verb the cue hangs on ("went on to say",
"responded by saying"), or the noun a participle or relative clause modifies ("a
reporter describing ...", "the Observatory, which confirmed 20 dead"). "Asked if ...,
X said ..." and '"...," X said when asked ...': the participle is a cue of its own and
the main cue's content leaves it out. A gerund after "for" / "about" ("criticized him
for supporting it") is no cue. A cue inside another's clause whose content would take
in that governing cue ("Trump says he doesn't believe it") is dropped.

Passive cues: a ``passive`` verb attributes with no agent ("X is expected to win"; the
outlet speaks); any cue verb attributes with a "by" agent ("was backed by most voters").
Any verb set off against a quotation ('..."," Keidis continued.') acts as "say".
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from warledger.claims import speakers
from warledger.claims.attribution import MIN_CONTENT_CHARS, Attribution, make
from warledger.claims.lexicon import (
    CUE_VERBS,
    CUES,
    DOCUMENT_NOUNS,
    QUESTION_WORDS,
    STATEMENT_NOUNS,
    TOPIC_PREPS,
    Cue,
    cue_of,
)
from warledger.claims.spans import (
    CLOSE_MARKS,
    OPEN_MARKS,
    chars,
    clip,
    line_bounds,
    quote_before,
    rest_of_sentence,
    same_line,
    span_of,
    trim,
)

CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "parataxis"}
SUBJECT_DEPS = ("nsubj",)
INHERIT_DEPS = ("conj", "xcomp", "advcl", "prep")  # a cue takes the subject of its head
# a cue takes the subject of a head at most this many heads up ("went on to say")
INHERIT_HOPS = 3
# content before the source and cue must be longer than this (in characters)
LEFT_CONTENT_CHARS = 3
# characters after a verb searched for a comma (or colon) and an opening quote mark
QUOTE_AFTER_CHARS = 5
# at most this many words between a closing quote mark and a verb it sets off
# ('"...," Keidis continued')
QUOTE_WORDS_BEFORE = 4


def source_head(cue: Token) -> Token | None:
    """The subject that speaks: nsubj, or inherited through conj / xcomp / advcl / acl /
    a preposition ("went on to say", "responded by saying", "pivoted to arguing")."""
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    if subjects:  # two subjects (a misparse): the one next to the cue speaks
        return min(subjects, key=lambda c: abs(c.i - cue.i))
    if any(c.dep_ in ("nsubjpass", "expl") for c in cue.children):
        return None
    if _asked_after_quote(cue):
        return source_head(cue.head.head)
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i:
        return cue.head if speakers.agentive(cue.head) else None
    return _inherited_subject(cue)


def _asked_after_quote(cue: Token) -> bool:
    """'said "We'll see," when asked ...': the participle hangs on the quoted clause."""
    on_clause = cue.head.dep_ == "ccomp" and cue.head.head.lower_ in CUE_VERBS
    return cue.dep_ == "advcl" and cue.tag_ == "VBN" and on_clause


def _inherited_subject(cue: Token) -> Token | None:
    tok = cue
    if cue.dep_ == "conj" and cue.head.dep_ == "ccomp" and cue.head.head.lower_ in CUE_VERBS:
        tok = cue.head  # 'He said A has B and said C' (the second 'said' hung on 'has')
    for _ in range(INHERIT_HOPS):
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head
        if tok.dep_ not in INHERIT_DEPS or tok.head.pos_ not in ("VERB", "AUX"):
            return None
        tok = tok.head
        heads = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if heads:
            return heads[0]
    return None


def _statement_agent(head: Token) -> Token:
    """'Statements carried by Syrian television' -> 'television stations' speaks."""
    if head.lower_ not in STATEMENT_NOUNS:
        return head
    for tok in head.subtree:
        if tok.dep_ in ("agent", "prep") and tok.lower_ in ("by", "from", "of"):
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return head


def _content_children(verb: Token, source: Token | None) -> list[Token]:
    skip: set[Token] = set()
    if source is not None:
        first, last = speakers.np_tokens(source)
        skip = set(verb.doc[first.i : last.i + 1])
    return [c for c in verb.children if c.dep_ in CONTENT_DEPS and c not in skip]


def _right_content(verb: Token, source: Token | None, cue: Cue) -> tuple[int, int] | None:
    """What the verb governs to its right, as its row allows."""
    kids = [c for c in _content_children(verb, source) if c.i > verb.i]
    if cue.addressee and not any(c.dep_ == "dative" for c in verb.children):
        kids = [c for c in kids if c.dep_ != "dobj"]  # "told reporters": who was told
    if cue.needs_clause:
        allowed = {"ccomp", "parataxis"} | ({"xcomp"} if cue.xcomp else set())
        objects = cue.characterizes or cue.takes_object
        if objects or cue.document_object and _document(source):
            allowed |= {"dobj", "oprd"}
        kids = [c for c in kids if c.dep_ in allowed]
    if cue.question:  # "asked the students if they were serious" (the clause as advcl)
        kids += [c for c in verb.rights if c.dep_ == "advcl" and _question(c)]
    if cue.takes_object:  # "is calling for the US to step up" ('for' parsed as a mark)
        kids += [c for c in verb.rights if c.dep_ == "advcl"
                 and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]  # fmt: skip
    preps = cue.content_preps()
    kids += [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"]
    kids += [g for c in verb.rights if c.dep_ == "prep" and c.lower_ in preps - {"as"}
             for g in c.children if g.dep_ in ("pobj", "pcomp")]  # fmt: skip
    if not kids:
        return None
    first = min(k.left_edge for k in kids)
    last = _before_asked(first, max(k.right_edge for k in kids))
    return chars(first, last) if last.i >= first.i else None


def _before_asked(first: Token, last: Token) -> Token:
    """'said "We'll see," when asked whether ...': the content stops before the question."""
    doc = first.doc
    asked = [t for t in doc[first.i : last.i + 1] if t.dep_ == "advcl" and t.tag_ == "VBN"
             and CUE_VERBS.get(t.lower_) == "ask" and t.left_edge.i > first.i]  # fmt: skip
    if not asked:
        return last
    last = doc[asked[0].left_edge.i - 1]
    while last.i > first.i and (last.is_punct and not last.is_quote):
        last = doc[last.i - 1]
    return last


def _question(clause: Token) -> bool:
    """An indirect question: 'if ...', 'whether ...', 'who ...'."""
    return any(c.dep_ in ("mark", "advmod", "nsubj", "dobj") and c.lower_ in QUESTION_WORDS
               and c.i < clause.i for c in clause.children)  # fmt: skip


def _after_asked(verb: Token, sent: Span) -> Span:
    """'Asked if he was bullied, the candidate said no': the participle is a cue of its
    own, so the main cue's sentence starts after it."""
    asked = [c for c in verb.lefts if c.dep_ == "advcl" and c.tag_ == "VBN"
             and CUE_VERBS.get(c.lower_) == "ask" and c.i == sent.start]  # fmt: skip
    if not asked:
        return sent
    end = asked[0].right_edge.i + 1
    return sent.doc[end : sent.end] if end < verb.i else sent


def _document(source: Token | None) -> bool:
    """A document, a poll or an organisation ('the poll', 'video of ...', 'the company')."""
    if source is None:
        return False
    return source.lower_ in DOCUMENT_NOUNS or source.ent_type_ in ("ORG", "NORP")


def _left_content(verb: Token, core_start: int, sent: Span) -> tuple[int, int] | None:
    """Content before the source and cue ('"...," the official said')."""
    left_kids = [c for c in _content_children(verb, None) if c.i < verb.i]
    embedded = verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i
    if not left_kids and not embedded:
        return None
    line_start, _ = line_bounds(sent.doc, core_start)
    start = max(sent.start_char, line_start)
    before = sent.doc.text[start:core_start].rstrip()
    if not before.endswith((",", '"', "\u201d", "'", "\u2019", ":", "\u2014", "--")):
        return None
    return (start, core_start) if core_start - start > LEFT_CONTENT_CHARS else None


def verb_attribution(verb: Token, sent: Span) -> Attribution | None:
    """The attribution of a cue verb (active or passive), or None."""
    cue = cue_of(verb.lower_) or _quote_verb(verb)
    if cue is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.tag_ == "VBN" and is_passive(verb):
        return _passive_attribution(verb, cue, sent)
    if cue.passive_only or _topic_gerund(verb):
        return None
    head = source_head(verb)
    if head is None or head.lower_ == "there" or head.lower_ == "it" and not cue.it_subject:
        return None
    head = _statement_agent(head)
    if not same_line(verb.doc, head.idx, verb.idx):
        return None
    source = span_of(head)
    sent = _after_asked(verb, sent)
    core_start = min(source[0], verb.idx)
    content = _right_content(verb, head, cue) or _left_content(verb, core_start, sent)
    content = content or quote_before(verb.doc, core_start) or _aside(verb, sent, source, cue)
    content = content or _next_paragraph(verb)
    if content is None and not cue.needs_clause:
        content = rest_of_sentence(sent, core_start, max(source[1], verb.idx + len(verb.text)))
    if content is None:
        return None
    content = trim(verb.doc, *clip(verb.doc, verb.idx, content))
    if content[1] - content[0] < MIN_CONTENT_CHARS or _holds_governor(verb, content):
        return None
    if speakers.ANON_MARKERS.match(verb.doc.text[content[0] : content[1]]):
        return None  # "asked not to be named": how the source speaks, not what it says
    return make(head, source, chars(verb, verb), content, cue.base, sent)


def _topic_gerund(verb: Token) -> bool:
    """'criticized him for not supporting Cruz', 'talked about being
    called ...': a gerund after a preposition of reason or topic names a speech act, it
    reports none."""
    return verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in TOPIC_PREPS


def _holds_governor(verb: Token, content: tuple[int, int]) -> bool:
    """'Trump says he doesn't believe in it': a cue inside another's clause whose content
    would be the governing attribution ('Trump says') is no attribution of its own."""
    text = verb.doc.text
    return any(content[0] <= a.idx < verb.idx and a.lower_ in CUE_VERBS and a.pos_ == "VERB"
               and not any(m in text[a.idx : verb.idx] for m in CLOSE_MARKS + ("\u201c",))
               for a in verb.ancestors)  # fmt: skip


def _aside(verb: Token, sent: Span, source: tuple[int, int], cue: Cue) -> tuple[int, int] | None:
    """'Time, he added, was on our side', 'As Politico reported, ...': the cue is set
    off inside the sentence it attributes, whose rest is the content."""
    as_clause = (
        verb.dep_ == "advcl"
        and cue.as_clause
        and any(c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ == "xcomp" for c in verb.children)
    )
    if not (as_clause or verb.dep_ == "parataxis" and verb.head.i > verb.i):
        return None
    ends = [t for t in verb.subtree if not t.is_punct] if as_clause else [verb]
    core = (min(source[0], ends[0].idx), max(source[1], ends[-1].idx + len(ends[-1].text)))
    return rest_of_sentence(sent, *core)


def _next_paragraph(verb: Token) -> tuple[int, int] | None:
    """'He said:' ending its line: the content is the next paragraph."""
    doc = verb.doc
    end = verb.idx + len(verb.text)
    _, line_end = line_bounds(doc, verb.idx)
    if doc.text[end:line_end].strip() != ":":
        return None
    start = len(doc.text[:line_end]) + len(doc.text[line_end:]) - len(doc.text[line_end:].lstrip())
    if start >= len(doc.text):
        return None
    return trim(doc, *line_bounds(doc, start))


def _quote_verb(verb: Token) -> Cue | None:
    """Any verb set off against a quotation ('..."," Keidis continued.') acts as "say"."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    text, end = verb.doc.text, verb.idx + len(verb.text)
    after = text[end : end + QUOTE_AFTER_CHARS].lstrip()
    if after[:1] in ",:" and after[1:].lstrip().startswith(OPEN_MARKS):
        return CUES["say"]
    before = text[max(0, verb.sent.start_char) : verb.idx].rstrip()
    close = max(before.rfind(mark) for mark in ("\u201d", "''"))
    words_before = len(before[close:].split()) - 1
    ends_quote = close > 0 and before[close - 1] in ",?!\u2014-"  # '"...," Keidis continued'
    if ends_quote and words_before <= QUOTE_WORDS_BEFORE and verb.i + 1 < len(verb.doc):
        return CUES["say"] if verb.doc[verb.i + 1].is_punct else None
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _passive_attribution(verb: Token, cue: Cue, sent: Span) -> Attribution | None:
    """'X is expected to win', 'Trump was asked about ...', 'claimed by IS': the source is
    the agent, or nobody (an empty span: the outlet itself reports it)."""
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children
              if p.dep_ == "pobj"]  # fmt: skip
    if not cue.passive and not agents:
        return None  # 'was backed by 6 in 10 voters', 'echoed by O'Malley': any cue verb
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"
                and c.lower_ not in ("it", "there")]  # fmt: skip
    content = None
    if not cue.passive and subjects and subjects[0].lower_ not in speakers.RELATIVE_PRONOUNS:
        # 'the plan was backed by X on Friday': the plan
        content = span_of(subjects[0])
    content = content or _right_content(verb, None, cue if cue.takes_object else CUES["say"])
    if content is None and subjects:
        content = span_of(subjects[0])
    if content is None:
        return None
    content = trim(verb.doc, *clip(verb.doc, verb.idx, content))
    cue_span = chars(verb, verb)
    if agents and same_line(verb.doc, agents[0].idx, verb.idx):
        return make(agents[0], span_of(agents[0]), cue_span, content, cue.base, sent)
    nobody = (verb.idx, verb.idx)
    return Attribution(nobody, cue_span, content, "", "media", False, cue.base)
