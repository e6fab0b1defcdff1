"""An analyst's review of the ledger: confirm, correct, reject, split or merge an event.

Every decision (`Decision`) is applied in one transaction by `decide` and kept as
append-only review records (`warledger.records.Review`, table ``reviews``) beside the
events, in the same store:
- confirm, reject: the event's status (`Event.review_status`); a rejected event is
  left out of lists and exports unless asked for (`EventFilter.review`).
- correct: one record per changed field (old and new value, as text). The event row
  holds the corrected values, so every reader (filters, search, map, exports) sees
  them; `Event.machine_values` keeps the machine's value of each corrected field.
  Values are checked against `FIELDS` (ACLED's types, inter categories, dates,
  coordinates, counts); `interaction`, `iso3` and `notes` follow the fields they
  come from.
- split: the reports of the chosen articles leave the event for a new one; merge:
  two events become one. Both are rebuilt from their reports as linking builds any
  ledger event (`warledger.ledger.merge.ledger_event`), so an event's id stays its
  smallest report id; the part that keeps the old id keeps its corrections, and a
  merge carries both events' corrections (the kept event's first).
A reviewed event is pinned: linking never re-merges it, joins a later report to it or
splits it (`warledger.ledger.link`); a new report of the same incident becomes an event
of its own, for the analyst to merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from warledger.errors import ReviewError
from warledger.events import build
from warledger.ledger import acled, merge
from warledger.ledger.store import Store
from warledger.records import Event, MachineValue, Review, ReviewAction

ACTIONS: tuple[ReviewAction, ...] = ("confirm", "correct", "reject", "split", "merge")
STATUS: dict[str, str] = {"confirm": "confirmed", "correct": "corrected",
                          "reject": "rejected", "split": "split", "merge": "merged"}
MAX_REASON = 500  # characters of a reason: one short line or two
MAX_TEXT = 200  # characters of a corrected name
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {  # ACLED's taxonomy (CONTRACT.md)
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip
Parser = Callable[[str | None], MachineValue]


# -- the fields an analyst can correct, and their values --------------------------------


def _text(raw: str | None) -> str | None:
    value = " ".join((raw or "").split())
    if len(value) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return value or None


def _required(parse: Parser) -> Parser:
    def checked(raw: str | None) -> MachineValue:
        value = parse(raw)
        if value is None:
            raise ValueError("cannot be empty")
        return value
    return checked


def _choice(values: Sequence[str]) -> Parser:
    def parse(raw: str | None) -> str | None:
        value = _text(raw)
        if value is not None and value not in values:
            raise ValueError(f"{value!r} is not one of: {', '.join(values)}")
        return value
    return parse


def _day(raw: str | None) -> str | None:
    value = _text(raw)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def _number(kind: type[int] | type[float], low: float, high: float) -> Parser:
    def parse(raw: str | None) -> MachineValue:
        value = _text(raw)
        if value is None:
            return None
        try:
            number = kind(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a{'n integer' if kind is int else ' number'}"
                             ) from None
        if not low <= number <= high:
            raise ValueError(f"{value} is outside {low:g}..{high:g}")
        return number
    return parse


def _iso3(raw: str | None) -> str | None:
    value = _text(raw)
    if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"{value!r} is not an ISO alpha-3 code (three capitals)")
    return value


_COUNT = _number(int, 0, 10_000_000)
_INTER = _choice(tuple(acled.INTER_CODES))
FIELDS: dict[str, Parser] = {  # field -> its parser (raises ValueError with the reason)
    "event_type": _required(_choice(tuple(SUB_EVENT_TYPES))),
    "sub_event_type": _required(_choice(tuple(s for v in SUB_EVENT_TYPES.values() for s in v))),
    "event_date": _day,
    "date_precision": _required(_choice(("day", "week", "month", "year"))),
    "actor1": _text, "assoc_actor_1": _text, "inter1": _INTER,
    "actor2": _text, "assoc_actor_2": _text, "inter2": _INTER,
    "country": _text, "iso3": _iso3, "admin1": _text, "admin2": _text, "location": _text,
    "latitude": _number(float, -90, 90), "longitude": _number(float, -180, 180),
    "geo_precision": _required(_number(int, 1, 3)),
    "fatalities": _required(_COUNT), "fatalities_low": _COUNT, "fatalities_best": _COUNT,
    "fatalities_high": _COUNT,
}  # fmt: skip
DERIVED = ("interaction", "iso3", "notes")  # follow the fields they come from


def parse_changes(changes: Mapping[str, str | None]) -> dict[str, MachineValue]:
    """The typed values of a correction; ReviewError naming the first bad field."""
    values: dict[str, MachineValue] = {}
    for name, raw in changes.items():
        if name not in FIELDS:
            raise ReviewError(f"{name!r} cannot be corrected: choose among "
                              f"{', '.join(FIELDS)}")
        try:
            values[name] = FIELDS[name](raw)
        except ValueError as exc:
            raise ReviewError(f"{name}: {exc}") from None
    return values


def as_text(value: Any) -> str | None:
    """A value as a review record keeps it."""
    return None if value is None else str(value)


# -- decisions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One analyst's decision on one event: `changes` (field -> new value as text) for a
    correction, `articles` (whose reports move to a new event) for a split, `other` (the
    event to merge with) for a merge; always a reason and a reviewer."""

    action: str
    reason: str
    reviewer: str
    changes: Mapping[str, str | None] = field(default_factory=dict)
    articles: tuple[str, ...] = ()
    other: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a decision wrote, and the event to show next (a merge may keep the other)."""

    event_id: str
    reviews: list[Review]


def decide(store: Store, event_id: str, decision: Decision) -> Outcome:
    """Apply one decision to the event, in one transaction; ReviewError when it cannot be
    (nothing is written then)."""
    _check(decision)
    with store.transaction():
        event = store.event(event_id)
        if event is None:
            raise ReviewError(f"no event with id {event_id!r}")
        return _APPLY[decision.action](store, event, decision)


def _check(decision: Decision) -> None:
    if decision.action not in ACTIONS:
        raise ReviewError(f"unknown action {decision.action!r}: choose one of "
                          f"{', '.join(ACTIONS)}")
    reason = decision.reason.strip()
    if not reason or len(reason) > MAX_REASON or "\n" in reason:
        raise ReviewError(f"give a reason: one line of 1 to {MAX_REASON} characters")
    if not decision.reviewer.strip():
        raise ReviewError("a decision needs a reviewer (who made it)")


def _record(store: Store, event_id: str, decision: Decision, **values: Any) -> Review:
    return store.add_review(event_id, decision.action, reason=decision.reason.strip(),
                            reviewer=decision.reviewer.strip(), **values)


def _status(store: Store, event: Event, decision: Decision) -> Outcome:
    """confirm, reject: the event's status changes."""
    status = STATUS[decision.action]
    store.set_review_state(event.event_id, {}, event.machine_values, status)
    review = _record(store, event.event_id, decision, field="review_status",
                     old_value=event.review_status, new_value=status)
    return Outcome(event.event_id, [review])


