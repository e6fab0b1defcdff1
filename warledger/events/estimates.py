"""Estimates: what a casualty claim counts, and which claims of a victim group estimate
its whole toll (the competing estimates `reconcile` draws the figures from).

A claim's bounds ("more than 100" is 101 and up), its side (state forces, militants,
civilians, from its subject), and whether it is a tally (10,000 dead or more), a part
of a stated total ("including 11 children", "two of them"), or a newer count or a
correction ("rose to 53", "coded as 0").
"""

from __future__ import annotations

import re
from functools import lru_cache

from warledger.claims.quantities import VAGUE_PATTERN, parse_number
from warledger.geo import gazetteer
from warledger.geo.toponyms import is_demonym
from warledger.records import Claim

VAGUE_WORDS = re.compile(rf"(?:{VAGUE_PATTERN})\b", re.IGNORECASE)  # the words quantities reads


SIDES: list[tuple[str, tuple[str, ...]]] = [
    ("state", ("pro-government", "government", "regime", "army", "soldier", "soldiers",
               "troops", "police", "policeman", "policemen", "policewoman", "commando",
               "commandos", "security", "officer", "officers", "guard", "guards", "bodyguards",
               "arbaki", "arbakis", "personnel", "coalition", "marines", "servicemen")),
    ("militant", ("militant", "militants", "taliban", "insurgent", "insurgents", "rebel",
                  "rebels", "jihadist", "jihadists", "terrorist", "terrorists", "fighters",
                  "gunmen", "gunman", "attacker", "attackers", "bomber", "bombers", "isis",
                  "islamic state", "daesh", "extremists", "opposition", "anti-government")),
    ("civilian", ("civilian", "civilians", "woman", "women", "child", "children", "residents",
                  "villagers", "worshippers", "passengers", "students", "farmers", "family")),
]  # fmt: skip
TALLY_FLOOR = 10_000  # see is_tally
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_SOME = r"(?:\d+|an?|two|three|four|five|six|seven|eight|nine|ten|several|few)"
# a toll over a span of days: "since Tuesday", "six days of bombing", "in the past two weeks"
# ("earlier this week" is a time, not a span)
SPAN = re.compile(rf"\b(?:since\s+(?:(?:last\s+)?{_WEEKDAY}|(?:mid-|early\s+|late\s+)?{_MONTH}\b"
                  rf"|last\s+(?:week|month)|the\s+(?:start|beginning))|{_SOME}\s+(?:days?|weeks?"
                  rf"|months?)\s+(?:of|ago)\b|(?:over|in|during)\s+(?:the\s+)?(?:past|last)\s+"
                  rf"(?:{_SOME}\s+)?(?:days|weeks|months|years)\b|(?<!earlier\s)(?<!late\s)(?:this|last|past)\s+(?:week|month|year)\b"
                  rf"|so\s+far\b)", re.IGNORECASE)  # fmt: skip
PART_WINDOW = 40  # characters before a figure read for "including", "rose to"
PART_BEFORE = re.compile(r"\b(?:including|includ(?:es|ed)|among\s+(?:them|whom)"
                         r"|of\s+whom|(?:most|many|some|half|the\s+majority)\s+of\s+"
                         r"(?:the\s+)?(?:victims|dead|them|those)\W*)\s*"
                         r"(?:at\s+least\s+|some\s+|about\s+)?$", re.IGNORECASE)  # fmt: skip
PART_AFTER = re.compile(r"\s*(?:of\s+(?:its|their|the|them|those|whom|which)\b"
                        r"|(?:[\w'-]+\s+){0,3}?(?:of\s+them|of\s+whom|of\s+which|among\s+"
                        r"(?:the\s+(?:dead|victims|killed|casualties)|those|(?:at\s+least\s+"
                        r"|more\s+than\s+|some\s+|about\s+)?\d))\b)",
                        re.IGNORECASE)  # fmt: skip
