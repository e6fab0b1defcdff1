"""Evidence: what distinguishes one incident from another in the words that tell it.

Read from an incident's own evidence sentences (`Analysis.incident_spans`) and its
claims, folded so that spellings compare ("Salaheddine" / "Salah al-Din"):
- targets: what was hit, by kind from `TARGET_KINDS` ("a clinic", "an aid convoy",
  "the market"; `first`: the kind told first, the incident's own target before those
  recalled beside it), and by name when the text names it ("the Municipal Palace",
  "al-Quds hospital");
- quarters: the parts of a city the text names ("the Salaheddine district of Aleppo",
  "Aleppo's Furqan neighbourhood", "the neighbourhood of Sukkari");
- weapons: from `WEAPONS` (barrel bomb, car bomb, rockets, air strike ...);
- figures: the counts of its claims of at least `FIGURE_FLOOR`.

Each piece is one string, "KIND:value" (`target`, `first`, `named`, `quarter`, `weapon`,
`figure`; named targets and quarters add ":as written"), so the set is stored with the
report as it is; pieces compare by `key`. `compare` in
`warledger.ledger.merge` reads them: different named targets, target kinds or quarters
keep two reports apart; shared distinctive evidence (`strong`) lets them meet one day
apart or across a perpetrator dispute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from unidecode import unidecode

from warledger.events import estimates
from warledger.records import Analysis, Claim, Event

TITLE_WINDOW = 40  # characters either side of a name read to tell Title Case
FIGURE_FLOOR = 5  # smaller counts are too common to tell incidents apart
# what an attack hits, by the noun that names it, and the kind it is compared by
TARGET_KINDS: dict[str, str] = {
    "hospital": "medical", "hospitals": "medical", "clinic": "medical", "clinics": "medical",
    "medical centre": "medical", "medical center": "medical", "health centre": "medical",
    "health center": "medical", "school": "school", "schools": "school",
    "kindergarten": "school", "university": "university", "market": "market",
    "markets": "market", "marketplace": "market", "souk": "market", "bakery": "bakery",
    "bakeries": "bakery", "mosque": "mosque", "mosques": "mosque", "church": "church",
    "convoy": "convoy", "convoys": "convoy", "bus": "convoy", "buses": "convoy",
    "checkpoint": "checkpoint", "prison": "prison", "police station": "police station",
    "palace": "palace", "courthouse": "court", "stadium": "stadium", "airport": "airport",
    "air base": "air base", "airbase": "air base", "refugee camp": "camp",
    "displacement camp": "camp", "wedding": "wedding", "funeral": "funeral",
    "power station": "power station", "power plant": "power station",
    "water station": "water station", "bridge": "bridge", "hotel": "hotel",
}
_NOUNS = "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in TARGET_KINDS),
                         key=len, reverse=True))
# a target noun hit: after a verb or preposition of the attack, a few words between
HIT = re.compile(r"\b(?:on|at|hit(?:ting|s)?|str(?:uck|ike|iking)|target(?:ed|ing|s)?"
                 r"|bomb(?:ed|ing)|shell(?:ed|ing)|attack(?:ed|ing|s)?|destroy(?:ed|ing)|damag(?:ed|ing)|raid(?:ed)?"
                 r"|in|inside|near|outside|against|and)\s+(?:[\w'-]+\s+){0,3}?"
                 rf"(?P<noun>{_NOUNS})\b", re.IGNORECASE)
# a target noun where the wounded go or who speaks: no target ("taken to hospital")
NOT_HIT = re.compile(r"\b(?:taken|rushed|transferred|transported|brought|admitted|treated|evacuated"
                     r"|died|sent|moved)\b[^.;]{0,30}$|\bin\s+$", re.IGNORECASE)
NOT_HIT_AFTER = re.compile(r"\s*(?:sources?|officials?|director|staff|doctors?|workers?|said)\b",
                           re.IGNORECASE)
# a named target: capitalised words before the noun ("the Municipal Palace", "al-Quds hospital")
NAMED = re.compile(r"((?:(?:al|el|Al|El)-)?[A-Z][\w'-]*(?:\s+(?:(?:al|el|Al|El)-)?[A-Z][\w'-]*)*)"
                   rf"\s+(?P<noun>(?i:{_NOUNS}))\b")
_CAPITAL = re.compile(r"^(?:(?:al|el)-)?[A-Z]")
QUARTER_WORDS = r"(?:districts?|neighbou?rhoods?|quarters?|suburbs?)"
_NAME = r"((?:(?:al|el|Al|El)-)?[A-Z][\w'-]+(?:\s+(?:(?:al|el|Al|El)-)?[A-Z][\w'-]+)*)"
QUARTERS = (
    re.compile(rf"{_NAME}\s+{QUARTER_WORDS}\b"),  # "the Furqan neighbourhood"
    re.compile(rf"\b{QUARTER_WORDS}\s+of\s+{_NAME}(?=\s+(?:in|of)\b|[,.;]|$)"),  # "... of X in Y"
)
# words a capitalised run may start with that name nothing ("The", "In Aleppo's")
LEADING = re.compile(r"^(?:(?:The|A|An|In|On|At|Of|And|Its|Their|This|That|Syrian|Russian|Regime"
                     r"|Rebel|Government|Opposition|Eastern|Western|Northern|Southern|Central"
                     r"|Main|Local|Field|Military|Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)(?:day)?"
                     r"(?:'s)?(?:\s+|$))+")
WEAPONS: dict[str, str] = {  # pattern -> the weapon it names
    r"barrel[- ]bombs?": "barrel bomb", r"car[- ]bombs?|car\s+bombing|vehicle[- ]borne":
    "car bomb", r"suicide": "suicide", r"rockets?|missiles?": "rocket",
    r"mortars?": "mortar", r"air\s*strikes?|air\s+raids?|warplanes?|jets?": "air strike",
    r"shell(?:s|ing|ed)|artillery": "shelling", r"chlorine|sarin|poison(?:ous)?\s+gas"
    r"|toxic\s+gas|chemical": "chemical", r"cluster\s+(?:bombs?|munitions?)": "cluster bomb",
    r"(?:land)?mines?|IEDs?|roadside\s+bombs?": "mine", r"snipers?": "sniper",
    r"clash(?:es|ed)|fighting|battles?": "clashes", r"drones?": "drone",
}
_WEAPON = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), w) for p, w in WEAPONS.items()]
DISTINCTIVE = ("named", "quarter")  # one of these shared is distinctive on its own
RARE_WEAPONS = frozenset({"chemical"})  # a weapon so rarely used that one day holds one attack


def of_incident(analysis: Analysis, event: Event) -> frozenset[str]:
    """The evidence of one event: its incident's sentences and its claims' figures."""
    text = analysis.article.text
    spans = analysis.incident_spans.get(event.event_id, [])
    sentences = [text[s:e] for s, e in spans]
    ignore = {fold(n) for n in (event.location, event.admin1, event.admin2, event.country) if n}
    found = {f"figure:{v}" for c in event.claims for v in _figures(c)
             if v >= FIGURE_FLOOR and c.kind in ("fatalities", "injuries")}
    for sentence in sentences:
        found |= targets(sentence, ignore) | quarters(sentence, ignore) | weapons(sentence)
    first = next((kind for sentence in sentences for kind in _hits(sentence)), None)
    return frozenset(found | ({"first:" + first} if first else set()))


def _figures(claim: Claim) -> list[int]:
    """The numbers as told: "more than 100" is 100 (stored as 101)."""
    low = claim.value_low
    if low is not None and claim.qualifier == "more_than":
        low -= 1
    return [v for v in (low, claim.value_high) if v is not None]


def targets(sentence: str, ignore: set[str]) -> set[str]:
    """The kinds of target hit ("target:medical"), and the named ones ("named:quds")."""
    found = {"target:" + kind for kind in _hits(sentence)}
    for match in NAMED.finditer(sentence):
        name = LEADING.sub("", match.group(1))
        key = fold(name)
        if key and key not in ignore and not _in_title(sentence, match):
            shown = " ".join(f"{name} {match.group('noun')}".split())
            found |= {f"named:{key}:{shown}", "target:" + _kind(match.group("noun"))}
    return found


def _hits(sentence: str) -> list[str]:
    """The kinds of target the sentence tells hit, in its order."""
    found = []
    for match in HIT.finditer(sentence):
        noun_at = match.start("noun")
        if NOT_HIT.search(sentence[:noun_at]) or NOT_HIT_AFTER.match(sentence, match.end()):
            continue
        found.append(_kind(match.group("noun")))
    return found


def _in_title(sentence: str, match: re.Match[str]) -> bool:
    """Told in Title Case (a headline, a list of related links), where every word has a
    capital and a capital names nothing."""
    return estimates.is_title_case(sentence[max(0, match.start() - TITLE_WINDOW):
                                            match.end() + TITLE_WINDOW])


def _kind(noun: str) -> str:
    return TARGET_KINDS[" ".join(noun.lower().split())]


def quarters(sentence: str, ignore: set[str]) -> set[str]:
    """The parts of a city the sentence names, other than the event's own place names."""
    found: set[str] = set()
    for pattern in QUARTERS:
        for match in pattern.finditer(sentence):
            name = LEADING.sub("", match.group(1))
            name = re.sub(r"^[\w-]+'s?\s+", "", name) if "'" in name else name  # Aleppo's X
            key = fold(name)
            if key and key not in ignore and _CAPITAL.match(name) and not _in_title(sentence,
                                                                                    match):
                found.add(f"quarter:{key}:{' '.join(name.split())}")
    return found


