"""Engines: bounded streaming, in-order writing, the same ledger everywhere, resumable."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, run_cli

from warledger import pipeline
from warledger.engines import executors as engines
from warledger.records import Document, Rejection

# -- fast, no model ------------------------------------------------------------


def test_rejections_are_counted_but_only_some_kept() -> None:
    summary = pipeline.Summary()
    rejected = summary.rejected
    assert isinstance(rejected, pipeline.Rejections) and not rejected
    rejected.keep = 3
    for n in range(10):
        rejected.append(Rejection(f"in:{n}", "bad"))
    assert len(rejected) == 10 and bool(rejected)
    assert [r.source for r in rejected] == ["in:0", "in:1", "in:2"]
    assert "rejected: 10" in summary.lines()[0]


class _Late:
    """A handle whose result is only known when asked for (like a remote future)."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents

    def result(self) -> list[Any]:
        return [Rejection(d.source, f"fake {d.article_id}", d.article_id) for d in self.documents]


def _fake_executor(engine: Any, workers: int, scheduler: str | None, warm_up: Any) -> Any:
    @contextmanager
    def executor() -> Iterator[Any]:
        yield lambda work, documents: _Late(documents)

    return executor()


def test_writer_keeps_input_order_and_bounds_what_is_in_flight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"id": f"d{n}", "text": f"Report {n} of a clash."}) for n in range(50)]
    lines.insert(7, "{broken")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.setattr(engines, "executor", _fake_executor)
    pulled: list[int] = []
    committed: list[str] = []
    real_read = pipeline.ingest.read_inputs

    def counting(inputs: Any, stdin: Any = None) -> Iterator[Any]:
        for item in real_read(inputs, stdin):
            pulled.append(len(committed))
            yield item

    monkeypatch.setattr(pipeline.ingest, "read_inputs", counting)
    summary = pipeline.run([str(source)], tmp_path / "s.db", engine="process", workers=2,
                           batch_size=4, on_reject=lambda r: committed.append(r.source))
    assert committed == [f"{source}:{n}" for n in range(1, 52)]  # input order, bad line too
    assert summary.read == 51 and len(summary.rejected) == 51
    in_flight = max(n - done for n, done in enumerate(pulled))
    assert in_flight <= (2 * engines.IN_FLIGHT_PER_WORKER + 1) * 4 + 1  # never the whole input


