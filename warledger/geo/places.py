"""Places stage: toponyms in the text (`warledger.geo.toponyms`), resolved on GeoNames
(`warledger.geo.gazetteer`).

Resolution is per document: every mention of a surface gets the same place;
countries named in the text (and adjectives like "Syrian") give a prior, then the
countries and admin areas of the other places, then population. These rules resolve
every surface once to give the document's context; then the learned ranker
(`warledger.geo.ranker`, when its model ships) chooses, beside the names the learned
detector (`warledger.geo.detector`) adds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from spacy.tokens import Doc

from warledger.geo import detector, gazetteer, ranker
from warledger.geo.distance import distance_km, distances_km
from warledger.geo.gazetteer import FUZZY_CUTOFF, Candidate, fold
from warledger.geo.tables import ADMIN1_NAMESAKES, DEMONYMS
from warledger.geo.toponyms import (
    AFTER_DISTRICT,
    AFTER_DISTRICT_WINDOW,
    Key,
    Toponym,
    is_demonym,
    narrow,
    toponym_spans,
)
from warledger.geo.words import ADMIN1_WORDS, ADMIN2_WORDS
from warledger.records import Article, PlaceMention

# Resolution (`_score`): what a candidate's score is made of.
SIMILARITY_WEIGHT = 3.0  # times the name similarity (0-1)
POPULATION_SCALE = 6.0  # log10(population) / this: the population prior
# log10(1 + population / divisor): admin areas count for less than their cities, countries more
POPULATION_DIVISORS = {"ADM1": 20, "ADM2": 50, "ADM3": 50, "PCLI": 0.1}
COUNTRY_WEIGHT = 0.4  # weight of the document's country support
ADMIN1_WEIGHT = 0.6  # weight of the document's admin1 support
# A place in a country the rest of the document never names or places anything in, when
# it is about another country (its best-supported one has at least HOME_SUPPORT): the
# 'Palmyra' of a Syria story is not in Pennsylvania ('Paris, France' still is).
FOREIGN_PENALTY = 1.0
# ... and a place abroad smaller than this (a village, a district) that nothing else in the
# text supports is no candidate at all: its name is most likely another place's namesake
# (chosen on LGL and GeoVirus: 10,000 removes 16 wrong choices of 18)
FOREIGN_TOWN_MIN = 10_000
CITY_MIN = 100_000  # a city this big, spelled another way, is still the city
HOME_SUPPORT = 1.0
WITHIN_BONUS = 2.0  # 'Richmond, Va.': a candidate in the area or country named after it ...
WITHIN_PENALTY = 1.0  # ... and one outside it
COUNTRY_NAME_BONUS = 2.0  # an exact country or continent name: 'Egypt' is the country
HINT_BONUS = 1.5  # the feature a keyword asks for ('Idlib province': ADM1) ...
HINT_PENALTY = 0.5  # ... and any other
ADMIN_AREA_PENALTY = 0.5  # an ADM2/ADM3 with no keyword: 'Washington' is rarely the county
FUZZY_CUTOFF_WITH_EXACT = 0.84  # spelling variants next to exact matches need to be closer
CONFIDENCE_FLOOR = 0.6  # confidence = similarity * (floor + span * margin over the runner-up)
CONFIDENCE_SPAN = 0.4
DEMONYM_SUPPORT = 0.5  # country support of a demonym in the text ('Syrian')
# The event's place (`best_event_place`): the support of an admin1 area, per mention.
LOCATIVE_WEIGHT = 1.5  # a mention after near/in/at/outside/of (else 1.0)
METONYM_WEIGHT = 0.2  # 'Damascus denied': the name of a government
REFERENCE_WEIGHT = 0.3  # 'east of Damascus', 'a suburb of Damascus': a point to place another
LEDE_BONUS = 2.0  # a mention in the lede sentence
HEADLINE_BONUS = 2.0  # an area with a place named in the headline (once per area) ...
FIRST_HEADLINE_BONUS = 2.5  # ... the area of the place named first there
COUNTRY_VOTE = 0.5  # a country's name or demonym votes for the main country (a place: 1.0)
LOCATIVE_WINDOW = 30  # characters before a place searched for a locative preposition
METONYM_WINDOW = 40  # characters before a place searched for METONYM_BEFORE
Options = dict[Key, list[tuple[Candidate, float]]]
Area = tuple[str, str]  # country code, folded admin1 name


@dataclass
class Context:
    """Document-level priors: how often each country and admin1 is supported, by surface."""

    countries: dict[str, float]
    admin1: dict[str, float]
    own: dict[Key, dict[str, float]]  # what each surface itself contributed
    local: set[Key] = field(default_factory=set)  # surfaces used like a town's name
    points: dict[Key, tuple[float, float]] = field(default_factory=dict)  # first-pass places
    area_country: dict[str, str] = field(default_factory=dict)  # admin1 -> its country code
    # Where each surface could be (`_reach`): the areas of its candidates, and their points
    areas: dict[Key, set[Area]] = field(default_factory=dict)
    spots: dict[Key, list[tuple[float, float]]] = field(default_factory=dict)

    def area_reach(self, key: Key, area: Area) -> float:
        """How well the other surfaces could lie in `area`: each counts the share of its
        candidates' areas that is this one ('Pineville' and 'Rapides' can both be in
        Louisiana, so the story's 'Alexandria' most likely is; a 'Washington' with
        candidates in every state says little), averaged over them."""
        mine = self.areas.get(key)
        others = len(self.areas) - (mine is not None)
        own = 1 / len(mine) if mine and area in mine else 0.0
        return (self._area_weights.get(area, 0.0) - own) / others if others else 0.0

    def near_reach(self, key: Key, cands: list[tuple[Candidate, float]]) -> list[float]:
        """For each candidate, the same over the other surfaces with some candidate within
        NEAR_KM of it (each weighted by one over its number of areas)."""
        keys, points, starts, weights = self._spread
        others = len(keys) - (key in self.spots)
        if not others:
            return [0.0] * len(cands)
        near = distances_km(np.array([c.lat for c, _ in cands], dtype=float),
                            np.array([c.lng for c, _ in cands], dtype=float),
                            points[:, 0], points[:, 1]) <= NEAR_KM
        mine = np.array([k != key for k in keys])
        reached = np.maximum.reduceat(near, starts, axis=1) @ (weights * mine)
        return [float(n) / others for n in reached]

    @cached_property
    def _area_weights(self) -> dict[Area, float]:
        """Each area's share summed over all surfaces (read once `_reach` is done)."""
        out: dict[Area, float] = {}
        for areas in self.areas.values():
            for area in areas:
                out[area] = out.get(area, 0.0) + 1 / len(areas)
        return out

    @cached_property
    def _spread(self) -> tuple[list[Key], np.ndarray, np.ndarray, np.ndarray]:
        """Every surface's candidate points side by side, where each surface's begin, and
        its weight (one over its number of areas), built once per document."""
        keys = list(self.spots)
        points = np.array([p for k in keys for p in self.spots[k]], dtype=float).reshape(-1, 2)
        starts = np.cumsum([0] + [len(self.spots[k]) for k in keys[:-1]])
        weights = np.array([1.0 / len(self.areas[k]) for k in keys])
        return keys, points, starts, weights

    def country_share(self, key: Key, code: str) -> float:
        return _share(self.countries, self.own.get(key), code)

    def has_home(self, key: Key) -> bool:
        """Whether the other surfaces place the document in a country."""
        own = self.own.get(key) or {}
        return any(v - own.get(c, 0) >= HOME_SUPPORT for c, v in self.countries.items())

    def admin1_share(self, key: Key, name: str) -> float:
        return _share(self.admin1, self.own.get(key), name)


