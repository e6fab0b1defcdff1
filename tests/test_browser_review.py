"""The review trail in a real browser (Debian's /usr/bin/chromium, Playwright).

`warledger run` on the example corpus, `serve --writable` (in a thread, with a token
and a reviewer); an analyst corrects an event on its page; the correction is saved,
survives `warledger run` again on the same inputs and is in the CSV export. A form
posted from another origin, with no token header, is refused and changes nothing.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, EXAMPLES, run_cli
from test_browser import ARTIFACTS, serving

from warledger.ledger.store import Store
from warledger.web import create_app

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent "
                       "(apt-get install -y chromium chromium-driver)"),
]
TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "ledger.db"
    done = run_cli("run", str(EXAMPLES), "--db", str(path), "--quiet")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    app = create_app(str(db), writable=True, token=TOKEN, reviewer="Test Analyst")
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    yield context.new_page()
    context.close()


def _event(db: Path, event_id: str) -> Any:
    with Store(db, readonly=True) as store:
        return store.event(event_id)


def _first_event(db: Path) -> Any:
    with Store(db, readonly=True) as store:
        return store.events()[0]


def _csv_rows(db: Path) -> dict[str, dict[str, str]]:
    done = run_cli("export", "--db", str(db), "--what", "events", "--format", "csv")
    assert done.returncode == 0, done.stderr
    return {row["event_id"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


def test_a_correction_is_saved_survives_a_re_run_and_is_exported(
        page: Any, base_url: str, db: Path) -> None:
    event = _first_event(db)
    wanted = event.fatalities + 7
    page.goto(f"{base_url}/events/{event.event_id}")
    page.select_option("#review-action", "correct")
    page.fill("#fix-fatalities", str(wanted))
    page.fill("#fix-location", "Corrected Town")
    page.fill("#review-reason", "the hospital's later count")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#review").screenshot(path=str(ARTIFACTS / "review-form.png"))
    with page.expect_navigation():
        page.click("#review-submit")
    assert page.locator("#review-status").inner_text().startswith("Reviewed: corrected")
    history = page.locator("#review-history").inner_text()
    assert "the hospital's later count" in history and "Test Analyst" in history
    assert page.locator("#machine-values").inner_text().count("\n") >= 2
    page.screenshot(path=str(ARTIFACTS / "review-corrected.png"), full_page=True)

    again = run_cli("run", str(EXAMPLES), "--db", str(db), "--quiet")  # the same inputs
    assert again.returncode == 0, again.stderr
    stored = _event(db, event.event_id)
    assert (stored.fatalities, stored.location) == (wanted, "Corrected Town")
    page.reload()
    assert "Corrected Town" in page.locator("#fields").inner_text()
    row = _csv_rows(db)[event.event_id]
    assert (row["fatalities"], row["location"], row["reviewed"]) == (
        str(wanted), "Corrected Town", "true")
    assert json.loads(row["machine_values"])["fatalities"] == event.fatalities


def test_a_form_posted_from_another_origin_is_refused(page: Any, base_url: str,
                                                      db: Path) -> None:
    event = _first_event(db)
    before = _event(db, event.event_id)
    page.set_content(  # a page of another origin with a form aimed at the server
        f'<form id="evil" method="post" action="{base_url}/api/reviews" enctype="text/plain">'
        f'<input name=\'{{"event_id": "{event.event_id}", "action": "reject", '
        f'"reason": "pwned", "x": "\' value=\'"}}\'></form>')
    with page.expect_response(f"{base_url}/api/reviews") as response:
        page.eval_on_selector("#evil", "form => form.submit()")
    assert response.value.status == 403
    after = _event(db, event.event_id)
    assert after.review_status == before.review_status != "rejected"
    with Store(db, readonly=True) as store:
        assert all(r.reason != "pwned" for r in store.reviews(event.event_id))
    page.wait_for_load_state("load")  # the refused post's answer is still being shown
    page.screenshot(path=str(ARTIFACTS / "review-cross-site-refused.png"))


def test_a_rejection_in_the_ui_hides_the_event_from_the_list(page: Any, base_url: str,
                                                            db: Path) -> None:
    with Store(db, readonly=True) as store:
        victim = store.events()[-1]
    page.goto(f"{base_url}/events/{victim.event_id}")
    page.select_option("#review-action", "reject")
    page.fill("#review-reason", "background, not an incident")
    with page.expect_navigation():
        page.click("#review-submit")
    assert "rejected" in page.locator("#review-status").inner_text()
    ids = [e["event_id"] for e in page.request.get(f"{base_url}/api/events").json()]
    assert victim.event_id not in ids
    every = page.request.get(f"{base_url}/api/events?review=all").json()
    assert victim.event_id in [e["event_id"] for e in every]
    page.screenshot(path=str(ARTIFACTS / "review-rejected.png"), full_page=True)
