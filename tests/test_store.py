"""The SQLite store: schema migrations, one transaction per document, readers."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warledger.ledger.store import MIGRATIONS, Store, StoreError
from warledger.records import (
    Analysis,
    Article,
    Claim,
    Event,
    EventFilter,
    PlaceMention,
    Rejection,
    Source,
)

REPO = Path(__file__).resolve().parents[1]
TEXT = "Officials said 12 people were killed in Aleppo on Monday, the monitor said."


def make_article(article_id: str = "a1", text: str = TEXT, **kw: object) -> Article:
    base = Article(article_id=article_id, text=text, nlp_text=text, body=text,
                   publisher="Example News", published="2018-02-08",
                   source=f"{article_id}.txt", content_hash=f"hash-{article_id}")
    return replace(base, **kw)  # type: ignore[arg-type]


def make_claim(article_id: str, n: int, event_id: str | None = None) -> Claim:
    return Claim(claim_id=f"{article_id}-c{n}", article_id=article_id, kind="fatalities",
                 speaker="Officials", speaker_type="government", anonymous=False,
                 cue="said", content="12 people were killed", start=0, end=56,
                 source_start=0, source_end=9, cue_start=10, cue_end=14,
                 content_start=15, content_end=36, value_low=12 + n, qualifier="exact",
                 event_id=event_id)


def make_place(article_id: str) -> PlaceMention:
    return PlaceMention(article_id=article_id, text="Aleppo", start=40, end=46, name="Aleppo",
                        geonameid=170063, latitude=36.2, longitude=37.16, country_code="SY",
                        country="Syria", admin1="Aleppo", admin2=None, feature_class="P",
                        score=0.9, feature_code="PPLA")


def make_event(article_id: str, claims: list[Claim], **kw: object) -> Event:
    source = Source(article_id=article_id, url=None, publisher="Example News",
                    original_publisher=None, published="2018-02-08", title="T")
    base = Event(event_id=f"{article_id}-e1", event_date="2018-02-05", date_precision="day",
                 event_type="Battles", sub_event_type="Armed clash",
                 actor1="Military Forces of Syria", country="Syria", iso3="SYR",
                 admin1="Aleppo", location="Aleppo", latitude=36.2, longitude=37.16,
                 fatalities=12, contradictions=["12 vs 14"], contradiction=True,
                 claims=claims, sources=[source], notes="On 5 February, a clash in Aleppo.")
    return replace(base, **kw)  # type: ignore[arg-type]


def make_analysis(article_id: str = "a1", n_claims: int = 2, **event_kw: object) -> Analysis:
    claims = [make_claim(article_id, i, f"{article_id}-e1") for i in range(n_claims)]
    event = make_event(article_id, claims, **event_kw)
    return Analysis(article=make_article(article_id), places=[make_place(article_id)],
                    claims=claims, events=[event])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


# -- schema and opening ----------------------------------------------------------------


def test_migrating_then_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Store(path) as first:
        assert first.schema_version() == len(MIGRATIONS)
        first.save_analysis(make_analysis())
    with Store(path) as second:
        assert second.schema_version() == len(MIGRATIONS)
        assert second.counts()["claims"] == 2
    tables = sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    assert [t[0] for t in tables if "_fts" not in t[0]] == sorted(
        ["articles", "claims", "copy_members", "event_articles", "event_cells", "event_claims",
         "event_days", "events", "lsh_bands", "map_zooms", "places", "rejections",
         "removed_events", "reviews", "runs"])
    assert {"articles_fts", "claims_fts"} <= {t[0] for t in tables}


def test_pragmas(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this warledger") as info:
        Store(path)
    assert "\n" not in str(info.value)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(b"this is not sqlite at all " * 100)
    with pytest.raises(StoreError, match="not a database"):
        Store(path)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open"):
        Store(tmp_path / "no" / "such" / "ledger.db")


def test_locked_store(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.05) as locked, pytest.raises(StoreError, match="locked"):
            locked.save_analysis(make_analysis())
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_readonly(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.db", readonly=True)
    path = tmp_path / "ledger.db"
    with Store(path) as writer:
        writer.save_analysis(make_analysis())
    with Store(path, readonly=True) as reader:
        assert reader.counts()["events"] == 1
        with pytest.raises(StoreError, match="readonly"):
            reader.save_rejection(Rejection("x", "bad"))
    assert not (tmp_path / "missing.db").exists()


# -- writing -------------------------------------------------------------------------------


def test_has_article(store: Store) -> None:
    store.save_analysis(make_analysis("a1"))
    assert store.has_article("a1", "hash-a1")
    assert not store.has_article("a1", "other-hash")
    assert not store.has_article("a2", "hash-a1")


def test_resaving_replaces_rows(store: Store) -> None:
    store.save_analysis(make_analysis("a1", n_claims=3))
    store.save_analysis(make_analysis("a1", n_claims=3))
    assert store.counts() == {"articles": 1, "rejected": 0, "events": 1, "claims": 3,
                              "places": 1}
    store.save_analysis(make_analysis("a1", n_claims=1))
    assert [c.claim_id for c in store.claims("a1")] == ["a1-c0"]
    assert [c.claim_id for c in store.event("a1-e1").claims] == ["a1-c0"]  # type: ignore[union-attr]


def test_failed_save_leaves_previous_version(store: Store) -> None:
    store.save_analysis(make_analysis("a1", n_claims=2))
    broken = make_analysis("a1", n_claims=5)
    broken.places.append(make_place("not-stored"))  # foreign key failure, after the claims
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analysis(broken)
    assert len(store.claims("a1")) == 2
    assert store.counts()["places"] == 1


def test_event_claims_not_in_analysis_claims_are_stored(store: Store) -> None:
    analysis = make_analysis("a1", n_claims=2)
    analysis.claims = analysis.claims[:1]
    store.save_analysis(analysis)
    event = store.event("a1-e1")
    assert event is not None
    assert [c.claim_id for c in event.claims] == ["a1-c0", "a1-c1"]


def test_rejections_are_not_duplicated_and_cleared_on_success(store: Store) -> None:
    store.save_rejection(Rejection("a1.txt", "empty document", "a1"))
    store.save_rejection(Rejection("a1.txt", "empty document", "a1"))
    store.save_rejection(Rejection("b.txt", "not UTF-8"))
    assert store.rejections() == [Rejection("a1.txt", "empty document", "a1"),
                                  Rejection("b.txt", "not UTF-8", None)]
    assert store.counts()["rejected"] == 2
    store.save_analysis(make_analysis("a1"))  # its source is a1.txt
    assert store.rejections() == [Rejection("b.txt", "not UTF-8", None)]


def test_runs(store: Store) -> None:
    run_id = store.start_run()
    store.finish_run(run_id, {"read": 3})
    row = store._conn.execute("SELECT finished, counts FROM runs WHERE run_id = ?",
                              (run_id,)).fetchone()
    assert row[0] and row[1] == '{"read": 3}'


# -- reading ---------------------------------------------------------------------------------


def test_article_record(store: Store) -> None:
    store.save_analysis(make_analysis("a1"))
    record = store.article("a1")
    assert record is not None
    assert record["text"] == TEXT and record["body"] == TEXT
    assert set(record) == {"article_id", "url", "title", "publisher", "original_publisher",
                           "published", "byline", "language", "body", "syndicated_from",
                           "rejected_reason", "text"}
    assert store.article("nope") is None
    assert [a.article_id for a in store.articles()] == ["a1"]


def test_event_round_trip(store: Store) -> None:
    analysis = make_analysis("a1")
    store.save_analysis(analysis)
    assert store.event("a1-e1") == analysis.events[0]
    assert store.event("missing") is None
    assert store.places("a1") == analysis.places
    assert store.claims() == analysis.claims


def _filtered(store: Store, **kw: object) -> list[str]:
    return [e.event_id for e in store.events(EventFilter(**kw))]  # type: ignore[arg-type]


def _two_events(store: Store) -> None:
    store.save_analysis(make_analysis("a1", event_date="2018-02-05"))
    store.save_analysis(make_analysis(
        "a2", event_date="2019-03-01", country="Côte d'Ivoire", iso3="CIV",
        event_type="Protests", actor1="Police Forces of Côte d'Ivoire",
        actor2="Protesters (Côte d'Ivoire)", notes="Crowd in Abidjan."))


def test_event_filters(store: Store) -> None:
    _two_events(store)
    assert _filtered(store) == ["a1-e1", "a2-e1"]
    assert _filtered(store, since="2019-01-01") == ["a2-e1"]
    assert _filtered(store, until="2018-02") == ["a1-e1"]
    assert _filtered(store, until="2018-02-04") == []
    assert _filtered(store, country="cote d'ivoire") == ["a2-e1"]
    assert _filtered(store, country="syr") == ["a1-e1"]
    assert _filtered(store, event_type="protests") == ["a2-e1"]
    assert _filtered(store, actor="PROTESTERS") == ["a2-e1"]
    assert _filtered(store, q="abidjan") == ["a2-e1"]
    assert _filtered(store, q="military forces") == ["a1-e1"]
    assert _filtered(store, limit=1, offset=1) == ["a2-e1"]


def test_event_filter_combines_criteria_then_pages(store: Store) -> None:
    _two_events(store)
    store.save_analysis(make_analysis("a3", event_date="2019-04-01"))
    assert [e.event_id for e in store.events()] == ["a1-e1", "a2-e1", "a3-e1"]
    assert store.events() == store.events(EventFilter())  # no filter: every event
    assert _filtered(store, country="SYR", since="2019") == ["a3-e1"]  # all criteria hold
    assert _filtered(store, country="SYR", until="2018-12-31") == ["a1-e1"]
    assert _filtered(store, country="syria", event_type="Protests") == []
    assert _filtered(store, country="Syria", limit=1, offset=1) == ["a3-e1"]  # page of matches
    assert _filtered(store, limit=0) == [] and _filtered(store, offset=5) == []
    where = EventFilter(since="2019", limit=1)
    assert [e.event_id for e in store.iter_events(where)] == ["a2-e1"]
    assert store.events(where) == [store.event("a2-e1")]  # claims re-attached as by id


@pytest.mark.parametrize("page", [{"limit": -1}, {"offset": -1}])
def test_event_filter_rejects_a_negative_page(page: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        EventFilter(**page)  # type: ignore[arg-type]


def test_event_filter_is_a_frozen_record_of_criteria_and_a_page() -> None:
    where = EventFilter(country="Syria", q="", limit=10, offset=20)
    with pytest.raises(FrozenInstanceError):
        where.country = "Iraq"  # type: ignore[misc]
    assert where.criteria() == {"since": None, "until": None, "country": "Syria",
                                "event_type": None, "actor": None, "q": "", "review": None}
    assert where.filtered() and not EventFilter(q="", limit=5).filtered()
    assert replace(where, country=None) == EventFilter(q="", limit=10, offset=20)
    assert hash(where) == hash(EventFilter(country="Syria", q="", limit=10, offset=20))


def test_timestamps(store: Store) -> None:
    store.save_analysis(make_analysis("a1"))
    stamps = store.event_timestamps()
    assert list(stamps) == ["a1-e1"] and stamps["a1-e1"] > 1_600_000_000


# -- round trip ------------------------------------------------------------------------------

texts = st.text(max_size=12)
opt_texts = st.none() | texts
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
opt_ints = st.none() | ints
opt_floats = st.none() | st.floats(allow_nan=False)


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    aid = draw(texts)
    article = Article(
        article_id=aid, text=draw(texts), nlp_text=draw(texts), body=draw(texts),
        url=draw(opt_texts), title=draw(opt_texts), publisher=draw(opt_texts),
        original_publisher=draw(opt_texts), published=draw(opt_texts),
        byline=draw(opt_texts), language=draw(opt_texts), syndicated_from=draw(opt_texts),
        rejected_reason=draw(opt_texts), source=draw(texts), content_hash=draw(texts))
    places = draw(st.lists(st.builds(
        PlaceMention, article_id=st.just(aid), text=texts, start=ints, end=ints, name=texts,
        geonameid=opt_ints, latitude=opt_floats, longitude=opt_floats,
        country_code=opt_texts, country=opt_texts, admin1=opt_texts, admin2=opt_texts,
        feature_class=texts, score=st.floats(allow_nan=False), feature_code=texts),
        max_size=3, unique_by=lambda p: (p.start, p.end)))
    claims = draw(st.lists(st.builds(
        Claim, claim_id=texts, article_id=st.just(aid),
        kind=st.sampled_from(["fatalities", "injuries", "other"]), speaker=texts,
        speaker_type=st.sampled_from(["monitor", "other"]), anonymous=st.booleans(),
        cue=texts, content=texts, start=ints, end=ints, source_start=ints, source_end=ints,
        cue_start=ints, cue_end=ints, content_start=ints, content_end=ints,
        value_low=opt_ints, value_high=opt_ints,
        qualifier=st.none() | st.sampled_from(["exact", "range"]), subject=opt_texts,
        event_id=opt_texts, quantity_text=opt_texts, quantity_start=opt_ints,
        quantity_end=opt_ints), max_size=4, unique_by=lambda c: c.claim_id))
    sources = st.lists(st.builds(Source, article_id=texts, url=opt_texts,
                                 publisher=opt_texts, original_publisher=opt_texts,
                                 published=opt_texts, title=opt_texts), max_size=2)
    events = draw(st.lists(st.builds(
        Event, event_id=texts, event_date=opt_texts,
        date_precision=st.sampled_from(["day", "month"]), event_type=texts,
        sub_event_type=texts, actor1=opt_texts, assoc_actor_1=opt_texts, inter1=opt_texts,
        actor2=opt_texts, notes=texts, latitude=opt_floats, longitude=opt_floats,
        geonameid=opt_ints, fatalities=ints, fatalities_high=opt_ints,
        contradiction=st.booleans(), contradictions=st.lists(texts, max_size=2),
        claims=st.lists(st.sampled_from(claims), max_size=3, unique_by=lambda c: c.claim_id)
        if claims else st.just([]),
        sources=sources, num_articles=ints, num_sources=ints),
        max_size=2, unique_by=lambda e: e.event_id))
    return Analysis(article=article, places=places, claims=claims, events=events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analysis=analyses())
def test_round_trip(analysis: Analysis) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "l.db") as store:
        store.save_analysis(analysis)
        aid = analysis.article.article_id
        assert store.get_article(aid) == analysis.article
        assert store.places(aid) == sorted(analysis.places, key=lambda p: (p.start, p.end))
        assert store.claims(aid) == analysis.claims
        assert {e.event_id: e for e in store.events()} == {
            e.event_id: e for e in analysis.events}
        assert store.counts()["claims"] == len(analysis.claims)


# -- crash safety -----------------------------------------------------------------------------

CHILD = """
import sys
from warledger.records import Analysis, Article, Claim, Event
from warledger.ledger.store import Store