def test_stored_documents_are_not_sent_again(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from warledger.ledger.store import Store

    docs = [Document(f"in:{n}", f"d{n}", f"text {n}", "text") for n in range(5)]
    monkeypatch.setattr(pipeline, "is_stored",
                        lambda store, doc, summary: doc.article_id in {"d1", "d3"})
    with Store(tmp_path / "s.db") as store:
        summary = pipeline.Summary()
        got = list(pipeline.batches(docs, store, summary, 2))
    assert [[d.article_id for d in b if isinstance(d, Document)] for b in got] == [
        ["d0", "d2"], ["d4"]]
    assert summary.read == 5


# -- with the model: every engine, the same ledger; killed runs resume ------------


def _export(db: Path, what: str) -> list[dict[str, Any]]:
    done = run_cli("export", "--db", str(db), "--what", what, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    for record in records:
        for key in [k for k in record if "time" in k or k.endswith("_at")]:
            record.pop(key)
    return sorted(records, key=lambda r: json.dumps(r, sort_keys=True))


def _ledger(db: Path) -> dict[str, list[dict[str, Any]]]:
    return {what: _export(db, what) for what in ("events", "claims", "articles", "places")}


@pytest.fixture(scope="module")
def local_ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("local") / "l.db"
    done = run_cli("run", str(EXAMPLES), "--db", str(db), "--engine", "local")
    assert done.returncode == 0, done.stderr
    return _ledger(db)


def _dask_or_skip(engine: str) -> None:
    if engine == "dask":
        pytest.importorskip("dask.distributed")


@pytest.mark.model
@pytest.mark.parametrize("engine", ["process", "dask"])
def test_every_engine_gives_the_same_ledger(engine: str, local_ledger: dict[str, Any],
                                            tmp_path: Path) -> None:
    _dask_or_skip(engine)
    db = tmp_path / f"{engine}.db"
    done = run_cli("run", str(EXAMPLES), "--db", str(db), "--engine", engine, "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert _ledger(db) == local_ledger
    assert len(local_ledger["events"]) >= 5


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.model
@pytest.mark.parametrize("engine", ["process", "dask"])
def test_killed_run_resumes_with_nothing_lost_or_twice(engine: str, tmp_path: Path) -> None:
    _dask_or_skip(engine)
    folder = tmp_path / "many"
    folder.mkdir()
    source = (EXAMPLES / "text" / "kunduz-checkpoint.txt").read_text("utf-8")
    total = 48
    for n in range(total):
        (folder / f"report-{n:02d}.txt").write_text(f"{source}\nReport number {n}.\n", "utf-8")
    db = tmp_path / "k.db"
    args = ["run", str(folder), "--db", str(db), "--engine", engine, "--workers", "2"]
    proc = subprocess.Popen([sys.executable, "-m", "warledger", *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while time.time() < deadline and _count(db) < 2 and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and every worker, at once
    proc.wait()
    partial = _count(db)
    assert 2 <= partial < total
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert f"already stored: {partial}" in done.stdout
    ids = [a["article_id"] for a in _export(db, "articles")]
    assert len(ids) == len(set(ids)) == total
    clean = tmp_path / "clean.db"
    assert run_cli("run", str(folder), "--db", str(clean)).returncode == 0
    assert _ledger(db) == _ledger(clean)  # the interrupted run ends as an uninterrupted one


# -- the faster nlp step gives spaCy's own annotations -------------------------------

TEXTS = [
    "Gunmen killed five soldiers near Aleppo on Monday, a military spokesman said.\n\n"
    "\"We will respond,\" the governor told reporters. It wasn't clear who did it.",
    "Y'all gonna let's go. I ain't sure. There were  two   blasts; that is what they said.",
]


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.idx, t.text, t.norm_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
             t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]


@pytest.mark.model
def test_parse_gives_spacys_own_annotations() -> None:
    import spacy

    from warledger.text import nlp

    plain = spacy.load(nlp.MODEL, exclude=["lemmatizer"])
    plain.add_pipe(nlp.PARAGRAPHS, before="parser")
    assert any(isinstance(proc, nlp.TableRuler) for _, proc in nlp.load().pipeline)
    for text, batched in zip(TEXTS, nlp.parse_many(TEXTS), strict=True):
        single = nlp.parse(text)
        assert single.text == batched.text == text
        assert _annotations(single) == _annotations(batched) == _annotations(plain(text))


@pytest.mark.model
def test_model_is_reloaded_after_many_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    from warledger.text import nlp

    monkeypatch.setattr(nlp, "RELOAD_AFTER", 3)
    monkeypatch.setattr(nlp, "_parsed", [0])
    first = nlp.load()
    before = [_annotations(d) for d in nlp.parse_many(TEXTS)]
    after = [_annotations(d) for d in nlp.parse_many(TEXTS)]
    assert nlp.load() is not first and before == after


# -- the user's settings reach workers started elsewhere -----------------------------


@contextmanager
def _dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and a worker as separate processes (as on other machines), started
    without the user's environment; yields the scheduler address."""
    pytest.importorskip("dask.distributed")
    info = tmp_path / "scheduler.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARLEDGER")}
    dask = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen([*dask, "scheduler", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(info)], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.time() + 60
        while not info.exists() and time.time() < deadline:
            time.sleep(0.1)
        procs.append(subprocess.Popen([*dask, "worker", "--scheduler-file", str(info),
                                       "--nthreads", "1", "--no-dashboard"], env=env,
                                      cwd=tmp_path, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        yield str(json.loads(info.read_text("utf-8"))["address"])
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=30)


@pytest.mark.model
def test_user_actors_reach_dask_workers_in_other_processes(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"actors": [
        {"name": "Brigade of the Valley", "inter": "Rebel group", "country": "Syria",
         "aliases": ["Valley Brigade"]}]}), "utf-8")
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps({
        "id": "r1", "published": "2021-05-04",
        "text": "Fighters of the Valley Brigade attacked an army checkpoint near Idlib, "
                "Syria, on Monday, killing three soldiers, a monitoring group said."}) + "\n",
        "utf-8")
    db = tmp_path / "d.db"
    with _dask_cluster(tmp_path) as address:
        done = run_cli("run", str(report), "--db", str(db), "--scheduler", address,
                       "--actors", str(mine))
    assert done.returncode == 0, done.stderr
    events = _export(db, "events")
    assert [e["actor1"] for e in events] == ["Brigade of the Valley"]
