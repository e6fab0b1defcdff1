"""The event query: what an `EventFilter` selects and in what order, as SQL; the values
it cannot use (`problems`); and the searches of the web pages (`SearchMixin`).

- `actor` matches a substring of the actor columns, or the names the actor dictionary
  gives an alias (`warledger.actors.aliases`: "ISIS", "Nusra").
- `q` matches a substring of the event's text fields or an actor alias, or the words
  of a claim (content, speaker, subject: ``claims_fts``) or of a source article's
  title or body (``articles_fts``, through ``event_articles``), with SQLite FTS5:
  every word must occur, case and accents ignored; ``word*`` matches a prefix.
- `sort` is one of `SORTS` (None: event_date), `order` "asc" or "desc"; ties go by
  date then id, empty values last.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from warledger.actors.aliases import fold, name_pattern, names_for
from warledger.ledger.rows import claim_from_row
from warledger.records import REVIEW_FILTERS, Claim, EventFilter

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
SORTS: dict[str, str] = {  # sort parameter -> SQL (whitelist: nothing else reaches SQL)
    "event_date": "event_date",
    "event_type": "event_type COLLATE NOCASE",
    "actor1": "actor1 COLLATE NOCASE",
    "location": "location COLLATE NOCASE",
    "country": "country COLLATE NOCASE",
    "fatalities": "fatalities",
    "num_sources": "num_sources",
    "num_articles": "num_articles",
}
ORDERS = ("asc", "desc")
REVIEW_CONDITIONS = {  # EventFilter.review -> its condition on the events (REVIEW_FILTERS)
    None: "review_status IS NOT 'rejected'",
    "all": "",
    "rejected": "review_status = 'rejected'",
    "reviewed": "review_status IS NOT NULL",
    "unreviewed": "review_status IS NULL",
}
MAX_TEXT = 200  # characters of a text criterion
ACTOR_COLS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
TEXT_COLS = ("event_id", "event_type", "sub_event_type", *ACTOR_COLS, "country", "admin1",
             "admin2", "location", "notes")
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
WORD_RE = re.compile(r"([^\W_]+)(\*?)")  # FTS5's unicode61 tokens: letters and digits
CLAIM_EVENTS = ("SELECT l.event_id FROM event_claims l JOIN claims c ON c.claim_id = l.claim_id "
                "WHERE c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
ARTICLE_EVENTS = ("SELECT s.event_id FROM event_articles s JOIN articles a "
                  "ON a.article_id = s.article_id "
                  "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
MARK = ("\x02", "\x03")  # snippet()'s marks around a matched word (control characters)


def is_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real month or day."""
    if not DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _is_event_type(value: str) -> bool:
    return fold(value) in {fold(t) for t in EVENT_TYPES}


CHECKS: tuple[tuple[str, Callable[[str], bool], str], ...] = (
    ("since", is_date, "is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"),
    ("until", is_date, "is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"),
    ("event_type", _is_event_type, f"is not an ACLED event type ({', '.join(EVENT_TYPES)})"),
    ("sort", SORTS.__contains__, f"is not a column to sort by ({', '.join(SORTS)})"),
    ("order", ORDERS.__contains__, "is neither asc nor desc"),
    ("review", REVIEW_FILTERS.__contains__, f"is not one of {', '.join(REVIEW_FILTERS)}"),
    ("country", lambda v: len(v) <= MAX_TEXT, f"is longer than {MAX_TEXT} characters"),
    ("actor", lambda v: len(v) <= MAX_TEXT, f"is longer than {MAX_TEXT} characters"),
    ("q", lambda v: len(v) <= MAX_TEXT, f"is longer than {MAX_TEXT} characters"),
)


def problems(where: EventFilter) -> list[str]:
    """One line for each value of the filter that cannot be used ([] when all can; an
    empty value is no value)."""
    found = [f"{name}: {_shown(value)} {message}" for name, check, message in CHECKS
             if (value := getattr(where, name)) and not check(value)]
    if where.since and where.until and is_date(where.since) and is_date(where.until) \
            and where.since > where.until + "~":
        found.append(f"since {where.since} is after until {where.until}")
    return found


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def fts_query(text: str) -> str | None:
    """The FTS5 query of a user's words: each word quoted (no operator reaches FTS5),
    all required; ``word*`` a prefix. None when the text holds no word."""
    words = [f'"{word}"{star}' for word, star in WORD_RE.findall(text)]
    return " ".join(words) or None


