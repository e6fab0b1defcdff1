"""Quantities with qualifiers, and the casualty figures among them.

``find_quantities`` finds counts in a spaCy ``Doc`` or ``Span`` ("at least 100",
"20 to 30", "dozens", "two dozen") and drops numbers that are not counts of
people or things: dates, times, distances ("500 metres"), ages ("aged 12",
"12-year-old"), money, percentages, ordinals. ``casualty_figures`` keeps the
quantities that count people killed or injured and says who was counted.

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
_VAGUE = r"(?:tens|dozens|scores|hundreds|thousands)(?:\s+of\s+(?:thousands|hundreds))?"
_VAGUE += r"|several|many|a\s+few|a\s+handful"
_QUAL = (
    r"at\s+least|more\s+than|over|in\s+excess\s+of|upwards\s+of|up\s+to|as\s+many\s+as"
    r"|less\s+than|fewer\s+than|under|about|around|approximately|roughly|nearly|almost"
    r"|some|an\s+estimated|close\s+to"
)
QUANTITY_RE = re.compile(
    rf"(?<![\w.,$£€-])(?:(?P<between>between\s+(?P<b1>{NUM})\s+and\s+(?P<b2>{NUM}))"
    rf"|(?:(?P<qual>{_QUAL})\s+)?(?:(?P<n1>{NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{NUM}))?"
    rf"|(?P<vague>{_VAGUE})))(?![\w%]|[.,]\d)",
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

KILL_VERBS = {"killed", "kill", "kills", "killing", "slain", "massacred", "executed", "murdered",
              "shot", "beheaded", "slaughtered", "eliminated", "eliminating", "eliminates",
              "neutralized", "neutralised", "martyred", "assassinated"}  # fmt: skip
DIE_VERBS = {"died", "die", "dies", "dying", "perished"}
INJURE_VERBS = {"wounded", "wounding", "wound", "injured", "injuring", "injure", "hurt",
                "maimed"}  # fmt: skip
DEATH_NOUNS = {"dead", "death", "deaths", "fatalities", "bodies", "corpses", "toll", "lives",
               "killed", "massacre", "killing", "killings", "martyrs", "martyr"}  # fmt: skip
INJURY_NOUNS = {"wounded", "injured", "injuries", "injury", "hurt"}
BACKGROUND = re.compile(
    r"\bsince (?:the )?(?:start|beginning|outbreak|onset|eruption)\b|\bsince (?:\w+ )?20[01]\d\b"
    r"|\bsince (?:it|the (?:war|conflict|uprising|crisis|revolution))\b"
    r"|\b(?:war|conflict|uprising|crisis) (?:has|have|had|which has|that has) (?:so far )?killed"
    r"|\b(?:\w+|\d+)-year(?:-old)? (?:war|conflict|civil war|uprising)",
    re.IGNORECASE,
)
BACKGROUND_WINDOW = 60  # characters before a figure (twice that after) searched for BACKGROUND
SURFACE_WINDOW = 4  # words after a number searched for a casualty word by `_surface_kind`
CUMULATIVE_VERBS = {"rose", "risen", "rises", "climbed", "climbs", "reached", "reaches",
                    "increased", "jumped", "stood", "stands", "mounted"}  # fmt: skip
CIVILIAN_WORDS = {"civilian", "civilians", "residents", "villagers", "worshippers",
                  "passengers", "students", "farmers", "shoppers"}  # fmt: skip
CHILD_WORDS = {"child", "children", "kids", "boys", "girls", "infants", "babies", "minors"}
WOMEN_WORDS = {"women", "woman", "girls", "mothers"}


@dataclass
class Quantity:
    """A count in the text, with its qualifier; offsets into the parsed text."""

    text: str
    start: int
    end: int
    value_low: int | None
    value_high: int | None
    qualifier: Qualifier


@dataclass
class Figure:
    """A casualty figure: a quantity of people killed or injured, and who they were."""

    kind: str  # "fatalities" | "injuries"
    value_low: int | None
    value_high: int | None
    qualifier: Qualifier
    subject: str | None
    start: int
    end: int
    text: str
    civilians: bool = False
    children: bool = False
    women: bool = False
    cumulative: bool = False
    background: bool = False  # a toll of the war or a period, not of the event


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
            if MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return int(total + current)


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


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_count(doc: Doc, start: int, end: int) -> bool:
    """False for dates, times, distances, ages, money, percentages, weapon counts."""
    toks = _tokens(doc, start, end)
    if not toks:
        return False
    last = toks[-1]
    noun = counted_noun(last)
    if noun is None and any(t.ent_type_ in NON_COUNT_ENTS for t in toks if t.like_num):
        return False
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    if re.match(r"\s*-?\s*(?:year|month|week|day)s?[-\s]old", doc.text[end : end + 16]):
        return False
    if before is not None and (before.lower_ in AGE_WORDS or before.text in "$£€#"):
        return False
    if after is not None and (after.lower_ in NON_COUNT_NOUNS or after.text.startswith("-year")):
        return False
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


def _kind_from_word(word: str) -> str | None:
    if word in DEATH_NOUNS or word in KILL_VERBS or word in DIE_VERBS:
        return "fatalities"
    if word in INJURY_NOUNS or word in INJURE_VERBS:
        return "injuries"
    return None


def _kind_from_verb(head: Token, subject: bool = False) -> str | None:
    """Kind from the verb that governs a counted phrase ("were killed", "died", "killing N")."""
    verb = head
    if verb.dep_ == "conj" and verb.pos_ in ("NOUN", "PROPN", "NUM"):
        verb = verb.head
    words = [verb.lower_] + [c.lower_ for c in verb.children if c.dep_ in ("dobj", "acomp")]
    if subject:  # "1 civilian was kidnapped and killed": the victim of both verbs
        words += [c.lower_ for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"
                  and not any(g.dep_.startswith("nsubj") for g in c.children)]  # fmt: skip
    if verb.lower_ in ("lost", "lose", "losing") and "lives" in words:
        return "fatalities"
    if verb.lower_ in ("left", "leaving"):  # "left 20 dead"
        words = [c.lower_ for c in verb.subtree]
    for word in words:
        kind = _kind_from_word(word)
        if kind is not None and word not in ("toll", "lives"):
            return kind
    return None


def _nominal(phrase: Token) -> Token:
    """Climb from a noun to the head of its coordination ("A and B were killed")."""
    while phrase.dep_ == "conj" and phrase.head.pos_ in ("NOUN", "PROPN", "NUM"):
        phrase = phrase.head
    return phrase


def classify(doc: Doc, q: Quantity) -> tuple[str, bool] | None:
    """("fatalities" | "injuries", cumulative) for a quantity, or None if not a casualty count."""
    toks = _tokens(doc, q.start, q.end)
    if not toks:
        return None
    number = toks[-1]
    noun = counted_noun(number)
    phrase = _nominal(noun if noun is not None else number)
    if noun is not None:
        kind = _kind_from_word(noun.lower_) or _acl_kind(noun)
        if kind is not None:
            return kind, False
    found = _kind_from_context(phrase)
    if found is None:
        surface = _surface_kind(toks[0], number)
        return (surface, False) if surface is not None else None
    return found


def _surface_kind(first: Token, number: Token) -> str | None:
    """Fallback for text the parser cannot read (run-on headlines, no punctuation):
    the first casualty word among the few words after the number ("28 Terrorists
    Killed", "claiming 4 martyrs"), else a casualty verb just before it ("killing 12")."""
    doc = number.doc
    for tok in doc[number.i + 1 : number.i + 1 + SURFACE_WINDOW]:
        if tok.like_num or (tok.is_punct and tok.text != "-") or "\n" in tok.text:
            break
        kind = _kind_from_word(tok.lower_)
        if kind is not None and tok.lower_ not in ("toll", "lives", "massacre"):
            return kind
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.lower_ in KILL_VERBS | INJURE_VERBS:
        return _kind_from_word(before.lower_)
    return None


def _acl_kind(noun: Token) -> str | None:
    """'20 people killed', '10 civilians wounded' (a participle attached to the noun)."""
    for child in noun.rights:
        if child.dep_ in ("acl", "amod", "relcl") and child.i - noun.i <= 3:
            kind = _kind_from_word(child.lower_)
            if kind is not None:
                return kind
    return None


def _kind_from_context(phrase: Token) -> tuple[str, bool] | None:
    head = phrase.head
    if phrase.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        if phrase.dep_ == "nsubj" and head.lower_ in KILL_VERBS | INJURE_VERBS and any(
            c.dep_ == "dobj" for c in head.children
        ):
            return None  # "20 gunmen killed 3 people": the killers
        kind = _kind_from_verb(head, phrase.dep_ == "nsubjpass")
        if kind is not None:
            return kind, False
    if phrase.dep_ in ("pobj", "attr", "dobj") or phrase.dep_ == "npadvmod":
        verb = head.head if phrase.dep_ == "pobj" else head
        if head.lower_ == "of" and _kind_from_word(verb.lower_) == "fatalities":
            return "fatalities", False
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.lower_ in ("toll", "dead", "deaths", "fatalities") for s in subjects):
            return "fatalities", verb.lower_ in CUMULATIVE_VERBS
        if any(s.lower_ in ("injuries", "wounded", "injured") for s in subjects):
            return "injuries", verb.lower_ in CUMULATIVE_VERBS
    return None


