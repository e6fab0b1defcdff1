"""The web UI in a real browser: Debian's /usr/bin/chromium driven by Playwright.

The server (uvicorn, in a thread, on a free port) serves a store made by running
the pipeline on the example corpus, plus a hand-made article carrying script and
HTML-injection payloads. Screenshots go to test-artifacts/ (gitignored).
Never downloads a browser: skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, EXAMPLES, REPO
from test_web import SCRIPT, build_store, injection_analysis

from warledger import pipeline
from warledger.actors import aliases
from warledger.actors.aliases import fold
from warledger.ledger import query
from warledger.ledger.store import Store
from warledger.records import EventFilter
from warledger.web import create_app

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


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread while the block runs: its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    with serving(create_app(str(db))) as url:
        yield url


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
    tables = " ".join(page.locator("table.claims").all_inner_texts())  # one per source
    assert all(claim.speaker in tables for claim in event.claims)
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


# -- search, sorting, errors, actor and source pages, long event pages (issue 18) --------------


def _event_text(event: Any) -> str:
    return fold(" ".join(str(getattr(event, col) or "") for col in query.TEXT_COLS))


def _body_word(db: Path) -> tuple[str, str]:
    """An article with events and a word of its body that no event field holds."""
    events = _stored_events(db)
    fields = " ".join(_event_text(e) for e in events)
    with Store(db, readonly=True) as store:
        for article in store.articles():
            cited = [e for e in events if article.article_id in {s.article_id for s in e.sources}]
            words = [w for w in re.findall(r"[^\W\d_]{7,}", article.body) if fold(w) not in fields]
            if cited and words:
                return article.article_id, words[0]
    raise AssertionError("no article with a word of its own")


def test_a_search_finds_an_article_by_a_word_of_its_body(page: Any, base_url: str,
                                                         db: Path) -> None:
    article_id, word = _body_word(db)
    with Store(db, readonly=True) as store:
        expected = [e.event_id for e in store.iter_events(EventFilter(q=word))]
    page.goto(base_url + "/")
    page.fill("input[name=q]", word)
    page.click("#apply")
    page.wait_for_url("**q=**")
    hits = page.locator("#article-hits a")
    assert article_id in [hits.nth(i).get_attribute("href").split("/", 2)[2]
                          for i in range(hits.count())]
    assert page.locator("#article-hits mark.hit").first.inner_text().lower() == word.lower()
    rows = page.locator("#event-list tr.event-row")
    assert [rows.nth(i).get_attribute("data-event") for i in range(rows.count())] == expected
    assert expected  # the article's events
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)


def _alias_of_a_stored_actor(db: Path) -> tuple[str, list[str]]:
    """An alias of the actor dictionary found in no event's text, that names a stored actor."""
    events = _stored_events(db)
    entries, _ = aliases.load()
    for alias in (a for entry in entries for a in entry.get("aliases", [])):
        pattern = re.compile(query.text_pattern(alias))
        found = [e.event_id for e in events if pattern.search(_actors(e))]
        if len(alias) > 3 and found and fold(alias) not in " ".join(map(_actors, events)):
            return alias, found
    raise AssertionError("no alias names a stored actor")


def _actors(event: Any) -> str:
    return fold("\n".join(str(getattr(event, col) or "") for col in query.ACTOR_COLS))


def test_an_actor_alias_filters_the_list(page: Any, base_url: str, db: Path) -> None:
    alias, expected = _alias_of_a_stored_actor(db)
    assert 0 < len(expected) < len(_stored_events(db))
    page.goto(base_url + "/")
    page.fill("input[name=actor]", alias)
    page.click("#apply")
    page.wait_for_url("**actor=**")
    rows = page.locator("#event-list tr.event-row")
    assert sorted(rows.nth(i).get_attribute("data-event") for i in range(rows.count())) == \
        sorted(expected)


def _fatalities(page: Any) -> list[int]:
    cells = page.locator("#event-list tr.event-row td.num:nth-child(6)")
    return [int(cells.nth(i).inner_text().split()[0]) for i in range(cells.count())]


def test_a_column_header_sorts_the_list(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.click("#event-list th a.sort:text('Fatalities')")
    page.wait_for_url("**sort=fatalities&order=asc**")
    ascending = _fatalities(page)
    assert ascending == sorted(ascending) and len(set(ascending)) > 1
    page.click("#event-list th a.sort:text('Fatalities')")
    page.wait_for_url("**order=desc**")
    assert _fatalities(page) == sorted(ascending, reverse=True)
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Fatalities")


def test_an_invalid_date_is_shown_as_an_error(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?since=2021-13-01")
    assert "since: '2021-13-01' is not a date" in page.locator("#filter-errors").inner_text()
    assert page.locator("#event-list tr.event-row").count() == 0
    assert page.input_value("input[name=since]") == "2021-13-01"


def test_a_long_event_page_opens_what_a_claim_points_to(page: Any, base_url: str,
                                                        db: Path) -> None:
    event = max(_stored_events(db), key=lambda e: (len(e.sources), len(e.claims)))
    assert len(event.sources) > 1  # the example corpus holds a copy of one story
    page.goto(f"{base_url}/events/{event.event_id}")
    assert page.locator("details.claim-group").count() == len({c.article_id
                                                               for c in event.claims})
    assert page.locator("details.evidence-box:not([open])").count() == len(event.sources)
    anchor = page.locator("table.claims tr.claim-row a[href^='#']").first
    target = page.locator("id=" + anchor.get_attribute("href")[1:])
    assert not target.is_visible()  # folded away until asked for
    anchor.click()
    assert target.is_visible()
    page.screenshot(path=str(ARTIFACTS / "event-grouped.png"), full_page=True)


def test_actor_and_source_pages(page: Any, base_url: str, db: Path) -> None:
    page.goto(base_url + "/")
    link = page.locator("#event-list a.actor").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("#actor-name").inner_text() == name
    named = [e for e in _stored_events(db) if fold(name) in _actors(e)]
    assert page.locator("#event-list tr.event-row").count() == len(named) > 0
    assert page.locator("svg#map circle.marker").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)
    page.click("#event-list tr.event-row a[href^='/events/']")
    page.wait_for_url("**/events/**")
    speaker = page.locator("table.claims td.speaker").first
    who = speaker.locator("a[href^='#']").inner_text()
    speaker.locator("a.who").click()
    page.wait_for_url("**/sources/**")
    assert page.locator("#source-name").inner_text() == who
    assert page.locator("#as-speaker tr.claim-row").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "source.png"), full_page=True)
