"""Attributions: who says what, found on the dependency parse.

Patterns (each gives source, cue and content spans, offsets into the document):

* a cue verb ("said", "told", "confirmed", "estimated", "called", "described" ...,
  ``CUE_VERBS``) with its subject as the source; content is the clause it
  governs (to the right: "X said that ...", "X called the bombing ...") or the
  text before the source and cue ("..., the official said", '"...," said X');
* "according to X": the source is X (up to its comma when the parse runs on, or the
  last noun when it made a verb phrase of it), the content the rest of the sentence;
* a participle on a noun ("a reporter describing ...") or a relative clause
  ("the Observatory, which confirmed 20 dead") takes the noun as its source;
* a quotation right before the source and cue, in curly, straight or doubled
  apostrophe marks ("''Is he running?'' asked Mr. X", "''...'' it added");
* a cue set off inside the sentence it attributes ("Time, he added, was on our
  side", "As Politico reported, ..."): the content is the rest of the sentence;
* "asked" with an object and an infinitive or a question ("asked the network to
  donate", "asked voters a question", "asked them if ..."); "shows" / "reported" with
  an object when a document, poll or organisation speaks ("polls show a close race");
* "Asked if ..., X said ..." and '"...," X said when asked ...': the participle is a
  cue of its own and the main cue's content leaves it out;
* verbs whose content needs a given preposition ("spoke about", not "spoke at a rally";
  "thanked X for ..."; "voted against ..."); "is calling for the US to ...";
* "X made (it) clear that ..."; a cue that ends its line with a colon takes the next
  paragraph ("He said:\n\n\"...\"");
* a capitalised third-person cue in a Title Case headline ("Le Pen Backs Trump");
* a quotation signed with a dash and a name ('"..." \u2015 Jane Doe'), also with the
  dash glued to the closing mark or the opening mark missing;
* colon cues: "Marco Rubio: ...", transcript labels ("MATTHEWS: ...", also after
  an opening quote mark), "More from X: ..." (not an interview's "Q:" and "A:", nor
  "Breaking:");
* a cue verb the tagger took for a noun, right after its subject and with a clause
  ("Trump claims that ...", "documents show he took ...");
* "seem" / "appear", "reportedly" and "in a ... poll": the outlet's attributions;
* a passive cue with a "by" agent, whatever the verb ("was backed by most voters");
* a noun of saying or stance with a possessor and a complement ("Trump's call for a
  ban", "his refusal to disavow it"): the possessor speaks (``POSS_NOUNS``).

A gerund after "for" / "about" ("criticized him for supporting it") is no cue.

Coordinated cues ("said A and said B", "denied A, saying B") split the content:
the first content stops before the second attribution.

A cue inside another's clause whose content would take in that governing cue ("Trump
says he doesn't believe it") is dropped. Content never crosses a line break
(paragraphs, headers), except a colon cue's next paragraph. Speakers are resolved
afterwards (pronouns, definite descriptions) in ``claims``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from warledger.claims import speakers
from warledger.records import SpeakerType

IRREGULAR = {
    "say": "said", "tell": "told", "think": "thought", "write": "wrote written",
    "know": "knew known", "feel": "felt", "show": "showed shown", "find": "found",
    "admit": "admitted admitting admits", "hear": "heard", "speak": "spoke spoken",
    "tweet": "tweeted", "predict": "predicted", "give": "gave given", "seek": "sought",
    "refer": "referred referring", "read": "read", "echo": "echoes echoed",
    "rebut": "rebutted rebutting", "forecast": "forecast", "rail": "railed railing",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


# Speech verbs: the cue of an attribution with whatever content they govern.
SPEECH_TEXT = (
    "say tell confirm claim estimate report add state announce call describe note explain "
    "argue warn insist suggest write tweet ask deny accuse acknowledge admit declare allege "
    "assert contend maintain reply respond predict promise vow pledge urge criticize "
    "criticise praise blame threaten reveal indicate testify comment recall observe stress "
    "emphasize emphasise complain charge concede agree believe think hope expect fear worry "
    "know feel want show find doubt dismiss condemn denounce label brand quote cite post "
    "remark boast demand propose recommend question decline refuse signal hint "
    "caution joke lament mention point continue conclude exclaim interrupt speak talk "
    "discuss mock thank endorse support back slam blast defend reject oppose challenge "
    "consider plan intend prefer learn vote refer sound"
)
# Stance verbs (tuned on PolNeAR train): an attribution when they take an object
# or a clause ("Le Pen backed Trump", "Cruz railed against the deal").
STANCE_TEXT = (
    "seek express voice echo reiterate repeat assure remind highlight tout rail decry hail "
    "applaud cheer congratulate deride assail rebuff disavow champion favor favour advocate "
    "imply portray deem dub coin liken bemoan articulate interpret forecast trash "
    "extol affirm brag acknowledge apologize apologise plead rebut lambast slam "
    "recognize recognise remember share offer list name view answer react "
    "chide scold fault lash berate ridicule tease taunt insult praise welcome reassure "
    "dispute contest counter retort quip muse concede caution yell shout chant scream"
)
PASSIVE_ONLY = {"schedule", "rumor", "rumour"}  # "is scheduled to speak"
CUE_BASES = list(dict.fromkeys(_words(SPEECH_TEXT) + _words(STANCE_TEXT) + sorted(PASSIVE_ONLY)))
STANCE = set(_words(STANCE_TEXT))
# verbs that are attributions only with a clause, a quote or content to the left
NEEDS_CLAUSE = {"add", "call", "ask", "show", "find", "want", "know", "feel", "post",
                "point", "charge", "question", "decline", "refuse", "hope", "expect",
                "report", "state", "agree", "note", "praise", "blame", "quote", "cite",
                "indicate", "signal", "recall", "observe", "respond", "reply", "continue",
                "conclude", "interrupt", "speak", "talk", "discuss", "plan", "intend",
                "consider", "learn", "vote", "prefer", "refer", "sound", "back", "support",
                "mock", "thank", "defend", "challenge", "reject", "oppose"} | STANCE  # fmt: skip
# ... of which these also take an object or a prepositional object as content
# ("opposed the deal", "called for a ban", "spoke about trade", "voters want a change")
OBJECT_OK = {"call", "ask", "question", "praise", "blame", "cite", "recall", "discuss",
             "speak", "talk", "refer", "back", "support", "mock", "defend", "challenge",
             "reject", "oppose", "respond", "reply", "point", "charge", "note",
             "quote", "prefer", "want", "expect", "report"} | STANCE  # fmt: skip
# verbs that make an attribution in the passive too ("is expected to", "was asked")
PASSIVE_OK = {"expect", "ask", "question", "quote", "report", "say", "believe", "consider",
              "tell", "call", "describe", "accuse", "criticize", "challenge", "urge", "warn",
              "view", "cite", "label", "dub", "name", "allege", "estimate", "claim", "confirm",
              "announce", "praise", "blame", "slam", "schedule", "rumor", "rumour",
              "deem", "see", "think", "know"}  # fmt: skip
QUESTION_WORDS = {"if", "whether", "who", "what", "why", "how", "when", "where", "which"}
CONTENT_PREPS = {"about", "for", "on", "against", "to", "at", "over", "of", "as"}
# verbs whose content is only behind these prepositions ("spoke about trade", not
# "spoke at a rally"; "thanked voters for their support"; "voted against the bill")
VERB_PREPS = {"speak": {"about", "of"}, "talk": {"about", "of"}, "thank": {"for"},
              "vote": {"for", "against"}}  # fmt: skip
XCOMP_OK = {"want", "hope", "expect", "decline", "refuse", "promise", "vow", "pledge",
            "threaten", "agree", "plan", "intend", "consider", "prefer", "seek",
            "offer", "ask"}  # fmt: skip
# verbs whose object is content when a document or a poll speaks ("polls show a close race")
DOCUMENT_OBJECT = {"show", "report", "reveal", "indicate"}
DOCUMENT_NOUNS = {"poll", "polls", "survey", "surveys", "video", "videos", "data", "report",
                  "reports", "study", "studies", "average", "analysis", "results", "records",
                  "documents", "footage", "figures", "numbers", "photos", "images", "filings",
                  "statistics", "chart", "count", "tally", "research", "evidence", "emails",
                  "memo", "polling", "estimates", "model", "forecast", "census"}  # fmt: skip
# verbs that attribute in an 'as' clause ("as Politico reported, ...")
AS_BASES = {"say", "report", "note", "write", "tell", "explain", "predict", "suggest", "point",
            "mention", "show", "reveal", "describe", "warn", "argue", "observe", "state",
            "add", "claim", "announce", "confirm", "tweet", "indicate"}  # fmt: skip
MAKE_FORMS = {"make", "makes", "made", "making"}
TITLE_SMALL = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with",
               "as", "from", "over", "is", "about", "but"}  # fmt: skip
# subjects that may be "it" ('"...," it added': a company, a group)
IT_OK = {"say", "add", "note", "state", "report", "write", "warn", "claim", "announce",
         "confirm", "argue", "insist", "explain", "continue"}  # fmt: skip
DASHES = {"\u2015", "\u2014", "--", "\u2013", "-"}
DASH_CHARS = "".join(d for d in DASHES if len(d) == 1)  # a token ending in one may sign
CLOSE_MARKS = ("\u201d", "''", '"')
OPEN_MARKS = ("\u201c", "''", '"', "``")
CHARACTERIZATION_BASES = {"call", "describe", "label", "brand", "term", "denounce", "condemn"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "parataxis"}
ADDRESSEE_VERBS = {"tell", "ask", "thank", "urge", "warn", "inform", "assure", "remind"}
# labels before a colon that are not speakers ("Editor's note:", "Follow X on Twitter:")
NOT_SPEAKERS = {"note", "update", "updates", "follow", "reminder", "correction", "twitter",
                "watch", "read", "photo", "video", "related", "via", "source", "sources",
                "editor", "disclosure", "transcript", "subscribe", "email", "latest",
                "clarification", "advertisement", "warning", "breaking", "exclusive", "wow",
                "bombshell", "look", "listen",
                "q", "a"}  # fmt: skip  # an interview's turns ("Q: ...", "A: ..."), nobody's
PEOPLE_NOUNS = {"people", "voters", "supporters", "critics", "opponents", "analysts", "experts",
                "activists", "protesters", "students", "members", "leaders", "group", "groups",
                "candidate", "candidates", "campaign", "party", "someone", "anyone", "many",
                "others", "americans", "democrats", "republicans", "sources", "source"}  # fmt: skip
STATEMENT_NOUNS = {"statement", "statements", "report", "reports", "footage", "images",
                   "video", "comments", "remarks", "communique", "tweet", "post", "data",
                   "figures"}  # fmt: skip
# "X seems ready", "it appears that ...": the writer's attribution, nobody named
SEEM_WORDS = {"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared"}
SEEM_COMPS = {"xcomp", "acomp", "ccomp", "oprd"}
# "in a CBS poll, ...": the poll speaks, "in" is the cue
POLL_NOUNS = {"poll", "survey", "study", "analysis"}
# nouns of saying and stance with a possessor and a complement ("Trump's call for a ban",
# "Cruz's refusal to disavow it"): the possessor speaks; the words its complement takes
POSS_NOUNS = {"support": "for", "decision": "to", "refusal": "to", "view": "of on that",
              "criticism": "of", "call": "for", "calls": "for", "endorsement": "of",
              "opposition": "to", "promise": "to", "promises": "to", "pledge": "to",
              "suggestion": "that", "remarks": "about on", "comments": "about on",
              "proposal": "to", "attacks": "on", "warning": "that about", "demand": "for that",
              "insistence": "that on", "belief": "that", "assertion": "that",
              "argument": "that", "vow": "to", "embrace": "of", "defense": "of",
              "rejection": "of"}  # fmt: skip
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "our": "we",
                       "my": "i"}  # fmt: skip
TOPIC_PREPS = {"for", "about"}  # "blamed him for saying", "opened up about being called"
SUBJECT_DEPS = ("nsubj",)
INHERIT_DEPS = ("conj", "xcomp", "advcl", "prep")  # a cue takes the subject of its head


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


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
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
    """The subject that speaks: nsubj, or inherited through conj / xcomp / advcl / acl /
    a preposition ("went on to say", "responded by saying", "pivoted to arguing")."""
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    if subjects:  # two subjects (a misparse): the one next to the cue speaks
        return min(subjects, key=lambda c: abs(c.i - cue.i))
    if any(c.dep_ in ("nsubjpass", "expl") for c in cue.children):
        return None
    if _asked_after_quote(cue):
        return _source_head(cue.head.head)
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i:
        return cue.head if agentive(cue.head) else None
    return _inherited_subject(cue)


def _asked_after_quote(cue: Token) -> bool:
    """'said "We'll see," when asked ...': the participle hangs on the quoted clause."""
    on_clause = cue.head.dep_ == "ccomp" and cue.head.head.lower_ in CUE_VERBS
    return cue.dep_ == "advcl" and cue.tag_ == "VBN" and on_clause


