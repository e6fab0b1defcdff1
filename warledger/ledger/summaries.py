"""The store's summaries for the map and the timeline.

What the web UI reads instead of loading events: how many match a filter, their
extent, their counts and fatalities per day, and per cell of a longitude/latitude
grid (`event_cells`, the map's clusters). Without criteria (the default filter: the
events an analyst rejected left out) the clusters and the days are read from summary
tables kept by triggers (migration 0008, which count the same events, and follow a
review's correction or rejection), so the whole ledger's map stays fast on a store of
100,000 events; with criteria the matching events are
read once (`_matching`) and every summary of that filter is computed from them.
Every method takes the same `EventFilter` criteria as `Store.iter_events` (its page,
limit and offset, is ignored), and a box (west, south, east, north in degrees) where
it reads places.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from warledger.ledger.query import where_clause
from warledger.records import EventFilter

Box = tuple[float, float, float, float]  # west, south, east, north (degrees)
LOCATED = "latitude IS NOT NULL AND longitude IS NOT NULL"
EXTENT_ZOOM = 8  # the summary's cells the whole ledger's extent is read from (0.18 degrees)
EDGE = 1e-9  # degrees added around a box, so that its own corner events stay in it
COUNTRIES = (  # every country but those whose events were all rejected (by index)
    "SELECT DISTINCT country FROM events EXCEPT SELECT r.country FROM events r "
    "WHERE r.review_status = 'rejected' AND NOT EXISTS (SELECT 1 FROM events o WHERE "
    "o.country = r.country AND o.review_status IS NOT 'rejected') ORDER BY 1")
Match = tuple[Any, ...]  # longitude, latitude, event_type, fatalities, day, country


class SummaryMixin:
    """The summary methods of `Store` (which inherits them); needs its connection."""

    _conn: sqlite3.Connection
    _memo: tuple[Any, list[Match]] | None = None  # the last filter's matching events

    def count_events(self, where: EventFilter) -> int:
        """How many events match the filter's criteria (its page ignored)."""
        if where.filtered():
            return len(self._matching(where))
        return int(self._conn.execute(  # the default: rejected events left out (by index)
            "SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM events "
            "WHERE review_status = 'rejected')").fetchone()[0])

    def event_extent(self, where: EventFilter,
                     box: Box | None = None) -> tuple[int, Box | None]:
        """How many matching events have coordinates (in `box` when given), and the
        box around them (None when there are none). Without criteria nor box, read from
        the `event_cells` summary at zoom `EXTENT_ZOOM` (the box made of whole cells)."""
        if box is None:
            return self._summary_extent() if not where.filtered() else _extent(
                self._matching(where))
        clause, params = _clause(where, located=True, box=box)
        row = self._conn.execute(
            "SELECT count(*), min(longitude), min(latitude), max(longitude), max(latitude) "
            f"FROM events{clause}", params).fetchone()
        if not row[0]:
            return 0, None
        return int(row[0]), (float(row[1]), float(row[2]), float(row[3]), float(row[4]))

    def _summary_extent(self) -> tuple[int, Box | None]:
        row = self._conn.execute(
            "SELECT sum(n), min(gx), min(gy), max(gx) + 1, max(gy) + 1, cell FROM event_cells "
            "JOIN map_zooms USING (zoom) WHERE zoom = ?", (EXTENT_ZOOM,)).fetchone()
        if not row[0]:
            return 0, None
        n, west, south, east, north, cell = row
        return int(n), (max(west * cell - 180.0, -180.0), max(south * cell - 90.0, -90.0),
                        min(east * cell - 180.0, 180.0), min(north * cell - 90.0, 90.0))

    def event_days(self, where: EventFilter) -> list[tuple[str, int, int]]:
        """(day, events, fatalities) of each day with a matching dated event, by day."""
        if not where.filtered():
            rows = self._conn.execute("SELECT day, n, fatalities FROM event_days ORDER BY day")
            return [(str(day), int(n), int(dead or 0)) for day, n, dead in rows]
        days: dict[str, list[int]] = {}
        for _, _, _, dead, day, _ in self._matching(where):
            if day is not None:
                totals = days.setdefault(day, [0, 0])
                totals[0], totals[1] = totals[0] + 1, totals[1] + (dead or 0)
        return [(day, n, dead) for day, (n, dead) in sorted(days.items())]

    def event_countries(self, where: EventFilter) -> list[str]:
        """The countries of the matching events, sorted."""
        if where.filtered():
            return sorted({row[5] for row in self._matching(where) if row[5]})
        rows = self._conn.execute(COUNTRIES)  # by index: the default filter's countries
        return [str(row[0]) for row in rows if row[0]]

    def _matching(self, where: EventFilter) -> list[Match]:
        """(longitude, latitude, event_type, fatalities, day, country) of every event
        matching the criteria: read once for all the summaries of one filter (kept
        while the store is unchanged: one request reads the events once, not per
        summary)."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        key = (tuple(where.criteria().items()), self._conn.total_changes, version)
        if self._memo is None or self._memo[0] != key:
            clause, params = _clause(where)
            cursor = self._conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                "SELECT longitude, latitude, event_type, fatalities, substr(event_date, 1, 10), "
                f"country FROM events{clause}", params).fetchall()
            self._memo = (key, rows)
        return self._memo[1]

    def event_cells(self, where: EventFilter, zoom: int, cell: float,
                    box: Box | None = None) -> list[dict[str, Any]]:
        """The located matching events (in `box` when given) grouped by cell of the grid
        of zoom level `zoom` (cells of `cell` degrees anchored at -180, -90, as in the
        `map_zooms` table) and by event type: per group its cell (gx, gy), event_type,
        count `n`, fatalities and the sums of the coordinates and of their squares.
        Without criteria, read from the `event_cells` summary; with them, from events."""
        if not where.filtered():
            return self._summary_cells(zoom, cell, box)
        return _cells(self._matching(where), cell, box)

    def _summary_cells(self, zoom: int, cell: float, box: Box | None) -> list[dict[str, Any]]:
        sql = ("SELECT gx, gy, event_type, n, fatalities, sum_lon, sum_lat, sum_lon2, "
               "sum_lat2 FROM event_cells WHERE zoom = ?")
        params: list[Any] = [zoom]
        if box:
            west, south, east, north = box
            sql += " AND gx BETWEEN ? AND ? AND gy BETWEEN ? AND ?"
            params += [int((west + 180) / cell), int((east + 180) / cell),
                       int((south + 90) / cell), int((north + 90) / cell)]
        return [dict(row) for row in self._conn.execute(sql, params)]

    def sample_event(self, where: EventFilter, box: Box,
                     event_type: str) -> dict[str, Any] | None:
        """One matching event of that type in `box`: event_id, event_date, location,
        fatalities (None when there is none)."""
        clause, params = _clause(where, located=True, box=box)
        row = self._conn.execute(
            f"SELECT event_id, event_date, location, fatalities FROM events{clause} "
            "AND event_type = ? LIMIT 1", [*params, event_type]).fetchone()
        return None if row is None else dict(row)

    def events_in(self, where: EventFilter, box: Box, limit: int) -> list[dict[str, Any]]:
        """The first `limit` matching events in `box`, deadliest first: event_id,
        event_date, event_type, location, fatalities."""
        clause, params = _clause(where, located=True, box=box)
        rows = self._conn.execute(
            "SELECT event_id, event_date, event_type, location, fatalities "
            f"FROM events{clause} ORDER BY fatalities DESC, event_date, event_id LIMIT ?",
            [*params, limit])
        return [dict(row) for row in rows]


def _extent(rows: list[Match]) -> tuple[int, Box | None]:
    placed = [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]
    if not placed:
        return 0, None
    lons, lats = zip(*placed, strict=True)
    return len(placed), (min(lons), min(lats), max(lons), max(lats))


def _cells(rows: list[Match], cell: float, box: Box | None) -> list[dict[str, Any]]:
    """`event_cells` of the matching events, grouped here (as the summary's triggers
    do: cells truncated from (-180, -90))."""
    west, south, east, north = box or (-180.0, -90.0, 180.0, 90.0)
    sums: dict[tuple[int, int, str], list[float]] = {}
    for lon, lat, kind, dead, _, _ in rows:
        if lon is None or lat is None or not (west - EDGE <= lon <= east + EDGE
                                              and south - EDGE <= lat <= north + EDGE):
            continue
        key = (int((lon + 180.0) / cell), int((lat + 90.0) / cell), kind)
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0, 0, 0.0, 0.0, 0.0, 0.0]
        acc[0] += 1
        acc[1] += dead or 0
        acc[2], acc[3] = acc[2] + lon, acc[3] + lat
        acc[4], acc[5] = acc[4] + lon * lon, acc[5] + lat * lat
    return [{"gx": gx, "gy": gy, "event_type": kind, "n": int(acc[0]), "fatalities": int(acc[1]),
             "sum_lon": acc[2], "sum_lat": acc[3], "sum_lon2": acc[4], "sum_lat2": acc[5]}
            for (gx, gy, kind), acc in sums.items()]


def _clause(where: EventFilter, located: bool = False,
            box: Box | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause of the filter's criteria, with coordinates required (located)
    and inside `box` when given."""
    clause, criteria = where_clause(where)
    conds = [clause.removeprefix(" WHERE ")] if clause else []
    params: list[Any] = list(criteria)
    if located or box:
        conds.append(LOCATED)
    if box:
        west, south, east, north = box
        conds.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
        params += [west - EDGE, east + EDGE, south - EDGE, north + EDGE]
    return (" WHERE " + " AND ".join(conds) if conds else ""), params
