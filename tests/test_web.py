"""The web UI and JSON API (`warledger serve`), through FastAPI's TestClient.

Stores are built from hand-made records (`Store.save_analysis`), so these tests
are fast and need no model; one test runs the real pipeline (marked `model`).
`build_store` is also used by tests/test_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from warledger import cli
from warledger.ledger.export import ARTICLE_COLUMNS, csv_columns
from warledger.ledger.store import Store, StoreError
from warledger.records import Analysis, Article, Claim, Event, EventFilter, PlaceMention, Source
from warledger.web import highlight, mapdata, models, views
from warledger.web.app import CSP, TOKEN_HEADER, create_app

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SVG = '"><svg onload="window.__pwned=1;alert(1)">'
PAYLOADS = (SCRIPT, IMG, SVG)
DANGER = ("<script>", "<img src=x", "<svg onload", "<img")
LOCAL = "http://127.0.0.1"  # TestClient's own "testserver" is not an allowed host
CONTRACT_API = ("/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                "/api/events.geojson", "/api/events.csv")


# -- building stores from records ------------------------------------------------------


def _claim(text: str, article_id: str, n: int, speaker: str, cue: str, content: str,
           **extra: Any) -> Claim:
    s0 = text.index(speaker)
    c0 = text.index(cue, s0)
    k0 = text.index(content)
    start, end = min(s0, k0), max(c0 + len(cue), k0 + len(content))
    return Claim(
        claim_id=f"{article_id}:c{n}", article_id=article_id, kind=extra.pop("kind", "other"),
        speaker=speaker, speaker_type=extra.pop("speaker_type", "government"),
        anonymous=extra.pop("anonymous", False), cue=cue, content=content, start=start, end=end,
        source_start=s0, source_end=s0 + len(speaker), cue_start=c0, cue_end=c0 + len(cue),
        content_start=k0, content_end=k0 + len(content), **extra,
    )


def _place(text: str, article_id: str, name: str, lat: float, lon: float,
           country: str) -> PlaceMention:
    start = text.index(name)
    return PlaceMention(article_id, name, start, start + len(name), name, 1, lat, lon, "XX",
                        country, "Adm", None, "P", 0.9, "PPL")


def _article(article_id: str, text: str, title: str, publisher: str = "Daily Test",
             published: str = "2021-03-04") -> Article:
    return Article(article_id=article_id, text=text, nlp_text=text, body=text,
                   url=f"https://example.org/{article_id}", title=title, publisher=publisher,
                   original_publisher="Wire Service", published=published,
                   source=f"{article_id}.txt", content_hash=article_id)


def _event(event_id: str, article: Article, claims: list[Claim], **fields: Any) -> Event:
    for claim in claims:
        claim.event_id = event_id
    source = Source(article.article_id, article.url, article.publisher,
                    article.original_publisher, article.published, article.title)
    return Event(event_id=event_id, claims=claims, sources=[source], **fields)


def plain_analysis() -> Analysis:
    text = ("On 3 March 2021, at least 12 people were killed in Alphaville, the governor said. "
            "Rebels said 30 fighters died in Betatown.")
    art = _article("alpha", text, "Twelve killed in Alphaville")
    claims = [
        _claim(text, "alpha", 1, "the governor", "said", "at least 12 people were killed",
               kind="fatalities", value_low=12, qualifier="at_least",
               quantity_text="at least 12", quantity_start=text.index("at least 12"),
               quantity_end=text.index("at least 12") + len("at least 12")),
        _claim(text, "alpha", 2, "Rebels", "said", "30 fighters died in Betatown",
               kind="fatalities", value_low=30, qualifier="exact", speaker_type="armed_group"),
    ]
    places = [_place(text, "alpha", "Alphaville", 33.5, 36.3, "Syria"),
              _place(text, "alpha", "Betatown", 34.0, 37.0, "Syria")]
    events = [
        _event("EV-alpha", art, claims[:1], event_date="2021-03-03", date_precision="day",
               event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
               actor1="Military Forces of Syria", country="Syria", iso3="SYR",
               location="Alphaville", latitude=33.5, longitude=36.3, fatalities=12,
               contradiction=True, contradictions=["the governor: 12; rebels: 30"]),
        _event("EV-beta", art, claims[1:], event_date="2021-04-20", date_precision="day",
               event_type="Battles", sub_event_type="Armed clash", actor1="Rebel Front",
               country="Mali", iso3="MLI", location="Betatown", latitude=14.0,
               longitude=-4.0, fatalities=30),
    ]
    return Analysis(article=art, places=places, claims=claims, events=events)


def injection_analysis() -> Analysis:
    """An article whose title, text, claims, places and event fields carry payloads."""
    text = (f"Headline {SCRIPT} here. In Gammaburg {IMG} officials said {SVG} 5 people died. "
            f"The mayor said {SCRIPT} nothing else.")
    art = _article("inject", text, f"Title {SCRIPT} {IMG} {SVG}", publisher=f"Pub {IMG}")
    claims = [
        _claim(text, "inject", 1, "officials", "said", f"{SVG} 5 people died",
               kind="fatalities", value_low=5, qualifier="exact", subject=SCRIPT),
        _claim(text, "inject", 2, "The mayor", "said", f"{SCRIPT} nothing else"),
    ]
    places = [_place(text, "inject", "Gammaburg", 15.0, 45.0, "Yemen")]
    events = [_event("EV-inject", art, claims, event_date="2021-05-05", date_precision="day",
                     event_type="Violence against civilians", sub_event_type="Attack",
                     actor1=f"Actor {SCRIPT}", country="Yemen", iso3="YEM",
                     location=f"Gammaburg {IMG}", latitude=15.0, longitude=45.0,
                     fatalities=5, notes=f"Notes {SVG}", contradictions=[f"c {IMG}"])]
    return Analysis(article=art, places=places, claims=claims, events=events)


def build_store(path: Path, *analyses: Analysis) -> Path:
    with Store(path) as store:
        for analysis in analyses or (plain_analysis(), injection_analysis()):
            store.save_analysis(analysis)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)), base_url=LOCAL)


# -- JSON API ---------------------------------------------------------------------------


def test_api_events_lists_every_event_with_claims(client: TestClient) -> None:
    response = client.get("/api/events")
    assert response.status_code == 200
    events = response.json()
    assert [e["event_id"] for e in events] == ["EV-alpha", "EV-beta", "EV-inject"]
    assert events[0]["claims"][0]["speaker"] == "the governor"
    assert events[0]["sources"][0]["original_publisher"] == "Wire Service"


@pytest.mark.parametrize(("query", "expected"), [
    ("country=Syria", ["EV-alpha"]),
    ("country=mli", ["EV-beta"]),
    ("event_type=Battles", ["EV-beta"]),
    ("since=2021-04-01", ["EV-beta", "EV-inject"]),
    ("until=2021-04", ["EV-alpha", "EV-beta"]),
    ("since=2021-04-01&until=2021-04-30", ["EV-beta"]),
    ("actor=rebel", ["EV-beta"]),
    ("q=alphaville", ["EV-alpha", "EV-beta"]),  # EV-beta's article names Alphaville
    ("q=military", ["EV-alpha"]),
    ("limit=1&offset=1", ["EV-beta"]),
    ("country=Narnia", []),
])
def test_api_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200
    assert [e["event_id"] for e in response.json()] == expected


@pytest.mark.parametrize("query", ["since=yesterday", "limit=-1", "offset=-3", "until=2021-1"])
def test_api_rejects_bad_parameters(client: TestClient, query: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("route", ["/api/events.csv", "/api/events.geojson"])
def test_downloads_take_the_same_filters_as_the_api(client: TestClient, route: str) -> None:
    assert client.get(f"{route}?since=yesterday").status_code == 422
    params = client.get("/openapi.json").json()["paths"][route]["get"]["parameters"]
    assert {p["name"] for p in params} == set(EventFilter().criteria())


def test_api_one_event_and_one_article(client: TestClient) -> None:
    event = client.get("/api/events/EV-alpha").json()
    assert event["fatalities"] == 12 and event["contradiction"] is True
    article = client.get("/api/articles/alpha").json()
    claim = event["claims"][0]
    assert article["text"][claim["source_start"]:claim["source_end"]] == "the governor"


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/articles/nope"])
def test_api_unknown_id_is_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert "nope" in response.json()["detail"]


def test_csv_is_the_filtered_acled_export(client: TestClient) -> None:
    response = client.get("/api/events.csv?country=Syria")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == csv_columns("events")
    assert [row[-1] for row in rows[1:]] == ["EV-alpha"]  # event_id, the last column
    assert rows[1][0].startswith("SYR")  # event_id_cnty


def test_geojson_is_the_filtered_feature_collection(client: TestClient) -> None:
    response = client.get("/api/events.geojson?event_type=Battles")
    assert response.headers["content-type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-4.0, 14.0]}
    assert feature["properties"]["num_claims"] == 1 and "claims" not in feature["properties"]


# -- OpenAPI ------------------------------------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # Optional[X]: the non-null branch
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _resolve(spec, schema)
    return schema


def _check(spec: dict[str, Any], schema: dict[str, Any], value: Any, where: str) -> None:
    """The response value matches the schema: same keys, recursively, and JSON types."""
    schema = _resolve(spec, schema) if value is not None else schema
    kind = schema.get("type")
    if kind == "object" and "properties" not in schema:  # a mapping: its values
        assert isinstance(value, dict), where
        for key, item in value.items():
            _check(spec, schema.get("additionalProperties", {}), item, f"{where}.{key}")
    elif kind == "object" or "properties" in schema:
        assert set(value) == set(schema["properties"]), where
        required = set(schema.get("required", []))
        assert required <= set(value), where
        for key, sub in schema["properties"].items():
            _check(spec, sub, value[key], f"{where}.{key}")
    elif kind == "array":
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check(spec, schema["items"], item, f"{where}[{i}]")
    elif value is not None and kind in ("string", "integer", "number", "boolean"):
        expected = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
        assert isinstance(value, expected[kind]), where


def _response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    content = spec["paths"][path]["get"]["responses"]["200"]["content"]
    return dict(content["application/json"]["schema"])


def test_openapi_covers_the_contract_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(CONTRACT_API) <= set(spec["paths"])
    assert "/api/documents" not in spec["paths"]  # read-only: no write route at all


@pytest.mark.parametrize(("path", "url"), [
    ("/api/events", "/api/events"),
    ("/api/events/{event_id}", "/api/events/EV-alpha"),
    ("/api/events/{event_id}", "/api/events/EV-inject"),
    ("/api/articles/{article_id}", "/api/articles/alpha"),
])
def test_responses_validate_against_the_openapi_schemas(
    client: TestClient, path: str, url: str
) -> None:
    spec = client.get("/openapi.json").json()
    _check(spec, _response_schema(spec, path), client.get(url).json(), url)


RECORD_MODELS = [("ClaimModel", Claim.RECORD_FIELDS), ("EventModel", Event.RECORD_FIELDS),
                 ("SourceModel", Source.RECORD_FIELDS), ("ArticleModel", ARTICLE_COLUMNS)]


@pytest.mark.parametrize(("name", "columns"), RECORD_MODELS)
def test_api_models_have_the_record_fields(client: TestClient, name: str,
                                           columns: tuple[str, ...]) -> None:
    """The models are the records: a new record field is in the API (or this fails)."""
    model = getattr(models, name)
    assert tuple(model.model_fields) == columns
    assert all(info.is_required() for info in model.model_fields.values())
    schema = client.get("/openapi.json").json()["components"]["schemas"][name]
    assert tuple(schema["properties"]) == columns and tuple(schema["required"]) == columns


def test_api_model_types_follow_the_records(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    event, claim = schemas["EventModel"]["properties"], schemas["ClaimModel"]["properties"]
    assert event["claims"]["items"] == {"$ref": "#/components/schemas/ClaimModel"}
    assert event["sources"]["items"] == {"$ref": "#/components/schemas/SourceModel"}
    assert event["contradictions"]["items"] == {"type": "string"}
    assert event["fatalities"]["type"] == "integer" and event["contradiction"]["type"] == "boolean"
    assert event["date_precision"]["description"] == "day | week | month | year"
    assert claim["qualifier"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert claim["kind"] == {  # a Literal: a string, its values in the description
        "type": "string", "title": "Kind",
        "description": "fatalities | injuries | attack | characterization | other"}


def test_api_parameters_are_the_event_filter(client: TestClient) -> None:
    """/api/events takes every field of EventFilter, the downloads its criteria."""
    paths = client.get("/openapi.json").json()["paths"]
    names = [p["name"] for p in paths["/api/events"]["get"]["parameters"]]
    assert sorted(names) == sorted(f.name for f in fields(EventFilter))
    for route in ("/api/events.csv", "/api/events.geojson"):
        params = paths[route]["get"]["parameters"]
        assert [p["name"] for p in params] == list(EventFilter().criteria())


def test_openapi_documents_the_export_media_types(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    csv_doc = spec["paths"]["/api/events.csv"]["get"]["responses"]["200"]["content"]
    geo_doc = spec["paths"]["/api/events.geojson"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in csv_doc and "application/geo+json" in geo_doc


# -- pages ------------------------------------------------------------------------------------


def test_home_page_has_map_markers_list_timeline_and_downloads(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('<circle class="marker') == 3
    assert html.count('class="event-row"') == 3
    assert 'class="bar"' in html and "Syria</title>" in html  # timeline, country outline
    assert 'href="/api/events.csv"' in html and 'href="/api/events.geojson"' in html


def test_home_page_filters_the_list_and_the_download_links(client: TestClient) -> None:
    html = client.get("/?country=Syria&since=&event_type=").text
    assert html.count('class="event-row"') == 1 and 'data-event="EV-alpha"' in html
    assert 'href="/api/events.csv?country=Syria"' in html


def test_home_page_shows_malformed_dates_as_errors(client: TestClient) -> None:
    response = client.get("/?since=last+week")
    assert response.status_code == 400 and response.text.count('class="event-row"') == 0
    assert "since: &#39;last week&#39; is not a date" in response.text
    assert 'name="since" value="last week"' in response.text  # kept, to be corrected


def test_event_page_shows_claims_sources_contradictions_and_evidence(client: TestClient) -> None:
    html = client.get("/events/EV-alpha").text
    assert "the governor" in html and "at_least" in html and "Wire Service" in html
    assert "the governor: 12; rebels: 30" in html
    assert ('<mark class="hl-claim hl-source" title="speaker: the governor (government)">'
            'the governor</mark>') in html
    assert ('<mark class="hl-claim hl-content hl-figure" title="claimed content; fatalities: '
            '12 (at_least)" id="claim-alpha:c1">at least 12</mark>') in html


def test_article_page_highlights_claims_and_places(client: TestClient) -> None:
    html = client.get("/articles/alpha").text
    assert ('<mark class="hl-claim hl-place" title="place: Alphaville, Adm, Syria">'
            'Alphaville</mark>') in html
    assert ('<mark class="hl-claim hl-content hl-place" title="claimed content; place: '
            'Betatown, Adm, Syria">Betatown</mark>') in html
    assert 'href="/events/EV-beta"' in html


def test_pages_answer_head(client: TestClient) -> None:
    assert client.head("/").status_code == 200
    assert client.head("/events/EV-alpha").status_code == 200


@pytest.mark.parametrize("path", ["/events/nope", "/articles/nope", "/nothing/here"])
def test_unknown_pages_are_html_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


# -- security ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events/EV-inject", "/articles/inject",
                                  "/?q=%3Cscript%3E", "/events/%3Cscript%3Ealert(1)"])
def test_injection_payloads_are_escaped_on_every_page(client: TestClient, path: str) -> None:
    html = client.get(path).text
    for danger in DANGER:
        assert danger not in html, (path, danger)
    assert html.count("<script") == html.count('<script src="/static/') >= 1  # our own only


@pytest.mark.parametrize("path", ["/events/EV-inject", "/articles/inject"])
def test_injection_payloads_are_shown_as_text(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1;alert(1)&#34;&gt;" in html
    assert "&#34;&gt;&lt;svg onload=" in html


def test_api_returns_payloads_verbatim_as_json(client: TestClient) -> None:
    response = client.get("/api/articles/inject")
    assert response.headers["content-type"] == "application/json"
    assert SCRIPT in response.json()["title"]


@pytest.mark.parametrize("path", ["/", "/events/EV-alpha", "/api/events", "/openapi.json",
                                  "/static/style.css", "/nope", "/api/events/nope"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/events/EV-alpha", "/articles/alpha", "/nope"):
        html = client.get(path).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert html.count("<script") == html.count('<script src="/static/')
        assert '<script src="/static/app.js"' in html


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/..%2fapp.py",
    "/static/%2e%2e%2fapp.py", "/static/..%5capp.py", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/../templates/base.html",
])
def test_no_file_outside_the_static_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "[project]" not in response.text and "root:" not in response.text
    assert "create_app" not in response.text and "{% block" not in response.text


def test_read_only_app_has_no_write_route(client: TestClient) -> None:
    response = client.post("/api/documents", json={"id": "x", "text": "hello"})
    assert response.status_code in (404, 405)
    assert all("POST" not in getattr(r, "methods", set()) for r in client.app.routes)  # type: ignore[attr-defined]


def test_writable_app_rejects_a_bad_record(db: Path, tmp_path: Path) -> None:
    target = build_store(tmp_path / "w.db", plain_analysis())
    app = create_app(str(target), writable=True, token="t0ken")
    with TestClient(app, base_url=LOCAL, headers={TOKEN_HEADER: "t0ken"}) as writer:
        assert "/api/documents" in writer.get("/openapi.json").json()["paths"]
        assert writer.post("/api/documents", json={"id": "x", "text": "   "}).status_code == 422
        assert writer.post("/api/documents", json={"id": "x", "body": "a"}).status_code == 422


@pytest.mark.model
def test_writable_app_runs_the_pipeline(tmp_path: Path) -> None:
    target = build_store(tmp_path / "w.db", plain_analysis())
    text = ("KABUL, 4 May 2021 - At least 7 soldiers were killed when militants attacked a "
            "checkpoint in Kunduz province on Monday, a defence ministry spokesman said. "
            "The Taliban claimed responsibility for the attack.")
    with TestClient(create_app(str(target), writable=True, token="t0ken"), base_url=LOCAL,
                    headers={TOKEN_HEADER: "t0ken"}) as writer:
        record = {"id": "kunduz-1", "text": text, "published": "2021-05-04"}
        result = writer.post("/api/documents", json=record).json()
        assert result["stored"] is True and result["rejected"] is None
        assert writer.get("/api/articles/kunduz-1").json()["text"] == text
        again = writer.post("/api/documents", json=record).json()
        assert again["skipped"] is True


def test_a_write_needs_the_start_up_token(tmp_path: Path) -> None:
    target = build_store(tmp_path / "w.db", plain_analysis())
    app = create_app(str(target), writable=True)
    record = {"id": "x", "text": "   "}
    with TestClient(app, base_url=LOCAL) as client:
        assert client.post("/api/documents", json=record).status_code == 403
        wrong = {TOKEN_HEADER: "guess"}
        assert client.post("/api/documents", json=record, headers=wrong).status_code == 403
        client.cookies.set(TOKEN_HEADER, app.state.token)  # a cookie is no token
        assert client.post("/api/documents", json=record).status_code == 403
        right = {TOKEN_HEADER: app.state.token}
        assert client.post("/api/documents", json=record, headers=right).status_code == 422


def test_create_app_fails_on_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(str(tmp_path / "missing.db"))


def test_serve_command_defaults_to_local_read_only(tmp_path: Path) -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.writable is False and args.port == 8000
    assert cli.main(["serve", "--db", str(tmp_path / "missing.db")]) == cli.FAILED


# -- highlighting, map, timeline ------------------------------------------------------------------


def test_segments_rebuild_the_text_and_mark_the_spans() -> None:
    text = "The army said 12 died."
    marks = [highlight.Mark(0, 8, "source", "who"), highlight.Mark(9, 13, "cue"),
             highlight.Mark(14, 22, "content"), highlight.Mark(14, 16, "figure"),
             highlight.Mark(5, 99, "place"), highlight.Mark(3, 3, "cue")]  # bad marks ignored
    pieces = highlight.segments(text, marks)
    assert "".join(p.text for p in pieces) == text
    found = {p.text: p.css for p in pieces}
    assert found["The army"] == "hl-source" and found["said"] == "hl-cue"
    assert found["12"] == "hl-content hl-figure" and found[" died."] == "hl-content"


def test_claim_marks_anchor_the_claim_start() -> None:
    claim = plain_analysis().claims[0]
    pieces = highlight.segments(plain_analysis().article.text, highlight.claim_marks([claim]))
    anchored = [p for p in pieces if p.anchor]
    assert [p.anchor for p in anchored] == ["claim-alpha:c1"]
    assert anchored[0].text == "at least 12"


def test_boilerplate_marks_cover_what_extraction_blanked() -> None:
    text = "Hi **bold** there\n\nDisclaimer: not ours.\n"
    nlp = "Hi   bold   there\n\n" + " " * len("Disclaimer: not ours.") + "\n"
    marks = highlight.boilerplate_marks(text, nlp)
    assert [text[m.start:m.end] for m in marks] == ["**", "**", "Disclaimer: not ours."]
    assert highlight.boilerplate_marks(text, nlp[:-1]) == []  # lengths differ: no marks


def test_topojson_arcs_are_decoded_from_deltas() -> None:
    transform = {"scale": [0.5, 2.0], "translate": [10.0, -5.0]}
    assert mapdata.decode_arcs([[[2, 1], [2, -1]]], transform) == [[(11.0, -3.0), (12.0, -5.0)]]


def test_country_outlines_load_offline_and_are_clipped_to_the_view() -> None:
    names = {c.name: c for c in mapdata.countries("110m")}
    assert len(names) > 150
    west, south, east, north = names["Syria"].bbox
    assert west < 40.29 < east and south < 35.30 < north
    view = mapdata.view_for([(40.29, 35.30)])
    drawn = {c["name"] for c in mapdata.country_paths(view)}
    assert "Syria" in drawn and "Iraq" in drawn and "Brazil" not in drawn
    assert mapdata.view_for([]) == mapdata.WORLD


def test_parse_filter_drops_empty_values_and_names_bad_ones() -> None:
    params = {"since": "2021-02", "until": "soon", "country": " ", "q": "x", "limit": "3"}
    parsed, errors = views.parse_filter(params, limit=50)
    assert parsed == EventFilter(since="2021-02", until="soon", q="x", limit=50)  # page's limit
    assert errors == ["until: 'soon' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"]
    assert not views.parse_filter({"country": " "})[0].filtered()
    parsed = views.parse_filter({"since": "2021-02", "q": "x"})[0]
    assert views.filter_query(parsed, offset=100) == "since=2021-02&q=x&offset=100"
    assert views.filter_query(parsed, since="2020") == "since=2020&q=x"


def test_api_json_is_serialisable_records(client: TestClient) -> None:
    events = client.get("/api/events").json()
    assert len(events) == 3  # not vacuous: the checks below run on every stored event
    for event in events:
        json.dumps(event)
        assert {"claims", "sources", "contradictions"} <= set(event)