def agentive(noun: Token) -> bool:
    """A noun that can speak: a name, a typed speaker, a person ("an attempt" cannot)."""
    if noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return (
        speakers.speaker_type(noun.text, False) != "other"
        or speakers.is_person(noun)
        or (noun.lower_ in PEOPLE_NOUNS)
    )


def _inherited_subject(cue: Token) -> Token | None:
    tok = cue
    if cue.dep_ == "conj" and cue.head.dep_ == "ccomp" and cue.head.head.lower_ in CUE_VERBS:
        tok = cue.head  # 'He said A has B and said C' (the second 'said' hung on 'has')
    for _ in range(3):
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


def _content_children(cue: Token, source: Token | None) -> list[Token]:
    skip: set[Token] = set()
    if source is not None:
        first, last = speakers.np_tokens(source)
        skip = set(cue.doc[first.i : last.i + 1])
    return [c for c in cue.children if c.dep_ in CONTENT_DEPS and c not in skip]


def _right_content(cue: Token, source: Token | None, base: str) -> tuple[int, int] | None:
    kids = [c for c in _content_children(cue, source) if c.i > cue.i]
    if base in ADDRESSEE_VERBS and not any(c.dep_ == "dative" for c in cue.children):
        kids = [c for c in kids if c.dep_ != "dobj"]  # "told reporters": who was told
    if base in NEEDS_CLAUSE:
        allowed = {"ccomp", "parataxis"} | ({"xcomp"} if base in XCOMP_OK else set())
        objects = CHARACTERIZATION_BASES | OBJECT_OK
        if base in objects or base in DOCUMENT_OBJECT and _document(source):
            allowed |= {"dobj", "oprd"}
        kids = [c for c in kids if c.dep_ in allowed]
    if base == "ask":  # "asked the students if they were serious" (the clause as advcl)
        kids += [c for c in cue.rights if c.dep_ == "advcl" and _question(c)]
    if base in OBJECT_OK:  # "is calling for the US to step up" ('for' parsed as a mark)
        kids += [c for c in cue.rights if c.dep_ == "advcl"
                 and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]  # fmt: skip
    preps = VERB_PREPS.get(base) or (CONTENT_PREPS if base in OBJECT_OK else {"as", "about"})
    kids += [c for c in cue.rights if c.dep_ == "prep" and c.lower_ == "as"]
    kids += [g for c in cue.rights if c.dep_ == "prep" and c.lower_ in preps - {"as"}
             for g in c.children if g.dep_ in ("pobj", "pcomp")]  # fmt: skip
    if not kids:
        return None
    first = min(k.left_edge for k in kids)
    last = _before_asked(first, max(k.right_edge for k in kids))
    return _chars(first, last) if last.i >= first.i else None


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


