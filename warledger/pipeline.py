"""The pipeline, in order. This is the one place where the stage order lives.

    ingest   -> Document           (warledger.ingest)
    extract  -> Article            (warledger.extract: HTML/text body, boilerplate, metadata)
    nlp      -> spaCy Doc          (warledger.nlp: over the same-length NLP view)
    dates    -> [TimeExpr]         (warledger.dates)
    places   -> [PlaceMention]     (warledger.places)
    actors   -> [ActorMention]     (warledger.actors)
    claims   -> [Claim]            (warledger.claims)
    events   -> [Event]            (warledger.events)
    store                          (warledger.store: one transaction per document)
"""

from __future__ import annotations

from warledger import actors, claims, dates, events, extract, nlp, places
from warledger.records import Analysis, Article, Document


def analyse_article(article: Article) -> Analysis:
    """Run every stage after extraction on one article."""
    doc = nlp.parse(article.nlp_text)
    result = Analysis(article=article, doc=doc)
    result.times = dates.find_times(article, doc)
    result.places = places.find_places(article, doc)
    result.actors = actors.find_actors(article, doc)
    result.claims = claims.find_claims(article, doc)
    result.events = events.build_events(result)
    return result


def analyse(document: Document) -> Analysis:
    """One document through the whole pipeline (raises extract.Rejected on bad input)."""
    return analyse_article(extract.extract(document))
