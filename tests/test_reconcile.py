"""Reconciliation: ACLED's conservative figure, UCDP low/best/high, contradictions."""

from __future__ import annotations

from warledger.events.estimates import (
    is_deed,
    is_elsewhere,
    is_narrower,
    is_part,
    is_span,
    is_superseded,
    is_update,
    same_source,
)
from warledger.events.reconcile import (
    CREDIBILITY,
    GROUP_WINDOW,
    PROMINENCE,
    figure_score,
    interval,
    is_implicit,
    is_more,
    reconcile,
    side,
    stated_value,
    victim_groups,
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


def figure(subject: str, value: int, content: str, at: int, text: str | None = None,
           speaker: str = "the report", speaker_type: str = "media") -> Claim:
    c = claim(speaker, speaker_type, value, value, "exact")
    c.subject, c.content, c.quantity_start = subject, content, at
    c.quantity_text = text or str(value)
    return c


def test_different_sides_add_up() -> None:
    police = figure("policemen", 2, "2 policemen were killed", 10)
    militants = figure("militants", 6, "6 militants were also killed", 90,
                       speaker="local officials", speaker_type="government")
    result = reconcile([police, militants])
    assert (result.fatalities, result.fatalities_high, result.contradictions) == (8, 8, [])
    assert result.fatalities_best == 8  # never below the sum of the groups
    assert [len(g) for g in victim_groups([police, militants])] == [1, 1]


def test_same_side_estimates_compete() -> None:
    first = figure("Syrian pro-government forces", 101, "more than 100 ...", 10)
    first.qualifier = "more_than"
    second = figure("government and allied forces", 20, "20 dead", 120,
                    speaker="SOHR", speaker_type="monitor")
    result = reconcile([first, second])
    assert result.fatalities == 20 and len(result.contradictions) == 1


def test_also_of_the_same_side_adds_up_but_also_reported_does_not() -> None:
    first = figure("soldier", 1, "1 soldier was killed", 10)
    more = figure("soldiers", 3, "3 soldiers were also killed in another attack", 60)
    assert reconcile([first, more]).fatalities == 4
    again = figure(None, 1, "VoJ also reported 1 fatality", 60)  # type: ignore[arg-type]
    assert not is_more(again) and reconcile([first, again]).fatalities == 1


def test_far_figures_make_no_group_of_their_own() -> None:
    lead = figure("civilians", 20, "killed 20 civilians", 10)
    later = figure("army troops", 15, "killed 15 army troops", 10 + GROUP_WINDOW + 1)
    # neither added (no group of its own) nor competing (other people than the group's)
    assert reconcile([lead, later]).fatalities == 20
    people = figure("people", 15, "killed 15 people", 10 + GROUP_WINDOW + 1,
                    speaker="a monitor", speaker_type="monitor")
    assert reconcile([lead, people]).fatalities == 15  # another source, counting lower
    own = figure("people", 15, "killed 15 people", 10 + GROUP_WINDOW + 1)
    assert reconcile([lead, own]).fatalities == 20  # one source's smaller figure is a part


def test_implicit_victim_counts_only_alone_or_as_more() -> None:
    woman = figure("a woman", 1, "gunmen killed a woman", 10, text="a woman")
    assert is_implicit(woman) and reconcile([woman]).fatalities == 1
    twelve = figure("people", 12, "12 people were killed", 10)
    child = figure("a child", 1, "a child was killed by a sniper", 60, text="a child")
    assert reconcile([twelve, child]).fatalities == 12
    also = figure("a militant", 1, "Also a militant was killed", 60, text="a militant")
    assert reconcile([twelve, also]).fatalities == 13


def test_sides() -> None:
    assert side(figure("Taliban militants", 1, "", 0)) == "militant"
    assert side(figure("pro-government militia members", 1, "", 0)) == "state"
    assert side(figure("anti-government fighters", 1, "", 0)) == "militant"
    assert side(figure("people", 1, "", 0)) is None


def test_a_smaller_figure_at_a_site_the_toll_does_not_name_is_a_part() -> None:
    toll = figure("civilians", 22, "Air strikes near Damascus killed at least 22 civilians", 40,
                  speaker="a monitor", speaker_type="monitor")
    douma = figure("civilians", 16, "raids killed 16 civilians in the town of Harbiya", 90,
                   speaker="a local council", speaker_type="government")
    assert is_narrower(douma, toll)
    assert reconcile([toll, douma]).fatalities == 22
    assert reconcile([toll, douma]).contradictions == []
    # the same site as the toll, or a country: a competing estimate
    same = figure("civilians", 16, "raids near Damascus killed 16 civilians", 90,
                  speaker="state media", speaker_type="state_media")
    country = figure("civilians", 16, "raids in Syria killed 16 civilians", 90,
                     speaker="state media", speaker_type="state_media")
    assert not is_narrower(same, toll) and not is_narrower(country, toll)
    assert reconcile([toll, same]).fatalities == 16
    # a larger figure at a site is never a part of a smaller toll
    assert not is_narrower(toll, douma)


def test_one_source_under_two_names() -> None:
    first = figure("people", 26, "strikes killed 26 people", 10, speaker="a monitoring group",
                   speaker_type="monitor")
    later = figure("people", 12, "other strikes killed 12 people", 90, speaker="the Observatory",
                   speaker_type="monitor")
    named = figure("people", 12, "", 90, speaker="the Syrian Observatory for Human Rights",
                   speaker_type="monitor")
    assert same_source(first, later) and same_source(later, named)
    assert reconcile([first, later]).fatalities == 26  # a source's first figure is its toll
    assert reconcile([first, later]).contradictions == []
    official = figure("people", 12, "", 90, speaker="a Syrian official", speaker_type="government")
    assert not same_source(first, official)
    us = figure("people", 12, "", 90, speaker="a US official", speaker_type="anonymous_official")
    assert not same_source(us, figure("people", 3, "", 9, speaker="a Syrian official",
                                      speaker_type="anonymous_official"))


def test_a_stated_total_stands_and_its_parts_do_not_compete() -> None:
    part = figure("civilians", 25, "killed 25 civilians in the neighbourhood", 10)
    total = figure("civilians", 54, "A total of 54 civilians were killed", 110)
    total.content_start, total.quantity_start = 100, 111
    assert is_update(total)
    assert reconcile([part, total]).fatalities == 54
    died = figure("casualties", 3, "casualties of the attack - three of which died", 0)
    died.quantity_start = died.content.index("three")
    died.quantity_end = died.quantity_start + len("three")
    assert is_part(died)


def test_a_figure_followed_by_among_them_is_the_whole_not_a_part() -> None:
    whole = figure("civilians", 15, "Fifteen civilians among them 11 children were killed", 0,
                   text="Fifteen")
    whole.quantity_end = len("Fifteen")
    assert not is_part(whole)
    part = figure("children", 11, "Fifteen civilians among them 11 children were killed", 0)
    part.quantity_start = part.content.index("11")
    part.quantity_end = part.quantity_start + 2
    assert is_part(part)


def test_a_toll_over_days_is_not_the_incidents_unless_the_report_is_about_it() -> None:
    today = figure("civilians", 8, "bombardment killed eight civilians on Sunday", 10)
    week = figure("civilians", 66, "Since Tuesday air strikes have killed 66 civilians", 90)
    assert reconcile([today, week]).fatalities_high == 8
    days = figure("fighters", 45, "infighting has killed 45 fighters over the past two days", 10)
    assert reconcile([days]).fatalities == 45
    assert not is_span(figure("people", 48, "48 people killed in a village earlier this week", 0))
    assert is_span(figure("militants", 77, "strikes killed 77 militants over the past week", 0))


def test_more_than_is_coded_as_the_number_stated() -> None:
    more = figure("people", 101, "more than 100 people were killed", 10)
    more.qualifier = "more_than"
    assert reconcile([more]).fatalities == 100


def test_a_smaller_figure_told_with_its_own_deed_is_a_part_and_a_restated_toll_competes() -> None:
    toll = figure("people", 26, "air strikes killed 26 people", 22, speaker="a monitor",
                  speaker_type="monitor")
    deed = figure("people", 14, "an air strike hit its courtyard, killing 14 people", 41,
                  speaker="a hospital spokesman", speaker_type="other")
    deed.content_start = 0
    restated = figure("people", 14, "14 people were killed", 0, speaker="state television",
                      speaker_type="state_media")
    assert is_deed(deed, toll) and not is_deed(restated, toll)
    assert reconcile([toll, deed]).fatalities == 26
    assert reconcile([toll, restated]).fatalities == 14
    several = figure("fighters", 10, "it has killed several fighters", 0, text="several")
    six = figure("fighters", 6, "it had killed six fighters", 15)
    assert not is_deed(six, several)  # "several" is a convention, not a count
    assert reconcile([several, six]).fatalities == 6


def test_a_figure_named_as_part_of_a_larger_one_is_that_part() -> None:
    civilians = figure("civilians", 58, "strikes kill 58 civilians", 13)
    toll = figure("people", 82, "the toll rose to 82 people including 58 civilians", 17,
                  speaker="a monitor", speaker_type="monitor")
    assert reconcile([civilians, toll]).fatalities == 82
    children = figure("children", 30, "School bombing kills 30 children", 22)
    among = figure("people", 39, "30 children were among 39 people who died", 24,
                   speaker="a monitor", speaker_type="monitor")
    assert reconcile([children, among]).fatalities_best == 39


def test_a_larger_figure_at_a_site_the_toll_does_not_name_is_another_incident() -> None:
    toll = figure("civilians", 19, "bombardment east of the capital killed 19 civilians", 40)
    other = figure("people", 58, "58 people were killed in an attack on the town of Khan Tell", 0,
                   speaker="a monitor", speaker_type="monitor")
    assert is_elsewhere(other, toll)
    assert reconcile([toll, other]).fatalities_high == 19
    risen = figure("people", 82, "the toll in the town of Khan Tell rose to 82", 42)
    risen.quantity_start = risen.content.index("82")
    assert not is_elsewhere(risen, toll)  # a newer count, wherever it is placed


def test_an_earlier_count_the_report_replaced_does_not_compete() -> None:
    toll = figure("civilians", 38, "An air strike killed 38 civilians as they fled", 0)
    toll.quantity_start = toll.content.index("38")
    earlier = figure("people", 20, "The monitor, which earlier gave a toll of 20, said", 0,
                     speaker="the monitor", speaker_type="monitor")
    earlier.quantity_start = earlier.content.index("20")
    assert is_superseded(earlier) and not is_superseded(toll)
    assert reconcile([toll, earlier]).fatalities == 38
    initially = figure("people", 5, "a source had initially put the death toll at 5", 0)
    initially.quantity_start = initially.content.index("5")
    assert is_superseded(initially)
    told = figure("people", 1, "The news agency reported earlier that one person was killed", 0)
    told.quantity_start = told.content.index("one")
    assert is_superseded(told) and reconcile([toll, told]).fatalities == 38
    dated = figure("people", 4, "The ministry said earlier this week that 4 were killed", 0)
    dated.quantity_start = dated.content.index("4")
    assert not is_superseded(dated)  # a time of its own, not a replaced count


def test_a_total_told_after_the_sides_counts_them_all() -> None:
    police = figure("policemen", 8, "killing 8 policemen and injuring 6", 10)
    militants = figure("Taliban militants", 14, "Also 14 Taliban militants were killed", 90)
    total = figure("people", 22, "Total fatalities coded as 22", 140)
    total.content_start = 140 - total.content.index("22")
    assert reconcile([police, militants]).fatalities == 22  # the sides add up
    assert reconcile([police, militants, total]).fatalities == 22  # the total is all of them
    later = figure("people", 25, "The toll rose to 25", 140)
    later.content_start = 140 - later.content.index("25")
    assert reconcile([police, militants, later]).fatalities == 39  # one side's newer count