def _after_asked(cue: Token, sent: Span) -> Span:
    """'Asked if he was bullied, the candidate said no': the participle is a cue of its
    own, so the main cue's sentence starts after it."""
    asked = [c for c in cue.lefts if c.dep_ == "advcl" and c.tag_ == "VBN"
             and CUE_VERBS.get(c.lower_) == "ask" and c.i == sent.start]  # fmt: skip
    if not asked:
        return sent
    end = asked[0].right_edge.i + 1
    return sent.doc[end : sent.end] if end < cue.i else sent


def _document(source: Token | None) -> bool:
    """A document, a poll or an organisation ('the poll', 'video of ...', 'the company')."""
    if source is None:
        return False
    return source.lower_ in DOCUMENT_NOUNS or source.ent_type_ in ("ORG", "NORP")


def _left_content(cue: Token, core_start: int, sent: Span) -> tuple[int, int] | None:
    """Content before the source and cue ('"...," the official said')."""
    left_kids = [c for c in _content_children(cue, None) if c.i < cue.i]
    embedded = cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i
    if not left_kids and not embedded:
        return None
    line_start, _ = line_bounds(sent.doc, core_start)
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
    if base is None or cue.pos_ not in ("VERB", "AUX"):
        return None
    if cue.tag_ == "VBN" and _passive(cue):
        return _passive_attribution(cue, base, sent)
    if base in PASSIVE_ONLY or _topic_gerund(cue):
        return None
    head = _source_head(cue)
    if head is None or head.lower_ == "there" or head.lower_ == "it" and base not in IT_OK:
        return None
    head = _statement_agent(head)
    if not same_line(cue.doc, head.idx, cue.idx):
        return None
    source = _span_of(head)
    sent = _after_asked(cue, sent)
    core_start = min(source[0], cue.idx)
    content = _right_content(cue, head, base) or _left_content(cue, core_start, sent)
    content = content or _quote_before(cue.doc, core_start) or _aside(cue, sent, source, base)
    content = content or _next_paragraph(cue)
    if content is None and base not in NEEDS_CLAUSE:
        content = _rest_of_sentence(sent, core_start, max(source[1], cue.idx + len(cue.text)))
    if content is None:
        return None
    content = trim(cue.doc, *clip(cue.doc, cue.idx, content))
    if content[1] - content[0] < 2 or _holds_governor(cue, content):
        return None
    if speakers.ANON_MARKERS.match(cue.doc.text[content[0] : content[1]]):
        return None  # "asked not to be named": how the source speaks, not what it says
    return _make(head, source, _chars(cue, cue), content, base, sent)


