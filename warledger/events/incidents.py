"""Incidents: the incidents a report tells of, each with the sentences that tell it.

Reads an `Analysis` (its parse, times, places, claims); writes `Incident`s, each a
set of sentences, and the sentences that are background.

1. A sentence is *evidence* of an incident when an event-type cue of
   `classify.RULES` occurs in it, or a casualty figure does.
2. A sentence is *background* when it tells of another time or a running total:
   every time expression in it lies more than `BACKGROUND_DAYS` before the report, or
   is a month or a year ("last year", "in 2013", "a similar bombing in March": a
   report dates its own incident by the day), or it states a cumulative toll ("since
   2011", "so far this year", "the war has killed", 10,000 dead or more). Background feeds
   no event: an earlier incident that a report only recalls is not today's event.
3. Sentences are read in order. The first evidence opens the report's main incident;
   a later evidence sentence opens another incident when it begins a paragraph (or
   sets its own scene first: "In Aleppo city, ...", "On Tuesday, ...", "Elsewhere",
   "Meanwhile", "In a separate attack", "Another shelling"), is dated another day, or
   carries a casualty figure of its own, and names, after "in", "near", "at" or "of", a place in a
   province (admin1) that no open incident has: a roundup tells one incident per
   paragraph and place. A sentence naming the province of an open incident returns to
   it; a paragraph naming no place returns to the main incident; evidence told in
   passing at places only in provinces no incident has is an aside (`_aside`: "warplanes
   also hit positions in Idlib and Hama"), no event and no part of another; any other
   sentence stays with the incident being told. Evidence dated RECALLED_DAYS or more before the
   report's news (the first day an incident has) recalls an earlier incident: background.
4. An incident gives an event when the report tells it as news (`_reported`): one of
   its evidence sentences is grounded (a figure, or an armed actor) and in the lede or
   dated by the day. Another incident that is not goes back to the main one.
5. The main incident keeps whatever is not background nor another incident's (the
   headline, quotes about it, speakers); the others keep only their own sentences.
   Background still places the main incident ("Aleppo has been besieged since 2012"),
   except a deed dated to another time in a province the news does not name
   (`_reinforcing`).

`Incident.scope` gives the slice of the analysis an event is built from: the article
with everything outside the incident blanked (same length: offsets stay true), and
the times, places, actors and claims inside it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from warledger.actors import roles
from warledger.claims import casualties
from warledger.events import classify
from warledger.events.estimates import is_part, is_superseded, is_tally, is_update
from warledger.geo import places
from warledger.geo.gazetteer import fold, skeleton
from warledger.records import Analysis, Claim, PlaceMention, Precision, TimeExpr
from warledger.text import dates

LEDE_SENTENCES = 3  # the headline and the first sentences of the body: the report's own news
LEDE_MIN_WORDS = 4  # shorter lines (bylines, "Video", dates) are not lede sentences
BACKGROUND_DAYS = 14  # a day more than two weeks before the report is another incident's
RECALLED_DAYS = 2  # evidence this many days before the main incident, told after it, recalls
ARMED_DEEDS = (classify.EXPLOSIONS, "Battles")  # told with a weapon or as a fight
PERIOD_DAYS: dict[Precision, int] = {"day": 1, "week": 7, "month": 31, "year": 366}
CUMULATIVE = re.compile(
    r"\b(?:since\s+(?:the\s+(?:start|beginning|outbreak)|it\s+(?:began|started)|(?:19|20)\d\d"
    r"|(?:(?:early|mid|late)[\s-]*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
    r"\s+(?:19|20)\d\d)"
    r"|so\s+far\s+this\s+(?:year|month)|to\s+date|(?:has|have)\s+documented"
    r"|since\s+the\s+(?:war|conflict|uprising|crisis|revolt|fighting)\s+(?:began|started|erupted)"
    r"|(?:has|have)\s+(?:been\s+)?(?:killed|died)\b[^.;]{0,150}?\bsince\s+(?:[\w'-]+\s+){1,8}?"
    r"(?:began|begun|started|launched|erupted)\b"
    r"|(?:war|conflict|uprising|crisis|revolt|insurgency)\b[^.;]{0,60}?\b(?:has|have|had)\s+"
    r"(?:so\s+far\s+|since\s+)?(?:killed|claimed|left)|(?:over|during|in)\s+the\s+(?:past|last)\s+(?:\w+\s+)?"
    r"(?:years|months|weeks|decades?)|death\s+toll\s+(?:in|of|from)\s+the\s+(?:war|conflict))",
    re.IGNORECASE)  # fmt: skip
# a toll told on from background before it, with no day of its own: the present perfect
# ('The strikes have killed 122 civilians', 'Another 327 have been killed') or the toll
# itself ('The toll includes ...') counts over the same period
TOLL_GOES_ON = re.compile(
    r"\b(?:has|have)\s+(?:been\s+|also\s+)*(?:killed|died|left\b[^.;]{0,40}?\bdead)\b"
    r"|^\s*(?:the|this|that)\s+(?:death\s+)?toll\b", re.IGNORECASE)
# a state or a habit, not a deed: "have been fighting rebels", "is regularly targeted",
# "continue to shell": with no day of its own, such a sentence describes the war, not an incident
HABIT = r"(?:regularly|routinely|frequently|often|repeatedly|constantly)"
ONGOING = re.compile(
    rf"\b(?:(?:has|have|had)\s+(?:\w+ly\s+|also\s+)?been\s+\w+ing\b|{HABIT}\s+(?:been\s+)?\w+ed\b"
    rf"|(?:is|are|was|were)\s+{HABIT}\b|continues?\s+to\s+\w+)", re.IGNORECASE)
# an earlier incident, or the war around, told as such: "The blast comes a week after a
# bomber killed 29", "comes amid army gains", "follows a similar attack last month", "the
# bombardment began after militants killed a pilot": what
# the sentence tells is not the news
EARLIER = re.compile(
    r"\b(?:comes?|came)\s+(?:\w+\s+){0,4}?(?:after|since|amid|on\s+the\s+heels\s+of"
    r"|in\s+the\s+wake\s+of)\b|\bfollow(?:s|ed)?\s+(?:a|an|another|the)\s+"
    r"(?:similar|earlier|previous)\b|\b(?:began|started|erupted)\s+(?:\w+\s+){0,3}?after\b",
    re.IGNORECASE)
# a clause of an earlier deed inside a sentence of today's: "... a day after bombardments
# killed at least 24 people": its figure is the earlier deed's
EARLIER_CLAUSE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|several|\d+)\s+(?:days?|weeks?|months?)\s+"
    r"(?:after|since)\b[^.;,]*$", re.IGNORECASE)
CLAUSE_WINDOW = 150  # characters before a figure searched for EARLIER_CLAUSE
TOLL = re.compile(r"\b(?:death\s+toll|toll\s+of|killed|dead|died)\b[^.;]{0,120}?\b\d+\b"
                  r"|\b\d+\b[^.;]{0,40}?\b(?:killed|dead|died|deaths)\b", re.IGNORECASE)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a sentence that sets its own scene first: a new incident may start there, paragraph or not
# ("In northern Aleppo, ...") ... and of those, the ones that tell of the same time as the
# report's news: what follows is news too, not an incident recalled ("Meanwhile, four
# civilians were killed in ...", "To the west, in Idlib province, ...")
COMPASS = r"(?:north|south|east|west)\w*"
ELSEWHERE = rf"Elsewhere\b|(?:To\s+the|Further|Farther)\s+{COMPASS}\b"  # another place
MEANWHILE = (rf"{ELSEWHERE}|Meanwhile\b|Separately\b|At\s+the\s+same\s+time\b"
             r"|In\s+the\s+meantime\b|In\s+(?:a|another)\s+(?:separate\s+)?(?:incident|attack"
             r"|development)|In\s+other\s+(?:news|developments)"
             r"|(?:Another|A\s+(?:separate|second|further))\s+(?:\w+\s+)?(?:attack|shelling"
             r"|strike|air\s*strike|bombing|blast|explosion|incident|clash|raid|ambush)s?\b")
# a wire subhead run into the text ("- Troops kill 10 children - Meanwhile ..."): what
# follows it opens a section of its own, as a paragraph does
SUBHEAD = r"-\s+[^-.\n]{3,80}?\s+-\s+"
NEWS_SCENE = re.compile(rf"\s*(?:{SUBHEAD})?(?:{MEANWHILE})")
PLACE_SHIFT = re.compile(rf"\s*(?:{SUBHEAD})?(?:{ELSEWHERE})")
SCENE = re.compile(
    rf"\s*(?:{SUBHEAD}(?=[A-Z])"
    r"|(?:In|Near|Outside|Elsewhere\s+in)\s+(?!addition\b|response\b|turn\b|the\s+meantime\b)"
    rf"(?:the\s+)?(?:(?:central|{COMPASS})\s+)?[A-Z]"
    rf"|On\s+(?:{WEEKDAY}|\d{{1,2}}\s+[A-Z]|[A-Z][a-z]+\s+\d)|{MEANWHILE})")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph_start: bool  # or a scene of its own ("In Aleppo, ...")
    cue: bool = False  # an event-type cue of its own
    armed: bool = False  # ... of a weapon or a fight (explosions/remote violence, battles)
    figure: bool = False  # a casualty figure
    background: bool = False
    areas: set[tuple[str, str]] = field(default_factory=set)  # (country, admin1) named
    sites: set[tuple[str, str]] = field(default_factory=set)  # ... after in/near/at/of
    days: set[str] = field(default_factory=set)  # the days it names (day precision)
    towns: set[int] = field(default_factory=set)  # the towns it names (GeoNames ids)
    summary: bool = False  # names two provinces of a country or more ("in Aleppo and Homs")
    dated_away: bool = False  # dated to another time than the report's (`_before`, `_coarse`)

    @property
    def recalls(self) -> bool:
        """Does it tell a deed of another time ('a sarin attack in Ghouta in August 2013')?"""
        return self.background and self.dated_away and (self.cue or self.figure)

    @property
    def evidence(self) -> bool:
        return (self.cue or self.figure) and not self.background


@dataclass
class Incident:
    """One incident: the sentences that tell it (`main`: the report's first incident,
    which also keeps the headline and the sentences that belong to no other)."""

    main: bool
    sentences: list[Sentence] = field(default_factory=list)
    areas: set[tuple[str, str]] = field(default_factory=set)
    excluded: list[tuple[int, int]] = field(default_factory=list)  # main: others' and background
    others: list[tuple[int, int]] = field(default_factory=list)  # main: other incidents' only
    recalled: list[tuple[int, int]] = field(default_factory=list)  # main: deeds of other times
    told: bool = False  # the incident the last sentence was about
    countries: set[str] = field(default_factory=set)  # where its places may be
    days: set[str] = field(default_factory=set)  # the day of its first dated evidence
    towns: set[int] = field(default_factory=set)  # the towns of its figures
    aside: bool = False  # told in passing (`_aside`): never an event, nor the main one's
    totals: set[int] = field(default_factory=set)  # main: where its figures over all stand
    parent: Incident | None = None  # told of the same place as this one, on another day
    news: Incident | None = None  # an item of this incident's news (`_part_of_news`)

    def covers(self, position: int) -> bool:
        if self.main:
            return not any(s <= position < e for s, e in self.excluded)
        return any(s.start <= position < s.end for s in self.sentences)

    def opens_with(self, position: int) -> bool:
        """Is the position in the incident's first evidence sentence (its news's lede)?"""
        first = next((s for s in self.sentences if s.evidence), None)
        return first is not None and first.start <= position < first.end

    def tells(self, position: int) -> bool:
        """Is the position in one of the incident's evidence sentences?"""
        return any(s.start <= position < s.end for s in self.sentences if s.evidence)

    def tells_violence(self, position: int) -> bool:
        """Is the position in an evidence sentence of a weapon, a fight or a casualty
        figure (not only a truce, an arrest or a protest told beside them)?"""
        return any(s.start <= position < s.end for s in self.sentences
                   if s.evidence and (s.armed or s.figure))

    def locates(self, position: int) -> bool:
        """Places: background about the same city still says where the story is."""
        if self.main:
            return not any(s <= position < e for s, e in self.others)
        return self.covers(position)

    def _places(self, analysis: Analysis) -> list[PlaceMention]:
        """Its places; for a later incident, those in the report's country when it has any
        ('Homs' beside a namesake abroad)."""
        own = [p for p in analysis.places if self.locates(p.start)]
        if self.main and self.recalled:  # a deed of another time adds to the news's areas
            own = _reinforcing(own, self.recalled)
        at_home = [p for p in own if p.country_code in self.countries and not self.main]
        if not own and self.parent is not None:  # "on the same neighbourhood" the day before
            return self.parent._places(analysis)
        return at_home or own

    def _blanked(self, text: str) -> str:
        """The text with what the incident does not cover blanked (newlines kept: the
        same length, the same lines)."""
        if self.main:
            keep, hide = text, self.excluded
        else:
            keep, hide = _blank(text, [(0, len(text))]), []
            for s in self.sentences:
                keep = keep[: s.start] + text[s.start : s.end] + keep[s.end :]
        return _blank(keep, hide)

    def scope(self, analysis: Analysis) -> Analysis:
        """The analysis as this incident's event sees it."""
        article = analysis.article
        scoped = replace(article, nlp_text=self._blanked(article.nlp_text),
                         title=article.title if self.main else None)
        return replace(
            analysis, article=scoped,
            times=[t for t in analysis.times if self.covers(t.start)],
            places=self._places(analysis),
            actors=[a for a in analysis.actors if self.covers(a.start)
                    or (self.news is not None and self.news.opens_with(a.start))],
            claims=[c for c in analysis.claims if self.covers(_anchor(c))
                    and _anchor(c) not in self.totals
                    and not _earlier_clause(article.nlp_text, _anchor(c))],
            events=[])


