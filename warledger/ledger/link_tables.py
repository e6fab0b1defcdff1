"""The store's linking side: article signatures and copies, merged ledger events.

What `warledger.ledger.link` reads and writes: the MinHash signature and reports
(``mentions``) of each article, which article a syndicated copy was taken from, the
membership of copy groups (``copy_members``), claims re-pointed to their ledger event,
and each ledger event's members and date span. Writes run inside the caller's
transaction (`Store.transaction`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from warledger.ledger.rows import article_from_row, insert_event
from warledger.records import Article, Event, Source


class LinkingMixin:
    """The linking methods of `Store` (which inherits them); needs its connection."""

    _conn: sqlite3.Connection

    def set_link_data(self, article_id: str, minhash: bytes, mentions: str) -> None:
        self._conn.execute("UPDATE articles SET minhash = ?, mentions = ? WHERE article_id = ?",
                           (minhash, mentions, article_id))

    def set_buckets(self, article_id: str, buckets: list[tuple[int, int]]) -> None:
        """The article's LSH buckets (replacing any it had)."""
        self._conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
        self._conn.executemany("INSERT INTO lsh_bands (band, bucket, article_id) VALUES (?, ?, ?)",
                               [(band, bucket, article_id) for band, bucket in buckets])

    def bucket_matches(self, buckets: list[tuple[int, int]]) -> set[str]:
        """Articles that share at least one LSH bucket with `buckets`."""
        if not buckets:
            return set()
        values = ", ".join("(?, ?)" for _ in buckets)
        rows = self._conn.execute(
            f"WITH q(band, bucket) AS (VALUES {values}) SELECT DISTINCT l.article_id "
            "FROM q JOIN lsh_bands l ON l.band = q.band AND l.bucket = q.bucket",
            [x for pair in buckets for x in pair])
        return {str(r[0]) for r in rows}

    def mentions(self, article_id: str) -> str:
        row = self._conn.execute("SELECT mentions FROM articles WHERE article_id = ?",
                                 (article_id,)).fetchone()
        return "[]" if row is None else str(row[0])

    def copies_of(self, article_id: str) -> list[Article]:
        rows = self._conn.execute("SELECT * FROM articles WHERE syndicated_from = ? "
                                  "ORDER BY published, article_id", (article_id,))
        return [article_from_row(row) for row in rows]

    def copy_sources(self, article_id: str) -> list[Source]:
        """The source records of the article's copies (`copies_of` without their texts)."""
        rows = self._conn.execute(
            "SELECT article_id, url, publisher, original_publisher, published, title "
            "FROM articles WHERE syndicated_from = ? ORDER BY published, article_id",
            (article_id,))
        return [Source(*row) for row in rows]

    def syndication(self, article_id: str) -> str | None:
        row = self._conn.execute("SELECT syndication FROM articles WHERE article_id = ?",
                                 (article_id,)).fetchone()
        return None if row is None else row[0]

    def set_syndicated(self, article_id: str, original: str | None, reason: str | None) -> None:
        self._conn.execute(
            "UPDATE articles SET syndicated_from = ?, syndication = ? WHERE article_id = ?",
            (original, reason, article_id))

    def membership(self, article_id: str) -> tuple[str, str] | None:
        """(original_id, sort_key) of the article's copy group, or None when not linked."""
        row = self._conn.execute("SELECT original_id, sort_key FROM copy_members "
                                 "WHERE article_id = ?", (article_id,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def add_member(self, article_id: str, original_id: str, sort_key: str) -> None:
        """The article joins the group of `original_id` as a representative (see
        `trim_representatives`)."""
        self._conn.execute("INSERT OR REPLACE INTO copy_members (article_id, original_id, "
                           "sort_key, representative) VALUES (?, ?, ?, 1)",
                           (article_id, original_id, sort_key))

    def first_member(self, original_id: str) -> tuple[str, str] | None:
        """(article_id, sort_key) of the group's member with the least key."""
        row = self._conn.execute(
            "SELECT article_id, sort_key FROM copy_members WHERE original_id = ? "
            "ORDER BY sort_key LIMIT 1", (original_id,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def trim_representatives(self, original_id: str, keep: int) -> None:
        """Only the `keep` representatives with the least keys stay representatives; the
        others lose their LSH bands (a bounded read: representatives only)."""
        rows = self._conn.execute(
            "SELECT article_id FROM copy_members WHERE original_id = ? AND representative = 1 "
            "ORDER BY sort_key LIMIT -1 OFFSET ?", (original_id, keep)).fetchall()
        for (article_id,) in rows:
            self._conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
            self._conn.execute("UPDATE copy_members SET representative = 0 WHERE article_id = ?",
                               (article_id,))

    def repoint_group(self, old: str, new: str) -> None:
        """Every member of the group of `old` now has `new` as its original (one statement
        each, in SQLite: no member is read here); their reasons are computed when asked
        (`warledger.ledger.explain`)."""
        self._conn.execute("UPDATE copy_members SET original_id = ? WHERE original_id = ?",
                           (new, old))
        self._conn.execute("UPDATE articles SET syndicated_from = ?, syndication = NULL "
                           "WHERE syndicated_from = ? AND article_id != ?", (new, old, new))

    def set_claims_event(self, claim_ids: Sequence[str], event_id: str | None) -> None:
        self._conn.executemany("UPDATE claims SET event_id = ? WHERE claim_id = ?",
                               [(event_id, claim_id) for claim_id in claim_ids])

    def ledger_members(self, event_id: str) -> list[tuple[str, str]]:
        row = self._conn.execute("SELECT members FROM events WHERE event_id = ?",
                                 (event_id,)).fetchone()
        return [] if row is None else [(a, e) for a, e in json.loads(row[0])]

    def ledgers_with_article(self, article_id: str) -> list[str]:
        """Ledger events one of whose reports comes from this article (a full scan)."""
        rows = self._conn.execute(
            "SELECT DISTINCT e.event_id FROM events e, json_each(e.members) m "
            "WHERE json_extract(m.value, '$[0]') = ? ORDER BY e.event_id", (article_id,))
        return [row[0] for row in rows]

    def ledgers_near(self, country: str, start: str, end: str,
                     admin1: str | None = None) -> list[str]:
        """Ledger events in `country` (and `admin1` when given) whose reports' dates
        overlap start..end."""
        sql = ("SELECT event_id FROM events WHERE country = ? AND span_start <= ? "
               "AND span_end >= ?")
        args: tuple[str, ...] = (country, end, start)
        if admin1 is not None:
            sql, args = sql + " AND admin1 = ?", (*args, admin1)
        rows = self._conn.execute(sql + " ORDER BY event_id", args)
        return [row[0] for row in rows]

    def delete_events(self, event_ids: Sequence[str]) -> None:
        self._conn.executemany("DELETE FROM events WHERE event_id = ?",
                               [(event_id,) for event_id in event_ids])

    def write_ledger_event(self, owner: str, event: Event, members: list[tuple[str, str]],
                           span: tuple[str | None, str | None]) -> None:
        """One merged event (inside the caller's transaction), with its members and span."""
        insert_event(self._conn, owner, event)
        self._conn.execute(
            "UPDATE events SET members = ?, span_start = ?, span_end = ? WHERE event_id = ?",
            (json.dumps(members), span[0], span[1], event.event_id))
