"""Who speaks: speaker types by keyword, anonymity, nouns that can speak (``agentive``),
source noun phrases, quotations.

All typing rules live in ``SPEAKER_RULES``: the first rule with a keyword found
in the speaker's noun phrase (case-insensitive, whole words) gives the type.
An anonymous official ("a US military official", "sources", "an official who
asked not to be named") is ``anonymous_official`` whatever the other keywords.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from warledger.records import SpeakerType

# first match wins; keywords are lower-case whole words or phrases
SPEAKER_RULES: list[tuple[SpeakerType, tuple[str, ...]]] = [
    ("state_media", ("state tv", "state television", "state media", "state news agency",
                     "sana", "syrian television", "television stations", "state-run",
                     "irna", "kcna", "xinhua", "tass", "ria novosti", "al-manar")),
    ("monitor", ("observatory", "sohr", "monitor", "monitoring group", "monitoring",
                 "human rights watch", "amnesty", "airwars", "unama", "ohchr",
                 "white helmets", "civil defence", "civil defense", "medecins sans frontieres",
                 "msf", "red cross", "icrc", "red crescent", "united nations", "un")),
    ("military", ("centcom", "central command", "combined joint task force", "military",
                  "army", "ministry of defence", "ministry of defense", "defence ministry",
                  "defense ministry", "pentagon", "armed forces", "air force", "navy",
                  "commander", "colonel", "coalition", "idf", "troops",
                  "task force", "inherent resolve", "command")),
    ("armed_group", ("rebels", "rebel", "sdf", "syrian democratic forces", "islamic state",
                     "isis", "isil", "daesh", "taliban", "hezbollah", "hamas", "militants",
                     "militant", "insurgents", "jihadists", "al-qaeda", "al-shabaab",
                     "boko haram", "ypg", "fighters", "militia", "militias", "houthis")),
    ("government", ("ministry", "minister", "government", "president", "spokesperson",
                    "spokesman", "spokeswoman", "governor", "mayor", "prime minister",
                    "foreign ministry", "state department", "white house", "kremlin",
                    "police", "authorities", "official", "officials", "embassy",
                    "secretary", "senator", "lawmaker", "parliament")),
    ("media", ("reuters", "afp", "ap", "associated press", "al jazeera", "bbc", "cnn",
               "agence france-presse", "newspaper", "news agency", "reporter",
               "correspondent", "journalist", "middle east eye", "times", "post",
               "television", "tv", "channel", "outlet", "guardian")),
    ("witness", ("witness", "witnesses", "resident", "residents", "locals", "villagers",
                 "survivor", "survivors", "eyewitness", "eyewitnesses", "neighbours",
                 "neighbors", "relatives", "doctor", "doctors", "medic", "medics")),
]  # fmt: skip

ANON_HEADS = {"official", "officials", "source", "sources", "diplomat", "diplomats",
              "insider", "insiders", "aide", "aides", "officer", "officers"}  # fmt: skip
ANON_MARKERS = re.compile(
    r"condition of anonymity|not (?:be )?(?:to be )?(?:named|identified)|"
    r"not authori[sz]ed to|speaking anonymously|declined to be (?:named|identified)|"
    r"requested anonymity|on background",
    re.IGNORECASE,
)
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
GROUP_PRONOUNS = {"they", "it", "we"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
DEFINITE_DETS = {"the", "this", "that", "these", "those"}
# nouns of people and groups that can speak ("supporters", "the campaign")
PEOPLE_NOUNS = {"people", "voters", "supporters", "critics", "opponents", "analysts", "experts",
                "activists", "protesters", "students", "members", "leaders", "group", "groups",
                "candidate", "candidates", "campaign", "party", "someone", "anyone", "many",
                "others", "americans", "democrats", "republicans", "sources", "source"}  # fmt: skip
# clause-like dependents left out of a source noun phrase
NP_EXCLUDED = {"relcl", "acl", "advcl", "punct", "cc", "prep_clause", "parataxis", "ccomp"}


def speaker_type(phrase: str, anonymous: bool) -> SpeakerType:
    """The speaker's type by the keyword table (anonymous officials first)."""
    if anonymous:
        return "anonymous_official"
    low = " " + " ".join(re.findall(r"[\w'-]+", phrase.lower())) + " "
    for kind, keywords in SPEAKER_RULES:
        if any(f" {k} " in low for k in keywords):
            return kind
    return "other"


