"""The FastAPI app of `warledger serve`: HTML pages, the JSON API, security headers.

- Read-only unless created with ``writable=True``: then, and only then, the write
  routes ``POST /api/documents`` and ``POST /api/reviews`` (`warledger.web.review`) exist.
- `warledger.web.guard` comes first: the ``Host`` header checked (127.0.0.1,
  localhost and ``hosts``), request bodies capped at the document limit (413), and on
  every response, errors included, a strict Content-Security-Policy (no inline script
  or style), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
- The map's data: ``GET /api/map`` (clusters of one view and zoom level) and
  ``GET /api/map/events`` (the events of one cluster), both with the filters of
  ``/api/events``; aggregated in SQL (`warledger.web.mapdata`).
- Numeric query parameters are bounded (422 beyond); article ids may hold any
  character, "/" included (``{article_id:path}``; links quote every character).
- A store that fails while serving (a corrupt page) gives a one-line 503.
- Article text is untrusted: templates autoescape everything, and highlighting is
  done with plain-text segments (`warledger.web.highlight`).
- Static files come only from this package's ``static`` folder.
- One read-only SQLite connection per request (sqlite connections are per thread).
"""

from __future__ import annotations

import io
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import quote

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from warledger import __version__
from warledger.errors import StoreError
from warledger.ingest.values import MAX_DOCUMENT_BYTES
from warledger.ledger import query
from warledger.ledger.export import event_record, write_csv, write_geojson
from warledger.ledger.store import Store, is_store_failure, unusable
from warledger.ledger.summaries import Box
from warledger.records import Event, EventFilter
from warledger.web import highlight, mapdata, pages, review, timeline, views
from warledger.web.guard import Guard
from warledger.web.models import (
    ArticleModel,
    DocumentIn,
    DocumentResult,
    ErrorModel,
    EventModel,
    list_of,
)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_SIZE = 100  # events listed on the home page
MAP_LIST_LIMIT = 50  # events listed for one map cluster
ARTICLE_HITS = 20  # articles listed for the words of a search
MAX_OFFSET = 2**63 - 1  # SQLite's largest integer
TOKEN_HEADER = "X-Warledger-Token"  # a write's token (never a cookie)
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "unknown id"}}
DateParam = Query(description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive; checked by "
                                "warledger.ledger.query.problems, as every value)")


def create_app(db_path: str, writable: bool = False, hosts: Iterable[str] = (),
               token: str | None = None, reviewer: str | None = None) -> FastAPI:
    """The web UI and JSON API over the store at `db_path` (read-only unless `writable`);
    requests must name 127.0.0.1, localhost or one of `hosts` in their Host header. With
    `writable`, every write must send `token` in the `TOKEN_HEADER` header (a header, not
    a cookie: no other site can make a browser send it); None: a random one, in
    ``app.state.token``. `reviewer`: who the review decisions made through it are
    recorded as (`warledger.web.review`).

    Raises StoreError when the store cannot be opened (missing, not a store, damaged...).
    """
    with Store(db_path, readonly=not writable) as store:  # fail now, not on a request
        store.verify()
    app = FastAPI(title="warledger", version=__version__, docs_url=None, redoc_url=None,
                  description="The warledger event ledger: events in the ACLED taxonomy, "
                              "every figure tied to who claimed it.")
    app.state.db_path = db_path
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=STATIC_DIR, follow_symlink=False), name="static")
    app.add_middleware(Guard, hosts=hosts, max_body=MAX_DOCUMENT_BYTES,
                       headers=SECURITY_HEADERS)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(sqlite3.DatabaseError, _store_error)
    app.add_exception_handler(StoreError, _store_error)
    _api_routes(app)
    review.add_read_routes(app, _store)
    _map_routes(app)
    _page_routes(app)
    if writable:
        app.state.token = token or secrets.token_urlsafe(24)
        app.state.reviewer = (reviewer or "").strip() or "unnamed reviewer"
        _write_routes(app)
        review.add_write_routes(app, _check_token)
    return app


def _check_token(request: Request) -> None:
    """A write without the start-up token is refused (403)."""
    given = request.headers.get(TOKEN_HEADER, "")
    if not secrets.compare_digest(given.encode(), request.app.state.token.encode()):
        raise HTTPException(status_code=403, detail=f"a write needs the {TOKEN_HEADER} header "
                                                    "with the token given at start-up")


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
    )
    env.filters["id_path"] = id_path
    return Jinja2Templates(env=env)


