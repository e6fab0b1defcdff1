"""Write the ledger out: JSONL, CSV (ACLED columns for events), GeoJSON, Parquet.

- JSONL: one CONTRACT.md record per line (events with their claims and sources;
  articles with `body` and also `text`, the document the offsets point into).
- CSV: events use ACLED's current export columns, in ACLED's order, then
  warledger's own columns (`EXTRA_EVENT_COLUMNS`, starting with `iso3`, which is
  where older ACLED exports put it). Other records: their fields, in CONTRACT order.
- GeoJSON (events, places): a FeatureCollection of Point features; a record without
  coordinates is left out (so every feature is a Point). Event properties are the
  event record without `claims`, with `num_claims`.
- Parquet: explicit schemas; `contradictions` is a list<string> column, `sources`
  a list<struct>, and the claims of an event a JSON string column `claims`.

Every column list and column type here comes from `warledger.records` (the classes'
`RECORD_FIELDS` and type annotations); only ACLED's own columns are a table of
their own.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import is_dataclass
from functools import lru_cache
from pathlib import Path
from types import NoneType, UnionType
from typing import (
    IO,
    Any,
    BinaryIO,
    Literal,
    TextIO,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
)

import pyarrow as pa
import pyarrow.parquet as pq

from warledger.errors import ExportError
from warledger.ledger.store import Store
from warledger.records import Article, Claim, Event, PlaceMention, Source

What = Literal["events", "claims", "articles", "places"]
Format = Literal["jsonl", "csv", "geojson", "parquet"]
Output = BinaryIO | TextIO | str | Path | None

WHATS: tuple[str, ...] = ("events", "claims", "articles", "places")
FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson", "parquet")

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
# Event fields that reach the CSV in ACLED's own columns: `event_id` is `event_id_cnty`,
# `sources` give `source` (and `original_publishers`); `claims` have their own export.
EVENT_IN_ACLED_COLUMNS: tuple[str, ...] = ("event_id", "sources", "claims")
# The last of warledger's event columns, in this order (the published CSV order).
LAST_EVENT_COLUMNS: tuple[str, ...] = ("geonameid", "date_precision", "original_publishers")
EXTRA_EVENT_COLUMNS: tuple[str, ...] = tuple(
    col for col in Event.RECORD_FIELDS
    if col not in ACLED_COLUMNS + EVENT_IN_ACLED_COLUMNS + LAST_EVENT_COLUMNS
) + LAST_EVENT_COLUMNS
CLAIM_COLUMNS: tuple[str, ...] = Claim.RECORD_FIELDS
ARTICLE_COLUMNS: tuple[str, ...] = (*Article.RECORD_FIELDS, "text")  # what offsets point into
PLACE_COLUMNS: tuple[str, ...] = PlaceMention.RECORD_FIELDS

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED has no "year": 3
POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
BOTH_DISORDERS = {"Excessive force against protesters", "Mob violence"}


def export(store: Store, what: What, fmt: Format, out: Output = None) -> int:
    """Write every `what` record of the store as `fmt` to `out`; returns the count.

    `out`: a path, a text or binary stream, or None for stdout (not for parquet).
    Raises ExportError (a ValueError) for an unknown or unsupported what/format pair,
    before anything is written.
    """
    _check(what, fmt, out)
    if fmt == "parquet":
        return _to_binary(out, lambda stream: write_parquet(store, what, stream))
    writer = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}[fmt]
    return _to_text(out, lambda stream: writer(store, what, stream))


def _check(what: str, fmt: str, out: Output) -> None:
    if what not in WHATS:
        raise ExportError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "geojson" and what not in ("events", "places"):
        raise ExportError(f"geojson export is for events and places, not {what}")
    if fmt == "parquet" and out is None:
        raise ExportError("parquet is binary: give an output file (-o FILE)")


# -- output plumbing ------------------------------------------------------------


def _to_text(out: Output, write: Callable[[TextIO], int]) -> int:
    if out is None:
        return write(sys.stdout)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return write(stream)
    if isinstance(out, io.TextIOBase):
        return write(out)
    wrapper = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline="")
    try:
        return write(wrapper)
    finally:
        wrapper.flush()
        wrapper.detach()


def _to_binary(out: Output, write: Callable[[IO[bytes] | str], int]) -> int:
    if isinstance(out, str | Path):
        return write(str(out))
    if isinstance(out, io.TextIOBase):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise ExportError("parquet is binary: give a file path or a binary stream")
        out.flush()
        return write(buffer)
    return write(out)  # type: ignore[arg-type]


# -- records ---------------------------------------------------------------------


def claim_record(claim: Claim) -> dict[str, Any]:
    """A claim as the CONTRACT.md record, in CONTRACT order (plus quantity_*)."""
    return {col: getattr(claim, col) for col in CLAIM_COLUMNS}


def event_record(event: Event, with_claims: bool = True) -> dict[str, Any]:
    """An event as the CONTRACT.md record (claims in CONTRACT order, or `num_claims`)."""
    record = event.to_record(with_claims=with_claims)
    if with_claims:
        record["claims"] = [claim_record(claim) for claim in event.claims]
    return record


def records(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The store's records of one kind, as JSON-ready dicts."""
    if what == "events":
        return (event_record(event) for event in store.iter_events())
    if what == "claims":
        return (claim_record(claim) for claim in store.iter_claims())
    if what == "places":
        return (place.to_record() for place in store.iter_places())
    return ({**a.to_record(), "text": a.text} for a in store.articles())