def weapons(sentence: str) -> set[str]:
    return {"weapon:" + w for pattern, w in _WEAPON if pattern.search(sentence)}


def fold(name: str) -> str:
    """A spelling-blind key: ASCII, no article ("al-", "the"), no vowels, no doubled
    letters, q as k ("Salaheddine" and "Salah al-Din" -> "slhdn")."""
    words = re.findall(r"[a-z]+", unidecode(name).lower().replace("'s", ""))
    letters = "".join(w for w in words if w not in ("al", "el", "the", "of", "ad", "ar", "as"))
    letters = re.sub(r"[aeiouyw]", "", letters.replace("q", "k"))
    return re.sub(r"(.)\1+", r"\1", letters)


def key(item: str) -> str:
    """What a piece is compared by: its kind and folded value, not its spelling."""
    return ":".join(item.split(":", 2)[:2])


def shared(first: Iterable[str], second: Iterable[str]) -> set[str]:
    """The pieces of `first` that `second` has too (by `key`)."""
    keys = {key(item) for item in second}
    return {item for item in first if key(item) in keys}


def of_kind(evidence: Iterable[str], kind: str) -> dict[str, str]:
    """The pieces of one kind: folded value -> as written."""
    return {parts[1]: parts[-1] for item in evidence
            if (parts := item.split(":", 2))[0] == kind}


def shown(item: str) -> str:
    """One piece for a reader: "quarter Salaheddine", "figure 20"."""
    parts = item.split(":", 2)
    return f"{parts[0]} {parts[-1]}"


def distinctive(shared: AbstractSet[str]) -> bool:
    """Enough to tell one incident from those of the next day: a named target or quarter."""
    return any(e.split(":", 1)[0] in DISTINCTIVE for e in shared)


def strong(shared: AbstractSet[str]) -> bool:
    """Enough to settle a dispute over who did it, or which of a capital's two provinces:
    distinctive evidence, a rare weapon, or a figure with a target kind or a weapon."""
    kinds = {e.split(":", 1)[0] for e in shared}
    rare = bool(of_kind(shared, "weapon").keys() & RARE_WEAPONS)
    return distinctive(shared) or rare or "figure" in kinds and bool(kinds & {"target", "weapon"})
