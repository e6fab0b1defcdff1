"""Claims: who says what, with the casualty figure it carries.

Attributions are found on the dependency parse:

* a cue verb ("said", "told", "confirmed", "estimated", "called", "described" ...,
  ``CUE_VERBS``) with its subject as the source; content is the clause it
  governs (to the right: "X said that ...", "X called the bombing ...") or the
  text before the source and cue ("..., the official said", '"...," said X');
* "according to X": the source is X, the content the rest of the sentence;
* a participle on a noun ("a reporter describing ...") or a relative clause
  ("the Observatory, which confirmed 20 dead") takes the noun as its source.

Content never crosses a line break (paragraphs, headers).

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
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from warledger import speakers
from warledger.quantities import Figure, casualty_figures
from warledger.records import Article, Claim, ClaimKind, SpeakerType

IRREGULAR = {
    "say": "said", "tell": "told", "think": "thought", "write": "wrote written",
    "know": "knew known", "feel": "felt", "show": "showed shown", "find": "found",
    "admit": "admitted admitting admits", "hear": "heard", "speak": "spoke spoken",
    "tweet": "tweeted", "predict": "predicted", "give": "gave given",
}  # fmt: skip
def _words(text: str) -> list[str]:
    return text.split()


CUE_BASES_TEXT = (
    "say tell confirm claim estimate report add state announce call describe note explain "
    "argue warn insist suggest write tweet ask deny accuse acknowledge admit declare allege "
    "assert contend maintain reply respond predict promise vow pledge urge criticize "
    "criticise praise blame threaten reveal indicate testify comment recall observe stress "
    "emphasize emphasise complain charge concede agree believe think hope expect fear worry "
    "know feel want show find doubt dismiss condemn denounce label brand quote cite post "
    "remark boast demand propose recommend question decline refuse accuse signal hint "
    "caution joke lament admit mention point continue conclude exclaim interrupt speak talk "
    "discuss mock thank endorse support back slam blast defend reject oppose challenge "
    "consider plan intend prefer learn vote insist estimate contend recommend acknowledge "
    "refer sound"
)
CUE_BASES = list(dict.fromkeys(_words(CUE_BASES_TEXT)))
# verbs that are attributions only with a clause, a quote or content to the left
NEEDS_CLAUSE = {"add", "call", "ask", "show", "find", "want", "know", "feel", "post",
                "point", "charge", "question", "decline", "refuse", "hope", "expect",
                "report", "state", "agree", "note", "praise", "blame", "quote", "cite",
                "indicate", "signal", "recall", "observe", "respond", "reply", "continue",
                "conclude", "interrupt", "speak", "talk", "discuss", "plan", "intend",
                "consider", "learn", "vote", "prefer", "refer", "sound", "back", "support",
                "mock", "thank", "defend", "challenge", "reject", "oppose"}  # fmt: skip
XCOMP_OK = {"want", "hope", "expect", "decline", "refuse", "promise", "vow", "pledge",
            "threaten", "agree", "plan", "intend", "consider", "prefer"}  # fmt: skip
CHARACTERIZATION_BASES = {"call", "describe", "label", "brand", "term", "denounce", "condemn"}
ATTACK_WORDS = re.compile(
    r"\b(?:attack\w*|strikes?|struck|airstrikes?|air strikes?|shell\w*|bomb\w*|raid\w*|"
    r"ambush\w*|clash\w*|fir(?:e|ed|ing) on|assault\w*|offensive|explosion|blast|"
    r"rocket\w*|missiles?|artillery|targeted|killed|skirmish\w*)\b",
    re.IGNORECASE,
)
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "parataxis"}
ADDRESSEE_VERBS = {"tell", "ask", "thank", "urge", "warn", "inform", "assure", "remind"}
STATEMENT_NOUNS = {"statement", "statements", "report", "reports", "footage", "images",
                   "video", "comments", "remarks", "communique", "tweet", "post", "data",
                   "figures"}  # fmt: skip
SUBJECT_DEPS = ("nsubj",)


def _inflect(base: str) -> set[str]:
    forms = {base, *IRREGULAR.get(base, "").split()}
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + ("es" if base.endswith(("s", "sh", "ch")) else "s")}
        forms |= {stem + "ed", stem + "ing"} if base not in ("say", "tell") else {base + "ing"}
    return forms


CUE_VERBS: dict[str, str] = {f: b for b in CUE_BASES for f in _inflect(b)}


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


def _clean(text: str) -> str:
    return " ".join(text.split())


def _chars(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Character range of the line (paragraph) that holds character ``i``."""
    start = doc.text.rfind("\n", 0, i) + 1
    end = doc.text.find("\n", i)
    return start, len(doc.text) if end < 0 else end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and punctuation (not quote marks) from both ends of a character range."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",;:.-–—("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—("):
        end -= 1
    return start, end