def _reinforcing(own: list[PlaceMention], recalled: list[tuple[int, int]]
                 ) -> list[PlaceMention]:
    """The places, less those of deeds of other times ('a sarin attack in Ghouta in August
    2013') in areas that no other sentence names: they may add to the news's area, never
    bring their own (unless the news names none in their country)."""
    def told_then(p: PlaceMention) -> bool:
        return any(s <= p.start < e for s, e in recalled)
    news = {_area(p) for p in own if p.admin1 and not told_then(p)}
    countries = {country for country, _ in news}
    return [p for p in own if not told_then(p) or _area(p) in news
            or p.country_code not in countries]


def find_incidents(analysis: Analysis) -> list[Incident]:
    """The incidents of the report, in order; none when it tells of none."""
    sentences = read_sentences(analysis)
    context = [s.start for s in sentences if s.background]  # the war's, not a recalled day's
    incidents: list[Incident] = []
    lead: set[tuple[str, str]] = set()  # areas named before the first evidence (headline)
    home: set[str] = set()  # the countries of summaries' areas
    lede = _lede_end(sentences, analysis.article.title)
    body = _body_start(sentences, analysis.article.title)
    headlined: set[tuple[str, str]] = set()  # the areas a summary in the lede names
    for sentence in sentences:
        sentence.background = sentence.background or _recalled(sentence, incidents)
        if sentence.background:
            continue
        if sentence.summary and _summarises(sentence, incidents):
            home |= {country for country, _ in sentence.areas}
            headlined |= sentence.areas if sentence.start < lede or _of_the_news(
                sentence, incidents) else set()
            sentence.areas, sentence.sites = set(), set()
        if not incidents and not sentence.evidence:
            lead |= sentence.areas
        elif not incidents:
            incidents.append(Incident(main=True, sentences=[sentence], countries=home,
                                      areas=lead | sentence.areas, days=set(sentence.days),
                                      towns=_own_towns(sentence)))
        else:
            _join(sentence, incidents, body)
    if not incidents:
        return []
    main = incidents[0]
    for part in incidents[1:]:
        if not part.aside and _part_of_news(part, main, analysis.article.nlp_text, context):
            part.news = main  # its sides, when it names no doer, are the news's
    others = [i for i in incidents[1:] if not i.aside and (
        _reported(i, analysis, lede) or _headline_news(i, analysis, headlined)
        or i.news is not None)]
    main_named = main.areas.union(headlined, *(s.areas for s in main.sentences))
    for untold in (i for i in incidents[1:] if i not in others and not i.aside):
        if untold.areas and main_named and not untold.areas & main_named:
            untold.aside = True  # a deed elsewhere, not told as news: no part of the news
        else:
            main.sentences += untold.sentences  # told in passing: back to the report's news
    asides = {id(s) for i in incidents[1:] if i.aside for s in i.sentences}
    main.excluded = [(s.start, s.end) for s in sentences if s.background]
    main.recalled = [(s.start, s.end) for s in sentences if s.recalls]
    main.others = [(s.start, s.end) for s in sentences if id(s) in asides]
    main.others += [(s.start, s.end) for i in others for s in i.sentences]
    main.excluded += main.others
    own_news = not others or any(s.evidence and not s.summary for s in main.sentences)
    told = [main, *others] if own_news and _reported(main, analysis, lede) else others
    main.totals = _totals(told, analysis.claims) | _told_of_another(told, analysis)
    return told