def _topic_gerund(cue: Token) -> bool:
    """'criticized him for not supporting Cruz', 'talked about being
    called ...': a gerund after a preposition of reason or topic names a speech act, it
    reports none."""
    return cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.lower_ in TOPIC_PREPS


def _holds_governor(cue: Token, content: tuple[int, int]) -> bool:
    """'Trump says he doesn't believe in it': a cue inside another's clause whose content
    would be the governing attribution ('Trump says') is no attribution of its own."""
    text = cue.doc.text
    return any(content[0] <= a.idx < cue.idx and a.lower_ in CUE_VERBS and a.pos_ == "VERB"
               and not any(m in text[a.idx : cue.idx] for m in CLOSE_MARKS + ("\u201c",))
               for a in cue.ancestors)  # fmt: skip


def _quote_before(doc: Doc, core_start: int) -> tuple[int, int] | None:
    """'"...," asked Mr. X' / "''...'' it added": the quotation that ends right before."""
    line_start, _ = line_bounds(doc, core_start)
    before = doc.text[line_start:core_start].rstrip().rstrip(",")
    if not before.endswith(CLOSE_MARKS):
        return None
    end = line_start + len(before)
    ranges = speakers.quoted_ranges(doc.text[line_start:end])
    if not ranges or line_start + ranges[-1][1] != end:
        return None
    return line_start + ranges[-1][0], end


