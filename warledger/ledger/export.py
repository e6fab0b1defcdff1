"""Write the ledger out: JSONL, CSV (ACLED columns for events), GeoJSON, Parquet.

- JSONL: one CONTRACT.md record per line (events with their claims and sources;
  articles with `body` and also `text`, the document the offsets point into).
- CSV: events use ACLED's current export columns, in ACLED's order and formats
  (`warledger.ledger.acled`), then warledger's own columns (`EXTRA_EVENT_COLUMNS`,
  starting with `iso3`, which is where older ACLED exports put it, and ending with
  `event_id`). Other records: their fields, in CONTRACT order.
- `ged`: the events UCDP's Georeferenced Event Dataset would code, under GED's column
  names (`warledger.ledger.ged`), as CSV, JSONL or Parquet.
- `reviews`: an analyst's decisions (`warledger.ledger.review`), oldest first; the events
  themselves carry `reviewed`, `review_status` and `machine_values` (the machine's value
  of each corrected field; JSON text in CSV and Parquet).
- `deletions`: the events removed (merged into another, or gone with their article), as
  ACLED's deleted-events list: `event_id_cnty`, `deleted_timestamp` (Unix time), then
  warledger's `event_id` and `merged_into`.
- GeoJSON (events, places): a FeatureCollection of Point features, each with an `id`
  (the event id; `article_id:start-end` for a place); a record without coordinates is
  left out. Event properties are the event record without `claims`, with `num_claims`.
- Parquet: explicit schemas; dates (`event_date`, `published`) are DATE, integers nullable
  int64, `contradictions` a list<string>, `sources` and `claims` lists of structs.

A `Selection` narrows the events (events, ged): the criteria of an `EventFilter`
(`--since/--until/--country/--event-type`), and `updated_since`: only the events saved
since then, and for `deletions` only those removed since then (`--updated-since`).

Every column list and column type here comes from `warledger.records` (the classes'
`RECORD_FIELDS` and type annotations); only ACLED's and GED's own columns are tables of
their own.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, is_dataclass, replace
from datetime import UTC, date, datetime
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
from warledger.ledger.acled import ACLED_COLUMNS, acled_row, disorder_type, event_id_cnty
from warledger.ledger.ged import GED_COLUMNS, GED_FLOAT_COLUMNS, GED_INT_COLUMNS, ged_row
from warledger.ledger.store import Store
from warledger.records import Article, Claim, Event, EventFilter, PlaceMention, Review, Source

__all__ = ["ACLED_COLUMNS", "GED_COLUMNS", "Selection", "disorder_type", "export"]

What = Literal["events", "claims", "articles", "places", "ged", "deletions", "reviews"]
Format = Literal["jsonl", "csv", "geojson", "parquet"]
Output = BinaryIO | TextIO | str | Path | None

WHATS: tuple[str, ...] = ("events", "claims", "articles", "places", "ged", "deletions",
                          "reviews")
FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson", "parquet")
SELECTABLE: tuple[str, ...] = ("events", "ged", "deletions")  # what a Selection narrows

# Event fields that reach the CSV in ACLED's own columns: `sources` give `source` (and
# `original_publishers`); `claims` have their own export.
EVENT_IN_ACLED_COLUMNS: tuple[str, ...] = ("sources", "claims")
# The last of warledger's event columns, in this order (the published CSV order).
LAST_EVENT_COLUMNS: tuple[str, ...] = ("geonameid", "date_precision", "original_publishers",
                                       "event_id")
EXTRA_EVENT_COLUMNS: tuple[str, ...] = tuple(
    col for col in Event.RECORD_FIELDS
    if col not in ACLED_COLUMNS + EVENT_IN_ACLED_COLUMNS + LAST_EVENT_COLUMNS
) + LAST_EVENT_COLUMNS
CLAIM_COLUMNS: tuple[str, ...] = Claim.RECORD_FIELDS
ARTICLE_COLUMNS: tuple[str, ...] = (*Article.RECORD_FIELDS, "text")  # what offsets point into
PLACE_COLUMNS: tuple[str, ...] = PlaceMention.RECORD_FIELDS
DELETION_COLUMNS: tuple[str, ...] = ("event_id_cnty", "deleted_timestamp", "event_id",
                                     "merged_into")
DATE_FIELDS = frozenset({"event_date", "published"})  # YYYY-MM-DD text, DATE in Parquet


@dataclass(frozen=True)
class Selection:
    """Which events an export writes, and how: the criteria of `where` (not its page),
    only those saved at or after `updated_since` (a UTC time, `parse_timestamp`), and
    ACLED's numeric inter codes in the CSV when `inter_numeric`."""

    where: EventFilter = field(default_factory=EventFilter)
    updated_since: str | None = None
    inter_numeric: bool = False

    def narrows(self) -> bool:
        return self.where.filtered() or self.updated_since is not None