body = "x" * 20000
with Store(sys.argv[1]) as store:
    for i in range(int(sys.argv[2]), int(sys.argv[2]) + 100000):
        aid = f"a{i}"
        claims = [Claim(f"{aid}-c{k}", aid, "fatalities", "s", "other", False, "said", "c",
                        0, 1, 0, 1, 0, 1, 0, 1) for k in range(1 + i % 7)]
        event = Event(f"{aid}-e", "2020-01-01", "day", "Battles", "Armed clash", claims=claims)
        article = Article(aid, body, body, body, title=str(len(claims)))
        store.save_analysis(Analysis(article=article, claims=claims, events=[event]))
        print(i, flush=True)
"""


def _run_and_kill(path: Path, start: int) -> int:
    """Start a writer at document `start`, kill it mid-run; returns the last committed index."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(path), str(start)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    assert child.stdout is not None
    committed = -1
    for line in child.stdout:
        committed = int(line)
        if committed >= start + 40:
            break
    time.sleep(random.uniform(0.02, 0.06))  # let it write on: the kill lands mid-document
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert committed >= start + 40, "the writer died before committing 40 documents"
    return committed


def test_killed_writer_loses_no_committed_document(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    for start in (0, 100_000, 200_000):  # three kills, each at a random point
        committed = _run_and_kill(path, start)
        with Store(path) as store:
            assert store.integrity_check() == "ok"
            assert store.get_article(f"a{committed}") is not None
            for article in store.articles():
                expected = int(article.title or 0)
                assert len(store.claims(article.article_id)) == expected
                event = store.event(f"{article.article_id}-e")
                assert event is not None and len(event.claims) == expected
