"""Exports as researchers' tools read them: an ACLED pandas script, UCDP GED dtypes,
duckdb on the Parquet, geopandas on the GeoJSON, Datasette on the store, and an
incremental sync (`--updated-since` and the deletions list)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, run_cli

from warledger.ledger.acled import ACLED_COLUMNS, interaction
from warledger.ledger.datasette import metadata
from warledger.ledger.export import Selection, export, parse_timestamp
from warledger.ledger.ged import GED_COLUMNS
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Claim, Event, EventFilter, Source

TEXT = "Gunmen killed 3 civilians, including 2 women, and 4 soldiers, police said."
TEXT_COLUMNS = ("event_id_cnty", "event_date", "disorder_type", "event_type", "sub_event_type",
                "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                "interaction", "civilian_targeting", "region", "country", "admin1", "admin2",
                "location", "source", "source_scale", "notes", "tags")


def _claim(aid: str, n: int, value: int, subject: str, event_id: str) -> Claim:
    return Claim(claim_id=f"{aid}-c{n}", article_id=aid, kind="fatalities", speaker="police",
                 speaker_type="government", anonymous=False, cue="said", content=TEXT,
                 start=0, end=len(TEXT), source_start=60, source_end=66, cue_start=67,
                 cue_end=71, content_start=0, content_end=58, value_low=value,
                 qualifier="exact", subject=subject, event_id=event_id)


def _event(aid: str, country: tuple[str, str, str], kind: tuple[str, str, str, str],
           claims: list[Claim], publisher: str) -> Event:
    name, iso3, admin1 = country
    event_type, sub_event_type, inter1, inter2 = kind
    sources = [Source(aid, f"https://news.example/{aid}", publisher, None, "2021-05-04",
                      f"Report {aid}")]
    return Event(event_id=f"{aid}-e1", event_date="2021-05-03", date_precision="day",
                 event_type=event_type, sub_event_type=sub_event_type,
                 actor1=f"Actor of {name}", inter1=inter1,
                 actor2=f"Other of {name}" if inter2 else None, inter2=inter2,
                 assoc_actor_1="Farmers" if aid == "a1" else None,
                 assoc_actor_2="Teachers" if aid == "a2" else None,
                 interaction=interaction(inter1, inter2), country=name, iso3=iso3,
                 admin1=admin1, admin2=f"{admin1} district", location=f"{admin1} town",
                 latitude=34.5, longitude=69.2, geo_precision=1,
                 fatalities=sum(c.value_low or 0 for c in claims), fatalities_low=7,
                 fatalities_best=sum(c.value_low or 0 for c in claims), fatalities_high=9,
                 claims=claims, sources=sources, num_sources=1, notes=f"Notes of {aid}.")


def _analysis(aid: str, country: tuple[str, str, str], kind: tuple[str, str, str, str],
              publisher: str) -> Analysis:
    eid = f"{aid}-e1"
    victims = "women" if aid == "a1" else "civilians"
    claims = [_claim(aid, 0, 3, victims, eid), _claim(aid, 1, 4, "soldiers", eid)]
    article = Article(article_id=aid, text=TEXT, nlp_text=TEXT, body=TEXT,
                      title=f"Report {aid}", publisher=publisher, published="2021-05-04")
    event = _event(aid, country, kind, claims, publisher)
    return Analysis(article=article, claims=claims, events=[event])


AFG = ("Afghanistan", "AFG", "Kunduz")
SYR = ("Syria", "SYR", "Idlib")
ATTACK = ("Battles", "Armed clash", "Political militia", "State forces")
STRIKE = ("Explosions/Remote violence", "Air/drone strike", "State forces", "Civilians")
PROTEST = ("Protests", "Peaceful protest", "Protesters", None)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        opened.save_analysis(_analysis("a1", AFG, ATTACK, "Pajhwok Afghan News"))
        opened.save_analysis(_analysis("a2", AFG, STRIKE, "Reuters"))
        opened.save_analysis(_analysis("a3", SYR, PROTEST, "SANA"))
        yield opened


# -- ACLED: a script written for ACLED's export runs unchanged ---------------------------


def acled_script(path: Path) -> dict[str, object]:
    """What a researcher's script does with a current ACLED export (pandas)."""
    import pandas as pd

    df = pd.read_csv(path)
    dtypes = {col: str(df[col].dtype) for col in df.columns}
    afghanistan = df[df["event_id_cnty"].str[:3] == "AFG"]
    by_admin = afghanistan.groupby(["admin1", "event_type"])["fatalities"].sum()
    for col in TEXT_COLUMNS:  # every text column: .str works
        df[col].str.lower().str.contains("x", regex=False)
    df["event_date"] = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    return {"by_admin": by_admin.to_dict(), "precision": df["time_precision"].value_counts()
            .to_dict(), "months": df["event_date"].dt.month.tolist(),
            "numbers": df["event_id_cnty"].str[3:].astype("int64").tolist(),
            "dtypes": dtypes}


