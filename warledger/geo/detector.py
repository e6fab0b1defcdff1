"""Gazetteer-driven toponyms beside NER, kept by a learned filter.

The model misses place names it tags PERSON or ORG ('Alexandria police', 'Gainesville
is ...') or not at all. Every capitalized run of one to three words (`toponyms`'
capital runs) that no toponym covers and whose name the gazetteer knows exactly is a
candidate; `span_features` describes it (the model's label, the words around it, the
population and kind of its namesakes, whether one of them lies in the document's country
or admin1 or near its other places, whether the name is already a place elsewhere in
the document), and a logistic model (`ranker.Model` weights plus a threshold, trained
with the ranker by `warledger.evaluation.train_places`) keeps the likely ones.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from warledger.geo import gazetteer
from warledger.geo.distance import distance_km
from warledger.geo.gazetteer import fold
from warledger.geo.ranker import Model
from warledger.geo.toponyms import (
    POSSESSIVE,
    Toponym,
    capital_runs,
    is_demonym,
)
from warledger.geo.words import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    LOCAL_NOUNS,
    LOCAL_WORDS,
    LOCATIVE,
    NOT_PLACES,
    ORG_WORDS,
    STREET_WORDS,
)

if TYPE_CHECKING:
    from warledger.geo.places import Context

MIN_LEN = 4  # shorter names are too ambiguous
LISTED_CITY_MIN = 100_000  # a word of an unknown capitalized run counts when a city this big
NEAR_KM = 161.0
KM_SCALE = 4.0
POPULATION_SCALE = 7.0
TITLES = {"mr", "mrs", "ms", "dr", "sen", "gov", "rep", "gen", "president", "mayor", "judge",
          "officer", "coach", "sgt", "lt", "capt", "col", "chief", "sheriff", "st"}
FEATURES = ("ner_person", "ner_org", "ner_norp", "ner_none", "ner_other", "ent_longer",
            "tokens", "sentence_start", "population", "admin_or_country", "namesakes",
            "in_top_country", "in_top_admin1", "nearest_km", "known", "locative_before",
            "of_before", "local_after", "admin_after", "street_after", "title_before",
            "name_before", "name_after", "possessive", "the_before")


def candidate_spans(text: str, doc: Doc, taken: list[Toponym]) -> list[tuple[Toponym, list]]:
    """Capitalized runs no toponym covers whose name the gazetteer knows exactly, with
    their tokens."""
    covered = {i for t in taken for i in range(t.start, t.end)}
    out = []
    for _, run in capital_runs(doc):
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        name = POSSESSIVE.sub("", text[start:end])
        folded = fold(name)
        if covered.intersection(range(start, end)) or len(folded) < MIN_LEN \
                or folded in NOT_PLACES or folded in ORG_WORDS or is_demonym(name):
            continue
        if gazetteer.load().lookup(name):
            out.append((Toponym(start, start + len(name), name, "", False), run))
    return out


def listed_cities(text: str, doc: Doc, taken: list[Toponym], home: str | None
                  ) -> list[Toponym]:
    """Big places listed without commas in one capitalized run that is no name itself
    ('attacks in Daraa countryside Aleppo Damascus'): every word of the run a city of
    LISTED_CITY_MIN people in the country the document is about (`home`; not 'George
    Bush', 'Metro Vancouver')."""
    covered = {i for t in taken for i in range(t.start, t.end)}
    out: list[Toponym] = []
    for _, run in capital_runs(doc):
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        if len(run) < 2 or covered.intersection(range(start, end)) \
                or gazetteer.load().lookup(text[start:end]):
            continue
        if home and all(_listed_city(t.text, home) for t in run):
            out += [Toponym(t.idx, t.idx + len(t), t.text, "", False) for t in run]
    return out


def _listed_city(name: str, home: str) -> bool:
    """A name in a list run together without commas ('attacks in Daraa countryside Aleppo
    Damascus'): a city of LISTED_CITY_MIN people by itself (not a country, nor an area
    whose name is a word: 'Eastern')."""
    if len(fold(name)) < MIN_LEN or is_demonym(name):
        return False
    return any(c.feature_class == "P" and c.population >= LISTED_CITY_MIN
               and c.country_code == home for c in gazetteer.load().lookup(name))


def span_features(top: Toponym, run: list[Token], context: Context,
                  known: set[str]) -> list[float]:
    """One row in `FEATURES` order."""
    doc = run[0].doc
    first, last = run[0], run[-1]
    label = first.ent_type_
    ent = next((e for e in doc.ents if e.start <= first.i < e.end), None)
    cands = gazetteer.load().lookup(top.name)
    pop = max(c.population for c in cands)
    top_country = max(context.countries, key=lambda c: context.countries[c], default=None)
    top_admin1 = max(context.admin1, key=lambda a: context.admin1[a], default=None)
    near = [distance_km(c.lat, c.lng, *p) for c in cands for p in context.points.values()]
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return [
        float(label == "PERSON"), float(label == "ORG"), float(label == "NORP"),
        float(not label), float(label not in ("PERSON", "ORG", "NORP", "")),
        float(ent is not None and len(ent) > len(run)), float(len(run)),
        float(first.is_sent_start or False), math.log10(1 + pop) / POPULATION_SCALE,
        float(any(c.feature_class == "A" for c in cands)), math.log10(len(cands)),
        float(any(c.country_code == top_country for c in cands)),
        float(any(fold(c.admin1 or "") == top_admin1 for c in cands)),
        math.log10(1 + min(near)) / KM_SCALE if near else 1.0,
        float(fold(top.name) in known),
        float(before is not None and before.lower_ in LOCATIVE),
        float(before is not None and before.lower_ == "of"),
        float(after is not None and after.lower_ in LOCAL_WORDS | LOCAL_NOUNS),
        float(after is not None and after.lower_ in ADMIN1_WORDS | ADMIN2_WORDS),
        float(after is not None and after.lower_.rstrip(".") in STREET_WORDS),
        float(before is not None and before.lower_.rstrip(".") in TITLES),
        float(before is not None and before.is_title and before.is_alpha),
        float(after is not None and after.is_title and after.is_alpha),
        float(after is not None and after.lower_ in ("'s", "’s")),
        float(before is not None and before.lower_ == "the"),  # 'the White House'
    ]


def detect(text: str, doc: Doc, taken: list[Toponym], context: Context, known: set[str],
           model: Model, threshold: float) -> list[Toponym]:
    """The candidate spans the model scores at or above the threshold, and the big places
    of comma-less lists (`listed_cities`)."""
    kept = [top for top, run in candidate_spans(text, doc, taken)
            if model.score(span_features(top, run, context, known)) >= threshold]
    home = max(context.countries, key=lambda c: context.countries[c], default=None)
    return kept + listed_cities(text, doc, taken, home)

