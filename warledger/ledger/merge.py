"""Merging: one ledger event from the reports of many articles.

Each original article's own event is a *report*. Two reports are of the same
event when all five checks agree (`compare`):
- type: the same event_type (an air strike and a ground attack on one day in one town
  are two incidents);
- date: both day (or week) precise and overlapping (an undated incident: the week up to
  its report); one day apart when one of the dates is relative ("on Monday"), a named
  actor is shared and so is a named site within the place (a quarter, a target); a
  month or a year never merges;
- place: the same country and admin1 (a country-level place is too vague to merge
  on), and, when both are placed below the province (`is_sited`), the same place (the
  same GeoNames id or name) or two towns within `NEAR_KM`; a report placed only at its
  province, or dated only to a week, merges when it has one candidate (`cluster`);
- actors: the named sides ({actor1, actor2} without "Civilians", the victims of
  most events, and "Unidentified Armed Group") overlap, with the same actor1 when
  both name one (or the same two sides swapped), and the same two sides when both
  name two; or one report names no actor; one day apart needs a shared actor;
- sites: the places below the province its figures are told at ("killing 3 policemen
  in Malgir"; `named_sites`): two reports that both name some and share none are two
  incidents, even when the gazetteer places both at their district;
- evidence: the words of the incident's own sentences (`warledger.ledger.evidence`):
  different named targets, kinds of target or city quarters are two incidents. Shared
  distinctive evidence (a named target, a quarter) lets two reports one day apart meet;
  strong evidence settles a dispute over the perpetrator and joins a capital's province
  with the one around it (`NEIGHBOURS`: Damascus, Rural Damascus).
Ledger events are complete-linkage clusters (`cluster`: every pair of reports
agrees), built greedily in a fixed order; that makes the ledger a function of the
set of reports, not of the input order. The merged event's id is the smallest
report id; fields are voted (see `ledger_event`); figures are recomputed by
`reconcile` over the claims of all independent reports.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from warledger.events import build as events
from warledger.events import estimates
from warledger.ledger import evidence
from warledger.ledger.store import Store
from warledger.ledger.syndication import fold
from warledger.records import Analysis, Claim, Event, Source

NEAR_KM = 5.0  # two towns (or a town and a site in it) this close are one place
# capitalised words after "in", "on", "at" that name no place: days, months, bodies, outlets
# ("Tuesdays": a possessive whose apostrophe was lost; "Jul": a month in a dateline)
NOT_A_SITE = re.compile(r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March"
                        r"|April|May|June|July|August|September|October|November|December"
                        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
                        r"|Command|Monitor|Observatory|Operations?|Forces|Army|Police|Agency"
                        r"|Ministry|Council|Committee|Group|Front|News|Media|Coalition"
                        r"|SANA|AFP|Reuters)\b")
PLACE_WORDS = {"city", "town", "village", "district", "the", "al"}  # "Kunduz city" = "Kunduz"
# a capital's own province and the one around it: reports place one incident in either
NEIGHBOURS = {frozenset({"Damascus", "Rural Damascus"})}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_EVENT_FIELDS = {f.name for f in fields(Event)} - {"claims"}
Check = tuple[str, bool, str]  # field, agreed, why


# -- reports and their comparison ------------------------------------------------------


@dataclass
class Report:
    """One article's own event, as analysed, with its claims."""

    article_id: str
    event: Event
    relative: bool  # the date is relative ("on Monday") or the publication date
    sites: frozenset[str] = frozenset()  # named sites of its figures ("in Malgir"), folded
    evidence: frozenset[str] = frozenset()  # what tells its incident apart (`evidence`)

    @property
    def key(self) -> tuple[str, str]:
        return self.article_id, self.event.event_id


def reports_of(analysis: Analysis) -> list[Report]:
    aid = analysis.article.article_id
    return [Report(aid, e, _is_relative(analysis, e), named_sites(e),
                   evidence.of_incident(analysis, e)) for e in analysis.events]