def test_acled_script_runs_on_the_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    export(store, "events", "csv", path)
    found = acled_script(path)
    assert found["by_admin"] == {("Kunduz", "Battles"): 7,
                                 ("Kunduz", "Explosions/Remote violence"): 7}
    assert found["precision"] == {1: 3} and found["months"] == [5, 5, 5]
    dtypes = found["dtypes"]
    assert isinstance(dtypes, dict)
    assert {dtypes[c] for c in ("year", "time_precision", "iso", "fatalities", "timestamp",
                                "geo_precision")} == {"int64"}
    assert all(dtypes[c] == "str" for c in TEXT_COLUMNS)
    header = next(csv.reader(path.open(encoding="utf-8", newline="")))
    assert tuple(header[:31]) == ACLED_COLUMNS


def _csv_rows(store: Store, selection: Selection | None = None) -> list[dict[str, str]]:
    stream = io.StringIO()
    export(store, "events", "csv", stream, selection or Selection())
    return list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))


def test_acled_values(store: Store) -> None:
    rows = {row["event_id"]: row for row in _csv_rows(store)}
    clash, strike, protest = rows["a1-e1"], rows["a2-e1"], rows["a3-e1"]
    assert clash["interaction"] == "State forces-Political militia"
    assert strike["interaction"] == "State forces-Civilians"
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert clash["civilian_targeting"] == ""
    assert protest["interaction"] == "Protesters only" and protest["inter2"] == ""
    assert clash["region"] == "Caucasus and Central Asia" and protest["region"] == "Middle East"
    assert clash["source_scale"] == "National" and strike["source_scale"] == "International"
    assert protest["disorder_type"] == "Demonstrations"
    assert clash["tags"] == "women targeted" and clash["admin3"] == ""
    assert protest["event_id_cnty"].startswith("SYR")
    numeric = {r["event_id"]: r for r in _csv_rows(store, Selection(inter_numeric=True))}
    assert (numeric["a1-e1"]["inter1"], numeric["a1-e1"]["inter2"]) == ("3", "1")
    assert numeric["a1-e1"]["interaction"] == "13" and numeric["a2-e1"]["interaction"] == "17"
    assert numeric["a3-e1"]["interaction"] == "60" and numeric["a3-e1"]["inter2"] == "0"


def test_filters(store: Store) -> None:
    def ids(**criteria: str) -> list[str]:
        rows = _csv_rows(store, Selection(where=EventFilter(**criteria)))  # type: ignore[arg-type]
        return [row["event_id"] for row in rows]

    assert ids(country="AFG") == ["a1-e1", "a2-e1"]
    assert ids(event_type="protests") == ["a3-e1"]
    assert ids(since="2021-05-04") == [] and ids(until="2021-05") == ["a1-e1", "a2-e1", "a3-e1"]
    with pytest.raises(ValueError, match="not claims"):
        export(store, "claims", "csv", io.StringIO(), Selection(updated_since="2020-01-01"))


# -- UCDP GED ------------------------------------------------------------------------------

GED_DTYPES = {"id": "int64", "year": "int64", "type_of_violence": "int64",
              "number_of_sources": "int64", "where_prec": "int64", "date_prec": "int64",
              "deaths_a": "int64", "deaths_b": "int64", "deaths_civilians": "int64",
              "deaths_unknown": "int64", "best": "int64", "high": "int64", "low": "int64",
              "latitude": "float64", "longitude": "float64", "side_a": "str", "side_b": "str",
              "relid": "str", "country": "str", "region": "str", "date_start": "str"}


