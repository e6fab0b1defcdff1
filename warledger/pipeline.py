"""The whole job, in order. This is the one place where the stage order lives.

    1. read      inputs -> Document | Rejection        warledger.ingest (lazily; content hash)
    2. extract   Document -> Article                    warledger.text.extract
    3. analyse   Article -> Analysis                    parse once (warledger.text.nlp), then
                   times     warledger.text.dates
                   places    warledger.geo.places
                   actors    warledger.actors.dictionary
                   claims    warledger.claims.find
                   events    warledger.events.build
    4. link      syndicated copies, ledger events       warledger.ledger.link
    5. store     one transaction per document           warledger.ledger.store

`process` turns one document into an `Analysis` or a `Rejection` (steps 2-3) for
every command: `run`, `extract`, `places`, `claims` and the web API.
`process_batch` does the same for a batch, parsing it at once; it is pure (no
store), so engines (`warledger.engines`) run it in worker processes or on Dask.
`commit` is the writer's part (steps 4-5), in the one process that writes.
`run` is the whole job over many inputs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from spacy.tokens import Doc

from warledger.actors import dictionary as actors
from warledger.claims import find as claims
from warledger.engines import executors as engines
from warledger.errors import InputError, WarledgerError, one_line
from warledger.events import build as events
from warledger.geo import places
from warledger.ingest import readers as ingest
from warledger.ingest.values import check_length
from warledger.ledger import link
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Document, Rejection, Settings
from warledger.text import dates, extract, nlp

Result = Analysis | Rejection
BATCH_SIZE = 8  # documents per task sent to a worker
KEEP_REJECTIONS = 1000  # rejections kept in memory for the summary (all are counted)
PROGRESS_EVERY = 0.2  # seconds between progress updates
DEFAULT = Settings()


# -- one document (steps 2-3) ----------------------------------------------------------


def analyse(document: Document, settings: Settings = DEFAULT) -> Analysis:
    """One document through extraction and analysis (raises `Rejected` on bad input)."""
    return analyse_article(extract_article(document), settings=settings)


def extract_article(document: Document) -> Article:
    """Step 2, with the capture date (WARC) as the publication date when none is found."""
    article = extract.extract(document)
    check_length(article.nlp_text)
    if article.published is None and document.fetched:
        article.published = document.fetched
    return article


def analyse_article(article: Article, doc: Doc | None = None,
                    settings: Settings = DEFAULT) -> Analysis:
    """Step 3: every stage after extraction (`doc`: the article's parse, when batched)."""
    doc = nlp.parse(article.nlp_text) if doc is None else doc
    result = Analysis(article=article, doc=doc, settings=settings)
    result.times = dates.find_times(article, doc)
    result.places = places.find_places(article, doc)
    result.actors = actors.find_actors(article, doc, settings.actors)
    result.claims = claims.find_claims(article, doc)
    result.events = events.build_events(result)
    return result


def process(document: Document, settings: Settings = DEFAULT, *, keep_doc: bool = False) -> Result:
    """One document to its Analysis or its Rejection; never raises for bad input."""
    return process_batch([document], settings, keep_doc=keep_doc)[0]


def process_batch(documents: list[Document], settings: Settings = DEFAULT, *,
                  keep_doc: bool = False) -> list[Result]:
    """Documents to Analyses or Rejections, one each; the parse is batched.

    Pure (no store). `keep_doc` keeps the spaCy Doc on the Analysis (not sent back by
    workers: it is large and slow to pickle)."""
    articles = [_attempt(d, extract_article, d) for d in documents]
    kept = [a for a in articles if isinstance(a, Article)]
    try:
        parses: Iterator[Doc | None] = iter(nlp.parse_many([a.nlp_text for a in kept]))
    except Exception:  # noqa: BLE001 - parsed one at a time instead, which rejects the bad one
        parses = iter([None] * len(kept))
    results = []
    for document, article in zip(documents, articles, strict=True):
        result = article if isinstance(article, Rejection) else _attempt(
            document, analyse_article, article, next(parses), settings)
        if isinstance(result, Analysis) and not keep_doc:
            result.doc = None
        results.append(result)
    return results


def _attempt(document: Document, step: Callable[..., Any], *args: Any) -> Any:
    """`step(*args)`, or the document's Rejection with the reason."""
    try:
        return step(*args)
    except InputError as exc:
        return Rejection(document.source, str(exc), document.article_id)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return Rejection(document.source, one_line(exc, "the pipeline"), document.article_id)


# -- the writer (steps 4-5) --------------------------------------------------------------


class Rejections(list[Rejection]):
    """The summary's rejections: the first KEEP_REJECTIONS kept, all of them counted.

    ``len()`` is the count; iterating gives the kept ones. Memory stays bounded
    however many inputs are rejected."""

    def __init__(self, keep: int = KEEP_REJECTIONS) -> None:
        super().__init__()
        self.keep, self.total = keep, 0

    def append(self, item: Rejection) -> None:
        self.total += 1
        if super().__len__() < self.keep:
            super().append(item)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class Summary:
    read: int = 0
    kept: int = 0
    skipped: int = 0  # already in the store
    events: int = 0
    claims: int = 0
    rejected: list[Rejection] = field(default_factory=Rejections)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        text = (f"documents read: {self.read}, articles kept: {self.kept}, "
                f"already stored: {self.skipped}, rejected: {len(self.rejected)}, "
                f"events: {self.events}, claims: {self.claims} ({self.seconds:.1f} s)")
        return [text] + [f"  rejected {r.source}: {r.reason}" for r in self.rejected]


Progress = Callable[[Summary], None]


def is_stored(store: Store, document: Document, summary: Summary) -> bool:
    """Is this document (same id, same content) already in the store? Counts it if so."""
    if store.has_article(document.article_id, document.content_hash):
        summary.skipped += 1
        return True
    return False


def commit(store: Store, result: Result, summary: Summary,
           on_reject: Callable[[Rejection], None] | None = None) -> None:
    """Steps 4-5 for one result, in one transaction: a Rejection is recorded; an
    Analysis is stored, linked to its copies and merged into the ledger events. What the
    store cannot take (an id stored with another text, a value it cannot hold) is that
    document's rejection; only a store that cannot be written stops the run."""
    rejection = result if isinstance(result, Rejection) else (
        _conflict(store, result) or _store(store, result, summary))
    if rejection is not None:
        store.save_rejection(rejection)
        summary.rejected.append(rejection)
        if on_reject:
            on_reject(rejection)


def _conflict(store: Store, analysis: Analysis) -> Rejection | None:
    """Nothing is silently replaced: an id already stored with a different text is refused."""
    article = analysis.article
    stored = store.content_hash(article.article_id)
    if stored is None or stored == article.content_hash:
        return None
    return Rejection(article.source or article.article_id, "id already stored with a "
                     "different text (give a new version its own id)", article.article_id)


def _store(store: Store, analysis: Analysis, summary: Summary) -> Rejection | None:
    article = analysis.article
    try:
        summary.events += link.commit_analysis(store, analysis)  # all or nothing
    except WarledgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - one document's values must not stop the run
        return Rejection(article.source or article.article_id, one_line(exc, "the store"),
                         article.article_id)
    summary.kept += 1
    summary.claims += len(analysis.claims)
    return None


# -- the whole job -----------------------------------------------------------------------


def run(inputs: Iterable[str], db: str | Path, *, settings: Settings = DEFAULT,
        engine: engines.Engine = "local", workers: int = 1, scheduler: str | None = None,
        stdin: IO[bytes] | None = None, on_reject: Callable[[Rejection], None] | None = None,
        progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> Summary:
    """Every input into the store at `db`: read, skip what is stored, process (in the
    engine's workers), then commit each result in input order."""
    summary, started = Summary(), time.perf_counter()
    shown = [0.0]
    work = partial(process_batch, settings=settings)
    with Store(db) as store, engines.executor(engine, workers, scheduler, nlp.load) as submit:
        items = ingest.read_inputs(inputs, stdin)                          # 1. read
        for batch in engines.stream(batches(items, store, summary, batch_size), work, submit,
                                    engines.in_flight(engine, workers)):    # 2-3. in workers
            for item, result in batch:                                     # 4-5. link, store
                if isinstance(item, Rejection) or not is_stored(store, item, summary):
                    commit(store, result, summary, on_reject)
            _tick(summary, started, shown, progress)
        _tick(summary, started, shown, progress, final=True)
    return summary


def batches(items: Iterable[Document | Rejection], store: Store, summary: Summary,
            size: int) -> Iterator[list[Document | Rejection]]:
    """Input items in batches of `size` documents; documents already stored are dropped."""
    batch: list[Document | Rejection] = []
    count = 0
    for item in items:
        summary.read += 1
        if isinstance(item, Document):
            if is_stored(store, item, summary):
                continue
            count += 1
        batch.append(item)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _tick(summary: Summary, started: float, shown: list[float], progress: Progress | None,
          final: bool = False) -> None:
    now = time.perf_counter()
    summary.seconds = now - started
    if progress and (final or now - shown[0] >= PROGRESS_EVERY):
        shown[0] = now
        progress(summary)


def print_progress(summary: Summary) -> None:
    """A one-line progress display for a terminal (stderr)."""
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    sys.stderr.write(f"\r{summary.read} documents, {rate:.1f}/s, "
                     f"{len(summary.rejected)} rejected ")
    sys.stderr.flush()
