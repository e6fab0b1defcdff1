"""Typed records passed between pipeline stages.

Every span is a pair of Python string indexes into the document *as given*
(`Article.text`): ``article.text[start:end] == span_text``.

A record class's ``RECORD_FIELDS`` are the fields of its CONTRACT.md record, in
order: the exports' columns and types and the API's models are derived from them
and from the annotations here, so a field added here reaches every output (or a
test fails until it is declared internal).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Literal

DocKind = Literal["html", "text"]
Precision = Literal["day", "week", "month", "year"]
ClaimKind = Literal["fatalities", "injuries", "attack", "characterization", "other"]
MachineValue = str | int | float | None  # a corrected field's machine value
Qualifier = Literal["exact", "at_least", "more_than", "up_to", "about", "range"]
SpeakerType = Literal[
    "government",
    "military",
    "anonymous_official",
    "monitor",
    "state_media",
    "media",
    "witness",
    "armed_group",
    "other",
]


@dataclass
class Document:
    """One input document, as read by `ingest` (before any extraction)."""

    source: str  # the input's name for messages: path, path:line or "<stdin>:line"
    article_id: str
    raw: str  # decoded input: HTML source or plain text
    kind: DocKind
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    fetched: str | None = None  # YYYY-MM-DD capture date (WARC-Date): published when none found
    content_hash: str = ""  # sha256 of `raw`, computed once here; the store's re-run check

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.raw)


def content_hash(text: str) -> str:
    """The sha256 of a document's text: with its id, what the store checks on a re-run."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Settings:
    """What the user configures for the analysis; travels with every batch to the workers
    (a Dask worker on another machine sees the same settings, not its own environment)."""

    actors: str | None = None  # the user's actor dictionary (JSON text), beside the bundled one


@dataclass
class Rejection:
    """An input that could not be processed, with its one-line reason."""

    source: str
    reason: str
    article_id: str | None = None


@dataclass
class Article:
    """Output of `extract`: metadata plus the text that all offsets refer to.

    ``text`` is the document as given (plain text as decoded, or the body that
    trafilatura extracted from HTML). ``nlp_text`` has exactly the same length:
    boilerplate and markdown are blanked out with spaces so that NLP offsets are
    offsets into ``text``. ``body`` is the cleaned, readable text.
    """

    article_id: str
    text: str
    nlp_text: str
    body: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    original_publisher: str | None = None
    published: str | None = None
    byline: str | None = None
    language: str | None = "en"
    syndicated_from: str | None = None
    rejected_reason: str | None = None
    source: str = ""
    content_hash: str = ""

    # The CONTRACT.md record, in its order (exports, API). Not in it: `text` and
    # `nlp_text` (exports and the API add `text`, what the offsets point into),
    # `source` and `content_hash` (the store's bookkeeping).
    RECORD_FIELDS: ClassVar[tuple[str, ...]] = (
        "article_id", "url", "title", "publisher", "original_publisher", "published",
        "byline", "language", "body", "syndicated_from", "rejected_reason",
    )  # fmt: skip

    def to_record(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.RECORD_FIELDS}


@dataclass
class TimeExpr:
    """A time expression resolved against the publication date."""

    text: str
    start: int
    end: int
    date: str  # YYYY-MM-DD (first day of the period for week/month/year)
    precision: Precision


@dataclass
class PlaceMention:
    """A toponym in the text resolved on GeoNames."""

    article_id: str
    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    country_code: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    feature_class: str  # GeoNames class: P (populated place), A (country / admin area)
    score: float
    feature_code: str = ""  # PCLI (country), ADM1, ADM2, PPL

    # The CONTRACT.md record: every field but `feature_code`, in order (set below the class).
    RECORD_FIELDS: ClassVar[tuple[str, ...]]

    def to_record(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.RECORD_FIELDS}


@dataclass
class ActorMention:
    """An actor named in the text, normalized to the ledger's actor dictionary."""

    text: str
    start: int
    end: int
    name: str  # normalized, ACLED style
    inter: str  # State forces, Rebel group, ...
    country: str | None = None


@dataclass
class Claim:
    """One attribution: somebody says something, with its figure if any."""

    claim_id: str
    article_id: str
    kind: ClaimKind
    speaker: str
    speaker_type: SpeakerType
    anonymous: bool
    cue: str
    content: str
    start: int
    end: int
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    value_low: int | None = None
    value_high: int | None = None
    qualifier: Qualifier | None = None
    subject: str | None = None
    event_id: str | None = None
    quantity_text: str | None = None
    quantity_start: int | None = None
    quantity_end: int | None = None

    # The CONTRACT.md record: every field, in CONTRACT order (exports, API), which is
    # not the order above (that one is the constructor's: defaults last).
    RECORD_FIELDS: ClassVar[tuple[str, ...]] = (
        "claim_id", "article_id", "event_id", "kind", "value_low", "value_high", "qualifier",
        "subject", "speaker", "speaker_type", "anonymous", "cue", "content", "start", "end",
        "source_start", "source_end", "cue_start", "cue_end", "content_start", "content_end",
        "quantity_text", "quantity_start", "quantity_end",
    )  # fmt: skip

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Source:
    article_id: str
    url: str | None
    publisher: str | None
    original_publisher: str | None
    published: str | None
    title: str | None

    RECORD_FIELDS: ClassVar[tuple[str, ...]]  # every field, in order (set below the class)

    @classmethod
    def of(cls, a: Article) -> Source:
        """The source record of an article."""
        return cls(a.article_id, a.url, a.publisher, a.original_publisher, a.published, a.title)


