"""The home page's map and timeline: clusters per zoom level, the map-data routes,
the outlines and place labels, the per-week/month chart (no model, no browser)."""

from __future__ import annotations

import warnings
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from test_web import LOCAL, build_store, plain_analysis

from warledger.ledger.review import Decision, decide
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Event, EventFilter
from warledger.web import mapdata, timeline
from warledger.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ALEPPO = (37.16, 36.20)


def _crowd() -> Analysis:
    """12 events on one point (Aleppo), 3 spread around Idlib, 1 far away (Brazil)."""
    art = Article(article_id="crowd", text="x", nlp_text="x", body="x", content_hash="crowd")
    spots = [ALEPPO] * 12 + [(36.6, 35.9), (36.7, 35.95), (36.65, 35.85), (-47.9, -15.8)]
    events = [Event(f"EV-{i:02d}", f"2016-0{1 + i % 3}-1{i % 9}", "day",
                    "Battles" if i % 4 else "Explosions/Remote violence", "Armed clash",
                    country="Syria", location=f"Place {i}", longitude=lon, latitude=lat,
                    fatalities=i * 10) for i, (lon, lat) in enumerate(spots)]
    return Analysis(article=art, events=events)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("map") / "map.db", _crowd())


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)), base_url=LOCAL)


def _map(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/map", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_clusters_split_as_the_zoom_grows(client: TestClient) -> None:
    wide = _map(client, zoom=0)["clusters"]
    assert sum(c["n"] for c in wide) == 16
    assert len(wide) == 2  # Syria and Brazil
    syria = max(wide, key=lambda c: c["n"])
    assert syria["n"] == 15 and syria["event_id"] is None and "15 events" in syria["label"]
    assert syria["west"] <= 36.6 and syria["east"] >= ALEPPO[0]
    deep = _map(client, zoom=9, bbox="35,35,38,37")["clusters"]
    assert sorted(c["n"] for c in deep) == [1, 1, 1, 12]  # Idlib's three apart, Aleppo one
    single = next(c for c in deep if c["n"] == 1)
    assert single["event_id"].startswith("EV-") and "fatalities" in single["label"]


def test_a_cluster_on_one_point_never_splits_and_lists_its_events(client: TestClient) -> None:
    top = _map(client, zoom=16, bbox="37,36,37.3,36.3")["clusters"]
    assert [c["n"] for c in top] == [12] and top[0]["point"]
    assert top[0]["east"] - top[0]["west"] < 1e-4 and "12 events at Place" in top[0]["label"]
    box = ",".join(str(top[0][k]) for k in ("west", "south", "east", "north"))
    listed = client.get("/api/map/events", params={"bbox": box, "limit": 5}).json()
    assert listed["total"] == 12 and len(listed["events"]) == 5
    dead = [e["fatalities"] for e in listed["events"]]
    assert dead == sorted(dead, reverse=True) and dead[0] == 110  # deadliest first


def test_map_data_takes_the_event_filters(client: TestClient) -> None:
    bombs = _map(client, zoom=0, event_type="Explosions/Remote violence")
    assert bombs["events"] == 4 and {c["type"] for c in bombs["clusters"]} == {
        "Explosions/Remote violence"}
    assert _map(client, zoom=3, country="Narnia")["clusters"] == []


@pytest.mark.parametrize("query", ["zoom=-1", "zoom=99", "bbox=1,2,3", "bbox=a,b,c,d",
                                   "bbox=10,0,5,1", "bbox=0,0,200,1"])
def test_map_data_rejects_bad_parameters(client: TestClient, query: str) -> None:
    assert client.get(f"/api/map?{query}").status_code == 422


def test_marker_sizes_are_logarithmic_and_capped() -> None:
    assert mapdata.radius(1, 0) == 5.0
    assert mapdata.radius(1, 10) < mapdata.radius(1, 100) <= 16.0
    assert mapdata.radius(1, 100_000) == 16.0  # one huge figure does not paint the map
    assert mapdata.radius(2, 0) < mapdata.radius(90, 0) <= 26.0 == mapdata.radius(10**6, 0)


def test_home_page_fits_the_bulk_of_the_events_and_clusters_them(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('class="cluster"') >= 1 and 'data-box="' in html
    kx = float(html.split('data-kx="')[1].split('"')[0])
    box = html.split('<svg id="map" viewBox="')[1].split('"')[0]
    x, _, w, _ = (float(v) for v in box.split())
    assert x / kx < ALEPPO[0] < (x + w) / kx and x / kx > -40  # Brazil is left out of the view
    frame = [float(v) for v in html.split('data-frame="')[1].split('"')[0].split()]
    assert frame[0] / kx <= -47.9  # ... but inside the frame one can zoom out to
    assert "Brazil</title>" in html and "Syria</title>" in html
    assert 'class="place' in html and ">Aleppo</text>" in html  # Natural Earth places
    assert 'class="fbar"' in html  # fatalities in the timeline


def test_core_extent_leaves_out_a_far_outlier() -> None:
    rows = [{"n": 50, "west": 36.0, "east": 37.0, "south": 35.0, "north": 36.5},
            {"n": 1, "west": -48.0, "east": -48.0, "south": -16.0, "north": -16.0}]
    assert mapdata.core_extent(rows) == (36.0, 35.0, 37.0, 36.5)
    assert mapdata.core_extent(rows, share=1.0) == (-48.0, -16.0, 37.0, 36.5)
    assert mapdata.core_extent([]) is None


def test_zoom_levels_halve_the_cell() -> None:
    assert mapdata.cell_size(1) == mapdata.cell_size(0) / 2
    assert mapdata.zoom_for(360) == 0 and mapdata.zoom_for(0.0001) == mapdata.MAX_ZOOM
    assert mapdata.zoom_for(5.0) > mapdata.zoom_for(10.0)


def test_places_are_natural_earth_populated_places_in_the_view() -> None:
    view = mapdata.View(35.0, 32.0, 43.0, 38.0)
    found = {p["name"]: p for p in mapdata.places(view, view.kx)}
    assert {"Aleppo", "Damascus"} <= set(found) and "Paris" not in found
    assert found["Damascus"]["rank"] <= found.get("Idlib", {"rank": 10})["rank"]


def test_timeline_counts_events_and_fatalities_per_week() -> None:
    chart = timeline.chart([("2021-03-03", 1, 12), ("2021-03-05", 1, 0), ("2021-04-20", 1, 30)])
    assert chart["unit"] == "week" and chart["first"] == "2021-03-01"
    assert [b["count"] for b in chart["bars"]] == [2, 0, 0, 0, 0, 0, 0, 1]
    assert [b["fatalities"] for b in chart["bars"]][::7] == [12, 30]
    assert chart["bars"][-1]["fh"] == timeline.BAND and chart["bars"][0]["fh"] < timeline.BAND
    assert chart["bars"][0]["until"] == "2021-03-07"


def test_timeline_counts_per_month_over_a_long_span() -> None:
    chart = timeline.chart([("2001-01-10", 1, 0), ("2001-01-20", 1, 5), ("2015-06-01", 1, 0),
                            ("undated", 4, 4)])
    assert chart["unit"] == "month" and chart["bars"][0]["count"] == 2
    assert chart["bars"][-1]["since"] == "2015-06-01" and chart["bars"][-1]["count"] == 1
    assert chart["bars"][0]["until"] == "2001-01-31"


def test_store_summaries_match_the_events(db: Path) -> None:
    with Store(db, readonly=True) as store:
        events = store.events()
        where = EventFilter(event_type="Battles")
        assert store.count_events(where) == sum(e.event_type == "Battles" for e in events)
        days = store.event_days(EventFilter())
        assert sum(n for _, n, _ in days) == len(events)
        assert sum(dead for _, _, dead in days) == sum(e.fatalities for e in events)
        located, box = store.event_extent(EventFilter(since="1000"))  # read from the events
        assert located == 16 and box == (-47.9, -15.8, ALEPPO[0], ALEPPO[1])
        located, cells = store.event_extent(EventFilter())  # from the summary: whole cells
        assert located == 16 and cells is not None
        assert all(abs(a - b) < 0.18 for a, b in zip(cells, box, strict=True))
        assert cells[0] <= box[0] and cells[3] >= box[3]


def _cells(store: Store, where: EventFilter, zoom: int) -> list[tuple[Any, ...]]:
    rows = store.event_cells(where, zoom, mapdata.cell_size(zoom))
    return sorted((r["gx"], r["gy"], r["event_type"], r["n"], r["fatalities"],
                   round(r["sum_lon"], 6), round(r["sum_lat2"], 4)) for r in rows)


def test_the_summary_tables_agree_with_the_events_and_follow_changes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db", _crowd(), plain_analysis())
    everything = EventFilter(since="1000")  # a criterion: read from the events themselves
    with Store(db) as store:
        for zoom in (0, 5, 16):
            assert _cells(store, EventFilter(), zoom) == _cells(store, everything, zoom) != []
        assert store.event_days(EventFilter()) == store.event_days(everything)
        smaller = _crowd()
        smaller.events = smaller.events[:3]  # the article saved again with fewer events
        store.save_analysis(smaller)
        for zoom in (0, 9, 16):
            assert _cells(store, EventFilter(), zoom) == _cells(store, everything, zoom)
        assert sum(r[3] for r in _cells(store, EventFilter(), 0)) == 3 + 2
        assert store.event_days(EventFilter()) == store.event_days(everything)
        assert all(zoom_cell == mapdata.cell_size(zoom) for zoom, zoom_cell in
                   store._conn.execute("SELECT zoom, cell FROM map_zooms"))


def test_home_page_of_the_plain_store_still_draws_one_marker_per_event(tmp_path: Path) -> None:
    db = build_store(tmp_path / "plain.db", plain_analysis())
    html = TestClient(create_app(str(db)), base_url=LOCAL).get("/").text
    assert html.count('<circle class="marker') == 2


def test_a_filters_summaries_follow_a_write_on_the_same_store(tmp_path: Path) -> None:
    db = build_store(tmp_path / "w.db", plain_analysis())
    battles = EventFilter(event_type="Battles")
    with Store(db) as store:
        assert store.count_events(battles) == 1
        assert store.event_countries(battles) == ["Mali"]
        store.save_analysis(_crowd())
        assert store.count_events(battles) == 1 + sum(
            e.event_type == "Battles" for e in _crowd().events)
        assert store.event_countries(battles) == ["Mali", "Syria"]


def test_the_summary_tables_follow_reviews_and_leave_out_rejected_events(tmp_path: Path) -> None:
    db = build_store(tmp_path / "r.db", _crowd())
    everything = EventFilter(since="1000")  # a criterion: read from the events themselves
    decision = partial(Decision, reason="checked the sources", reviewer="Ana Lyst")
    with Store(db) as store:
        decide(store, "EV-03", decision("correct", changes={
            "longitude": "-60.5", "latitude": "-3.1", "fatalities": "7",
            "event_type": "Protests", "sub_event_type": "Peaceful protest",
            "event_date": "2017-05-02"}))
        decide(store, "EV-05", decision("correct", changes={"country": "Peru"}))
        decide(store, "EV-05", decision("reject"))
        decide(store, "EV-07", decision("confirm"))
        for zoom in (0, 6, 16):
            assert _cells(store, EventFilter(), zoom) == _cells(store, everything, zoom)
        assert store.event_days(EventFilter()) == store.event_days(everything)
        assert ("2017-05-02", 1, 7) in store.event_days(EventFilter())
        assert store.count_events(EventFilter()) == store.count_events(everything) == 15
        assert store.count_events(EventFilter(review="all")) == 16
        assert store.event_countries(EventFilter()) == store.event_countries(everything) == [
            "Syria"] != store.event_countries(EventFilter(review="all"))
        assert sum(r[3] for r in _cells(store, EventFilter(review="all"), 0)) == 16
        assert sum(r[3] for r in _cells(store, EventFilter(), 0)) == 15
        decide(store, "EV-05", decision("confirm", reason="it happened after all"))
        assert _cells(store, EventFilter(), 3) == _cells(store, EventFilter(review="all"), 3)
        store.save_analysis(_crowd())  # saved again: its rows deleted and written anew
        assert _cells(store, EventFilter(), 5) == _cells(store, everything, 5)
        assert store.event_days(EventFilter()) == store.event_days(everything)