UPDATE = re.compile(r"\b(?:(?:rose|risen|rising|climbed|increased|jumped|raised|reached|went\s+up"
                    r"|fell|dropped)\s+(?:to\s+)?|(?:a|the)\s+(?:(?:death|casualty)\s+)?total"
                    r"\s+(?:of\s+|to\s+)?|(?:coded|revised|corrected|updated)\s+(?:down(?:ward)?"
                    r"\s+|up(?:ward)?\s+)?(?:as|to)\s+)(?:at\s+least\s+|more\s+than\s+)?$",
                    re.IGNORECASE)  # fmt: skip
# an earlier count the report has since replaced: "the monitor, which earlier gave a toll of
# 20", "a source had initially put the death toll at 5", "the agency reported earlier that"
_BEFORE = r"(?:earlier|previously|initially|at\s+first)"
_TOLD = r"(?:gave|given|put|reported|said|counted)"
SUPERSEDED = re.compile(rf"\b(?:{_BEFORE}\s+(?:had\s+)?{_TOLD}|{_TOLD}\s+{_BEFORE}(?!\s+(?:this"
                        rf"|last|in\s+the)\b))\b[^.;]{{0,30}}$", re.IGNORECASE)
# people counted apart within a toll ("including 19 children"): a part, when the group
# also counts everyone ("people", "civilians", or nobody named)
SUBSET = re.compile(r"\b(?:child(?:ren)?|kids?|women|woman|girls?|boys?|bab(?:y|ies)|infants?"
                    r"|minors?|toddlers?|elderly|medics?|doctors?|nurses?|paramedics?"
                    r"|rescuers?|journalists?|teachers?|students?)\b", re.IGNORECASE)
EVERYONE = re.compile(r"^(?:\W*(?:the|all|some|about|at|least|more|than)\b)*\W*(?:people|persons?"
                      r"|civilians?|individuals|dead|victims|casualties)?\W*$", re.IGNORECASE)


# a named site a figure is placed at: "in Douma", "in the town of Sabqa", "near Khasham"
SITE = re.compile(r"\b(?i:in|at|on|near|close\s+to|inside|around|outside)\s+(?:the\s+)?"
                  r"(?:(?:[a-z-]+\s+){0,3}?"
                  r"(?:town|village|city|neighbou?rhoods?|districts?|area|suburb|quarter|camp"
                  r"|countryside)\s+of\s+)?((?:al-)?[A-Z][\w'-]+(?:\s+(?:al-)?[A-Z][\w'-]+)*)")
# a part of a city named before its kind: "the regime-held Furqan neighbourhood of Aleppo"
QUARTER = re.compile(r"\b(?!(?:The|A|An|In|On|At)\s)"
                     r"((?:al-)?[A-Z][\w'-]+(?:\s+(?:al-)?[A-Z][\w'-]+)*)\s+"
                     r"(?:neighbou?rhood|quarter)\b")
WIDE = frozenset({"PCLI", "PCL", "PCLD", "PCLS", "ADM1"})
# Title Case: this share of capitalised words, or a capitalised small word inside the text
TITLE_SHARE, TITLE_MIN_WORDS = 0.7, 4
TITLE_SMALL_WORDS = frozenset({"in", "at", "on", "near", "of", "the", "and", "to", "by", "for",
                               "least", "after", "with", "as", "from"})
# a figure told with its own deed: the object of an active killing verb ("hit the market,
# killing six", "rockets killed seven"), not a toll restated ("20 were killed", "20 dead")
DEED = re.compile(r"\b(?:killing|killed|kills?|leaving|left)\s+(?:(?:at\s+least|some|about|around"
                  r"|nearly|almost|more\s+than|up\s+to|another|a\s+further)\s+)?$",
                  re.IGNORECASE)  # fmt: skip