def named_sites(event: Event) -> frozenset[str]:
    """The places below the province that the event's own figures are told at ("killing 3
    policemen in Malgir of Nahri Saraj district"), folded; provinces and countries left out,
    and figures in Title Case, where every word has a capital ("At Least 10 Die Near
    Raqqa" would give the site "least")."""
    names = {n for c in event.claims if not estimates.is_title_case(c.content)
             for found in estimates.sites(c) if (n := _unpossessed(found))
             and not estimates.is_wide(n) and not estimates.is_wide(n.split()[0])
             and not NOT_A_SITE.search(n)}  # "Syrian main battlefields" names no site
    return frozenset(f for n in names if (f := _fold_place(n)))


def _unpossessed(name: str) -> str:
    """Without a leading possessive of a country or province whose apostrophe was lost
    ("Syrias Idlib" -> "Idlib"; "Aleppos" -> "")."""
    first, _, rest = name.partition(" ")
    if first.endswith("s") and len(first) > 3 and estimates.is_wide(first[:-1]):
        return rest
    return name


def _is_relative(analysis: Analysis, event: Event) -> bool:
    for time in analysis.times:
        if time.date == event.event_date and time.precision == event.date_precision:
            return not re.search(r"\d", time.text)
    return True


def encode_reports(reports: list[Report]) -> str:
    items = []
    for report in reports:
        record = report.event.to_record(with_claims=False)
        record.pop("num_claims")
        record["claim_ids"] = [claim.claim_id for claim in report.event.claims]
        record["date_relative"] = report.relative
        record["sites"] = sorted(report.sites)
        record["evidence"] = sorted(report.evidence)
        items.append(record)
    return json.dumps(items, ensure_ascii=False)


def stored_reports(store: Store, article_id: str) -> list[Report]:
    claims = {claim.claim_id: claim for claim in store.claims(article_id)}
    reports = []
    for item in json.loads(store.mentions(article_id)):
        values = {k: v for k, v in item.items() if k in _EVENT_FIELDS}
        values["sources"] = [Source(**s) for s in values.get("sources", [])]
        found = [claims[c] for c in item["claim_ids"] if c in claims]
        event = Event(**values, claims=found)
        reports.append(Report(article_id, event, bool(item.get("date_relative")),
                              frozenset(item.get("sites", [])),
                              frozenset(item.get("evidence", []))))
    return reports


def ledger_reports(store: Store, event_id: str) -> list[Report]:
    """The stored reports a ledger event was merged from."""
    keys = set(store.ledger_members(event_id))
    found: list[Report] = []
    for article_id in sorted({a for a, _ in keys}):
        found += [r for r in stored_reports(store, article_id) if r.key in keys]
    return found


def compare(a: Report, b: Report) -> list[Check]:
    """Per field: do the two reports agree, and why (or why not)."""
    shared = bool(actor_names(a.event) & actor_names(b.event))
    common = evidence.shared(a.evidence, b.evidence)
    strong = evidence.strong(common)
    when, actors = _date(a, b), _actors(a.event, b.event)
    if when[1] and "one day apart" in when[2] and evidence.distinctive(common):
        when = "date", True, when[2].replace("one day apart", "one day apart, shared evidence")
    elif when[1] and "one day apart" in when[2] and not shared:
        when = "date", False, when[2].replace("one day apart", "one day apart, no shared actor")
    elif when[1] and "one day apart" in when[2] and not _inner_sites(a) & _inner_sites(b):
        when = "date", False, when[2].replace("one day apart", "one day apart, no shared site "
                                              "within the place")
    if not actors[1] and "perpetrators" in actors[2] and (evidence.distinctive(common) or strong
                                                         and _same_kind(a.event, b.event)):
        actors = "actors", True, f"{actors[2]}, disputed: one incident by shared evidence"
    place = _place(a.event, b.event)
    if not place[1] and _neighbours(a.event, b.event) and strong:
        place = "place", True, f"{a.event.admin1} / {b.event.admin1}: a capital and the " \
                               "province around it, one incident by shared evidence"
    return [_type(a.event, b.event), when, place, actors, _sites(a, b), _evidence(a, b)]