def _share(counts: dict[str, float], own: dict[str, float] | None, item: str) -> float:
    """Support of `item` from the other surfaces, relative to the best-supported item."""
    top = max(counts.values(), default=0)
    value = counts.get(item, 0) - (own or {}).get(item, 0)
    return max(0.0, value / top) if top else 0.0


def find_places(article: Article, doc: Doc) -> list[PlaceMention]:
    """Resolved place mentions of one article, in text order: the rules' first pass gives
    the document's context, then the learned ranker (`warledger.geo.ranker`, when its
    model ships) or the rules again choose every surface's place."""
    toponyms, options, context = resolution_inputs(article, doc)
    shipped = ranker.load()
    if shipped is None:
        choice = resolve(options, context)
    else:
        toponyms = sorted(toponyms + detected(article, doc, toponyms, options, context, shipped),
                          key=lambda t: t.start)
        choice = rank(options, context, shipped.ranker)
    return [_mention(article, t, *choice[t.key]) for t in toponyms if t.key in choice]


def detected(article: Article, doc: Doc, toponyms: list[Toponym], options: Options,
             context: Context, shipped: ranker.Shipped) -> list[Toponym]:
    """Gazetteer names beside NER that the detector keeps, their candidates added to
    `options`."""
    known = {t.key[0] for t in toponyms if t.key in options}
    found = detector.detect(article.text, doc, toponyms, context, known, shipped.detector,
                            shipped.threshold)
    for t in found:
        options[t.key] = options.get(t.key) or candidates(t)
    return [t for t in found if options[t.key]]


def resolution_inputs(article: Article, doc: Doc) -> tuple[list[Toponym], Options, Context]:
    """What the second resolution pass reads: the toponyms, their candidates and the
    context refined by the rules' first pass (for `rank` and its training)."""
    toponyms = toponym_spans(article, doc)
    if not toponyms:
        return [], {}, Context({}, {}, {})
    gaz = gazetteer.load()
    options = {t.key: _candidates(gaz, t) for t in toponyms}
    _place_within(article.text, toponyms, options)
    options = {t.key: options.get(t.key) or _candidates(gaz, t) for t in toponyms}
    toponyms = [_narrowed(article.text, t, options) for t in toponyms]
    options = {k: v for k, v in options.items() if v}
    context = _initial_context(article.nlp_text, toponyms, options)
    context = _refine_context(context, toponyms, resolve(options, context))
    _reach(context, toponyms, options)
    return toponyms, options, context


def _reach(context: Context, toponyms: list[Toponym], options: Options) -> None:
    """Record where every surface (not a demonym) could be: its candidates' areas and
    points."""
    for t in toponyms:
        if t.demonym or t.key not in options:
            continue
        cands = [c for c, _ in options[t.key]]
        context.areas[t.key] = {_area(c) for c in cands}
        context.spots[t.key] = [(c.lat, c.lng) for c in cands]