def _totals(told: list[Incident], claims: list[Claim]) -> set[int]:
    """Where the main incident's first figure stands when it is its largest and adds up
    another figure of its own and figures of the other incidents (a roundup's headline: "10
    killed in attacks on Aleppo and Deir Ezzor" over 6 in Aleppo and 4 in Deir Ezzor): a
    total over incidents, told before its parts, is none of them."""
    if len(told) < 2 or not told[0].main:
        return set()
    figures = [[c for c in claims if c.kind == "fatalities" and c.value_low and not is_part(c)
                and not is_superseded(c) and i.covers(_anchor(c))] for i in told]
    values = [{c.value_low for c in found if c.value_low} for found in figures]
    others = {(0, 0)}  # the sums of the other incidents' figures (one each, or none), and
    for own in values[1:]:  # how many incidents add to each
        others |= {(total + value, count + 1) for total, count in others for value in own}
    first = min(figures[0], key=_anchor, default=None)
    if first is None or first.value_low != max(values[0]):
        return set()
    total = first.value_low or 0
    if any(c.value_low == total and is_update(c) for c in figures[0]):
        return set()  # "the toll rose to 10": a later count of its own dead, not a sum
    return ({_anchor(c) for c in figures[0] if c.value_low == total}
            if _adds_up(total, values[0] - {total}, others) else set())