# a part named inside a larger figure's words: "82 people including 58 civilians",
# "30 children were among 39 people killed"
NAMED_PART = re.compile(r"\b(?:including|among\s+them|of\s+whom)\s+(?:at\s+least\s+|some\s+"
                        r"|about\s+)?(?P<part>[\w-]+)|\b(?P<first>[\w-]+)\s+(?:[\w-]+\s+){0,3}?"
                        r"(?:were|was)\s+among\b", re.IGNORECASE)  # fmt: skip
UNNAMED_KINDS = frozenset({"other", "witness", "anonymous_official"})  # see `updated_by`
INDEFINITE = re.compile(r"^(?:an?|one)\s", re.IGNORECASE)
NAME_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "in", "on", "at", "to"})


def estimates(group: list[Claim]) -> list[Claim]:
    """The claims of a victim group that estimate its whole toll: not a part of a stated
    total ("including 11 children", "two of them"), not a smaller figure placed at a site
    the first figure does not name (`is_narrower`), not a vague word beside a number
    ("dozens" beside "58"), not a toll a later report in the group raised ("rose to 53") or
    one the report says was an earlier count ("earlier gave a toll of 20")."""
    summands, named = _summands(group), _named_parts(group)
    whole = [c for c in group if not (is_part(c) or c in summands or c in named
                                      or _subset(c, group))]
    toll = (whole or group)[0]  # the first figure of the whole: news gives it first
    whole = [c for c in whole if not (is_narrower(c, toll) or is_deed(c, toll)
                                      or is_elsewhere(c, toll))]
    whole = _same_side(whole or group)
    precise = [c for c in whole if not is_vague(c)] or whole
    precise = [c for c in precise if not is_superseded(c)] or precise
    updates = [c for c in precise if is_update(c)]
    return updates[-1:] or precise  # the newest count or correction stands


def updated_by(claim: Claim, other: Claim) -> bool:
    """Is `other` the same named source's count of the same victims, from another article
    (merging decides which article is later)? "SOHR: 12" on Monday, "SOHR: 30" on Tuesday."""
    return (claim.kind == other.kind and claim.article_id != other.article_id
            and _named(claim) and _named(other) and _one_name(claim, other)
            and side(claim) == side(other))


def _named(claim: Claim) -> bool:
    """A source with a name of its own, not "residents", "a monitoring group", "officials"."""
    return not (claim.anonymous or claim.speaker_type in UNNAMED_KINDS
                or INDEFINITE.match(claim.speaker))


def _one_name(first: Claim, second: Claim) -> bool:
    """The same name, or a shorter name within the longer ("the Observatory")."""
    if same_speaker(first, second):
        return True
    a, b = _name_words(first.speaker), _name_words(second.speaker)
    return bool(a and b and (a <= b or b <= a))


def side(claim: Claim) -> str | None:
    """Whose dead a claim counts: "state", "militant", "civilian", or None (unknown)."""
    low = " " + " ".join(re.findall(r"[\w'-]+", (claim.subject or "").lower())) + " "
    for name, keywords in SIDES:
        if any(f" {k} " in low for k in keywords):
            return name
    return None


def is_span(claim: Claim) -> bool:
    """A toll over a span of days ("killed 66 since Tuesday", "six days of bombing have
    killed dozens"): a sum of several days' incidents, not one incident's toll."""
    return bool(SPAN.search(claim.content))


def is_tally(claim: Claim) -> bool:
    """A toll of TALLY_FLOOR dead or more is a war's or a year's tally: no incident that
    conflict data codes as one event reaches it."""
    return lower_bound(claim) >= TALLY_FLOOR


def before_figure(claim: Claim) -> str:
    """The words of the claim just before its figure (`PART_WINDOW` characters), where
    'including', 'rose to', 'earlier gave' are read; '' without a figure."""
    if claim.quantity_start is None:
        return ""
    at = max(0, claim.quantity_start - claim.content_start)
    return claim.content[max(0, at - PART_WINDOW) : at]