def _aside(cue: Token, sent: Span, source: tuple[int, int], base: str) -> tuple[int, int] | None:
    """'Time, he added, was on our side', 'As Politico reported, ...': the cue is set
    off inside the sentence it attributes, whose rest is the content."""
    as_clause = (
        cue.dep_ == "advcl"
        and base in AS_BASES
        and any(c.lower_ == "as" for c in cue.children)
        and not any(c.dep_ == "xcomp" for c in cue.children)
    )
    if not (as_clause or cue.dep_ == "parataxis" and cue.head.i > cue.i):
        return None
    ends = [t for t in cue.subtree if not t.is_punct] if as_clause else [cue]
    core = (min(source[0], ends[0].idx), max(source[1], ends[-1].idx + len(ends[-1].text)))
    return _rest_of_sentence(sent, *core)


def _next_paragraph(cue: Token) -> tuple[int, int] | None:
    """'He said:' ending its line: the content is the next paragraph."""
    doc = cue.doc
    end = cue.idx + len(cue.text)
    _, line_end = line_bounds(doc, cue.idx)
    if doc.text[end:line_end].strip() != ":":
        return None
    start = len(doc.text[:line_end]) + len(doc.text[line_end:]) - len(doc.text[line_end:].lstrip())
    if start >= len(doc.text):
        return None
    return trim(doc, *line_bounds(doc, start))


def same_line(doc: Doc, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in doc.text[lo:hi]


def _quote_verb(cue: Token) -> str | None:
    """Any verb set off against a quotation ('..."," Keidis continued.') acts as a cue."""
    if cue.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in cue.children):
        return None
    after = cue.doc.text[cue.idx + len(cue.text) : cue.idx + len(cue.text) + 5].lstrip()
    if after[:1] in ",:" and after[1:].lstrip().startswith(OPEN_MARKS):
        return "say"
    before = cue.doc.text[max(0, cue.sent.start_char) : cue.idx].rstrip()
    close = max(before.rfind(mark) for mark in ("\u201d", "''"))
    words_before = len(before[close:].split()) - 1
    ends_quote = close > 0 and before[close - 1] in ",?!\u2014-"  # '"...," Keidis continued'
    if ends_quote and words_before <= 4 and cue.i + 1 < len(cue.doc):
        return "say" if cue.doc[cue.i + 1].is_punct else None
    return None


def _passive(cue: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in cue.children)