def _correct(store: Store, event: Event, decision: Decision) -> Outcome:
    values = parse_changes(decision.changes)
    changed = {k: v for k, v in values.items() if v != getattr(event, k)}
    if not changed:
        raise ReviewError("nothing to correct: every value given is the event's own")
    corrected, machine = corrections_applied(event, changed)
    written = {k: getattr(corrected, k) for k in (*changed, *DERIVED)}
    store.set_review_state(event.event_id, written, machine, STATUS["correct"])
    reviews = [_record(store, event.event_id, decision, field=k,
                       old_value=as_text(getattr(event, k)), new_value=as_text(v))
               for k, v in changed.items()]
    return Outcome(event.event_id, reviews)


def corrections_applied(event: Event, changed: Mapping[str, MachineValue]
                        ) -> tuple[Event, dict[str, MachineValue]]:
    """The event with these corrections (and the fields derived from them), and its
    machine values: the first value of every field ever corrected."""
    fields: dict[str, Any] = dict(changed)
    corrected = replace(event, **fields)
    if changed.keys() & {"event_type", "sub_event_type"} and corrected.sub_event_type not in (
            SUB_EVENT_TYPES.get(corrected.event_type, ())):
        raise ReviewError(f"{corrected.sub_event_type!r} is not a sub-event type of "
                          f"{corrected.event_type!r}")
    if changed.keys() & {"inter1", "inter2"}:
        corrected.interaction = build.interaction(corrected.inter1, corrected.inter2)
    if "country" in changed and "iso3" not in changed:
        corrected.iso3 = build.iso3(corrected.country)
    corrected.notes = build.notes(corrected)
    machine = {**{k: getattr(event, k) for k in changed}, **event.machine_values}
    return corrected, machine


