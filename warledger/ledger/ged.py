"""UCDP GED's format: an event as one row of the Georeferenced Event Dataset's columns.

`GED_COLUMNS` are GED's own names, in GED's order, for what warledger knows (GED's
conflict, dyad and actor ids, `priogrid_gid`, `country_id`, `event_clarity` and the
Gleditsch-Ward numbers are UCDP's own and left out). The rules:

- Only what GED codes: organised violence with at least one death. Events of the
  types in `VIOLENCE_TYPES` with `best` >= 1; protests, riots and strategic
  developments are left out.
- `type_of_violence`: 3 (one-sided) when civilians are a side or the type is Violence
  against civilians; 1 (state-based) when state or external forces are a side; 2
  (non-state) between two other actors; a lone actor of any kind: 3 (GED has no state-based
  row without a second side; its victims are coded Civilians).
- `side_a`: the government side in state-based violence, the perpetrator in one-sided
  violence ("Civilians" is then `side_b`); else actor 1.
- Deaths by side: each victim group of the event's claims (`reconcile.victim_groups`)
  counts its smallest credible figure (the same figures as ACLED's `fatalities`) for
  the side its subject names: civilians, state forces or militants (`estimates.side`),
  matched to side A or B by the sides' actor types; a group of no known side counts as
  unknown. When warledger's best estimate (`fatalities_best`) is larger than their sum,
  the difference is `deaths_unknown`. `best` is the sum of the four deaths columns, as
  UCDP defines it; `low` and `high` are warledger's, widened to hold `best`.
- `where_prec` from ACLED's geo precision: 1 -> 1 (the place), 2 -> 2 (near it), 3 -> 4
  (the province) or 6 (the country, with no province); `date_prec`: day 1, week 3,
  month 4, year 5. `date_start`/`date_end`: the days the event date covers.
- `id`: the number `event_id_cnty` also uses (`acled.event_number`); `relid`: warledger's
  `event_id`. Sources: `number_of_sources` distinct original publishers,
  `source_article` the URLs, `source_office` the outlets, `source_date` the
  publication dates, `source_headline` the titles, each list joined by "; ".
- `region`: UCDP's five regions, from the country (Gleditsch-Ward ranges: North Africa
  west of Egypt is Africa, Egypt to Iran the Middle East, the Caucasus Europe).
"""

from __future__ import annotations

from typing import Any

from warledger.events.estimates import estimates, own_totals, side, stated_value
from warledger.events.reconcile import death_claims, victim_groups
from warledger.ledger.acled import country_facts, event_number, period, publishers
from warledger.records import Claim, Event

GED_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "type_of_violence", "side_a", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "geom_wkt", "country", "region", "date_prec", "date_start", "date_end", "deaths_a",
    "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)  # fmt: skip