def _evidence(a: Report, b: Report) -> Check:
    """Different named targets, kinds of target or city quarters: two incidents."""
    common = evidence.shared(a.evidence, b.evidence)
    for kind, label in (("named", "named targets"), ("quarter", "quarters"),
                        ("target", "targets"), ("first", "first targets")):
        first, second = evidence.of_kind(a.evidence, kind), evidence.of_kind(b.evidence, kind)
        if kind in ("target", "first") and evidence.distinctive(common):
            break  # one named target or quarter: the kinds named beside it are no proof
        if first and second and not first.keys() & second.keys():
            return "evidence", False, (f"different {label}: {_listed(first.values())} vs "
                                       f"{_listed(second.values())}")
    if common:
        return "evidence", True, "shared evidence: " + ", ".join(
            sorted(evidence.shown(e) for e in common))
    return "evidence", True, "no evidence tells them apart"


def _same_kind(a: Event, b: Event) -> bool:
    return a.sub_event_type == b.sub_event_type


def provinces_near(event: Event) -> list[str]:
    """Its province and the provinces a report of the same incident may name instead."""
    own = event.admin1 or ""
    return sorted({own} | {p for pair in NEIGHBOURS if own in pair for p in pair})


def _neighbours(a: Event, b: Event) -> bool:
    """A capital's province and the province around it (`NEIGHBOURS`)."""
    return a.country == b.country and frozenset({a.admin1, b.admin1}) in NEIGHBOURS


def _sites(a: Report, b: Report) -> Check:
    """Figures told at different named sites ("in Malgir" / "in Saidan") are two incidents,
    even where the gazetteer places both at their district."""
    if a.sites and b.sites and not a.sites & b.sites:
        return "sites", False, (f"different named sites: {_listed(a.sites)} vs "
                                f"{_listed(b.sites)}")
    shared = a.sites & b.sites
    return "sites", True, (f"shared site: {_listed(shared)}" if shared
                           else "no named site on one side")


def _inner_sites(report: Report) -> frozenset[str]:
    """Its named sites other than its own place: where in the town it happened."""
    return report.sites - {_fold_place(report.event.location)}


def agree(a: Report, b: Report) -> bool:
    return all(ok for _, ok, _ in compare(a, b))


def _type(a: Event, b: Event) -> Check:
    if a.event_type == b.event_type:
        return "type", True, f"same type ({a.event_type})"
    return "type", False, f"different type: {a.event_type} vs {b.event_type}"


def interval(report: Report) -> tuple[date, date] | None:
    """The days the report's date covers, or None when it cannot be merged on it."""
    event = report.event
    if not event.event_date or event.date_precision not in ("day", "week"):
        return None
    start = date.fromisoformat(event.event_date)
    if event.date_precision == "day":
        return start, start
    if event.event_date in {s.published for s in event.sources}:
        return start - timedelta(days=6), start  # undated: the week up to its report
    return start, start + timedelta(days=6)  # "last week": the week from its first day


def _date(a: Report, b: Report) -> Check:
    first, second = interval(a), interval(b)
    if first is None or second is None:
        coarse = a if first is None else b
        return "date", False, (f"date too coarse to merge on ({coarse.event.event_date}, "
                               f"{coarse.event.date_precision})")
    gap = max((first[0] - second[1]).days, (second[0] - first[1]).days, 0)
    dates = f"{a.event.event_date} / {b.event.event_date}"
    if gap == 0:
        return "date", True, f"same date ({dates})"
    if gap == 1 and (a.relative or b.relative):
        return "date", True, f"one day apart, one date relative ({dates})"
    return "date", False, f"different dates: {a.event.event_date} vs {b.event.event_date}"


def _place(a: Event, b: Event) -> Check:
    if not a.country or not b.country:
        return "place", False, "no place"
    if a.country != b.country:
        return "place", False, f"different country: {a.country} vs {b.country}"
    if not a.admin1 or not b.admin1:
        return "place", False, "country-level place: too vague to merge on"
    if a.admin1 != b.admin1:
        return "place", False, f"different admin1: {a.admin1} vs {b.admin1}"
    where = f"{a.location or a.admin1} / {b.location or b.admin1}"
    if not (is_sited(a) and is_sited(b)):
        return "place", True, f"province-level place, one candidate at most ({where})"
    if _same_site(a, b):
        return "place", True, f"same place ({where})"
    km = _distance(a, b)
    if km is not None and km <= NEAR_KM and max(a.geo_precision, b.geo_precision) == 1:
        return "place", True, f"{km:.1f} km apart ({where})"
    apart = f"{km:.0f} km apart, " if km is not None else ""
    return "place", False, f"different places: {apart}{where}"