def test_ged_loads_with_ged_dtypes(store: Store, tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "ged.csv"
    assert export(store, "ged", "csv", path) == 2  # the protest is not GED's
    df = pd.read_csv(path, dtype=GED_DTYPES)  # type: ignore[arg-type]
    assert tuple(df.columns) == GED_COLUMNS
    deaths = df[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (df["best"] == deaths).all() and (df["low"] <= df["best"]).all()
    assert (df["best"] <= df["high"]).all()
    clash = df.set_index("relid").loc["a1-e1"]
    assert clash["type_of_violence"] == 1 and clash["side_a"] == "Other of Afghanistan"
    assert (clash["deaths_a"], clash["deaths_b"], clash["deaths_civilians"]) == (4, 0, 3)
    strike = df.set_index("relid").loc["a2-e1"]
    assert strike["type_of_violence"] == 3 and strike["side_b"] == "Civilians"
    assert strike["region"] == "Asia" and strike["where_prec"] == 1
    assert pd.to_datetime(df["date_start"]).dt.year.tolist() == [2021, 2021]


def test_ged_parquet_is_typed(store: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(store, "ged", "parquet", tmp_path / "ged.parquet")
    schema = pq.read_schema(tmp_path / "ged.parquet")
    assert schema.field("best").type == pa.int64()
    assert schema.field("date_start").type == pa.date32()


# -- Parquet in duckdb, GeoJSON in geopandas -----------------------------------------------


def test_duckdb_reads_dates_and_unnests_claims(store: Store, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    export(store, "events", "parquet", path)
    con = duckdb.connect()
    kind, year = con.execute(f"SELECT typeof(event_date), year(event_date) FROM '{path}' "
                             "LIMIT 1").fetchone()
    assert (kind, year) == ("DATE", 2021)
    rows = con.execute(f"SELECT event_id, c.claim_id, c.value_low FROM (SELECT event_id, "
                       f"unnest(claims) AS c FROM '{path}') ORDER BY 2").fetchall()
    assert rows[:2] == [("a1-e1", "a1-c0", 3), ("a1-e1", "a1-c1", 4)] and len(rows) == 6
    published = con.execute(f"SELECT typeof(s.published) FROM (SELECT unnest(sources) AS s "
                            f"FROM '{path}') LIMIT 1").fetchone()
    assert published == ("DATE",)


def test_geopandas_reads_the_geojson_with_ids(store: Store, tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "events.geojson"
    export(store, "events", "geojson", path)
    frame = gpd.read_file(path)
    assert len(frame) == 3 and frame.geometry.geom_type.unique().tolist() == ["Point"]
    assert sorted(frame["id"]) == ["a1-e1", "a2-e1", "a3-e1"]
    assert json.loads(path.read_text("utf-8"))["features"][0]["id"] == "a1-e1"


# -- Datasette ----------------------------------------------------------------------------


def test_datasette_shows_the_ledger(store: Store) -> None:
    datasette_app = pytest.importorskip("datasette.app")
    path = Path(store.path)
    ds = datasette_app.Datasette([str(path)], metadata=metadata(path))

    async def fetch(url: str) -> Any:
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        return response.json()

    async def check() -> None:
        tables = {t["name"]: t for t in (await fetch("/ledger.json"))["tables"]}
        shown = {name for name, t in tables.items() if not t["hidden"]}
        assert {"events", "claims", "articles", "places", "event_claims"} <= shown
        assert not shown & {"lsh_bands", "copy_members", "runs", "articles_fts", "claims_fts"}
        links = tables["event_claims"]["foreign_keys"]["outgoing"]
        assert {(fk["other_table"], fk["column"]) for fk in links} == {
            ("events", "event_id"), ("claims", "claim_id")}
        found = await fetch("/ledger/articles.json?_search=soldiers&_shape=array&_col=title")
        assert len(found) == 3
        said = await fetch("/ledger/claims.json?_search=police&_shape=objects")
        assert len(said["rows"]) == 6

    asyncio.run(check())


# -- incremental sync ------------------------------------------------------------------------


def _apply(rows: dict[str, dict[str, str]], changed: list[dict[str, str]],
           deleted: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """What a mirror does with an incremental export: drop the deleted, upsert the rest."""
    mirror = {k: v for k, v in rows.items() if k not in {d["event_id_cnty"] for d in deleted}}
    mirror.update({row["event_id_cnty"]: row for row in changed})
    return mirror


def _by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["event_id_cnty"]: row for row in rows}


def _deletions(store: Store, since: str) -> list[dict[str, str]]:
    stream = io.StringIO()
    export(store, "deletions", "csv", stream, Selection(updated_since=since))
    return list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))


def test_incremental_sync_after_a_merge(store: Store) -> None:
    with store.transaction() as conn:  # linked events know their reports
        conn.execute("UPDATE events SET members = json_array(json_array(owner_id, event_id))")
    first = _by_id(_csv_rows(store))
    since = parse_timestamp(max(row["timestamp"] for row in first.values()))
    merged = store.event("a1-e1")
    assert merged is not None
    with store.transaction():  # what linking does when a report joins another event
        store.delete_events(["a1-e1", "a2-e1"])
        store.write_ledger_event("a1", merged, [("a1", "a1-e1"), ("a2", "a2-e1")],
                                 ("2021-05-03", "2021-05-03"))
    store.save_analysis(_analysis("a4", SYR, STRIKE, "Reuters"))
    changed = _csv_rows(store, Selection(updated_since=since))
    deleted = _deletions(store, since)
    assert [d["event_id"] for d in deleted] == ["a2-e1"]
    assert deleted[0]["merged_into"] == "a1-e1" and deleted[0]["event_id_cnty"].startswith("AFG")
    assert {row["event_id"] for row in changed} >= {"a1-e1", "a4-e1"}
    assert _apply(first, changed, deleted) == _by_id(_csv_rows(store))


def test_deletions_of_a_resaved_article_and_timestamps(store: Store) -> None:
    assert _deletions(store, "") == []
    store.save_analysis(_analysis("a3", SYR, PROTEST, "SANA"))  # the same event again
    assert _deletions(store, "") == []
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE article_id = 'a3'")
    gone = _deletions(store, "")
    assert [d["event_id"] for d in gone] == ["a3-e1"] and gone[0]["merged_into"] == ""
    assert parse_timestamp("0") == "1970-01-01T00:00:00+00:00"
    assert parse_timestamp("2021-05-04") == "2021-05-04T00:00:00+00:00"
    with pytest.raises(ValueError, match="not a time"):
        parse_timestamp("yesterday")


def test_fts_follows_resaves_and_deletes(store: Store) -> None:
    def hits(table: str, word: str) -> int:
        sql = f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?"
        return int(store._conn.execute(sql, (word,)).fetchone()[0])

    assert hits("articles", "soldiers") == 3 and hits("claims", "police") == 6
    store.save_analysis(_analysis("a1", AFG, ATTACK, "Pajhwok Afghan News"))
    assert hits("articles", "soldiers") == 3 and hits("claims", "police") == 6
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE article_id = 'a1'")
    assert hits("articles", "soldiers") == 2 and hits("claims", "police") == 4
    assert store.integrity_check() == "ok"
    store._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


@pytest.mark.model
def test_cli_incremental_sync_of_merged_reports(tmp_path: Path) -> None:
    """Two reports of the Sanaa air strike, the second added later: the mirror kept in sync
    from the first export with --updated-since and the deletions is the full export."""
    db = str(tmp_path / "w.db")
    first_input = EXAMPLES / "html" / "sanaa-air-strike.html"
    assert run_cli("run", str(first_input), "--db", db, "-q").returncode in (0, 1)
    first = tmp_path / "first.csv"
    assert run_cli("export", "--db", db, "--what", "events", "--format", "csv",
                   "-o", str(first)).returncode == 0
    rows = list(csv.DictReader(first.open(encoding="utf-8", newline="")))
    since = max(row["timestamp"] for row in rows)
    assert run_cli("run", str(EXAMPLES / "jsonl" / "reports.jsonl"), "--db", db,
                   "-q").returncode in (0, 1)
    outputs = {}
    for name, what, extra in (("changed", "events", ["--updated-since", since]),
                              ("deleted", "deletions", ["--updated-since", since]),
                              ("full", "events", [])):
        out = tmp_path / f"{name}.csv"
        done = run_cli("export", "--db", db, "--what", what, "--format", "csv", "-o", str(out),
                       *extra)
        assert done.returncode == 0, done.stderr
        outputs[name] = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    mirror = _apply(_by_id(rows), outputs["changed"], outputs["deleted"])
    assert mirror == _by_id(outputs["full"])


def test_a_lone_state_actor_is_one_sided_in_ged_never_state_based_without_a_side_b() -> None:
    from warledger.ledger import ged
    from warledger.records import Event

    strike = Event("e", "2021-02-10", "day", "Explosions/Remote violence", "Air/drone strike",
                   actor1="Saudi-led Coalition", inter1="External/Other forces")
    assert ged.type_of_violence(strike) == 3
    assert ged.sides(strike, 3)[:2] == ("Saudi-led Coalition", "Civilians")
