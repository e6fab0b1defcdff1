"""The learned candidate ranker: a conditional logit over a toponym's gazetteer candidates.

Each candidate of a surface gets the feature vector `places.candidate_features` builds
(name match, feature class, population, the document's countries and admin areas, the
distance to the document's other places, the keyword hint, the rules' own score); the
model's weights, trained by `warledger.evaluation.train_places` on LGL and GeoVirus,
ship as ``warledger/data/place_ranker.json`` (no download, plain Python at run time),
beside the toponym detector's (`warledger.geo.detector`).
The candidate with the highest linear score is chosen; its softmax probability among the
surface's candidates is the confidence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PATH = Path(__file__).parents[1] / "data" / "place_ranker.json"


@dataclass(frozen=True)
class Model:
    """Weights over standardized features: score = bias + sum(w * (x - mean) / scale)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    bias: float = 0.0

    def score(self, x: Sequence[float]) -> float:
        return self.bias + sum(
            w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale,
                                                  strict=True))

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Softmax of the candidates' scores (one row per candidate)."""
        scores = [self.score(r) for r in rows]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return [e / total for e in exp]

    def to_json(self) -> dict[str, object]:
        return {"features": list(self.features), "weights": [round(w, 6) for w in self.weights],
                "mean": [round(m, 6) for m in self.mean],
                "scale": [round(s, 6) for s in self.scale], "bias": round(self.bias, 6)}


def from_json(data: dict[str, Any]) -> Model:
    return Model(tuple(data["features"]), tuple(data["weights"]), tuple(data["mean"]),
                 tuple(data["scale"]), float(data.get("bias", 0.0)))


@dataclass(frozen=True)
class Shipped:
    """The candidate ranker and the toponym detector (`warledger.geo.detector`): a span is
    kept when the detector's score reaches `threshold`."""

    ranker: Model
    detector: Model
    threshold: float


@lru_cache(maxsize=1)
def load() -> Shipped | None:
    """The shipped models, or None when there are none (the rules then choose)."""
    if not PATH.exists():
        return None
    data = json.loads(PATH.read_text(encoding="utf-8"))
    return Shipped(from_json(data["ranker"]), from_json(data["detector"]),
                   float(data["threshold"]))