def is_part(claim: Claim) -> bool:
    """'including 11 children', 'two of them', '11 children among the dead': a part of a
    total stated beside it ('10 children were among at least 48 people killed'; but in '15
    civilians, among them 11 children' 15 is the total)."""
    if claim.quantity_start is None or claim.quantity_end is None:
        return False
    end = claim.quantity_end - claim.content_start
    return bool(PART_BEFORE.search(before_figure(claim))
                or PART_AFTER.match(claim.content, max(0, end)))


def _same_side(claims: list[Claim]) -> list[Claim]:
    """The claims about the group's own side (its first named one), or of unknown side."""
    principal = next((s for s in map(side, claims) if s), None)
    return [c for c in claims if side(c) in (None, principal)]


def is_narrower(claim: Claim, first: Claim) -> bool:
    """A figure smaller than the group's first one, placed at a site the first figure's
    words do not name ("22 killed near Damascus" ... "16 in Douma", "five in the town of
    Sabqa"): news states an incident's whole toll first and its parts by place after it,
    so this counts a part of that toll, not a competing estimate of it."""
    return _smaller(claim, first) and _elsewhere(claim, first)


def is_elsewhere(claim: Claim, first: Claim) -> bool:
    """A figure larger than the group's first one, placed at a site the first figure's words
    do not name ("58 killed in a chemical attack on the town of Khan Sheikhun" after "19
    killed east of the capital"): another incident's toll, not an estimate of this one."""
    return (claim is not first and not is_vague(first) and not is_update(claim)
            and stated_value(claim) > stated_value(first) and _elsewhere(claim, first))


def _elsewhere(claim: Claim, first: Claim) -> bool:
    wider = first.content.lower()
    return any(name.lower() not in wider and not is_wide(name) for name in sites(claim))


def is_deed(claim: Claim, first: Claim) -> bool:
    """A figure smaller than the group's first, told with a deed of its own ("an air strike
    hit its courtyard, killing 14"; "rebels fired rockets, killing seven"): a competing
    estimate restates the toll ("the Observatory confirmed 20 dead"); a figure with its own
    attacker or weapon tells of a part of the incident, or of another one."""
    if not _smaller(claim, first) or claim.quantity_start is None or _disputes(claim, first):
        return False
    return bool(DEED.search(before_figure(claim)))


def _disputes(claim: Claim, first: Claim) -> bool:
    """A named source's own count of a toll told unattributed ("Strikes leave 31 dead" ...
    "the Observatory said the strike killed 23"): a competing estimate, deed or not."""
    unattributed = first.source_end <= first.source_start
    return unattributed and claim.source_end > claim.source_start and _named(claim)


def _named_parts(group: list[Claim]) -> list[Claim]:
    """Claims whose figure another claim of the group names as its part ("58 civilians
    killed" beside "82 people, including 58 civilians"): that part, not the toll."""
    parts = [(value, c) for c in group for m in NAMED_PART.finditer(c.content)
             if (value := parse_number(m.group("part") or m.group("first"))) is not None]
    return [c for c in group if any(stated_value(c) == value < stated_value(whole)
                                    for value, whole in parts if whole is not c)]


def _smaller(claim: Claim, first: Claim) -> bool:
    """A precise figure below the group's first one (a vague word's value is a convention,
    not a count: "several", then "six", is no part)."""
    return claim is not first and not is_vague(first) and stated_value(claim) < stated_value(first)


def sites(claim: Claim) -> list[str]:
    """The named sites of a claim's own words ("in the town of Sabqa" -> Sabqa; "the Furqan
    neighbourhood" -> Furqan)."""
    quarters = [m.group(1) for m in QUARTER.finditer(claim.content)]
    return [m.group(1) for m in SITE.finditer(claim.content)] + quarters


