"""Engines: the whole job over many documents, in one process, on every core, or on Dask.

    local    one process; the nlp step batched (`nlp.parse_many`)
    process  N worker processes on this machine (multiprocessing, spawn)
    dask     a Dask LocalCluster (processes, one thread each), or an existing
             cluster by scheduler address

Every engine streams: inputs are read lazily, documents already stored are
skipped before they are sent, and at most a few batches per worker are in flight.
Workers only analyse (`analyse_batch`, pure: no store); the calling process is
the one writer, and commits results in input order, one transaction per
document (`runner.commit`). So every engine gives the same ledger, and a run
killed at any point and started again finishes with nothing lost and nothing
twice.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from warledger import pipeline, runner
from warledger.ingest import readers as ingest
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Document, Rejection
from warledger.text import nlp
from warledger.text.extract import Rejected

Engine = Literal["local", "process", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "process", "dask")
BATCH_SIZE = 8  # documents per task
IN_FLIGHT_PER_WORKER = 3  # batches submitted ahead, per worker
KEEP_REJECTIONS = 1000  # rejections kept in memory for the summary (all are counted)
PROGRESS_EVERY = 0.2  # seconds between progress updates
Result = Analysis | Rejection


class EngineError(RuntimeError):
    """The engine cannot start (Dask missing, scheduler unreachable); one-line reason."""


class Handle(Protocol):
    def result(self) -> list[Result]: ...


Submit = Callable[[list[Document]], Handle]


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


def new_summary() -> runner.Summary:
    summary = runner.Summary()
    summary.rejected = Rejections()
    return summary


# -- the worker's part ---------------------------------------------------------


def analyse_batch(documents: list[Document]) -> list[Result]:
    """Documents through the pipeline, the nlp step batched; one result per document.

    Pure (no store). Falls back to one document at a time if the batch fails."""
    try:
        articles = [_extract(d) for d in documents]
        kept = [a for a in articles if isinstance(a, Article)]
        docs = iter(nlp.parse_many([a.nlp_text for a in kept]) if kept else ())
        return [a if isinstance(a, Rejection) else _finish(d, a, next(docs))
                for d, a in zip(documents, articles, strict=True)]
    except Exception:  # noqa: BLE001 - retried per document, which rejects the bad one
        return [runner.analyse_document(d) for d in documents]


def _extract(document: Document) -> Article | Rejection:
    try:
        return pipeline.extract_article(document)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return _rejection(document, exc)


def _finish(document: Document, article: Article, doc: Any) -> Result:
    try:
        analysis = pipeline.analyse_article(article, doc)
    except Exception as exc:  # noqa: BLE001
        return _rejection(document, exc)
    analysis.article.content_hash = ingest.content_hash(document.raw)
    analysis.doc = None  # not needed past the pipeline, and not picklable cheaply
    return analysis


def _rejection(document: Document, exc: Exception) -> Rejection:
    """The same reasons as `runner.analyse_document` gives."""
    if isinstance(exc, Rejected):
        return Rejection(document.source, str(exc), document.article_id)
    reason = f"internal error in the pipeline: {type(exc).__name__}: {exc}"
    return Rejection(document.source, reason.splitlines()[0], document.article_id)


def warm_up() -> None:
    """Load the model once in a worker process, before its first task."""
    nlp.load()


# -- the writer's part ---------------------------------------------------------


@dataclass
class Pending:
    """One batch in input order: its items (Documents and ingest Rejections) and results."""

    items: list[Document | Rejection]
    handle: Handle | None


@dataclass
class Writer:
    store: Store
    summary: runner.Summary
    on_reject: Callable[[Rejection], None] | None
    progress: runner.Progress | None
    started: float
    shown: float = 0.0

    def write(self, pending: Pending) -> None:
        """Commit a batch's results in input order (skipping what got stored meanwhile)."""
        results = iter(_results(pending))
        for item in pending.items:
            if isinstance(item, Rejection):
                runner.commit(self.store, item, self.summary, self.on_reject)
                continue
            result = next(results)
            if not runner.is_stored(self.store, item, self.summary):
                runner.commit(self.store, result, self.summary, self.on_reject)
        self.tick()

    def tick(self, final: bool = False) -> None:
        now = time.perf_counter()
        self.summary.seconds = now - self.started
        if self.progress and (final or now - self.shown >= PROGRESS_EVERY):
            self.shown = now
            self.progress(self.summary)


def _results(pending: Pending) -> list[Result]:
    documents = [i for i in pending.items if isinstance(i, Document)]
    if pending.handle is None:
        return []
    try:
        return pending.handle.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker rejects its batch, not the run
        reason = f"worker failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
        return [Rejection(d.source, reason, d.article_id) for d in documents]


def batches(items: Iterable[Document | Rejection], store: Store, summary: runner.Summary,
            size: int) -> Iterator[list[Document | Rejection]]:
    """Input items in batches of `size` documents; documents already stored are dropped."""
    batch: list[Document | Rejection] = []
    count = 0
    for item in items:
        summary.read += 1
        if isinstance(item, Document):
            if runner.is_stored(store, item, summary):
                continue
            count += 1
        batch.append(item)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


# -- executors -----------------------------------------------------------------


class Done:
    """A result computed on the spot (the local engine)."""

    def __init__(self, results: list[Result]) -> None:
        self.results = results

    def result(self) -> list[Result]:
        return self.results


@contextmanager
def local_executor() -> Iterator[Submit]:
    yield lambda documents: Done(analyse_batch(documents))


@contextmanager
def process_executor(workers: int) -> Iterator[Submit]:
    """`workers` spawned processes, each loading the model once."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                             initializer=warm_up) as pool:
        def submit(documents: list[Document]) -> Future[list[Result]]:
            return pool.submit(analyse_batch, documents)

        yield submit


@contextmanager
def dask_executor(workers: int, scheduler: str | None) -> Iterator[Submit]:
    """A LocalCluster of `workers` processes (one thread each), or the cluster at `scheduler`.

    Each worker loads the model once (module-level cache), warmed up at the start."""
    with dask_client(workers, scheduler) as client:
        client.run(warm_up)
        yield lambda documents: client.submit(analyse_batch, documents, pure=False)


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs the [dask] extra: "
                          "pip install 'warledger[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def executor(engine: Engine, workers: int, scheduler: str | None) -> Any:
    if engine == "dask":
        return dask_executor(workers, scheduler)
    if engine == "process":
        return process_executor(workers)
    return local_executor()


# -- the job -------------------------------------------------------------------


def run(inputs: Iterable[str], db: str | Path, *, engine: Engine = "local", workers: int = 1,
        scheduler: str | None = None, stdin: IO[bytes] | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
        progress: runner.Progress | None = None,
        batch_size: int = BATCH_SIZE) -> runner.Summary:
    """Process every input into the store at `db` with the chosen engine."""
    summary = new_summary()
    with Store(db) as store, executor(engine, workers, scheduler) as submit:
        writer = Writer(store, summary, on_reject, progress, time.perf_counter())
        in_flight: deque[Pending] = deque()
        limit = 0 if engine == "local" else max(1, workers) * IN_FLIGHT_PER_WORKER
        items = ingest.read_inputs(inputs, stdin)
        for batch in batches(items, store, summary, batch_size):
            documents = [i for i in batch if isinstance(i, Document)]
            in_flight.append(Pending(batch, submit(documents) if documents else None))
            while len(in_flight) > limit:
                writer.write(in_flight.popleft())
        while in_flight:
            writer.write(in_flight.popleft())
        writer.tick(final=True)
    return summary


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)
