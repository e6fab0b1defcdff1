"""An analyst's review of the ledger (warledger.ledger.review, warledger.web.review).

Store-level: the review records are append-only, a correction shows in every reader and
keeps the machine value, a re-run or a later report never undoes a decision (a
reviewed event is pinned), split and merge rebuild events from their reports. Web-level:
no write without --writable and the token; a cross-site form post is refused; a
correction made through the API is saved and exported. Stores are built from invented
reports (tests/test_link.py), so nothing here needs the model.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_link import STORY_A, STORY_B, STORY_C, report

from warledger.errors import ReviewError
from warledger.events.build import event_id
from warledger.ledger import link
from warledger.ledger.export import export
from warledger.ledger.review import Decision, decide
from warledger.ledger.store import MIGRATIONS, MIGRATIONS_DIR, Store
from warledger.records import EventFilter
from warledger.web.app import TOKEN_HEADER, create_app

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://127.0.0.1"
TOKEN = "s3cret-token"
A, B, C = event_id("a", 1), event_id("b", 1), event_id("c", 1)


def _decision(action: str, **values: Any) -> Decision:
    return Decision(action=action, reason=values.pop("reason", "checked the sources"),
                    reviewer="Ana Lyst", **values)


def _two_reports_one_event(store: Store) -> str:
    """Reports a and b of one incident (they merge), as in tests/test_link.py."""
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    link.commit_analysis(store, report("b", STORY_B, publisher="Outlet B", place="Al-Jadida",
                                       deaths=(("the health ministry", "government", 30),)))
    [event] = store.events()
    return event.event_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


# -- the records -------------------------------------------------------------------------


def test_reviews_are_append_only(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    decide(store, A, _decision("confirm"))
    with sqlite3.connect(store.path) as conn:
        for sql in ("UPDATE reviews SET reason = 'nothing'", "DELETE FROM reviews"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    [record] = store.reviews(A)
    assert (record.action, record.reason, record.reviewer) == ("confirm", "checked the sources",
                                                               "Ana Lyst")
    assert (record.field, record.old_value, record.new_value) == (
        "review_status", None, "confirmed")


def test_a_correction_shows_everywhere_and_keeps_the_machine_value(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    outcome = decide(store, A, _decision("correct", changes={
        "fatalities": "9", "sub_event_type": "Air/drone strike", "inter2": "Civilians"}))
    assert {(r.field, r.old_value, r.new_value) for r in outcome.reviews} == {
        ("fatalities", "12", "9"), ("sub_event_type", "Shelling/artillery/missile attack",
                                    "Air/drone strike"), ("inter2", None, "Civilians")}
    event = store.event(A)
    assert event is not None and event.reviewed and event.review_status == "corrected"
    assert (event.fatalities, event.sub_event_type) == (9, "Air/drone strike")
    assert event.interaction == "State forces-Civilians"  # follows inter2
    assert "9 fatalities coded" in event.notes and "air/drone strike" in event.notes
    assert event.machine_values == {"fatalities": 12, "sub_event_type":
                                    "Shelling/artillery/missile attack", "inter2": None}
    decide(store, A, _decision("correct", changes={"fatalities": "8"}))
    again = store.event(A)
    assert again is not None and again.machine_values["fatalities"] == 12  # the first value
    assert [e.event_id for e in store.events(EventFilter(q="air/drone"))] == [A]


@pytest.mark.parametrize(("changes", "message"), [
    ({"fatalities": "-3"}, "fatalities: -3 is outside"),
    ({"fatalities": "many"}, "not an integer"),
    ({"event_date": "2019-02-30"}, "not a date"),
    ({"event_type": "Skirmish"}, "is not one of"),
    ({"sub_event_type": "Armed clash"}, "not a sub-event type of 'Explosions/Remote violence'"),
    ({"latitude": "91"}, "outside"),
    ({"claims": "[]"}, "'claims' cannot be corrected"),
    ({"fatalities": "10"}, "nothing to correct"),
])
def test_a_bad_correction_is_refused_and_writes_nothing(store: Store, changes: dict[str, str],
                                                        message: str) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    with pytest.raises(ReviewError, match=message):
        decide(store, A, _decision("correct", changes=changes))
    event = store.event(A)
    assert store.reviews(A) == [] and event is not None and not event.reviewed


@pytest.mark.parametrize(("decision", "message"), [
    (Decision("confirm", reason=" ", reviewer="x"), "give a reason"),
    (Decision("confirm", reason="ok", reviewer=""), "needs a reviewer"),
    (Decision("approve", reason="ok", reviewer="x"), "unknown action"),
])
def test_a_decision_needs_an_action_a_reason_and_a_reviewer(store: Store, decision: Decision,
                                                            message: str) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    with pytest.raises(ReviewError, match=message):
        decide(store, A, decision)
    with pytest.raises(ReviewError, match="no event with id"):
        decide(store, "WLnothing-1", _decision("confirm"))


def test_a_rejected_event_leaves_lists_and_exports_but_keeps_its_flag(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    link.commit_analysis(store, report("c", STORY_C, place="Aleppo", day="2019-03-01"))
    decide(store, A, _decision("reject", reason="an old incident recalled, not a new one"))
    assert [e.event_id for e in store.events()] == [C]
    assert [e.event_id for e in store.events(EventFilter(review="rejected"))] == [A]
    assert {e.event_id for e in store.events(EventFilter(review="all"))} == {A, C}
    assert [e.event_id for e in store.events(EventFilter(review="unreviewed"))] == [C]
    stream = io.StringIO()
    export(store, "events", "csv", stream)
    assert [row["event_id"] for row in csv.DictReader(io.StringIO(stream.getvalue()))] == [C]
    decide(store, A, _decision("confirm", reason="it is new after all"))
    assert {e.event_id for e in store.events()} == {A, C}


# -- pinned: nothing a human decided is re-merged ----------------------------------------------


def test_a_re_save_of_the_same_article_keeps_the_correction(store: Store) -> None:
    analysis = report("a", STORY_A, deaths=(("the monitor", "monitor", 12),))
    link.commit_analysis(store, analysis)
    decide(store, A, _decision("correct", changes={"fatalities": "7", "location": "Sarmin"}))
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    [event] = store.events()
    assert (event.event_id, event.fatalities, event.location) == (A, 7, "Sarmin")
    assert event.machine_values == {"fatalities": 12, "location": "Idlib"}
    assert [c.event_id for c in store.claims("a")] == [A]
    assert len(event.claims) == 1


def test_a_later_report_joins_a_confirmed_event_only_when_the_analyst_merges(
        store: Store) -> None:
    later = report("b", STORY_B, publisher="Outlet B", place="Al-Jadida",
                   deaths=(("the health ministry", "government", 30),))
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    decide(store, A, _decision("confirm"))
    link.commit_analysis(store, later)
    events = {e.event_id: e for e in store.events()}
    assert set(events) == {A, B}  # without the confirmation, one event (test_link.py)
    assert store.ledger_members(A) == [("a", A)] and events[A].fatalities == 12
    outcome = decide(store, B, _decision("merge", other=A, reason="same strike"))
    [merged] = store.events()
    assert outcome.event_id == merged.event_id == min(A, B)
    assert {c.article_id for c in merged.claims} == {"a", "b"} and merged.contradiction


def test_split_moves_reports_to_a_new_event_and_both_stay_apart(store: Store) -> None:
    first = _two_reports_one_event(store)
    decide(store, first, _decision("correct", changes={"fatalities": "15"}))
    moved = "b" if first == A else "a"
    outcome = decide(store, first, _decision("split", articles=(moved,),
                                             reason="two strikes, hours apart"))
    events = {e.event_id: e for e in store.events()}
    assert set(events) == {A, B} and outcome.event_id == first
    assert events[first].fatalities == 15  # the part with its own report keeps its corrections
    assert events[first].review_status == events[event_id(moved, 1)].review_status == "split"
    assert {c.event_id for c in store.claims(moved)} == {event_id(moved, 1)}
    [mine] = [r for r in store.reviews(first) if r.action == "split"]
    assert (mine.old_value, mine.other_event_id) == ("a; b", event_id(moved, 1))
    link.commit_analysis(store, report("d", STORY_C, publisher="Outlet D", place="Al-Jadida"))
    assert len(store.events()) == 3  # a third report of it joins neither reviewed event
    with pytest.raises(ReviewError, match="not none or all"):
        decide(store, first, _decision("split", articles=("a" if first == A else "b",)))


def test_a_merged_away_event_page_leads_to_the_merged_event(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with Store(db) as opened:
        link.commit_analysis(opened, report("a", STORY_A))
        link.commit_analysis(opened, report("c", STORY_C, place="Aleppo"))
        decide(opened, C, _decision("correct", changes={"actor2": "Civilians (Syria) [sic]"}))
        decide(opened, C, _decision("merge", other=A, reason="the same shelling"))
        [merged] = opened.events()
    assert merged.event_id == min(A, C) and merged.actor2 == "Civilians (Syria) [sic]"
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    response = client.get(f"/events/{max(A, C)}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{merged.event_id}"


# -- exports -----------------------------------------------------------------------------


def test_exports_carry_the_reviewed_flag_the_corrected_and_the_machine_values(
        store: Store, tmp_path: Path) -> None:
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    link.commit_analysis(store, report("c", STORY_C, place="Aleppo"))
    decide(store, A, _decision("correct", changes={"fatalities": "9"}))
    stream = io.StringIO()
    export(store, "events", "csv", stream)
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(stream.getvalue()))}
    assert (rows[A]["fatalities"], rows[A]["reviewed"], rows[A]["review_status"]) == (
        "9", "true", "corrected")
    assert json.loads(rows[A]["machine_values"]) == {"fatalities": 12}
    assert (rows[C]["reviewed"], rows[C]["machine_values"]) == ("false", "")
    stream = io.StringIO()
    export(store, "reviews", "jsonl", stream)
    [record] = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert record["field"] == "fatalities" and record["reviewer"] == "Ana Lyst"
    export(store, "events", "parquet", tmp_path / "events.parquet")
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert {json.loads(r["machine_values"]).get("fatalities") for r in table} == {12, None}


def test_cli_review_confirms_corrects_and_prints_the_history(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with Store(db) as opened:
        link.commit_analysis(opened, report("a", STORY_A))
    done = run_cli("review", A, "--db", str(db), "--set", "fatalities=4", "--set",
                   "admin2=Sarmin", "--reason", "the monitor's later count", "--reviewer", "R")
    assert done.returncode == 0, done.stderr
    history = run_cli("review", A, "--db", str(db), "--history")
    fields = [json.loads(line)["field"] for line in history.stdout.splitlines()]
    assert fields == ["fatalities", "admin2"]
    explained = run_cli("explain", A, "--db", str(db)).stdout
    assert "reviewed (pinned" in explained and "R: correct fatalities: 10 -> 4;" in explained
    bad = run_cli("review", A, "--db", str(db), "--set", "fatalities=lots", "--reason", "x")
    assert bad.returncode == 2 and bad.stderr.startswith("warledger: fatalities: ")
    rejected = run_cli("review", A, "--db", str(db), "--reject")
    assert rejected.returncode == 2 and "give a reason" in rejected.stderr


# -- the web: writes need --writable and the token ------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    with Store(path) as opened:
        link.commit_analysis(opened, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    return path


def _correction(**extra: Any) -> dict[str, Any]:
    return {"event_id": A, "action": "correct", "reason": "the monitor revised its count",
            "changes": {"fatalities": "9"}, **extra}


def test_without_writable_the_review_route_refuses_writes(db: Path) -> None:
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    response = client.post("/api/reviews", json=_correction(), headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 405
    assert client.get("/api/reviews").json() == []  # reading the history is always allowed
    page = client.get(f"/events/{A}").text
    assert 'id="review-form"' not in page and TOKEN not in page


def test_a_correction_through_the_api_is_saved_shown_and_exported(db: Path) -> None:
    client = TestClient(create_app(str(db), writable=True, token=TOKEN, reviewer="Ana"),
                        base_url=LOCAL)
    response = client.post("/api/reviews", json=_correction(), headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["event"]["fatalities"] == 9 and body["reviews"][0]["reviewer"] == "Ana"
    page = client.get(f"/events/{A}").text
    assert 'id="review-history"' in page and "the monitor revised its count" in page
    assert f'data-token="{TOKEN}"' in page  # the page's script sends it as the header
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv").text)))
    assert [(r["fatalities"], r["reviewed"]) for r in rows] == [("9", "true")]
    assert client.get(f"/api/reviews?event_id={A}").json()[0]["new_value"] == "9"


@pytest.mark.parametrize(("body", "status"), [
    ({"changes": {"fatalities": "-1"}}, 422),
    ({"event_id": "WLnothing-1"}, 404),
    ({"reason": ""}, 422),
    ({"action": "approve"}, 422),
])
def test_a_bad_decision_through_the_api_is_refused(db: Path, body: dict[str, Any],
                                                   status: int) -> None:
    client = TestClient(create_app(str(db), writable=True, token=TOKEN), base_url=LOCAL)
    response = client.post("/api/reviews", json=_correction(**body),
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == status
    assert client.get("/api/reviews").json() == []


@pytest.mark.parametrize("headers", [{}, {TOKEN_HEADER: "wrong"}, {"Cookie": f"token={TOKEN}"}])
def test_a_write_without_the_token_is_refused(db: Path, headers: dict[str, str]) -> None:
    client = TestClient(create_app(str(db), writable=True, token=TOKEN), base_url=LOCAL)
    response = client.post("/api/reviews", json=_correction(), headers=headers)
    assert response.status_code == 403
    assert client.get("/api/reviews").json() == []


def test_a_cross_site_form_post_is_refused(db: Path) -> None:
    """What a form on another site can send: a url-encoded or text/plain body, an Origin,
    the browser's cookies, but no custom header."""
    client = TestClient(create_app(str(db), writable=True, token=TOKEN), base_url=LOCAL)
    origin = {"Origin": "https://evil.example", "Referer": "https://evil.example/form"}
    form = client.post("/api/reviews", data={"event_id": A, "action": "reject",
                                             "reason": "x", "token": TOKEN}, headers=origin)
    plain = client.post("/api/reviews", content=json.dumps(_correction()),
                        headers={**origin, "Content-Type": "text/plain"})
    assert form.status_code == plain.status_code == 403
    assert client.get("/api/reviews").json() == []
    with Store(db, readonly=True) as opened:
        event = opened.event(A)
    assert event is not None and not event.reviewed and event.fatalities == 12


def test_a_store_from_before_reviews_is_upgraded_by_a_decision(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as opened:
        link.commit_analysis(opened, report("a", STORY_A))
        assert opened.schema_version() == len(MIGRATIONS)
    [reviews] = MIGRATIONS_DIR.glob("*_reviews.sql")
    older = int(reviews.name.split("_")[0]) - 1  # the schema before the reviews' migration
    with sqlite3.connect(db) as conn:  # as the schema before the reviews left it
        conn.execute("DROP TABLE reviews")
        conn.execute(f"PRAGMA user_version = {older}")
    done = run_cli("review", A, "--db", str(db), "--confirm", "--reason", "read it")
    assert done.returncode == 0, done.stderr
    with Store(db, readonly=True) as opened:
        assert [r.action for r in opened.reviews(A)] == ["confirm"]