def text_pattern(text: str) -> str:
    """A regular expression over folded text: the text itself, or a name the actor
    dictionary gives it as an alias."""
    needles = [re.escape(fold(text)), *(name_pattern(n) for n in names_for(text))]
    return "|".join(needles)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def regexp(pattern: str, text: str | None) -> bool:
    """SQLite's ``text REGEXP pattern`` (registered as ``regexp`` by the store)."""
    return text is not None and _compiled(pattern).search(text) is not None


def where_clause(where: EventFilter) -> tuple[str, list[str]]:
    """The WHERE clause (or "") of the filter's criteria, and its parameters."""
    review = REVIEW_CONDITIONS.get(where.review, REVIEW_CONDITIONS[None])
    conds: list[str] = [review] if review else []
    params: list[str] = []
    if where.since:
        conds.append("event_date >= ?")
        params.append(where.since)
    if where.until:
        conds.append("event_date <= ?")
        params.append(where.until + "~")  # '~' sorts after digits and '-': prefix-inclusive
    if where.country:
        conds.append("(wl_fold(country) = ? OR wl_fold(iso3) = ?)")
        params += [fold(where.country)] * 2
    if where.event_type:
        conds.append("wl_fold(event_type) = ?")
        params.append(fold(where.event_type))
    if where.actor:
        conds.append(f"{_joined(ACTOR_COLS)} REGEXP ?")
        params.append(text_pattern(where.actor))
    if where.q:
        cond, more = _text_condition(where.q)
        conds.append(cond)
        params += more
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _joined(cols: tuple[str, ...]) -> str:
    return "wl_fold(" + " || char(10) || ".join(f"coalesce({c}, '')" for c in cols) + ")"


def _text_condition(text: str) -> tuple[str, list[str]]:
    """Event fields or aliases, or else the full-text indexes of claims and articles."""
    words = fts_query(text)
    if words is None:
        return f"{_joined(TEXT_COLS)} REGEXP ?", [text_pattern(text)]
    return (f"({_joined(TEXT_COLS)} REGEXP ? OR event_id IN ({CLAIM_EVENTS}) "
            f"OR event_id IN ({ARTICLE_EVENTS}))", [text_pattern(text), words, words])


def order_clause(where: EventFilter) -> str:
    """ORDER BY the filter's sort column (ValueError for one not in `SORTS`)."""
    direction = (where.order or "asc").upper()
    if direction.lower() not in ORDERS or (where.sort and where.sort not in SORTS):
        raise ValueError(f"cannot sort by {where.sort!r} {where.order!r}")
    column = SORTS[where.sort or "event_date"]
    return f" ORDER BY {column} {direction} NULLS LAST, event_date, event_id"


# -- the searches of the web pages ---------------------------------------------------------


class SearchMixin:
    """`Store` methods for the web pages: articles by words, claims by speaker or outlet."""

    _conn: sqlite3.Connection

    def search_articles(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """The articles whose title or body holds every word of `text`, best first:
        article_id, title, publisher, published and `snippet`, a list of (text, matched)
        pieces around the words found."""
        words = fts_query(text)
        if words is None:
            return []
        rows = self._conn.execute(
            "SELECT a.article_id, a.title, a.publisher, a.published, "
            "snippet(articles_fts, 1, ?, ?, '...', 24) AS snippet FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY rank LIMIT ?", (*MARK, words, limit))
        return [{**dict(row), "snippet": _pieces(row["snippet"])} for row in rows]

    def claims_by_speaker(self, speaker: str, limit: int = 1000) -> list[Claim]:
        """The claims of a speaker (the name as stored, case ignored), in the order saved."""
        rows = self._conn.execute(
            "SELECT * FROM claims WHERE speaker = ? COLLATE NOCASE ORDER BY rowid LIMIT ?",
            (speaker, limit))
        return [claim_from_row(row) for row in rows]

    def claims_by_outlet(self, outlet: str, limit: int = 1000) -> list[Claim]:
        """The claims of the articles an outlet published or first wrote (publisher or
        original publisher, case ignored), in the order saved."""
        rows = self._conn.execute(
            "SELECT c.* FROM claims c WHERE c.article_id IN (SELECT article_id FROM articles "
            "WHERE publisher = ? COLLATE NOCASE OR original_publisher = ? COLLATE NOCASE) "
            "ORDER BY c.rowid LIMIT ?", (outlet, outlet, limit))
        return [claim_from_row(row) for row in rows]


def _pieces(snippet: str) -> list[tuple[str, bool]]:
    """snippet() text as (text, matched) pieces; the marks themselves dropped."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{''.join(MARK)}]", snippet or "")):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces
