"""Places stage: toponyms in the text, resolved on GeoNames (`warledger.gazetteer`).

Toponyms come from spaCy NER (GPE, LOC, FAC) plus capitalized n-grams the model
missed or mislabelled (a name already found elsewhere in the document, or a
gazetteer name after "in/near/at/..."). Resolution is per document: every mention
of a surface gets the same place; countries named in the text (and adjectives like
"Syrian") give a prior, then the countries and admin areas of the other places,
then population.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from warledger import gazetteer
from warledger.gazetteer import Candidate, fold
from warledger.records import Article, PlaceMention

LABELS = {"GPE", "LOC", "FAC"}
POPULATION_SCALE = 5.0  # log10(population) / this: the population prior
COUNTRY_WEIGHT = 0.9  # weight of the document's country support
BLOCK_LABELS = {"ORG", "NORP", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
LOCATIVE = {"in", "near", "at", "outside", "from", "to", "into", "around", "across", "of"}
LOCAL_NOUNS = {"man", "woman", "men", "women", "police", "area", "resident", "residents",
               "native", "officials", "authorities", "mayor", "council"}
ADMIN1_WORDS = {"province", "governorate", "state", "region", "oblast", "prefecture"}
ADMIN2_WORDS = {"county", "district", "parish", "municipality", "borough"}
CITY_WORDS = {"town", "city", "village", "suburb", "neighbourhood", "neighborhood"}
NOT_PLACES = {
    "islamic state", "isis", "isil", "daesh", "coalition", "the coalition", "regime",
    "middle east", "the middle east", "north africa", "west", "the west", "east", "north",
    "south", "internet", "earth", "god", "sdf",
}
ACTOR_SUFFIX = re.compile(r"^-(led|backed|allied|sponsored|supported|aligned|funded)\b", re.I)
DEMONYMS = {
    "syrian": "SY", "iraqi": "IQ", "turkish": "TR", "russian": "RU", "american": "US",
    "iranian": "IR", "israeli": "IL", "palestinian": "PS", "lebanese": "LB", "jordanian": "JO",
    "saudi": "SA", "yemeni": "YE", "egyptian": "EG", "libyan": "LY", "afghan": "AF",
    "pakistani": "PK", "indian": "IN", "chinese": "CN", "british": "GB", "french": "FR",
    "german": "DE", "ukrainian": "UA", "sudanese": "SD", "somali": "SO", "nigerian": "NG",
    "malian": "ML", "ethiopian": "ET", "kenyan": "KE", "congolese": "CD", "qatari": "QA",
    "emirati": "AE", "kuwaiti": "KW", "bahraini": "BH", "omani": "OM", "algerian": "DZ",
    "tunisian": "TN", "moroccan": "MA", "mexican": "MX", "colombian": "CO", "filipino": "PH",
    "burmese": "MM", "myanmar": "MM", "bangladeshi": "BD", "nepalese": "NP", "canadian": "CA",
    "australian": "AU", "japanese": "JP", "korean": "KR", "italian": "IT", "spanish": "ES",
    "polish": "PL", "georgian": "GE", "armenian": "AM", "azerbaijani": "AZ", "chadian": "TD",
    "nigerien": "NE", "burkinabe": "BF", "cameroonian": "CM", "mozambican": "MZ",
    "venezuelan": "VE", "brazilian": "BR", "haitian": "HT", "belarusian": "BY",
}


@dataclass
class Toponym:
    """One place-name span; `name` is what is looked up, `hint` the feature a keyword asks for."""

    start: int
    end: int
    name: str
    hint: str = ""  # "ADM1", "ADM2", "P" or ""
    from_ner: bool = True
    within: str = ""  # 'Richmond, Va.': the folded admin1 or country code it is placed in

    @property
    def key(self) -> Key:
        return fold(self.name), self.hint, self.within


Key = tuple[str, str, str]
Options = dict[Key, list[tuple[Candidate, float]]]


@dataclass
class Context:
    """Document-level priors: how often each country and admin1 is supported, by surface."""

    countries: dict[str, float]
    admin1: dict[str, float]
    own: dict[Key, dict[str, float]]  # what each surface itself contributed

    def country_share(self, key: Key, code: str) -> float:
        return _share(self.countries, self.own.get(key), code)

    def admin1_share(self, key: Key, name: str) -> float:
        return _share(self.admin1, self.own.get(key), name)


def _share(counts: dict[str, float], own: dict[str, float] | None, item: str) -> float:
    """Support of `item` from the other surfaces, relative to the best-supported item."""
    top = max(counts.values(), default=0)
    value = counts.get(item, 0) - (own or {}).get(item, 0)
    return max(0.0, value / top) if top else 0.0


def find_places(article: Article, doc: Doc) -> list[PlaceMention]:
    """Resolved place mentions of one article, in text order."""
    toponyms = toponym_spans(article, doc)
    if not toponyms:
        return []
    gaz = gazetteer.load()
    options = {t.key: _candidates(gaz, t) for t in toponyms}
    _place_within(article.text, toponyms, options)
    options = {t.key: options.get(t.key) or _candidates(gaz, t) for t in toponyms}
    options = {k: v for k, v in options.items() if v}
    context = _initial_context(article.nlp_text, toponyms, options)
    choice = resolve(options, context)
    context = _refine_context(context, toponyms, choice)
    choice = resolve(options, context)
    return [_mention(article, t, *choice[t.key]) for t in toponyms if t.key in choice]


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


# ---- toponym spans -----------------------------------------------------------------
def toponym_spans(article: Article, doc: Doc) -> list[Toponym]:
    """NER toponyms, then gazetteer n-grams the model missed; no overlaps, in text order."""
    found = [t for ent in doc.ents if ent.label_ in LABELS if (t := _from_ent(article, ent))]
    taken = {i for t in found for i in range(t.start, t.end)}
    known = {fold(t.name) for t in found}
    for t in _from_ngrams(article, doc, known):
        if not taken.intersection(range(t.start, t.end)):
            found.append(t)
            taken.update(range(t.start, t.end))
    return sorted(found, key=lambda t: t.start)


def _from_ent(article: Article, ent: Span) -> Toponym | None:
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return _toponym(article, ent.doc, start, end, tokens[-1].i + 1, True)


def _toponym(
    article: Article, doc: Doc, start: int, end: int, next_i: int, from_ner: bool
) -> Toponym | None:
    name = article.text[start:end]
    if _excluded(name, article.nlp_text[end : end + 12]):
        return None
    hint, stop = _keyword_hint(doc, next_i)
    if hint and stop > end:
        return Toponym(start, stop, name, hint, from_ner)
    return Toponym(start, end, name, _name_hint(name), from_ner)


def _excluded(name: str, after: str) -> bool:
    folded = fold(name)
    if not folded or folded in NOT_PLACES or folded in DEMONYMS:
        return True
    return bool(ACTOR_SUFFIX.match(after)) or not any(c.isupper() for c in name)


def _keyword_hint(doc: Doc, i: int) -> tuple[str, int]:
    """'Deir Ezzor province': the admin level asked for, and the end of the keyword."""
    if i >= len(doc):
        return "", 0
    word = doc[i].lower_
    hint = "ADM1" if word in ADMIN1_WORDS else "ADM2" if word in ADMIN2_WORDS else ""
    return hint, (doc[i].idx + len(doc[i]) if hint else 0)


def _name_hint(name: str) -> str:
    last = name.split()[-1].lower() if name.split() else ""
    return "ADM1" if last in ADMIN1_WORDS else "ADM2" if last in ADMIN2_WORDS else ""


def _from_ngrams(article: Article, doc: Doc, known: set[str]) -> list[Toponym]:
    """Capitalized 1-3 token runs outside blocking entities: known surfaces or 'in <Place>'."""
    blocked = {t.i for e in doc.ents if e.label_ in BLOCK_LABELS and len(e) > 1 for t in e}
    out = []
    for sent_start, run in _capital_runs(doc):
        if any(t.i in blocked for t in run):
            continue
        name = article.text[run[0].idx : run[-1].idx + len(run[-1])]
        folded = fold(name)
        locative = run[0].i > sent_start and doc[run[0].i - 1].lower_ in LOCATIVE
        nxt = run[-1].i + 1
        local = nxt < len(doc) and doc[nxt].lower_ in LOCAL_NOUNS
        if folded in known or ((locative or local) and _plausible(folded)):
            top = _toponym(article, doc, run[0].idx, run[-1].idx + len(run[-1]), run[-1].i + 1,
                           False)
            if top:
                out.append(top)
    return out


def _capital_runs(doc: Doc) -> list[tuple[int, list]]:
    runs: list[tuple[int, list]] = []
    for sent in doc.sents:
        run: list = []
        for tok in [*sent, None]:
            if tok is not None and tok.is_title and tok.is_alpha and len(run) < 3:
                run.append(tok)
                continue
            if run:
                runs.append((sent.start, run))
            run = [tok] if tok is not None and tok.is_title and tok.is_alpha else []
    return runs


def _plausible(folded: str) -> bool:
    """A name after a locative preposition counts if it is a sizeable or well-known place."""
    if len(folded) < 4:
        return False
    hits = gazetteer.load().names.get(folded, [])
    gaz = gazetteer.load()
    return any(gaz.candidate(k).population >= 5000 or k[0] != 0 for k in hits)


# ---- candidates and resolution ------------------------------------------------------
def _candidates(gaz: gazetteer.Gazetteer, top: Toponym) -> list[tuple[Candidate, float]]:
    """Exact and fuzzy matches of a toponym's name (without its admin keyword)."""
    name = top.name
    abbreviation = gaz.abbreviation(name)
    if abbreviation:
        return [(abbreviation, 1.0)]
    if name.isupper() and len(name) <= 4:
        return []
    if top.hint and name.split()[-1].lower() in ADMIN1_WORDS | ADMIN2_WORDS:
        bare = " ".join(name.split()[:-1])
        name = bare if bare else name
    exact = gaz.lookup(name)
    if top.hint and name != top.name:
        exact = exact + gaz.lookup(top.name)
    seen = {c.geonameid for c in exact}
    out = [(c, 1.0) for c in exact]
    cutoff = 0.84 if exact else 0.8
    out += [(c, r) for c, r in gaz.fuzzy(name, cutoff) if c.geonameid not in seen]
    return out


