"""Evaluation on the annotated data in ../shared/data (see its README for the metrics).

Each module exposes ``evaluate(data_dir: Path, errors: Path | None) -> dict[str, float | int]``:
the metrics for one dataset, and (when ``errors`` is given) a JSONL file of per-item
errors: what was expected, what came out.
"""
