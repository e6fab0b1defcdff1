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
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, cast

import pyarrow as pa
import pyarrow.parquet as pq

from warledger.errors import ExportError
from warledger.ledger.store import Store
from warledger.records import Claim, Event

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
EXTRA_EVENT_COLUMNS: tuple[str, ...] = (
    "iso3", "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
    "injuries_high", "contradiction", "contradictions", "num_articles", "num_sources",
    "geonameid", "date_precision", "original_publishers",
)  # fmt: skip
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id", "article_id", "event_id", "kind", "value_low", "value_high", "qualifier",
    "subject", "speaker", "speaker_type", "anonymous", "cue", "content", "start", "end",
    "source_start", "source_end", "cue_start", "cue_end", "content_start", "content_end",
    "quantity_text", "quantity_start", "quantity_end",
)  # fmt: skip
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "url", "title", "publisher", "original_publisher", "published",
    "byline", "language", "body", "syndicated_from", "rejected_reason", "text",
)  # fmt: skip
PLACE_COLUMNS: tuple[str, ...] = (
    "article_id", "text", "start", "end", "name", "geonameid", "latitude", "longitude",
    "country_code", "country", "admin1", "admin2", "feature_class", "score",
)  # fmt: skip

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
    col for col in ACLED_COLUMNS + EXTRA_EVENT_COLUMNS if col in Event.__dataclass_fields__
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

SOURCE_FIELDS = ("article_id", "url", "publisher", "original_publisher", "published", "title")
_SOURCE = pa.struct([(name, pa.string()) for name in SOURCE_FIELDS])
_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_CLAIM_TYPES = {
    "value_low": _I, "value_high": _I, "anonymous": _B, "start": _I, "end": _I,
    "source_start": _I, "source_end": _I, "cue_start": _I, "cue_end": _I,
    "content_start": _I, "content_end": _I, "quantity_start": _I, "quantity_end": _I,
}  # fmt: skip
_EVENT_TYPES = {
    "latitude": _F, "longitude": _F, "geo_precision": _I, "geonameid": _I,
    "fatalities": _I, "fatalities_low": _I, "fatalities_best": _I, "fatalities_high": _I,
    "injuries_low": _I, "injuries_high": _I, "contradiction": _B,
    "contradictions": pa.list_(_S), "sources": pa.list_(_SOURCE), "claims": _S,
    "num_articles": _I, "num_sources": _I, "num_claims": _I,
}  # fmt: skip
_PLACE_TYPES = {
    "start": _I, "end": _I, "geonameid": _I, "latitude": _F, "longitude": _F, "score": _F,
}  # fmt: skip
EVENT_PARQUET_COLUMNS = tuple(
    col for col in Event.__dataclass_fields__ if col != "claims"
) + ("claims", "num_claims")


def parquet_schema(what: str) -> pa.Schema:
    """Explicit Arrow schema per record kind (strings unless typed above)."""
    columns, types = {
        "events": (EVENT_PARQUET_COLUMNS, _EVENT_TYPES),
        "claims": (CLAIM_COLUMNS, _CLAIM_TYPES),
        "articles": (ARTICLE_COLUMNS, {}),
        "places": (PLACE_COLUMNS, _PLACE_TYPES),
    }[what]
    return pa.schema([(col, types.get(col, _S)) for col in columns])


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
