"""Explain: why the reports of a ledger event were merged, and which nearby events were not.

Reads the store (the reports each ledger event was merged from, and the copies of its
articles) and writes lines of text for `warledger explain EVENT_ID`.
"""

from __future__ import annotations

from datetime import timedelta

from warledger.events.build import where
from warledger.ledger.merge import (
    Report,
    compare,
    interval,
    ledger_reports,
    seed_key,
    stored_reports,
)
from warledger.ledger.store import Store
from warledger.ledger.syndication import why_copy

NEARBY_DAYS = 3  # ledger events this close in time, in the same country, are shown as not merged


def explain(store: Store, event_id: str) -> list[str] | None:
    """Why the reports of a ledger event were merged, and which nearby events were not."""
    event = store.event(event_id)
    if event is None:
        return _merged_into(store, event_id)
    members = sorted(ledger_reports(store, event_id), key=seed_key)
    lines = [f"{event_id}: {event.event_type} / {event.sub_event_type}, {event.event_date}, "
             f"{where(event) or 'no place'}; {event.num_articles} article(s), "
             f"{event.num_sources} independent source(s)"]
    if not members:
        return [*lines, "  saved without linking: one article, nothing merged"]
    lines += _member_lines(store, members)
    lines += _rejected_lines(store, event_id, members)
    return lines + _review_lines(store, event_id)


def _review_lines(store: Store, event_id: str) -> list[str]:
    """An analyst's decisions on the event: it is pinned (linking leaves it as it is)."""
    found = store.reviews(event_id)
    if not found:
        return []
    lines = ["  reviewed (pinned: a later run or report never re-merges, joins or splits it):"]
    for r in found:
        change = f" {r.field}: {r.old_value} -> {r.new_value}" if r.field else ""
        other = f" (with {r.other_event_id})" if r.other_event_id else ""
        lines.append(f"    {r.created_at} {r.reviewer}: {r.action}{change}{other}; {r.reason}")
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
            why = why_copy(store, copy)
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
        others = ledger_reports(store, lid)
        reasons = sorted({why for m in members for o in others
                          for _, ok, why in compare(m, o) if not ok})
        if reasons:
            lines.append(f"  not merged with {lid}: " + "; ".join(reasons[:3]))
    return lines or [f"  no other event nearby (same country, dates within {NEARBY_DAYS} days)"]


def _nearby(store: Store, event_id: str, members: list[Report]) -> list[str]:
    found: set[str] = set()
    for report in members:
        days = interval(report)
        if days and report.event.country:
            found |= set(store.ledgers_near(report.event.country,
                                            (days[0] - timedelta(days=NEARBY_DAYS)).isoformat(),
                                            (days[1] + timedelta(days=NEARBY_DAYS)).isoformat()))
    return sorted(found - {event_id})
