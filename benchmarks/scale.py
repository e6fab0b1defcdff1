"""Scale benchmarks (figures, not tests). Run with the project's venv from the repo root.

    python benchmarks/scale.py workers [--data ../shared/data] [--engine dask|process]
        FA-KES articles through the engine with 1 and then 2 workers: articles/s
        (first to last commit, so cluster start and model loading are left out),
        the speed-up, and peak memory of each worker process.

    python benchmarks/scale.py memory [--mb 1024] [--seconds 600] [--engine local]
        Writes a JSONL of short synthetic articles (varied, invented) of --mb
        megabytes in /tmp (once), runs `warledger run` on it, samples the
        memory (RSS) of the run's whole process tree every second, and stops
        after --seconds (0: run to the end). Prints RSS over time and the peak.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from warledger import pipeline
from warledger.engines import executors as engines


def fakes_jsonl(data: Path, out: Path) -> int:
    with (data / "fakes" / "fakes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with out.open("w", encoding="utf-8") as sink:
        for row in rows:
            text = f"{row['article_title']}\n\n{row['article_content']}"
            sink.write(json.dumps({"id": f"fakes-{row['unit_id']}", "text": text}) + "\n")
    return len(rows)


class PeakMemory:
    """Samples the RSS of a process tree; keeps the peak of each process."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.root, self.every = psutil.Process(pid), every
        self.peaks: dict[int, float] = {}
        self.trace: list[tuple[float, float]] = []  # (seconds, total MB)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _loop(self) -> None:
        started = time.perf_counter()
        while not self.stopped.wait(self.every):
            total = 0.0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    mb = proc.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                total += mb
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0.0), mb)
            self.trace.append((time.perf_counter() - started, total))


def workers_bench(data: Path, engine: engines.Engine) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "fakes.jsonl"
        count = fakes_jsonl(data, source)
        rates = {}
        for workers in (1, 2):
            commits: list[tuple[float, int]] = []

            def seen(summary: pipeline.Summary, commits: list[tuple[float, int]] = commits) -> None:
                commits.append((time.perf_counter(), summary.kept))

            with PeakMemory(psutil.Process().pid) as memory:
                pipeline.run([str(source)], Path(tmp) / f"w{workers}.db", engine=engine,
                             workers=workers, progress=seen)
            (t0, k0), (t1, k1) = commits[0], commits[-1]
            rates[workers] = (k1 - k0) / (t1 - t0)
            own = psutil.Process().pid
            worker_peaks = sorted(round(mb) for pid, mb in memory.peaks.items() if pid != own)
            print(f"{engine} workers={workers}: {count} articles, {rates[workers]:.1f} articles/s "
                  f"(first to last commit), peak MB per child process {worker_peaks}, "
                  f"writer {round(memory.peaks.get(own, 0))} MB")
        print(f"speed-up 2 vs 1 workers: {rates[2] / rates[1]:.2f}x")


WORDS = {
    "place": ["Aleppo", "Idlib", "Homs", "Daraa", "Raqqa", "Kunduz", "Kandahar", "Herat",
              "Mosul", "Kirkuk", "Sanaa", "Taiz", "Gao", "Mopti", "Goma", "Beni", "Marib"],
    "actor": ["government forces", "rebels", "the army", "militants", "police",
              "an armed group", "security forces", "insurgents", "protesters"],
    "verb": ["killed", "wounded", "injured", "abducted", "attacked"],
    "victim": ["civilians", "soldiers", "fighters", "police officers", "villagers", "children"],
    "weapon": ["an air strike", "shelling", "a car bomb", "a roadside bomb", "gunfire",
               "a drone strike", "mortar fire"],
    "speaker": ["a local official", "the provincial governor", "a military spokesman",
                "witnesses", "a monitoring group", "the health ministry", "residents"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def synthetic_article(rng: random.Random, n: int) -> dict[str, str]:
    def pick(kind: str) -> str:
        return rng.choice(WORDS[kind])

    sentences = [
        f"{pick('actor').capitalize()} {pick('verb')} {rng.randint(2, 60)} {pick('victim')} in "
        f"{pick('place')} on {pick('day')}, {pick('speaker')} said.",
        f"The attack, carried out with {pick('weapon')}, hit a market near {pick('place')}.",
        f"{pick('speaker').capitalize()} told reporters that at least {rng.randint(1, 30)} "
        f"{pick('victim')} were {pick('verb')}.",
        f"Fighting between {pick('actor')} and {pick('actor')} has continued for "
        f"{rng.randint(2, 9)} days in the province.",
    ]
    rng.shuffle(sentences)
    body = " ".join(sentences[: rng.randint(2, 4)]) + f" (Report {n}.)"
    day = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"id": f"syn-{n}", "text": body, "published": day}


def make_corpus(path: Path, megabytes: int) -> int:
    """A JSONL of synthetic articles of about `megabytes` MB (kept if already there)."""
    if path.exists() and path.stat().st_size >= megabytes * 2**20:
        return sum(1 for _ in path.open("rb"))
    rng, n, size = random.Random(8), 0, 0
    with path.open("w", encoding="utf-8") as sink:
        while size < megabytes * 2**20:
            line = json.dumps(synthetic_article(rng, n)) + "\n"
            sink.write(line)
            size, n = size + len(line.encode("utf-8")), n + 1
    return n


def memory_bench(megabytes: int, seconds: float, engine: str) -> None:
    corpus = Path(tempfile.gettempdir()) / f"warledger-synthetic-{megabytes}mb.jsonl"
    lines = make_corpus(corpus, megabytes)
    print(f"{corpus}: {corpus.stat().st_size / 2**20:.0f} MB, {lines} articles")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "mem.db"
        cmd = [sys.executable, "-m", "warledger", "run", str(corpus), "--db", str(db), "-q",
               "--engine", engine] + (["--workers", "2"] if engine != "local" else [])
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        with PeakMemory(proc.pid, every=1.0) as memory:
            try:
                proc.wait(timeout=seconds or None)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        elapsed = time.perf_counter() - started
        done = _stored(db)
    for t, mb in memory.trace[:: max(1, len(memory.trace) // 12)]:
        print(f"  t={t:7.0f} s  RSS of the run {mb:7.0f} MB")
    peak = max((mb for _, mb in memory.trace), default=0.0)
    print(f"{done} of {lines} articles in {elapsed:.0f} s ({done / elapsed:.1f}/s); "
          f"peak RSS of the run (all processes) {peak:.0f} MB"
          + ("" if done >= lines else f"; a full run would take about "
             f"{lines / max(done, 1) * elapsed / 3600:.1f} h"))


def _stored(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["workers", "memory"])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--engine", default=None, choices=list(engines.ENGINES))
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--seconds", type=float, default=600)
    args = parser.parse_args()
    if args.what == "workers":
        workers_bench(Path(args.data), args.engine or "dask")
    else:
        memory_bench(args.mb, args.seconds, args.engine or "local")


if __name__ == "__main__":
    main()
