"""The web UI in a real browser: Debian's /usr/bin/chromium driven by Playwright.

The server (uvicorn, in a thread, on a free port) serves a store made by running
the pipeline on the example corpus, plus a hand-made article carrying script and
HTML-injection payloads. Screenshots go to test-artifacts/ (gitignored).
Never downloads a browser: skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, REPO
from test_web import SCRIPT, build_store, injection_analysis

from warledger import pipeline
from warledger.ledger.store import Store
from warledger.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
INJECTED = "img[src='x'], svg[onload], script:not([src]), [onerror], [onload]"

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent "
                       "(apt-get install -y chromium chromium-driver)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "ledger.db"
    summary = pipeline.run([str(EXAMPLES)], path)
    assert summary.events > 0
    return build_store(path, injection_analysis())


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def _stored_events(db: Path) -> list[Any]:
    with Store(db, readonly=True) as store:
        return store.events()


def test_home_page_shows_a_marker_per_located_event(page: Any, base_url: str, db: Path) -> None:
    located = [e for e in _stored_events(db) if e.latitude is not None]
    page.goto(base_url + "/")
    singles = page.locator("svg#map circle.marker").count()
    grouped = page.locator("svg#map g.cluster").evaluate_all(
        "groups => groups.reduce((sum, g) => sum + Number(g.dataset.n), 0)")
    assert singles + grouped == len(located) > 5  # every located event, alone or grouped
    assert page.locator("svg#map .countries path").count() > 10
    assert page.locator("#event-list tr.event-row").count() == len(_stored_events(db))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"))
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000


def test_a_marker_leads_to_its_event(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    top = page.locator("svg#map circle.marker").last  # drawn last: the smallest, on top
    event_id = top.get_attribute("data-event")
    top.click()
    page.wait_for_url(f"**/events/{event_id}")
    assert page.locator("#fields").inner_text().count(event_id) == 1


def test_a_filter_changes_the_list(page: Any, base_url: str, db: Path) -> None:
    everything = len(_stored_events(db))
    battles = [e for e in _stored_events(db) if e.event_type == "Battles"]
    assert 0 < len(battles) < everything
    page.goto(base_url + "/")
    page.select_option("select[name=event_type]", "Battles")  # app.js submits on change
    page.wait_for_url("**event_type=Battles**")
    rows = page.locator("#event-list tr.event-row")
    assert rows.count() == len(battles)
    assert page.locator("svg#map circle.marker").count() <= len(battles)
    page.fill("input[name=country]", "Narnia")
    page.click("#apply")
    page.wait_for_url("**country=Narnia**")
    assert page.locator("#event-list tr.event-row").count() == 0
    assert page.locator("#no-events").is_visible()


def test_event_page_shows_the_claims_and_the_evidence(page: Any, base_url: str, db: Path) -> None:
    event = max(_stored_events(db), key=lambda e: len(e.claims))
    page.goto(base_url + "/")
    page.click(f"tr.event-row[data-event='{event.event_id}'] a")
    page.wait_for_url(f"**/events/{event.event_id}")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == len(event.claims)
    assert page.locator("table.claims").inner_text().count(event.claims[0].speaker) >= 1
    assert page.locator(".evidence mark.hl-source").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/events/EV-inject", "/articles/inject",
                                  "/?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"])
def test_injection_payloads_show_as_text_and_never_run(page: Any, base_url: str,
                                                       path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.locator(INJECTED).count() == 0
    if not path.startswith("/?"):
        assert SCRIPT in page.locator("main").inner_text()
    if path == "/articles/inject":
        assert SCRIPT in page.locator("#article-title").inner_text()
        page.screenshot(path=str(ARTIFACTS / "injection.png"), full_page=True)