# -- split and merge: events rebuilt from their reports ------------------------------------


def _split(store: Store, event: Event, decision: Decision) -> Outcome:
    reports = _reports(store, event)
    moving = [r for r in reports if r.article_id in decision.articles]
    unknown = set(decision.articles) - {r.article_id for r in reports}
    if unknown:
        raise ReviewError(f"not among the event's articles: {', '.join(sorted(unknown))}")
    staying = [r for r in reports if r.article_id not in decision.articles]
    if not moving or not staying:
        raise ReviewError("a split moves the reports of some of the event's articles, not "
                          "none or all of them")
    if any(r.event.event_id == event.event_id for r in moving):
        moving, staying = staying, moving  # the part with the event's own report keeps its id
    store.delete_events([event.event_id])
    new_id = _rebuild(store, moving, [], STATUS["split"])
    _rebuild(store, staying, [event.event_id], STATUS["split"], event.event_id)
    before = _articles(reports)
    reviews = [_record(store, mine, decision, field="articles", old_value=before,
                       new_value=_articles(part), other_event_id=other)
               for mine, part, other in ((event.event_id, staying, new_id),
                                         (new_id, moving, event.event_id))]
    return Outcome(event.event_id, reviews)


def _merge(store: Store, event: Event, decision: Decision) -> Outcome:
    other = store.event(decision.other or "")
    if other is None or other.event_id == event.event_id:
        raise ReviewError(f"merge needs another event: {decision.other!r} is none")
    first, second = sorted((event, other), key=lambda e: e.event_id)  # the least id stays
    parts = {e.event_id: _reports(store, e) for e in (first, second)}
    store.delete_events([first.event_id, second.event_id])
    kept = _rebuild(store, [r for part in parts.values() for r in part],
                    [second.event_id, first.event_id], STATUS["merge"], first.event_id)
    merged = _articles([r for part in parts.values() for r in part])
    reviews = [_record(store, mine.event_id, decision, field="articles",
                       old_value=_articles(parts[mine.event_id]), new_value=merged,
                       other_event_id=theirs.event_id)
               for mine, theirs in ((first, second), (second, first))]
    return Outcome(kept, reviews)


def _reports(store: Store, event: Event) -> list[merge.Report]:
    found = merge.ledger_reports(store, event.event_id)
    if not found:
        raise ReviewError(f"event {event.event_id!r} has no stored reports to split or merge")
    return found


def _articles(reports: list[merge.Report]) -> str:
    return "; ".join(sorted({r.article_id for r in reports}))


def _rebuild(store: Store, members: list[merge.Report], corrected_on: list[str], status: str,
             event_id: str | None = None) -> str:
    """Write one ledger event from these reports (under `event_id`, else its smallest
    report id), with the corrections made on the events `corrected_on`; its id."""
    copies = [c for aid in sorted({r.article_id for r in members})
              for c in store.copy_sources(aid)]
    event = merge.ledger_event(members, copies)
    eid = event_id or event.event_id
    event = replace(event, event_id=eid, claims=[replace(c, event_id=eid) for c in event.claims])
    texts = store.corrections(corrected_on) if corrected_on else {}
    event, machine = corrections_applied(event, parse_changes(texts)) if texts else (event, {})
    owner = min(members, key=lambda r: r.event.event_id).article_id
    store.write_ledger_event(owner, event, sorted(r.key for r in members), merge.span(members))
    store.set_claims_event([c.claim_id for c in event.claims], eid)
    store.set_review_state(eid, {}, machine, status)
    return eid


_APPLY: dict[str, Callable[[Store, Event, Decision], Outcome]] = {
    "confirm": _status, "reject": _status, "correct": _correct, "split": _split,
    "merge": _merge,
}
