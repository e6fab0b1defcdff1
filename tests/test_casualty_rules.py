"""Casualty-figure rules on hand-built parses (no model). The sentences are invented."""

from __future__ import annotations

from parses import build
from spacy.tokens import Doc

from warledger.claims.casualties import casualty_figures


def figures(doc: Doc) -> list[tuple[str, int | None, bool]]:
    return [(f.kind, f.value_low, f.cumulative) for f in casualty_figures(doc)]


PUT_TOLL = """
    1 Medics  NOUN  NNS 2 nsubj
    2 put     VERB  VBD 0 ROOT
    3 the     DET   DT  5 det
    4 death   NOUN  NN  5 compound
    5 toll    NOUN  NN  2 dobj
    6 at      ADP   IN  2 prep
    7 31      NUM   CD  6 pobj   DATE
    8 .       PUNCT .   2 punct
"""

TOLL_STOOD = """
    1 The     DET   DT  3 det
    2 death   NOUN  NN  3 compound
    3 toll    NOUN  NN  4 nsubj
    4 stood   VERB  VBD 0 ROOT
    5 at      ADP   IN  4 prep
    6 31      NUM   CD  5 pobj   DATE
    7 .       PUNCT .   4 punct
"""

MEETING_AT = """
    1 Envoys  NOUN  NNS 2 nsubj
    2 met     VERB  VBD 0 ROOT
    3 at      ADP   IN  2 prep
    4 31      NUM   CD  3 pobj   DATE
    5 .       PUNCT .   2 punct
"""


def test_a_toll_put_at_a_number_is_a_fatality_count_whatever_the_tagger_says() -> None:
    assert figures(build("Medics put the death toll at 31.", PUT_TOLL)) == [
        ("fatalities", 31, False)]


def test_a_toll_that_stands_at_a_number_is_an_updated_count() -> None:
    assert figures(build("The death toll stood at 31.", TOLL_STOOD)) == [
        ("fatalities", 31, True)]


def test_a_number_after_at_with_no_toll_stays_a_date() -> None:
    assert figures(build("Envoys met at 31.", MEETING_AT)) == []


RUN_ON_HEADLINE = """
    1 Gunmen    NOUN  NNS 2 nsubj
    2 abducted  VERB  VBD 0 ROOT
    3 40        NUM   CD  2 dobj    CARDINAL
    4 executed  VERB  VBD 2 conj
    5 6         NUM   CD  6 nummod  CARDINAL
    6 villagers NOUN  NNS 4 dobj
"""


def test_a_number_right_after_another_verb_is_that_verbs_object_not_a_toll() -> None:
    doc = build("Gunmen abducted 40 executed 6 villagers", RUN_ON_HEADLINE)
    assert figures(doc) == [("fatalities", 6, False)]


DEAD_AND_WOUNDED = """
    1 40        NUM   CD  4 nummod  CARDINAL
    2 Dead      ADJ   JJ  4 amod
    3 Dozens    NOUN  NNS 4 compound
    4 Wounded   NOUN  NNS 0 ROOT
    5 in        ADP   IN  4 prep
    6 Hama      PROPN NNP 5 pobj    GPE
"""


def test_a_casualty_word_right_after_the_number_says_what_it_counts() -> None:
    doc = build("40 Dead Dozens Wounded in Hama", DEAD_AND_WOUNDED)
    assert [(f.kind, f.value_low) for f in casualty_figures(doc)][0] == ("fatalities", 40)


HEADLINE_PRESENT = """
    1 Militants NOUN  NNS 2 nsubj
    2 execute   VERB  VBP 0 ROOT
    3 4         NUM   CD  4 nummod  CARDINAL
    4 men       NOUN  NNS 2 dobj
"""


def test_a_headlines_present_tense_killing_verb_counts_its_victims() -> None:
    doc = build("Militants execute 4 men", HEADLINE_PRESENT)
    assert figures(doc) == [("fatalities", 4, False)]


TENS_OF_SHELLS = """
    1 Gunmen    NOUN  NNS 2 nsubj
    2 fired     VERB  VBD 0 ROOT
    3 tens      NOUN  NNS 2 dobj
    4 of        ADP   IN  3 prep
    5 rocket    NOUN  NN  6 compound
    6 shells    NOUN  NNS 4 pobj
    7 killing   VERB  VBG 2 advcl
    8 four      NUM   CD  9 nummod  CARDINAL
    9 people    NOUN  NNS 7 dobj
"""


def test_a_number_of_munitions_counts_no_victims() -> None:
    doc = build("Gunmen fired tens of rocket shells killing four people", TENS_OF_SHELLS)
    assert figures(doc) == [("fatalities", 4, False)]
