"""Throughput of the whole pipeline beside the bare spaCy NER pass, in one process.

Texts: the FA-KES articles in DATA/fakes/fakes.csv (or the example corpus when the
data is absent). Both passes run over the same texts in the same process, after
the model is loaded; the pipeline pass is the local engine (extraction, the nlp
step batched, every stage, and the SQLite writes to a temporary store). Both wall
and CPU time ratios are given: on a shared machine the CPU ratio is steadier.
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import tempfile
import time
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