FIGURE_AT = re.compile(rf"^[^.;:\n]{{0,40}}?\b{casualties.PLACE_INTRO}$", re.IGNORECASE)


def _told_of_another(told: list[Incident], analysis: Analysis) -> set[int]:
    """Where the main incident's figures stand that are told at a place of another
    incident's province, not the main one's, and that the other incident tells too ('28
    Terrorists Killed in Idleb' over a report on Hama, then 'In Idlib twenty-eight were
    killed'): the other incident's figure, told in the headline, is none of the main's."""
    if len(told) < 2 or not told[0].main:
        return set()
    main, text = told[0], analysis.article.nlp_text
    found: set[int] = set()
    for claim in (c for c in analysis.claims if _is_figure(c) and main.covers(_anchor(c))):
        end = claim.quantity_end or claim.content_start
        area = next((_area(p) for p in analysis.places if end <= p.start
                     and FIGURE_AT.match(text[end:p.start]) and p.admin1), None)
        if area is not None and area not in main.areas and any(
                area in i.areas and any(c.value_low == claim.value_low and c.kind == claim.kind
                                        for c in analysis.claims if i.covers(_anchor(c)))
                for i in told[1:]):
            found.add(_anchor(claim))
    return found


def _adds_up(total: int, own: set[int], others: set[tuple[int, int]]) -> bool:
    """Is the total some other figures of the main incident plus figures of the other
    incidents, or, with none of its own, figures of two other incidents or more?"""
    parts = {0}  # the sums of some of its own figures ("10 ... another one ... 24": 35)
    for value in own:
        parts |= {part + value for part in parts}
    return any(part + sum_ == total for part in parts - {0} for sum_, count in others
               if count) or any(sum_ == total and count > 1 for sum_, count in others)