def _area(cand: Candidate) -> Area:
    return (cand.country_code or "",
            fold(cand.name if cand.feature_code == "ADM1" else cand.admin1 or ""))


def _narrowed(text: str, top: Toponym, options: Options) -> Toponym:
    """A toponym with no candidates, narrowed to the place inside it (`toponyms.narrow`)."""
    if options.get(top.key) or top.demonym:
        return top
    inner = narrow(top, text)
    if inner is None:
        return top
    options[inner.key] = options.get(inner.key) or _candidates(gazetteer.load(), inner)
    return inner


def candidates(top: Toponym) -> list[tuple[Candidate, float]]:
    """Exact and fuzzy gazetteer matches of a toponym's name."""
    return _candidates(gazetteer.load(), top)


def _place_within(text: str, toponyms: list[Toponym], options: Options) -> None:
    """'Richmond, Va.' / 'Paris, France': the second name places the first."""
    for first, second in zip(toponyms, toponyms[1:], strict=False):
        if text[first.end : second.start].strip() != ",":
            continue
        for cand, sim in options.get(second.key, []):
            if sim == 1.0 and cand.feature_code in ("ADM1", "PCLI"):
                first.within = cand.country_code or "" if cand.feature_code == "PCLI" else (
                    fold(cand.name))
                break
    for i, top in enumerate(toponyms):
        if AFTER_DISTRICT.search(text[max(0, top.start - AFTER_DISTRICT_WINDOW) : top.start]):
            _place_listed(text, toponyms[:i], top, options)


def _place_listed(text: str, before: list[Toponym], province: Toponym, options: Options) -> None:
    """'in Nad Ali, Nahri Saraj and Sangin districts, Helmand': the province places every name
    listed before it in the same sentence."""
    cand = next((c for c, sim in options.get(province.key, []) if sim == 1.0
                 and c.feature_code == "ADM1"), None)
    if cand is None:
        return
    for top in reversed(before):
        if ". " in text[top.end : province.start] or top.hint == "ADM1":
            break
        top.within = top.within or fold(cand.name)


# ---- candidates and resolution ------------------------------------------------------
def _candidates(gaz: gazetteer.Gazetteer, top: Toponym) -> list[tuple[Candidate, float]]:
    """Exact and fuzzy matches of a toponym's name (without its admin keyword)."""
    name = top.name
    if top.demonym:
        country = gaz.country(top.demonym)
        return [(country, 1.0)] if country else []
    abbreviation = gaz.abbreviation(name) or (gaz.abbreviation(name + ".") if "." in name else None)
    if abbreviation:
        return [(abbreviation, 1.0)]
    if name.isupper() and len(name) <= 4:
        return []
    if top.hint and name.split()[-1].lower() in ADMIN1_WORDS | ADMIN2_WORDS:
        bare = " ".join(name.split()[:-1])
        name = bare if bare else name
    if top.hint == "ADM1" and (rural := gaz.rural_area(name)):
        return [(rural, 1.0)]  # 'Damascus province' is the province around the city
    exact = gaz.lookup(name)
    if top.hint and name != top.name:
        exact = exact + gaz.lookup(top.name)
    seen = {c.geonameid for c in exact}
    out = [(c, 1.0) for c in exact]
    cutoff = FUZZY_CUTOFF_WITH_EXACT if exact else FUZZY_CUTOFF
    out += [(c, r) for c, r in gaz.fuzzy(name, cutoff) if c.geonameid not in seen]
    return out + _district_towns(gaz, top, out)


def _district_towns(gaz: gazetteer.Gazetteer, top: Toponym,
                    found: list[tuple[Candidate, float]]) -> list[tuple[Candidate, float]]:
    """'the city of Abu Kamal', 'strikes on Abu Kamal': a name the gazetteer knows only as
    a district (its town spelled otherwise: Albu Kamal) is also the district's town, which
    a district is most often named after; unless the text calls it a district."""
    if top.hint in ("ADM1", "ADM2") or any(c.feature_class == "P" for c, _ in found):
        return []
    towns = [(gaz.seat(c.geonameid), sim) for c, sim in found
             if c.feature_code in ("ADM2", "ADM3")]
    return [(town, sim) for town, sim in towns if town is not None]


def _initial_context(text: str, toponyms: list[Toponym], options: Options) -> Context:
    """Countries named in the text (as unambiguous country names or adjectives)."""
    context = Context({}, {}, {}, {t.key for t in toponyms if t.local})
    for t in toponyms:
        cands = options.get(t.key, []) if not t.demonym else []
        if cands and all(c.feature_code == "PCLI" for c, _ in cands):
            _support(context, t.key, cands[0][0].country_code or "", "", 1.0)
    for word in re.findall(r"\b[A-Z][a-z]+\b", text):
        code = DEMONYMS.get(word.lower())
        if code:
            _add(context.countries, code, DEMONYM_SUPPORT)
    return context