def id_path(key: str) -> str:
    """An id as one path segment: every reserved character quoted, "/" included."""
    return quote(str(key), safe="")


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """JSON errors for the API, an HTML page for the rest."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json" or exc.status_code != 404:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
    templates: Jinja2Templates = request.app.state.templates
    context = {"title": "Not found", "message": "Nothing here: no such page, event or article."}
    return templates.TemplateResponse(request, "error.html", context, status_code=404)


async def _store_error(request: Request, exc: Exception) -> Response:
    """A store that fails while serving (a corrupt page, a vanished file): one line, 503."""
    if isinstance(exc, sqlite3.DatabaseError):
        if not is_store_failure(exc):
            raise exc
        exc = unusable(request.app.state.db_path, exc)
    return JSONResponse({"detail": str(exc)}, status_code=503)


@contextmanager
def _store(request: Request) -> Iterator[Store]:
    with Store(request.app.state.db_path, readonly=True) as store:
        yield store


def _not_found(what: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} with id {key!r}")


# -- JSON API ----------------------------------------------------------------------


class _FilteredStore:
    """What export's writers read from a store, restricted to one filter."""

    def __init__(self, store: Store, where: EventFilter) -> None:
        self.store, self.where = store, where

    def iter_events(self) -> Iterator[Event]:
        return self.store.iter_events(self.where)

    def event_timestamps(self) -> dict[str, int]:
        return self.store.event_timestamps()


def _criteria(
    since: Annotated[str | None, DateParam] = None,
    until: Annotated[str | None, DateParam] = None,
    country: str | None = Query(None, description="country name or ISO3 code"),
    event_type: str | None = Query(None, description="ACLED event type"),
    actor: str | None = Query(None, description="substring of an actor, or an alias of the "
                                                 "actor dictionary (ISIS, Nusra)"),
    q: str | None = Query(None, description="text: event fields and actor aliases, or words "
                                             "of claims and of the articles' titles and bodies "
                                             "(full-text search; word* for a prefix)"),
    review: str | None = Query(None, description="an analyst's review: all (rejected events "
                               "too; left out without), rejected, reviewed, unreviewed"),
) -> EventFilter:
    """The event filter (its criteria) of every API route that lists events (bad values:
    422)."""
    return _checked(EventFilter(since=since, until=until, country=country,
                                event_type=event_type, actor=actor, q=q, review=review))


def _checked(where: EventFilter) -> EventFilter:
    """The filter, when every value can be used; else 422 naming each one that cannot."""
    found = query.problems(where)
    if found:
        raise HTTPException(status_code=422, detail="; ".join(found))
    return where


FilterParam = Annotated[EventFilter, Depends(_criteria)]


def _paged(
    where: FilterParam,
    limit: int = Query(100, ge=0, le=10000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    sort: str | None = Query(None, description="sort by " + " | ".join(query.SORTS)
                                               + " (default: event_date)"),
    order: str | None = Query(None, description="asc (default) | desc"),
) -> EventFilter:
    """The event filter of `/api/events`: the criteria, an order and a page (bad values:
    422)."""
    return _checked(replace(where, limit=limit, offset=offset, sort=sort, order=order))


PagedFilterParam = Annotated[EventFilter, Depends(_paged)]


def _api_routes(app: FastAPI) -> None:
    @app.get("/api/events", response_model=list_of(EventModel), tags=["events"],
             summary="Events matching the filters, by date")
    def api_events(request: Request, where: PagedFilterParam) -> list[dict[str, Any]]:
        with _store(request) as store:
            return [event_record(event) for event in store.iter_events(where)]

    @app.get("/api/events.geojson", tags=["events"], response_class=Response,
             summary="The filtered events as a GeoJSON FeatureCollection",
             responses={200: {"content": {"application/geo+json": {}}}})
    def api_geojson(request: Request, where: FilterParam) -> Response:
        return _export(request, where, write_geojson, "application/geo+json", "geojson")

    @app.get("/api/events.csv", tags=["events"], response_class=Response,
             summary="The filtered events as CSV with ACLED's columns",
             responses={200: {"content": {"text/csv": {}}}})
    def api_csv(request: Request, where: FilterParam) -> Response:
        return _export(request, where, write_csv, "text/csv; charset=utf-8", "csv")

    @app.get("/api/events/{event_id:path}", response_model=EventModel, responses=NOT_FOUND,
             tags=["events"], summary="One event, with its claims")
    def api_event(request: Request, event_id: str) -> dict[str, Any]:
        with _store(request) as store:
            event = store.event(event_id)
        if event is None:
            raise _not_found("event", event_id)
        return event_record(event)

    @app.get("/api/articles/{article_id:path}", response_model=ArticleModel, responses=NOT_FOUND,
             tags=["articles"], summary="One article record, with `text`")
    def api_article(request: Request, article_id: str) -> dict[str, Any]:
        with _store(request) as store:
            article = store.article(article_id)
        if article is None:
            raise _not_found("article", article_id)
        return article


def _box(bbox: str | None = Query(
        None, pattern=r"^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$",
        description="west,south,east,north in degrees (default: everywhere)")) -> Box | None:
    """The `bbox` parameter of the map routes (bad values: 422)."""
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(part) for part in bbox.split(","))
    except ValueError:
        raise HTTPException(status_code=422, detail=f"bad bbox {bbox!r}") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(status_code=422, detail=f"bbox out of range: {bbox!r}")
    return west, south, east, north