def _summarises(sentence: Sentence, incidents: list[Incident]) -> bool:
    """A sentence naming several provinces ("in Aleppo and Homs") sums up the report's
    incidents, and places none, when it comes before any is placed or names one of their
    provinces; after them, in provinces of its own, it tells of a deed elsewhere ("warplanes
    also hit Idlib and Hama")."""
    named = set().union(*(i.areas for i in incidents))
    return not named or bool(sentence.areas & named)


def _of_the_news(sentence: Sentence, incidents: list[Incident]) -> bool:
    """A summary after the lede that names the main incident's own province and others
    ('The blasts hit Tartous and Homs as well as Hasakeh' after 42 killed in Hasakeh)
    sums up the news as the headline does: its provinces' incidents are news."""
    return bool(incidents) and bool(sentence.areas & incidents[0].areas)


def _recalled(sentence: Sentence, incidents: list[Incident]) -> bool:
    """Evidence told after the report's news and dated RECALLED_DAYS or more before it (the
    main incident's day, else the first day any incident has) recalls an earlier incident
    ("just days after ... On Tuesday a chemical attack killed 100"): context, not news."""
    news = next((i.days for i in incidents if i.days), None)
    if not (sentence.evidence and sentence.days and news):
        return False
    latest = max(date.fromisoformat(d) for d in sentence.days)
    return (min(date.fromisoformat(d) for d in news) - latest).days >= RECALLED_DAYS


def _in_body(main: Incident, body: int) -> bool:
    """Has the body (past the headline and its repetitions) told the main incident yet?"""
    return any(s.evidence and s.start >= body for s in main.sentences)


def _body_start(sentences: list[Sentence], title: str | None) -> int:
    """Where the body begins: its first sentence (`_body`)."""
    body = _body(sentences, title)
    return body[0].start if body else (sentences[-1].end if sentences else 0)


def _lede_end(sentences: list[Sentence], title: str | None) -> int:
    """Where the lede ends: the headline and the first LEDE_SENTENCES sentences of the body
    (a report tells its own incident first)."""
    body = _body(sentences, title)
    if not body:  # a headline and nothing else (or its repetition): all of it is lede
        return sentences[-1].end if sentences else 0
    return body[min(LEDE_SENTENCES, len(body)) - 1].end