def _support(context: Context, key: Key, country: str, admin1: str, weight: float) -> None:
    own = context.own.setdefault(key, {})
    _add(context.countries, country, weight)
    _add(own, country, weight)
    if admin1:
        context.area_country[admin1] = country
        _add(context.admin1, admin1, weight)
        _add(own, admin1, weight)


def _add(counts: dict[str, float], item: str, weight: float) -> None:
    counts[item] = counts.get(item, 0.0) + weight


def _refine_context(
    context: Context, toponyms: list[Toponym], choice: dict[Key, tuple[Candidate, float]]
) -> Context:
    """Add the countries and admin1 areas of the first-pass resolutions."""
    out = Context(dict(context.countries), {}, {}, context.local)
    for t in toponyms:
        if t.key in choice and not t.demonym:
            cand = choice[t.key][0]
            out.points[t.key] = (cand.lat, cand.lng)
            admin1 = fold(cand.name if cand.feature_code == "ADM1" else cand.admin1 or "")
            _support(out, t.key, cand.country_code or "", admin1, 1.0)
    return out


def resolve(options: Options, context: Context) -> dict[Key, tuple[Candidate, float]]:
    """The best candidate of every surface, with a confidence score in [0, 1]."""
    out = {}
    for key, cands in options.items():
        ranked = sorted(((_score(c, s, key, context), c, s) for c, s in cands),
                        key=lambda x: -x[0])
        best, cand, sim = ranked[0]
        margin = best - ranked[1][0] if len(ranked) > 1 else 1.0
        out[key] = (cand, round(sim * (CONFIDENCE_FLOOR + CONFIDENCE_SPAN * min(1.0, margin)), 3))
    return out


def rank(options: Options, context: Context, model: ranker.Ranker
         ) -> dict[Key, tuple[Candidate, float]]:
    """The learned ranker's best candidate of every surface, with its probability. A
    keyword's level is kept ('Sanaa district' is a district when the gazetteer has one
    of that name): the learned model, scored on distances, does not tell a district
    from its town. Among those, the ones inside the area named after it ('Dawlat Abad
    district, Balkh'), and of these the exact names: spelling variants are then no
    rivals ('Almar district' is Almar, not Almere's municipality)."""
    out = {}
    keys = list(options)
    rows = [row for key in keys for row in candidate_features(key, options[key], context)]
    scores = iter(_scores(model, rows))
    for key in keys:
        cands = options[key]
        probs = _softmax([next(scores) for _ in cands])
        fitting = [i for i, (c, _) in enumerate(cands) if _fits(c, key[1])]
        fitting = [i for i in fitting if _inside(cands[i][0], key[2])] or fitting
        fitting = [i for i in fitting if cands[i][1] == 1.0] or fitting
        allowed = [i for i in fitting or range(len(cands))
                   if not _weak_foreign(cands[i][0], cands[i][1], key, context)
                   and not _weak_elsewhere(cands[i][0], cands[i][1], key, context)]
        if allowed:
            best = own_town(cands, key[1], max(allowed, key=lambda i: probs[i]))
            out[key] = (cands[best][0], round(probs[best], 3))
    return out


def own_town(cands: list[tuple[Candidate, float]], hint: str, best: int) -> int:
    """A first-level area named bare, with no keyword, that has a town of its very name
    inside it is that town: 'a school in Homs' is the city, 'Homs province' the area."""
    area = cands[best][0]
    if hint or area.feature_code != "ADM1":
        return best
    towns = [i for i, (c, sim) in enumerate(cands) if sim == 1.0 and c.feature_class == "P"
             and fold(c.name) == fold(area.name) and c.admin1 == area.admin1
             and c.country_code == area.country_code]
    return max(towns, key=lambda i: cands[i][0].population, default=best)


def _scores(model: ranker.Ranker, rows: list[list[float]]) -> list[float]:
    """Every candidate row of a document scored in one pass (the trees are read once)."""
    if not rows:
        return []
    if isinstance(model, ranker.Forest):
        return [float(v) for v in model.scores(rows)]
    return [model.score(r) for r in rows]


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exp = [math.exp(v - top) for v in scores]
    return [e / sum(exp) for e in exp]


def _weak_foreign(cand: Candidate, sim: float, key: Key, context: Context) -> bool:
    """A place abroad (`_foreign`) that only a spelling variant or a name the text places
    elsewhere points at: 'Naychin village, Urozgan' is not Nanchuan in China, nor the
    'Rabat area of ... district, Zabul' Morocco's capital; nor a small place abroad
    (`_small`) that only its name points at ('near the city of Palmyra' in a Syria
    report is not Palmyra, New Jersey; the 'Army of Conquest' no district of Canada).
    Such a toponym stays unresolved rather than carry a report abroad."""
    within = key[2]
    outside = bool(within) and within not in (fold(cand.admin1 or ""), cand.country_code)
    return (sim < 1.0 or outside or _small(cand, key)) and _foreign(cand, key, context)


def _small(cand: Candidate, key: Key) -> bool:
    """A village (below a first-level area and FOREIGN_TOWN_MIN people), or a district
    named bare ('a majority Christian area' is no Christian County, Kentucky)."""
    return cand.feature_code not in ("ADM1", "PCLI", "CONT") and (
        cand.population < FOREIGN_TOWN_MIN
        or (cand.feature_code in ("ADM2", "ADM3") and not key[1]))


