"""What the event, actor and source pages show beyond the records themselves: who
disputes a claim, an event's claims grouped by source, an actor's events, the claims of
a speaker or an outlet and how often they were disputed.

A claim is *disputed* when its event's contradiction lines (`reconcile.dispute`, one per
victim group whose credible sources disagree) name its speaker beside a speaker of
another source whose figure of the same kind cannot hold together with it
(`reconcile.interval`): the pipeline's own verdict, read claim by claim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from warledger.actors.aliases import fold, names_for
from warledger.events.estimates import same_source
from warledger.events.reconcile import interval
from warledger.ledger.store import Store
from warledger.records import Claim, Event, EventFilter, Source
from warledger.web import mapdata, timeline, views

FIGURE_KINDS = ("fatalities", "injuries")
OPEN_ALL = 12  # an event with at most this many claims shows every group open
GROUP_SHOWN = 8  # a source with more claims shows its disputed ones and figures, folds the rest
ACTOR_EVENTS = 5000  # events read for an actor's totals and opponents (map, timeline: all)
LISTED = 100  # events or claims listed on a page
SOURCE_CLAIMS = 1000  # claims read for a speaker's or an outlet's page


def disputes(event: Event) -> dict[str, list[str]]:
    """claim_id -> the speakers (of other sources) whose figures dispute the claim's."""
    found: dict[str, list[str]] = {}
    for line in event.contradictions:
        named = [c for c in event.claims if c.kind in FIGURE_KINDS and _has_figure(c)
                 and f"{c.speaker.lower()}: " in line.lower()]
        for claim in named:
            rivals = [other.speaker for other in named if _conflict(claim, other)]
            if rivals:
                found.setdefault(claim.claim_id, []).extend(rivals)
    return {key: list(dict.fromkeys(speakers)) for key, speakers in found.items()}


def _has_figure(claim: Claim) -> bool:
    return claim.value_low is not None or claim.value_high is not None


def _conflict(first: Claim, second: Claim) -> bool:
    if first.kind != second.kind or same_source(first, second):
        return False
    (low_a, high_a), (low_b, high_b) = interval(first), interval(second)
    return not (low_a <= high_b and low_b <= high_a)


def claim_groups(event: Event, disputed: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The event's claims by source article: groups with disputed claims first (and open),
    disputed claims first within a group; every group open when the claims are few, else
    the first one only when none is disputed."""
    sources = {s.article_id: s for s in event.sources}
    by_article: dict[str, list[Claim]] = {}
    for claim in event.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    groups = [_group(sources.get(key), key, claims, disputed) for key, claims in by_article.items()]
    groups.sort(key=lambda g: -g["disputed"])  # stable: the sources' order otherwise
    few = len(event.claims) <= OPEN_ALL
    for i, group in enumerate(groups):
        group["open"] = few or group["disputed"] > 0 or (i == 0 and not disputed)
    return groups


def _group(source: Source | None, article_id: str, claims: list[Claim],
           disputed: dict[str, list[str]]) -> dict[str, Any]:
    """One source's claims: disputed first, then the casualty figures; in a group of more
    than `GROUP_SHOWN` claims, the others (`more`) are folded away."""
    ordered = sorted(claims, key=lambda c: (c.claim_id not in disputed, not _is_figure(c)))
    shown = ordered if len(ordered) <= GROUP_SHOWN else [
        c for c in ordered if c.claim_id in disputed or _is_figure(c)]
    return {"source": source, "article_id": article_id, "claims": shown,
            "more": ordered[len(shown):], "total": len(claims),
            "disputed": sum(c.claim_id in disputed for c in claims)}


def _is_figure(claim: Claim) -> bool:
    return claim.kind in FIGURE_KINDS and _has_figure(claim)


def actor_context(store: Store, name: str) -> dict[str, Any]:
    """An actor's page: the events naming it (or an alias of it), newest first, their
    map, timeline and totals, and the actors on the other side."""
    where = EventFilter(actor=name)
    events = store.events(replace(where, limit=ACTOR_EVENTS, order="desc"))
    dated = [e.event_date for e in events if e.event_date]
    shown_map = mapdata.home_map(store, where)
    return {
        "name": name, "names": [n for n in names_for(name) if n != name],
        "events": events[:LISTED], "total": len(events), "capped": len(events) == ACTOR_EVENTS,
        "fatalities": sum(e.fatalities for e in events),
        "first": min(dated, default=None), "last": max(dated, default=None),
        "opponents": counterparts(events, name).most_common(10),
        "map": shown_map, "unplaced": store.count_events(where) - shown_map["located"],
        "timeline": timeline.chart(store.event_days(where)),
        "event_types": views.EVENT_TYPES, "type_class": views.type_class,
    }


def counterparts(events: Iterable[Event], name: str) -> Counter[str]:
    """How often each actor stood on the other side of `name` (matched as a substring,
    case ignored)."""
    key, found = fold(name), Counter[str]()
    for event in events:
        side_a = fold(" ".join(filter(None, (event.actor1, event.assoc_actor_1))))
        side_b = fold(" ".join(filter(None, (event.actor2, event.assoc_actor_2))))
        other = event.actor2 if key in side_a else event.actor1 if key in side_b else None
        if other and key not in fold(other):
            found[other] += 1
    return found


def source_context(store: Store, name: str) -> dict[str, Any]:
    """A source's page: its claims as a speaker and as an outlet (publisher or original
    publisher), each with its event and who disputed it; how often, and by whom."""
    roles = {"speaker": store.claims_by_speaker(name, SOURCE_CLAIMS),
             "outlet": store.claims_by_outlet(name, SOURCE_CLAIMS)}
    events = _events(store, [c for claims in roles.values() for c in claims])
    verdicts = {key: disputes(event) for key, event in events.items()}
    return {"name": name, "roles": {role: _claim_rows(claims, events, verdicts)
                                    for role, claims in roles.items()},
            "limit": SOURCE_CLAIMS, "listed": LISTED}


def _events(store: Store, claims: list[Claim]) -> dict[str, Event]:
    found = {}
    for event_id in dict.fromkeys(c.event_id for c in claims if c.event_id):
        event = store.event(event_id)
        if event is not None:
            found[event_id] = event
    return found


def _claim_rows(claims: list[Claim], events: dict[str, Event],
                verdicts: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    rows, by_whom = [], Counter[str]()
    for claim in claims:
        event = events.get(claim.event_id or "")
        rivals = verdicts.get(claim.event_id or "", {}).get(claim.claim_id, [])
        by_whom.update(rivals)
        rows.append({"claim": claim, "event": event, "disputed_by": rivals})
    rows.sort(key=lambda r: not r["disputed_by"])  # disputed first
    return {"rows": rows[:LISTED], "total": len(rows),
            "figures": sum(_is_figure(c) for c in claims),
            "disputed": sum(bool(r["disputed_by"]) for r in rows),
            "by_whom": by_whom.most_common(10)}
