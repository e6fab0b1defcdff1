"""Executors: submit batches to the chosen engine, and stream the results back in order.

Every engine streams: at most `in_flight` batches are submitted ahead of the one
being committed, so memory does not grow with the input. A batch whose worker fails
comes back as one Rejection per document; the run goes on.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from multiprocessing import get_context
from typing import Any, Literal, Protocol

from warledger.errors import EngineError
from warledger.records import Analysis, Document, Rejection

Engine = Literal["local", "process", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "process", "dask")
IN_FLIGHT_PER_WORKER = 3  # batches submitted ahead, per worker
REASON_CHARS = 300  # a failed worker's reason, cut to one short line
Result = Analysis | Rejection
Item = Document | Rejection
Work = Callable[[list[Document]], list[Result]]


class Handle(Protocol):
    def result(self) -> list[Result]: ...


Submit = Callable[[Work, list[Document]], Handle]


class Done:
    """A result computed on the spot (the local engine)."""

    def __init__(self, results: list[Result]) -> None:
        self.results = results

    def result(self) -> list[Result]:
        return self.results


def stream(batches: Iterable[list[Item]], work: Work, submit: Submit,
           in_flight: int) -> Iterator[list[tuple[Item, Result]]]:
    """Each batch's items paired with their results, in input order (an input Rejection
    is its own result); at most `in_flight` batches wait in the engine."""
    pending: deque[tuple[list[Item], Handle | None]] = deque()
    for batch in batches:
        documents = [i for i in batch if isinstance(i, Document)]
        pending.append((batch, submit(work, documents) if documents else None))
        while len(pending) > in_flight:
            yield _paired(*pending.popleft())
    while pending:
        yield _paired(*pending.popleft())


def _paired(items: list[Item], handle: Handle | None) -> list[tuple[Item, Result]]:
    results = iter(_results(items, handle))
    return [(i, i if isinstance(i, Rejection) else next(results)) for i in items]


def _results(items: list[Item], handle: Handle | None) -> list[Result]:
    if handle is None:
        return []
    try:
        return handle.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker rejects its batch, not the run
        reason = f"worker failed: {type(exc).__name__}: {exc}".splitlines()[0][:REASON_CHARS]
        return [Rejection(d.source, reason, d.article_id) for d in items
                if isinstance(d, Document)]


def in_flight(engine: Engine, workers: int) -> int:
    """Batches submitted ahead of the one committed (none for the local engine)."""
    return 0 if engine == "local" else max(1, workers) * IN_FLIGHT_PER_WORKER


def executor(engine: Engine, workers: int, scheduler: str | None,
             warm_up: Callable[[], object]) -> AbstractContextManager[Submit]:
    """The engine's `submit`; `warm_up` runs once in every worker (loads the model)."""
    if engine == "dask":
        return dask_executor(workers, scheduler, warm_up)
    if engine == "process":
        return process_executor(workers, warm_up)
    return local_executor()


@contextmanager
def local_executor() -> Iterator[Submit]:
    yield lambda work, documents: Done(work(documents))


@contextmanager
def process_executor(workers: int, warm_up: Callable[[], object]) -> Iterator[Submit]:
    """`workers` spawned processes, each loading the model once."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                             initializer=warm_up) as pool:
        yield pool.submit


@contextmanager
def dask_executor(workers: int, scheduler: str | None,
                  warm_up: Callable[[], object]) -> Iterator[Submit]:
    """A LocalCluster of `workers` processes (one thread each), or the cluster at `scheduler`.

    Each worker loads the model once (module-level cache), warmed up at the start."""
    with dask_client(workers, scheduler) as client:
        client.run(warm_up)
        yield lambda work, documents: client.submit(work, documents, pure=False)


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


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)