def _initial_context(text: str, toponyms: list[Toponym], options: Options) -> Context:
    """Countries named in the text (as unambiguous country names or adjectives)."""
    context = Context({}, {}, {})
    for t in toponyms:
        cands = options.get(t.key, [])
        if cands and all(c.feature_code == "PCLI" for c, _ in cands):
            _support(context, t.key, cands[0][0].country_code or "", "", 1.0)
    for word in re.findall(r"\b[A-Z][a-z]+\b", text):
        code = DEMONYMS.get(word.lower())
        if code:
            _add(context.countries, code, 0.5)
    return context


def _support(context: Context, key: Key, country: str, admin1: str, weight: float) -> None:
    own = context.own.setdefault(key, {})
    _add(context.countries, country, weight)
    _add(own, country, weight)
    if admin1:
        _add(context.admin1, admin1, weight)
        _add(own, admin1, weight)


def _add(counts: dict[str, float], item: str, weight: float) -> None:
    counts[item] = counts.get(item, 0.0) + weight


def _refine_context(
    context: Context, toponyms: list[Toponym], choice: dict[Key, tuple[Candidate, float]]
) -> Context:
    """Add the countries and admin1 areas of the first-pass resolutions."""
    out = Context(dict(context.countries), {}, {})
    for t in toponyms:
        if t.key in choice:
            cand = choice[t.key][0]
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
        out[key] = (cand, round(sim * (0.6 + 0.4 * min(1.0, margin)), 3))
    return out