ALL = Selection()


def parse_timestamp(value: str) -> str:
    """A time given as Unix seconds or an ISO date / datetime (UTC when it has no zone),
    as the store writes times (`2026-01-02T03:04:05+00:00`)."""
    try:
        if value.strip().lstrip("-").isdigit():
            moment = datetime.fromtimestamp(int(value), UTC)
        else:
            moment = datetime.fromisoformat(value.strip())
    except (ValueError, OverflowError, OSError):
        raise ExportError(f"{value!r} is not a time: give Unix seconds or an ISO date or "
                          "datetime") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _unix(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp).timestamp())


def export(store: Store, what: What, fmt: Format, out: Output = None,
           selection: Selection = ALL) -> int:
    """Write every `what` record of the store (the events `selection` picks) as `fmt` to
    `out`; returns the count.

    `out`: a path, a text or binary stream, or None for stdout (not for parquet).
    Raises ExportError (a ValueError) for an unknown or unsupported what/format pair, or
    a selection of records it does not narrow, before anything is written.
    """
    _check(what, fmt, out, selection)
    if fmt == "parquet":
        return _to_binary(out, lambda stream: write_parquet(store, what, stream,
                                                             selection=selection))
    writer = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}[fmt]
    return _to_text(out, lambda stream: writer(store, what, stream, selection))


def _check(what: str, fmt: str, out: Output, selection: Selection) -> None:
    if what not in WHATS:
        raise ExportError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "geojson" and what not in ("events", "places"):
        raise ExportError(f"geojson export is for events and places, not {what}")
    if fmt == "parquet" and out is None:
        raise ExportError("parquet is binary: give an output file (-o FILE)")
    if selection.narrows() and what not in SELECTABLE:
        raise ExportError(f"the event filters select {', '.join(SELECTABLE)}, not {what}")


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


def selected_events(store: Any, selection: Selection = ALL) -> Iterator[Event]:
    """The events of the selection (`store` is a Store, or anything with its
    `iter_events` when nothing is selected)."""
    if not selection.narrows():
        return cast(Iterator[Event], store.iter_events())
    where = replace(selection.where, limit=None, offset=0)  # the criteria, not a page
    return cast(Iterator[Event], store.iter_events(where, selection.updated_since))


def deletion_record(removed: dict[str, Any]) -> dict[str, Any]:
    """One removed event as a row of the deletions list."""
    event = Event(removed["event_id"], None, "day", "", "", iso3=removed["iso3"])
    return {"event_id_cnty": event_id_cnty(event),
            "deleted_timestamp": _unix(removed["removed_at"]),
            "event_id": removed["event_id"], "merged_into": removed["merged_into"]}


def records(store: Store, what: str, selection: Selection = ALL) -> Iterator[dict[str, Any]]:
    """The store's records of one kind, as JSON-ready dicts."""
    if what == "events":
        return (event_record(event) for event in selected_events(store, selection))
    if what == "ged":
        rows = (ged_row(event) for event in selected_events(store, selection))
        return (row for row in rows if row is not None)
    if what == "deletions":
        return (deletion_record(r) for r in store.removed_events(selection.updated_since))
    if what == "claims":
        return (claim_record(claim) for claim in store.iter_claims())
    if what == "places":
        return (place.to_record() for place in store.iter_places())
    if what == "reviews":
        return (review.to_record() for review in store.iter_reviews())
    return ({**a.to_record(), "text": a.text} for a in store.articles())


# -- JSONL, GeoJSON ----------------------------------------------------------------


def write_jsonl(store: Store, what: str, stream: TextIO, selection: Selection = ALL) -> int:
    count = 0
    for record in records(store, what, selection):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def features(store: Store, what: str, selection: Selection = ALL
             ) -> Iterator[dict[str, Any]]:
    """GeoJSON Point features of events (record without claims) or place mentions, each
    with its `id`."""
    if what == "events":
        props: Iterable[dict[str, Any]] = (
            event_record(event, with_claims=False)
            for event in selected_events(store, selection))
    else:
        props = (place.to_record() for place in store.iter_places())
    for prop in props:
        if prop["latitude"] is None or prop["longitude"] is None:
            continue
        point = {"type": "Point", "coordinates": [prop["longitude"], prop["latitude"]]}
        yield {"type": "Feature", "id": _feature_id(prop), "geometry": point,
               "properties": prop}


def _feature_id(prop: dict[str, Any]) -> str:
    if "event_id" in prop:
        return str(prop["event_id"])
    return f"{prop['article_id']}:{prop['start']}-{prop['end']}"