def is_precise(event: Event) -> bool:
    """Placed below its province and dated by the day: a report that is not (a province,
    a week) could be any of the incidents it agrees with."""
    return is_sited(event) and event.date_precision == "day"


def is_sited(event: Event) -> bool:
    """Placed at a town, a district or a site, not only at its province."""
    return event.geo_precision <= 2 and bool(event.location)


def _same_site(a: Event, b: Event) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return _fold_place(a.location) == _fold_place(b.location)


def _fold_place(name: str | None) -> str:
    words = re.sub(r"[^\w\s]", "", (name or "").casefold()).split()
    return " ".join(w for w in words if w not in PLACE_WORDS)


def _distance(a: Event, b: Event) -> float | None:
    """Kilometres between two towns (geo_precision 1 or 2); None otherwise."""
    if max(a.geo_precision, b.geo_precision) > 2:
        return None
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = (math.radians(v) for v in (a.latitude, a.longitude, b.latitude,
                                                         b.longitude))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def actor_names(event: Event) -> set[str]:
    """The event's named sides: civilians (the victims of most events) and unidentified
    armed groups say nothing about which event it is."""
    return {k for k in (_actor_key(event.actor1), _actor_key(event.actor2)) if k}


def _actor_key(name: str | None) -> str | None:
    key = re.sub(r"\s*\([^)]*\)", "", name or "").casefold().strip()
    return None if key in ("", "civilians", "unidentified armed group") else key


def _actors(a: Event, b: Event) -> Check:
    first, second = actor_names(a), actor_names(b)
    if not first or not second:
        if a.sub_event_type == b.sub_event_type:
            return "actors", True, "no actor named on one side, same sub-event type"
        return "actors", False, (f"no actor named on one side and different sub-event types: "
                                 f"{a.sub_event_type} vs {b.sub_event_type}")
    one, other = _actor_key(a.actor1), _actor_key(b.actor1)
    swapped = first == second and a.event_type == b.event_type == "Battles"
    if one and other and one != other and not swapped:  # one side's view of a battle: swapped
        return "actors", False, f"different perpetrators: {one} vs {other}"
    if len(first) == 2 and len(second) == 2 and first != second:
        return "actors", False, f"different sides: {_listed(first)} vs {_listed(second)}"
    if first & second:
        return "actors", True, "shared actor: " + ", ".join(sorted(first & second))
    return "actors", False, f"different actors: {_listed(first)} vs {_listed(second)}"


def _listed(names: Iterable[str]) -> str:
    return " / ".join(sorted(names))


# -- clustering and the merged event -------------------------------------------------------


def seed_key(report: Report) -> tuple[int, bool, int, int, str, str]:
    """Most informative reports first: they seed the clusters."""
    event = report.event
    return (PRECISION_RANK.get(event.date_precision, 4), report.relative, event.geo_precision,
            -len(actor_names(event)), event.event_id, report.article_id)


def cluster(reports: list[Report]) -> list[list[Report]]:
    """Complete-linkage clusters, greedily in `seed_key` order (independent of input order).
    A report placed only at its province, or dated only to a week, joins a cluster only when
    it is the one cluster it agrees with: with two candidates, it could be either."""
    groups: list[list[Report]] = []
    for report in sorted(reports, key=seed_key):
        homes = [g for g in groups if all(agree(report, m) for m in g)]
        if homes and (is_precise(report.event) or len(homes) == 1):
            homes[0].append(report)
        else:
            groups.append([report])
    return groups


