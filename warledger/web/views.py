"""What the HTML pages show, computed from records: filters, map markers, timeline.

Everything here returns plain values (strings, numbers); the templates escape them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from warledger.ledger import query
from warledger.ledger.query import EVENT_TYPES
from warledger.records import Event, EventFilter
from warledger.web import mapdata

LIST_KEYS = ("sort", "order")  # besides the criteria: how the list is ordered
TYPE_CLASS = dict(zip(EVENT_TYPES, ("battles", "explosions", "vac", "protests", "riots",
                                    "strategic"), strict=True))
MAP_HEIGHT_PX = 480  # the map's drawn height, for marker sizes in map units
MAX_WEEKS = 520  # above this span the timeline counts per month


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


def located(events: Sequence[Event]) -> list[Event]:
    return [e for e in events if e.latitude is not None and e.longitude is not None]


def map_context(events: Sequence[Event]) -> dict[str, Any]:
    """The map of these events: viewBox, country paths and markers (projected)."""
    placed = located(events)
    view = mapdata.view_for([(e.longitude or 0.0, e.latitude or 0.0) for e in placed])
    unit = (view.north - view.south) / MAP_HEIGHT_PX
    markers = [_marker(event, view, unit) for event in placed]
    markers.sort(key=lambda m: -m["r"])  # small markers drawn last, on top
    return {
        "viewbox": view.viewbox(),
        "countries": mapdata.country_paths(view),
        "markers": markers,
        "unplaced": len(events) - len(placed),
        "stroke": round(unit, 4),
    }


def _marker(event: Event, view: mapdata.View, unit: float) -> dict[str, Any]:
    x, y = view.project(event.longitude or 0.0, event.latitude or 0.0)
    radius = (4 + 2.5 * math.sqrt(max(event.fatalities, 0))) * unit
    label = (f"{event.event_date or 'undated'}: {event.event_type}, {event.location or '?'} "
             f"({event.fatalities} fatalities)")
    return {"x": x, "y": y, "r": round(radius, 4), "cls": type_class(event.event_type),
            "id": event.event_id, "label": label}


def parse_day(day: str | None) -> date | None:
    try:
        return date.fromisoformat((day or "")[:10])
    except ValueError:
        return None


def timeline(events: Sequence[Event]) -> dict[str, Any]:
    """Bars of events per week (per month over a long span), from first to last."""
    days = [d for d in (parse_day(e.event_date) for e in events) if d is not None]
    if not days:
        return {"bars": [], "unit": "week", "width": 0, "height": 0}
    weeks = [d - timedelta(days=d.weekday()) for d in days]
    first, last = min(weeks), max(weeks)
    if (last - first).days // 7 > MAX_WEEKS:
        return _monthly(days)
    counts = Counter(weeks)
    slots = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    bars = [_bar(i, day, day + timedelta(days=6), counts[day], "week of")
            for i, day in enumerate(slots)]
    return _chart(bars, "week")


def _monthly(days: list[date]) -> dict[str, Any]:
    counts = Counter((d.year, d.month) for d in days)
    (y0, m0), (y1, m1) = min(counts), max(counts)
    bars = []
    for i in range((y1 - y0) * 12 + m1 - m0 + 1):
        year, month = y0 + (m0 - 1 + i) // 12, (m0 - 1 + i) % 12 + 1
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        bars.append(_bar(i, start, end, counts[(year, month)], "month of"))
    return _chart(bars, "month")


def _bar(index: int, start: date, end: date, count: int, prefix: str) -> dict[str, Any]:
    label = f"{prefix} {start.isoformat()}: {count} event{'s' if count != 1 else ''}"
    return {"x": index, "count": count, "since": start.isoformat(),
            "until": end.isoformat(), "label": label}


def _chart(bars: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    height = max(bar["count"] for bar in bars)
    for bar in bars:
        bar["y"] = height - bar["count"]
    return {"bars": bars, "unit": unit, "width": len(bars), "height": height,
            "first": bars[0]["since"], "last": bars[-1]["until"]}
