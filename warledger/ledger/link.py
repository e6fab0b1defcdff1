"""Linking: syndicated copies, and one ledger event from many reports of it.

Runs in the writer (`pipeline.commit`), inside the transaction that saves the
document, so a crash never leaves half a merge; the workers stay pure.

`commit_analysis` saves one analysis, then
1. marks near-duplicate copies and their original (`warledger.ledger.syndication`);
2. re-clusters the connected component of reports that can agree with the new
   one (`_explore`, bounded by `COMPONENT_CAP`) into ledger events
   (`warledger.ledger.merge`), so a new article is merged without revisiting the rest.
An event an analyst reviewed (`warledger.ledger.review`) is pinned: never re-clustered,
joined or split; a new report of it becomes an event of its own.
Why a ledger event's reports were merged is told by `warledger.ledger.explain`.
"""

from __future__ import annotations

from datetime import timedelta

from warledger.ledger.merge import (
    Report,
    agree,
    cluster,
    encode_reports,
    interval,
    ledger_event,
    ledger_reports,
    provinces_near,
    reports_of,
    span,
    stored_reports,
)
from warledger.ledger.store import Store
from warledger.ledger.syndication import Syndication, signature, syndicate, to_bytes
from warledger.records import Analysis

COMPONENT_CAP = 500  # reports explored around a new one (a bound on the work per commit)


# -- the writer's part -------------------------------------------------------------------


def commit_analysis(store: Store, analysis: Analysis) -> int:
    """Save one analysis, mark copies, merge its reports into the ledger: one transaction.

    Returns the change in the number of ledger events."""
    article = analysis.article
    with store.transaction():
        stored = store.get_article(article.article_id) is not None
        old = _unpinned(store, store.ledgers_with_article(article.article_id)) if stored else []
        seeds = {lid: ledger_reports(store, lid) for lid in old}
        pinned = store.keep_pinned(article.article_id) if stored else []
        store.write_analysis(analysis, with_events=False)
        store.restore_pinned(pinned)  # an analyst's events outlive a re-save of their owner
        minhash = signature(article.body)
        store.set_link_data(article.article_id, to_bytes(minhash),
                            encode_reports(reports_of(analysis)))
        change = syndicate(store, article, minhash)
        return _relink(store, analysis, change, seeds)


def _relink(store: Store, analysis: Analysis, change: Syndication,
            seeds: dict[str, list[Report]]) -> int:
    """Re-cluster the reports the new article touches; the change in ledger events."""
    new_id = analysis.article.article_id
    removed = {new_id} | change.became_copies
    for article_id in sorted(change.became_copies | {change.original or new_id} - {new_id}):
        for lid in _unpinned(store, store.ledgers_with_article(article_id)):  # sources change
            seeds.setdefault(lid, ledger_reports(store, lid))
    pinned = store.pinned_reports({new_id} | change.became_copies | change.became_originals)
    for article_id in sorted(change.became_copies - {a for a, _ in pinned}):
        store.set_claims_event([c.claim_id for c in store.claims(article_id)], None)
    start = [r for found in seeds.values() for r in found if r.article_id not in removed]
    if change.copy:
        store.set_claims_event([c.claim_id for c in store.claims(new_id)], None)
    else:
        start += reports_of(analysis)
    for article_id in sorted(change.became_originals):
        start += stored_reports(store, article_id)
    start = [r for r in start if r.key not in pinned]  # an analyst's events keep theirs
    touched = set(seeds)
    component = _explore(store, start, touched)
    store.delete_events(sorted(touched))
    clusters = cluster(component)
    for members in clusters:
        _write_ledger(store, members)
    return len(clusters) - len(touched)


def _explore(store: Store, start: list[Report], touched: set[str]) -> list[Report]:
    """The reports that can be merged with `start`, transitively (whole ledger events)."""
    component = {r.key: r for r in start}
    queue = list(start)
    loaded: dict[str, list[Report]] = {}
    while queue and len(component) < COMPONENT_CAP:
        report = queue.pop()
        days = interval(report)
        if days is None or not report.event.country or not report.event.admin1:
            continue  # no date or no admin1: merges with nothing (merge._place)
        window = ((days[0] - timedelta(days=1)).isoformat(),
                  (days[1] + timedelta(days=1)).isoformat())
        near = [lid for admin1 in provinces_near(report.event)
                for lid in store.ledgers_near(report.event.country, *window, admin1)]
        for lid in _unpinned(store, near):
            if lid in touched:
                continue
            if lid not in loaded:
                loaded[lid] = ledger_reports(store, lid)
            members = loaded[lid]
            if any(agree(report, m) for m in members):
                touched.add(lid)
                fresh = [m for m in members if m.key not in component]
                component |= {m.key: m for m in fresh}
                queue += fresh
    return list(component.values())


def _unpinned(store: Store, event_ids: list[str]) -> list[str]:
    """The events no analyst reviewed: the only ones linking may rebuild."""
    pinned = store.pinned(event_ids)
    return [lid for lid in event_ids if lid not in pinned]


def _write_ledger(store: Store, members: list[Report]) -> None:
    copies = [c for aid in sorted({r.article_id for r in members})
              for c in store.copy_sources(aid)]
    event = ledger_event(members, copies)
    owner = min(members, key=lambda r: r.event.event_id).article_id
    store.write_ledger_event(owner, event, sorted(r.key for r in members), span(members))
    store.set_claims_event([c.claim_id for c in event.claims], event.event_id)
