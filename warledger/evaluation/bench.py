"""Throughput of the whole pipeline beside the bare spaCy NER pass, in one process.

Texts: the FA-KES articles in DATA/fakes/fakes.csv (or the example corpus when the
data is absent). Both passes run over the same texts in the same process, after
the model is loaded; the pipeline pass is the local engine (extraction, the nlp
step batched, every stage, and the SQLite writes to a temporary store). Both wall
and CPU time ratios are given: on a shared machine the CPU ratio is steadier.
Peak memory is the process's maximum resident set size.

`copy_groups` (``warledger bench --copies N``) measures what copies of one wire story
cost: the same distinct stories run alone, then with N copies shuffled among them.
"""

from __future__ import annotations

import csv
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from warledger import pipeline
from warledger.ingest import readers as ingest
from warledger.records import Document
from warledger.text import nlp


def load_texts(data: Path | None, limit: int | None) -> list[Document]:
    path = data / "fakes" / "fakes.csv" if data else None
    if path and path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        docs = [Document(f"fakes:{r['unit_id']}", f"fakes-{r['unit_id']}",
                         f"{r['article_title']}\n\n{r['article_content']}", "text")
                for r in rows]
    else:
        examples = Path(__file__).resolve().parents[2] / "examples"
        docs = [d for d in ingest.read_inputs([str(examples)]) if isinstance(d, Document)]
    return docs[:limit] if limit else docs


def bare_ner(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds for tokenizer + tok2vec + NER over the texts (nlp.pipe, one
    process)."""
    model = nlp.load()
    wall, cpu = time.perf_counter(), time.process_time()
    with model.select_pipes(enable=["tok2vec", "ner"]):
        for _ in model.pipe(texts, batch_size=32):
            pass
    return time.perf_counter() - wall, time.process_time() - cpu


def whole_pipeline(docs: list[Document]) -> tuple[float, float]:
    """Wall and CPU seconds for `pipeline.run` with the local engine (reading, extraction,
    batched nlp, every stage, linking, the store writes) over the documents, written to a
    temporary JSONL file first, into a temporary store."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for d in docs:
                out.write(json.dumps({"id": d.article_id, d.kind: d.raw}) + "\n")
        wall, cpu = time.perf_counter(), time.process_time()
        pipeline.run([str(source)], Path(tmp) / "bench.db")
        return time.perf_counter() - wall, time.process_time() - cpu


def run(data: Path | None, limit: int | None = None) -> dict[str, Any]:
    docs = load_texts(data, limit)
    words = sum(len(d.raw.split()) for d in docs)
    nlp.load()
    nlp.parse("Warm-up sentence in Aleppo.")
    ner_s, ner_cpu = bare_ner([d.raw for d in docs])
    pipe_s, pipe_cpu = whole_pipeline(docs)
    return {
        "articles": len(docs),
        "words": words,
        "ner_words_per_s": round(words / ner_s),
        "ner_articles_per_s": round(len(docs) / ner_s, 1),
        "pipeline_words_per_s": round(words / pipe_s),
        "pipeline_articles_per_s": round(len(docs) / pipe_s, 1),
        "pipeline_vs_ner": round(ner_s / pipe_s, 3),
        "pipeline_vs_ner_cpu": round(ner_cpu / pipe_cpu, 3),  # steadier on a busy machine
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- copy groups: many copies of one wire story --------------------------------------------


def distinct_stories(data: Path | None, count: int) -> list[Document]:
    """The wire story, then `count` distinct stories: FA-KES, then the PolNeAr articles
    when more are needed (or the example corpus without the data)."""
    docs = load_texts(data, None)
    folder = data / "polnear" if data else None
    if folder and folder.is_dir() and len(docs) <= count:
        for path in sorted(folder.glob("*/text/*.txt")):
            text = path.read_text(encoding="utf-8")
            docs.append(Document(str(path), f"polnear-{path.stem}", text, "text"))
    return docs[: count + 1]


def wire_copies(story: Document, count: int, seed: int = 16) -> list[dict[str, str]]:
    """`count` copies of the story, each with its outlet's header and footer and a
    publication day among 60 (records for a JSONL input)."""
    rng = random.Random(seed)
    title = story.raw.split("\n", 1)[0]
    out = []
    for n in range(count):
        outlet = f"Outlet {n}"
        text = (f"{outlet.upper()} | Home | World | Middle East\n\n{story.raw}\n\n"
                f"Copyright {outlet}. All rights reserved.")
        day = date(2019, 3, 1) + timedelta(days=rng.randrange(60))
        out.append({"id": f"wire-{n:05d}", "text": text, "title": title,
                    "publisher": outlet, "published": day.isoformat()})
    return out


def _timed_run(records: list[dict[str, str]], tmp: Path, name: str) -> float:
    source = tmp / f"{name}.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    started = time.perf_counter()
    pipeline.run([str(source)], tmp / f"{name}.db")
    return time.perf_counter() - started


def copy_groups(data: Path | None, copies: int = 1000, distinct: int = 1000) -> dict[str, Any]:
    """Throughput of `distinct` stories alone, then of the same stories with `copies`
    copies of one more story shuffled among them; the factor is the slow-down in
    words a second (the copies and the stories differ in length)."""
    docs = distinct_stories(data, distinct)
    story, docs = docs[0], docs[1:]
    plain = [{"id": d.article_id, "text": d.raw} for d in docs]
    mixed = plain + wire_copies(story, copies)
    random.Random(16).shuffle(mixed)
    nlp.load()
    nlp.parse("Warm-up sentence in Aleppo.")
    with tempfile.TemporaryDirectory() as tmp:
        alone = _timed_run(plain, Path(tmp), "distinct")
        together = _timed_run(mixed, Path(tmp), "mixed")
    words = [sum(len(r["text"].split()) for r in rows) for rows in (plain, mixed)]
    alone_rate, mixed_rate = words[0] / alone, words[1] / together
    return {
        "distinct_stories": len(plain),
        "copies_of_one_story": copies,
        "distinct_articles_per_s": round(len(plain) / alone, 2),
        "distinct_words_per_s": round(alone_rate),
        "mixed_articles_per_s": round(len(mixed) / together, 2),
        "mixed_words_per_s": round(mixed_rate),
        "slowdown_factor": round(alone_rate / mixed_rate, 3),
    }