def _weak_elsewhere(cand: Candidate, sim: float, key: Key, context: Context) -> bool:
    """A town only a spelling variant points at, in a first-level area the rest of the
    document never supports, while it places things in another area of the same country
    ('the town of Al-Quriyah in Deir Ezzor province' is not Al Qurayya in As-Suwayda):
    GeoNames lacks the town, and the toponym stays unresolved."""
    if sim == 1.0 or cand.feature_class != "P" or not cand.admin1 or key[2] \
            or cand.population >= CITY_MIN:  # 'Deir Ezzor': a city's spelling, not a namesake
        return False
    own = context.own.get(key) or {}
    admin1 = fold(cand.admin1)
    return context.admin1.get(admin1, 0) - own.get(admin1, 0) <= 0 and any(
        value - own.get(area, 0) >= HOME_SUPPORT for area, value in context.admin1.items()
        if area != admin1 and context.area_country.get(area) == cand.country_code)


def _inside(cand: Candidate, within: str) -> bool:
    """Whether a candidate lies in the admin1 or country a name is placed in ('' : no)."""
    return bool(within) and within in (fold(cand.admin1 or ""), cand.country_code)


def _fits(cand: Candidate, hint: str) -> bool:
    return bool(hint) and (cand.feature_code == hint
                           or (hint == "P" and cand.feature_class == "P"))


KM_SCALE = 4.0  # log10(1 + km) / this: distances in about [0, 1]
NEAR_KM = 161.0  # another place of the document this close counts as nearby


def candidate_features(key: Key, cands: list[tuple[Candidate, float]], context: Context
                       ) -> list[list[float]]:
    """One row per candidate, in the ranker's feature order (`FEATURES`)."""
    pops = [math.log10(1 + c.population) for c, _ in cands]
    others = [p for k, p in context.points.items() if k != key]
    top = max(context.countries, key=lambda c: context.countries[c], default=None)
    rows = []
    reach = context.near_reach(key, cands)
    for (cand, sim), pop, nearby in zip(cands, pops, reach, strict=True):
        near = [distance_km(cand.lat, cand.lng, *p) for p in others]
        rows.append([
            _score(cand, sim, key, context), sim, float(sim == 1.0),
            pop / POPULATION_SCALE, (pop - max(pops)) / POPULATION_SCALE,
            float(pop == max(pops)),
            float(cand.feature_class == "P"), float(cand.feature_code == "ADM1"),
            float(cand.feature_code in ("ADM2", "ADM3")), float(cand.feature_code == "PCLI"),
            context.country_share(key, cand.country_code or ""),
            context.admin1_share(key, fold(cand.admin1 or "")),
            float(_foreign(cand, key, context)), float(cand.country_code == top),
            math.log10(1 + min(near)) / KM_SCALE if near else 1.0,
            sum(km <= NEAR_KM for km in near) / len(near) if near else 0.0,
            float(fold(cand.name) == key[0]), math.log10(len(cands)),
            *_rule_flags(cand, sim, key, context),
            context.area_reach(key, _area(cand)), nearby,
        ])
    return rows


FEATURES = ("rule_score", "similarity", "exact", "population", "population_below_best",
            "most_populous", "populated_place", "admin1", "admin2", "country",
            "country_share", "admin1_share", "foreign", "top_country", "nearest_km",
            "share_near", "primary_name", "candidates", "within", "not_within", "hint_fits",
            "hint_misfit", "country_name", "local_place", "area_reach", "near_reach")


def _rule_flags(cand: Candidate, sim: float, key: Key, context: Context) -> list[float]:
    """The rules' yes/no evidence (`_score`) as separate features."""
    _, hint, within = key
    inside = within in (fold(cand.admin1 or ""), cand.country_code)
    fits = _fits(cand, hint)
    named = sim == 1.0 and cand.feature_code in ("PCLI", "CONT") \
        and key not in context.local and not _admin_namesake(cand, key)
    return [float(bool(within) and inside), float(bool(within) and not inside),
            float(bool(hint) and fits), float(bool(hint) and not fits), float(named),
            float(key in context.local and cand.feature_class == "P")]



def _score(cand: Candidate, sim: float, key: Key, context: Context) -> float:
    """Name similarity, country and admin1 context, keyword hint, population prior."""
    _, hint, within = key
    admin1 = fold(cand.admin1 or "")
    score = SIMILARITY_WEIGHT * sim + _population_prior(cand)
    score += COUNTRY_WEIGHT * context.country_share(key, cand.country_code or "")
    if _foreign(cand, key, context):
        score -= FOREIGN_PENALTY
    score += ADMIN1_WEIGHT * context.admin1_share(key, admin1)
    if within:
        score += WITHIN_BONUS if within in (admin1, cand.country_code) else -WITHIN_PENALTY
    if sim == 1.0 and cand.feature_code in ("PCLI", "CONT") and key not in context.local \
            and not _admin_namesake(cand, key):
        score += COUNTRY_NAME_BONUS  # 'Egypt' is the country, not Egypt, Texas
    if hint:
        score += HINT_BONUS if _fits(cand, hint) else -HINT_PENALTY
    elif cand.feature_code in ("ADM2", "ADM3"):
        score -= ADMIN_AREA_PENALTY  # 'Washington' is rarely Washington County
    return score


