"""Linking: syndicated copies, and one ledger event from many reports of it.

Runs in the writer (`runner.commit`), inside the transaction that saves the
document, so a crash never leaves half a merge; the workers stay pure.

Syndication. Article bodies are compared on word 3-shingles: MinHash signatures
(datasketch, kept in ``articles.minhash``) and an LSH index find candidates, the
exact shingle sets decide. A copy is a pair whose smaller text has at least
`CONTAINMENT` of its shingles in the other (a copy keeps its own header and
footer, so containment, not Jaccard, is the measure), or `CONTAINMENT_WITH_SIGN`
when a sign backs it: the same title, or a cross-post (``original_publisher``
differs from ``publisher``). Near-duplicates form groups; the original is the
earliest published (ties: not a cross-post, then the smallest article_id), the
others get ``syndicated_from`` = the original, whatever the arrival order. A copy
adds no report, no claim and no independent source: it is listed among the
event's sources (``num_articles``), not in ``num_sources``.

Merging. Each original article's own event is a *report*. Two reports are of
the same event when all four fields agree (`compare`):
- type: the same event_type, or two of Battles / Explosions/Remote violence /
  Violence against civilians (or Protests / Riots) when a named actor is shared;
- date: both day (or week) precise and overlapping; one day apart when one of the
  dates is relative ("on Monday") or the publication date and a named actor is
  shared; month/year never merge;
- place: the same country and admin1 (a country-level place is too vague to merge
  on), and within `MERGE_KM` when both are towns;
- actors: the named sides ({actor1, actor2} without "Civilians", the victims of
  most events, and "Unidentified Armed Group") overlap, with the same actor1 when
  both name one (or the same two sides swapped), or one report names no actor;
  one day apart needs a shared actor.
Ledger events are complete-linkage clusters (every pair of reports agrees),
built greedily in a fixed order over the connected component of reports that can
agree; that makes the ledger a function of the set of reports, not of the input
order, and lets a new article be merged by re-clustering only its component.
The merged event's id is the smallest report id; fields are voted (see
`ledger_event`); figures are recomputed by `reconcile` over the claims of all
independent reports.
"""

from __future__ import annotations

import json
import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

import numpy as np
from datasketch import MinHash, MinHashLSH

from warledger import events
from warledger.reconcile import reconcile
from warledger.records import Analysis, Article, Claim, Event, Source
from warledger.store import Store

NUM_PERM = 128
SHINGLE = 3
LSH_THRESHOLD = 0.3  # candidates only: the exact shingle sets decide
CONTAINMENT = 0.85  # FA-KES: distinct articles reach 0.78 at most, copies 0.87+
CONTAINMENT_WITH_SIGN = 0.7
MIN_SHINGLES = 10
MERGE_KM = 25.0
COMPONENT_CAP = 500  # reports explored around a new one (a bound on the work per commit)
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
DEMONSTRATIONS = {"Protests", "Riots"}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_EVENT_FIELDS = {f.name for f in fields(Event)} - {"claims"}
Check = tuple[str, bool, str]  # field, agreed, why


# -- syndication -------------------------------------------------------------------


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def from_bytes(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype="<u8")
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme="affine32")


def copy_reason(a: Article, b: Article) -> str | None:
    """Why `a` and `b` are the same text (a syndicated copy), or None."""
    first, second = shingles(a.body), shingles(b.body)
    if min(len(first), len(second)) < MIN_SHINGLES:
        return None
    shared = len(first & second)
    containment = shared / min(len(first), len(second))
    signs = _signs(a, b)
    if containment < (CONTAINMENT_WITH_SIGN if signs else CONTAINMENT):
        return None
    jaccard = shared / len(first | second)
    why = f"near-duplicate text (containment {containment:.2f}, Jaccard {jaccard:.2f})"
    return "; ".join([why, *signs])


