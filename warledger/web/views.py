"""What the HTML pages show, computed from records: filters, event types (the map and
the timeline are in `warledger.web.mapdata` and `warledger.web.timeline`).

Everything here returns plain values (strings, numbers); the templates escape them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from warledger.records import EventFilter

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
TYPE_CLASS = dict(zip(EVENT_TYPES, ("battles", "explosions", "vac", "protests", "riots",
                                    "strategic"), strict=True))


def parse_filter(params: Mapping[str, str], limit: int | None = None) -> EventFilter:
    """The page's event filter from its query parameters: the criteria trimmed (at most
    200 characters), empty values and malformed dates dropped; `limit` events at most."""
    values: dict[str, Any] = {key: (params.get(key) or "").strip()[:200] or None
                              for key in EventFilter().criteria()}
    for key in ("since", "until"):
        if values[key] and not DATE_RE.match(values[key] or ""):
            values[key] = None
    return EventFilter(**values, limit=limit)


def filter_query(where: EventFilter, **extra: Any) -> str:
    """The filter's criteria (and extra parameters) as a URL query string, empty values
    left out."""
    items = {**where.criteria(), **extra}
    return urlencode({k: v for k, v in items.items() if v not in (None, "")})


def type_class(event_type: str) -> str:
    return TYPE_CLASS.get(event_type, "other")