def is_title_case(text: str) -> bool:
    """Most words capitalised, small words included: a headline's style, not a sentence's."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    small = [w for w in words if w.lower() in TITLE_SMALL_WORDS]
    capital = [w for w in words if w[0].isupper()]
    return len(words) >= TITLE_MIN_WORDS and (len(capital) >= TITLE_SHARE * len(words)
                                               or any(w[0].isupper() for w in small[1:]))


@lru_cache(maxsize=4096)
def is_wide(name: str) -> bool:
    """A people, a country or a province: never narrower than an incident's place."""
    return is_demonym(name) or any(c.feature_code in WIDE for c in gazetteer.load().lookup(name))


def own_totals(claims: list[Claim]) -> list[Claim]:
    """Each source's own total, its first figure: a source does not dispute itself, and
    news gives a toll before its parts and before the tallies of other days."""
    firsts = [next(o for o in claims if same_source(c, o)) for c in claims]
    return [c for c, first in zip(claims, firsts, strict=True)
            if lower_bound(c) >= lower_bound(first)]


def _subset(claim: Claim, group: list[Claim]) -> bool:
    """'3 children' beside '33 people': children counted among everyone."""
    if not SUBSET.search(claim.subject or ""):
        return False
    return any(EVERYONE.match(o.subject or "") and lower_bound(o) > upper_bound(claim)
               and not is_vague(o) for o in group)  # "many" counts nobody apart


def _summands(group: list[Claim]) -> list[Claim]:
    """Claims of one source that follow a total and add up to it ('16 killed: 10 in
    Atareb, six others in ...'): a breakdown, not competing estimates."""
    parts: list[Claim] = []
    for i, total in enumerate(group):
        smaller = [c for c in group[i + 1 :] if stated_value(c) < stated_value(total)]
        for start, first in enumerate(smaller):
            run = [c for c in smaller[start:] if same_speaker(c, first)]
            for end in range(1, len(run)):
                added = sum(stated_value(c) for c in run[: end + 1])
                if added == stated_value(total):
                    parts += run[: end + 1]
                if added >= stated_value(total):
                    break
    return parts


def is_update(claim: Claim) -> bool:
    """'the toll rose to 53', 'fatalities coded as 0': a later count or a correction of the
    same dead, replacing the others."""
    return bool(UPDATE.search(before_figure(claim)))


def is_superseded(claim: Claim) -> bool:
    """'which earlier gave a toll of 20': a count the report has since replaced."""
    return bool(SUPERSEDED.search(before_figure(claim)))


def lower_bound(claim: Claim) -> int:
    if claim.value_low is not None:
        return claim.value_low
    return claim.value_high or 0  # "up to 30": the figure itself, as coders do


def upper_bound(claim: Claim) -> int:
    return claim.value_high if claim.value_high is not None else lower_bound(claim)


def stated_value(claim: Claim) -> int:
    """The number as stated: "more than 100" 100, "at least 20" 20, "up to 30" 30."""
    if claim.qualifier == "more_than" and claim.value_low is not None:
        return claim.value_low - 1
    return lower_bound(claim)


def is_vague(claim: Claim) -> bool:
    return bool(claim.quantity_text and VAGUE_WORDS.search(claim.quantity_text))


def same_speaker(first: Claim, second: Claim) -> bool:
    return first.speaker.lower() == second.speaker.lower()


def same_source(first: Claim, second: Claim) -> bool:
    """One source under two names: the same words, a shorter name within the longer
    ("the Observatory", "the Syrian Observatory for Human Rights", "Rami Abdel Rahman,
    director of the Syrian Observatory"), or a first, indefinite description of the kind
    of source named later ("a monitoring group" ... "the Observatory": news introduces a
    source by what it is, then by its name)."""
    if _one_name(first, second):
        return True
    indefinite = bool(INDEFINITE.match(first.speaker)) != bool(INDEFINITE.match(second.speaker))
    return indefinite and first.speaker_type == second.speaker_type != "other"


def _name_words(speaker: str) -> frozenset[str]:
    words = re.findall(r"[\w'-]+", speaker.lower())
    return frozenset(w for w in words if w not in NAME_STOPWORDS)