def _signs(a: Article, b: Article) -> list[str]:
    signs = []
    if a.title and _fold(a.title) == _fold(b.title):
        signs.append("same title")
    for one in (a, b):
        if one.original_publisher and _fold(one.original_publisher) != _fold(one.publisher):
            signs.append(f"{one.article_id} is a cross-post from {one.original_publisher}")
    return signs


def _fold(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _original_key(article: Article) -> tuple[str, bool, str]:
    crosspost = bool(article.original_publisher) and _fold(article.original_publisher) != _fold(
        article.publisher)
    return article.published or "9999", crosspost, article.article_id


class _Index:
    """The LSH index over the stored signatures, refreshed from the store by rowid."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.last = 0

    def refresh(self, store: Store) -> None:
        for rowid, article_id, blob in store.signatures_after(self.last):
            if article_id in self.lsh:
                self.lsh.remove(article_id)
            self.lsh.insert(article_id, from_bytes(blob))
            self.last = rowid

    def query(self, minhash: MinHash, exclude: str) -> list[str]:
        return sorted(key for key in self.lsh.query(minhash) if key != exclude)


_INDEXES: weakref.WeakKeyDictionary[Store, _Index] = weakref.WeakKeyDictionary()


def _index(store: Store) -> _Index:
    index = _INDEXES.setdefault(store, _Index())
    index.refresh(store)
    return index


@dataclass
class Syndication:
    """What one commit changed in the copy groups."""

    copy: bool = False  # the new article is a copy
    original: str | None = None  # the group's original, when the new article has copies
    became_copies: set[str] = field(default_factory=set)
    became_originals: set[str] = field(default_factory=set)


def syndicate(store: Store, article: Article, minhash: MinHash) -> Syndication:
    """Group the new (already written) article with its near-duplicates; re-point copies."""
    reasons: dict[str, str] = {}
    group = {article.article_id: article}
    group |= {c.article_id: c for c in store.copies_of(article.article_id)}
    for candidate_id in _index(store).query(minhash, article.article_id):
        candidate = store.get_article(candidate_id)
        why = candidate and copy_reason(article, candidate)
        if candidate and why:
            reasons[candidate_id] = why
            group |= _group_of(store, candidate)
    return _repoint(store, article.article_id, group, reasons)


def _group_of(store: Store, article: Article) -> dict[str, Article]:
    root = store.get_article(article.syndicated_from or "") or article
    members = [root, article, *store.copies_of(root.article_id)]
    return {m.article_id: m for m in members}


def _repoint(store: Store, new_id: str, group: dict[str, Article],
             reasons: dict[str, str]) -> Syndication:
    original = min(group.values(), key=_original_key)
    result = Syndication(copy=new_id != original.article_id)
    if len(group) > 1:
        result.original = original.article_id
    for member in group.values():
        target = None if member is original else original.article_id
        if member.article_id != new_id and member.syndicated_from == target:
            continue
        why = None
        if target:
            why = reasons.get(member.article_id if member.article_id != new_id else target)
            why = why or copy_reason(member, original) or "in a group of copies"
            why = f"copy of {target}: {why}"
        store.set_syndicated(member.article_id, target, why)
        if member.article_id != new_id:
            (result.became_copies if target else result.became_originals).add(member.article_id)
    return result


# -- reports and their comparison ------------------------------------------------------


@dataclass
class Report:
    """One article's own event, as analysed, with its claims."""

    article_id: str
    event: Event
    relative: bool  # the date is relative ("on Monday") or the publication date

    @property
    def key(self) -> tuple[str, str]:
        return self.article_id, self.event.event_id


def reports_of(analysis: Analysis) -> list[Report]:
    aid = analysis.article.article_id
    return [Report(aid, e, _is_relative(analysis, e)) for e in analysis.events]


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
        reports.append(Report(article_id, event, bool(item.get("date_relative"))))
    return reports


def compare(a: Report, b: Report) -> list[Check]:
    """Per field: do the two reports agree, and why (or why not)."""
    shared = bool(actor_names(a.event) & actor_names(b.event))
    when, actors = _date(a, b), _actors(a.event, b.event)
    if when[1] and "one day apart" in when[2] and not shared:
        when = "date", False, when[2].replace("one day apart", "one day apart, no shared actor")
    return [_type(a.event, b.event, shared), when, _place(a.event, b.event), actors]


def agree(a: Report, b: Report) -> bool:
    return all(ok for _, ok, _ in compare(a, b))


def _type(a: Event, b: Event, shared_actor: bool) -> Check:
    if a.event_type == b.event_type:
        return "type", True, f"same type ({a.event_type})"
    pair = f"{a.event_type} vs {b.event_type}"
    for family in (VIOLENT, DEMONSTRATIONS):
        if {a.event_type, b.event_type} <= family and shared_actor:
            return "type", True, f"related types with a shared actor ({pair})"
    return "type", False, f"different type: {pair}"


def interval(report: Report) -> tuple[date, date] | None:
    """The days the report's date covers, or None when it cannot be merged on it."""
    event = report.event
    if not event.event_date or event.date_precision not in ("day", "week"):
        return None
    start = date.fromisoformat(event.event_date)
    return start, start + timedelta(days=6 if event.date_precision == "week" else 0)


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
    km = _distance(a, b)
    where = f"{a.location or a.admin1 or a.country} / {b.location or b.admin1 or b.country}"
    if km is not None and km > MERGE_KM:
        return "place", False, f"{km:.0f} km apart ({where})"
    if km is not None:
        return "place", True, f"{km:.0f} km apart ({where})"
    return "place", True, f"compatible places ({where})"


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
        return "actors", True, "no actor named on one side"
    one, other = _actor_key(a.actor1), _actor_key(b.actor1)
    if one and other and one != other and first != second:
        return "actors", False, f"different perpetrators: {one} vs {other}"
    if first & second:
        return "actors", True, "shared actor: " + ", ".join(sorted(first & second))
    return "actors", False, f"different actors: {_listed(first)} vs {_listed(second)}"


def _listed(names: Iterable[str]) -> str:
    return " / ".join(sorted(names))


# -- clustering and the merged event -------------------------------------------------------


def _seed_key(report: Report) -> tuple[int, bool, int, int, str, str]:
    """Most informative reports first: they seed the clusters."""
    event = report.event
    return (PRECISION_RANK.get(event.date_precision, 4), report.relative, event.geo_precision,
            -len(actor_names(event)), event.event_id, report.article_id)


def cluster(reports: list[Report]) -> list[list[Report]]:
    """Complete-linkage clusters, greedily in `_seed_key` order (independent of input order)."""
    groups: list[list[Report]] = []
    for report in sorted(reports, key=_seed_key):
        home = next((g for g in groups if all(agree(report, m) for m in g)), None)
        if home is None:
            groups.append([report])
        else:
            home.append(report)
    return groups


def _vote(values: list[str]) -> str | None:
    """The most common value; ties go to the first (values come in `_seed_key` order)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if counts.get(v) == top)


def ledger_event(members: list[Report], copies: list[Source]) -> Event:
    """One event from its reports (and the sources of their copies)."""
    ordered = sorted(members, key=_seed_key)
    event_id = min(r.event.event_id for r in members)
    event = replace(ordered[0].event, event_id=event_id)
    _set_type(event, ordered)
    _set_date(event, ordered)
    _set_place(event, ordered)
    _set_actors(event, ordered)
    claims = [replace(c, event_id=event_id) for r in _by_article(members) for c in r.event.claims]
    _set_figures(event, claims)
    _set_sources(event, members, copies)
    event.notes = events.notes(event)
    return event


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
    inters = sorted(filter(None, (event.inter1, event.inter2)))
    event.interaction = "-".join(inters) if event.inter1 else None


def _inter(ordered: list[Report], actor: str | None) -> str | None:
    for report in ordered:
        for name, inter in ((report.event.actor1, report.event.inter1),
                            (report.event.actor2, report.event.inter2)):
            if actor and name == actor:
                return inter
    return None


def _set_figures(event: Event, claims: list[Claim]) -> None:
    figures = reconcile(claims)
    event.fatalities = figures.fatalities
    event.fatalities_low = figures.fatalities_low
    event.fatalities_best = figures.fatalities_best
    event.fatalities_high = figures.fatalities_high
    event.injuries_low = figures.injuries_low
    event.injuries_high = figures.injuries_high
    event.contradictions = figures.contradictions
    event.contradiction = bool(figures.contradictions)
    event.claims = claims


def _set_sources(event: Event, members: list[Report], copies: list[Source]) -> None:
    own = {s.article_id: s for r in members for s in r.event.sources}
    everything = {**{s.article_id: s for s in copies}, **own}
    event.sources = sorted(everything.values(), key=lambda s: (s.published or "", s.article_id))
    event.num_articles = len(event.sources)
    event.num_sources = len({_outlet(s) for s in own.values()})


def _outlet(source: Source) -> str:
    name = _fold(source.original_publisher or source.publisher)
    return name or f"article {source.article_id}"


def span(members: list[Report]) -> tuple[str | None, str | None]:
    days = [d for r in members if (found := interval(r)) for d in found]
    if not days:
        return None, None
    return min(days).isoformat(), max(days).isoformat()


# -- the writer's part -------------------------------------------------------------------


def commit_analysis(store: Store, analysis: Analysis) -> int:
    """Save one analysis, mark copies, merge its reports into the ledger: one transaction.

    Returns the change in the number of ledger events."""
    article = analysis.article
    with store.transaction():
        before = store.counts()["events"]
        old = store.ledgers_with_article(article.article_id) if store.get_article(
            article.article_id) else []
        seeds = {lid: _ledger_reports(store, lid) for lid in old}
        store.write_analysis(analysis, with_events=False)
        minhash = signature(article.body)
        store.set_link_data(article.article_id, to_bytes(minhash),
                            encode_reports(reports_of(analysis)))
        change = syndicate(store, article, minhash)
        _relink(store, analysis, change, seeds)
        return store.counts()["events"] - before


def _ledger_reports(store: Store, event_id: str) -> list[Report]:
    keys = set(store.ledger_members(event_id))
    found: list[Report] = []
    for article_id in sorted({a for a, _ in keys}):
        found += [r for r in stored_reports(store, article_id) if r.key in keys]
    return found


def _relink(store: Store, analysis: Analysis, change: Syndication,
            seeds: dict[str, list[Report]]) -> None:
    new_id = analysis.article.article_id
    removed = {new_id} | change.became_copies
    for article_id in sorted(change.became_copies | {change.original or new_id} - {new_id}):
        for lid in store.ledgers_with_article(article_id):  # its sources change
            seeds.setdefault(lid, _ledger_reports(store, lid))
    for article_id in sorted(change.became_copies):
        store.set_claims_event([c.claim_id for c in store.claims(article_id)], None)
    start = [r for found in seeds.values() for r in found if r.article_id not in removed]
    if change.copy:
        store.set_claims_event([c.claim_id for c in store.claims(new_id)], None)
    else:
        start += reports_of(analysis)
    for article_id in sorted(change.became_originals):
        start += stored_reports(store, article_id)
    touched = set(seeds)
    component = _explore(store, start, touched)
    store.delete_events(sorted(touched))
    for members in cluster(component):
        _write_ledger(store, members)


def _explore(store: Store, start: list[Report], touched: set[str]) -> list[Report]:
    """The reports that can be merged with `start`, transitively (whole ledger events)."""
    component = {r.key: r for r in start}
    queue = list(start)
    while queue and len(component) < COMPONENT_CAP:
        report = queue.pop()
        days = interval(report)
        if days is None or not report.event.country:
            continue
        window = ((days[0] - timedelta(days=1)).isoformat(),
                  (days[1] + timedelta(days=1)).isoformat())
        for lid in store.ledgers_near(report.event.country, *window):
            members = [] if lid in touched else _ledger_reports(store, lid)
            if any(agree(report, m) for m in members):
                touched.add(lid)
                fresh = [m for m in members if m.key not in component]
                component |= {m.key: m for m in fresh}
                queue += fresh
    return list(component.values())


def _write_ledger(store: Store, members: list[Report]) -> None:
    copies = [_source(c) for aid in sorted({r.article_id for r in members})
              for c in store.copies_of(aid)]
    event = ledger_event(members, copies)
    owner = min(members, key=lambda r: r.event.event_id).article_id
    store.write_ledger_event(owner, event, sorted(r.key for r in members), span(members))
    store.set_claims_event([c.claim_id for c in event.claims], event.event_id)


def _source(a: Article) -> Source:
    return Source(a.article_id, a.url, a.publisher, a.original_publisher, a.published, a.title)


# -- explain ---------------------------------------------------------------------------------


def explain(store: Store, event_id: str) -> list[str] | None:
    """Why the reports of a ledger event were merged, and which nearby events were not."""
    event = store.event(event_id)
    if event is None:
        return _merged_into(store, event_id)
    members = sorted(_ledger_reports(store, event_id), key=_seed_key)
    lines = [f"{event_id}: {event.event_type} / {event.sub_event_type}, {event.event_date}, "
             f"{events._where(event) or 'no place'}; {event.num_articles} article(s), "
             f"{event.num_sources} independent source(s)"]
    if not members:
        return [*lines, "  saved without linking: one article, nothing merged"]
    lines += _member_lines(store, members)
    lines += _rejected_lines(store, event_id, members)
    return lines


def _merged_into(store: Store, event_id: str) -> list[str] | None:
    article_id = event_id and next((a for a in _articles_with_report(store, event_id)), None)
    if article_id is None:
        return None
    ledgers = store.ledgers_with_article(article_id)
    where = ", ".join(ledgers) or "no ledger event (the article is a syndicated copy)"
    return [f"{event_id}: the report of article {article_id}, merged into {where}"]


def _articles_with_report(store: Store, event_id: str) -> list[str]:
    return [a.article_id for a in store.articles()
            if any(r.event.event_id == event_id for r in stored_reports(store, a.article_id))]


def _member_lines(store: Store, members: list[Report]) -> list[str]:
    seed = members[0]
    lines = [f"  seed report {_describe(seed)}"]
    for report in members[1:]:
        agreed = "; ".join(why for _, _, why in compare(seed, report))
        lines.append(f"  merged {_describe(report)}: {agreed}")
    for aid in sorted({r.article_id for r in members}):
        for copy in store.copies_of(aid):
            why = store.syndication(copy.article_id) or f"copy of {aid}"
            lines.append(f"  copy {copy.article_id} ({copy.publisher or 'unknown publisher'}): "
                         f"{why}; not an independent source")
    return lines


def _describe(report: Report) -> str:
    source = report.event.sources[0] if report.event.sources else None
    outlet = source and (source.original_publisher or source.publisher) or "unknown publisher"
    title = source and source.title or ""
    return f"{report.article_id} ({outlet}{': ' + title[:70] if title else ''})"


def _rejected_lines(store: Store, event_id: str, members: list[Report]) -> list[str]:
    lines: list[str] = []
    for lid in _nearby(store, event_id, members):
        others = _ledger_reports(store, lid)
        reasons = sorted({why for m in members for o in others
                          for _, ok, why in compare(m, o) if not ok})
        if reasons:
            lines.append(f"  not merged with {lid}: " + "; ".join(reasons[:3]))
    return lines or ["  no other event nearby (same country, dates within 3 days)"]


def _nearby(store: Store, event_id: str, members: list[Report]) -> list[str]:
    found: set[str] = set()
    for report in members:
        days = interval(report)
        if days and report.event.country:
            found |= set(store.ledgers_near(report.event.country,
                                            (days[0] - timedelta(days=3)).isoformat(),
                                            (days[1] + timedelta(days=3)).isoformat()))
    return sorted(found - {event_id})