@dataclass
class Event:
    event_id: str
    event_date: str | None
    date_precision: Precision
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: str | None = None
    interaction: str | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    geonameid: int | None = None
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    injuries_low: int | None = None
    injuries_high: int | None = None
    contradiction: bool = False
    contradictions: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    num_articles: int = 1
    num_sources: int = 1
    notes: str = ""
    # an analyst's review (warledger.ledger.review): any decision made; the latest one
    # (confirmed | corrected | rejected | split | merged); the machine's value of each
    # corrected field (the fields above hold the corrected values)
    reviewed: bool = False
    review_status: str | None = None
    machine_values: dict[str, MachineValue] = field(default_factory=dict)

    RECORD_FIELDS: ClassVar[tuple[str, ...]]  # every field, in order (set below the class)

    def to_record(self, with_claims: bool = True) -> dict[str, Any]:
        rec = asdict(self)
        if not with_claims:
            rec.pop("claims")
            rec["num_claims"] = len(self.claims)
        return rec


ReviewAction = Literal["confirm", "correct", "reject", "split", "merge"]


@dataclass(frozen=True)
class Review:
    """One analyst's decision on a ledger event, as stored (append-only): a correction's
    field, old and new value (as text); a split's or merge's articles before and after
    (`field` "articles", "; "-joined) and `other_event_id`, the other event involved."""

    review_id: int
    event_id: str
    action: ReviewAction
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str
    reviewer: str
    created_at: str
    other_event_id: str | None = None

    RECORD_FIELDS: ClassVar[tuple[str, ...]]  # every field, in order (set below the class)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


def _fields_except(cls: type, *internal: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in internal)


PlaceMention.RECORD_FIELDS = _fields_except(PlaceMention, "feature_code")
Source.RECORD_FIELDS = _fields_except(Source)
Event.RECORD_FIELDS = _fields_except(Event)
Review.RECORD_FIELDS = _fields_except(Review)


REVIEW_FILTERS = ("all", "rejected", "reviewed", "unreviewed")  # EventFilter.review


@dataclass(frozen=True)
class EventFilter:
    """Which ledger events to read: those matching every criterion given (None: not
    filtered), by date then id (or by `sort`, a column of `warledger.ledger.query.SORTS`,
    in `order` "asc" or "desc"), then one page of them (`limit` None: all).

    `review`: None leaves out the events an analyst rejected; "all" keeps them,
    "rejected", "reviewed", "unreviewed" keep only those (`REVIEW_FILTERS`).
    `since`/`until` compare with event_date and are inclusive (`until="2018-02"` keeps
    all of February); `country` matches the country name or ISO3 code; `event_type`
    the type; `actor` is a substring of the actors, or an alias of the actor dictionary
    (`warledger.actors.aliases`); `q` is a substring of the event's text fields, an
    actor alias, or words of a claim (content, speaker, subject) or of a source
    article's title or body (SQLite full-text search). Case and accents are ignored
    except in dates. `warledger.ledger.query.problems` lists the values that cannot be
    used (a date that is no date, an unknown sort column...).
    """

    since: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    until: str | None = None
    country: str | None = None
    event_type: str | None = None
    actor: str | None = None
    q: str | None = None
    review: str | None = None  # None: rejected events left out; REVIEW_FILTERS
    limit: int | None = None
    offset: int = 0
    sort: str | None = None  # a column of warledger.ledger.query.SORTS; None: event_date
    order: str | None = None  # "asc" (None) or "desc"

    PAGE: ClassVar[tuple[str, ...]] = ("limit", "offset", "sort", "order")  # no criterion

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be >= 0, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be >= 0, not {self.offset}")

    def criteria(self) -> dict[str, str | None]:
        """The criteria (every field but the page), in order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in self.PAGE}

    def filtered(self) -> bool:
        """True when some criterion is given."""
        return any(self.criteria().values())


@dataclass
class Analysis:
    """Everything the pipeline found in one article."""

    article: Article
    times: list[TimeExpr] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # per event id, the (start, end) of its incident's evidence sentences (merging reads them)
    incident_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    doc: Any = field(default=None, repr=False, compare=False)  # the spaCy Doc, not stored
    settings: Settings = field(default_factory=Settings, repr=False, compare=False)
