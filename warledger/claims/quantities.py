"""Quantities with qualifiers.

``find_quantities`` finds counts in a spaCy ``Doc`` or ``Span`` ("at least 100",
"20 to 30", "dozens", "two dozen") and drops numbers that are not counts of
people or things: dates, times, distances ("500 metres"), ages ("aged 12",
"12-year-old"), money, percentages, ordinals. The casualty figures among them
(people killed or injured, and who was counted) are `warledger.claims.casualties`.

Qualifiers (``records.Qualifier``):

=====================================  =========================================
"20"                                   20, 20, exact
"at least 100"                         100, None, at_least
"more than 100", "over 100"            101, None, more_than
"up to 30", "as many as 30"            None, 30, up_to
"less than 30", "fewer than 30"        None, 29, up_to
"about/around/nearly/some 50"          50, 50, about
"20 to 30", "20-30", "between 20 and 30"  20, 30, range
=====================================  =========================================

Vague numbers follow ACLED's conventions for coding fatalities: "tens" 10,
"dozens" 12, "scores" 20, "hundreds" 100, "thousands" 1000 (all ``at_least``);
"several" and "many" 10 (ACLED codes 10 for "several"/"many" fatalities,
``about``); "a few" and "a handful" 3 (not an ACLED rule: a conservative
choice, ``about``). "tens of thousands" multiplies (10,000, ``at_least``).

All offsets are character offsets into the parsed text (the article's
same-length ``nlp_text``), so they are valid offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from warledger.records import Qualifier

UNITS = {
    "ones": 1, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# vague number -> (value, qualifier); see the module docstring
VAGUE: dict[str, tuple[int, Qualifier]] = {
    "tens": (10, "at_least"), "dozens": (12, "at_least"), "scores": (20, "at_least"),
    "hundreds": (100, "at_least"), "thousands": (1000, "at_least"),
    "several": (10, "about"), "many": (10, "about"),
    "a few": (3, "about"), "a handful": (3, "about"),
}  # fmt: skip

_WORD = "|".join(sorted((k for k in UNITS if k not in ("a", "an", "ones")), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_MULT = r"(?:\s+(?:dozen|hundred|thousand|million))*"
NUM = rf"(?:(?:{_DIGITS}|(?:{_WORD})(?:-(?:{_WORD}))?|an?(?=\s+(?:dozen|hundred|thousand))){_MULT})"
VAGUE_PATTERN = r"(?:tens|dozens|scores|hundreds|thousands)(?:\s+of\s+(?:thousands|hundreds))?"
VAGUE_PATTERN += r"|several|many|a\s+few|a\s+handful"
_QUAL = (
    r"at\s+least|more\s+than|over|in\s+excess\s+of|upwards\s+of|up\s+to|as\s+many\s+as"
    r"|less\s+than|fewer\s+than|under|about|around|approximately|roughly|nearly|almost"
    r"|some|an\s+estimated|close\s+to"
)
QUANTITY_RE = re.compile(
    rf"(?<![\w.,$£€-])(?:(?P<between>between\s+(?P<b1>{NUM})\s+and\s+(?P<b2>{NUM}))"
    rf"|(?:(?P<qual>{_QUAL})\s+)?(?:(?P<n1>{NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{NUM}))?"
    rf"|(?P<vague>{VAGUE_PATTERN})))(?![\w%]|[.,]\d)",
    re.IGNORECASE,
)
QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least", "more than": "more_than", "over": "more_than",
    "in excess of": "more_than", "upwards of": "more_than", "up to": "up_to",
    "as many as": "up_to", "less than": "up_to", "fewer than": "up_to", "under": "up_to",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "nearly": "about", "almost": "about", "some": "about", "an estimated": "about",
    "close to": "about",
}  # fmt: skip

NON_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
# nouns that make a number something other than a head count
NON_COUNT_NOUNS = {
    "metre", "metres", "meter", "meters", "m", "km", "kilometre", "kilometres", "kilometer",
    "kilometers", "mile", "miles", "yard", "yards", "foot", "feet", "ft", "percent", "per",
    "%", "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "am", "a.m.", "pm", "p.m.", "o'clock", "gmt",
    "dollars", "dollar", "euros", "pounds", "kg", "tonnes", "tons", "round", "rounds",
    "shell", "shells", "rocket", "rockets", "missile", "missiles", "mortar", "mortars",
    "bomb", "bombs", "artillery", "tank", "tanks", "vehicle", "vehicles", "aircraft",
    "jets", "drones", "barrel", "barrels", "times", "villages", "towns",
    "year-old", "years-old", "point", "points", "votes", "seats",
}  # fmt: skip
_CALENDAR = (
    "January February March April May June July August September October "
    "November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday"
)
NON_COUNT_NOUNS |= {m.lower() for m in re.findall(r"\S+", _CALENDAR)}
AGE_WORDS = {"aged", "age", "ages", "no", "no.", "number", "resolution", "page", "article"}
AGE_AFTER_CHARS = 16  # characters after a number searched for "-year-old", "years old"
# multipliers from this one up ("thousand", "million") close a group of a number phrase:
# "two hundred thousand five hundred" is (2 * 100) * 1000 + 5 * 100
GROUP_MULTIPLIER = 1000
MAX_COUNT = 10**10  # more than the people alive: a number this large counts no people


@dataclass
class Quantity:
    """A count in the text, with its qualifier; offsets into the parsed text."""

    text: str
    start: int
    end: int
    value_low: int | None
    value_high: int | None
    qualifier: Qualifier


def parse_number(text: str) -> int | None:
    """The value of a numeral or number phrase: "1,500" 1500, "two dozen" 24, "forty-five" 45."""
    words = re.split(r"[\s-]+", text.lower().replace(",", ""))
    total, current = 0, 0
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)  # type: ignore[assignment]
        elif word in UNITS:
            current += UNITS[word]
        elif word in MULTIPLIERS:
            current = max(current, 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= GROUP_MULTIPLIER:
                total, current = total + current, 0
        else:
            return None
    value = total + current
    return int(value) if value <= MAX_COUNT else None  # inf ("9" * 400) included


def _vague_value(text: str) -> tuple[int, Qualifier]:
    words = text.lower().split()
    value, qualifier = VAGUE.get(" ".join(words[:2]), VAGUE.get(words[0], (10, "about")))
    if len(words) >= 3 and words[1] == "of":
        value *= VAGUE[words[2]][0]
    return value, qualifier


def _values(m: re.Match[str]) -> tuple[int | None, int | None, Qualifier] | None:
    """(value_low, value_high, qualifier) of one regex match, or None if it is not a count."""
    if m.group("between"):
        low, high = parse_number(m.group("b1")), parse_number(m.group("b2"))
        return (low, high, "range") if low is not None and high is not None else None
    if m.group("vague"):
        value, vague_qual = _vague_value(m.group("vague"))
        return (value, None, vague_qual) if vague_qual == "at_least" else (value, value, "about")
    low = parse_number(m.group("n1"))
    if low is None:
        return None
    if m.group("n2"):
        high = parse_number(m.group("n2"))
        return (low, high, "range") if high is not None and high > low else None
    return _qualify(low, " ".join((m.group("qual") or "").lower().split()))


def _qualify(value: int, qual: str) -> tuple[int | None, int | None, Qualifier]:
    qualifier = QUALIFIERS.get(qual, "exact")
    if qualifier == "at_least":
        return value, None, qualifier
    if qualifier == "more_than":
        return value + 1, None, qualifier
    if qualifier == "up_to":
        return None, value - 1 if qual in ("less than", "fewer than", "under") else value, qualifier
    return value, value, qualifier


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens that a character range touches."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_count(doc: Doc, start: int, end: int) -> bool:
    """False for dates, times, distances, ages, money, percentages, weapon counts."""
    toks = tokens_in(doc, start, end)
    if not toks:
        return False
    last = toks[-1]
    noun = counted_noun(last)
    if noun is None and any(t.ent_type_ in NON_COUNT_ENTS for t in toks if t.like_num) and (
            not states_toll(last)):
        return False
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    age = doc.text[end : end + AGE_AFTER_CHARS]
    if re.match(r"\s*-?\s*(?:year|month|week|day)s?[-\s]old", age):
        return False
    if before is not None and (before.lower_ in AGE_WORDS or before.text in "$£€#"):
        return False
    if after is not None and (after.lower_ in NON_COUNT_NOUNS or after.text.startswith("-year")):
        return False
    if after is not None and after.lower_ == "of" and any(
            c.dep_ == "pobj" and c.lower_ in NON_COUNT_NOUNS for c in after.children):
        return False  # "tens of rocket shells", "dozens of barrels"
    if after is not None and last.text.isdigit() and re.match(r"\d", after.text):
        return False  # a run of figures ("0 85 12 Daesh": share counters, scores): the last counts
    if noun is not None and (noun.lower_ in NON_COUNT_NOUNS or noun.ent_type_ in NON_COUNT_ENTS):
        return False
    return not _is_year(toks)


def _is_year(toks: list[Token]) -> bool:
    return len(toks) == 1 and re.fullmatch(r"(19|20)\d\d", toks[0].text) is not None


def find_quantities(doc_or_span: Doc | Span) -> list[Quantity]:
    """Counts in a Doc or Span, with qualifiers; non-counts (dates, distances...) left out."""
    doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
    lo = 0 if isinstance(doc_or_span, Doc) else doc_or_span.start_char
    hi = len(doc.text) if isinstance(doc_or_span, Doc) else doc_or_span.end_char
    found = []
    for m in QUANTITY_RE.finditer(doc.text, lo, hi):
        values = _values(m)
        if values is None or not _is_count(doc, m.start(), m.end()):
            continue
        found.append(Quantity(m.group(0), m.start(), m.end(), *values))
    return found


def states_toll(number: Token) -> bool:
    """A number that gives a toll's value ("the toll stood at 40", "put the death toll at
    12", "the toll rose to 53"): a count, whatever the entity tagger read it as."""
    prep = number.head
    if number.dep_ != "pobj" or prep.lower_ not in ("at", "to"):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ == "toll"
               for c in prep.head.children)


def counted_noun(number: Token) -> Token | None:
    """The noun a number counts ("100" in "100 Syrian forces" -> "forces"), if any."""
    tok = number
    while tok.dep_ in ("compound", "quantmod", "nummod", "npadvmod", "conj") and tok.head.like_num:
        tok = tok.head
    if tok.dep_ in ("nummod", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return tok.head
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("dead", "wounded", "injured"):
        return tok.doc[tok.i + 1]
    return None