def agentive(noun: Token) -> bool:
    """A noun that can speak: a name, a typed speaker, a person ("an attempt" cannot)."""
    if noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return (
        speaker_type(noun.text, False) != "other"
        or is_person(noun)
        or (noun.lower_ in PEOPLE_NOUNS)
    )


def np_tokens(head: Token) -> tuple[Token, Token]:
    """First and last token of a source noun phrase on the head's line.

    No relative or participial clauses, no edge punctuation; appositives stay
    ("Rami Abdel Rahman, the head of the monitoring group").
    """
    doc = head.doc
    cut = {t.i for d in head.subtree if d is not head and d.dep_ in NP_EXCLUDED - {"punct", "cc"}
           for t in d.subtree}  # fmt: skip
    first, last = head, head
    inside = {t.i for t in head.subtree}
    while first.i - 1 in inside:  # not across other words ('“They’re ...,” Sarandon')
        first = doc[first.i - 1]
    for tok in doc[head.i + 1 : head.right_edge.i + 1]:
        if tok.i in cut:
            break
        last = tok
    line_start = doc.text.rfind("\n", 0, head.idx) + 1
    line_end = doc.text.find("\n", head.idx)
    while first.i < head.i and (first.idx < line_start or first.is_punct or first.is_space):
        first = doc[first.i + 1]
    while last.i > head.i and (
        (line_end >= 0 and last.idx >= line_end) or last.is_punct or last.is_space
    ):
        last = doc[last.i - 1]
    return first, last


def name_tokens(head: Token) -> tuple[Token, Token]:
    """The name part of a noun phrase: the head with its left modifiers, no appositive."""
    first = head.left_edge
    doc = head.doc
    while first.i < head.i and (doc[first.i].is_punct or doc[first.i].is_space):
        first = doc[first.i + 1]
    return first, head


def is_anonymous(head: Token, sentence_text: str) -> bool:
    """An unnamed official or source ("a US official", "sources"), or an explicit marker."""
    first, last = np_tokens(head)
    words = head.doc[first.i : last.i + 1]
    named = any(t.ent_type_ in ("PERSON", "ORG") for t in words)
    if head.lower_ in ANON_HEADS and not named:
        return True
    return head.lower_ in ANON_HEADS | {"spokesman", "spokeswoman"} and bool(
        ANON_MARKERS.search(sentence_text)
    )


def is_person(head: Token) -> bool:
    """A named person (for pronoun resolution): PERSON entity or a person-like head."""
    first, last = name_tokens(head)
    span = head.doc[first.i : last.i + 1]
    if any(t.ent_type_ == "PERSON" for t in span):
        return True
    return head.lower_ in {"official", "spokesman", "spokeswoman", "minister", "president",
                           "commander", "witness", "resident", "reporter", "head", "leader",
                           "director", "chief", "man", "woman", "doctor"}  # fmt: skip


OPEN_QUOTES = "\u201c\""
CLOSE_QUOTES = "\u201d\""
QUOTE_MARK = re.compile("\u201c|\u201d|\"|''")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, paired within a paragraph.

    Curly quotes open and close; straight double quotes and doubled apostrophes
    (''...'', as in some newswire text) toggle. An opening quote left open at the
    end of a paragraph runs to the paragraph's end (the convention for quotes
    that go on over several paragraphs).
    """
    ranges = []
    for para in re.finditer(r"[^\n]+", text):
        start: int | None = None
        for m in QUOTE_MARK.finditer(text, para.start(), para.end()):
            mark = m.group(0)
            if start is None and mark != "\u201d":
                start = m.start()
            elif start is not None and mark != "\u201c":
                ranges.append((start, m.end()))
                start = None
        if start is not None:
            ranges.append((start, para.end()))
    return ranges