def _vote(values: list[str]) -> str | None:
    """The most common value; ties go to the first (values come in `seed_key` order)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if counts.get(v) == top)


def ledger_event(members: list[Report], copies: list[Source]) -> Event:
    """One event from its reports (and the sources of their copies)."""
    ordered = sorted(members, key=seed_key)
    event_id = min(r.event.event_id for r in members)
    event = replace(ordered[0].event, event_id=event_id)
    _set_type(event, ordered)
    _set_date(event, ordered)
    _set_place(event, ordered)
    _set_actors(event, ordered)
    claims = [replace(c, event_id=event_id) for r in _by_article(members) for c in r.event.claims]
    updated = _updated(claims, {r.article_id: _published(r) for r in members})
    events.set_figures(event, claims, [c for c in claims if c.claim_id not in updated])
    _set_sources(event, members, copies)
    event.notes = events.notes(event)
    return event


def _updated(claims: list[Claim], published: dict[str, str]) -> set[str]:
    """The claims a named source updated: the same source's count of the same victims in an
    article published on a later day stands instead (an update, not a dispute). Reports of
    one day, or undated, cannot be ordered: their figures all stand."""
    def later(a: Claim, b: Claim) -> bool:
        first, second = published.get(a.article_id, ""), published.get(b.article_id, "")
        return bool(first and second and second > first)
    return {c.claim_id for c in claims
            if any(later(c, o) and estimates.updated_by(c, o) for o in claims)}


def _by_article(members: list[Report]) -> list[Report]:
    return sorted(members, key=lambda r: (_published(r), r.article_id, r.event.event_id))


def _published(report: Report) -> str:
    return next((s.published or "" for s in report.event.sources), "")


def _set_type(event: Event, ordered: list[Report]) -> None:
    pairs = [f"{r.event.event_type}\t{r.event.sub_event_type}" for r in ordered]
    event.event_type, event.sub_event_type = (_vote(pairs) or "").split("\t")


def _set_date(event: Event, ordered: list[Report]) -> None:
    finest = min(PRECISION_RANK.get(r.event.date_precision, 4) for r in ordered)
    best = [r for r in ordered if PRECISION_RANK.get(r.event.date_precision, 4) == finest]
    best.sort(key=lambda r: (r.relative, r.event.event_date or ""))
    event.event_date = _vote([r.event.event_date or "" for r in best])
    event.date_precision = best[0].event.date_precision


def _set_place(event: Event, ordered: list[Report]) -> None:
    finest = min(r.event.geo_precision for r in ordered if r.event.country) if any(
        r.event.country for r in ordered) else None
    best = [r for r in ordered if r.event.country and r.event.geo_precision == finest]
    if not best:
        return
    location = _vote([r.event.location or "" for r in best])
    chosen = next((r.event for r in best if r.event.location == location), best[0].event)
    for name in ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude",
                 "geo_precision", "geonameid"):
        setattr(event, name, getattr(chosen, name))


def _set_actors(event: Event, ordered: list[Report]) -> None:
    actor1 = _vote([r.event.actor1 or "" for r in ordered])
    actor2 = _vote([r.event.actor2 or "" for r in ordered if r.event.actor2 != actor1])
    event.actor1, event.inter1 = actor1, _inter(ordered, actor1)
    event.actor2, event.inter2 = actor2, _inter(ordered, actor2)
    named = {actor1, actor2}
    for slot in ("assoc_actor_1", "assoc_actor_2"):
        assoc = [n for r in ordered for n in (getattr(r.event, slot) or "").split("; ")]
        setattr(event, slot, "; ".join(dict.fromkeys(n for n in assoc if n and n not in named))
                or None)
    event.interaction = events.interaction(event.inter1, event.inter2)


def _inter(ordered: list[Report], actor: str | None) -> str | None:
    for report in ordered:
        for name, inter in ((report.event.actor1, report.event.inter1),
                            (report.event.actor2, report.event.inter2)):
            if actor and name == actor:
                return inter
    return None


def _set_sources(event: Event, members: list[Report], copies: list[Source]) -> None:
    own = {s.article_id: s for r in members for s in r.event.sources}
    everything = {**{s.article_id: s for s in copies}, **own}
    event.sources = sorted(everything.values(), key=lambda s: (s.published or "", s.article_id))
    event.num_articles = len(event.sources)
    event.num_sources = len({_outlet(s) for s in own.values()})


def _outlet(source: Source) -> str:
    name = fold(source.original_publisher or source.publisher)
    return name or f"article {source.article_id}"


def span(members: list[Report]) -> tuple[str | None, str | None]:
    days = [d for r in members if (found := interval(r)) for d in found]
    if not days:
        return None, None
    return min(days).isoformat(), max(days).isoformat()

