"""The home page's map and timeline in a real browser (Debian's /usr/bin/chromium via
Playwright): wheel and button zoom, a cluster splitting as one zooms in, a cluster on
one point listing its events, a click opening an event, the timeline's brush setting
the dates; an actor page drawing the same map and timeline. Screenshots go to
test-artifacts/ (gitignored). Skipped without chromium.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import CHROMIUM
from test_browser import ARTIFACTS, serving
from test_web import build_store, plain_analysis
from test_web_map import _crowd

from warledger.web import create_app

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent"),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("map-browser") / "map.db", _crowd(),
                     plain_analysis())
    with serving(create_app(str(db))) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    assert tab.errors == []
    context.close()


def _zoom(page: Any) -> int:
    return int(page.get_attribute("#map", "data-zoom"))


def _wait_zoom(page: Any, done: Callable[[int], bool], seconds: float = 10) -> int:
    """The map's zoom once `done` with it and its clusters loaded (polled: the page's
    CSP forbids the eval behind Playwright's wait_for_function)."""
    deadline = time.monotonic() + seconds
    while not done(_zoom(page)) or "loading" in (page.get_attribute("#map", "class") or ""):
        assert time.monotonic() < deadline, f"zoom stayed at {_zoom(page)}"
        page.wait_for_timeout(50)
    return _zoom(page)


def _wait_zoom_above(page: Any, zoom: int) -> int:
    return _wait_zoom(page, lambda now: now > zoom)


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#map-figure").screenshot(path=str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 5_000


def test_a_cluster_splits_as_one_zooms_in_and_its_point_lists_its_events(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    clusters = page.locator("#map g.cluster")
    assert clusters.count() == 1 and clusters.first.get_attribute("data-n") == "15"
    assert page.locator("#map circle.marker").count() == 3  # Mali, Syria, Brazil: one each
    assert page.locator("#map .place:not(.off) text").count() >= 1  # labelled places
    _shot(page, "map-home.png")
    for _ in range(6):  # each click zooms to the cluster, until it splits
        start = _zoom(page)
        page.locator("#map g.cluster[data-n='15']").click()
        _wait_zoom_above(page, start)
        counts = sorted(int(n) for n in clusters.evaluate_all(
            "groups => groups.map(g => g.dataset.n)"))
        if 15 not in counts:
            break
    assert 12 in counts and len(counts) + page.locator("#map circle.marker").count() > 1
    _shot(page, "map-zoomed.png")
    page.locator("#map g.cluster[data-n='12']").click()  # one point: it lists its events
    items = page.locator("#map-list-items a")
    items.first.wait_for()
    assert items.count() == 12 and "12 events at Place" in page.inner_text("#map-list-title")
    _shot(page, "map-list.png")
    event_id = items.first.get_attribute("data-event")
    items.first.click()
    page.wait_for_url(f"**/events/{event_id}")


def test_wheel_and_buttons_zoom_and_a_marker_opens_its_event(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    start = _zoom(page)
    box = page.locator("#map").bounding_box()
    idlib = page.evaluate("""() => { const svg = document.getElementById('map');
        const p = svg.createSVGPoint(); p.x = 36.65 * Number(svg.dataset.kx); p.y = -35.9;
        const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; }""")
    assert box["x"] < idlib[0] < box["x"] + box["width"]
    page.mouse.move(idlib[0], idlib[1])
    for _ in range(8):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(60)
    deep = _wait_zoom_above(page, start + 3)
    page.click("#zoom-out")  # the buttons zoom about the centre: out and back in
    _wait_zoom(page, lambda zoom: zoom < deep)
    page.click("#zoom-in")
    _wait_zoom(page, lambda zoom: zoom == deep)
    markers = page.locator("#map circle.marker[data-event^='EV-1']")  # Idlib's three
    markers.first.wait_for()
    assert markers.count() >= 1
    _shot(page, "map-markers.png")
    event_id = markers.first.get_attribute("data-event")
    markers.first.click()
    page.wait_for_url(f"**/events/{event_id}")


def test_dragging_across_the_timeline_sets_the_dates(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    chart = page.locator("#timeline").bounding_box()
    y = chart["y"] + chart["height"] / 3
    page.mouse.move(chart["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] / 2, y, steps=8)
    assert " to " in page.inner_text("#brush-label")
    page.mouse.up()
    page.wait_for_url("**since=*until=*")
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert since and until and since <= until
    assert page.locator("#event-list tr.event-row").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline-brushed.png"), full_page=True)


def test_an_actor_page_draws_the_same_map_and_its_brush_filters_the_ledger(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "/actors/Rebel%20Front")
    assert page.locator("#map-markers circle.marker").count() == 1
    with page.expect_response(lambda r: "/api/map?" in r.url) as answer:
        page.click("#zoom-out")
    assert "actor=Rebel+Front" in answer.value.url and answer.value.json()["events"] == 1
    chart = page.locator("#timeline").bounding_box()
    y = chart["y"] + chart["height"] / 3
    page.mouse.move(chart["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] - 1, y, steps=8)
    page.mouse.up()
    page.wait_for_url("**/?actor=Rebel+Front&since=*&until=*")
    assert page.locator("#event-list tr.event-row").count() == 1
    _shot(page, "actor-brushed.png")