# -- JSONL, GeoJSON ----------------------------------------------------------------


def write_jsonl(store: Store, what: str, stream: TextIO) -> int:
    count = 0
    for record in records(store, what):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def features(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """GeoJSON Point features of events (record without claims) or place mentions."""
    if what == "events":
        props: Iterable[dict[str, Any]] = (
            event_record(event, with_claims=False) for event in store.iter_events()
        )
    else:
        props = (place.to_record() for place in store.iter_places())
    for prop in props:
        if prop["latitude"] is None or prop["longitude"] is None:
            continue
        point = {"type": "Point", "coordinates": [prop["longitude"], prop["latitude"]]}
        yield {"type": "Feature", "geometry": point, "properties": prop}


def write_geojson(store: Store, what: str, stream: TextIO) -> int:
    """A FeatureCollection, written feature by feature."""
    stream.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for feature in features(store, what):
        stream.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count


# -- CSV ------------------------------------------------------------------------------


def csv_columns(what: str) -> tuple[str, ...]:
    return {
        "events": ACLED_COLUMNS + EXTRA_EVENT_COLUMNS,
        "claims": CLAIM_COLUMNS,
        "articles": ARTICLE_COLUMNS,
        "places": PLACE_COLUMNS,
    }[what]


def write_csv(store: Store, what: str, stream: TextIO) -> int:
    columns = csv_columns(what)
    writer = csv.writer(stream)
    writer.writerow(columns)
    if what == "events":
        stamps = store.event_timestamps()
        rows: Iterable[dict[str, Any]] = (
            acled_row(event, stamps.get(event.event_id)) for event in store.iter_events()
        )
    else:
        rows = records(store, what)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(col)) for col in columns])
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


EVENT_PASSTHROUGH: tuple[str, ...] = tuple(
    col for col in ACLED_COLUMNS + EXTRA_EVENT_COLUMNS if col in Event.RECORD_FIELDS
)


