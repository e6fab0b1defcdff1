"""Search, sorting, filter errors, actor and source pages, grouped claims (issue 18).

A real SQLite store built from invented documents (tests/test_web.py's helpers): a gas
attack told by two sources that disagree, fighting named by aliases, an article with no
event. Words searched for occur only in article bodies or claims, never in event fields.
"""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path

import pytest
from test_web import (
    LOCAL,
    PAYLOADS,
    SCRIPT,
    _article,
    _claim,
    _event,
    build_store,
    injection_analysis,
)

from warledger.actors import aliases
from warledger.ledger import query
from warledger.ledger.store import MIGRATIONS, MIGRATIONS_DIR, Store, StoreError
from warledger.records import Analysis, EventFilter
from warledger.web import create_app, pages

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

GAS_TEXT = ("Residents of Jaramana said nerve agent shells hit the market on Monday. "
            "More than 40 people were killed, a medical charity said. "
            "The ministry said 3 people died. Doctors said the symptoms matched sarin.")
FIGHT_TEXT = ("Militants of the Nusra Front attacked an army post near Qarya, a monitor said, "
              "and ISIS fighters shelled Qarya the next day, witnesses said.")
OPINION_TEXT = "An essay on chlorine stockpiles and the treaty; no incident is reported here."


def gas_analysis() -> Analysis:
    art = _article("gas", GAS_TEXT, "Shells hit a market", publisher="Levant Daily")
    claims = [
        _claim(GAS_TEXT, "gas", 1, "a medical charity", "said", "More than 40 people were killed",
               kind="fatalities", value_low=41, qualifier="more_than", speaker_type="monitor"),
        _claim(GAS_TEXT, "gas", 2, "The ministry", "said", "3 people died", kind="fatalities",
               value_low=3, qualifier="exact"),
        _claim(GAS_TEXT, "gas", 3, "Doctors", "said", "the symptoms matched sarin"),
    ]
    event = _event("EV-gas", art, claims, event_date="2021-06-07", date_precision="day",
                   event_type="Explosions/Remote violence", sub_event_type="Chemical weapon",
                   actor1="Military Forces of Syria (2000-)", country="Syria", iso3="SYR",
                   location="Damascus", latitude=33.5, longitude=36.3, fatalities=3,
                   contradiction=True, contradictions=[
                       "a medical charity: more than 40 killed; The ministry: 3 killed"])
    return Analysis(article=art, places=[], claims=claims, events=[event])


def fight_analysis() -> Analysis:
    art = _article("fight", FIGHT_TEXT, "Two attacks near Qarya", publisher="Wire Desk",
                   published="2016-05-03")
    claims = [_claim(FIGHT_TEXT, "fight", 1, "a monitor", "said", "attacked an army post"),
              _claim(FIGHT_TEXT, "fight", 2, "witnesses", "said", "ISIS fighters shelled Qarya")]
    common = {"date_precision": "day", "country": "Syria", "iso3": "SYR", "location": "Qarya",
              "latitude": 35.0, "longitude": 38.0}
    events = [
        _event("EV-nusra", art, claims[:1], event_date="2016-05-01", event_type="Battles",
               sub_event_type="Armed clash", actor1="Al Nusra Front",
               actor2="Military Forces of Syria (2000-)", fatalities=7, **common),
        _event("EV-isis", art, claims[1:], event_date="2016-05-02",
               event_type="Explosions/Remote violence",
               sub_event_type="Shelling/artillery/missile attack",
               actor1="Islamic State (Syria)", fatalities=2, **common),
    ]
    return Analysis(article=art, places=[], claims=claims, events=events)


def opinion_analysis() -> Analysis:
    art = _article("essay", OPINION_TEXT, "On stockpiles", publisher="Levant Daily")
    return Analysis(article=art, places=[], claims=[], events=[])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("search") / "search.db", gas_analysis(),
                       fight_analysis(), opinion_analysis(), injection_analysis())


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)), base_url=LOCAL)


def _ids(client: TestClient, params: str) -> list[str]:
    response = client.get(f"/api/events?{params}")
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()]


# -- full-text search and aliases ------------------------------------------------------------


@pytest.mark.parametrize(("q", "expected"), [
    ("sarin", ["EV-gas"]),  # a claim's content and the article's body
    ("Jaramana", ["EV-gas"]),  # the article's body only
    ("JARAMÁNA", ["EV-gas"]),  # case and accents ignored
    ("market shells", ["EV-gas"]),  # every word, in any order
    ("jaram*", ["EV-gas"]),  # a prefix
    ("Qarya", ["EV-nusra", "EV-isis"]),  # a field of both, and their article
    ("medical charity", ["EV-gas"]),  # a speaker
    ("sarin chlorine", []),  # one word is in another article
    ("ISIS", ["EV-nusra", "EV-isis"]),  # an alias, and a word of both events' article
    ("Daesh", ["EV-isis"]),  # an alias found nowhere in the texts
])
def test_q_searches_event_fields_claims_articles_and_aliases(client: TestClient, q: str,
                                                              expected: list[str]) -> None:
    assert _ids(client, f"q={q}") == expected


