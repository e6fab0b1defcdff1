"""What the HTML pages show, computed from records: filters, event types (the map and
the timeline are in `warledger.web.mapdata` and `warledger.web.timeline`).

Everything here returns plain values (strings, numbers); the templates escape them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from warledger.ledger import query
from warledger.ledger.query import EVENT_TYPES
from warledger.records import EventFilter

LIST_KEYS = ("sort", "order")  # besides the criteria: how the list is ordered
TYPE_CLASS = dict(zip(EVENT_TYPES, ("battles", "explosions", "vac", "protests", "riots",
                                    "strategic"), strict=True))


def parse_filter(params: Mapping[str, str],
                 limit: int | None = None) -> tuple[EventFilter, list[str]]:
    """The page's event filter from its query parameters (the criteria, sort and order;
    values trimmed, empty ones dropped; `limit` events at most), and one line for each
    value that cannot be used (`warledger.ledger.query.problems`): never ignored."""
    values: dict[str, Any] = {key: (params.get(key) or "").strip() or None
                              for key in (*EventFilter().criteria(), *LIST_KEYS)}
    where = EventFilter(**values, limit=limit)
    return where, query.problems(where)


def parse_offset(value: str | None) -> tuple[int, list[str]]:
    """The list's first row from the ``offset`` parameter (0 without it), and the error
    of one that is no whole number from 0 up."""
    text = (value or "").strip()
    if not text:
        return 0, []
    if not text.isdigit() or not text.isascii():
        return 0, [f"offset: {text[:40]!r} is not a whole number from 0 up"]
    return int(text), []


def filter_query(where: EventFilter, **extra: Any) -> str:
    """The filter's criteria (and extra parameters) as a URL query string, empty values
    left out."""
    items = {**where.criteria(), **extra}
    return urlencode({k: v for k, v in items.items() if v not in (None, "")})


def list_query(where: EventFilter, **extra: Any) -> str:
    """`filter_query` with the list's sort and order (for its pages and headers)."""
    return filter_query(where, **{key: getattr(where, key) for key in LIST_KEYS}, **extra)


def sort_link(where: EventFilter, column: str) -> dict[str, str]:
    """A list header's link: sort by `column`, ascending, or descending when it is the
    sort already; `aria` the header's aria-sort value."""
    current = where.sort or "event_date"
    descending = where.order == "desc"
    order = "desc" if current == column and not descending else "asc"
    aria = ("descending" if descending else "ascending") if current == column else "none"
    return {"href": "/?" + filter_query(where, sort=column, order=order), "aria": aria}


def type_class(event_type: str) -> str:
    return TYPE_CLASS.get(event_type, "other")
