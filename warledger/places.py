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
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from warledger import gazetteer
from warledger.gazetteer import US_STATES, Candidate, fold
from warledger.records import Article, PlaceMention

LABELS = {"GPE", "LOC", "FAC"}
POPULATION_SCALE = 6.0  # log10(population) / this: the population prior
COUNTRY_WEIGHT = 0.4  # weight of the document's country support
BLOCK_LABELS = {"ORG", "NORP", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
# 'rebel-held east Aleppo', 'northern Idlib': a name after these is placed like 'in X'
AREA_WORDS = {"east", "west", "north", "south", "eastern", "western", "northern", "southern",
              "central", "northeastern", "northwestern", "southeastern", "southwestern",
              "besieged", "rebel-held", "government-held", "opposition-held", "regime-held",
              "militant-held", "is-held", "isis-held", "held", "downtown", "rural", "greater"}
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
DEMONYMS: dict[str, str] = gazetteer.TABLES["demonyms"]  # syrian -> SY
PLURAL_DEMONYMS = set(gazetteer.TABLES["plural_demonyms"])  # swiss, chinese


@dataclass
class Toponym:
    """One place-name span; `name` is what is looked up, `hint` the feature a keyword asks for."""

    start: int
    end: int
    name: str
    hint: str = ""  # "ADM1", "ADM2", "P" or ""
    from_ner: bool = True
    within: str = ""  # 'Richmond, Va.': the folded admin1 or country code it is placed in
    demonym: str = ""  # 'Syrian': the country code of a demonym (never an event's place)
    local: bool = False  # 'a Palestine man': a town's name used the way towns' names are

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
    local: set[Key] = field(default_factory=set)  # surfaces used like a town's name

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
    for i, top in enumerate(toponyms):
        if AFTER_DISTRICT.search(text[max(0, top.start - 12) : top.start]):
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


# ---- toponym spans -----------------------------------------------------------------
def toponym_spans(article: Article, doc: Doc) -> list[Toponym]:
    """NER toponyms, then what the model missed or mislabelled: datelines, place names that
    open or close an organisation's name, gazetteer n-grams, US state abbreviations; then
    demonyms ('Syrian'). No overlaps, in text order."""
    ner = [t for ent in doc.ents if ent.label_ in LABELS if (t := _from_ent(article, ent))]
    datelines = _from_datelines(article)
    known = {fold(t.name) for t in ner + datelines} | _headline_places(article.title)
    found: list[Toponym] = []
    taken: set[int] = set()
    for t in [*_from_keywords(article.nlp_text), *ner, *datelines, *_from_orgs(article, doc, known),
              *_from_ngrams(article, doc, known), *_from_abbreviations(article.nlp_text),
              *_from_demonyms(article, doc)]:
        if not taken.intersection(range(t.start, t.end)):
            found.append(t)
            taken.update(range(t.start, t.end))
    return sorted(found, key=lambda t: t.start)


def is_demonym(surface: str) -> bool:
    """'Syrian', 'Palestinians', 'Sri Lankan': a people's name, not a place's."""
    return demonym_country(surface) is not None


def demonym_country(surface: str) -> str | None:
    folded = fold(surface)
    code = DEMONYMS.get(folded)
    if code is None and folded.endswith("s") and folded[:-1] not in PLURAL_DEMONYMS:
        code = DEMONYMS.get(folded[:-1])
    return code


KEYWORD_PLACE = re.compile(
    r"\b([A-Z][\w'’]*(?:[- ](?:[A-Z][\w'’]*|e|i|ul|al|el|wa|ad|as|ash|an|ar|az|at|ez|ed|o))*)"
    r" (district|districts|province|governorate|city|town|village|county)\b")
KEYWORD_HINTS = {"district": "ADM2", "districts": "ADM2", "county": "ADM2", "province": "ADM1",
                 "governorate": "ADM1", "city": "P", "town": "P", "village": "P"}


def _from_keywords(text: str) -> list[Toponym]:
    """'Pul-e Khumri district', 'Tarinkot city': a name before an admin or settlement word."""
    out = []
    for m in KEYWORD_PLACE.finditer(text):
        name = m.group(1)
        if fold(name) not in NOT_PLACES and fold(name) not in {"the", "this", "that"}:
            out.append(Toponym(m.start(1), m.end(), name, KEYWORD_HINTS[m.group(2)], False))
    return out


def _from_demonyms(article: Article, doc: Doc) -> list[Toponym]:
    """Demonyms the model tagged (NORP or GPE), resolved to their country."""
    out = []
    for ent in doc.ents:
        code = demonym_country(ent.text) if ent.label_ in ("NORP", "GPE") else None
        if code and ent.text[:1].isupper():
            start, end = ent.start_char, ent.end_char
            out.append(Toponym(start, end, article.text[start:end], "", True, "", code))
    return out


DATELINE = re.compile(r"(?:^|\n|[.!?\]] )[ \t]*([A-Z][A-Z.'\- ]{2,28}[A-Z.])(?=, | --| —| -| \()")


def _from_datelines(article: Article) -> list[Toponym]:
    """'COLUMBUS, Ohio (AP) —' / 'CHARLESTON, W.Va. --': an all-caps place at a line start."""
    out = []
    for match in DATELINE.finditer(article.nlp_text):
        name, start = match.group(1).rstrip(". "), match.start(1)
        if len(name) >= 4 and _plausible(fold(name)):
            out.append(Toponym(start, start + len(name), name.title(), "", False))
    return out


STATE_ABBREVIATION = re.compile(
    r"(?<=, )(" + "|".join(re.escape(k) for k in sorted(US_STATES, key=len, reverse=True))
    + r")(?![A-Za-z])")


def _from_abbreviations(text: str) -> list[Toponym]:
    """AP-style state abbreviations after a comma: 'Richmond, Va.'."""
    return [Toponym(m.start(), m.end(), m.group(), "", False)
            for m in STATE_ABBREVIATION.finditer(text)]


ORG_LABELS = {"ORG", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"}
ORG_WORDS = {"union", "liberty", "independence", "commerce", "university", "state", "national",
             "federal", "central", "general", "justice", "mission", "paradise", "enterprise",
             "progress", "unity", "republic", "security", "health", "victory", "hope", "grace",
             "energy", "heritage", "reading", "wells", "fargo", "news", "post", "trust",
             "centre", "center", "institute", "foundation", "council", "world", "global"}


def _from_orgs(article: Article, doc: Doc, known: set[str]) -> list[Toponym]:
    """'Gainesville Police', 'Texas Department of Health', 'University of Georgia'."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ORG_LABELS or len(ent) < 2:
            continue
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        part = _org_head(tokens, known) or _org_tail(tokens, known)
        if part:
            end = part[-1].idx + len(part[-1])
            top = _toponym(article, doc, part[0].idx, end, (part[0].i, part[-1].i + 1), False)
            if top:
                out.append(top)
    return out


def _org_head(tokens: list[Token], known: set[str]) -> list[Token]:
    """The longest run of up to 3 name tokens opening the name that is a place."""
    for n in (3, 2, 1):
        head = tokens[:n]
        if len(tokens) > n and all(_name_token(t) for t in head) and _org_place(head, known):
            return head
    return []


def _org_tail(tokens: list[Token], known: set[str]) -> list[Token]:
    """'University of Georgia': the name tokens after the last 'of'."""
    ofs = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    tail = tokens[ofs[-1] + 1 :] if ofs else []
    if 0 < len(tail) <= 3 and all(_name_token(t) for t in tail) and _org_place(tail, known):
        return tail
    return []


def _name_token(tok: Token) -> bool:
    return (tok.is_title and tok.is_alpha) or tok.text in gazetteer.ABBREVIATIONS


def _org_place(tokens: list[Token], known: set[str]) -> bool:
    name = tokens[0].doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    folded = fold(name)
    if folded in known or gazetteer.ABBREVIATIONS.get(name):
        return True
    if folded in ORG_WORDS or len(folded) < 4:
        return False
    gaz = gazetteer.load()
    hits = [gaz.candidate(k) for k in gaz.names.get(folded, [])]
    return any(c.population >= 20000 or c.feature_code in ("PCLI", "ADM1", "ADM2", "CONT")
               for c in hits)


def _from_ent(article: Article, ent: Span) -> Toponym | None:
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return _toponym(article, ent.doc, start, end, (tokens[0].i, tokens[-1].i + 1), True)


def _toponym(
    article: Article, doc: Doc, start: int, end: int, tokens: tuple[int, int], from_ner: bool
) -> Toponym | None:
    """A toponym over characters start:end (tokens: its first token, the token after it)."""
    name = article.text[start:end]
    if _excluded(name, article.nlp_text[end : end + 12]):
        return None
    hint, stop = _keyword_hint(doc, tokens[1])
    if hint and stop > end:
        return Toponym(start, stop, name, hint, from_ner)
    hint = _name_hint(name) or _comma_hint(article.nlp_text, start)
    return Toponym(start, end, name, hint, from_ner, local=_local(doc, *tokens))


LOCAL_WORDS = {"man", "woman", "men", "women", "boy", "girl", "teen", "resident", "residents",
               "native", "police", "council", "school", "schools", "library", "hospital",
               "fire", "township", "high", "elementary", "middle", "mayor", "city", "civic",
               "independent", "public", "municipal", "downtown", "chamber", "church"}
STREET_WORDS = {"st", "ave", "rd", "road", "street", "avenue", "drive", "dr", "lane", "blvd",
                "highway", "hwy", "way", "court", "ct", "pl", "place"}


def _local(doc: Doc, first: int, after: int) -> bool:
    """'a Palestine man', 'Athens Police', 'Galen Miller of Palestine', '400 S. Locust St.,
    Lebanon': a town, not the country or state of that name."""
    if after < len(doc) and doc[after].lower_ in LOCAL_WORDS:
        return True
    before = [doc[i] for i in range(max(0, first - 3), first)]
    if len(before) >= 2 and before[-1].lower_ == "of" and before[-2].ent_type_ == "PERSON":
        return True
    if len(before) == 3 and before[-1].lower_ == "of" and before[-2].text == "," \
            and before[-3].like_num:
        return True  # 'Robin Garcia, 32, of Columbus'
    street = len(before) >= 2 and before[-2].lower_.rstrip(".") in STREET_WORDS
    return street and before[-1].text == ","


AFTER_DISTRICT = re.compile(r"\b(district|county|districts|counties),\s*$", re.I)


def _comma_hint(text: str, start: int) -> str:
    """'in Nahri Shahi district, Balkh': the name after 'district,' is a province."""
    return "ADM1" if AFTER_DISTRICT.search(text[max(0, start - 12) : start]) else ""


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
    for sent_start, whole in _capital_runs(doc):
        run, after_country = _after_possessive_country(whole)
        if not after_country and any(t.i in blocked for t in whole):
            continue
        run = _longest_known(run, known) if after_country else run
        name = article.text[run[0].idx : run[-1].idx + len(run[-1])]
        folded = fold(name)
        locative = after_country or (run[0].i > sent_start and _locative_before(doc, run[0].i))
        nxt = run[-1].i + 1
        local = nxt < len(doc) and doc[nxt].lower_ in LOCAL_NOUNS
        in_country = after_country and _resolvable(name)
        if folded in known or in_country or ((locative or local) and _plausible(folded)):
            top = _toponym(article, doc, run[0].idx, run[-1].idx + len(run[-1]),
                           (run[0].i, run[-1].i + 1), False)
            if top:
                out.append(top)
    return out


def _headline_places(title: str | None) -> set[str]:
    """Capitalized words of the headline that are well-known places: they are places in
    the body too ('Airstrikes continue on east Aleppo' ... 'in Aleppo')."""
    words = re.findall(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", title or "")
    return {fold(w) for w in words if _plausible(fold(w))}


def _after_possessive_country(run: list) -> tuple[list, bool]:
    """'Syrias Aleppo' (a possessive whose apostrophe was lost): the country goes, and
    what follows it is placed in it."""
    first = run[0].text
    if len(run) > 1 and first.endswith("s") and _is_country(first[:-1]):
        return run[1:], True
    return run, False


def _longest_known(run: list, known: set[str]) -> list:
    """Drop trailing words ('Aleppo Monitor') until the name is a place."""
    for size in range(len(run), 0, -1):
        name = " ".join(t.text for t in run[:size])
        if fold(name) in known or _resolvable(name):
            return run[:size]
    return run


def _resolvable(name: str) -> bool:
    return len(name) >= 4 and bool(gazetteer.load().search(name, 0.85))


@lru_cache(maxsize=256)
def _is_country(name: str) -> bool:
    return any(c.feature_code == "PCLI" for c in gazetteer.load().lookup(name))


def _locative_before(doc: Doc, i: int) -> bool:
    """'in <Place>', or '<...> district, <Place>' (ACLED: 'in Nahri Shahi district, Balkh')."""
    if doc[i - 1].lower_ in LOCATIVE or doc[i - 1].lower_ in AREA_WORDS:
        return True
    keywords = ADMIN1_WORDS | ADMIN2_WORDS | CITY_WORDS | {"area"}
    return doc[i - 1].text == "," and i >= 2 and doc[i - 2].lower_ in keywords


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
    context = Context({}, {}, {}, {t.key for t in toponyms if t.local})
    for t in toponyms:
        cands = options.get(t.key, []) if not t.demonym else []
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
    out = Context(dict(context.countries), {}, {}, context.local)
    for t in toponyms:
        if t.key in choice and not t.demonym:
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
    if sim == 1.0 and cand.feature_code in ("PCLI", "CONT") and key not in context.local \
            and not _admin_namesake(cand, key):
        score += 2.0  # 'Egypt' is the country, not Egypt, Texas
    if hint:
        fits = cand.feature_code == hint or (hint == "P" and cand.feature_class == "P")
        score += 1.5 if fits else -0.5
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


def best_event_place(places: list[PlaceMention], text: str | None = None,
                     title: str | None = None,
                     lede: tuple[int, int] | None = None) -> PlaceMention | None:
    """The event's place: the most specific place in the best-supported admin1 area of the
    most-mentioned country (demonyms vote for their country but are never chosen).

    Within the country, admin1 areas are ranked by their support (mentions of the area and of
    places inside it; a mention after near/in/at/outside counts 1.5, given the text); then
    places by specificity (place > ADM2 > ADM1 > country), a locative mention, number of
    mentions, and the earliest mention. A place named in the headline (`title`) or in the
    lede sentence (`lede`, a span of the text) adds 2 to its area's support.
    """
    demonyms = [p for p in places if is_demonym(p.text) and p.country_code]
    places = [p for p in places if not is_demonym(p.text)]
    if not places:
        return None
    pool = _main_country(places, demonyms)
    locative = {p.geonameid for p in pool if text and _after_locative(text, p.start)}
    support: dict[str, float] = {}
    headline = fold(title or "")
    for p in pool:
        weight = 1.5 if p.geonameid in locative else 1.0
        if text and _metonym(text, p):
            weight = 0.2  # 'Damascus denied', 'between Washington and Damascus': a government
        if (lede and lede[0] <= p.start < lede[1]) or (headline and _named_in(p, headline)):
            weight += 2.0
        _add(support, _admin1_key(p), weight)
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
    r"|government|authorities|ally|allies|backed|wants|sees|views)\b", re.I)
METONYM_BEFORE = re.compile(
    r"\b(?:between|ties with|relations with|pressure on)\s+(?:\w+\s+and\s+)?$", re.I)


def _metonym(text: str, place: PlaceMention) -> bool:
    """A place name standing for its government."""
    if place.feature_class != "P":
        return False
    return bool(METONYM_AFTER.match(text, place.end)
                or METONYM_BEFORE.search(text[max(0, place.start - 40) : place.start]))


def _named_in(place: PlaceMention, headline: str) -> bool:
    name = fold(place.text)
    return bool(name) and f" {name} " in f" {headline} "


def _main_country(places: list[PlaceMention], demonyms: list[PlaceMention]) -> list[PlaceMention]:
    """The mentions in the most-mentioned country (a demonym or the country's name is half a
    vote, a place inside it a whole one)."""
    votes: dict[str, float] = {}
    for p in places:  # a place or area inside the country says more than the country's name
        if p.country_code:
            _add(votes, p.country_code, 0.5 if p.feature_code == "PCLI" else 1.0)
    for p in demonyms:  # 'Afghan forces'
        _add(votes, p.country_code or "", 0.5)
    top = max(votes, key=lambda code: votes[code]) if votes else None
    return [p for p in places if p.country_code == top] or places


def _admin1_key(p: PlaceMention) -> str:
    return fold(p.name if p.feature_code == "ADM1" else p.admin1 or "")


def _after_locative(text: str, start: int) -> bool:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 30) : start])
    near = {"near", "in", "at", "outside", "of"}
    return bool(words) and words[-1].lower() in near
