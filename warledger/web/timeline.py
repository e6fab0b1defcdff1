"""The home page's timeline: events and fatalities per week (per month over a long
span), from the per-day totals of `Store.event_days`.

The chart is drawn in a viewBox ``BARS x HEIGHT`` units: events as bars rising in the
upper band, fatalities as bars hanging in the lower band, each scaled to its own
largest bar: events linearly, fatalities on a square-root scale (so that one large
toll does not flatten every other bar). Every bar carries its date range, which is
what the brush (static/map.js) and the no-script links set as the date filter.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

MAX_WEEKS = 520  # above this span the timeline counts per month
HEIGHT = 100.0  # the chart's height in its own units
BAND = 46.0  # the height of each band (events above, fatalities below)
GAP = HEIGHT - 2 * BAND  # between the bands


def parse_day(day: str | None) -> date | None:
    try:
        return date.fromisoformat((day or "")[:10])
    except ValueError:
        return None


def chart(days: Iterable[tuple[str, int, int]]) -> dict[str, Any]:
    """The chart of (day, events, fatalities) totals: its bars, unit ("week" or
    "month"), width, largest counts and first and last days."""
    totals = [(d, n, dead) for day, n, dead in days if (d := parse_day(day)) is not None]
    if not totals:
        return {"bars": [], "unit": "week", "width": 0, "height": HEIGHT}
    first, last = min(d for d, _, _ in totals), max(d for d, _, _ in totals)
    monthly = (_monday(last) - _monday(first)).days // 7 > MAX_WEEKS
    start, step, unit = (_month, _next_month, "month") if monthly else (_monday, _next_week,
                                                                        "week")
    sums: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day, n, dead in totals:
        sums[start(day)][0] += n
        sums[start(day)][1] += dead
    slots = _slots(start(first), start(last), step)
    return _bars(slots, sums, step, unit)


def _bars(slots: list[date], sums: dict[date, list[int]], step: Callable[[date], date],
          unit: str) -> dict[str, Any]:
    most_n = max(n for n, _ in sums.values())
    most_dead = max(dead for _, dead in sums.values())
    top_n, top_dead = max(most_n, 1), max(most_dead, 1)
    bars = []
    for i, since in enumerate(slots):
        n, dead = sums.get(since, (0, 0))
        until = step(since) - timedelta(days=1)
        eh, fh = round(BAND * n / top_n, 3), round(BAND * math.sqrt(dead / top_dead), 3)
        bars.append({
            "x": i, "count": n, "fatalities": dead, "since": since.isoformat(),
            "until": until.isoformat(), "y": round(BAND - eh, 3), "h": eh,
            "fy": BAND + GAP, "fh": fh,
            "label": f"{unit} of {since.isoformat()}: {n} event{'s' if n != 1 else ''}, "
                     f"{dead} fatalit{'ies' if dead != 1 else 'y'}",
        })
    return {"bars": bars, "unit": unit, "width": len(bars), "height": HEIGHT,
            "max_events": most_n, "max_fatalities": most_dead,
            "first": bars[0]["since"], "last": bars[-1]["until"]}


def _slots(first: date, last: date, step: Callable[[date], date]) -> list[date]:
    slots = [first]
    while slots[-1] < last:
        slots.append(step(slots[-1]))
    return slots


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _next_week(day: date) -> date:
    return day + timedelta(weeks=1)


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
