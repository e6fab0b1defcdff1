"""Toponyms: the place-name spans of a document, before resolution (`warledger.geo.places`).

Toponyms come from spaCy NER (GPE, LOC, FAC) plus capitalized n-grams the model
missed or mislabelled (a name already found elsewhere in the document, or a
gazetteer name after "in/near/at/..."), names before an admin keyword ("Helmand
province"), datelines, place names inside organisations' names, US state
abbreviations, and demonyms ("Syrian", placed in their country). The words the rules
read around a name are `warledger.geo.words`; the gazetteer's tables `warledger.geo.tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from warledger.geo import gazetteer
from warledger.geo.gazetteer import CITY, fold
from warledger.geo.tables import (
    ABBREVIATIONS,
    DEMONYMS,
    PLACE_ALIASES,
    PLURAL_DEMONYMS,
    US_STATES,
)
from warledger.geo.words import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    AREA_OF_WORDS,
    AREA_WORDS,
    CITY_WORDS,
    COUNTRYSIDE_WORDS,
    DIRECTIONS,
    LOCAL_NOUNS,
    LOCAL_WORDS,
    LOCATIVE,
    NAMESAKE_WORDS,
    NEAR_WORDS,
    NOT_PLACES,
    ORG_WORDS,
    RURAL_WORDS,
    STREET_WORDS,
)
from warledger.records import Article

LABELS = {"GPE", "LOC", "FAC"}
BLOCK_LABELS = {"ORG", "NORP", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
ACTOR_SUFFIX = re.compile(r"^-(led|backed|allied|sponsored|supported|aligned|funded)\b", re.I)
ACTOR_SUFFIX_WINDOW = 12  # characters after a name searched for ACTOR_SUFFIX ('-sponsored')
AFTER_DISTRICT_WINDOW = 20  # characters before a name searched for AFTER_DISTRICT
NAME_CUTOFF = 0.85  # gazetteer similarity a name found outside NER needs (its default: 0.8)
MIN_NAME_LEN = 4  # shorter names found outside NER are too ambiguous to be places
MAX_NAME_TOKENS = 3  # capitalized runs and place names inside organisations' names
MIN_ORG_TOKENS = 2  # an organisation's name with a place in it has another word too
LOOKBEHIND_TOKENS = 3  # tokens before a name read by `_local`
ORG_PLACE_POPULATION = 20_000  # a place opening or closing an organisation's name: a city
PLAUSIBLE_POPULATION = 5_000  # ... after a locative preposition: a town (or any area)
VARIANT_MIN_LEN = 6  # a name narrowed out of a longer one by its spelling: at least this long


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


def toponym_spans(article: Article, doc: Doc) -> list[Toponym]:
    """NER toponyms, then what the model missed or mislabelled: datelines, place names that
    open or close an organisation's name, gazetteer n-grams, US state abbreviations; then
    demonyms ('Syrian'). No overlaps, in text order."""
    text = article.nlp_text
    ner = [t for ent in doc.ents if ent.label_ in LABELS if (t := _from_ent(article, ent))]
    datelines = _from_datelines(article)
    areas = [*_from_keywords(text), *_from_areas(text)]  # 'Idleb countryside': Idleb is a place
    known = {fold(t.name) for t in ner + datelines + areas} | _headline_places(article.title)
    ngrams = _from_ngrams(article, doc, known)
    found: list[Toponym] = []
    taken: set[int] = set()
    for t in [*areas, *_from_arabic_names(text), *ner,
              *datelines, *_from_orgs(article, doc, known),
              *ngrams, *_from_abbreviations(article.nlp_text),
              *_from_demonyms(article, doc)]:
        if not taken.intersection(range(t.start, t.end)):
            found.append(t)
            taken.update(range(t.start, t.end))
    return _carry_hints(sorted(found, key=lambda t: t.start), text)


def _carry_hints(found: list[Toponym], text: str) -> list[Toponym]:
    """'Idlib province ... in Idlib': a bare name takes the province level the document
    gives the same name elsewhere, unless it also calls it a town ('Idlib city') or names
    this mention as a town ('the capital Sanaa'). A district's level is not carried: a
    district is most often named after its town ('Sanaa district' ... 'Sanaa')."""
    levels: dict[str, set[str]] = {}
    for t in found:
        if t.hint:
            levels.setdefault(fold(t.name), set()).add(t.hint)
    for t in found:
        if (not t.hint and not t.demonym and not t.local
                and levels.get(fold(t.name)) == {"ADM1"}
                and not TOWN_BEFORE.search(text[max(0, t.start - TOWN_CUE_CHARS):t.start])):
            t.hint = "ADM1"
    return found


NARROW_WORDS = re.compile(r"[\w.'’-]+")
COMPASS = DIRECTIONS | {"northeast", "northwest", "southeast", "southwest"}


def narrow(top: Toponym, text: str) -> Toponym | None:
    """The place inside a name the gazetteer does not know: 'Northeast Georgia', 'Henderson
    County Jail', 'Vancouver International Airport', 'Port of Los Angeles': the longest run
    of its words (without leading directions; else the words after its last 'of') that is
    a gazetteer name exactly, as a toponym over those characters."""
    words = [(m.start() + top.start, m.end() + top.start)
             for m in NARROW_WORDS.finditer(text[top.start : top.end])]
    first = 0
    while first < len(words) - 1 and text[slice(*words[first])].lower() in COMPASS:
        first += 1
    ofs = [i for i, w in enumerate(words) if text[slice(*w)] == "of"]
    spans = [(first, end) for end in range(len(words), first, -1)]
    spans += [(ofs[-1] + 1, len(words))] if ofs and ofs[-1] + 1 < len(words) else []
    def variant(folded: str) -> bool:
        return _variant_plausible(folded, top.within)

    for plausible in (_narrow_plausible, variant):
        for a, b in spans:
            after = text[slice(*words[b])].lower().rstrip(".") if b < len(words) else ""
            if (a, b) == (0, len(words)) or after in NAMESAKE_WORDS:
                continue
            start, end = words[a][0], words[b - 1][1]
            name = POSSESSIVE.sub("", text[start:end])
            end = start + len(name)
            if name[:1].isupper() and name[-1:].isalnum() and not _excluded(name, "") \
                    and plausible(fold(name)):
                return Toponym(start, end, name, _name_hint(name), top.from_ner, top.within)
    return None


def _variant_plausible(folded: str, within: str) -> bool:
    """... else, when no run is, one that spells such a place another way (VARIANT_MIN_LEN
    letters or more): names run together once their commas are lost ('Deir al-Zor
    Syrias', 'Saraqeb Idlib'), a transliteration the gazetteer spells otherwise; inside the
    area named after the name, if one is ('Nawa-e Barakzayi district, Helmand' is not
    Ghazni's Nawa)."""
    if len(folded) < VARIANT_MIN_LEN or folded in ORG_WORDS:
        return False
    return any(_sizeable(c) and (not within or within in (fold(c.admin1 or ""), c.country_code))
               for c, _ in gazetteer.load().fuzzy(folded))


def _sizeable(cand: gazetteer.Candidate) -> bool:
    return (cand.feature_class == "P" and cand.population >= PLAUSIBLE_POPULATION) \
        or cand.feature_code in ("ADM1", "PCLI")


def _narrow_plausible(folded: str) -> bool:
    """A name narrowed out of a longer one is a town of some size, a first-level area, a
    country, or a county named as one ('White House' is not White County)."""
    if folded in ORG_WORDS or folded in COMPASS or len(folded) < MIN_NAME_LEN:
        return False
    gaz = gazetteer.load()
    hits = [gaz.candidate(k) for k in gaz.names.get(folded, [])]
    named_area = folded.split()[-1] in ADMIN2_WORDS
    return any(_sizeable(c) or c.feature_code == "CONT"
               or (named_area and c.feature_code in ("ADM2", "ADM3")) for c in hits)


def is_demonym(surface: str) -> bool:
    """'Syrian', 'Palestinians', 'Sri Lankan': a people's name, not a place's."""
    return demonym_country(surface) is not None


def demonym_country(surface: str) -> str | None:
    folded = fold(surface)
    code = DEMONYMS.get(folded)
    if code is None and folded.endswith("s") and folded[:-1] not in PLURAL_DEMONYMS:
        code = DEMONYMS.get(folded[:-1])
    return code


# 'the capital Sanaa', 'the city of Idlib', 'the town of X': this mention is the town
TOWN_BEFORE = re.compile(r"\b(?:capital|city|town|village)(?:\s+of)?\s+(?:the\s+)?$", re.I)
TOWN_CUE_CHARS = 24

KEYWORD_PLACE = re.compile(
    r"\b([A-Z][\w'’]*(?:[- ](?:[A-Z][\w'’]*|e|i|ul|al|el|wa|ad|as|ash|an|ar|az|at|ez|ed|o))*)"
    r" (district|districts|province|governorate|city|town|village|county)\b")
KEYWORD_HINTS = {"district": "ADM2", "districts": "ADM2", "county": "ADM2", "province": "ADM1",
                 "governorate": "ADM1", "city": "P", "town": "P", "village": "P"}


def _from_keywords(text: str) -> list[Toponym]:
    """'Pul-e Khumri district', 'Tarinkot city': a name before an admin or settlement word."""
    out = []
    for m in KEYWORD_PLACE.finditer(text):
        start, name = _trim(m.start(1), m.group(1))  # 'In Hama province': Hama
        first, _, rest = name.partition(" ")
        country = _country_code(first[:-1]) if rest and first.endswith("s") else ""
        if country:
            name, start = rest, start + len(first) + 1  # Syrias Hama province: Hama
        if fold(name) in NOT_PLACES or fold(name) in {"the", "this", "that"} or is_demonym(name):
            continue  # 'the Syrian city of ...' names no city
        out.append(Toponym(start, m.end(), name, KEYWORD_HINTS[m.group(2)], False, country))
    return out


def _words(words: set[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


NAME = (r"[A-Z][\w'’]*(?:(?:[- ](?:e|i|ul|al|el|wa|ad|as|ash|an|ar|az|at|ez|ed|o))?"
        r"[- ][A-Z][\w'’]*)*")  # capitalized words, joined by inner articles ('Deir ez-Zor')
POSSESSIVE = re.compile(r"['’]s?$")
AREA_AFTER = re.compile(  # 'Hama countryside', "Hama's eastern countryside", 'Damascus Countryside'
    rf"\b({NAME})(?: (?i:{_words(DIRECTIONS)}))? ((?i:{_words(COUNTRYSIDE_WORDS)}))\b")
AREA_BEFORE = re.compile(  # 'the countryside of Hama', 'rural Idlib', 'the city of Homs'
    rf"\b(?i:({_words(AREA_OF_WORDS | CITY_WORDS)})(?: areas?)? of|({_words(RURAL_WORDS)}))"
    rf" ({NAME})")


def _from_areas(text: str) -> list[Toponym]:
    """'the countryside of Hama', "Hama's eastern countryside", 'rural Idlib', 'the
    province of Idlib': the first-level area (its own name when the gazetteer has one:
    'Rural Damascus'); 'the city of Homs': the town."""
    out = []
    for m in AREA_AFTER.finditer(text):
        start, name = _trim(m.start(1), POSSESSIVE.sub("", m.group(1)))
        words = name.split(" ")  # 'Hama Northern Countryside': the direction is no name
        while len(words) > 1 and words[-1].lower() in DIRECTIONS:
            words.pop()
        name = " ".join(words)
        if _area_ok(name):
            out.append(Toponym(start, m.end(), _rural_name(name), "ADM1", False))
    for m in AREA_BEFORE.finditer(text):
        word, name = (m.group(1) or m.group(2)).lower(), POSSESSIVE.sub("", m.group(3))
        if not _area_ok(name):
            continue
        hint = "P" if word in CITY_WORDS else "ADM1"
        rural = word in COUNTRYSIDE_WORDS | RURAL_WORDS
        start = m.start() if rural else m.start(3)
        out.append(Toponym(start, m.start(3) + len(name), _rural_name(name) if rural else name,
                           hint, False))
    return out


LEADING_WORDS = LOCATIVE | DIRECTIONS | {"the", "a", "and", "on"}


def _trim(start: int, name: str) -> tuple[int, str]:
    """'In Hama', 'Eastern Hama', 'Syrian Hama': the words before the name go."""
    words = name.split(" ")
    while len(words) > 1 and (words[0].lower() in LEADING_WORDS or is_demonym(words[0])):
        start += len(words[0]) + 1
        words = words[1:]
    return start, " ".join(words)


def _area_ok(name: str) -> bool:
    folded = fold(name)
    return bool(folded) and folded not in NOT_PLACES and not is_demonym(name) \
        and folded not in {"the", "this", "that"}


def _rural_name(name: str) -> str:
    """'Damascus' -> 'Rural Damascus' when the gazetteer knows the rural area by a name of
    its own (a first-level area around a capital that is an area itself)."""
    rural = gazetteer.load().rural_area(name)
    return rural.name if rural else name


ARABIC_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[ -](?:al|el|ez|ad|as|ash|an|ar|az|at|ed|ul|es)[ -]?[A-Z][a-z]+)+\b")


def _from_arabic_names(text: str) -> list[Toponym]:
    """'Deir al-Zor', 'Jisr al-Shughur', 'Ras al-Ain': names with an inner article, which
    the model often cuts or joins to the next word, kept when the gazetteer knows them."""
    out = []
    for m in ARABIC_NAME.finditer(text):
        if gazetteer.load().search(m.group(0), NAME_CUTOFF):
            out.append(Toponym(m.start(), m.end(), m.group(0), "", False))
    return out


DEMONYM_LABELS = ("NORP", "GPE", "PERSON")  # labels the model gives a bare demonym
LEADING_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)


def _from_demonyms(article: Article, doc: Doc) -> list[Toponym]:
    """Demonyms resolved to their country: those the model tagged as a whole ('Syrian',
    also mistagged as a person: 'Sri Lankan'), and those that open the name of a body or
    firm ('the Georgian Interior Ministry', 'American Electric Power'): the adjective
    still names the country."""
    out = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if ent.label_ not in DEMONYM_LABELS or demonym_country(ent.text) is None:
            start, end = _leading_demonym(ent.text, start)
        code = demonym_country(article.text[start:end]) if end > start else None
        if code and article.text[start:start + 1].isupper():
            out.append(Toponym(start, end, article.text[start:end], "", True, "", code))
    return out


def _leading_demonym(text: str, offset: int) -> tuple[int, int]:
    """The span of the demonym a longer name opens with, after an article (one or two
    words: 'Sri Lankan'), or an empty span."""
    lead = LEADING_ARTICLE.match(text)
    begin = lead.end() if lead else 0
    words = list(re.finditer(r"[A-Za-z]+", text[begin:]))
    for n in (2, 1):
        if len(words) > n and demonym_country(text[begin:begin + words[n - 1].end()]):
            return offset + begin, offset + begin + words[n - 1].end()
    return offset, offset


DATELINE = re.compile(r"(?:^|\n|[.!?\]] )[ \t]*([A-Z][A-Z.'\- ]{2,28}[A-Z.])(?=, | --| —| -| \()")


def _from_datelines(article: Article) -> list[Toponym]:
    """'COLUMBUS, Ohio (AP) —' / 'CHARLESTON, W.Va. --': an all-caps place at a line start."""
    out = []
    for match in DATELINE.finditer(article.nlp_text):
        name, start = match.group(1).rstrip(". "), match.start(1)
        if len(name) >= MIN_NAME_LEN and _plausible(fold(name)):
            out.append(Toponym(start, start + len(name), name.title(), "", False))
    return out


STATE_ABBREVIATION = re.compile(
    r"(?<=, )(" + "|".join(re.escape(k) for k in sorted(US_STATES, key=len, reverse=True))
    + r")(?![A-Za-z])")


# dotted initials ('S.C.', 'N.Y.', 'D.C.', 'W.Va.') name a state wherever they stand
STATE_INITIALS = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(US_STATES, key=len, reverse=True)
                             if re.fullmatch(r"[A-Z]\.[A-Z][a-z]*\.", k)) + r")(?![A-Za-z])")


