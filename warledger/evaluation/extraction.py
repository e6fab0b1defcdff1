"""Article extraction on the Zyte article-extraction benchmark (development part).

The measure is the benchmark's own (scrapinghub/article-extraction-benchmark,
`evaluate.py`): tokens are `\\w+` matches (case kept), shingles are 4-token
n-grams counted as a multiset; per page TP/FP/FN are normalized to sum to 1;
precision and recall are averaged over pages and F1 is their harmonic mean.
`f1_mean` is the plain mean of per-page F1, for reference.

    python -m warledger.evaluation.extraction [DATA_DIR] [--errors FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from warledger.records import Document
from warledger.text.extract import Rejected, extract

_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles (fewer tokens than n: one short shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def match(true: str, pred: str) -> Counts:
    """Normalized (tp, fp, fn) over shingles, as the benchmark computes them."""
    gold, got = shingles(true), shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def summarize(counts: list[Counts]) -> dict[str, float]:
    """Benchmark metrics over pages: mean precision, mean recall, their F1."""
    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    per_page = [f1(precision(*c), recall(*c)) for c in counts]
    return {"f1": f1(p, r), "precision": p, "recall": r, "f1_mean": statistics.mean(per_page)}


def extract_body(page_id: str, html: str) -> str:
    """The article body warledger extracts from one page ('' when rejected)."""
    doc = Document(source=page_id, article_id=page_id, raw=html, kind="html")
    try:
        return extract(doc).body
    except Rejected:
        return ""


def load_pages(folder: Path) -> dict[str, tuple[str, str]]:
    """page id -> (html, gold body)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for page_id, item in sorted(truth.items()):
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as fh:
            pages[page_id] = (fh.read(), item.get("articleBody") or "")
    return pages


def evaluate(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    """Run `extract` over data_dir/article-extraction and score it."""
    pages = load_pages(Path(data_dir) / "article-extraction")
    started = time.perf_counter()
    got = {pid: extract_body(pid, html) for pid, (html, _) in pages.items()}
    seconds = time.perf_counter() - started
    counts = {pid: match(gold, got[pid]) for pid, (_, gold) in pages.items()}
    result: dict[str, Any] = summarize(list(counts.values()))
    result.update(n=len(pages), seconds=round(seconds, 2))
    if errors is not None:
        _write_errors(errors, pages, got, counts)
    return result


def _write_errors(
    path: Path, pages: dict[str, tuple[str, str]], got: dict[str, str], counts: dict[str, Counts]
) -> None:
    rows: list[dict[str, Any]] = []
    for pid, c in counts.items():
        p, r = precision(*c), recall(*c)
        gold = pages[pid][1]
        rows.append(
            {
                "id": pid,
                "f1": round(f1(p, r), 4),
                "precision": round(p, 4),
                "recall": round(r, 4),
                "missed": _misses(gold, got[pid]),
                "extra": _misses(got[pid], gold),
            }
        )
    rows.sort(key=lambda row: row["f1"])
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _misses(text: str, other: str, limit: int = 3, width: int = 160) -> list[str]:
    """The longest runs of `text` lines whose shingles are absent from `other`."""
    have = shingles(other)
    missing = []
    for line in (ln.strip() for ln in text.splitlines()):
        sh = shingles(line)
        if line and sum((sh - have).values()) > 0.5 * max(1, sum(sh.values())):
            missing.append(line)
    missing.sort(key=len, reverse=True)
    return [m[:width] for m in missing[:limit]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path("../shared/data"))
    parser.add_argument("--errors", type=Path, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.data_dir, args.errors), indent=2))


if __name__ == "__main__":
    main()