def acled_row(event: Event, timestamp: int | None = None) -> dict[str, Any]:
    """One event under ACLED's column names, plus warledger's extra columns."""
    publishers = _distinct(s.publisher or s.original_publisher for s in event.sources)
    return {
        **{col: getattr(event, col) for col in EVENT_PASSTHROUGH},
        "event_id_cnty": event.event_id,
        "year": event.event_date[:4] if event.event_date else None,
        "time_precision": TIME_PRECISION.get(event.date_precision),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "civilian_targeting": civilian_targeting(event),
        "iso": iso_numeric(event.iso3),
        "source": "; ".join(publishers),
        "timestamp": timestamp,
        "contradictions": " | ".join(event.contradictions),
        "original_publishers": "; ".join(_distinct(s.original_publisher for s in event.sources)),
    }


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type, from the event type (approximate for riots)."""
    if sub_event_type in BOTH_DISORDERS:
        return "Political violence; Demonstrations"
    if event_type in POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type == "Strategic developments" else ""


def civilian_targeting(event: Event) -> str:
    targeted = event.event_type == "Violence against civilians" or event.inter2 == "Civilians"
    return "Civilian targeting" if targeted else ""


@lru_cache(maxsize=512)
def iso_numeric(iso3: str | None) -> int | None:
    """ISO 3166 numeric code (ACLED's `iso`) for an alpha-3 code, via localis."""
    if not iso3:
        return None
    try:
        import localis

        country = localis.countries.lookup(iso3)
    except Exception:  # pragma: no cover - gazetteer missing or broken
        return None
    return None if country is None else country.numeric


# -- Parquet --------------------------------------------------------------------------

SOURCE_FIELDS: tuple[str, ...] = Source.RECORD_FIELDS
_ARROW: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(),
                                  bool: pa.bool_()}


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a record field's annotation: `X | None` as X (every column is
    nullable), a Literal as string, list[X] as a list, a record as a struct."""
    origin, args = get_origin(hint), [a for a in get_args(hint) if a is not NoneType]
    if origin is Literal:
        return pa.string()
    if origin in (Union, UnionType) and len(args) == 1:
        return arrow_type(args[0])
    if origin is list:
        return pa.list_(arrow_type(args[0]))
    if isinstance(hint, type) and is_dataclass(hint):
        return pa.struct(list(arrow_types(hint).items()))
    if hint not in _ARROW:
        raise TypeError(f"no Arrow type for a record field annotated {hint!r}")
    return _ARROW[hint]


def arrow_types(record: type[Any], columns: Iterable[str] | None = None) -> dict[str, pa.DataType]:
    """The Arrow types of these fields (default: its `RECORD_FIELDS`) of a record class,
    from its annotations."""
    hints = get_type_hints(record)
    names = record.RECORD_FIELDS if columns is None else columns
    return {col: arrow_type(hints[col]) for col in names}


def parquet_types(what: str) -> dict[str, pa.DataType]:
    """The Parquet columns of one record kind and their Arrow types, in order: an event's
    fields but `claims`, then its claims as JSON text and `num_claims`; other records:
    their CSV columns."""
    if what == "events":
        fields = arrow_types(Event, (col for col in Event.RECORD_FIELDS if col != "claims"))
        return {**fields, "claims": pa.string(), "num_claims": pa.int64()}
    record = {"claims": Claim, "articles": Article, "places": PlaceMention}[what]
    return arrow_types(record, csv_columns(what))


def parquet_schema(what: str) -> pa.Schema:
    """Explicit Arrow schema per record kind (from the records' annotations)."""
    return pa.schema(list(parquet_types(what).items()))


def _parquet_rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    if what != "events":
        yield from records(store, what)
        return
    for event in store.iter_events():
        row = event_record(event, with_claims=False)
        row["claims"] = json.dumps(
            [claim_record(claim) for claim in event.claims], ensure_ascii=False
        )
        yield row


def write_parquet(store: Store, what: str, out: IO[bytes] | str, batch: int = 1000) -> int:
    """Write in row groups of `batch` records; an empty store gives an empty table."""
    schema = parquet_schema(what)
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in _parquet_rows(store, what):
            chunk.append(row)
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count, chunk = count + len(chunk), []
        if chunk or count == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count