# countries' all-capital abbreviations of three letters or more ('DRC', 'UAE'), anywhere
COUNTRY_INITIALS = re.compile(
    r"(?<![\w.-])(" + "|".join(k for k in ABBREVIATIONS if re.fullmatch(r"[A-Z]{3,}", k))
    + r")(?![\w-])")


def _from_abbreviations(text: str) -> list[Toponym]:
    """AP-style state abbreviations after a comma ('Richmond, Va.'), dotted initials
    anywhere ('the S.C. Highway Patrol', 'Northwest D.C.'), and countries' all-capital
    abbreviations ('fighting in the DRC', which the model often tags ORG)."""
    found = [*STATE_ABBREVIATION.finditer(text), *STATE_INITIALS.finditer(text),
             *COUNTRY_INITIALS.finditer(text)]
    spans = sorted({(m.start(), m.end()) for m in found})
    return [Toponym(start, end, text[start:end], "", False) for start, end in spans]


ORG_LABELS = {"ORG", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"}


def _from_orgs(article: Article, doc: Doc, known: set[str]) -> list[Toponym]:
    """'Gainesville Police', 'Texas Department of Health', 'University of Georgia'."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ORG_LABELS or len(ent) < MIN_ORG_TOKENS:
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
    """The longest run of up to MAX_NAME_TOKENS name tokens opening the name that is a place."""
    for n in range(MAX_NAME_TOKENS, 0, -1):
        head = tokens[:n]
        if len(tokens) > n and all(_name_token(t) for t in head) and _org_place(head, known):
            return head
    return []


def _org_tail(tokens: list[Token], known: set[str]) -> list[Token]:
    """'University of Georgia': the name tokens after the last 'of'."""
    ofs = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    tail = tokens[ofs[-1] + 1 :] if ofs else []
    if 0 < len(tail) <= MAX_NAME_TOKENS and all(_name_token(t) for t in tail) \
            and _org_place(tail, known):
        return tail
    return []


def _name_token(tok: Token) -> bool:
    return (tok.is_title and tok.is_alpha) or tok.text in ABBREVIATIONS


def _org_place(tokens: list[Token], known: set[str]) -> bool:
    name = tokens[0].doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    folded = fold(name)
    if folded in known or ABBREVIATIONS.get(name):
        return True
    if folded in ORG_WORDS or len(folded) < MIN_NAME_LEN:
        return False
    gaz = gazetteer.load()
    hits = [gaz.candidate(k) for k in gaz.names.get(folded, [])]
    county = folded.split()[-1] in ADMIN2_WORDS  # 'Hall County Sheriff', not 'White House'
    return any((c.feature_class == "P" and c.population >= ORG_PLACE_POPULATION)
               or c.feature_code in ("PCLI", "ADM1", "CONT")
               or (county and c.feature_code == "ADM2") for c in hits)


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
    if _excluded(name, article.nlp_text[end : end + ACTOR_SUFFIX_WINDOW]):
        return None
    hint, stop = _keyword_hint(doc, tokens[1])
    if hint and stop > end:
        return Toponym(start, stop, name, hint, from_ner)
    hint = _name_hint(name) or _comma_hint(article.nlp_text, start)
    return Toponym(start, end, name, hint, from_ner, local=_local(doc, *tokens))


def _local(doc: Doc, first: int, after: int) -> bool:
    """'a Palestine man', 'Athens Police', 'Galen Miller of Palestine', '400 S. Locust St.,
    Lebanon': a town, not the country or state of that name."""
    if after < len(doc) and doc[after].lower_ in LOCAL_WORDS:
        return True
    before = [doc[i] for i in range(max(0, first - LOOKBEHIND_TOKENS), first)]
    if len(before) >= 2 and before[-1].lower_ == "of" and before[-2].ent_type_ == "PERSON":
        return True
    if len(before) == 3 and before[-1].lower_ == "of" and before[-2].text == "," \
            and before[-3].like_num:
        return True  # 'Robin Garcia, 32, of Columbus'
    street = len(before) >= 2 and before[-2].lower_.rstrip(".") in STREET_WORDS
    return street and before[-1].text == ","


# 'in Nahri Shahi district, Balkh', 'in Almar district centre, Faryab' (its main town)
AFTER_DISTRICT = re.compile(r"\b(district|county|districts|counties)(?:\s+cent(?:re|er))?,\s*$",
                            re.I)


def _comma_hint(text: str, start: int) -> str:
    """'in Nahri Shahi district, Balkh': the name after 'district,' is a province."""
    window = text[max(0, start - AFTER_DISTRICT_WINDOW) : start]
    return "ADM1" if AFTER_DISTRICT.search(window) else ""


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
    for sent_start, whole in capital_runs(doc):
        run, country = _after_possessive_country(whole)
        if len(run) > 1 and run[0].i == sent_start and run[0].lower_ in LOCATIVE:
            run = run[1:]  # 'In Hama, army units ...': the opening preposition is no name
        after_country = bool(country)
        run = _longest_known(run, known) if after_country else run
        name = article.text[run[0].idx : run[-1].idx + len(run[-1])]
        folded = fold(name)
        locative = after_country or (run[0].i > sent_start and _locative_before(doc, run[0].i))
        near = locative and doc[run[0].i - 1].lower_ in NEAR_WORDS  # 'near Lashkar Gah' (PERSON)
        held = _held_before(doc, run[0].i) and run[0].i - 2 > sent_start
        if not (after_country or near or held) and any(t.i in blocked for t in whole):
            continue
        nxt = run[-1].i + 1
        local = nxt < len(doc) and doc[nxt].lower_ in LOCAL_NOUNS
        in_country = after_country and _resolvable(name)
        spelled = held and bool(gazetteer.load().search(name))  # any spelling of a place
        if folded in known or in_country or spelled or (
                (locative or local) and _plausible(folded)):
            top = _toponym(article, doc, run[0].idx, run[-1].idx + len(run[-1]),
                           (run[0].i, run[-1].i + 1), False)
            if top:
                top.within = top.within or country
                out.append(top)
    return out


def _headline_places(title: str | None) -> set[str]:
    """Capitalized words of the headline that are well-known places: they are places in
    the body too ('Airstrikes continue on east Aleppo' ... 'in Aleppo')."""
    words = re.findall(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", title or "")
    words += [w for pair in words for w in re.split(r"[ -]", pair)[:1]]  # 'Idleb Army'
    return {fold(w) for w in words if _plausible(fold(w))}


def _after_possessive_country(run: list) -> tuple[list, str]:
    """'Syrias Aleppo' (a possessive whose apostrophe was lost): the country goes, and
    what follows it is placed in it (its country code is returned)."""
    first = run[0].text
    if len(run) > 1 and first.endswith("s") and (code := _country_code(first[:-1])):
        return run[1:], code
    return run, ""


def _longest_known(run: list, known: set[str]) -> list:
    """Drop trailing words ('Aleppo Monitor') until the name is a place."""
    for size in range(len(run), 0, -1):
        name = " ".join(t.text for t in run[:size])
        if fold(name) in known or _resolvable(name):
            return run[:size]
    return run


def _resolvable(name: str) -> bool:
    return len(name) >= MIN_NAME_LEN and bool(gazetteer.load().search(name, NAME_CUTOFF))


@lru_cache(maxsize=256)
def _country_code(name: str) -> str:
    """The country code of a country's name ('' if it names none)."""
    return next((c.country_code or "" for c in gazetteer.load().lookup(name)
                 if c.feature_code == "PCLI"), "")


HELD_WORDS = {"held", "controlled", "besieged", "run", "occupied", "dominated"}
HELD_LOOKBACK = 6  # tokens before a name searched for a locative: 'in the rebel-held X'


def _held_before(doc: Doc, i: int) -> bool:
    """'rebel-held Khan Sheikhoun', 'government-controlled Jableh': only a place is held."""
    return i >= 3 and doc[i - 1].lower_ in HELD_WORDS and doc[i - 2].text == "-"


def _locative_before(doc: Doc, i: int) -> bool:
    """'in <Place>', or '<...> district, <Place>' (ACLED: 'in Nahri Shahi district, Balkh')."""
    if doc[i - 1].lower_ in LOCATIVE or doc[i - 1].lower_ in AREA_WORDS:
        return True
    if doc[i - 1].lower_ in CITY_WORDS:  # 'the Syrian city Aleppo'
        return True
    if _held_before(doc, i):
        return any(t.lower_ in LOCATIVE for t in doc[max(0, i - HELD_LOOKBACK) : i - 3])
    keywords = ADMIN1_WORDS | ADMIN2_WORDS | CITY_WORDS | {"area"}
    if doc[i - 1].text != "," or i < 2:
        return False
    centre = doc[i - 2].lower_ in ("centre", "center") and i >= 3  # 'district centre, Faryab'
    return doc[i - 3 if centre else i - 2].lower_ in keywords


def capital_runs(doc: Doc) -> list[tuple[int, list]]:
    runs: list[tuple[int, list]] = []
    for sent in doc.sents:
        run: list = []
        for tok in [*sent, None]:
            if tok is not None and tok.is_title and tok.is_alpha and len(run) < MAX_NAME_TOKENS:
                run.append(tok)
                continue
            if run:
                runs.append((sent.start, run))
            run = [tok] if tok is not None and tok.is_title and tok.is_alpha else []
    return runs


def _plausible(folded: str) -> bool:
    """A name after a locative preposition counts if it is a sizeable or well-known place."""
    if len(folded) < MIN_NAME_LEN:
        return False
    gaz = gazetteer.load()
    hits = gaz.names.get(PLACE_ALIASES.get(folded, folded), [])
    if not hits:  # a spelling of a province ('Idleb'), not of a town or a village
        return any(c.feature_code == "ADM1"
                   for c, _ in gaz.fuzzy(folded))
    return any(gaz.candidate(k).population >= PLAUSIBLE_POPULATION or k[0] != CITY
               for k in hits)