def _passive_attribution(cue: Token, base: str, sent: Span) -> Attribution | None:
    """'X is expected to win', 'Trump was asked about ...', 'claimed by IS': the source is
    the agent, or nobody (an empty span: the outlet itself reports it)."""
    agents = [p for c in cue.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if base not in PASSIVE_OK and not agents:
        return None  # 'was backed by 6 in 10 voters', 'echoed by O'Malley': any cue verb
    subjects = [c for c in cue.children if c.dep_ == "nsubjpass"
                and c.lower_ not in ("it", "there")]  # fmt: skip
    content = None
    if base not in PASSIVE_OK and subjects and subjects[0].lower_ not in speakers.RELATIVE_PRONOUNS:
        # 'the plan was backed by X on Friday': the plan
        content = _span_of(subjects[0])
    content = content or _right_content(cue, None, base if base in OBJECT_OK else "say")
    if content is None and subjects:
        content = _span_of(subjects[0])
    if content is None:
        return None
    content = trim(cue.doc, *clip(cue.doc, cue.idx, content))
    cue_span = _chars(cue, cue)
    if agents and same_line(cue.doc, agents[0].idx, cue.idx):
        return _make(agents[0], _span_of(agents[0]), cue_span, content, base, sent)
    nobody = (cue.idx, cue.idx)
    return Attribution(nobody, cue_span, content, "", "media", False, base)


def clip(doc: Doc, anchor: int, span: tuple[int, int]) -> tuple[int, int]:
    """Keep a content range on the line of its cue (or on a later line of its own)."""
    line_start, line_end = line_bounds(doc, anchor)
    if span[0] > line_end:
        return span
    return max(span[0], line_start), min(span[1], line_end)


def _rest_of_sentence(sent: Span, core_start: int, core_end: int) -> tuple[int, int] | None:
    """The sentence minus the attribution core: the longer side, or all if split."""
    line_start, line_end = line_bounds(sent.doc, core_start)
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
    objs = [c for c in to.children if c.dep_ == "pobj"] or _bare_source(to)
    if not objs:
        return None
    source = _span_of(objs[0])
    phrase_end = max(t.i for t in tok.subtree)
    phrase_end_char = _chars(tok.doc[phrase_end], tok.doc[phrase_end])[1]
    if tok.doc.text[source[1] : source[1] + 1] in (",", ".") or phrase_end_char < source[1]:
        phrase_end_char = source[1]  # 'According to X, the move reeks ...' (an appositive)
    content = _rest_of_sentence(sent, tok.idx, max(phrase_end_char, source[1]))
    comma = tok.doc.text.find(",", objs[0].idx, source[1])
    if content is None and comma > 0:  # 'According to X, the move reeks ...' (misparsed)
        source = (source[0], comma)
        content = _rest_of_sentence(sent, tok.idx, comma)
    if content is None:
        return None
    return _make(objs[0], source, _chars(tok, to), content, "according to", sent)


def _bare_source(to: Token) -> list[Token]:
    """'according to show insiders' parsed as a verb phrase: the last noun before the
    next punctuation mark is the source."""
    words = []
    for t in to.doc[to.i + 1 : to.i + 7]:
        if t.is_punct or t.is_space or t.sent != to.sent:
            break
        words.append(t)
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1:] if nouns else []


def _colon(tok: Token, sent: Span) -> Attribution | None:
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
    if span is None or not 1 <= len(span) <= 6 or span.start >= tok.i:
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") or t.like_num for t in span):
        return None
    if any(t.lower_ in NOT_SPEAKERS for t in span) or not _name_like(span):
        return None
    content = trim(doc, tok.idx + 1, line_end)
    if len(doc.text[content[0] : content[1]].split()) < 3:
        return None
    head = span.root
    return _make(head, _chars(span[0], span[-1]), _chars(tok, tok), content, "say", sent)


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
    quote = _quote_before(doc, dash)
    if quote is not None:
        return quote
    line_start, _ = line_bounds(doc, dash)
    before = doc.text[line_start:dash].rstrip()
    if not before.endswith(CLOSE_MARKS) or len(before.split()) < 3:
        return None
    return line_start, line_start + len(before)


def _dash(tok: Token, sent: Span) -> Attribution | None:
    """'"...\u201d \u2015 Jane Doe': a quotation signed with a dash and a name."""
    doc = tok.doc
    dash = _dash_at(tok)
    if dash is None:
        return None
    line_start, line_end = line_bounds(doc, tok.idx)
    quote = _signed_quote(doc, dash)
    end = doc.text.find(",", tok.idx, line_end)
    span = doc.char_span(*trim(doc, tok.idx + len(tok.text), line_end if end < 0 else end),
                         alignment_mode="contract")  # fmt: skip
    if quote is None or span is None or not 1 <= len(span) <= 5 or not _name_like(span):
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON") for t in span):
        return None
    cue = (dash, tok.idx + len(tok.text))
    return _make(span.root, _chars(span[0], span[-1]), cue, quote, "say", sent)


def _name_like(span: Span) -> bool:
    """A name ('Marco Rubio', 'HuffPollster') or a transcript label ('TAPPER', 'Lopez')."""
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in span):
        return True
    return len(span) <= 2 and all(t.text.isupper() or t.text.istitle() for t in span)


def _nobody(cue: Token, content: tuple[int, int], base: str) -> Attribution | None:
    """An attribution with an empty source (the outlet's own): cue and content only."""
    content = trim(cue.doc, *clip(cue.doc, cue.idx, content))
    if content[1] - content[0] < 2:
        return None
    return Attribution((cue.idx, cue.idx), _chars(cue, cue), content, "", "media", False, base)


