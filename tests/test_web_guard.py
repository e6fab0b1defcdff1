"""The web server's guard rails (issue 16): allowed hosts, a capped request body,
security headers on every response (errors included), bounded numeric parameters, a
store failing mid-serve, and article ids with any character reachable from the links.

Fast and offline: stores are built from hand-made records (tests/test_web.py).
"""

from __future__ import annotations

import html
import re
import sqlite3
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_web import LOCAL, build_store, plain_analysis

from warledger import cli
from warledger.ingest.values import MAX_DOCUMENT_BYTES
from warledger.ledger.store import Store
from warledger.records import Analysis, Source
from warledger.web.app import CSP, TOKEN_HEADER, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TRICKY_IDS = (
    "https://example.org/2021/03/story.html?id=7&x=1#top",
    "a/../b",
    "100% sure",
    "/leading/and/trailing/",
    "back\\slash",
    "ünïcödé/خبر 1",
)


def _headers_ok(response: Any) -> bool:
    return (response.headers.get("content-security-policy") == CSP
            and response.headers.get("x-content-type-options") == "nosniff"
            and response.headers.get("referrer-policy") == "no-referrer")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("guard") / "web.db", plain_analysis())


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    path = build_store(tmp_path / "w.db", plain_analysis())
    with TestClient(create_app(str(path), writable=True, token="t0ken"), base_url=LOCAL,
                    headers={TOKEN_HEADER: "t0ken"}) as client:
        yield client, path


# -- Host header -------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "name"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:80", "::1"),
    ("::1", "::1"), ("example.org.", "example.org"), ("", ""),
])
def test_host_name_drops_port_brackets_and_case(header: str, name: str) -> None:
    from warledger.web.guard import host_name

    assert host_name(header) == name


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000"])
def test_local_hosts_are_allowed(db: Path, host: str) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    assert client.get("/api/events", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "testserver", ""])
def test_other_hosts_are_refused(db: Path, host: str) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    for path in ("/", "/api/events", "/static/style.css"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400 and _headers_ok(response), (path, host)
        assert response.json() == {"detail": "host not allowed"}


def test_a_rebinding_post_is_refused_and_stores_nothing(
        writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    record = {"id": "rebound", "text": "At least 3 people were killed in Kunduz, police said."}
    response = client.post("/api/documents", json=record, headers={"Host": "evil.example"})
    assert response.status_code == 400
    with Store(path, readonly=True) as store:
        assert store.get_article("rebound") is None


def test_serve_allows_the_host_it_binds(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    argv = ["serve", "--db", str(db), "--host", "10.1.2.3", "--allow-host", "ledger.lan"]
    assert cli.main(argv) == cli.OK
    client = TestClient(served["app"], base_url=LOCAL)
    for host, status in (("10.1.2.3:8000", 200), ("ledger.lan", 200), ("localhost", 200),
                         ("10.1.2.4:8000", 400)):
        assert client.get("/api/events", headers={"Host": host}).status_code == status, host


# -- request bodies -----------------------------------------------------------------------


def test_a_body_over_the_document_limit_is_refused(writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    big = {"id": "big", "text": "x" * (30 * 1024 * 1024)}
    response = client.post("/api/documents", json=big)
    assert response.status_code == 413 and _headers_ok(response)
    with Store(path, readonly=True) as store:
        assert store.get_article("big") is None


def test_a_chunked_body_over_the_limit_is_refused(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    chunks = (b"x" * (1024 * 1024) for _ in range(MAX_DOCUMENT_BYTES // (1024 * 1024) + 2))
    response = client.post("/api/documents", content=chunks,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_body_within_the_limit_reaches_the_app(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    record = {"id": "x", "text": "   ", "pad": "y" * (MAX_DOCUMENT_BYTES - 100)}
    response = client.post("/api/documents", json=record)
    assert response.status_code == 422  # the record's own fault (an unknown field)


def test_the_read_only_app_caps_bodies_too(db: Path) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    response = client.post("/api/events", content=b"x" * (MAX_DOCUMENT_BYTES + 1))
    assert response.status_code == 413


# -- errors: headers, bounds, a failing store -----------------------------------------------


def test_an_unexpected_error_is_a_500_with_the_security_headers(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr(Store, "event", broken)
    client = TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False)
    for path in ("/events/EV-alpha", "/api/events/EV-alpha"):
        response = client.get(path)
        assert response.status_code == 500 and _headers_ok(response), path
        assert response.json() == {"detail": "internal error"}


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=" + "9" * 30,
                                   "limit=9223372036854775808", "limit=10001"])
def test_numeric_parameters_out_of_range_are_422(db: Path, query: str) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False)
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422 and _headers_ok(response)


def test_the_largest_offset_is_an_empty_page(db: Path) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    assert client.get(f"/api/events?offset={2**63 - 1}&limit=10000").json() == []
    assert client.get(f"/?offset={2**64}").status_code == 200


def test_a_store_failing_mid_serve_is_a_one_line_503(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.db", plain_analysis())
    client = TestClient(create_app(str(path)), base_url=LOCAL, raise_server_exceptions=False)
    with sqlite3.connect(path) as conn:  # a damaged value: not valid UTF-8
        conn.execute("UPDATE articles SET text = CAST(X'61FF62' AS TEXT)")
    for route in ("/articles/alpha", "/api/articles/alpha"):
        response = client.get(route)
        assert response.status_code == 503 and _headers_ok(response), route
        detail = response.json()["detail"]
        assert detail.startswith(f"{path}: unusable store (") and "\n" not in detail


# -- ids with any character -------------------------------------------------------------------


def _with_id(article_id: str) -> Analysis:
    """The plain analysis under another article id (its events cite it as their source)."""
    analysis = plain_analysis()
    article = replace(analysis.article, article_id=article_id, source=f"{article_id}.txt")
    claims = [replace(c, article_id=article_id) for c in analysis.claims]
    places = [replace(p, article_id=article_id) for p in analysis.places]
    source = Source(article_id, article.url, article.publisher, article.original_publisher,
                    article.published, article.title)
    events = [replace(e, event_id=f"EV-{i}", sources=[source],
                      claims=[replace(c, event_id=f"EV-{i}") for c in claims
                              if c.claim_id in {k.claim_id for k in e.claims}])
              for i, e in enumerate(analysis.events)]
    return Analysis(article=article, places=places, claims=claims, events=events)


def _hrefs(page: str, prefix: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page) if h.startswith(prefix)]


@pytest.mark.parametrize("article_id", TRICKY_IDS)
def test_article_pages_are_reached_from_the_event_page_links(
        tmp_path: Path, article_id: str) -> None:
    path = build_store(tmp_path / "ids.db", _with_id(article_id))
    client = TestClient(create_app(str(path)), base_url=LOCAL)
    links = _hrefs(client.get("/events/EV-0").text, "/articles/")
    assert links and len(set(links)) == 1
    page = client.get(links[0])
    assert page.status_code == 200, links[0]
    assert html.escape(article_id, quote=False) in page.text
    [api] = _hrefs(page.text, "/api/articles/")
    assert client.get(api).json()["article_id"] == article_id
