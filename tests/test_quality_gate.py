"""The quality gate: scores on ../shared/data must not fall below the pinned floors, nor
rise above the pinned ceilings (metrics where lower is better)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, REPO, needs_shared

from warledger.evaluation import harness

BASELINE = REPO / "benchmarks" / "baseline.json"


def _scores_file(tmp_path: Path, shift: float) -> Path:
    """The baseline's figures made `shift` better (negative: worse): floors + shift,
    ceilings - shift."""
    results: dict[str, dict[str, float]] = {}
    bounds = [(harness.load_floors(BASELINE), 1), (harness.load_ceilings(BASELINE), -1)]
    for values, sign in bounds:
        for key, value in values.items():
            dataset, metric = key.split(".", 1)
            results.setdefault(dataset, {})[metric] = value + sign * shift
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(results), "utf-8")
    return path


def _gate(path: Path) -> list[str]:
    results = json.loads(path.read_text("utf-8"))
    return harness.gate(harness.flatten(results), harness.load_floors(BASELINE),
                        harness.load_ceilings(BASELINE))


def test_floors_exist_for_every_dataset() -> None:
    bounds = harness.load_floors(BASELINE) | harness.load_ceilings(BASELINE)
    datasets = {key.split(".")[0] for key in bounds}
    assert datasets == set(harness.DATASETS)


def test_no_metric_has_both_a_floor_and_a_ceiling() -> None:
    assert not set(harness.load_floors(BASELINE)) & set(harness.load_ceilings(BASELINE))


def test_gate_passes_on_the_baseline(tmp_path: Path) -> None:
    assert _gate(_scores_file(tmp_path, 0.0)) == []
    assert _gate(_scores_file(tmp_path, -0.004)) == []  # within the tolerance


def test_gate_fails_on_a_worse_prediction_file(tmp_path: Path) -> None:
    failures = _gate(_scores_file(tmp_path, -0.01))
    ceilings = harness.load_ceilings(BASELINE)
    assert len(failures) == len(harness.load_floors(BASELINE)) + len(ceilings)
    assert "below its floor" in failures[0]
    assert sum("above its ceiling" in line for line in failures) == len(ceilings) > 0


def test_gate_fails_when_a_ceiling_is_exceeded(tmp_path: Path) -> None:
    path = _scores_file(tmp_path, 0.0)
    results = json.loads(path.read_text("utf-8"))
    key = sorted(harness.load_ceilings(BASELINE))[0]
    dataset, metric = key.split(".", 1)
    results[dataset][metric] += 0.01
    path.write_text(json.dumps(results), "utf-8")
    failures = _gate(path)
    assert len(failures) == 1 and failures[0].startswith(f"{key}: ")
    assert "above its ceiling" in failures[0]


def test_gate_reports_a_missing_metric() -> None:
    failures = harness.gate({}, {"fakes.killed_acc": 0.5})
    assert failures == ["fakes.killed_acc: missing (floor 0.5000)"]


@pytest.mark.model
@pytest.mark.shared
@needs_shared(DATA)
def test_scores_hold_their_floors(tmp_path: Path) -> None:
    results = harness.run("all", DATA, tmp_path / "errors")
    (tmp_path / "scores.json").write_text(json.dumps(results, indent=2), "utf-8")
    failures = harness.gate(harness.flatten(results), harness.load_floors(BASELINE),
                            harness.load_ceilings(BASELINE))
    assert failures == [], "\n".join(failures)
