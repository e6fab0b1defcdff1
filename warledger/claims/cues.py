"""Learned cues: attributions the patterns (``patterns``) do not catch.

News attributes far more than speech: "Trump made the pledge", "Cruz decided
against ...", "the poll shows ...", "Republicans were incensed". PolNeAR marks
these; no hand-written list covers them. A linear model (averaged perceptron)
scores every verb, noun, adjective and preposition that is not already the cue
or content of a pattern's attribution. Features are local and readable
(``features``): the word itself and its stem (the word without its inflection, alone
and with the frame it takes: a clause, an infinitive, an object, a preposition), its
tag and dependency label, its head's tag, its children's labels, whether the subject
is a name or a person pronoun or can speak at all, whether a clause follows, quote
marks and commas next to it, whether it stands inside a quotation or in a
headline-like line. The only words in the model are the token's
own (a weighted cue lexicon) and closed-class ones (prepositions, pronouns); no
neighbouring words, so the weights file stays small and holds no text.

A token scoring above the model's threshold is a cue, unless it is a deed of
war ("attacked", "shelled": ``DEEDS``, the event itself, not a statement; one named
person attacking another is words); neighbouring cue tokens ("is calling for") make
one cue. Its source is the subject's noun phrase (for an adjective, the subject of
its verb: "Obama is determined to ..."), or for a noun its possessor, or nobody (the
outlet); a noun or an adjective with nobody to say it needs the higher
``speakerless`` score ("is drawing criticism"). Its content is the clause it governs,
else the rest of the sentence. Learned attributions never own a casualty figure
(``claims``): they are too loose for that.

The weights (``data/cue_weights.json``) are trained on the PolNeAR train split by
``python -m warledger.evaluation.train_cues --data ../shared/data``; they hold
word forms, stems, tags and labels with a number each (about 180 KB). Both
thresholds are chosen on held-out train texts, never on dev.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from spacy.tokens import Doc, Token

from warledger.claims import speakers
from warledger.claims.attribution import MIN_CONTENT_CHARS, Attribution
from warledger.claims.lexicon import CUE_VERBS
from warledger.claims.spans import clip, line_bounds, trim

CANDIDATE_POS = {"VERB", "AUX", "NOUN", "ADJ", "ADP", "PROPN"}
QUOTE_CHARS = set("\"\u201c\u201d'\u2018\u2019")
AGENT_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
AGENT_PRONOUNS = {"he", "she", "they", "i", "we", "you"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "prep", "oprd", "attr", "acomp", "advcl", "agent"}
WEIGHTS_FILE = "cue_weights.json"
INFLECTIONS = ("ing", "ed", "es", "s", "e")
MIN_STEM_CHARS = 3  # a stem keeps at least this many characters ("uses" -> "use", not "us")
CONTEXT_CHARS = 4  # characters each side of a token read for quote marks and commas
# a line shorter than this (in characters) that ends no sentence reads as a headline
HEADLINE_CHARS = 120
# a learned content cut short by the patterns' spans keeps at least this many words
MIN_FIT_WORDS = 2
# the frame a word takes: a clause, an infinitive, an object, a preposition ("support for")
FRAME_DEPS = ("ccomp", "xcomp", "dobj", "prep")
# Deeds, not words: in war reporting "rebels attacked the base" is the event itself, never
# somebody's statement, so these are no learned cues (political news "attacks" verbally).
DEEDS = re.compile(
    r"^(?:attack|strik|struck|shell|bomb|kill|raid|ambush|clash|fir(?:e|ed|es|ing)$|assault|"
    r"shot|shoot|target|launch|hit|destroy|captur|seiz|storm|besieg|massacr|execut|abduct|"
    r"kidnap|wound|injur|explod|detonat)",
    re.IGNORECASE,
)


Spans = list[tuple[int, int]]
NEVER = math.inf


class Model(NamedTuple):
    """Feature weights; the score a token needs to be a cue; the score a noun or an
    adjective with nobody to say it needs ("Trump is drawing criticism after ...")."""

    weights: dict[str, float]
    threshold: float
    speakerless: float = NEVER


_active: list[Model] = []  # a model set by ``use`` (training), else the packaged one


@lru_cache(maxsize=1)
def _packaged() -> Model:
    raw = resources.files("warledger").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    weights = {k: float(v) for k, v in data["weights"].items()}
    return Model(weights, float(data["threshold"]), float(data.get("speakerless", NEVER)))


def model() -> Model:
    """The packaged model unless ``use`` set another."""
    return _active[-1] if _active else _packaged()


def use(weights: dict[str, float] | None, threshold: float = 0.0,
        speakerless: float = NEVER) -> None:  # fmt: skip
    """Score with these weights from now on (None: back to the packaged model)."""
    _active.clear()
    if weights is not None:
        _active.append(Model(weights, threshold, speakerless))


def _in_quote(before: str) -> bool:
    return (
        before.count('"') % 2 == 1
        or before.count("\u201c") > before.count("\u201d")
        or before.count("''") % 2 == 1
    )


def _context(tok: Token) -> list[str]:
    """Characters around the token and its neighbours' tags: quotes, commas, line kind."""
    text, a = tok.doc.text, tok.idx
    b = a + len(tok.text)
    left, right = text[max(0, a - CONTEXT_CHARS) : a], text[b : b + CONTEXT_CHARS]
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    ls, le = line_bounds(doc, a)
    line = text[ls:le]
    inq = _in_quote(text[ls:a])
    headline = len(line) < HEADLINE_CHARS and not line.rstrip().endswith((".", '"', "\u201d"))
    return [
        f"ql={any(c in QUOTE_CHARS for c in left)}",
        f"qr={any(c in QUOTE_CHARS for c in right)}",
        f"cl={',' in left}",
        f"cr={',' in right or ':' in right}",
        "pp=" + (prev.pos_ if prev is not None else "<s>"),
        "np=" + (nxt.pos_ if nxt is not None else "</s>"),
        f"first={tok.i == tok.sent.start}",
        f"inq={inq}",
        f"inqp={inq}{tok.pos_}",
        f"head={headline}",
        f"lq={any(c in line for c in chr(34) + chr(0x201C) + chr(0x201D))}",
    ]


