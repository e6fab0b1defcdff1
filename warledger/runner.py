"""The local runner: inputs through the pipeline into the store, one document at a time.

A bad document is rejected with its reason (in the store and in the summary)
and never stops the others; each kept document is committed in its own
transaction, so a killed run loses nothing already committed and a re-run skips
what is stored (same article id and content hash).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from warledger import pipeline
from warledger.ingest import readers as ingest
from warledger.ledger import link
from warledger.ledger.store import Store
from warledger.records import Analysis, Document, Rejection
from warledger.text.extract import Rejected

Progress = Callable[["Summary"], None]


@dataclass
class Summary:
    read: int = 0
    kept: int = 0
    skipped: int = 0  # already in the store
    events: int = 0
    claims: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        text = (f"documents read: {self.read}, articles kept: {self.kept}, "
                f"already stored: {self.skipped}, rejected: {len(self.rejected)}, "
                f"events: {self.events}, claims: {self.claims} ({self.seconds:.1f} s)")
        return [text] + [f"  rejected {r.source}: {r.reason}" for r in self.rejected]


def is_stored(store: Store, document: Document, summary: Summary) -> bool:
    """Is this document (same id, same content) already in the store? Counts it if so."""
    if store.has_article(document.article_id, ingest.content_hash(document.raw)):
        summary.skipped += 1
        return True
    return False


def analyse_document(document: Document) -> Analysis | Rejection:
    """The worker's part: one document through the pipeline, or its Rejection.

    Pure: touches no store, so engines may run it in other processes."""
    try:
        analysis = pipeline.analyse(document)
    except Rejected as exc:
        return Rejection(document.source, str(exc), document.article_id)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        reason = f"internal error in the pipeline: {type(exc).__name__}: {exc}"
        return Rejection(document.source, reason.splitlines()[0], document.article_id)
    analysis.article.content_hash = ingest.content_hash(document.raw)
    analysis.doc = None  # not needed past the pipeline, and not picklable cheaply
    return analysis


def commit(store: Store, result: Analysis | Rejection, summary: Summary,
           on_reject: Callable[[Rejection], None] | None = None) -> None:
    """The writer's part: one result into the store, in one transaction.

    Linking happens here (`warledger.ledger.link`): the article is saved, marked as a
    syndicated copy when it is one, and its event merged into the ledger events
    already stored; `summary.events` counts the change in ledger events."""
    if isinstance(result, Rejection):
        store.save_rejection(result)
        summary.rejected.append(result)
        if on_reject:
            on_reject(result)
        return
    summary.events += link.commit_analysis(store, result)
    summary.kept += 1
    summary.claims += len(result.claims)


def process(store: Store, document: Document, summary: Summary) -> None:
    """One document, analysed and committed (skipped when already stored)."""
    if not is_stored(store, document, summary):
        commit(store, analyse_document(document), summary)


def print_progress(summary: Summary) -> None:
    """A one-line progress display for a terminal (stderr)."""
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    sys.stderr.write(f"\r{summary.read} documents, {rate:.1f}/s, "
                     f"{len(summary.rejected)} rejected ")
    sys.stderr.flush()