def _body(sentences: list[Sentence], title: str | None) -> list[Sentence]:
    """The body's sentences: no headline nor a repetition of one (the headline again after
    a dateline), nor a line too short to tell anything (a date, 'Video')."""
    body: list[Sentence] = []
    seen = [_words(title)]
    for sentence in sentences:
        if len(sentence.text.split()) >= LEDE_MIN_WORDS and not any(
                _repeats(sentence.text, earlier) for earlier in seen):
            body.append(sentence)
        seen.append(_words(sentence.text))
    return body


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def _repeats(text: str, headline: str) -> bool:
    """The headline itself, or the headline repeated after a dateline ("23 October 2016
    Terrorist attacks kill ...")."""
    words, headline = _words(text).rstrip("."), headline.rstrip(".")
    return bool(headline) and (words == headline or words.endswith(" " + headline))


def _reported(incident: Incident, analysis: Analysis, lede: int) -> bool:
    """An incident the report tells as news, not in passing: one of its evidence sentences
    is grounded (a casualty figure, or an armed actor: "attacks" between candidates are
    no incident) and is either in the lede, dated by the day, or opens with "Meanwhile",
    "Elsewhere" (`NEWS_SCENE`: told as of the same time as the news); a past incident named
    in passing, or a metaphor in the headline, is none of these."""
    return any(_grounded(s, analysis) and (s.start < lede or _dated(s, analysis)
                                           or bool(NEWS_SCENE.match(s.text)))
               for s in incident.sentences if s.evidence)


def _headline_news(incident: Incident, analysis: Analysis,
                   headlined: set[tuple[str, str]]) -> bool:
    """An incident in a province the lede's summary names ("kills 50 in Hama" over a report
    on Homs and Hama), grounded as `_reported` asks: the headline's news, dated or not."""
    return bool(incident.areas & headlined) and any(
        s.evidence and _grounded(s, analysis) for s in incident.sentences)


def _part_of_news(incident: Incident, main: Incident, text: str, background: list[int]
                  ) -> bool:
    """An item of a dated report's news at another place, in the news's own paragraph
    (a timeline or a background paragraph is another story, and so is what follows
    background told since the news), told in full in the sentence
    that opens it: a deed (an event cue of its own), its figure and its town ("Air raids
    in the town of Maarat al-Numan killed another six people" after 20 killed in Idlib);
    its day is unknown. A figure alone ("24 other people were killed") may be the same
    incident's breakdown, and a deed with no weapon ("raids killed 16") the news's own
    weapon's: they stay with it."""
    opening = incident.sentences[0] if incident.sentences else None
    told = [s.start for s in main.sentences if s.start < opening.start] if opening else []
    if opening is None or not main.days or not told:
        return False
    same_paragraph = "\n" not in text[max(told):opening.start] and not any(
        max(told) < b < opening.start for b in background)
    return (same_paragraph and opening.evidence and opening.figure and bool(opening.towns)
            and opening.armed)


def _grounded(sentence: Sentence, analysis: Analysis) -> bool:
    return sentence.figure or bool(TOLL.search(sentence.text)) or any(
        a.inter != "Civilians" and sentence.start <= a.start < sentence.end
        and not _in_source(a.start, analysis.claims) for a in analysis.actors)


def _dated(sentence: Sentence, analysis: Analysis) -> bool:
    return any(t.precision in ("day", "week") and sentence.start <= t.start < sentence.end
               for t in analysis.times)


def _join(sentence: Sentence, incidents: list[Incident], body: int) -> None:
    """Put a sentence with the incident it tells of (the last one told, unless it names
    another's province, opens a new one, or starts a paragraph about no place). While
    only the headline has told the main incident, the body's first evidence tells it
    again, in full, wherever it places it: no other incident, no aside ('... in Rural
    Damascus Kill 50', then 'Three blasts hit ... near the shrine south of Damascus')."""
    current = next((i for i in incidents if i.told), incidents[0])
    opens = _opens(sentence, incidents, current)
    news = opens and (bool(sentence.days) or bool(NEWS_SCENE.match(sentence.text)))
    placed = [i for i in incidents if sentence.areas & i.areas]  # news before asides; dated
    known = next((i for i in placed if not i.aside), None) or next(  # news where only an
        (i for i in placed if not news), None)  # aside was placed opens an incident
    if sentence.evidence and sentence.start >= body and not _in_body(incidents[0], body):
        target = incidents[0]
    elif _another_town(sentence, known or current):
        target = Incident(main=False, areas=set(sentence.areas), countries=_home(incidents))
        incidents.append(target)
    elif known is not None:
        target = known
    elif current.main and not (current.areas or sentence.paragraph_start) and sentence.evidence:
        target = incidents[0]  # the first place of news that only a summary placed
    elif opens or _aside(sentence, incidents):
        countries = _home(incidents)
        sites = {site for site in sentence.sites if site[0] in countries}
        target = Incident(main=False, areas=sites, countries=countries, aside=not opens)
        incidents.append(target)
    elif _another_day(sentence, current):
        target = Incident(main=False, areas=set(current.areas), countries=_home(incidents),
                          parent=current, aside=not sentence.paragraph_start)
        incidents.append(target)
    elif sentence.paragraph_start and not sentence.areas:
        target = incidents[0]
    else:
        target = current
    for incident in incidents:
        incident.told = incident is target
    target.sentences.append(sentence)
    if not target.towns:
        target.towns |= _own_towns(sentence)
    if not target.areas:
        target.areas |= sentence.areas
    if not target.days and sentence.evidence:
        target.days |= sentence.days