BoxParam = Annotated[Box | None, Depends(_box)]


def _map_routes(app: FastAPI) -> None:
    @app.get("/api/map", tags=["map"], summary="The filtered events in clusters, for one "
             "map view: grouped on a grid whose cell halves at each zoom level")
    def api_map(request: Request, where: FilterParam, box: BoxParam,
                zoom: int = Query(0, ge=0, le=mapdata.MAX_ZOOM)) -> dict[str, Any]:
        with _store(request) as store:
            return mapdata.map_data(store, where, zoom, box)

    @app.get("/api/map/events", tags=["map"],
             summary="The filtered events inside a box (a cluster), deadliest first")
    def api_map_events(request: Request, where: FilterParam, box: BoxParam,
                       limit: int = Query(MAP_LIST_LIMIT, ge=1, le=500)) -> dict[str, Any]:
        with _store(request) as store:
            area = box or (-180.0, -90.0, 180.0, 90.0)
            listed = store.events_in(where, area, limit)
            return {"events": listed, "total": store.event_extent(where, area)[0]}


Writer = Callable[[Store, str, Any], int]


def _export(request: Request, where: EventFilter, writer: Writer, media_type: str,
            ext: str) -> Response:
    """The filtered events through one of export's writers (criteria as for /api/events)."""
    stream = io.StringIO()
    with _store(request) as store:
        writer(cast(Store, _FilteredStore(store, where)), "events", stream)
    headers = {"Content-Disposition": f'attachment; filename="warledger-events.{ext}"'}
    return Response(stream.getvalue(), media_type=media_type, headers=headers)


# -- pages -------------------------------------------------------------------------


