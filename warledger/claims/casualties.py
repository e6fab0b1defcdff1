"""Casualty figures: the quantities that count people killed or injured.

``casualty_figures`` keeps the quantities (``warledger.claims.quantities``) that count people
killed or injured and says who was counted; listed groups of one kind are summed, a part
given after its whole is dropped, a single victim with no number is a count of one
(``implicit_victims``), and a toll of the whole war or a long period is marked as
background (``is_background``).

All offsets are character offsets into the parsed text (the article's
same-length ``nlp_text``), so they are valid offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from warledger.claims.quantities import Quantity, counted_noun, find_quantities, tokens_in
from warledger.records import Qualifier

KILL_VERBS = {"killed", "kill", "kills", "killing", "slain", "slays", "massacred", "massacres",
              "executed", "executes", "execute", "executing", "murdered", "murders", "shot",
              "beheaded", "beheads", "behead", "beheading", "crucified", "crucifies", "slaughtered",
              "slaughters", "eliminated", "eliminating", "eliminates", "neutralized",
              "neutralised", "martyred", "assassinated"}  # fmt: skip  (headlines: present tense)
DIE_VERBS = {"died", "die", "dies", "dying", "perished"}
# verbs whose object is a toll ("claiming 4 martyrs", "leaving 12 dead")
TOLL_VERBS = {"claiming", "claimed", "claims", "claim", "left", "leaving", "leaves"}
INJURE_VERBS = {"wounded", "wounding", "wound", "injured", "injuring", "injure", "injures", "hurt",
                "maimed"}
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
ACL_WINDOW = 3  # a participle at most this many words after a counted noun ("20 people killed")
SURFACE_NP_WORDS = 7  # words after a count read as what it counts by `_surface_np_end`
CUMULATIVE_VERBS = {"rose", "risen", "rises", "climbed", "climbs", "reached", "reaches",
                    "increased", "jumped", "stood", "stands", "mounted"}  # fmt: skip
# a casualty word right after the number says what it counts, whatever the parse hangs it on
RIGHT_AFTER = {"dead": "fatalities", "killed": "fatalities", "wounded": "injuries",
               "injured": "injuries"}
CIVILIAN_WORDS = {"civilian", "civilians", "residents", "villagers", "worshippers",
                  "passengers", "students", "farmers", "shoppers"}  # fmt: skip
CHILD_WORDS = {"child", "children", "kids", "boys", "girls", "infants", "babies", "minors"}
WOMEN_WORDS = {"women", "woman", "girls", "mothers"}


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
    words = [verb.lower_] + [c.lower_ for c in verb.children  # "were confirmed dead": oprd
                             if c.dep_ in ("dobj", "acomp", "oprd")]
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


# one number for the dead and the wounded together ('88 Killed & Injured', 'killing and
# injuring 20'): no death toll; it counts as the wounded (ACLED codes no fatality from it)
DEAD_AND_WOUNDED = r"(?:killed|dead)\s*(?:and|or|&|/)\s*(?:injured|wounded|hurt)\b"
COMBINED_AFTER = re.compile(rf"\s*(?:[\w-]+\s+){{0,3}}?{DEAD_AND_WOUNDED}", re.IGNORECASE)
COMBINED_BEFORE = re.compile(
    r"\b(?:killing|killed)\s+(?:and|or)\s+(?:injuring|wounding|injured|wounded)\s+"
    r"(?:(?:at\s+least|more\s+than|over|about|nearly|some)\s+)?$", re.IGNORECASE)
COMBINED_WINDOW = 40  # characters searched for COMBINED_BEFORE


def classify(doc: Doc, q: Quantity) -> tuple[str, bool] | None:
    """("fatalities" | "injuries", cumulative) for a quantity, or None if not a casualty count."""
    toks = tokens_in(doc, q.start, q.end)
    if not toks:
        return None
    if _combined(doc.text, q):
        return "injuries", False
    number = toks[-1]
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if after is not None and after.lower_ in RIGHT_AFTER:  # "35 Dead Dozens Wounded"
        return RIGHT_AFTER[after.lower_], False
    verb = _verb_before(toks[0])
    if verb is not None:
        return verb, False
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


def _verb_before(first: Token) -> str | None:
    """A count right after a verb of killing or wounding is what the verb did ('killed 30
    people injured 90', its commas lost: 30 killed, not 30 injured), unless the verb is
    itself a participle after a count ('10 killed 20 injured': the 20 are the next item) or
    the count is of 'others' ('four people killed six others injured': another group)."""
    doc = first.doc
    if first.i == 0 or any(t.lower_ in ("others", "other", "more")
                           for t in doc[first.i + 1 : first.i + 3]):
        return None
    verb = doc[first.i - 1]
    if verb.lower_ not in KILL_VERBS | INJURE_VERBS or not verb.tag_.startswith("VB"):
        return None
    left = doc[verb.i - 1] if verb.i > 0 else None
    if left is not None and (left.like_num or any(c.like_num for c in left.children)):
        return None
    return _kind_from_word(verb.lower_)


def _combined(text: str, q: Quantity) -> bool:
    """One number for the dead and the wounded together (`DEAD_AND_WOUNDED`)."""
    return bool(COMBINED_AFTER.match(text, q.end)) or bool(
        COMBINED_BEFORE.search(text[max(0, q.start - COMBINED_WINDOW) : q.start]))


def _surface_kind(first: Token, number: Token) -> str | None:
    """Fallback for text the parser cannot read (run-on headlines, no punctuation):
    the first casualty word among the few words after the number ("28 Terrorists
    Killed", "claiming 4 martyrs"), else a casualty verb just before it ("killing 12")."""
    doc = number.doc
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.tag_.startswith("VB") and (
            before.lower_ not in KILL_VERBS | INJURE_VERBS | DIE_VERBS | TOLL_VERBS):
        return None  # "kidnapped 900 executed 18": the number is another verb's object
    for tok in doc[number.i + 1 : number.i + 1 + SURFACE_WINDOW]:
        if tok.like_num or (tok.is_punct and tok.text != "-") or "\n" in tok.text:
            break
        kind = _kind_from_word(tok.lower_)
        if kind is not None and tok.lower_ not in ("toll", "lives", "massacre"):
            return kind
    if before is not None and before.lower_ in KILL_VERBS | INJURE_VERBS:
        return _kind_from_word(before.lower_)
    return None


def _acl_kind(noun: Token) -> str | None:
    """'20 people killed', '10 civilians wounded' (a participle attached to the noun)."""
    for child in noun.rights:
        if child.dep_ in ("acl", "amod", "relcl") and child.i - noun.i <= ACL_WINDOW:
            kind = _kind_from_word(child.lower_)
            if kind is not None:
                return kind
    return None


def _fronted_subject(phrase: Token) -> bool:
    """A subject the parser took into the phrase that opens the sentence, its comma lost
    ('In Idlib twenty-eight members of the group were killed': [In [Idlib ... members]]):
    the object of the sentence's first word, a preposition, before a passive verb that
    has no subject of its own."""
    head, verb = phrase.head, phrase.head.head
    return (phrase.dep_ == "pobj" and head.i == head.sent.start and head.dep_ == "prep"
            and verb.i > phrase.i and any(c.dep_ == "auxpass" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def _kind_from_context(phrase: Token) -> tuple[str, bool] | None:
    head = phrase.head
    if _fronted_subject(phrase):
        kind = _kind_from_verb(head.head, True)
        return (kind, False) if kind is not None else None
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
        if phrase.dep_ == "pobj" and any(c.dep_ == "dobj" and c.lower_ == "toll"
                                         for c in verb.children):
            return "fatalities", False  # "put the death toll at 58"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.lower_ in ("toll", "dead", "deaths", "fatalities") for s in subjects):
            return "fatalities", verb.lower_ in CUMULATIVE_VERBS
        if any(s.lower_ in ("injuries", "wounded", "injured") for s in subjects):
            return "injuries", verb.lower_ in CUMULATIVE_VERBS
    return None


def subject_of(doc: Doc, q: Quantity) -> str | None:
    """The people counted ("Syrian pro-government forces"), from the counted noun phrase."""
    toks = tokens_in(doc, q.start, q.end)
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
    ones = _listed_singles(doc, q)
    low, high = (None if v is None else v + len(ones) for v in (q.value_low, q.value_high))
    end = max([q.end, *(_np_end(t) for t in ones)])
    return Figure(found[0], low, high, q.qualifier, subject, q.start, end,
                  doc.text[q.start : end], civ, child, women, found[1],
                  background=is_background(doc, q.start))  # fmt: skip


def _listed_singles(doc: Doc, q: Quantity) -> list[Token]:
    """One person each, listed after the counted people ("five women and a child", "two
    soldiers, a policeman and a child"): they count too."""
    toks = tokens_in(doc, q.start, q.end)
    noun = toks[-1].head if toks and toks[-1].dep_ == "nummod" else None
    if noun is None or noun.pos_ != "NOUN":
        return []
    return [c for c in noun.conjuncts if c.i > noun.i and c.tag_ == "NN"
            and c.lower_ in PERSON_NOUNS and not any(d.like_num for d in c.children)
            and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)]


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
    out: list[list[tuple[Quantity, tuple[str, bool]]]] = []
    for run in runs:
        kind = next((k for _, k in run if k is not None), None)
        if kind is None and out and _placed(doc, out[-1][-1][0], run[0][0]):
            kind = (out[-1][-1][1][0], False)  # "five in Douma, three in Harasta"
        if kind is not None:
            out.append([(q, k or (kind[0], False)) for q, k in run])
    return out


# a place told after a count: "in Douma", "at the village of Kafr Nubl", "in Saraqeb in
# Idlib province"; names may carry Arabic articles ("Maarat al-Numan")
PARTICLE = r"(?:al|el|ad|ar|as|ash|az|an|at|ed|ez|es|ul|bin|ibn|bani|abu|de|la)"
NAME = rf"[A-Z][\w'\u2019]*(?:(?:\s+|-)(?:{PARTICLE}(?:-|\s+))?[A-Z][\w'\u2019]*)*"
# what opens a place told after a count: 'in', 'at the village of' (`AT_PLACE`, and
# `warledger.events.build.PLACE_AFTER_COUNT` on resolved places)
PLACE_INTRO = (r"(?:in|at|near|on)\s+(?:the\s+)?(?:(?:town|village|city|district|area"
               r"|neighbou?rhood|camp)\s+of\s+)?")
AT_PLACE = (rf"{PLACE_INTRO}{NAME}(?:\s+(?:in|of)\s+(?:the\s+)?{NAME}"
            rf"(?:\s+(?:province|governorate|district|region))?)?")
ASIDE = r"(?:\s*[-,\u2013\u2014]?\s*(?:including|among\s+them)\s+[^.;]{1,40}?[-,\u2013\u2014]?)?"
DIED = r"(?:\s+(?:were|was|have\s+been|had\s+been))?(?:\s+(?:killed|died|slain|dead))?"
PLACED_BETWEEN = re.compile(rf"{ASIDE}{DIED}\s+{AT_PLACE}\s*"
                            rf"(?:,\s*(?:and\s+|while\s+)?|;\s*|and\s+|while\s+)"
                            rf"(?:another\s+|a\s+further\s+)?")
PLACED_AFTER = re.compile(rf"{ASIDE}{DIED}\s+{AT_PLACE}\b")


def _placed(doc: Doc, first: Quantity, second: Quantity) -> bool:
    """The second count is the same deed's toll at another place, listed after the first
    one's: a count, its place, then the next count and its place ("killed five civilians
    in Douma, three in Harasta and two in Arbin"). It counts what the first counts, at
    its own place (a figure of its own, not a part of the first, nor added to it)."""
    end = _surface_np_end(doc, first)
    between = PLACED_BETWEEN.fullmatch(doc.text, end, second.start)
    return between is not None and PLACED_AFTER.match(
        doc.text, _surface_np_end(doc, second)) is not None


def _listed(doc: Doc, first: Quantity, second: Quantity) -> bool:
    """The second count follows the first one's noun phrase after a comma or 'and'."""
    end = _surface_np_end(doc, first)
    if end <= first.end or "\n" in doc.text[end : second.start]:
        return False
    return LIST_SEP.fullmatch(doc.text, end, second.start) is not None


def _surface_np_end(doc: Doc, q: Quantity) -> int:
    """End of the words a count counts, read on the surface ("5 pro-government militia
    members", "6 'Arbakis'"): nouns, adjectives, hyphens and quotes after the number."""
    toks = tokens_in(doc, q.start, q.end)
    end = q.end
    for tok in doc[toks[-1].i + 1 : toks[-1].i + 1 + SURFACE_NP_WORDS] if toks else []:
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


PERSON_NOUNS = set(re.findall(r"\S+", (
    "woman man boy girl child baby infant teenager youth soldier policeman policewoman officer "
    "commander director official civilian militant fighter member bomber attacker gunman "
    "insurgent rebel guard bodyguard driver farmer shepherd teacher student doctor nurse "
    "journalist reporter photographer cameraman worker employee engineer judge prosecutor "
    "lawyer cleric imam mullah elder leader chief governor mayor deputy lawmaker politician "
    "candidate activist protester demonstrator resident villager passenger pilot trader "
    "shopkeeper businessman merchant tribesman commando sniper recruit conscript cadet "
    "translator interpreter contractor volunteer mother father son daughter brother sister "
    "wife husband relative cook prisoner detainee hostage suspect spokesman sergeant "
    "lieutenant captain major colonel general jihadist terrorist person"
)))


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
