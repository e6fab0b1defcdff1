"""Exports: JSONL, CSV (ACLED columns), GeoJSON and Parquet, read back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warledger.ledger.acled import event_number
from warledger.ledger.export import (
    ACLED_COLUMNS,
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    EVENT_IN_ACLED_COLUMNS,
    EXTRA_EVENT_COLUMNS,
    PLACE_COLUMNS,
    ExportError,
    arrow_type,
    disorder_type,
    export,
    parquet_schema,
)
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Claim, Event, PlaceMention, Source

ACLED_CSV = Path(__file__).resolve().parents[2] / "shared/data/acled-afghanistan/acled.csv"
NOTES = 'Clashes in Dayr az-Zawr, "Khasham"; 20 killed,\nper SOHR — été ☂'
TEXT = "Über 20 people, «killed», said SOHR.\nNext line, with commas."


def _claim(aid: str, n: int) -> Claim:
    return Claim(claim_id=f"{aid}-c{n}", article_id=aid, kind="fatalities",
                 speaker="the Syrian Observatory, SOHR", speaker_type="monitor",
                 anonymous=n % 2 == 1, cue="said", content="«killed»\nmore", start=0, end=35,
                 source_start=30, source_end=34, cue_start=25, cue_end=29, content_start=0,
                 content_end=22, value_low=20 + n, value_high=None, qualifier="exact",
                 event_id=f"{aid}-e1")


def _analysis(aid: str, located: bool) -> Analysis:
    article = Article(article_id=aid, text=TEXT, nlp_text=TEXT, body=TEXT, url=f"http://x/{aid}",
                      title="Title, with comma", publisher="Global Research",
                      original_publisher="Middle East Eye", published="2018-02-08")
    claims = [_claim(aid, 0), _claim(aid, 1)]
    place = PlaceMention(aid, "Khasham", 3, 10, "Khushām", 168970, 35.3 if located else None,
                         40.29 if located else None, "SY", "Syria", "Deir ez-Zor", None, "P",
                         0.86, "PPL")
    sources = [Source(aid, article.url, "Global Research", "Middle East Eye", "2018-02-08", "T"),
               Source(aid, None, "Global Research", "Reuters", None, None)]
    event = Event(event_id=f"{aid}-e1", event_date="2018-02-07", date_precision="day",
                  event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                  actor1="Coalition", inter1="External/Other forces", inter2="Civilians",
                  country="Syria", iso3="SYR", admin1="Deir ez-Zor", location="Khasham",
                  latitude=35.3 if located else None, longitude=40.29 if located else None,
                  geonameid=168970, fatalities=20, fatalities_low=20, fatalities_high=101,
                  contradiction=True, contradictions=["20 (SOHR) vs 101", "second, one"],
                  claims=claims, sources=sources, num_sources=2, notes=NOTES)
    return Analysis(article=article, places=[place], claims=claims, events=[event])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        opened.save_analysis(_analysis("a1", located=True))
        opened.save_analysis(_analysis("a2", located=False))
        yield opened


def _export_text(store: Store, what: str, fmt: str, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / f"out.{fmt}"
    count = export(store, what, fmt, path)  # type: ignore[arg-type]
    return count, path.read_text(encoding="utf-8")


# -- JSONL ---------------------------------------------------------------------------------


def test_jsonl_events(store: Store, tmp_path: Path) -> None:
    count, text = _export_text(store, "events", "jsonl", tmp_path)
    lines = [json.loads(line) for line in text.splitlines()]
    assert count == len(lines) == 2
    first = lines[0]
    assert first["notes"] == NOTES
    assert [c["claim_id"] for c in first["claims"]] == ["a1-c0", "a1-c1"]
    assert list(first["claims"][0]) == list(CLAIM_COLUMNS)
    assert first["sources"][0]["original_publisher"] == "Middle East Eye"
    assert first["contradiction"] is True and first["latitude"] == 35.3


@pytest.mark.parametrize(("what", "columns"), [
    ("claims", CLAIM_COLUMNS), ("articles", ARTICLE_COLUMNS), ("places", PLACE_COLUMNS)])
def test_jsonl_other_records(store: Store, tmp_path: Path, what: str,
                             columns: tuple[str, ...]) -> None:
    count, text = _export_text(store, what, "jsonl", tmp_path)
    lines = [json.loads(line) for line in text.splitlines()]
    assert count == len(lines) == {"claims": 4, "articles": 2, "places": 2}[what]
    assert all(list(line) == list(columns) for line in lines)


def test_jsonl_to_stdout_and_binary_stream(store: Store, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    assert export(store, "articles", "jsonl") == 2
    out = capsys.readouterr().out
    assert json.loads(out.splitlines()[0])["text"] == TEXT
    buffer = io.BytesIO()
    assert export(store, "articles", "jsonl", buffer) == 2
    assert buffer.getvalue().decode("utf-8") == out
    assert not buffer.closed


# -- CSV ----------------------------------------------------------------------------------------


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_events_acled_columns(store: Store, tmp_path: Path) -> None:
    count, text = _export_text(store, "events", "csv", tmp_path)
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == ACLED_COLUMNS + EXTRA_EVENT_COLUMNS
    assert header[:5] == ["event_id_cnty", "event_date", "year", "time_precision",
                          "disorder_type"]
    rows = _read_csv(text)
    assert count == len(rows) == 2
    row = rows[0]
    assert row["notes"] == NOTES
    assert row["event_id_cnty"] == f"SYR{event_number('a1-e1')}" and row["year"] == "2018"
    assert row["event_id"] == "a1-e1"
    assert row["time_precision"] == "1" and row["iso"] == "760" and row["iso3"] == "SYR"
    assert row["disorder_type"] == "Political violence" and row["region"] == "Middle East"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["source"] == "Global Research; Middle East Eye; Reuters"
    assert row["source_scale"] == "International"
    assert row["inter1"] == "External/Other forces" and row["inter2"] == "Civilians"
    assert row["interaction"] == "External/Other forces-Civilians"
    assert row["original_publishers"] == "Middle East Eye; Reuters"
    assert row["contradictions"] == "20 (SOHR) vs 101 | second, one"
    assert row["contradiction"] == "true" and row["fatalities_best"] == ""
    assert int(row["timestamp"]) > 1_600_000_000
    assert rows[1]["latitude"] == ""


@pytest.mark.shared
@pytest.mark.skipif(not ACLED_CSV.exists(), reason="../shared is absent")
def test_csv_events_follow_acled_order() -> None:
    """Columns shared with the ACLED sample keep its order (`iso` moved in newer ACLED)."""
    with ACLED_CSV.open(encoding="utf-8", newline="") as handle:
        acled = next(csv.reader(handle))
    ours = ACLED_COLUMNS + EXTRA_EVENT_COLUMNS
    common = [c for c in acled if c in ours and c != "iso"]
    assert len(common) >= 25
    assert [c for c in ours if c in common] == common


@pytest.mark.parametrize(("what", "columns"), [
    ("claims", CLAIM_COLUMNS), ("articles", ARTICLE_COLUMNS), ("places", PLACE_COLUMNS)])
def test_csv_other_records(store: Store, tmp_path: Path, what: str,
                           columns: tuple[str, ...]) -> None:
    count, text = _export_text(store, what, "csv", tmp_path)
    rows = _read_csv(text)
    assert count == len(rows)
    assert tuple(rows[0]) == columns
    if what == "claims":
        assert rows[1]["content"] == "«killed»\nmore" and rows[1]["anonymous"] == "true"
        assert rows[0]["value_high"] == ""
    if what == "articles":
        assert rows[0]["text"] == TEXT and rows[0]["title"] == "Title, with comma"
    if what == "places":
        assert rows[0]["name"] == "Khushām" and float(rows[0]["latitude"]) == 35.3


# -- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_events(store: Store, tmp_path: Path) -> None:
    count, text = _export_text(store, "events", "geojson", tmp_path)
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert count == len(collection["features"]) == 1  # the unlocated event is left out
    feature = collection["features"][0]
    assert feature["id"] == "a1-e1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.29, 35.3]}
    props = feature["properties"]
    assert "claims" not in props and props["num_claims"] == 2
    assert props["notes"] == NOTES and props["sources"][1]["original_publisher"] == "Reuters"


def test_geojson_places(store: Store, tmp_path: Path) -> None:
    count, text = _export_text(store, "places", "geojson", tmp_path)
    features = json.loads(text)["features"]
    assert count == len(features) == 1
    assert features[0]["properties"]["article_id"] == "a1" and features[0]["id"] == "a1:3-10"


@pytest.mark.parametrize("what", ["claims", "articles"])
def test_geojson_needs_coordinates(store: Store, tmp_path: Path, what: str) -> None:
    with pytest.raises(ExportError, match="geojson"):
        export(store, what, "geojson", tmp_path / "x.geojson")  # type: ignore[arg-type]
    assert not (tmp_path / "x.geojson").exists()


def test_empty_geojson_is_valid(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as empty:
        count, text = _export_text(empty, "events", "geojson", tmp_path)
    assert count == 0 and json.loads(text) == {"type": "FeatureCollection", "features": []}


# -- Parquet ----------------------------------------------------------------------------------


def test_parquet_events(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export(store, "events", "parquet", path) == 2
    table = pq.read_table(path)
    assert pa.types.is_list(table.schema.field("contradictions").type)
    assert str(table.schema.field("fatalities").type) == "int64"
    rows = table.to_pylist()
    assert rows[0]["notes"] == NOTES and rows[0]["num_claims"] == 2
    assert rows[0]["contradictions"] == ["20 (SOHR) vs 101", "second, one"]
    assert rows[0]["sources"][1]["original_publisher"] == "Reuters"
    assert [c["claim_id"] for c in rows[0]["claims"]] == ["a1-c0", "a1-c1"]
    assert rows[0]["event_date"] == date(2018, 2, 7)
    assert rows[0]["sources"][0]["published"] == date(2018, 2, 8)
    assert rows[1]["latitude"] is None


@pytest.mark.parametrize(("what", "columns", "n"), [
    ("claims", CLAIM_COLUMNS, 4), ("articles", ARTICLE_COLUMNS, 2),
    ("places", PLACE_COLUMNS, 2)])
def test_parquet_other_records(store: Store, tmp_path: Path, what: str,
                               columns: tuple[str, ...], n: int) -> None:
    path = tmp_path / f"{what}.parquet"
    assert export(store, what, "parquet", path) == n  # type: ignore[arg-type]
    table = pq.read_table(path)
    assert tuple(table.column_names) == columns and table.num_rows == n
    first = table.to_pylist()[0]
    expected = {"claims": store.claims()[0].to_record(),
                "articles": {**store.article("a1"), "text": TEXT,  # type: ignore[dict-item]
                             "published": date(2018, 2, 8)},
                "places": store.places()[0].to_record()}[what]
    assert first == {col: expected[col] for col in columns}


def test_parquet_batches_and_binary_stream(store: Store, tmp_path: Path) -> None:
    from warledger.ledger.export import write_parquet

    buffer = io.BytesIO()
    assert write_parquet(store, "claims", buffer, batch=3) == 4
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    assert table.num_rows == 4 and table.to_pylist()[3]["claim_id"] == "a2-c1"


def test_parquet_needs_a_file(store: Store) -> None:
    with pytest.raises(ValueError, match="-o FILE"):
        export(store, "events", "parquet")


def test_empty_parquet_keeps_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as empty:
        assert export(empty, "events", "parquet", tmp_path / "e.parquet") == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 0 and "event_id" in table.column_names


def test_unknown_what_and_format(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot export"):
        export(store, "actors", "jsonl")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        export(store, "events", "xml")  # type: ignore[arg-type]


def test_disorder_types() -> None:
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Protests", "Excessive force against protesters") == (
        "Political violence; Demonstrations")
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"


# -- one schema: every output has the records' fields ------------------------------------

# The fields that are in no record (so in no export and no API response): the text the
# pipeline works on and the store's bookkeeping. Articles add `text` back (see below).
INTERNAL: dict[type, set[str]] = {
    Article: {"text", "nlp_text", "source", "content_hash"},
    PlaceMention: {"feature_code"},
}
RECORDS = [Article, Claim, Event, PlaceMention, Source]


def _fields(record: type) -> set[str]:
    return {f.name for f in fields(record)}


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_every_record_field_is_public_or_declared_internal(record: type) -> None:
    """A field added to records.py is in the record (so in every output) or fails here."""
    public = record.RECORD_FIELDS  # type: ignore[attr-defined]
    assert len(set(public)) == len(public)
    assert set(public) == _fields(record) - INTERNAL.get(record, set())


def _header(text: str) -> tuple[str, ...]:
    return tuple(next(csv.reader(io.StringIO(text, newline=""))))


@pytest.mark.parametrize(("what", "record", "added"), [
    ("claims", Claim, ()), ("articles", Article, ("text",)), ("places", PlaceMention, ())])
def test_csv_jsonl_and_parquet_columns_are_the_record_fields(
    store: Store, tmp_path: Path, what: str, record: type, added: tuple[str, ...]
) -> None:
    expected = (*record.RECORD_FIELDS, *added)  # type: ignore[attr-defined]
    assert set(expected) == _fields(record) - INTERNAL.get(record, set()) | set(added)
    assert _header(_export_text(store, what, "csv", tmp_path)[1]) == expected
    first = json.loads(_export_text(store, what, "jsonl", tmp_path)[1].splitlines()[0])
    assert tuple(first) == expected
    export(store, what, "parquet", tmp_path / "x.parquet")  # type: ignore[arg-type]
    assert tuple(pq.read_schema(tmp_path / "x.parquet").names) == expected


def test_event_outputs_carry_every_event_field(store: Store, tmp_path: Path) -> None:
    names = _fields(Event)
    header = _header(_export_text(store, "events", "csv", tmp_path)[1])
    assert header == ACLED_COLUMNS + EXTRA_EVENT_COLUMNS
    # the sources make `source`; claims are exported apart
    assert names - set(header) == set(EVENT_IN_ACLED_COLUMNS) == {"sources", "claims"}
    assert set(EXTRA_EVENT_COLUMNS) - names == {"original_publishers"}
    first = json.loads(_export_text(store, "events", "jsonl", tmp_path)[1].splitlines()[0])
    assert tuple(first) == Event.RECORD_FIELDS
    assert set(first["sources"][0]) == _fields(Source)
    feature = json.loads(_export_text(store, "events", "geojson", tmp_path)[1])["features"][0]
    assert set(feature["properties"]) == names - {"claims"} | {"num_claims"}
    columns = [c for c in Event.RECORD_FIELDS if c != "claims"] + ["claims", "num_claims"]
    assert parquet_schema("events").names == columns


def claims_struct(schema: pa.Schema) -> pa.StructType:
    return pa.struct([(f.name, f.type) for f in schema])


def test_parquet_types_follow_the_annotations() -> None:
    events, claims = parquet_schema("events"), parquet_schema("claims")
    places, articles = parquet_schema("places"), parquet_schema("articles")
    string, int64, float64 = pa.string(), pa.int64(), pa.float64()
    assert events.field("event_date").type == pa.date32()  # a date field
    assert events.field("date_precision").type == string  # a Literal
    assert events.field("fatalities").type == int64 and events.field("geonameid").type == int64
    assert events.field("latitude").type == float64
    assert events.field("contradiction").type == pa.bool_()
    assert events.field("contradictions").type == pa.list_(string)
    assert events.field("sources").type == pa.list_(pa.struct(
        [(name, pa.date32() if name == "published" else string)
         for name in Source.RECORD_FIELDS]))
    assert events.field("claims").type == pa.list_(claims_struct(claims))
    assert events.field("num_claims").type == int64
    assert claims.field("anonymous").type == pa.bool_() and claims.field("kind").type == string
    assert claims.field("quantity_start").type == int64 and claims.field("start").type == int64
    assert places.field("score").type == float64 and places.field("end").type == int64
    assert set(articles.types) == {string, pa.date32()}
    assert all(field.nullable for field in events)
    assert events.field("machine_values").type == string  # a mapping: JSON text
    with pytest.raises(TypeError, match="no Arrow type"):
        arrow_type(set[int])