def subject_of(doc: Doc, q: Quantity) -> str | None:
    """The people counted ("Syrian pro-government forces"), from the counted noun phrase."""
    toks = _tokens(doc, q.start, q.end)
    if not toks:
        return None
    noun = counted_noun(toks[-1])
    if noun is None or noun.lower_ in DEATH_NOUNS | INJURY_NOUNS:
        anchor = noun if noun is not None else toks[-1]
        among = [c for c in anchor.children if c.dep_ == "prep" and c.lower_ in ("among", "of")]
        if among and among[0].head.head is not None:
            objs = [c for c in among[0].children if c.dep_ == "pobj"]
            return _phrase_text(doc, objs[0].left_edge.idx, _np_end(objs[0])) if objs else None
        among = [c for c in anchor.head.children if c.dep_ == "prep" and c.lower_ == "among"]
        objs = [c for c in among[0].children if c.dep_ == "pobj"] if among else []
        return _phrase_text(doc, objs[0].left_edge.idx, _np_end(objs[0])) if objs else None
    start = max(q.end, noun.left_edge.idx)
    return _phrase_text(doc, start, _np_end(noun))


def _np_end(noun: Token) -> int:
    """End of a noun phrase: the noun, its conjuncts and 'of' complements, no clauses."""
    end = noun.idx + len(noun.text)
    for child in noun.rights:
        if child.dep_ == "conj" and any(c.like_num for c in child.children):
            break  # "12 children and 3 women": a second count
        if child.dep_ in ("conj", "cc", "compound", "amod") or (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            last = child.right_edge
            end = max(end, last.idx + len(last.text))
    return end


def _phrase_text(doc: Doc, start: int, end: int) -> str | None:
    text = " ".join(doc.text[start:end].split()).strip(" ,;:")
    return text or None


def _flags(subject: str | None) -> tuple[bool, bool, bool]:
    words = set(re.findall(r"[a-z]+", (subject or "").lower()))
    return bool(words & CIVILIAN_WORDS), bool(words & CHILD_WORDS), bool(words & WOMEN_WORDS)


def casualty_figures(doc_or_span: Doc | Span) -> list[Figure]:
    """The quantities that count people killed or injured, with kind, subject and flags.

    Listed groups of one kind are summed ("5 civilians and 3 soldiers" -> 8; "2-5 militants,
    3 policemen and 1 soldier" -> 6 to 9); a part of a figure given before it is dropped
    ("47 people, including 31 children": 47, with the children flag); a single victim
    with no number is a count of one ("a woman was killed", ``implicit_victims``).
    """
    doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
    found = [(q, classify(doc, q)) for q in find_quantities(doc_or_span)]
    figures = [_merged(doc, [_figure(doc, q, kind) for q, kind in run])
               for run in _lists(doc, found)]  # fmt: skip
    figures = _drop_parts(doc, figures)
    figures += implicit_victims(doc_or_span, figures)
    return sorted(figures, key=lambda f: f.start)


def _figure(doc: Doc, q: Quantity, found: tuple[str, bool]) -> Figure:
    subject = subject_of(doc, q)
    civ, child, women = _flags(subject)
    return Figure(found[0], q.value_low, q.value_high, q.qualifier, subject, q.start, q.end,
                  q.text, civ, child, women, found[1],
                  background=is_background(doc, q.start))  # fmt: skip


def is_background(doc: Doc, start: int) -> bool:
    """A toll of the whole war or of a long period, not of one event ("since 2011")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    lo = max(sent.start_char, start - BACKGROUND_WINDOW)
    hi = min(sent.end_char, start + 2 * BACKGROUND_WINDOW)
    return BACKGROUND.search(doc.text, lo, hi) is not None


Found = tuple[Quantity, "tuple[str, bool] | None"]
LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|in addition to\s+|as well as\s+)")
PART_OF = re.compile(r"\b(?:including|among them|among whom|of whom|of them|among those"
                     r"(?: killed| dead)?)[\s,:]*$", re.IGNORECASE)  # fmt: skip


def _lists(doc: Doc, found: list[Found]) -> list[list[tuple[Quantity, tuple[str, bool]]]]:
    """Runs of listed counts ("6 commandos, 5 soldiers and 15 militants") of one kind; the
    counts the parse did not classify take the kind of the run; runs of no kind are left out."""
    runs: list[list[Found]] = []
    for q, kind in found:
        run = runs[-1] if runs else None
        kinds = {k[0] for _, k in run or [] if k is not None}
        if run and _listed(doc, run[-1][0], q) and (kind is None or kinds <= {kind[0]}):
            run.append((q, kind))
        else:
            runs.append([(q, kind)])
    out = []
    for run in runs:
        kind = next((k for _, k in run if k is not None), None)
        if kind is not None:
            out.append([(q, k or (kind[0], False)) for q, k in run])
    return out


def _listed(doc: Doc, first: Quantity, second: Quantity) -> bool:
    """The second count follows the first one's noun phrase after a comma or 'and'."""
    end = _surface_np_end(doc, first)
    if end <= first.end or "\n" in doc.text[end : second.start]:
        return False
    return LIST_SEP.fullmatch(doc.text, end, second.start) is not None


def _surface_np_end(doc: Doc, q: Quantity) -> int:
    """End of the words a count counts, read on the surface ("5 pro-government militia
    members", "6 'Arbakis'"): nouns, adjectives, hyphens and quotes after the number."""
    toks = _tokens(doc, q.start, q.end)
    end = q.end
    for tok in doc[toks[-1].i + 1 : toks[-1].i + 8] if toks else []:
        if not (tok.pos_ in ("NOUN", "PROPN", "ADJ") or tok.text in ("-", "'", "\u2019")):
            break
        end = tok.idx + len(tok.text)
    return end


def _merged(doc: Doc, figs: list[Figure]) -> Figure:
    """One figure for listed groups: values added; exact and ranges give a range."""
    if len(figs) == 1:
        return figs[0]
    quals = {f.qualifier for f in figs}
    lows = [f.value_low if f.value_low is not None else f.value_high for f in figs]
    highs = [f.value_high for f in figs]
    low = None if None in lows else sum(v for v in lows if v is not None)
    high = None if None in highs else sum(v for v in highs if v is not None)
    qualifier: Qualifier = figs[0].qualifier if len(quals) == 1 else "at_least"
    if quals <= {"exact", "range"}:
        qualifier = "exact" if low == high else "range"
    if qualifier in ("at_least", "more_than"):
        high = None
    subjects = [re.sub(r"[\s,]+(?:and|or)$", "", f.subject) for f in figs if f.subject]
    subject = ", ".join(subjects[:-1]) + " and " + subjects[-1] if len(subjects) > 1 else None
    end = max(figs[-1].end, _surface_np_end(doc, _as_quantity(figs[-1])))
    first = figs[0]
    return Figure(first.kind, low, high, qualifier, subject or first.subject, first.start, end,
                  doc.text[first.start : end], any(f.civilians for f in figs),
                  any(f.children for f in figs), any(f.women for f in figs),
                  any(f.cumulative for f in figs), first.background)  # fmt: skip


def _as_quantity(fig: Figure) -> Quantity:
    return Quantity(fig.text, fig.start, fig.end, fig.value_low, fig.value_high, fig.qualifier)


def _drop_parts(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """'47 people, including 31 children': the part is no figure of its own; its flags go
    to the whole."""
    out: list[Figure] = []
    for fig in figures:
        whole = out[-1] if out and out[-1].kind == fig.kind else None
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        sent_start = span[0].sent.start_char if span is not None else fig.start
        if whole is not None and whole.start >= sent_start and PART_OF.search(
            doc.text[whole.end : fig.start]
        ):
            whole.civilians |= fig.civilians
            whole.children |= fig.children
            whole.women |= fig.women
            continue
        out.append(fig)
    return out


PERSON_NOUNS = set(re.findall(
    r"\S+",
    "woman man boy girl child baby infant teenager youth soldier policeman policewoman officer "
    "commander director official civilian militant fighter member bomber attacker gunman "
    "insurgent rebel guard bodyguard driver farmer shepherd teacher student doctor nurse "
    "journalist reporter photographer cameraman worker employee engineer judge prosecutor "
    "lawyer cleric imam mullah elder leader chief governor mayor deputy lawmaker politician "
    "candidate activist protester demonstrator resident villager passenger pilot trader "
    "shopkeeper businessman merchant tribesman commando sniper recruit conscript cadet "
    "translator interpreter contractor volunteer mother father son daughter brother sister "
    "wife husband relative cook prisoner detainee hostage suspect spokesman sergeant "
    "lieutenant captain major colonel general jihadist terrorist person",
))


def implicit_victims(doc_or_span: Doc | Span, figures: list[Figure]) -> list[Figure]:
    """One victim with no number: a singular person noun that a kill verb takes as its
    victim ("a woman was killed", "gunmen killed the director of ...", "a soldier died")."""
    doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
    counted = [(f.start, f.end) for f in figures]
    out = []
    for verb in doc_or_span:
        victim = _victim(verb) if verb.lower_ in KILL_VERBS | DIE_VERBS - {"shot"} else None
        if victim is None or not _one_person(victim):
            continue
        start, end = victim.left_edge.idx, _np_end(victim)
        if any(a < end and start < b for a, b in counted):
            continue
        subject = _phrase_text(doc, start, end)
        civ, child, women = _flags(subject)
        out.append(Figure("fatalities", 1, 1, "exact", subject, start, end, doc.text[start:end],
                          civ, child, women, background=is_background(doc, start)))  # fmt: skip
        counted.append((start, end))
    return out


def _victim(verb: Token) -> Token | None:
    """Who a kill or die verb says died: passive or intransitive subject, active object."""
    if verb.pos_ != "VERB":
        return None
    deps = ("nsubjpass",) if any(c.dep_ == "auxpass" for c in verb.children) else ("dobj",)
    if verb.lower_ in DIE_VERBS:
        deps = ("nsubj",)
    found = [c for c in verb.children if c.dep_ in deps]
    if not found and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        found = [c for c in verb.head.children if c.dep_ in deps + ("nsubjpass",)]
    return found[0] if found else None


def _one_person(noun: Token) -> bool:
    """'a woman', 'the director', 'his brother': one person, no number, no list."""
    if noun.tag_ != "NN" or noun.lower_ not in PERSON_NOUNS:
        return False
    kids = list(noun.children)
    if any(c.like_num or c.dep_ in ("nummod", "conj") for c in kids):
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("no", "every", "each", "any")
               for c in kids)  # fmt: skip