def _page_routes(app: FastAPI) -> None:
    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def home(request: Request) -> Response:
        context = _home_context(request)
        return _render(request, "index.html", context, 400 if context["errors"] else 200)

    @app.api_route("/events/{event_id:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def event_page(request: Request, event_id: str) -> Response:
        with _store(request) as store:
            event = store.event(event_id)
            if event is None:
                target = review.merged_into(store, event_id)
                if target:  # merged away by an analyst: the event that holds it now
                    return RedirectResponse(f"/events/{id_path(target)}", status_code=303)
                raise _not_found("event", event_id)
            evidence = _evidence(store, event)
            reviewed = review.page_context(request, store, event)
        disputed = pages.disputes(event)
        context = {"event": event, "evidence": evidence, "cls": views.type_class(event.event_type),
                   "disputes": disputed, "groups": pages.claim_groups(event, disputed),
                   **reviewed}
        return _render(request, "event.html", context)

    @app.api_route("/actors/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def actor_page(request: Request, name: str) -> Response:
        with _store(request) as store:
            context = pages.actor_context(store, name)
        context["bar_query"] = partial(views.filter_query, EventFilter(actor=name))
        return _render(request, "actor.html", context)

    @app.api_route("/sources/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def source_page(request: Request, name: str) -> Response:
        with _store(request) as store:
            context = pages.source_context(store, name)
        return _render(request, "source.html", context)

    @app.api_route("/articles/{article_id:path}", methods=["GET", "HEAD"],
                   include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Response:
        with _store(request) as store:
            article = store.get_article(article_id)
            if article is None:
                raise _not_found("article", article_id)
            claims, places = store.claims(article_id), store.places(article_id)
        marks = (highlight.claim_marks(claims) + highlight.place_marks(places)
                 + highlight.boilerplate_marks(article.text, article.nlp_text))
        context = {"article": article, "claims": claims, "places": places,
                   "segments": highlight.segments(article.text, marks)}
        return _render(request, "article.html", context)


def _render(request: Request, name: str, context: dict[str, Any],
            status_code: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _home_context(request: Request) -> dict[str, Any]:
    """The home page: one page of the filtered events, their map and timeline (from
    the store's summaries), the articles holding the words of `q`; or no events and the
    errors of the values that cannot be used."""
    where, errors = views.parse_filter(request.query_params)
    offset, bad_offset = views.parse_offset(request.query_params.get("offset"))
    errors += bad_offset  # the list's page, not the store's
    offset = min(offset, MAX_OFFSET)
    with _store(request) as store:
        found = _nothing() if errors else _found(store, where, offset)
        counts = store.counts()
    return {
        "filters": where, "filtered": where.filtered(), "errors": errors,
        "filter_query": partial(views.filter_query, where),
        "list_query": partial(views.list_query, where),
        "sort_link": partial(views.sort_link, where), "article_hits": ARTICLE_HITS,
        "offset": offset, "page_size": PAGE_SIZE, "counts": counts, **found,
        "event_types": views.EVENT_TYPES, "type_class": views.type_class,
    }


def _found(store: Store, where: EventFilter, offset: int) -> dict[str, Any]:
    """What the home page shows of a filter: its events' summaries read once (the
    store's `_matching`, or the summary tables without criteria), one page of them."""
    total = store.count_events(where)
    shown_map = mapdata.home_map(store, where)
    return {
        "events": store.events(replace(where, limit=PAGE_SIZE, offset=offset)),
        "total": total, "map": shown_map, "unplaced": total - shown_map["located"],
        "timeline": timeline.chart(store.event_days(where)),
        "countries": store.event_countries(where),
        "articles": store.search_articles(where.q, ARTICLE_HITS) if where.q else [],
    }


def _nothing() -> dict[str, Any]:
    """The home page of a filter that cannot be used: no events, an empty map."""
    return {"events": [], "total": 0, "map": mapdata.empty_map(), "unplaced": 0,
            "timeline": timeline.chart([]), "countries": [], "articles": []}


def _evidence(store: Store, event: Event) -> list[dict[str, Any]]:
    """Each source article of the event with its text cut into highlighted segments."""
    found = []
    for source in event.sources:
        article = store.get_article(source.article_id)
        if article is None:
            continue
        claims = [c for c in event.claims if c.article_id == article.article_id]
        marks = (highlight.claim_marks(claims)
                 + highlight.boilerplate_marks(article.text, article.nlp_text))
        found.append({"article": article, "segments": highlight.segments(article.text, marks)})
    return found


# -- writing (only with writable=True) ----------------------------------------------------


def _write_routes(app: FastAPI) -> None:
    @app.post("/api/documents", response_model=DocumentResult, tags=["documents"],
              summary="Run the pipeline on one JSONL-style record and store it",
              dependencies=[Depends(_check_token)])
    def add_document(request: Request, record: DocumentIn) -> dict[str, Any]:
        return _add_document(request.app.state.db_path, record)


def _add_document(db_path: str, record: DocumentIn) -> dict[str, Any]:
    from warledger import pipeline
    from warledger.errors import BadInput
    from warledger.ingest import readers

    try:
        document = readers.record_document(record.model_dump(exclude_none=True), "<api>")
    except BadInput as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    summary = pipeline.Summary()
    with Store(db_path) as store:
        if not pipeline.is_stored(store, document, summary):
            pipeline.commit(store, pipeline.process(document), summary)
        claims = store.claims(document.article_id)
    events = list(dict.fromkeys(c.event_id for c in claims if c.event_id))
    rejected = summary.rejected[0].reason if summary.rejected else None
    return {"article_id": document.article_id, "stored": summary.kept == 1,
            "skipped": summary.skipped == 1, "rejected": rejected, "events": events}