@pytest.mark.parametrize("q", ['sarin OR "', "NEAR(sarin", "*", "sarin AND", '"', "a:b", "-x"])
def test_q_never_passes_fts5_syntax_through(client: TestClient, q: str) -> None:
    response = client.get("/api/events", params={"q": q})
    assert response.status_code == 200
    assert client.get("/", params={"q": q}).status_code == 200


@pytest.mark.parametrize(("actor", "expected"), [
    ("ISIS", ["EV-isis"]),
    ("isil", ["EV-isis"]),
    ("Nusra", ["EV-nusra"]),  # the dated names of HTS: Al Nusra Front in 2016
    ("Hayat Tahrir al-Sham", ["EV-nusra"]),  # the group's later name finds its earlier one
    ("Military Forces of Syria", ["EV-nusra", "EV-gas"]),  # a substring, as before
    ("Daesh", ["EV-isis"]),
    ("Taliban", []),  # an alias of an actor with no event here
])
def test_actor_filter_matches_the_dictionary_aliases(client: TestClient, actor: str,
                                                     expected: list[str]) -> None:
    assert _ids(client, f"actor={actor}") == expected


def test_names_for_an_alias_keep_dated_names_and_exact_case_for_short_ones() -> None:
    assert aliases.names_for("nusra front")[:3] == (
        "HTS: Hayat Tahrir al-Sham", "Al Nusra Front", "JFS: Jabhat Fateh al-Sham")
    assert aliases.names_for("IS") == aliases.names_for("isis") == ("Islamic State ({country})",)
    assert aliases.names_for("is") == () and aliases.names_for("Tahrir") == ()
    assert query.text_pattern("IS").endswith(r"islamic\ state\ \(.+?\)")


def test_fts_query_quotes_every_word() -> None:
    assert query.fts_query('sarin OR "x') == '"sarin" "OR" "x"'
    assert query.fts_query("jaram* al-Nusra") == '"jaram"* "al" "Nusra"'
    assert query.fts_query("*** ?") is None


def test_articles_without_events_are_found_by_the_search(client: TestClient) -> None:
    html = client.get("/?q=chlorine").text
    assert 'id="article-hits"' in html and 'href="/articles/essay"' in html
    assert '<mark class="hit">chlorine</mark>' in html
    assert 'class="event-row"' not in html


def test_search_snippets_escape_article_text(client: TestClient) -> None:
    html = client.get("/?q=Gammaburg").text
    assert 'href="/articles/inject"' in html
    assert "<script>" not in html.split('id="article-hits"')[1]


# -- the index stays in step -------------------------------------------------------------------


