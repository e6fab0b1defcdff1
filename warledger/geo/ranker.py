"""The learned candidate ranker: boosted regression trees scoring a toponym's gazetteer
candidates against each other (a LambdaRank objective).

Each candidate of a surface gets the feature vector `places.candidate_features` builds
(name match, feature class, population, the document's countries and admin areas, the
distance to the document's other places, the keyword hint, the rules' own score); the
trees, trained by `warledger.evaluation.train_places` on LGL and GeoVirus, ship as
``warledger/data/place_ranker.json`` (no download; read with numpy at run time), beside
the toponym detector's logistic weights (`warledger.geo.detector`, a `Model`).
The candidate with the highest score is chosen; its softmax share among the surface's
candidates is the confidence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

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


@dataclass(frozen=True)
class Tree:
    """One regression tree as LightGBM stores it: internal node i splits on `feature[i]`
    (a row goes left when its value is <= `threshold[i]`); a child below zero is the leaf
    ``-child - 1`` of `value`. A tree of one leaf has no internal nodes."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray


@dataclass(frozen=True)
class Forest:
    """A sum of regression trees over raw (unstandardized) features."""

    features: tuple[str, ...]
    trees: tuple[Tree, ...]

    @cached_property
    def _packed(self) -> tuple[np.ndarray, ...]:
        """The trees side by side, padded: (trees x nodes) arrays, (trees x leaves) values,
        and each tree's root (-1 for a tree of one leaf)."""
        nodes = max(1, max(len(t.feature) for t in self.trees))
        leaves = max(len(t.value) for t in self.trees)

        def pad(arrays: list[np.ndarray], width: int, dtype: type) -> np.ndarray:
            out: np.ndarray = np.zeros((len(arrays), width), dtype=dtype)
            for i, a in enumerate(arrays):
                out[i, : len(a)] = a
            return out

        trees = self.trees
        return (pad([t.feature for t in trees], nodes, np.int64),
                pad([t.threshold for t in trees], nodes, float),
                pad([t.left for t in trees], nodes, np.int64),
                pad([t.right for t in trees], nodes, np.int64),
                pad([t.value for t in trees], leaves, float),
                np.array([0 if len(t.feature) else -1 for t in trees], dtype=np.int64))

    def scores(self, rows: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """Every row down every tree at once, one tree level per step."""
        feature, threshold, left, right, value, root = self._packed
        x = np.asarray(rows, dtype=float).reshape(len(rows), len(self.features))
        node = np.broadcast_to(root, (len(x), len(root))).copy()
        tree = np.arange(len(root))[None, :]
        row = np.arange(len(x))[:, None]
        inner = node >= 0
        while inner.any():
            at = np.where(inner, node, 0)
            go_left = x[row, feature[tree, at]] <= threshold[tree, at]
            node = np.where(inner, np.where(go_left, left[tree, at], right[tree, at]), node)
            inner = node >= 0
        return np.asarray(value[tree, -node - 1].sum(axis=1), dtype=float)

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Softmax of the candidates' scores (one row per candidate)."""
        scores = self.scores(rows)
        exp = np.exp(scores - scores.max())
        return [float(e) for e in exp / exp.sum()]

    def to_json(self) -> dict[str, object]:
        return {"features": list(self.features), "trees": [
            {"feature": t.feature.tolist(), "threshold": [round(v, 6) for v in t.threshold],
             "left": t.left.tolist(), "right": t.right.tolist(),
             "value": [round(v, 6) for v in t.value]} for t in self.trees]}


def forest_from_json(data: dict[str, Any]) -> Forest:
    return Forest(tuple(data["features"]), tuple(
        Tree(np.array(t["feature"], dtype=np.int64), np.array(t["threshold"], dtype=float),
             np.array(t["left"], dtype=np.int64), np.array(t["right"], dtype=np.int64),
             np.array(t["value"], dtype=float)) for t in data["trees"]))


def from_json(data: dict[str, Any]) -> Model:
    return Model(tuple(data["features"]), tuple(data["weights"]), tuple(data["mean"]),
                 tuple(data["scale"]), float(data.get("bias", 0.0)))


@dataclass(frozen=True)
class Shipped:
    """The candidate ranker and the toponym detector (`warledger.geo.detector`): a span is
    kept when the detector's score reaches `threshold`."""

    ranker: Forest
    detector: Model
    threshold: float


@lru_cache(maxsize=1)
def load() -> Shipped | None:
    """The shipped models, or None when there are none (the rules then choose)."""
    if not PATH.exists():
        return None
    data = json.loads(PATH.read_text(encoding="utf-8"))
    return Shipped(forest_from_json(data["ranker"]), from_json(data["detector"]),
                   float(data["threshold"]))


Ranker = Forest | Model  # what `places.rank` scores candidates with