def write_geojson(store: Store, what: str, stream: TextIO, selection: Selection = ALL) -> int:
    """A FeatureCollection, written feature by feature."""
    stream.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for feature in features(store, what, selection):
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
        "ged": GED_COLUMNS,
        "deletions": DELETION_COLUMNS,
        "reviews": Review.RECORD_FIELDS,
    }[what]


def write_csv(store: Store, what: str, stream: TextIO, selection: Selection = ALL) -> int:
    columns = csv_columns(what)
    writer = csv.writer(stream)
    writer.writerow(columns)
    if what == "events":
        stamps = store.event_timestamps()
        rows: Iterable[dict[str, Any]] = (
            csv_event_row(event, stamps.get(event.event_id), selection.inter_numeric)
            for event in selected_events(store, selection))
    else:
        rows = records(store, what, selection)
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
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


EXTRA_PASSTHROUGH: tuple[str, ...] = tuple(
    col for col in EXTRA_EVENT_COLUMNS if col in Event.RECORD_FIELDS)


def csv_event_row(event: Event, timestamp: int | None = None, numeric: bool = False
                  ) -> dict[str, Any]:
    """One event under ACLED's column names, plus warledger's extra columns."""
    return {
        **{col: getattr(event, col) for col in EXTRA_PASSTHROUGH},
        **acled_row(event, timestamp, numeric),
        "contradictions": " | ".join(event.contradictions),
        "original_publishers": "; ".join(_distinct(s.original_publisher for s in event.sources)),
    }


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
    if origin is dict:
        return pa.string()  # a mapping of mixed values: JSON text (`_parquet_rows`)
    if isinstance(hint, type) and is_dataclass(hint):
        return pa.struct(list(arrow_types(hint).items()))
    if hint not in _ARROW:
        raise TypeError(f"no Arrow type for a record field annotated {hint!r}")
    return _ARROW[hint]


def arrow_types(record: type[Any], columns: Iterable[str] | None = None) -> dict[str, pa.DataType]:
    """The Arrow types of these fields (default: its `RECORD_FIELDS`) of a record class,
    from its annotations; the dates (`DATE_FIELDS`) as DATE."""
    hints = get_type_hints(record)
    names = record.RECORD_FIELDS if columns is None else columns
    return {col: pa.date32() if col in DATE_FIELDS else arrow_type(hints[col])
            for col in names}


def parquet_types(what: str) -> dict[str, pa.DataType]:
    """The Parquet columns of one record kind and their Arrow types, in order: an event's
    fields but `claims`, then its claims (a list of claim structs) and `num_claims`; GED
    and deletions: their columns; other records: their CSV columns."""
    if what == "events":
        fields = arrow_types(Event, (col for col in Event.RECORD_FIELDS if col != "claims"))
        return {**fields, "claims": arrow_type(list[Claim]), "num_claims": pa.int64()}
    if what in ("ged", "deletions"):
        return {col: _column_type(col) for col in csv_columns(what)}
    record = {"claims": Claim, "articles": Article, "places": PlaceMention,
              "reviews": Review}[what]
    return arrow_types(record, csv_columns(what))


def _column_type(col: str) -> pa.DataType:
    if col in GED_INT_COLUMNS or col == "deleted_timestamp":
        return pa.int64()
    if col in GED_FLOAT_COLUMNS:
        return pa.float64()
    return pa.date32() if col in ("date_start", "date_end") else pa.string()


def parquet_schema(what: str) -> pa.Schema:
    """Explicit Arrow schema per record kind (from the records' annotations)."""
    return pa.schema(list(parquet_types(what).items()))


def _dated(value: Any, key: str = "") -> Any:
    """The record with its dates as `date`s (a text that is no date: None)."""
    if isinstance(value, dict):
        return {k: _dated(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(item) for item in value]
    if key in DATE_FIELDS | {"date_start", "date_end"} and isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value


def _parquet_rows(store: Store, what: str, selection: Selection) -> Iterator[dict[str, Any]]:
    if what != "events":
        yield from (_dated(row) for row in records(store, what, selection))
        return
    for event in selected_events(store, selection):
        row = event_record(event, with_claims=True)
        row["num_claims"] = len(event.claims)
        row["machine_values"] = json.dumps(row["machine_values"], ensure_ascii=False,
                                           sort_keys=True)
        yield _dated(row)


def write_parquet(store: Store, what: str, out: IO[bytes] | str, batch: int = 1000,
                  selection: Selection = ALL) -> int:
    """Write in row groups of `batch` records; an empty store gives an empty table."""
    schema = parquet_schema(what)
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in _parquet_rows(store, what, selection):
            chunk.append(row)
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count, chunk = count + len(chunk), []
        if chunk or count == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count
