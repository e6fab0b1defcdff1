"""Rows <-> records: the store's columns, and records written to and read from rows.

Shared by `warledger.ledger.store` and `warledger.ledger.link_tables`. ``Event.claims`` is kept
as an ordered link table (``event_claims``); ``Event.sources`` and
``Event.contradictions`` and ``Event.machine_values`` are JSON columns; ``Event.reviewed``
is read from ``review_status``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import astuple, fields
from datetime import UTC, datetime
from typing import Any

from warledger.records import Article, Claim, Event, PlaceMention, Source

ARTICLE_COLS = tuple(f.name for f in fields(Article))
PLACE_COLS = tuple(f.name for f in fields(PlaceMention))
CLAIM_COLS = tuple(f.name for f in fields(Claim))
EVENT_COLS = tuple(f.name for f in fields(Event) if f.name not in ("claims", "reviewed"))
_JSON_EVENT_COLS = ("contradictions", "sources", "machine_values")


def now() -> str:
    """The current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert_sql(table: str, cols: Sequence[str], verb: str = "INSERT") -> str:
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    return f"{verb} INTO {table} ({names}) VALUES ({marks})"


# -- writing -----------------------------------------------------------------------


def insert_places(conn: sqlite3.Connection, places: list[PlaceMention]) -> None:
    sql = insert_sql("places", PLACE_COLS, "INSERT OR REPLACE")
    conn.executemany(sql, [astuple(place) for place in places])


def insert_claims(conn: sqlite3.Connection, owner: str, claims: list[Claim]) -> None:
    """Claims as upserts: a claim saved again keeps its row (and its full-text entry)."""
    cols = ("owner_id", *CLAIM_COLS)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols)
    sql = f"{insert_sql('claims', cols)} ON CONFLICT (claim_id) DO UPDATE SET {updates}"
    conn.executemany(sql, [(owner, *astuple(claim)) for claim in claims])


def insert_event(conn: sqlite3.Connection, owner: str, event: Event) -> None:
    conn.execute("DELETE FROM events WHERE event_id = ?", (event.event_id,))
    values = [_event_value(event, col) for col in EVENT_COLS]
    conn.execute(
        insert_sql("events", ("owner_id", *EVENT_COLS, "created_at")),
        (owner, *values, now()),
    )
    links = [(event.event_id, i, claim.claim_id) for i, claim in enumerate(event.claims)]
    conn.executemany(
        "INSERT INTO event_claims (event_id, position, claim_id) VALUES (?, ?, ?)", links
    )


def _event_value(event: Event, col: str) -> Any:
    value = getattr(event, col)
    if col == "sources":
        return json.dumps([vars(source) for source in value], ensure_ascii=False)
    if col in ("contradictions", "machine_values"):
        return json.dumps(value, ensure_ascii=False)
    return value


# -- reading -----------------------------------------------------------------------


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(**{col: row[col] for col in ARTICLE_COLS})


def claim_from_row(row: sqlite3.Row) -> Claim:
    values = {col: row[col] for col in CLAIM_COLS}
    values["anonymous"] = bool(values["anonymous"])
    return Claim(**values)


def event_from_row(row: sqlite3.Row, claims: list[Claim]) -> Event:
    values = {col: row[col] for col in EVENT_COLS if col not in _JSON_EVENT_COLS}
    values["contradiction"] = bool(values["contradiction"])
    sources = [Source(**item) for item in json.loads(row["sources"])]
    contradictions = list(json.loads(row["contradictions"]))
    return Event(**values, contradictions=contradictions, sources=sources, claims=claims,
                 reviewed=values["review_status"] is not None,
                 machine_values=dict(json.loads(row["machine_values"])))
