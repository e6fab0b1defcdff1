"""Reconciliation: ACLED's conservative figure, UCDP low/best/high, contradictions."""

from __future__ import annotations

from warledger.reconcile import (
    CREDIBILITY,
    PROMINENCE,
    figure_score,
    interval,
    reconcile,
    stated_value,
)
from warledger.records import Claim


def claim(speaker: str, speaker_type: str, low: int | None, high: int | None, qualifier: str,
          kind: str = "fatalities") -> Claim:
    return Claim(f"c-{speaker}-{low}", "a", kind, speaker, speaker_type,  # type: ignore[arg-type]
                 speaker_type == "anonymous_official", "said", "", 0, 0, 0, 0, 0, 0, 0, 0,
                 value_low=low, value_high=high, qualifier=qualifier)  # type: ignore[arg-type]


def test_seed_like_dispute() -> None:
    result = reconcile([
        claim("a US military official", "anonymous_official", 101, None, "more_than"),
        claim("the Syrian Observatory for Human Rights", "monitor", 20, 20, "exact"),
        claim("a US military official", "anonymous_official", 1, 1, "exact", kind="injuries"),
    ])
    assert result.fatalities == 20
    # best: the first (lead) figure, as stated ("more than 100" -> 100)
    assert (result.fatalities_low, result.fatalities_best, result.fatalities_high) == (20, 100, 101)
    assert (result.injuries_low, result.injuries_high) == (1, 1)
    assert result.contradictions == [
        "a US military official: more than 100 killed; "
        "the Syrian Observatory for Human Rights: 20 killed"
    ]


def test_compatible_figures_are_no_contradiction() -> None:
    result = reconcile([
        claim("a US official", "anonymous_official", 100, None, "at_least"),
        claim("CENTCOM", "military", 120, 120, "exact"),
        claim("the ministry", "government", 110, 130, "range"),
    ])
    assert result.contradictions == []
    assert result.fatalities == 100 and result.fatalities_high == 130
    assert result.fatalities_best == 100  # prominence: the first figure leads


def test_armed_group_claims_are_not_credible() -> None:
    result = reconcile([
        claim("the ministry", "government", 5, 5, "exact"),
        claim("a Taliban spokesman", "armed_group", 20, 20, "exact"),
    ])
    assert CREDIBILITY["armed_group"] < CREDIBILITY["government"]
    assert (result.fatalities, result.fatalities_high, result.contradictions) == (5, 5, [])


def test_no_figures_no_fatalities() -> None:
    result = reconcile([claim("witnesses", "witness", None, None, "exact", kind="attack")])
    assert result.fatalities == 0 and result.fatalities_best is None


def test_intervals() -> None:
    assert interval(claim("x", "other", 101, None, "more_than"))[1] == float("inf")
    assert interval(claim("x", "other", None, 30, "up_to")) == (0, 30)


def test_best_weighs_credibility_against_prominence() -> None:
    # score = credibility + prominence (1 for the first claim, falling to 0 for the last)
    first = claim("state TV", "state_media", 50, 50, "exact")
    second = claim("the Observatory", "monitor", 30, 30, "exact")
    assert figure_score([first, second], 0) == CREDIBILITY["state_media"] + PROMINENCE
    assert figure_score([first, second], 1) == CREDIBILITY["monitor"] + PROMINENCE / 2
    assert reconcile([first, second]).fatalities_best == 50


def test_best_prefers_corroborated_and_precise_figures() -> None:
    vague = claim("activists", "other", 12, None, "at_least")
    vague.quantity_text = "dozens"
    precise = claim("the Observatory", "monitor", 31, 31, "exact")
    assert reconcile([vague, precise]).fatalities_best == 31  # vague loses to precise
    lead = claim("the report", "media", 40, 40, "exact")
    other = claim("the Observatory", "monitor", 25, 25, "exact")
    again = claim("a doctor", "witness", 25, 25, "exact")
    assert reconcile([lead, other, again]).fatalities_best == 25  # said twice, by a monitor
    assert reconcile([lead, other]).fatalities_best == 40  # once: the lead figure wins


def test_stated_value() -> None:
    assert stated_value(claim("x", "other", 101, None, "more_than")) == 100
    assert stated_value(claim("x", "other", None, 30, "up_to")) == 30
    assert stated_value(claim("x", "other", 20, 30, "range")) == 20
