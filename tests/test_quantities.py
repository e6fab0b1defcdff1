"""Quantities: qualifier forms, vague numbers, non-counts; casualty figures (model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from warledger.claims import casualties
from warledger.claims.quantities import find_quantities, parse_number


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def nlp() -> Language:
    from warledger.text import nlp as nlp_stage

    return nlp_stage.load()


def one(blank: Language, text: str) -> tuple[str, int | None, int | None, str]:
    found = find_quantities(blank(text))
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q.text, q.value_low, q.value_high, q.qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials counted 20 people.", ("20", 20, 20, "exact")),
        ("at least 100 people", ("at least 100", 100, None, "at_least")),
        ("more than 100 people", ("more than 100", 101, None, "more_than")),
        ("over 100 people", ("over 100", 101, None, "more_than")),
        ("up to 30 people", ("up to 30", None, 30, "up_to")),
        ("as many as 30 people", ("as many as 30", None, 30, "up_to")),
        ("fewer than 30 people", ("fewer than 30", None, 29, "up_to")),
        ("about 50 people", ("about 50", 50, 50, "about")),
        ("around 50 people", ("around 50", 50, 50, "about")),
        ("nearly 50 people", ("nearly 50", 50, 50, "about")),
        ("some 50 people", ("some 50", 50, 50, "about")),
        ("20 to 30 people", ("20 to 30", 20, 30, "range")),
        ("20-30 people", ("20-30", 20, 30, "range")),
        ("between 20 and 30 people", ("between 20 and 30", 20, 30, "range")),
        ("1,500 people", ("1,500", 1500, 1500, "exact")),
        ("forty-five people", ("forty-five", 45, 45, "exact")),
        ("two dozen people", ("two dozen", 24, 24, "exact")),
        ("one soldier", ("one", 1, 1, "exact")),
    ],
)
def test_qualifier_forms(blank: Language, text: str, expected: tuple) -> None:
    assert one(blank, text) == expected


@pytest.mark.parametrize(
    ("text", "low", "qualifier"),
    [
        ("dozens of people", 12, "at_least"),
        ("hundreds of people", 100, "at_least"),
        ("tens of people", 10, "at_least"),
        ("scores of people", 20, "at_least"),
        ("tens of thousands of people", 10_000, "at_least"),
        ("a handful of people", 3, "about"),
        ("several people", 10, "about"),
    ],
)
def test_vague_numbers_follow_acled(blank: Language, text: str, low: int, qualifier: str) -> None:
    _, value_low, _, qual = one(blank, text)
    assert (value_low, qual) == (low, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "They walked 500 metres.",
        "A 12-year-old boy was there.",
        "The boy, aged 12, was there.",
        "It cost $500 in total.",
        "Turnout rose 12 percent.",
        "It happened in 2018.",
        "It happened on 7 February.",
        "Then 20 to 30 artillery rounds landed.",
        "He came 21st in the race.",
    ],
)
def test_non_counts_are_ignored(blank: Language, text: str) -> None:
    assert find_quantities(blank(text)) == []


def test_parse_number() -> None:
    assert parse_number("three thousand") == 3000
    assert parse_number("a dozen") == 12
    assert parse_number("banana") is None


def test_find_quantities_on_a_span_keeps_document_offsets(blank: Language) -> None:
    doc = blank("First 5 here. Then at least 7 there.")
    span = doc[3:]
    (q,) = find_quantities(span)
    assert (q.text, doc.text[q.start : q.end]) == ("at least 7", "at least 7")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "subject"),
    [
        ("More than 100 Syrian pro-government forces were killed.", "fatalities", 101, None,
         "Syrian pro-government forces"),
        ("One SDF member was wounded in the clash.", "injuries", 1, 1, "SDF member"),
        ("The monitor confirmed 20 dead among government forces.", "fatalities", 20, 20,
         "government forces"),
        ("The air strike killed at least 12 children.", "fatalities", 12, None, "children"),
        ("Between 20 and 30 people were injured.", "injuries", 20, 30, "people"),
        ("Dozens of civilians were killed.", "fatalities", 12, None, "civilians"),
        ("About 50 women lost their lives.", "fatalities", 50, 50, "women"),
    ],
)  # fmt: skip
def test_casualty_figures(
    nlp: Language, text: str, kind: str, low: int | None, high: int | None, subject: str
) -> None:
    (fig,) = casualties.casualty_figures(nlp(text))
    assert (fig.kind, fig.value_low, fig.value_high, fig.subject) == (kind, low, high, subject)


@pytest.mark.model
def test_figure_flags_and_cumulative_toll(nlp: Language) -> None:
    figs = casualties.casualty_figures(
        nlp("The death toll rose to 35 on Monday. The strike killed 12 children. "
            "Shelling killed 3 women.")
    )
    toll = figs[0]
    assert (toll.value_low, toll.cumulative, toll.kind) == (35, True, "fatalities")
    assert figs[1].children and not figs[1].women
    assert (figs[2].value_low, figs[2].women, figs[2].kind) == (3, True, "fatalities")


@pytest.mark.model
def test_coordinated_groups_are_summed(nlp: Language) -> None:
    doc = nlp("Air strikes killed 5 civilians and 3 soldiers near the town, and 2 people were "
              "wounded.")  # fmt: skip
    figs = casualties.casualty_figures(doc)
    total = figs[0]
    assert (total.kind, total.value_low, total.value_high, total.qualifier) == (
        "fatalities", 8, 8, "exact")
    assert total.text == "5 civilians and 3 soldiers" and total.civilians
    assert doc.text[total.start : total.end] == total.text
    assert (figs[1].kind, figs[1].value_low) == ("injuries", 2)


@pytest.mark.model
def test_including_is_not_a_sum(nlp: Language) -> None:
    figs = casualties.casualty_figures(nlp("The raid killed 47 people, including 31 children."))
    assert figs[0].value_low == 47 and all(f.value_low != 78 for f in figs)


@pytest.mark.model
def test_war_wide_toll_is_background(nlp: Language) -> None:
    doc = nlp("The blast killed 12 people. More than 280,000 people have been killed since "
              "the conflict erupted in 2011.")  # fmt: skip
    figs = casualties.casualty_figures(doc)
    assert [(f.value_low, f.background) for f in figs] == [(12, False), (280_001, True)]


@pytest.mark.model
def test_run_on_headline_without_parse(nlp: Language) -> None:
    doc = nlp("Syrian Army Regains Several Towns 28 Terrorists Killed in Idleb Clashes With Army "
              "Units")  # fmt: skip
    figs = casualties.casualty_figures(doc)
    assert [(f.kind, f.value_low) for f in figs] == [("fatalities", 28)]


def test_decimal_is_not_a_count(blank: Language) -> None:
    assert [q.text for q in find_quantities(blank("On 16.04.2017 the town"))] == []


@pytest.mark.model
def test_weapon_and_distance_counts_are_not_casualties(nlp: Language) -> None:
    doc = nlp("After 20 to 30 artillery and tank rounds landed within 500 metres of the base, "
              "the official said 3 soldiers were hurt.")  # fmt: skip
    figs = casualties.casualty_figures(doc)
    assert [(f.kind, f.value_low) for f in figs] == [("injuries", 3)]


@pytest.mark.model
def test_listed_groups_are_summed_even_when_the_parse_misses_some(nlp: Language) -> None:
    doc = nlp("On Sunday, 6 commandos, 5 soldiers, 2 police commandos, and 15 Taliban militants "
              "were killed, and 20 commandos were wounded.")  # fmt: skip
    figs = casualties.casualty_figures(doc)
    assert [(f.kind, f.value_low, f.value_high) for f in figs] == [
        ("fatalities", 28, 28), ("injuries", 20, 20)]
    assert figs[0].text == "6 commandos, 5 soldiers, 2 police commandos, and 15 Taliban militants"
    ranged = casualties.casualty_figures(
        nlp("2-5 militants, 3 policemen and 1 soldier were killed."))
    assert [(f.value_low, f.value_high, f.qualifier) for f in ranged] == [(6, 9, "range")]


@pytest.mark.model
def test_a_part_given_with_including_is_dropped(nlp: Language) -> None:
    doc = nlp("12 Taliban militants including 2 commanders were killed in the raid.")
    figs = casualties.casualty_figures(doc)
    assert [(f.kind, f.value_low) for f in figs] == [("fatalities", 12)]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Taliban militants shot and killed a woman after accusing her of adultery.", "a woman"),
        ("A former soldier was killed by gunmen in the village.", "A former soldier"),
        ("Gunmen ambushed and killed the director of the traffic police department.",
         "the director of the traffic police department"),
    ],
)  # fmt: skip
def test_single_victim_without_number_is_one(nlp: Language, text: str, subject: str) -> None:
    (fig,) = casualties.casualty_figures(nlp(text))
    assert (fig.kind, fig.value_low, fig.value_high, fig.subject) == ("fatalities", 1, 1, subject)
    assert text[fig.start : fig.end] == fig.text


@pytest.mark.model
def test_no_single_victim_for_things_or_counted_people(nlp: Language) -> None:
    assert casualties.casualty_figures(nlp("The senator killed the bill on Monday.")) == []
    figs = casualties.casualty_figures(nlp("A bomb killed 3 soldiers near the base."))
    assert [f.value_low for f in figs] == [3]


@pytest.mark.model
def test_victims_of_joined_verbs_but_not_killers(nlp: Language) -> None:
    doc = nlp("1 civilian was kidnapped and killed by the militants.")
    assert [(f.kind, f.value_low) for f in casualties.casualty_figures(doc)] == [("fatalities", 1)]
    doc = nlp("55 terrorists attacked the city and killed three civilians.")
    assert [(f.value_low, f.subject) for f in casualties.casualty_figures(doc)] == [
        (3, "civilians")]


def test_a_run_of_figures_counts_only_its_last(blank: Language) -> None:
    text = "Share 0 85 12 fighters were killed."
    assert [q.text for q in find_quantities(blank(text))] == ["12"]