def _foreign(cand: Candidate, key: Key, context: Context) -> bool:
    """A place in a country the rest of a document about another country never supports."""
    return (cand.feature_code not in ("PCLI", "CONT") and key[2] != cand.country_code
            and context.country_share(key, cand.country_code or "") == 0
            and context.has_home(key))


def _admin_namesake(cand: Candidate, key: Key) -> bool:
    """A country that shares its name with a first-level admin area ('Georgia')."""
    return fold(cand.name) in ADMIN1_NAMESAKES.get(key[0], set())


def _population_prior(cand: Candidate) -> float:
    """log-population in about [0, 1.3]; admin areas count for less than their cities."""
    divisor = POPULATION_DIVISORS.get(cand.feature_code, 1)
    return math.log10(1 + cand.population / divisor) / POPULATION_SCALE


def _mention(article: Article, top: Toponym, cand: Candidate, score: float) -> PlaceMention:
    return PlaceMention(
        article_id=article.article_id,
        text=article.text[top.start : top.end],
        start=top.start,
        end=top.end,
        name=cand.name,
        geonameid=cand.geonameid,
        latitude=round(cand.lat, 5),
        longitude=round(cand.lng, 5),
        country_code=cand.country_code,
        country=cand.country,
        admin1=cand.admin1,
        admin2=cand.admin2,
        feature_class=cand.feature_class,
        score=score,
        feature_code=cand.feature_code,
    )


# ---- the event's place --------------------------------------------------------------
SPECIFICITY = {"PCLI": 0, "ADM1": 1, "ADM2": 2, "ADM3": 2}


def best_event_place(places: list[PlaceMention], text: str | None = None,
                     title: str | None = None, lede: tuple[int, int] | None = None,
                     home: str | None = None,
                     deaths: Iterable[tuple[int, int]] = ()) -> PlaceMention | None:
    """The event's place: the most specific place in the best-supported admin1 area of the
    most-mentioned country (demonyms vote for their country but are never chosen).

    Where the sentences that tell the incident's dead (`deaths`, spans of the text) name
    places of one admin1 area only, the place is in it: people die where the incident is,
    whatever else the report mentions more often.

    Within the country, admin1 areas are ranked by their support (mentions of the area and of
    places inside it; a mention after near/in/at/outside counts 1.5, given the text); then
    places by specificity (place > ADM2 > ADM1 > country), a locative mention, number of
    mentions, and the earliest mention. A place named in the headline (`title`) or in the
    lede sentence (`lede`, a span of the text) adds 2 to its area's support (the weights are
    the constants at the top of this module). With `home` (the report's country, see
    `main_country`), only places in it: an incident placed abroad by a namesake ("Palmyra"
    in Pennsylvania, a dateline "MOSCOW") is better left at the country.
    """
    demonyms = [p for p in places if is_demonym(p.text) and p.country_code]
    places = [p for p in places if not is_demonym(p.text)]
    if home is not None:  # the report's country: a namesake abroad is not the place
        places = [p for p in places if p.country_code == home]
    if not places:
        return None
    pool = [located(text, p) if text else p
            for p in _main_country(places, demonyms)]
    pool = _where_they_died(pool, text, list(deaths)) or pool
    pool = [p for p in pool if not (text and is_base(text, p))] or pool  # where shots fell
    locative = {p.geonameid for p in pool if text and after_locative(text, p.start)}
    support: dict[str, float] = {}
    for p in pool:
        weight = LOCATIVE_WEIGHT if p.geonameid in locative else 1.0
        if text and is_metonym(text, p):
            weight = METONYM_WEIGHT  # 'Damascus denied', 'between Washington and Damascus'
        if text and is_reference(text, p):
            weight = REFERENCE_WEIGHT  # 'Eastern Ghouta, east of Damascus': Ghouta's area
        elif lede and lede[0] <= p.start < lede[1]:
            weight += LEDE_BONUS
        _add(support, _admin1_key(p), weight)
    for area, bonus in _headline_areas(pool, fold(title or "")).items():
        _add(support, area, bonus)
    counts = Counter(p.geonameid for p in pool)

    def rank(p: PlaceMention) -> tuple:
        area = _admin1_key(p)
        return (
            support.get(area, 0.0) if area else 0.0,
            SPECIFICITY.get(p.feature_code, 3),
            p.geonameid in locative,
            counts[p.geonameid],
            -p.start,
        )

    return max(pool, key=rank)


METONYM_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:has|have|had|said|says|denied|denies|accused|accuses|claimed|claims"
    r"|announced|warned|blamed|insisted|rejected|agreed|refused|promised|promises|regime"
    r"|government|authorities|ally|allies|backed|wants|sees|views|carried\s+out|launched"
    r"|ordered|deployed|retaliated|responded|(?:has\s+|had\s+)?deliberately)\b", re.I)
METONYM_BEFORE = re.compile(
    r"\b(?:between|ties with|relations with|pressure on)\s+(?:\w+\s+and\s+)?$", re.I)