def test_search_follows_articles_saved_again_and_removed(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.db", gas_analysis())
    changed = gas_analysis()
    changed.article.text = changed.article.body = changed.article.nlp_text = (
        GAS_TEXT.replace("Jaramana", "Harasta"))
    with Store(path) as store:
        store.save_analysis(changed)  # a later copy replaces the article
        assert _search(store, "Harasta") == ["EV-gas"] and _search(store, "Jaramana") == []
        with store.transaction() as conn:
            conn.execute("DELETE FROM articles WHERE article_id = 'gas'")
        assert _search(store, "Harasta") == [] and store.search_articles("Harasta") == []
        assert store._conn.execute("SELECT count(*) FROM event_articles").fetchone()[0] == 0


def _search(store: Store, text: str) -> list[str]:
    return [e.event_id for e in store.iter_events(EventFilter(q=text))]


def test_an_older_store_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = build_store(tmp_path / "old.db", gas_analysis(), fight_analysis())
    [search] = MIGRATIONS_DIR.glob("*_search.sql")
    conn = sqlite3.connect(path)  # back to the schema before: no event_articles, no triggers
    for name in ("event_articles_insert", "event_articles_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE event_articles")
    conn.execute(f"PRAGMA user_version = {int(search.name.split('_')[0]) - 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="needs an upgrade; open it for writing"):
        Store(path, readonly=True)
    with Store(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert _search(store, "Jaramana") == ["EV-gas"]
    with Store(path, readonly=True) as store:
        assert _search(store, "witnesses") == ["EV-nusra", "EV-isis"]  # their one article


# -- sorting and errors ------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "expected"), [
    ("sort=fatalities&order=desc", ["EV-nusra", "EV-inject", "EV-gas", "EV-isis"]),
    ("sort=fatalities", ["EV-isis", "EV-gas", "EV-inject", "EV-nusra"]),
    ("order=desc", ["EV-gas", "EV-inject", "EV-isis", "EV-nusra"]),
    ("sort=actor1&country=Syria", ["EV-nusra", "EV-isis", "EV-gas"]),
    ("sort=location&order=desc&limit=2", ["EV-nusra", "EV-isis"]),
])
def test_api_sorts_by_whitelisted_columns(client: TestClient, params: str,
                                          expected: list[str]) -> None:
    assert _ids(client, params) == expected


def test_api_takes_empty_values_as_none(client: TestClient) -> None:
    assert len(_ids(client, "since=&event_type=&sort=&order=&q=")) == 4


@pytest.mark.parametrize(("params", "message"), [
    ("since=2021-13", "since: '2021-13' is not a date"),
    ("until=2021-02-30", "until: '2021-02-30' is not a date"),
    ("since=2021-05&until=2021-04", "since 2021-05 is after until 2021-04"),
    ("event_type=Battle", "event_type: 'Battle' is not an ACLED event type"),
    ("sort=notes", "sort: 'notes' is not a column to sort by (event_date, "),
    ("sort=fatalities;drop", "sort: 'fatalities;drop' is not a column"),
    ("order=up", "order: 'up' is neither asc nor desc"),
    ("review=maybe", "review: 'maybe' is not one of all, rejected, reviewed, unreviewed"),
    ("q=" + "x" * 201, "q: 'xxx"),
])
def test_api_names_each_value_it_cannot_use(client: TestClient, params: str,
                                            message: str) -> None:
    response = client.get(f"/api/events?{params}")
    assert response.status_code == 422 and message in response.json()["detail"]
    if not params.startswith(("sort", "order")):  # the downloads take the criteria
        assert client.get(f"/api/events.csv?{params}").status_code == 422


@pytest.mark.parametrize(("params", "message"), [
    ("since=2021-13", "since: &#39;2021-13&#39; is not a date"),
    ("event_type=Riot", "event_type: &#39;Riot&#39; is not an ACLED event type"),
    ("sort=zzz", "sort: &#39;zzz&#39; is not a column"),
    ("offset=-5", "offset: &#39;-5&#39; is not a whole number"),
    ("offset=ten", "offset: &#39;ten&#39; is not a whole number"),
])
def test_home_page_shows_each_error_and_lists_nothing(client: TestClient, params: str,
                                                      message: str) -> None:
    response = client.get(f"/?{params}")
    assert response.status_code == 400
    errors = response.text.split('id="filter-errors"')[1].split("</ul>")[0]
    assert message in errors
    assert 'class="event-row"' not in response.text


def test_home_page_headers_sort_and_the_pager_keeps_the_order(client: TestClient) -> None:
    html = client.get("/?country=Syria").text
    assert '<th class="num" aria-sort="none"><a class="sort" href="/?country=Syria&amp;' \
           'sort=fatalities&amp;order=asc">Fatalities</a></th>' in html
    assert 'aria-sort="ascending"><a class="sort" href="/?country=Syria&amp;sort=event_date' \
           '&amp;order=desc">Date</a>' in html
    html = client.get("/?country=Syria&sort=fatalities&order=asc").text
    rows = [part.split('"')[0] for part in html.split('class="event-row" data-event="')[1:]]
    assert rows == ["EV-isis", "EV-gas", "EV-nusra"]
    assert 'href="/?country=Syria&amp;sort=fatalities&amp;order=desc">Fatalities' in html
    assert '<input type="hidden" name="sort" value="fatalities">' in html
    assert 'href="/api/events.csv?country=Syria"' in html  # downloads: the criteria


# -- event page: contradictions first, claims grouped by source ----------------------------------


def test_disputes_pair_the_speakers_of_a_contradiction() -> None:
    event = gas_analysis().events[0]
    assert pages.disputes(event) == {"gas:c1": ["The ministry"], "gas:c2": ["a medical charity"]}
    event.contradictions = []
    assert pages.disputes(event) == {}


def test_event_page_puts_contradictions_first_and_groups_claims(client: TestClient) -> None:
    html = client.get("/events/EV-gas").text
    assert html.index('id="contradictions"') < html.index('id="claims"') < html.index('id="fields"')
    assert html.count('<details class="claim-group" open>') == 1
    assert "Wire Service: Shells hit a market" in html  # original publisher, then title
    group = html.split('<details class="claim-group" open>')[1].split("</details>")[0]
    rows = group.split('<tr class="claim-row')[1:]
    assert [r.startswith(" disputed") for r in rows] == [True, True, False]  # disputed first
    assert ('<td class="disputed-by"><a href="/sources/The%20ministry">The ministry</a></td>'
            in group)
    assert html.count('<details class="evidence-box" open>') == 1  # one source: shown


def test_claim_groups_open_disputed_sources_first() -> None:
    gas, fight = gas_analysis().events[0], fight_analysis().events[0]
    merged = gas
    merged.claims = [*fight.claims, *gas.claims]
    merged.sources = [*fight.sources, *gas.sources]
    groups = pages.claim_groups(merged, pages.disputes(merged))
    assert [g["article_id"] for g in groups] == ["gas", "fight"]
    assert [g["disputed"] for g in groups] == [2, 0] and all(g["open"] for g in groups)


# -- actor and source pages ----------------------------------------------------------------------


def test_actor_page_shows_events_map_timeline_and_opponents(client: TestClient) -> None:
    html = client.get("/actors/Military%20Forces%20of%20Syria%20(2000-)").text
    assert html.count('class="event-row"') == 2 and html.count('<circle class="marker') == 2
    assert 'class="bar"' in html and "2 events, 2016-05-01 to 2021-06-07; 10 fatalities" in html
    listed = html.split('id="event-list"')[1]
    assert listed.index('data-event="EV-gas"') < listed.index('data-event="EV-nusra"')  # newest
    assert '<a href="/actors/Al%20Nusra%20Front">Al Nusra Front</a>: 1 event' in html
    bars = re.findall(r'<a href="(/\?since=[^"]+)" data-since=[^>]*><rect class="slot"', html)
    assert bars and all("&amp;actor=Military+Forces+of+Syria+%282000-%29" in b for b in bars)
    assert 'data-query="actor=Military+Forces+of+Syria+%282000-%29"' in html  # the map's API


def test_actor_page_takes_an_alias(client: TestClient) -> None:
    html = client.get("/actors/Nusra").text
    assert 'data-event="EV-nusra"' in html and html.count('class="event-row"') == 1
    assert "Also matched" in html and "Al Nusra Front" in html
    assert 'id="no-events"' in client.get("/actors/Nobody%20at%20all").text


def test_source_page_counts_claims_disputes_and_who_disputed(client: TestClient) -> None:
    html = client.get("/sources/The%20ministry").text
    speaker = html.split('id="as-speaker"')[1].split("</section>")[0]
    assert "1 claim, 1 with a casualty figure, <strong>1</strong> disputed by " in speaker
    assert '<a href="/sources/a%20medical%20charity">a medical charity</a> (1)' in speaker
    assert 'href="/events/EV-gas"' in speaker
    assert "No claims." in html.split('id="as-outlet"')[1]


def test_source_page_of_an_outlet(client: TestClient) -> None:
    html = client.get("/sources/levant%20daily").text  # case ignored
    outlet = html.split('id="as-outlet"')[1].split("</section>")[0]
    assert "3 claims, 2 with a casualty figure, <strong>2</strong> disputed" in outlet
    assert outlet.count('<tr class="claim-row disputed">') == 2
    assert "No claims." in html.split('id="as-speaker"')[1].split("</section>")[0]


@pytest.mark.parametrize("path", ["/actors/", "/sources/"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_actor_and_source_pages_escape_their_names(client: TestClient, path: str,
                                                   payload: str) -> None:
    response = client.get(path + payload.replace("/", "%2F"))
    assert response.status_code == 200
    assert payload not in response.text and "<script>window" not in response.text


def test_injected_actor_and_speaker_pages_show_the_payload_as_text(client: TestClient) -> None:
    html = client.get(f"/actors/Actor {SCRIPT}").text
    assert 'data-event="EV-inject"' in html and "&lt;script&gt;" in html
    assert 'href="/events/EV-inject"' in client.get("/sources/officials").text


def test_a_source_with_many_claims_folds_those_without_a_figure() -> None:
    event = gas_analysis().events[0]
    extra = [_claim(GAS_TEXT, "gas", 10 + i, "Doctors", "said", "the symptoms matched sarin")
             for i in range(pages.GROUP_SHOWN)]
    event.claims = [extra[0], *event.claims, *extra[1:]]
    [group] = pages.claim_groups(event, pages.disputes(event))
    assert [c.claim_id for c in group["claims"]] == ["gas:c1", "gas:c2"]  # disputed figures
    assert len(group["more"]) == pages.GROUP_SHOWN + 1 and group["total"] == len(event.claims)
