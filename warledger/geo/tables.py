"""The gazetteer's tables under typed names; their data is warledger/data/gazetteer.json.

Every table is typed-in data (from GeoNames, ACLED, AP style), so all of it lives in that
one file (its `_about` says what each table holds): a coordinate, a country's alias or
an admin1 spelling is corrected there without touching code, and the gazetteer's cache
(`gazetteer.cache_path`) is keyed on it. Modules import the tables from here, never
index the JSON themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).parents[1] / "data" / "gazetteer.json"


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PATH.read_text(encoding="utf-8"))
    return data


TABLES = _load()
# [lat, lng] typed in where the centre of the cities is far off the area's own point.
COUNTRY_COORDS: dict[str, list[float]] = TABLES["country_coords"]  # ISO alpha-2 -> point
ADMIN1_COORDS: dict[str, list[float]] = TABLES["admin1_coords"]  # ISO 3166-2 -> point
ADMIN1_NAMES: dict[str, str] = TABLES["admin1_names"]  # ISO 3166-2 -> ACLED / English name
# First-level regions whose second-level areas ACLED treats as admin1 (Iraqi Kurdistan).
ADMIN1_REGIONS: set[str] = set(TABLES["admin1_regions"])
DEMONYMS: dict[str, str] = TABLES["demonyms"]  # syrian -> SY
PLURAL_DEMONYMS: set[str] = set(TABLES["plural_demonyms"])  # swiss, chinese
# Short common names where the data's first name is the formal one (ISO alpha-2 -> name).
COUNTRY_NAMES: dict[str, str] = TABLES["country_names"]
# Extra names the data lacks; the all-caps ones are matched case-sensitively by callers.
COUNTRY_ALIASES: dict[str, list[str]] = TABLES["country_aliases"]
# Names in the news for places GeoNames knows under another name (folded -> folded).
PLACE_ALIASES: dict[str, str] = TABLES["place_aliases"]
# Country abbreviations -> ISO alpha-2, matched case-sensitively: 'US', 'U.K.', 'UAE'.
ABBREVIATIONS: dict[str, str] = TABLES["abbreviations"]
# Continents (GeoNames CONT coordinates), in index order: name -> (lat, lng).
CONTINENTS: dict[str, tuple[float, float]] = {
    name: (point[0], point[1]) for name, point in TABLES["continents"].items()}
# AP-style US state abbreviations -> USPS code, matched case-sensitively: 'Va.' -> VA.
US_STATES: dict[str, str] = TABLES["us_states"]
# Folded name -> folded names of the countries sharing it with a first-level area: 'Georgia'.
ADMIN1_NAMESAKES: dict[str, set[str]] = {
    name: set(countries) for name, countries in TABLES["admin1_namesakes"].items()}