def _seem(tok: Token) -> Attribution | None:
    """'he seemed rattled', 'it appears that ...': content is the subject and complement."""
    if tok.dep_ == "aux" and tok.head.tag_ == "VBN" and tok.head.lower_ not in CUE_VERBS:
        return _nobody(tok, _chars(tok.head.left_edge, tok.head.right_edge), "seem")  # misparse
    comps = [c for c in tok.children if c.dep_ in SEEM_COMPS or c.lower_ == "like"]
    if tok.pos_ not in ("VERB", "AUX") or not comps or any(c.lower_ in CUE_VERBS for c in comps):
        return None  # 'he appeared to suggest ...': the speech verb is the cue
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                and c.lower_ not in {"it", "there"} | speakers.RELATIVE_PRONOUNS]  # fmt: skip
    first = min([s.left_edge for s in subjects] + [c.left_edge for c in comps])
    last = max(c.right_edge for c in comps)
    return _nobody(tok, _chars(first, last), "seem")


def _reportedly(tok: Token) -> Attribution | None:
    """'The group is reportedly spending ...': the clause the adverb modifies."""
    head = tok.head
    if head is tok or head.pos_ not in ("VERB", "AUX"):
        return None
    return _nobody(tok, _chars(head.left_edge, head.right_edge), "report")


def _in_poll(tok: Token, sent: Span) -> Attribution | None:
    """'In an NBC News poll released Monday, 50 percent ...': the poll is the source."""
    objs = [c for c in tok.children if c.dep_ == "pobj" and c.lower_ in POLL_NOUNS]
    if not objs or not (tok.i == tok.sent.start or _specific(objs[0])):
        return None
    source = _span_of(objs[0])
    content = _rest_of_sentence(sent, min(tok.idx, source[0]), source[1])
    if content is None:
        return None
    return _make(objs[0], source, _chars(tok, tok), content, "say", sent)


def _specific(noun: Token) -> bool:
    """'a poll', 'an NBC News poll' (not 'the polls', 'in polling')."""
    return any(c.lower_ in ("a", "an") or c.pos_ == "PROPN" for c in noun.lefts)


def _title_line(text: str) -> bool:
    """A headline in Title Case ('Hillary Clinton Slams Donald Trump On Abortion')."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if not 3 <= len(words) <= 25:
        return False
    upper = sum(w[0].isupper() for w in words)
    small = sum(w.lower() in TITLE_SMALL for w in words if not w[0].isupper())
    return upper + small >= 0.85 * len(words) and upper >= 0.6 * len(words)


def _headline(tok: Token, sent: Span) -> Attribution | None:
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
    if not 1 <= len(name) <= 6 or any(t.pos_ in ("VERB", "AUX", "PRON", "DET") for t in name):
        return None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if not _name_like(name) or after is None or after.is_punct or after.pos_ == "AUX":
        return None
    right = trim(doc, tok.idx + len(tok.text), line_end)
    content = right if right[1] - right[0] > 3 else trim(doc, line_start, name.start_char)
    if content[1] - content[0] < 3:
        return None
    return _make(name.root, _chars(name[0], name[-1]), _chars(tok, tok), content, base, sent)


def _boundary(tok: Token) -> bool:
    return tok.is_punct and tok.text not in ("'s", "\u2019s", ".")


def _made_clear(tok: Token, sent: Span) -> Attribution | None:
    """'Trump made (it) clear that he would not back down': the clause after 'clear'."""
    clear = [c for c in tok.children if c.lower_ == "clear" and c.i > tok.i]
    head = _source_head(tok)
    if tok.lower_ not in MAKE_FORMS or not clear or head is None or _passive(tok):
        return None
    if any(t.lower_ != "it" for t in tok.doc[tok.i + 1 : clear[0].i]):
        return None  # 'made this clear:', 'made its position clear'
    after = [t for t in tok.subtree if t.i > clear[0].i]
    while after and after[-1].is_punct:
        after.pop()
    if len(after) < 3 or not same_line(tok.doc, head.idx, tok.idx):
        return None
    content = trim(tok.doc, *clip(tok.doc, tok.idx, _chars(after[0], after[-1])))
    cue = _chars(tok, clear[0])
    return _make(head, _span_of(head), cue, content, "make clear", sent)


def _possessive_noun(tok: Token, sent: Span) -> Attribution | None:
    """'Trump's call for a ban', 'his refusal to disavow it': the possessor speaks, the
    noun is the cue and its complement (a preposition, an infinitive, a clause) the content."""
    words = POSS_NOUNS[tok.lower_].split()
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if not owners or not (owners[0].lower_ in POSSESSIVE_PRONOUNS or agentive(owners[0])):
        return None
    comps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in words
             or c.dep_ in ("acl", "ccomp") and ("to" in words or "that" in words)]  # fmt: skip
    if not comps or not same_line(tok.doc, owners[0].idx, tok.idx):
        return None
    words_span = _chars(comps[0].left_edge, comps[0].right_edge)
    content = trim(tok.doc, *clip(tok.doc, tok.idx, words_span))
    if len(tok.doc.text[content[0] : content[1]].split()) < 2:
        return None
    attr = _make(owners[0], _span_of(owners[0]), _chars(tok, tok), content, "say", sent)
    return replace(attr, head_word=POSSESSIVE_PRONOUNS.get(attr.head_word, attr.head_word))


def _tagged_noun(tok: Token, sent: Span) -> Attribution | None:
    """'Trump claims that ...', 'her doctor maintains.', 'documents show he took ...': a cue
    verb the tagger took for a noun, right after its subject, with a clause (or alone at
    the root); the content is the rest of the sentence."""
    doc = tok.doc
    base = CUE_VERBS.get(tok.lower_)
    if base is None or tok.i == 0 or tok.i + 1 >= len(doc):
        return None
    ccomp = any(c.dep_ == "ccomp" for c in tok.children)
    clause = ccomp or doc[tok.i + 1].lower_ == "that"
    inflected = base != tok.lower_ and tok.lower_.endswith("s") and tok.dep_ == "ROOT"
    if not (clause or inflected and base not in NEEDS_CLAUSE - OBJECT_OK):
        return None
    subj = doc[tok.i - 1]
    noun = subj.pos_ == "NOUN" and (ccomp or agentive(subj) or subj.text.istitle())
    speaks = subj.pos_ == "PROPN" or subj.lower_ in speakers.PERSON_PRONOUNS or noun
    if not speaks or subj.sent != tok.sent:
        return None
    first = subj
    while first.i > sent.start and _in_noun_phrase(doc[first.i - 1]):
        first = doc[first.i - 1]
    core = (first.idx, tok.idx + len(tok.text))
    comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
    if comps:
        content: tuple[int, int] | None = _chars(comps[0].left_edge, comps[0].right_edge)
    elif clause:
        content = trim(doc, core[1], min(sent.end_char, line_bounds(doc, tok.idx)[1]))
    else:
        content = _rest_of_sentence(sent, *core)
    if content is None or content[1] - content[0] < 3:
        return None
    return _make(subj, _chars(first, subj), _chars(tok, tok), content, base, sent)


def _in_noun_phrase(tok: Token) -> bool:
    """A word that can stand before a subject's head ("the Democratic candidate's")."""
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "DET") or tok.tag_ in ("PRP$", "POS")