def is_metonym(text: str, place: PlaceMention) -> bool:
    """A place name standing for its government."""
    if place.feature_class != "P":
        return False
    return bool(METONYM_AFTER.match(text, place.end)
                or METONYM_BEFORE.search(text[max(0, place.start - METONYM_WINDOW) : place.start]))


# people's origins: "fighters from Chechnya, China (Xinjiang Province), Saudi Arabia and ..."
ORIGIN_BEFORE = re.compile(
    r"\b(?:fighters|combatants|militants|jihadists|volunteers|mercenaries|recruits|nationals"
    r"|citizens|refugees|migrants)\s+(?:\w+\s+){0,2}?from\s+"
    r"(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*[\s,()]*(?:and\s+)?)*$")
ORIGIN_WINDOW = 120  # characters before a place searched for ORIGIN_BEFORE


def is_origin(text: str, place: PlaceMention) -> bool:
    """A place in a list of where people come from, not of where anything happened."""
    return bool(ORIGIN_BEFORE.search(text[max(0, place.start - ORIGIN_WINDOW) : place.start]))


# whose people someone is: 'a US aid worker', 'American journalists', 'Turkish officials'
NATIONALITY_AFTER = re.compile(
    r"\s+(?:(?:aid|relief|freelance|former|senior|top)\s+)?(?:citizens?|nationals?|workers?"
    r"|journalists?|reporters?|photographers?|correspondents?|tourists?|hostages?|captives?"
    r"|diplomats?|ambassadors?|envoys?|officials?|spokes(?:man|woman|person)|ministers?"
    r"|lawmakers?|senators?|president|secretary|leaders?)\b", re.I)


INSTITUTION_AFTER = re.compile(
    r"\s+(?:[A-Za-z]+\s+){0,2}?(?:[Dd]irectorate|[Cc]ommand|[Mm]unicipality|[Dd]epartment"
    r"|[Gg]overnorate\s+[Cc]ouncil|[Pp]olice|[Hh]ealth|[Aa]uthorities|[Oo]ffice)\b")


def names_institution(text: str, place: PlaceMention) -> bool:
    """'Daraa Health Directorate', 'a source at Aleppo police command': the place names
    whose office someone speaks for, not where anything happened."""
    return bool(INSTITUTION_AFTER.match(text, place.end))


# where the shooters are, not where their fire fell: "terrorists based in Eastern Ghouta fired
# mortar shells at the city", "a round fired by terrorists positioned in Daraya"
BASE_BEFORE = re.compile(
    r"\b(?:based|positioned|stationed|entrenched|holed\s+up|deployed|hiding)\s+(?:in|at|inside)"
    r"\s+(?:the\s+)?(?:(?:[\w'-]+\s+){0,2}?(?:town|village|city|neighbou?rhood|area|district"
    r"|countryside|region)\s+of\s+)?$", re.I)


def is_base(text: str, place: PlaceMention) -> bool:
    """A place told as where the attackers are ('terrorists positioned in Daraya'): the
    origin of their fire, not the incident's site."""
    return bool(BASE_BEFORE.search(text[max(0, place.start - REFERENCE_WINDOW) : place.start]))


def is_nationality(text: str, place: PlaceMention) -> bool:
    """A country's name or demonym telling whose people someone is: 'a US aid worker',
    'British journalists', 'Russian officials' (who they are, not where anything was)."""
    country = place.feature_code == "PCLI" or is_demonym(place.text)
    return country and bool(NATIONALITY_AFTER.match(text, place.end))


REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of"
    r"|outskirts\s+of|suburbs?\s+of|outside|around|away\s+from"
    r"|(?-i:[A-Z][\w'\u2019-]+),\s+(?:near|close\s+to|not\s+far\s+from))"
    r"\s+(?:the\s+)?(?:city\s+of\s+|(?:[A-Z][a-z]+\s+)?capital\s+)?$", re.I)
REFERENCE_WINDOW = 40  # characters before a place searched for REFERENCE_BEFORE


def is_reference(text: str, place: PlaceMention) -> bool:
    """A place named to locate another: 'east of Damascus', 'a suburb of Damascus',
    'outside Aleppo', 'Jaramana, near Damascus' (the incident is in the area around it,
    often another admin1). A bare 'near Khasham' names the incident's own place."""
    return bool(REFERENCE_BEFORE.search(text[max(0, place.start - REFERENCE_WINDOW) : place.start]))


NEAR_BEFORE = re.compile(r"\b(?:near|close\s+to|not\s+far\s+from)\s+(?:the\s+)?$", re.I)


def located(text: str, place: PlaceMention) -> PlaceMention:
    """The place as an incident's place reads it: 'east of Damascus', and 'near Damascus'
    too, is the area around a city that is a first-level area by itself (`_surroundings`:
    Rural Damascus); any other mention is itself ('near Khasham' is Khasham)."""
    window = text[max(0, place.start - REFERENCE_WINDOW) : place.start]
    if is_reference(text, place) or NEAR_BEFORE.search(window):
        return _surroundings(place)
    return place