def _source_head(cue: Token) -> Token | None:
    """The subject that speaks: nsubj, or inherited through conj / xcomp / advcl / acl."""
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        return subjects[0]
    if any(c.dep_ in ("nsubjpass", "expl") for c in cue.children):
        return None
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i:
        return cue.head
    if cue.dep_ in ("conj", "xcomp", "advcl") and cue.head.pos_ in ("VERB", "AUX"):
        heads = [c for c in cue.head.children if c.dep_ in SUBJECT_DEPS]
        return heads[0] if heads else None
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


def _content_children(cue: Token, source: Token | None) -> list[Token]:
    skip: set[Token] = set()
    if source is not None:
        first, last = speakers.np_tokens(source)
        skip = set(cue.doc[first.i : last.i + 1])
    return [c for c in cue.children if c.dep_ in CONTENT_DEPS and c not in skip]


def _right_content(cue: Token, source: Token | None, base: str) -> tuple[int, int] | None:
    kids = [c for c in _content_children(cue, source) if c.i > cue.i]
    if base in ADDRESSEE_VERBS:  # "told reporters": the object is who was told
        kids = [c for c in kids if c.dep_ != "dobj"]
    if base in NEEDS_CLAUSE:
        allowed = {"ccomp", "parataxis"} | ({"xcomp"} if base in XCOMP_OK else set())
        allowed |= {"dobj", "oprd"} if base in CHARACTERIZATION_BASES else set()
        kids = [c for c in kids if c.dep_ in allowed]
    kids += [c for c in cue.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if not kids:
        return None
    first = min(k.left_edge for k in kids)
    last = max(k.right_edge for k in kids)
    return _chars(first, last)


def _left_content(cue: Token, core_start: int, sent: Span) -> tuple[int, int] | None:
    """Content before the source and cue ('"...," the official said')."""
    left_kids = [c for c in _content_children(cue, None) if c.i < cue.i]
    embedded = cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i
    if not left_kids and not embedded:
        return None
    line_start, _ = _line_bounds(sent.doc, core_start)
    start = max(sent.start_char, line_start)
    before = sent.doc.text[start:core_start].rstrip()
    if not before.endswith((",", '"', "\u201d", "'", "\u2019", ":", "\u2014", "--")):
        return None
    return (start, core_start) if core_start - start > 3 else None


def _span_of(head: Token) -> tuple[int, int]:
    first, last = speakers.np_tokens(head)
    return _chars(first, last)


def _verb_attribution(cue: Token, sent: Span) -> Attribution | None:
    base = CUE_VERBS.get(cue.lower_) or _quote_verb(cue)
    if base is None or cue.pos_ not in ("VERB", "AUX") or cue.tag_ == "VBN" and _passive(cue):
        return None
    head = _source_head(cue)
    if head is None or head.lower_ in ("it", "there") and base != "say":
        return None
    head = _statement_agent(head)
    if not _same_line(cue.doc, head.idx, cue.idx):
        return None
    source = _span_of(head)
    core_start = min(source[0], cue.idx)
    content = _right_content(cue, head, base) or _left_content(cue, core_start, sent)
    if content is None and base not in NEEDS_CLAUSE:
        content = _rest_of_sentence(sent, min(source[0], cue.idx), max(source[1], cue.idx))
    if content is None:
        return None
    content = _trim(cue.doc, *_clip(cue.doc, cue.idx, content))
    if content[1] - content[0] < 2:
        return None
    return _make(head, source, _chars(cue, cue), content, base, sent)


def _same_line(doc: Doc, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in doc.text[lo:hi]


def _quote_verb(cue: Token) -> str | None:
    """Any verb set off against a quotation ('..."," Keidis continued.') acts as a cue."""
    if cue.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in cue.children):
        return None
    after = cue.doc.text[cue.idx + len(cue.text) : cue.idx + len(cue.text) + 4].lstrip()
    if after[:1] in ",:" and after[1:].lstrip()[:1] in speakers.OPEN_QUOTES:
        return "say"
    before = cue.doc.text[max(0, cue.sent.start_char) : cue.idx].rstrip()
    words_before = len(before.split()) - len(before.rsplit("\u201d", 1)[0].split())
    if before.rsplit("\u201d", 1)[0] != before and words_before <= 4 and cue.i + 1 < len(cue.doc):
        return "say" if cue.doc[cue.i + 1].is_punct else None
    return None


def _passive(cue: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in cue.children)


def _clip(doc: Doc, anchor: int, span: tuple[int, int]) -> tuple[int, int]:
    """Keep a content range on the line of its cue."""
    line_start, line_end = _line_bounds(doc, anchor)
    return max(span[0], line_start), min(span[1], line_end)


def _rest_of_sentence(sent: Span, core_start: int, core_end: int) -> tuple[int, int] | None:
    """The sentence minus the attribution core: the longer side, or all if split."""
    line_start, line_end = _line_bounds(sent.doc, core_start)
    start, end = max(sent.start_char, line_start), min(sent.end_char, line_end)
    left, right = _trim(sent.doc, start, core_start), _trim(sent.doc, core_end, end)
    left_len, right_len = left[1] - left[0], right[1] - right[0]
    if left_len > 15 and right_len > 15:
        return left[0], right[1]
    if max(left_len, right_len) < 3:
        return None
    return left if left_len >= right_len else right


def _according(tok: Token, sent: Span) -> Attribution | None:
    to = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.lower_ != "according" or to is None or to.lower_ != "to":
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    source = _span_of(objs[0])
    phrase_end = max(t.i for t in tok.subtree)
    phrase_end_char = _chars(tok.doc[phrase_end], tok.doc[phrase_end])[1]
    content = _rest_of_sentence(sent, tok.idx, max(phrase_end_char, source[1]))
    if content is None:
        return None
    return _make(objs[0], source, _chars(tok, to), content, "according to", sent)


def _make(
    head: Token,
    source: tuple[int, int],
    cue: tuple[int, int],
    content: tuple[int, int],
    base: str,
    sent: Span,
) -> Attribution:
    doc = head.doc
    anonymous = speakers.is_anonymous(head, sent.text)
    phrase = doc.text[source[0] : source[1]]
    name_first, name_last = speakers.name_tokens(head)
    return Attribution(
        source=source,
        cue=cue,
        content=content,
        speaker=_clean(phrase),
        speaker_type=speakers.speaker_type(phrase, anonymous),
        anonymous=anonymous,
        cue_base=base,
        person=speakers.is_person(head),
        name=_clean(doc.text[name_first.idx : name_last.idx + len(name_last.text)]),
        head_word=head.lower_,
    )


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in the document, in text order, speakers not yet resolved."""
    found = []
    for sent in doc.sents:
        for tok in sent:
            attr = _according(tok, sent) if tok.lower_ == "according" else None
            attr = attr or _verb_attribution(tok, sent)
            if attr is not None:
                found.append(attr)
    return found


def _antecedent(attr: Attribution, earlier: list[Attribution], doc: Doc) -> Attribution | None:
    word = attr.head_word
    named = [a for a in reversed(earlier) if not a.resolved or a.name]
    if word in speakers.PERSON_PRONOUNS:
        match = next((a for a in named if a.person and a.head_word not in speakers.GROUP_PRONOUNS),
                     None)  # fmt: skip
        return match or _person_entity(doc, attr.source[0])
    if word in speakers.GROUP_PRONOUNS:
        return _sentence_subject(doc, attr) or next((a for a in named if not a.person), None)
    return next((a for a in named if _same_head(a.head_word, word)), None)


def _sentence_subject(doc: Doc, attr: Attribution) -> Attribution | None:
    """'The coalition killed ... in response to what it said': 'it' is the first noun phrase."""
    span = doc.char_span(*attr.source, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    for chunk in doc.noun_chunks:
        if chunk.start < sent.start or not _same_line(doc, chunk.start_char, span.start_char):
            continue
        if chunk.start >= span.start:
            break
        if chunk.root.pos_ in ("NOUN", "PROPN"):
            phrase = _clean(doc.text[chunk.start_char : chunk.end_char])
            return Attribution(attr.source, attr.cue, attr.content, phrase,
                               speakers.speaker_type(phrase, False), False, "", name=phrase)
    return None


def _same_head(a: str, b: str) -> bool:
    return a.rstrip("s") == b.rstrip("s")


def _person_entity(doc: Doc, before: int) -> Attribution | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= before]
    if not people:
        return None
    name = _clean(people[-1].text)
    return Attribution((0, 0), (0, 0), (0, 0), name, "other", False, "", person=True, name=name)


def _needs_resolution(attr: Attribution, doc: Doc) -> bool:
    word = attr.head_word
    if word in speakers.PERSON_PRONOUNS | speakers.GROUP_PRONOUNS:
        return True
    first = doc.char_span(*attr.source, alignment_mode="expand")
    if first is None or len(first) > 4:
        return False
    return first[0].lower_ in speakers.DEFINITE_DETS and not any(
        t.pos_ == "PROPN" or t.ent_type_ for t in first
    )


def resolve_speakers(attrs: list[Attribution], doc: Doc) -> list[Attribution]:
    """Pronouns and definite descriptions ("he", "the official") -> the earlier named speaker."""
    out: list[Attribution] = []
    for attr in attrs:
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
    phrase = _clean(doc.text[first.idx : last.idx + len(last.text)])
    anonymous = speakers.is_anonymous(noun, phrase)
    return replace(attr, speaker=phrase, speaker_type=speakers.speaker_type(phrase, anonymous),
                   anonymous=anonymous, resolved=True, person=speakers.is_person(noun),
                   name=phrase)  # fmt: skip


def _drop_quoted(attrs: list[Attribution], text: str) -> list[Attribution]:
    """Attributions whose cue stands inside a quotation are the quoted speaker's words."""
    quotes = speakers.quoted_ranges(text)
    return [a for a in attrs if not any(q0 < a.cue[0] < q1 for q0, q1 in quotes)]


def _drop_nested_first_person(attrs: list[Attribution]) -> list[Attribution]:
    """'"We estimate ...," an official said': the quoted 'we' is the official's own claim."""
    def inside(a: Attribution) -> bool:
        return any(b is not a and b.content[0] <= a.cue[0] < b.content[1] for b in attrs)

    return [a for a in attrs if not (a.head_word in ("i", "we") and inside(a))]


def _claim_kind(attr: Attribution, content: str) -> ClaimKind:
    if attr.cue_base in CHARACTERIZATION_BASES:
        return "characterization"
    return "attack" if ATTACK_WORDS.search(content) else "other"


def _to_claim(article: Article, attr: Attribution, n: int, fig: Figure | None) -> Claim:
    text = article.text
    spans = [s for s in (attr.source, attr.cue, attr.content) if s[1] > s[0]]
    content = text[attr.content[0] : attr.content[1]]
    kind: ClaimKind = fig.kind if fig is not None else _claim_kind(attr, content)  # type: ignore[assignment]
    speaker = attr.speaker if attr.resolved or not attr.cue_base else text[slice(*attr.source)]
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


def _figures_of(attrs: list[Attribution], figures: list[Figure]) -> list[list[Figure]]:
    """Each figure goes to the smallest content that holds it; fatalities first."""
    owned: list[list[Figure]] = [[] for _ in attrs]
    for fig in figures:
        holders = [i for i, a in enumerate(attrs) if a.content[0] <= fig.start < a.content[1]]
        if holders:
            best = min(holders, key=lambda i: attrs[i].content[1] - attrs[i].content[0])
            owned[best].append(fig)
    return [sorted(figs, key=lambda f: (f.kind != "fatalities", f.start)) for figs in owned]


def _unsourced(
    article: Article, doc: Doc, figures: list[Figure]
) -> list[tuple[Attribution, Figure]]:
    """Claims for figures that nobody is said to have given: the outlet reports them."""
    outlet = article.original_publisher or article.publisher or "the report"
    out = []
    for fig in figures:
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        start, end = _trim(doc, *_clip(doc, fig.start, (sent.start_char, sent.end_char)))
        attr = Attribution((start, start), (start, start), (start, end), outlet, "media",
                           False, "", resolved=True)  # fmt: skip
        out.append((attr, fig))
    return out


def find_claims(article: Article, doc: Doc) -> list[Claim]:
    """All attributions in an article as claims, one per casualty figure where there are any."""
    attrs = resolve_speakers(find_attributions(doc), doc)
    attrs = _drop_nested_first_person(_drop_quoted(attrs, doc.text))
    figures = casualty_figures(doc)
    owned = _figures_of(attrs, figures)
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
