"""The pipeline, in order. This is the one place where the stage order lives.

    ingest   -> Document           (warledger.ingest.readers: files, folders, JSONL, WARC; lazily)
    extract  -> Article            (warledger.text.extract: HTML/text body, boilerplate, metadata)
    nlp      -> spaCy Doc          (warledger.text.nlp: over the same-length NLP view)
    dates    -> [TimeExpr]         (warledger.text.dates)
    places   -> [PlaceMention]     (warledger.geo.places)
    actors   -> [ActorMention]     (warledger.actors.dictionary)
    claims   -> [Claim]            (warledger.claims.find)
    events   -> [Event]            (warledger.events.build)
    store                          (warledger.ledger.store: one transaction per document)

Engines (warledger.engines.executors) run extract -> events in worker processes, batching
the nlp step (`nlp.parse_many`), and commit in the one writer process.
"""

from __future__ import annotations

from spacy.tokens import Doc

from warledger.actors import dictionary as actors
from warledger.claims import find as claims
from warledger.events import build as events
from warledger.geo import places
from warledger.records import Analysis, Article, Document
from warledger.text import dates, extract, nlp


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
