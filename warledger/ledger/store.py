"""The ledger store: one SQLite file, one transaction per document.

Schema changes are numbered migrations (`MIGRATIONS`), applied in order; the
version reached is kept in ``PRAGMA user_version``, and ``PRAGMA application_id``
marks the file as a warledger store. The file runs in WAL mode with
``synchronous=NORMAL``: a process killed mid-run loses at most the document it was
writing, never a committed one.

Opening checks before it changes anything: a file that is not a warledger store
(another application's SQLite database) is refused untouched, before the switch to
WAL or any migration. A read-only opening (export, serve) uses SQLite's
``mode=ro``, and ``immutable=1`` where the file's folder cannot be written (read-only
media). `verify` runs SQLite's quick check, for commands that read the whole store.

Ownership: every row hangs off the article whose analysis saved it (``owner_id``
for claims and events), so re-saving an article deletes its old rows first (all
inside one transaction). ``Event.claims`` is kept as an ordered link table
(``event_claims``) and re-attached on read; ``Event.sources`` and
``Event.contradictions`` are JSON columns (`warledger.ledger.rows`). The linking
methods (syndicated copies, merged ledger events) are in `warledger.ledger.link_tables`,
the review methods (an analyst's decisions) in `warledger.ledger.review_tables`; what an
`EventFilter` selects (full-text search, actor aliases, reviews, sorting) and the web
pages' searches are in `warledger.ledger.query`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import astuple
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from warledger.actors.aliases import fold
from warledger.errors import StoreError
from warledger.ledger.link_tables import LinkingMixin
from warledger.ledger.query import SearchMixin, order_clause, regexp, where_clause
from warledger.ledger.review_tables import ReviewingMixin
from warledger.ledger.rows import (
    ARTICLE_COLS,
    PLACE_COLS,
    article_from_row,
    claim_from_row,
    event_from_row,
    insert_claims,
    insert_event,
    insert_places,
    insert_sql,
    now,
)
from warledger.ledger.summaries import SummaryMixin
from warledger.records import Analysis, Article, Claim, Event, EventFilter, PlaceMention, Rejection

DEFAULT_PATH = "warledger.db"
APPLICATION_ID = 0x574C4447  # "WLDG", in the file header: a warledger store
CORE_TABLES = frozenset({"articles", "claims", "events"})  # a store from before the mark
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _statements(script: str) -> tuple[str, ...]:
    """The statements of one migration file: `--` comment lines dropped, split on `;` at
    the end of a line."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    parts = re.split(r";[ \t]*$", "\n".join(lines), flags=re.MULTILINE)
    return tuple(part.strip() for part in parts if part.strip())


