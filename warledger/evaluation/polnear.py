"""PolNeAR attribution spans: Source, Cue and Content, overlap P/R/F1.

Data: ``data_dir/"polnear"/SPLIT/attributions/NAME_ANNOTATOR.ann`` (brat standoff)
and ``.../text/NAME.txt``. Some texts were annotated by several annotators; we
score each text against one annotation only: the first ``.ann`` file in sorted
order (lowest annotator id), so the choice is the same on every run.

Metric (data README): a predicted span matches when it overlaps a gold span of
the same role; each gold span is matched at most once (greedy, in text order).
Precision = matched predictions / predictions, recall = matched gold / gold.
Discontinuous gold spans ("10 20;30 40") count as one span with several pieces.
PolNeAR is univocal (a token takes part in one attribution at most), so claims
whose cue lies inside another claim's content are dropped before scoring.
Predictions are the source, cue and content spans of ``claims.find_claims``
(empty spans skipped; duplicate spans, e.g. two figures of one attribution,
counted once).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warledger.claims import find as claims
from warledger.records import Article, Claim
from warledger.text import nlp

ROLES = ("Source", "Cue", "Content")
Pieces = tuple[tuple[int, int], ...]


def read_ann(path: Path) -> dict[str, list[Pieces]]:
    """Gold spans by role from one brat .ann file."""
    gold: dict[str, list[Pieces]] = {role: [] for role in ROLES}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        role, _, ranges = parts[1].partition(" ")
        if role in gold:
            pieces = tuple(
                (int(a), int(b)) for a, b in re.findall(r"(\d+) (\d+)", ranges)
            )
            gold[role].append(pieces)
    return gold


def texts(split_dir: Path, every: bool = False) -> Iterator[tuple[str, Path, Path]]:
    """(name, text file, chosen .ann file): the first annotator of each text (``every``:
    each annotator's file in turn, for training)."""
    chosen: dict[str, list[Path]] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        chosen.setdefault(re.sub(r"_[0-9a-f]{4}$", "", ann.stem), []).append(ann)
    for name, anns in sorted(chosen.items()):
        txt = split_dir / "text" / f"{name}.txt"
        for ann in anns if every else anns[:1]:
            if txt.exists():
                yield name, txt, ann


def _overlaps(span: tuple[int, int], pieces: Pieces) -> bool:
    return any(span[0] < b and a < span[1] for a, b in pieces)


def match(pred: list[tuple[int, int]], gold: list[Pieces]) -> tuple[int, list[bool], list[bool]]:
    """Greedy one-to-one overlap matching; (matches, pred matched?, gold matched?)."""
    used = [False] * len(gold)
    hit = [False] * len(pred)
    for i, span in enumerate(pred):
        for j, pieces in enumerate(gold):
            if not used[j] and _overlaps(span, pieces):
                used[j] = hit[i] = True
                break
    return sum(hit), hit, used


def predict(text: str, learned: bool = True) -> dict[str, list[tuple[int, int]]]:
    """Predicted source / cue / content spans of one plain text."""
    article = Article(article_id="polnear", text=text, nlp_text=text, body=text)
    found = claims.find_claims(article, nlp.parse(text), learned)
    # a figure nobody is said to give (the outlet's, no cue) is no attribution
    found = univocal([c for c in found if c.cue_end > c.cue_start])
    out: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for c in found:
        spans = zip(ROLES, ((c.source_start, c.source_end), (c.cue_start, c.cue_end),
                            (c.content_start, c.content_end)), strict=True)  # fmt: skip
        for role, span in spans:
            if span[1] > span[0] and span not in out[role]:
                out[role].append(span)
    return {role: sorted(spans) for role, spans in out.items()}


def univocal(found: list[Claim]) -> list[Claim]:
    """PolNeAR tokens belong to one attribution: drop claims whose cue is in another's content."""
    return [c for c in found if not any(
        o.content_start <= c.cue_start < o.content_end and o.cue_start != c.cue_start
        for o in found
    )]  # fmt: skip


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _errors(name: str, text: str, role: str, pred: list[tuple[int, int]], hit: list[bool],
            gold: list[Pieces], used: list[bool]) -> Iterator[dict[str, Any]]:  # fmt: skip
    def ctx(a: int, b: int) -> str:
        return text[max(0, a - 80) : a] + "[[" + text[a:b] + "]]" + text[b : b + 80]

    for span, ok in zip(pred, hit, strict=True):
        if not ok:
            yield {"text": name, "role": role, "error": "false_positive",
                   "span": text[span[0]:span[1]], "context": ctx(*span)}  # fmt: skip
    for pieces, ok in zip(gold, used, strict=True):
        if not ok:
            a, b = pieces[0][0], pieces[-1][1]
            yield {"text": name, "role": role, "error": "miss",
                   "span": text[a:b], "context": ctx(a, b)}  # fmt: skip


def evaluate(
    data_dir: Path, errors: Path | None = None, split: str = "dev", limit: int | None = None
) -> dict[str, Any]:
    """Overlap P/R/F1 of Source, Cue and Content on one PolNeAR split (first ``limit`` texts)."""
    started = time.perf_counter()
    counts = {role: [0, 0, 0, 0] for role in ROLES}  # tp_pred, n_pred, tp_gold, n_gold
    rows: list[dict[str, Any]] = []
    n_texts = 0
    for name, txt, ann in texts(Path(data_dir) / "polnear" / split):
        if limit is not None and n_texts >= limit:
            break
        text = txt.read_text(encoding="utf-8")
        gold, pred = read_ann(ann), predict(text)
        n_texts += 1
        for role in ROLES:
            tp, hit, used = match(pred[role], gold[role])
            c = counts[role]
            c[0], c[1], c[2], c[3] = c[0] + tp, c[1] + len(pred[role]), c[2] + sum(used), \
                c[3] + len(gold[role])  # fmt: skip
            if errors is not None:
                rows.extend(_errors(name, text, role, pred[role], hit, gold[role], used))
    result: dict[str, Any] = {}
    for role in ROLES:
        p, r, f = prf(*counts[role])
        key = role.lower()
        result.update({f"{key}_p": round(p, 4), f"{key}_r": round(r, 4), f"{key}_f1": round(f, 4)})
    result["n_texts"] = n_texts
    result["seconds"] = round(time.perf_counter() - started, 2)
    if errors is not None:
        with Path(errors).open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return result


if __name__ == "__main__":  # pragma: no cover
    import sys

    split_name = sys.argv[1] if len(sys.argv) > 1 else "dev"
    err = Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
    cap = int(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(evaluate(Path("../shared/data"), err, split_name, cap)))
