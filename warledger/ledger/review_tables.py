"""The store's review side: the append-only review records and the reviewed events' rows.

What `warledger.ledger.review` writes and reads, and what linking asks so that it
never touches a reviewed event (`pinned`, `pinned_reports`, `keep_pinned`). Writes
run inside the caller's transaction (`Store.transaction`). The ``reviews`` table
refuses UPDATE and DELETE (triggers in its migration): a decision is only ever added.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from warledger.ledger.rows import now
from warledger.records import MachineValue, Review

REVIEW_COLS = ("event_id", "action", "field", "old_value", "new_value", "reason", "reviewer",
               "created_at", "other_event_id")
SavedEvents = list[tuple[dict[str, Any], list[tuple[str, int, str]]]]  # rows, claim links


def _review(row: sqlite3.Row) -> Review:
    return Review(row["id"], *(row[col] for col in REVIEW_COLS))


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" for _ in items)


class ReviewingMixin:
    """The review methods of `Store` (which inherits them); needs its connection."""

    _conn: sqlite3.Connection

    def add_review(self, event_id: str, action: str, field: str | None = None,
                   old_value: str | None = None, new_value: str | None = None, *,
                   reason: str, reviewer: str, other_event_id: str | None = None) -> Review:
        """Append one review record; returns it as stored."""
        values = (event_id, action, field, old_value, new_value, reason, reviewer, now(),
                  other_event_id)
        cursor = self._conn.execute(
            f"INSERT INTO reviews ({', '.join(REVIEW_COLS)}) VALUES ({_marks(values)})", values)
        return Review(int(cursor.lastrowid or 0), *values)  # type: ignore[arg-type]

    def reviews(self, event_id: str) -> list[Review]:
        """The decisions on one event, oldest first."""
        rows = self._conn.execute("SELECT * FROM reviews WHERE event_id = ? ORDER BY id",
                                  (event_id,))
        return [_review(row) for row in rows]

    def iter_reviews(self) -> Iterator[Review]:
        """Every decision, oldest first."""
        for row in self._conn.execute("SELECT * FROM reviews ORDER BY id"):
            yield _review(row)

    def corrections(self, event_ids: Sequence[str]) -> dict[str, str | None]:
        """The latest corrected value (as text) of each field corrected on these events;
        a later event in `event_ids` overrides an earlier one."""
        rows = self._conn.execute(
            f"SELECT event_id, field, new_value FROM reviews WHERE action = 'correct' "
            f"AND event_id IN ({_marks(event_ids)}) ORDER BY id", tuple(event_ids))
        ranked = sorted(rows, key=lambda r: event_ids.index(r[0]))  # stable: by id within
        return {row[1]: row[2] for row in ranked}

    def merged_into(self, event_id: str) -> str | None:
        """The event a merge folded this (removed) event into, or None."""
        row = self._conn.execute(
            "SELECT other_event_id FROM reviews WHERE event_id = ? AND action = 'merge' "
            "ORDER BY id DESC LIMIT 1", (event_id,)).fetchone()
        return None if row is None else row[0]

    def set_review_state(self, event_id: str, values: Mapping[str, Any],
                         machine: Mapping[str, MachineValue], status: str) -> None:
        """The event row's reviewed values (column names from the caller's tables), its
        machine values and status; saved now (for `--updated-since` and ACLED's
        `timestamp`)."""
        cols = [*values, "machine_values", "review_status", "created_at"]
        sets = ", ".join(f'"{col}" = ?' for col in cols)
        self._conn.execute(f"UPDATE events SET {sets} WHERE event_id = ?",
                           (*values.values(), json.dumps(machine, ensure_ascii=False), status,
                            now(), event_id))

    # -- what linking must leave alone ---------------------------------------------------

    def pinned(self, event_ids: Iterable[str]) -> set[str]:
        """Those of the events an analyst reviewed (linking never rebuilds them)."""
        ids = list(event_ids)
        rows = self._conn.execute(
            f"SELECT event_id FROM events WHERE review_status IS NOT NULL "
            f"AND event_id IN ({_marks(ids)})", ids)
        return {row[0] for row in rows}

    def pinned_reports(self, article_ids: Iterable[str]) -> set[tuple[str, str]]:
        """The reports of these articles that belong to a reviewed event."""
        ids = sorted(set(article_ids))
        rows = self._conn.execute(
            "SELECT json_extract(m.value, '$[0]'), json_extract(m.value, '$[1]') "
            "FROM events e, json_each(e.members) m WHERE e.review_status IS NOT NULL "
            f"AND json_extract(m.value, '$[0]') IN ({_marks(ids)})", ids)
        return {(str(a), str(e)) for a, e in rows}

    def keep_pinned(self, article_id: str) -> SavedEvents:
        """The reviewed events this article owns, with their claim links, to put back
        (`restore_pinned`) after the article is saved again (which deletes its rows)."""
        rows = [dict(row) for row in self._conn.execute(
            "SELECT * FROM events WHERE owner_id = ? AND review_status IS NOT NULL",
            (article_id,))]
        return [(row, [tuple(link) for link in self._conn.execute(
            "SELECT event_id, position, claim_id FROM event_claims WHERE event_id = ?",
            (row["event_id"],))]) for row in rows]

    def restore_pinned(self, saved: SavedEvents) -> None:
        """The rows `keep_pinned` kept, back as they were (links to claims that are gone
        are left out); their claims point to them again."""
        for row, links in saved:
            names = ", ".join(f'"{col}"' for col in row)
            self._conn.execute(f"INSERT OR REPLACE INTO events ({names}) VALUES "
                               f"({_marks(list(row))})", tuple(row.values()))
            self._conn.executemany(
                "INSERT INTO event_claims (event_id, position, claim_id) SELECT ?, ?, ? "
                "WHERE EXISTS (SELECT 1 FROM claims WHERE claim_id = ?)",
                [(*link, link[2]) for link in links])
            self._conn.executemany("UPDATE claims SET event_id = ? WHERE claim_id = ?",
                                   [(row["event_id"], link[2]) for link in links])