def _children(tok: Token) -> list[str]:
    out: list[str] = []
    for k in tok.children:
        out.append(f"c={k.dep_}")
        if k.dep_ in ("nsubj", "nsubjpass"):
            sw = k.lower_ if k.pos_ == "PRON" else "x"
            out += [f"sp={k.pos_}", f"se={k.ent_type_}", f"sw={sw}"]
        if k.dep_ in ("prep", "agent"):
            out.append(f"cp={k.lower_}")
    return out


def subject(tok: Token) -> Token | None:
    """Who speaks: the verb's subject, or a noun's possessor ("Trump's criticism of ...")."""
    deps = ("nsubj",) if tok.pos_ in ("VERB", "AUX") else ("nsubj", "poss")
    return next((k for k in tok.children if k.dep_ in deps), None)


def _named(subj: Token | None) -> bool:
    """The feature 'ag': a name, an organisation or a person pronoun speaks."""
    if subj is None:
        return False
    return subj.pos_ == "PROPN" or subj.ent_type_ in AGENT_ENTS or subj.lower_ in AGENT_PRONOUNS


def features(tok: Token) -> list[str]:
    """The token's features, as strings (the same at training and at run time)."""
    h = tok.head
    lex = tok.lower_ in CUE_VERBS
    subj = subject(tok)
    ag = _named(subj)
    deps = {k.dep_ for k in tok.children}
    stem = word_stem(tok.lower_)
    return [
        "b", f"w={tok.lower_}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}",
        f"hp={h.pos_}", f"dhp={tok.dep_}|{h.pos_}", f"lex={lex}{tok.pos_}",
        f"lexd={lex}{tok.dep_}", *_children(tok), *_context(tok), f"ag={ag}{tok.pos_}",
        f"cc={bool(deps & {'ccomp', 'xcomp'})}{ag}", f"st={stem}",
        f"stc={stem}|{''.join(d[0] for d in FRAME_DEPS if d in deps)}",
        f"sa={subj is not None and speakers.agentive(subj)}{tok.pos_}",
    ]  # fmt: skip


def word_stem(word: str) -> str:
    """The word without its inflection ('questioned', 'questions' -> 'question'), so that
    forms seen once in training share what the others taught."""
    for suffix in INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_CHARS:
            return word[: -len(suffix)]
    return word


def candidates(doc: Doc, found: list[Attribution], quotes: Spans | None = None) -> list[Token]:
    """Tokens the model judges: not part of a found attribution's cue or content, not
    inside a quotation (a cue there is the quoted speaker's, see ``claims``), not in an
    anonymity phrase ("not authorised to speak")."""
    taken = [a.cue for a in found] + [a.content for a in found]
    covered: set[int] = set()
    quoted = speakers.quoted_ranges(doc.text) if quotes is None else quotes
    anonymity = [m.span() for m in speakers.ANON_MARKERS.finditer(doc.text)]  # "not be named"
    for start, end in taken + quoted + anonymity:
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is not None:
            covered.update(range(span.start, span.end))
    return [t for t in doc if t.pos_ in CANDIDATE_POS and t.i not in covered]