GED_INT_COLUMNS: frozenset[str] = frozenset({
    "id", "year", "type_of_violence", "number_of_sources", "where_prec", "date_prec",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"})
GED_FLOAT_COLUMNS: frozenset[str] = frozenset({"latitude", "longitude"})

VIOLENCE_TYPES = frozenset({"Battles", "Explosions/Remote violence",
                            "Violence against civilians"})
STATE_TYPES = ("State forces", "External/Other forces")
CIVILIANS = "Civilians"
WHERE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 4}
DATE_PREC: dict[str, int] = {"day": 1, "week": 3, "month": 4, "year": 5}
GED_REGIONS: dict[str, str] = {  # UN M49 subregion -> UCDP region
    **dict.fromkeys(("Northern Africa", "Western Africa", "Middle Africa", "Eastern Africa",
                     "Southern Africa"), "Africa"),
    **dict.fromkeys(("Northern America", "Central America", "Caribbean", "South America"),
                    "Americas"),
    **dict.fromkeys(("Eastern Europe", "Northern Europe", "Southern Europe",
                     "Western Europe"), "Europe"),
    **dict.fromkeys(("Southern Asia", "Central Asia", "Eastern Asia", "Southeast Asia",
                     "South-eastern Asia", "Australasia", "Melanesia", "Micronesian Region",
                     "Polynesia"), "Asia"),
    "Western Asia": "Middle East",
}
GED_REGION_EXCEPTIONS: dict[str, str] = {
    "EGY": "Middle East", "IRN": "Middle East", "ARM": "Europe", "AZE": "Europe",
    "GEO": "Europe", "CYP": "Europe"}
SIDE_OF_TYPES: dict[str, tuple[str, ...]] = {  # estimates.side -> the actor types it names
    "state": STATE_TYPES,
    "militant": ("Rebel group", "Political militia", "Identity militia"),
}


def ged_row(event: Event) -> dict[str, Any] | None:
    """The event as one GED row, or None when GED would not code it."""
    violence = type_of_violence(event)
    if violence is None:
        return None
    side_a, side_b, inter_a, inter_b = sides(event, violence)
    deaths = deaths_by_side(event, inter_a, inter_b)
    best = sum(deaths.values())
    if best < 1:
        return None
    start, end = period(event.event_date, event.date_precision)
    return {
        "id": event_number(event.event_id), "relid": event.event_id,
        "year": int(start[:4]) if start else None, "type_of_violence": violence,
        "side_a": side_a, "side_b": side_b, **_sources(event), **_where(event),
        "date_prec": DATE_PREC[event.date_precision], "date_start": start, "date_end": end,
        **deaths, "best": best,
        "high": max(best, event.fatalities_high or 0),
        "low": min(best, event.fatalities_low if event.fatalities_low is not None else best),
    }


def type_of_violence(event: Event) -> int | None:
    """GED's type: 1 state-based, 2 non-state, 3 one-sided (None: not GED's)."""
    if event.event_type not in VIOLENCE_TYPES:
        return None
    types = [t for t in (event.inter1, event.inter2) if t]
    if CIVILIANS in types or event.event_type == "Violence against civilians" or len(types) < 2:
        return 3  # a lone actor too: GED has no state-based row without a second side
    return 1 if any(t in STATE_TYPES for t in types) else 2


def sides(event: Event, violence: int) -> tuple[str, str, str | None, str | None]:
    """(side_a, side_b, their actor types): the government or the perpetrator first."""
    pairs = [(event.actor1, event.inter1), (event.actor2, event.inter2)]
    if violence == 3:
        perpetrators = [p for p in pairs if p[0] and p[1] != CIVILIANS] or [(None, None)]
        name, inter = perpetrators[0]
        return name or "", CIVILIANS, inter, CIVILIANS
    if pairs[1][1] in STATE_TYPES and pairs[0][1] not in STATE_TYPES:
        pairs.reverse()
    (a, inter_a), (b, inter_b) = pairs
    return a or "", b or "", inter_a, inter_b


def deaths_by_side(event: Event, inter_a: str | None, inter_b: str | None) -> dict[str, int]:
    """deaths_a, deaths_b, deaths_civilians, deaths_unknown (see the module docstring)."""
    deaths = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for group in _victim_groups(event.claims):
        deaths[_column(side(group[0]), inter_a, inter_b)] += min(
            stated_value(c) for c in own_totals(group))
    counted = sum(deaths.values())
    deaths["deaths_unknown"] += max(0, (event.fatalities_best or event.fatalities) - counted)
    return deaths


def _victim_groups(claims: list[Claim]) -> list[list[Claim]]:
    return [group for g in victim_groups(death_claims(claims)) if (group := estimates(g))]


def _column(victims: str | None, inter_a: str | None, inter_b: str | None) -> str:
    if victims == "civilian":
        return "deaths_civilians"
    types = SIDE_OF_TYPES.get(victims or "", ())
    if inter_a in types and inter_b not in types:
        return "deaths_a"
    if inter_b in types and inter_a not in types:
        return "deaths_b"
    return "deaths_unknown"


def _sources(event: Event) -> dict[str, Any]:
    def joined(values: list[str | None]) -> str:
        return "; ".join(v for v in values if v)

    return {
        "number_of_sources": event.num_sources,
        "source_article": joined([s.url for s in event.sources]),
        "source_office": "; ".join(publishers(event.sources)),
        "source_date": joined(list(dict.fromkeys(s.published for s in event.sources))),
        "source_headline": joined([s.title for s in event.sources]),
    }


def _where(event: Event) -> dict[str, Any]:
    located = event.latitude is not None and event.longitude is not None
    precision = WHERE_PREC.get(event.geo_precision, 4)
    if precision == 4 and not event.admin1:
        precision = 6
    places = [event.location, event.admin2, event.admin1, event.country]
    return {
        "where_prec": precision,
        "where_coordinates": event.location or event.admin1 or event.country,
        "where_description": ", ".join(dict.fromkeys(p for p in places if p)),
        "adm_1": event.admin1, "adm_2": event.admin2,
        "latitude": event.latitude, "longitude": event.longitude,
        "geom_wkt": f"POINT ({event.longitude} {event.latitude})" if located else None,
        "country": event.country, "region": ged_region(event.iso3),
    }


def ged_region(iso3: str | None) -> str | None:
    """UCDP's region of a country (None when unknown)."""
    if iso3 in GED_REGION_EXCEPTIONS:
        return GED_REGION_EXCEPTIONS[iso3]
    return GED_REGIONS.get(country_facts(iso3)[1] or "")