def _surroundings(place: PlaceMention) -> PlaceMention:
    """'east of Damascus', 'the outskirts of Damascus': a city that is a first-level area
    by itself locates an incident in the area around it (Rural Damascus), which has a name
    of its own (`Gazetteer.rural_area`); other places stay as they are."""
    rural = gazetteer.load().rural_area(place.admin1) if place.admin1 else None
    if rural is None or place.feature_code not in ("PPL", "PPLA", "PPLC", "ADM1"):
        return place
    return replace(place, name=rural.name, geonameid=rural.geonameid,
                   latitude=round(rural.lat, 5), longitude=round(rural.lng, 5),
                   admin1=rural.admin1, admin2=None, feature_class=rural.feature_class,
                   feature_code=rural.feature_code)


def _where_they_died(pool: list[PlaceMention], text: str | None,
                     deaths: list[tuple[int, int]]) -> list[PlaceMention]:
    """The places of the one admin1 area that the sentences telling the dead name (a name
    standing for a government aside), else none."""
    told = [p for p in pool if any(start <= p.start < end for start, end in deaths)
            and p.feature_code not in ("PCLI", "PCL") and _admin1_key(p)
            and not (text and is_metonym(text, p))]
    areas = {_admin1_key(p) for p in told}
    return [p for p in pool if _admin1_key(p) in areas] if len(areas) == 1 else []


def _headline_areas(pool: list[PlaceMention], headline: str) -> dict[str, float]:
    """Areas whose places the headline names: +2 each, +2.5 for the first named."""
    found: dict[str, int] = {}
    for p in pool:
        at = f" {headline} ".find(f" {fold(p.text)} ") if fold(p.text) else -1
        area = _admin1_key(p)
        if at >= 0 and area:
            found[area] = min(at, found.get(area, at))
    first = min(found.values(), default=-1)
    return {area: FIRST_HEADLINE_BONUS if at == first else HEADLINE_BONUS
            for area, at in found.items()}


def main_country(mentions: list[PlaceMention], text: str | None = None,
                 parties: Iterable[str] = ()) -> str | None:
    """The country code a report is about: the most-mentioned country of all its place
    mentions (as `_top_country` counts them). Given the text, a country's name or demonym
    telling whose people someone is ('a US aid worker', 'British journalists', 'Turkish
    officials'), a place standing for its
    government ('Washington said') or heading the report as its dateline ('MOSCOW, Oct
    3 -') says where the news came from, not where it happened, and so does a place people
    come from ('fighters from Chechnya, China'): each counts METONYM_WEIGHT.
    `parties`: the country codes of the armed groups the report names that fight at home
    (the Taliban: AF; not foreign forces), each one a COUNTRY_VOTE, as a demonym is: in
    'a sniper in the Rabat area of ... district, Zabul' they outvote Morocco's Rabat."""
    demonyms = [p for p in mentions if is_demonym(p.text) and p.country_code]
    named = [p for p in mentions if not is_demonym(p.text)]
    weak = {id(p) for p in named if text is not None and (
        is_metonym(text, p) or is_dateline(text, p) or is_origin(text, p))}
    weak |= {id(p) for p in mentions if text is not None and is_nationality(text, p)}
    return _top_country(named, demonyms, weak, parties)


def is_dateline(text: str, place: PlaceMention) -> bool:
    """'MOSCOW, Oct 3 (Reuters) -': an all-caps place opening a line."""
    return place.text.isupper() and text[: place.start].rstrip(" \t")[-1:] in ("", "\n")


def _main_country(places: list[PlaceMention], demonyms: list[PlaceMention]) -> list[PlaceMention]:
    """The mentions in the most-mentioned country (`_top_country`), else all of them."""
    top = _top_country(places, demonyms)
    return [p for p in places if p.country_code == top] or places


def _top_country(places: list[PlaceMention], demonyms: list[PlaceMention],
                 weak: set[int] | None = None, parties: Iterable[str] = ()) -> str | None:
    """The most-mentioned country: a demonym or the country's name is half a vote, a place
    inside it a whole one (the `weak` ones, by id, demonyms too, METONYM_WEIGHT)."""
    votes: dict[str, float] = {}
    for p in places:  # a place or area inside the country says more than the country's name
        if p.country_code:
            vote = COUNTRY_VOTE if p.feature_code == "PCLI" else 1.0
            _add(votes, p.country_code, METONYM_WEIGHT if id(p) in (weak or ()) else vote)
    for p in demonyms:  # 'Afghan forces'
        _add(votes, p.country_code or "", METONYM_WEIGHT if id(p) in (weak or ()) else COUNTRY_VOTE)
    for code in parties:
        _add(votes, code, COUNTRY_VOTE)
    return max(votes, key=lambda code: votes[code]) if votes else None


def _admin1_key(p: PlaceMention) -> str:
    return fold(p.name if p.feature_code == "ADM1" else p.admin1 or "")


SETTLEMENT_BEFORE = re.compile(  # 'in the capital Damascus', 'in the Syrian city Homs'
    r"\b(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:capital|city|town|village|port|province)\s*$")


def after_locative(text: str, start: int) -> bool:
    """'in Homs', 'near Homs', 'of Homs', and so 'west of the capital Damascus'."""
    before = text[max(0, start - LOCATIVE_WINDOW) : start]
    before = SETTLEMENT_BEFORE.sub("", before)
    words = re.findall(r"[A-Za-z]+", before)
    near = {"near", "in", "at", "outside", "of"}
    return bool(words) and words[-1].lower() in near
