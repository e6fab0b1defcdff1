"""Reconciliation: ACLED's conservative figure, UCDP low/best/high, contradictions."""

from __future__ import annotations

from warledger.reconcile import CREDIBILITY, interval, reconcile
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
    assert (result.fatalities_low, result.fatalities_best, result.fatalities_high) == (20, 20, 101)
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
    assert result.fatalities_best == 120  # the military outranks an anonymous official


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