def _score(cand: Candidate, sim: float, key: Key, context: Context) -> float:
    """Name similarity, country and admin1 context, keyword hint, population prior."""
    _, hint, within = key
    admin1 = fold(cand.admin1 or "")
    score = 3.0 * sim + _population_prior(cand)
    score += COUNTRY_WEIGHT * context.country_share(key, cand.country_code or "")
    score += 0.6 * context.admin1_share(key, admin1)
    if within:
        score += 2.0 if within in (admin1, cand.country_code) else -1.0
    if sim == 1.0 and cand.feature_code in ("PCLI", "CONT") and not _admin_namesake(cand, key):
        score += 2.0  # 'Egypt' is the country, not Egypt, Texas
    if hint:
        score += 1.5 if cand.feature_code == hint else -0.5
    elif cand.feature_code in ("ADM2", "ADM3"):
        score -= 0.5  # 'Washington' is rarely Washington County
    return score


def _admin_namesake(cand: Candidate, key: Key) -> bool:
    """A country that shares its name with a first-level admin area ('Georgia')."""
    return fold(cand.name) in _ADMIN1_NAMES.get(key[0], set())


_ADMIN1_NAMES: dict[str, set[str]] = {"georgia": {"georgia"}}


def _population_prior(cand: Candidate) -> float:
    """log-population in about [0, 1.3]; admin areas count for less than their cities."""
    divisor = {"ADM1": 20, "ADM2": 50, "ADM3": 50, "PCLI": 0.1}.get(cand.feature_code, 1)
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


def best_event_place(places: list[PlaceMention], text: str | None = None) -> PlaceMention | None:
    """The most specific place consistent with the most-mentioned country.

    Ranks by specificity (place > ADM2 > ADM1 > country), then being inside an admin
    area the text names, then (given the article text) a mention after near/in/at/
    outside, then number of mentions, then the earliest mention.
    """
    if not places:
        return None
    countries = Counter(p.country_code for p in places if p.country_code)
    top = countries.most_common(1)[0][0] if countries else None
    pool = [p for p in places if p.country_code == top] or places
    admins = {fold(p.name) for p in pool if p.feature_code == "ADM1"}
    counts = Counter(p.geonameid for p in pool)
    locative = {p.geonameid for p in pool if text and _after_locative(text, p.start)}

    def rank(p: PlaceMention) -> tuple:
        return (
            SPECIFICITY.get(p.feature_code, 3),
            fold(p.admin1 or "") in admins,
            p.geonameid in locative,
            counts[p.geonameid],
            -p.start,
        )

    return max(pool, key=rank)


def _after_locative(text: str, start: int) -> bool:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 30) : start])
    near = {"near", "in", "at", "outside", "of"}
    return bool(words) and words[-1].lower() in near
