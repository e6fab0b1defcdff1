"""Response models of the JSON API: the CONTRACT.md records, for the OpenAPI description.

They mirror `warledger.ledger.export.event_record` / `claim_record` and `Store.article`
field for field (tests/test_web.py checks responses against these schemas).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ClaimModel(BaseModel):
    """One attribution: somebody says something, with its figure if any."""

    claim_id: str
    article_id: str
    event_id: str | None
    kind: str = Field(description="fatalities | injuries | attack | characterization | other")
    value_low: int | None
    value_high: int | None
    qualifier: str | None = Field(
        description="exact | at_least | more_than | up_to | about | range")
    subject: str | None
    speaker: str = Field(description="the source, as a full noun phrase")
    speaker_type: str
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
    quantity_text: str | None
    quantity_start: int | None
    quantity_end: int | None


class SourceModel(BaseModel):
    article_id: str
    url: str | None
    publisher: str | None
    original_publisher: str | None
    published: str | None
    title: str | None


class EventModel(BaseModel):
    """An event in the ACLED taxonomy; every figure tied to its claims."""

    event_id: str
    event_date: str | None
    date_precision: str = Field(description="day | week | month | year")
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: str | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: str | None
    interaction: str | None
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    geonameid: int | None
    fatalities: int = Field(description="ACLED's rule: the most conservative credible figure")
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    injuries_low: int | None
    injuries_high: int | None
    contradiction: bool
    contradictions: list[str]
    claims: list[ClaimModel]
    sources: list[SourceModel]
    num_articles: int
    num_sources: int
    notes: str


class ArticleModel(BaseModel):
    """An article record; `text` is the document that every offset points into."""

    article_id: str
    url: str | None
    title: str | None
    publisher: str | None
    original_publisher: str | None
    published: str | None
    byline: str | None
    language: str | None
    body: str
    syndicated_from: str | None
    rejected_reason: str | None
    text: str


class ErrorModel(BaseModel):
    detail: str


class DocumentIn(BaseModel):
    """A JSONL input record (CONTRACT.md), for `POST /api/documents` (writable mode)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None


class DocumentResult(BaseModel):
    article_id: str
    stored: bool
    skipped: bool
    rejected: str | None
    events: list[str]
