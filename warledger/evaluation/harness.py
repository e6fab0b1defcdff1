"""Run the evaluations, print their metrics, and gate them against pinned floors and ceilings.

`benchmarks/baseline.json` holds one floor per metric where higher is better
(`"floors": {"dataset.metric": value}`) and one ceiling per metric where lower is better
(`"ceilings"`, e.g. the share of election texts that give an event). A score more than
`TOLERANCE` below its floor, or above its ceiling, fails the gate; floors only move up
and ceilings only down.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATASETS = ["extraction", "polnear", "geoparsing", "fakes", "acled", "roundup", "negatives",
            "dates", "distinct"]
TOLERANCE = 0.005
Evaluator = Callable[[Path, Path | None], dict[str, Any]]


def evaluator(name: str) -> Evaluator:
    """The evaluate function of one dataset (imported lazily: some load models)."""
    if name == "extraction":
        from warledger.evaluation import extraction

        return extraction.evaluate
    if name == "polnear":
        from warledger.evaluation import polnear

        return polnear.evaluate
    if name == "geoparsing":
        from warledger.evaluation import geoparsing

        return geoparsing.evaluate
    if name in ("roundup", "negatives"):
        from warledger.evaluation import incidents

        return incidents.evaluate_roundup if name == "roundup" else incidents.evaluate_negatives
    if name == "distinct":
        from warledger.evaluation import merging

        return merging.evaluate_distinct
    if name == "dates":
        from warledger.evaluation import tempeval

        return tempeval.evaluate
    from warledger.evaluation import ledger

    return ledger.evaluate_fakes if name == "fakes" else ledger.evaluate_acled


def run(dataset: str, data: Path, errors_dir: Path | None) -> dict[str, dict[str, Any]]:
    """Metrics per dataset; per-item error files in `errors_dir` when given."""
    names = DATASETS if dataset == "all" else [dataset]
    if errors_dir:
        errors_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in names:
        errors = errors_dir / f"{name}-errors.jsonl" if errors_dir else None
        results[name] = evaluator(name)(data, errors)
    return results


def format_table(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"{'dataset':<12} {'metric':<22} value"]
    for name, metrics in results.items():
        for key, value in metrics.items():
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            lines.append(f"{name:<12} {key:<22} {shown}")
    return lines


def flatten(results: dict[str, dict[str, Any]]) -> dict[str, float]:
    return {f"{name}.{key}": float(value) for name, metrics in results.items()
            for key, value in metrics.items() if isinstance(value, float)}


def load_floors(path: Path) -> dict[str, float]:
    data = json.loads(path.read_text("utf-8"))
    return {k: float(v) for k, v in data["floors"].items()}


def load_ceilings(path: Path) -> dict[str, float]:
    """The ceilings of lower-is-better metrics (none when the file has no "ceilings")."""
    data = json.loads(path.read_text("utf-8"))
    return {k: float(v) for k, v in data.get("ceilings", {}).items()}


def gate(scores: dict[str, float], floors: dict[str, float],
         ceilings: dict[str, float] | None = None) -> list[str]:
    """One line per metric that fell more than TOLERANCE below its floor, rose more than
    TOLERANCE above its ceiling, or is missing."""
    failures = []
    for key, floor in sorted(floors.items()):
        value = scores.get(key)
        if value is None:
            failures.append(f"{key}: missing (floor {floor:.4f})")
        elif value < floor - TOLERANCE:
            failures.append(f"{key}: {value:.4f} is below its floor {floor:.4f}")
    for key, ceiling in sorted((ceilings or {}).items()):
        value = scores.get(key)
        if value is None:
            failures.append(f"{key}: missing (ceiling {ceiling:.4f})")
        elif value > ceiling + TOLERANCE:
            failures.append(f"{key}: {value:.4f} is above its ceiling {ceiling:.4f}")
    return failures
