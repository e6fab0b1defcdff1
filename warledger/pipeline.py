"""The pipeline, in order. This is the one place where the stage order lives.

    ingest   -> Document           (warledger.ingest: files, folders, JSONL, WARC; lazily)
    extract  -> Article            (warledger.extract: HTML/text body, boilerplate, metadata)
    nlp      -> spaCy Doc          (warledger.nlp: over the same-length NLP view)
    dates    -> [TimeExpr]         (warledger.dates)
    places   -> [PlaceMention]     (warledger.places)
    actors   -> [ActorMention]     (warledger.actors)
    claims   -> [Claim]            (warledger.claims)
    events   -> [Event]            (warledger.events)
    store                          (warledger.store: one transaction per document)

Engines (warledger.engines) run extract -> events in worker processes, batching
the nlp step (`nlp.parse_many`), and commit in the one writer process.
"""

from __future__ import annotations

from spacy.tokens import Doc

from warledger import actors, claims, dates, events, extract, nlp, places
from warledger.records import Analysis, Article, Document


def analyse_article(article: Article, doc: Doc | None = None) -> Analysis:
    """Run every stage after extraction on one article (`doc`: its parse, when batched)."""
    doc = nlp.parse(article.nlp_text) if doc is None else doc
    result = Analysis(article=article, doc=doc)
    result.times = dates.find_times(article, doc)
    result.places = places.find_places(article, doc)
    result.actors = actors.find_actors(article, doc)
    result.claims = claims.find_claims(article, doc)
    result.events = events.build_events(result)
    return result


def analyse(document: Document) -> Analysis:
    """One document through the whole pipeline (raises extract.Rejected on bad input)."""
    return analyse_article(extract_article(document))


def extract_article(document: Document) -> Article:
    """Extraction, with the capture date (WARC) as the publication date when none is found."""
    article = extract.extract(document)
    if article.published is None and document.fetched:
        article.published = document.fetched
    return article
