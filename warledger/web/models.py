"""Response models of the JSON API: the CONTRACT.md records, for the OpenAPI description.

The record models are built from `warledger.records` (each class's `RECORD_FIELDS`
and annotations; articles with export's `ARTICLE_COLUMNS`), so they match
`warledger.ledger.export.event_record` / `claim_record` and `Store.article` field for
field (tests/test_web.py checks responses against these schemas). What the API adds
is documentation: the models' and some fields' descriptions.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from functools import reduce
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from warledger.ledger.export import ARTICLE_COLUMNS
from warledger.records import Article, Claim, ClaimKind, Event, Precision, Qualifier, Source


def choices(literal: Any) -> str:
    """The values of a Literal type, for a description: "day | week | month"."""
    return " | ".join(get_args(literal))


def list_of(item: Any) -> Any:
    """`list[item]` for an item type made at run time (a record model)."""
    return list[item]


def api_type(hint: Any, models: Mapping[Any, Any]) -> Any:
    """A record field's annotation as the API describes it: a Literal as a plain string
    (as it always was: its values go in the field's description), a record as its model."""
    origin = get_origin(hint)
    if origin is Literal:
        return str
    if origin in (Union, UnionType):
        return reduce(operator.or_, (api_type(arg, models) for arg in get_args(hint)))
    if origin is list:
        return list_of(api_type(get_args(hint)[0], models))
    return models.get(hint, hint)


def record_model(name: str, record: type[Any], doc: str | None,
                 descriptions: Mapping[str, str] | None = None,
                 columns: Iterable[str] | None = None,
                 models: Mapping[Any, Any] | None = None) -> type[BaseModel]:
    """A pydantic model of a record class's record: its `columns` (default: its
    `RECORD_FIELDS`), in order, all required, typed by `api_type`."""
    hints, described = get_type_hints(record), descriptions or {}
    fields: dict[str, Any] = {}
    for col in record.RECORD_FIELDS if columns is None else columns:
        kind = api_type(hints[col], models or {})
        fields[col] = (kind, Field(description=described[col]) if col in described else ...)
    return create_model(name, __doc__=doc, __module__=__name__, **fields)


ClaimModel = record_model(
    "ClaimModel", Claim, "One attribution: somebody says something, with its figure if any.",
    {"kind": choices(ClaimKind), "qualifier": choices(Qualifier),
     "speaker": "the source, as a full noun phrase"})
SourceModel = record_model("SourceModel", Source, None)
EventModel = record_model(
    "EventModel", Event, "An event in the ACLED taxonomy; every figure tied to its claims.",
    {"date_precision": choices(Precision),
     "fatalities": "ACLED's rule: the most conservative credible figure"},
    models={Claim: ClaimModel, Source: SourceModel})
ArticleModel = record_model(
    "ArticleModel", Article,
    "An article record; `text` is the document that every offset points into.",
    columns=ARTICLE_COLUMNS)


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