def _own_towns(sentence: Sentence) -> set[int]:
    """The town of a sentence's casualty figure, when it names one, and does not sum up
    several provinces (a headline's 'in Daraa countryside Aleppo Damascus', a lede's
    'attacks that targeted Aleppo city and al-Hader town' place no one incident's dead)."""
    one = sentence.figure and not sentence.summary and len(sentence.towns) == 1
    return set(sentence.towns) if one else set()


def _another_town(sentence: Sentence, current: Incident) -> bool:
    """A casualty figure at a town of the same province other than the town of the
    incident's own figures ("Another seven people were killed in raids on Kafr Takharim"
    after seven in Khan Sheikhun): ACLED codes one location per event."""
    return (sentence.evidence and sentence.figure and bool(sentence.towns)
            and bool(current.towns) and not sentence.towns & current.towns
            and sentence.areas <= current.areas)


def _another_day(sentence: Sentence, current: Incident) -> bool:
    """A paragraph that opens on a deed's figure of its own, on another day than the
    incident being told and at no place of its own ("On Monday at least 24 people were
    killed in a barrel bomb attack on the same neighbourhood"): the same place's incident
    of another day, one date per event. A sentence inside a paragraph that tells a deed
    with its own figure on another day ("... said Thursday that an air strike late on
    Wednesday hit gas supplies, killing hundreds") is another incident too, told in
    passing: an aside, which lends the news neither its figure nor its weapon."""
    return (sentence.evidence and (sentence.paragraph_start or sentence.cue) and sentence.figure
            and not sentence.areas and bool(sentence.days) and bool(current.days)
            and not sentence.days & current.days)


def _provinces(mentions: list[PlaceMention]) -> int:
    """How many first-level areas of one country the mentions name."""
    return max(Counter(p.country_code for p in {(p.country_code, p.admin1): p
                                                 for p in mentions}.values()).values(), default=0)


def _provincial(mention: PlaceMention) -> bool:
    """A province, or the city it is named after (its capital, mostly): what a summary of
    several incidents names ("in Aleppo, Hama and Damascus"), not a village of one."""
    return mention.feature_code == "ADM1" or skeleton(fold(mention.name or "")) == skeleton(
        fold(mention.admin1 or ""))  # 'Ḩamāh' is the city of Hama


def _home(incidents: list[Incident]) -> set[str]:
    """The report's countries: those of its main incident's places, and of its summaries'."""
    main = incidents[0]
    return main.countries | {country for country, _ in main.areas}


def _aside(sentence: Sentence, incidents: list[Incident]) -> bool:
    """Evidence of a deed only at places in provinces that no incident has, told in
    passing (in the middle of a paragraph, the same day, no figure of its own: "Syrian
    warplanes also hit militant positions in Idlib and Hama"): another incident, not told
    as news, that is no part of the one being told either."""
    named = set().union(*(i.areas for i in incidents))
    sites = {site for site in sentence.sites if site[0] in _home(incidents)}
    return (sentence.evidence and bool(named) and bool(sites)
            and not (sites | sentence.areas) & named)


def _opens(sentence: Sentence, incidents: list[Incident], current: Incident) -> bool:
    """Evidence at a place in a province of the report's country that no incident so far
    has, in a paragraph (or a scene) of its own, on another day than the incident being
    told, or with a casualty figure of its own, tells of another incident; so does a
    paragraph that sets its scene there ("In Sweida, an army unit targeted ..."), its
    deed told in the sentences after it (a province
    only an aside placed is still free: the news told there later is an incident). Evidence
    told "elsewhere" (`PLACE_SHIFT`) is another incident even where no place of it is
    known yet: the sentences after it may name it ("... near the city of Palmyra. Among
    the dead was a general ... of Homs province")."""
    named = set().union(*(i.areas for i in incidents if not i.aside))
    sites = {site for site in sentence.sites if site[0] in _home(incidents)}
    other_day = bool(sentence.days and current.days and not sentence.days & current.days)
    scene = sentence.paragraph_start and bool(SCENE.match(sentence.text))  # "In Sweida, ..."
    elsewhere = sentence.evidence and bool(PLACE_SHIFT.match(sentence.text))
    return (bool(sites) and not sites & named and (scene or (sentence.evidence and (
        sentence.paragraph_start or other_day or sentence.figure)))) or (
        elsewhere and not sentence.areas & named)


