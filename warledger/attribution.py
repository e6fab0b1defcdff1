"""Attributions: who says what, found on the dependency parse.

Patterns (each gives source, cue and content spans, offsets into the document):

* a cue verb ("said", "told", "confirmed", "estimated", "called", "described" ...,
  ``CUE_VERBS``) with its subject as the source; content is the clause it
  governs (to the right: "X said that ...", "X called the bombing ...") or the
  text before the source and cue ("..., the official said", '"...," said X');
* "according to X": the source is X, the content the rest of the sentence;
* a participle on a noun ("a reporter describing ...") or a relative clause
  ("the Observatory, which confirmed 20 dead") takes the noun as its source.

Content never crosses a line break (paragraphs, headers). Speakers are resolved
afterwards (pronouns, definite descriptions) in ``claims``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from warledger import speakers
from warledger.records import SpeakerType

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


def clean(text: str) -> str:
    return " ".join(text.split())


def _chars(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Character range of the line (paragraph) that holds character ``i``."""
    start = doc.text.rfind("\n", 0, i) + 1
    end = doc.text.find("\n", i)
    return start, len(doc.text) if end < 0 else end


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
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
    if not same_line(cue.doc, head.idx, cue.idx):
        return None
    source = _span_of(head)
    core_start = min(source[0], cue.idx)
    content = _right_content(cue, head, base) or _left_content(cue, core_start, sent)
    if content is None and base not in NEEDS_CLAUSE:
        content = _rest_of_sentence(sent, min(source[0], cue.idx), max(source[1], cue.idx))
    if content is None:
        return None
    content = trim(cue.doc, *clip(cue.doc, cue.idx, content))
    if content[1] - content[0] < 2:
        return None
    return _make(head, source, _chars(cue, cue), content, base, sent)


def same_line(doc: Doc, a: int, b: int) -> bool:
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


def clip(doc: Doc, anchor: int, span: tuple[int, int]) -> tuple[int, int]:
    """Keep a content range on the line of its cue."""
    line_start, line_end = _line_bounds(doc, anchor)
    return max(span[0], line_start), min(span[1], line_end)


def _rest_of_sentence(sent: Span, core_start: int, core_end: int) -> tuple[int, int] | None:
    """The sentence minus the attribution core: the longer side, or all if split."""
    line_start, line_end = _line_bounds(sent.doc, core_start)
    start, end = max(sent.start_char, line_start), min(sent.end_char, line_end)
    left, right = trim(sent.doc, start, core_start), trim(sent.doc, core_end, end)
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
        speaker=clean(phrase),
        speaker_type=speakers.speaker_type(phrase, anonymous),
        anonymous=anonymous,
        cue_base=base,
        person=speakers.is_person(head),
        name=clean(doc.text[name_first.idx : name_last.idx + len(name_last.text)]),
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

