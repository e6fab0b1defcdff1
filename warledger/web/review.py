"""The review trail in `warledger serve`: an analyst's decisions on the ledger events.

- ``GET /api/reviews?event_id=ID``: the decisions on one event (every decision without
  it), always served.
- ``POST /api/reviews`` (only with ``--writable``, and then only with the start-up
  token in the ``X-Warledger-Token`` header): one decision (`warledger.ledger.review`),
  recorded under the reviewer given at start-up. Without ``--writable`` the route
  does not exist (405: the GET route holds the path); a cross-site form post carries
  no such header (a browser adds custom headers only to same-origin script requests):
  403, nothing written.
- The event page shows the event's review status, the machine's values of the
  corrected fields and the review history; with ``--writable`` also a review form,
  whose script (static/review.js) sends the token it is given in a data attribute
  (the page is served only to this origin: no other site can read it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, create_model

from warledger.errors import ReviewError
from warledger.ledger import review
from warledger.ledger.export import event_record
from warledger.ledger.store import Store
from warledger.records import Event, Review, ReviewAction
from warledger.web.models import choices, list_of, record_model

REVIEW_ACTIONS = review.ACTIONS


class ReviewIn(BaseModel):
    """One decision on one event: `changes` (field -> new value) to correct, `articles`
    (whose reports leave for a new event) to split, `other` (an event id) to merge."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(max_length=500)
    action: Literal["confirm", "correct", "reject", "split", "merge"]
    reason: str = Field(min_length=1, max_length=review.MAX_REASON)
    changes: dict[str, str | None] = Field(default_factory=dict, max_length=len(review.FIELDS))
    articles: list[str] = Field(default_factory=list, max_length=1000)
    other: str | None = Field(None, max_length=500)


ReviewModel = record_model("ReviewModel", Review, "One analyst's decision, as stored.",
                           {"action": choices(ReviewAction)})


ReviewResult = create_model(
    "ReviewResult", __module__=__name__,
    event_id=(str, Field(description="the event to show next (a merge may keep the other)")),
    reviews=(list_of(ReviewModel), ...), event=(dict[str, Any], ...))


def add_read_routes(app: FastAPI, open_store: Callable[[Request], Any]) -> None:
    @app.get("/api/reviews", response_model=list_of(ReviewModel), tags=["reviews"],
             summary="An analyst's decisions on one event (or on every event), oldest first")
    def api_reviews(request: Request, event_id: str | None = Query(None)
                    ) -> list[dict[str, Any]]:
        with open_store(request) as store:
            found = store.reviews(event_id) if event_id else list(store.iter_reviews())
        return [r.to_record() for r in found]


def add_write_routes(app: FastAPI, check_token: Callable[[Request], None]) -> None:
    @app.post("/api/reviews", response_model=ReviewResult, tags=["reviews"],
              summary="Confirm, correct, reject, split or merge an event (writable only)",
              dependencies=[Depends(check_token)])
    def add_review(request: Request, decision: ReviewIn) -> dict[str, Any]:
        return _decide(request.app.state.db_path, request.app.state.reviewer, decision)


def _decide(db_path: str, reviewer: str, given: ReviewIn) -> dict[str, Any]:
    decision = review.Decision(action=given.action, reason=given.reason, reviewer=reviewer,
                               changes=given.changes, articles=tuple(given.articles),
                               other=given.other)
    with Store(db_path) as store:
        if store.event(given.event_id) is None:
            raise HTTPException(status_code=404, detail=f"no event with id {given.event_id!r}")
        try:
            outcome = review.decide(store, given.event_id, decision)
        except ReviewError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        event = store.event(outcome.event_id)
    return {"event_id": outcome.event_id, "reviews": [r.to_record() for r in outcome.reviews],
            "event": event_record(event) if event else {}}


# -- the event page ------------------------------------------------------------------------


def page_context(request: Request, store: Store, event: Event) -> dict[str, Any]:
    """What the event page's review section shows: status, machine values, history, and
    the form (only when writable)."""
    history: list[Review] = store.reviews(event.event_id)
    token = getattr(request.app.state, "token", None)
    form = None
    if token is not None:
        form = {"token": token, "reviewer": request.app.state.reviewer,
                "fields": [(name, _shown(getattr(event, name))) for name in review.FIELDS],
                "articles": sorted({s.article_id for s in event.sources}),
                "choices": _choices()}
    return {"reviews": history, "review_form": form, "review_actions": REVIEW_ACTIONS}


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _choices() -> dict[str, list[str]]:
    subtypes = [s for values in review.SUB_EVENT_TYPES.values() for s in values]
    return {"event_type": list(review.SUB_EVENT_TYPES), "sub_event_type": subtypes,
            "inter1": list(review.acled.INTER_CODES), "inter2": list(review.acled.INTER_CODES),
            "date_precision": ["day", "week", "month", "year"]}


def merged_into(store: Store, event_id: str) -> str | None:
    """For a page asked for an event merged away: the event that holds it now."""
    seen = {event_id}
    target = store.merged_into(event_id)
    while target and store.event(target) is None and target not in seen:
        seen.add(target)
        target = store.merged_into(target)
    return target if target and store.event(target) is not None else None