def score(tok: Token, weights: dict[str, float]) -> float:
    return sum(weights.get(f, 0.0) for f in features(tok))


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Adjacent cue tokens in one sentence make one cue ("is calling for")."""
    groups: list[list[Token]] = []
    for tok in tokens:
        if groups and tok.i == groups[-1][-1].i + 1 and tok.sent == groups[-1][-1].sent:
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return groups


def _content(group: list[Token], main: Token, cue: tuple[int, int]) -> tuple[int, int] | None:
    """What the cue governs to its right ("decided against [a new tax]"), else the longer
    side of the sentence; on the cue's line."""
    doc = main.doc
    kids = [k for t in group for k in t.children
            if k.dep_ in CONTENT_DEPS | {"pobj", "pcomp"} and k.idx >= cue[1]]  # fmt: skip
    if kids:
        last = max((k.right_edge for k in kids), key=lambda t: t.i)
        span = (min(k.left_edge.idx for k in kids), last.idx + len(last.text))
    else:
        sent = main.sent
        left = trim(doc, sent.start_char, cue[0])
        right = trim(doc, cue[1], sent.end_char)
        span = left if left[1] - left[0] > right[1] - right[0] else right
    span = trim(doc, *clip(doc, main.idx, span))
    return span if span[1] - span[0] >= MIN_CONTENT_CHARS else None


def _copula_subject(adj: Token) -> Token | None:
    """'Obama is determined to warn ...', 'she's frustrated that ...': an adjective's
    speaker is the subject of its verb."""
    if adj.pos_ != "ADJ" or adj.dep_ != "acomp":
        return None
    return next((k for k in adj.head.children if k.dep_ == "nsubj"), None)


def _verbal_attack(verb: Token) -> bool:
    """'Trump attacked Machado', 'she attacked him as a fraud': one named person attacks
    another in words (a deed of war has armed groups, places and units for its parties)."""
    subj = subject(verb)
    objs = [k for k in verb.children if k.dep_ == "dobj"]
    if subj is None or not objs or not verb.lower_.startswith("attack"):
        return False
    person = subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")
    target = objs[0].ent_type_ == "PERSON" or objs[0].lower_ in ("him", "her")
    return person and target


def _attribution(group: list[Token], strong: bool = False) -> Attribution | None:
    """The attribution of one cue group; ``strong``: it scored above the speakerless
    threshold, so a noun or an adjective may stand without a speaker (the outlet's)."""
    main = next((t for t in group if t.pos_ in ("VERB", "AUX")), group[0])
    if DEEDS.match(main.lower_) and not _verbal_attack(main):
        return None
    cue = (group[0].idx, group[-1].idx + len(group[-1].text))
    content = _content(group, main, cue)
    if content is None or speakers.ANON_MARKERS.match(main.doc.text[content[0] : content[1]]):
        return None  # "asked not to be named": how the source speaks, not what it says
    subj = subject(main) or _copula_subject(main)
    if subj is None or subj.lower_ in ("it", "there") or subj.lower_ in speakers.RELATIVE_PRONOUNS:
        if main.pos_ not in ("VERB", "AUX") and not strong:
            return None  # "against a backdrop of ...": nobody says anything
        return Attribution((cue[0], cue[0]), cue, content, "", "media", False, "learned")
    first, last = speakers.np_tokens(subj)
    source = (first.idx, last.idx + len(last.text))
    phrase = " ".join(main.doc.text[source[0] : source[1]].split())
    anonymous = speakers.is_anonymous(subj, main.sent.text)
    name_first, name_last = speakers.name_tokens(subj)
    return Attribution(
        source=source, cue=cue, content=content, speaker=phrase,
        speaker_type=speakers.speaker_type(phrase, anonymous), anonymous=anonymous,
        cue_base="learned", person=speakers.is_person(subj),
        name=" ".join(main.doc.text[name_first.idx : name_last.idx + len(name_last.text)].split()),
        head_word=subj.lower_,
    )  # fmt: skip


def learned_attributions(
    doc: Doc, found: list[Attribution], quotes: Spans | None = None
) -> list[Attribution]:
    """Attributions of the tokens the model scores as cues, beside the patterns' ``found``."""
    weights, threshold, speakerless = model()
    if not weights:
        return []
    scored = {t.i: score(t, weights) for t in candidates(doc, found, quotes)}
    hits = [doc[i] for i, s in scored.items() if s > threshold]
    out = [_attribution(g, max(scored[t.i] for t in g) > speakerless) for g in _groups(hits)]
    fitted = [_fit(doc, a, found) for a in out if a is not None]
    return [a for a in fitted if a is not None]


def _fit(doc: Doc, learned: Attribution, found: list[Attribution]) -> Attribution | None:
    """A learned content stops short of the patterns' attributions (a token belongs to one
    attribution): spans after the cue end it, spans before the cue start it."""
    start, end = learned.content
    for a in found:
        for x, y in (a.source, a.cue, a.content):
            if y > x and x < end and start < y:
                start, end = (start, min(end, x)) if x >= learned.cue[1] else (max(start, y), end)
    start, end = trim(doc, start, end)
    if len(doc.text[start:end].split()) < MIN_FIT_WORDS:  # "appeared [to] suggest"
        return None
    return replace(learned, content=(start, end))