def read_sentences(analysis: Analysis) -> list[Sentence]:
    """The report's sentences with what they carry (evidence, background, areas)."""
    text = analysis.article.nlp_text
    published = _day(dates.report_date(text, analysis.times) or analysis.article.published)
    figures = [_anchor(c) for c in analysis.claims if _is_figure(c)]
    tallies = [_anchor(c) for c in analysis.claims if _is_figure(c) and is_tally(c)]
    found: list[Sentence] = []
    for start, end in _spans(analysis):
        own = text[start:end]
        times = [t for t in analysis.times if start <= t.start < end]
        sentence = Sentence(start, end, own, _paragraph_start(text, start) or bool(
            SCENE.match(own)))
        typing = classify.classify(own)
        sentence.cue = typing is not None
        sentence.armed = typing is not None and typing.event_type in ARMED_DEEDS
        sentence.figure = any(start <= f < end for f in figures)
        sentence.days = {t.date for t in times if t.precision == "day"  # a deed's days
                         and not roles.speaking_time(analysis.doc, t.start)
                         and not dates.is_page_date(text, t)}
        sentence.dated_away = _before(times, published) or _coarse(times)
        sentence.background = (bool(CUMULATIVE.search(own)) or sentence.dated_away
                               or any(start <= f < end for f in tallies)
                               or (bool(ONGOING.search(own)) and not sentence.days)
                               or bool(EARLIER.search(own))
                               or (bool(found) and found[-1].background and not times
                                   and bool(TOLL_GOES_ON.search(own))))
        named = [p for p in analysis.places if start <= p.start < end and p.admin1
                 and p.feature_code != "PCLI" and not places.is_metonym(text, p)
                 and not places.names_institution(text, p) and not places.is_base(text, p)
                 and not _in_source(p.start, analysis.claims)]
        sentence.areas = {_area(places.located(text, p)) for p in named}
        sentence.sites = {_area(places.located(text, p)) for p in named
                          if places.after_locative(text, p.start)}
        sentence.towns = {p.geonameid for p in named if p.feature_class == "P"
                          and p.geonameid and not places.is_reference(text, p)
                          and not p.text.isupper()}  # "MOSCOW (Sputnik)": a dateline
        sentence.summary = _provinces([p for p in named if _provincial(p)]) > 1
        found.append(sentence)
    return found


def _area(place: PlaceMention) -> tuple[str, str]:
    return place.country_code or "", place.admin1 or ""


def _spans(analysis: Analysis) -> list[tuple[int, int]]:
    if analysis.doc is not None:
        return [(s.start_char, s.end_char) for s in analysis.doc.sents]
    text = analysis.article.nlp_text
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


def _paragraph_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before.endswith("\n")


def _before(times: list[TimeExpr], published: date | None) -> bool:
    """Every time expression of the sentence ends more than BACKGROUND_DAYS before the
    report."""
    if not times or published is None:
        return False
    limit = published - timedelta(days=BACKGROUND_DAYS)
    return all(_day(t.date) is not None and _period_end(t) < limit for t in times)


def _coarse(times: list[TimeExpr]) -> bool:
    """Dated by month or year only ('in July a suicide bomb killed 16', 'in 2013'): a
    report dates its own incident by the day; a month or a year is another's, or a tally."""
    return bool(times) and all(t.precision in ("month", "year") for t in times)


def _period_end(time: TimeExpr) -> date:
    start = date.fromisoformat(time.date)
    return start + timedelta(days=PERIOD_DAYS[time.precision] - 1)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _is_figure(claim: Claim) -> bool:
    return claim.kind in ("fatalities", "injuries") and claim.value_low is not None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def _earlier_clause(text: str, position: int) -> bool:
    return bool(EARLIER_CLAUSE.search(text[max(0, position - CLAUSE_WINDOW):position]))


def _anchor(claim: Claim) -> int:
    """Where a claim's figure stands (its quantity, else its content)."""
    if claim.quantity_start is not None:
        return claim.quantity_start
    return claim.content_start


def _in_source(position: int, claims: list[Claim]) -> bool:
    """A place inside a speaker's name ('a doctor in Damascus said') places no incident."""
    return any(c.source_start <= position < c.source_end for c in claims
               if c.source_end > c.source_start)
