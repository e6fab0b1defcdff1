"""Run the evaluations, print their metrics, and gate them against pinned floors.

`benchmarks/baseline.json` holds one floor per metric ("dataset.metric": value).
A score more than `TOLERANCE` below its floor fails the gate; floors only move up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATASETS = ["extraction", "polnear", "geoparsing", "fakes", "acled"]
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


def gate(scores: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One line per metric that fell more than TOLERANCE below its floor (or is missing)."""
    failures = []
    for key, floor in sorted(floors.items()):
        value = scores.get(key)
        if value is None:
            failures.append(f"{key}: missing (floor {floor:.4f})")
        elif value < floor - TOLERANCE:
            failures.append(f"{key}: {value:.4f} is below its floor {floor:.4f}")
    return failures