def load_migrations() -> list[tuple[str, ...]]:
    """The numbered migrations in warledger/migrations (NNNN_name.sql), in order."""
    files = sorted(MIGRATIONS_DIR.glob("*.sql"))
    numbers = [int(f.name.split("_", 1)[0]) for f in files]
    if numbers != list(range(1, len(files) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {numbers}")
    return [_statements(f.read_text(encoding="utf-8")) for f in files]


MIGRATIONS: list[tuple[str, ...]] = load_migrations()

_BATCH = 500


def _fold(value: str | None) -> str | None:
    """Case-, accent- and spacing-insensitive form for matching filters (``wl_fold``)."""
    return None if value is None else fold(value)


def _message(path: str, exc: sqlite3.Error) -> str:
    return f"{path}: unusable store ({one_line(str(exc))})"


def one_line(text: str, limit: int = 120) -> str:
    """A SQLite message as one short line (some quote a whole column value)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def unusable(path: str, exc: sqlite3.Error) -> StoreError:
    """The one-line error of a store that failed while in use (a corrupt page...)."""
    return StoreError(_message(path, exc))


def is_store_failure(exc: BaseException) -> bool:
    """A SQLite error that means the store is unusable (damaged, unreadable, full),
    not a bug in the caller (a constraint or an SQL mistake)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, sqlite3.IntegrityError | sqlite3.ProgrammingError)


class Store(LinkingMixin, ReviewingMixin, SearchMixin, SummaryMixin):
    """The ledger: articles, rejections, places, claims and events in one SQLite file."""

    def __init__(
        self, path: str | Path = DEFAULT_PATH, *, readonly: bool = False, timeout: float = 10.0
    ) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            self._conn = self._connect(timeout)
            self._migrate()
        except sqlite3.Error as exc:
            self._close_quietly()
            raise StoreError(_message(self.path, exc)) from exc
        except StoreError:
            self._close_quietly()
            raise

    # -- connection and schema -------------------------------------------------

    def _connect(self, timeout: float) -> sqlite3.Connection:
        conn = self._open_readonly(timeout) if self.readonly else sqlite3.connect(
            self.path, timeout=timeout, isolation_level=None)
        self._conn = conn
        conn.row_factory = sqlite3.Row
        conn.create_function("wl_fold", 1, _fold, deterministic=True)
        conn.create_function("regexp", 2, regexp, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        self._check_kind()  # before anything below writes to the file
        if not self.readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        """``mode=ro``; on read-only media (SQLite cannot make the WAL index beside the
        file) ``immutable=1``, unless a write-ahead log holds commits it would miss."""
        uri = Path(self.path).resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout,
                               isolation_level=None)
        try:
            conn.execute("PRAGMA user_version").fetchone()  # opens the file
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_READONLY,
                                                   sqlite3.SQLITE_CANTOPEN):
                raise
            if not Path(self.path).is_file():
                raise
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(f"{self.path}: read-only, with a write-ahead log not yet "
                             "merged; open it once where it can be written")
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=timeout,
                               isolation_level=None)

    def _check_kind(self) -> None:
        """Refuse a SQLite file of another application (read only: nothing written)."""
        one = self._scalar
        app, version = one("PRAGMA application_id"), one("PRAGMA user_version")
        tables = {row[0] for row in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        new = app == 0 and version == 0 and not tables
        unmarked = app == 0 and version > 0 and tables >= CORE_TABLES  # an older store
        if not (app == APPLICATION_ID or new or unmarked):
            raise StoreError(f"{self.path}: not a warledger store (another application's "
                             "SQLite database); left unchanged")

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self._check_version()
        marked = self._scalar("PRAGMA application_id") == APPLICATION_ID
        if version == len(MIGRATIONS) and (marked or self.readonly):
            return
        if self.readonly and version == 0:
            raise StoreError(f"{self.path}: not a warledger store (no schema)")
        if self.readonly:
            raise StoreError(
                f"{self.path}: store schema {version} needs an upgrade; open it for writing"
            )
        with self._transaction():
            for number in range(self._check_version(), len(MIGRATIONS)):
                for statement in MIGRATIONS[number]:
                    _apply(self._conn, statement)
                self._conn.execute(f"PRAGMA user_version = {number + 1}")
            self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _check_version(self) -> int:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this "
                f"warledger knows ({len(MIGRATIONS)}); upgrade warledger"
            )
        return version

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all or nothing; sqlite errors become StoreError."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(_message(self.path, exc)) from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if is_store_failure(exc):
                raise unusable(self.path, cast(sqlite3.Error, exc)) from exc
            raise

    def close(self) -> None:
        self._conn.close()

    def _close_quietly(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def has_article(self, article_id: str, content_hash: str) -> bool:
        """True when this article, with this content, is already stored."""
        return self.content_hash(article_id) == content_hash

    def content_hash(self, article_id: str) -> str | None:
        """The stored content hash of an article, or None when it is not stored."""
        row = self._conn.execute("SELECT content_hash FROM articles WHERE article_id = ?",
                                 (article_id,)).fetchone()
        return None if row is None else row[0]

    def save_analysis(self, analysis: Analysis) -> None:
        """Store one article and everything found in it, replacing any earlier save."""
        with self._transaction():
            self.write_analysis(analysis)

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction for callers that write several things at once."""
        return self._transaction()

    def write_analysis(self, analysis: Analysis, with_events: bool = True) -> None:
        """`save_analysis` inside a transaction the caller holds; without its events
        when the linker builds the ledger events itself."""
        article, conn = analysis.article, self._conn
        conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))
        conn.execute(
            insert_sql("articles", (*ARTICLE_COLS, "created_at")),
            (*astuple(article), now()),
        )
        insert_places(conn, analysis.places)
        insert_claims(conn, article.article_id, _all_claims(analysis))
        for event in analysis.events if with_events else []:
            insert_event(conn, article.article_id, event)
        if article.source:
            conn.execute("DELETE FROM rejections WHERE source = ?", (article.source,))

    def save_rejection(self, rejection: Rejection, content_hash: str | None = None) -> None:
        """Record a rejected input once per (source, reason)."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO rejections (source, reason, article_id, content_hash, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (rejection.source, rejection.reason, rejection.article_id, content_hash, now()),
            )

    def start_run(self) -> int:
        """Open a row in `runs`; returns its id."""
        with self._transaction() as conn:
            cursor = conn.execute("INSERT INTO runs (started) VALUES (?)", (now(),))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE run_id = ?",
                (now(), json.dumps(counts, sort_keys=True), run_id),
            )

    # -- reading ---------------------------------------------------------------

    def articles(self) -> Iterator[Article]:
        """Every stored article, in the order saved."""
        cursor = self._conn.execute("SELECT * FROM articles ORDER BY rowid")
        for row in cursor:
            yield article_from_row(row)

    def get_article(self, article_id: str) -> Article | None:
        row = self._conn.execute(
            "SELECT * FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else article_from_row(row)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The CONTRACT.md article record plus `text` (what the offsets refer to)."""
        found = self.get_article(article_id)
        if found is None:
            return None
        return {**found.to_record(), "text": found.text}

    def iter_events(self, where: EventFilter | None = None,
                    changed_since: str | None = None) -> Iterator[Event]:
        """The events `where` selects (all without it; see `EventFilter`), by date then
        id, claims re-attached; only those saved at or after `changed_since` (a UTC time
        as `now()` writes it) when given."""
        where = EventFilter() if where is None else where
        clause, params = where_clause(where)
        if changed_since:
            clause += (" AND " if clause else " WHERE ") + "created_at >= ?"
            params.append(changed_since)
        sql = f"SELECT * FROM events{clause}{order_clause(where)} LIMIT ? OFFSET ?"
        limit = -1 if where.limit is None else where.limit
        cursor = self._conn.execute(sql, (*params, limit, where.offset))
        while rows := cursor.fetchmany(_BATCH):
            claims = self._event_claims([row["event_id"] for row in rows])
            for row in rows:
                yield event_from_row(row, claims.get(row["event_id"], []))

    def events(self, where: EventFilter | None = None) -> list[Event]:
        """`iter_events` as a list."""
        return list(self.iter_events(where))

    def event(self, event_id: str) -> Event | None:
        row = self._conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        return event_from_row(row, self._event_claims([event_id]).get(event_id, []))

    def event_timestamps(self) -> dict[str, int]:
        """When each event was stored, as Unix seconds (ACLED's `timestamp`)."""
        rows = self._conn.execute("SELECT event_id, created_at FROM events")
        return {r[0]: int(datetime.fromisoformat(r[1]).timestamp()) for r in rows}

    def removed_events(self, since: str | None = None) -> list[dict[str, Any]]:
        """The ledger events removed (at or after `since`, when given), oldest first:
        event_id, removed_at, iso3, and `merged_into`, the event that holds one of its
        reports now (None when it is gone with its article)."""
        rows = self._conn.execute(
            "SELECT r.event_id, r.removed_at, r.iso3, (SELECT e.event_id FROM events e, "
            "json_each(e.members) m, json_each(r.members) o WHERE m.value = o.value "
            "ORDER BY e.event_id LIMIT 1) AS merged_into FROM removed_events r "
            "WHERE r.removed_at >= ? ORDER BY r.removed_at, r.event_id", (since or "",))
        return [dict(row) for row in rows]

    def _event_claims(self, event_ids: list[str]) -> dict[str, list[Claim]]:
        marks = ", ".join("?" for _ in event_ids)
        rows = self._conn.execute(
            "SELECT l.event_id AS link_event, c.* FROM event_claims l JOIN claims c "
            f"ON c.claim_id = l.claim_id WHERE l.event_id IN ({marks}) "
            "ORDER BY l.event_id, l.position",
            event_ids,
        )
        found: dict[str, list[Claim]] = {}
        for row in rows:
            found.setdefault(row["link_event"], []).append(claim_from_row(row))
        return found

    def iter_claims(self, article_id: str | None = None) -> Iterator[Claim]:
        sql, params = _by_article("claims", article_id, "rowid")
        for row in self._conn.execute(sql, params):
            yield claim_from_row(row)

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Claims of one article (or all), in the order saved."""
        return list(self.iter_claims(article_id))

    def iter_places(self, article_id: str | None = None) -> Iterator[PlaceMention]:
        sql, params = _by_article("places", article_id, 'article_id, start, "end"')
        for row in self._conn.execute(sql, params):
            yield PlaceMention(**{col: row[col] for col in PLACE_COLS})

    def places(self, article_id: str | None = None) -> list[PlaceMention]:
        """Place mentions of one article (or all), by article then offset."""
        return list(self.iter_places(article_id))

    def rejections(self) -> list[Rejection]:
        rows = self._conn.execute("SELECT source, reason, article_id FROM rejections ORDER BY id")
        return [Rejection(source=r[0], reason=r[1], article_id=r[2]) for r in rows]

    def counts(self) -> dict[str, int]:
        """articles (kept), rejected (rejections + articles with a rejected_reason),
        events, claims, places."""
        one = self._scalar
        kept = one("SELECT count(*) FROM articles WHERE rejected_reason IS NULL")
        flagged = one("SELECT count(*) FROM articles WHERE rejected_reason IS NOT NULL")
        return {
            "articles": kept,
            "rejected": one("SELECT count(*) FROM rejections") + flagged,
            "events": one("SELECT count(*) FROM events"),
            "claims": one("SELECT count(*) FROM claims"),
            "places": one("SELECT count(*) FROM places"),
        }

    def _scalar(self, sql: str) -> int:
        return int(self._conn.execute(sql).fetchone()[0])

    def integrity_check(self) -> str:
        """SQLite's own check: "ok" when the file is sound."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def verify(self) -> None:
        """SQLite's quick check of every page; StoreError naming the first fault."""
        try:
            found = [str(row[0]) for row in self._conn.execute("PRAGMA quick_check(1)")]
        except sqlite3.DatabaseError as exc:
            raise unusable(self.path, exc) from exc
        lines = [line for text in found for line in text.splitlines()
                 if not line.startswith("***")]
        if lines != ["ok"]:
            raise StoreError(f"{self.path}: damaged store ({one_line(lines[0])})")


# -- helpers -----------------------------------------------------------------------


def _apply(conn: sqlite3.Connection, statement: str) -> None:
    """One migration statement; adding a column that is there already is skipped (a
    store marked older is upgraded anew: SQLite has no ADD COLUMN IF NOT EXISTS)."""
    try:
        conn.execute(statement)
    except sqlite3.OperationalError as exc:
        adds = re.match(r"ALTER\s+TABLE\s+\S+\s+ADD\s+COLUMN\b", statement, re.IGNORECASE)
        if not (adds and "duplicate column name" in str(exc)):
            raise


def _all_claims(analysis: Analysis) -> list[Claim]:
    """The analysis' claims, then any claim of an event not among them (by claim_id)."""
    seen = {claim.claim_id for claim in analysis.claims}
    extra: list[Claim] = []
    for event in analysis.events:
        for claim in event.claims:
            if claim.claim_id not in seen:
                seen.add(claim.claim_id)
                extra.append(claim)
    return [*analysis.claims, *extra]



def _by_article(table: str, article_id: str | None, order: str) -> tuple[str, tuple[str, ...]]:
    if article_id is None:
        return f"SELECT * FROM {table} ORDER BY {order}", ()
    return f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}", (article_id,)