def _other_patterns(tok: Token, sent: Span) -> Attribution | None:
    if tok.tag_ in ("NN", "NNS") and tok.lower_ in CUE_VERBS:
        attr = _tagged_noun(tok, sent)
        if attr is not None:
            return attr
    if tok.pos_ == "NOUN" and tok.lower_ in POSS_NOUNS:
        return _possessive_noun(tok, sent)
    if tok.lower_ in MAKE_FORMS:
        return _made_clear(tok, sent)
    if tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "VERB"):
        attr = _headline(tok, sent)
        if attr is not None:
            return attr
    if tok.lower_ in SEEM_WORDS:
        return _seem(tok)
    if tok.lower_ == "reportedly":
        return _reportedly(tok)
    return _in_poll(tok, sent) if tok.lower_ == "in" else None


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
            attr = attr or (_colon(tok, sent) if tok.text == ":" else None)
            attr = attr or (_dash(tok, sent) if tok.text[-1] in DASH_CHARS else None)
            attr = attr or _other_patterns(tok, sent)
            if attr is not None:
                found.append(attr)
    return [_cut_before_later(a, found, doc) for a in found]


# words that join a second attribution to the first ("... and said", "..., who claimed")
JOINERS = {"and", "but", "while", "who", "which", "whom", "that", "as", "before", "after",
           "when", "then", "also", "or"}  # fmt: skip


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
        content = _strip_joiners(doc, attr.content[0], end)
        if content is not None and attr.content[0] < end < attr.content[1]:
            return replace(attr, content=content)
    return attr


def _strip_joiners(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The range without trailing joiners ('and', 'who') and punctuation; None if too short."""
    while True:
        start, end = trim(doc, start, end)
        last = doc.text[start:end].rsplit(None, 1)
        if len(last) < 2 or last[-1].lower() not in JOINERS:
            break
        end -= len(last[-1])
    return (start, end) if len(doc.text[start:end].split()) >= 2 else None


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
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        return tok.head == head[0] or on_clause and not own_subject
    comma = tok.i > 0 and doc[tok.i - 1].text in (",", "\u2014", "--")
    return tok.tag_ == "VBG" and comma and tok.dep_ in ("advcl", "xcomp", "conj", "dep")
