"""Casualty-figure rules on hand-built parses (no model). The sentences are invented."""

from __future__ import annotations

import pytest
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


RUN_ON_HEADLINE = """
    1 Gunmen    NOUN  NNS 2 nsubj
    2 abducted  VERB  VBD 0 ROOT
    3 40        NUM   CD  2 dobj    CARDINAL
    4 executed  VERB  VBD 2 conj
    5 6         NUM   CD  6 nummod  CARDINAL
    6 villagers NOUN  NNS 4 dobj
"""


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


KILLED_THEN_INJURED = """
    1 A         DET   DT  2 det
    2 bomber    NOUN  NN  3 nsubj
    3 killed    VERB  VBD 0 ROOT
    4 30        NUM   CD  5 nummod  CARDINAL
    5 people    NOUN  NNS 3 dobj
    6 injured   VERB  VBN 5 acl
    7 90        NUM   CD  6 dobj    CARDINAL
"""

COUNTS_THEN_VERBS = """
    1 10        NUM   CD  2 nsubj   CARDINAL
    2 killed    VERB  VBN 0 ROOT
    3 20        NUM   CD  4 nummod  CARDINAL
    4 people    NOUN  NNS 2 dobj
    5 injured   VERB  VBN 4 acl
"""


OTHERS_AFTER_VERB = """
    1 4         NUM   CD  2 nummod  CARDINAL
    2 people    NOUN  NNS 3 nsubj
    3 killed    VERB  VBD 0 ROOT
    4 six       NUM   CD  5 nummod  CARDINAL
    5 others    NOUN  NNS 3 dobj
    6 injured   VERB  VBN 5 acl
"""


@pytest.mark.parametrize(("text", "table", "expected"), [
    # 'others' after the count: another group, told by the participle after it
    ("4 people killed six others injured", OTHERS_AFTER_VERB,
     [("fatalities", 4, False), ("injuries", 6, False)]),
    # a count right after a verb of killing is what it killed, the next verb's its own
    ("A bomber killed 30 people injured 90", KILLED_THEN_INJURED,
     [("fatalities", 30, False), ("injuries", 90, False)]),
    # ... unless that verb follows a count itself: the next item of a list
    ("10 killed 20 people injured", COUNTS_THEN_VERBS,
     [("fatalities", 10, False), ("injuries", 20, False)]),
    # a toll put at a number is a fatality count, whatever the entity tagger says
    ("Medics put the death toll at 31.", PUT_TOLL, [("fatalities", 31, False)]),
    # a toll that stands at a number is an updated count
    ("The death toll stood at 31.", TOLL_STOOD, [("fatalities", 31, True)]),
    # a number after "at" with no toll stays a date
    ("Envoys met at 31.", MEETING_AT, []),
    # a number right after another verb is that verb's object, not a toll
    ("Gunmen abducted 40 executed 6 villagers", RUN_ON_HEADLINE, [("fatalities", 6, False)]),
    # a headline's present-tense killing verb counts its victims
    ("Militants execute 4 men", HEADLINE_PRESENT, [("fatalities", 4, False)]),
    # a number of munitions counts no victims
    ("Gunmen fired tens of rocket shells killing four people", TENS_OF_SHELLS,
     [("fatalities", 4, False)]),
], ids=["others-after-verb", "verb-before-count", "participle-after-count", "toll-put-at",
        "toll-stood-at", "at-without-toll", "another-verbs-object", "present-tense-headline",
        "munitions"])
def test_figure_rules(text: str, table: str, expected: list[tuple[str, int, bool]]) -> None:
    assert figures(build(text, table)) == expected


TOLL_PLACE_BY_PLACE = """
    1 Jets    NOUN  NNS 2 nsubj
    2 killed  VERB  VBD 0 ROOT
    3 5       NUM   CD  4 nummod   CARDINAL
    4 people  NOUN  NNS 2 dobj
    5 in      ADP   IN  2 prep
    6 Douma   PROPN NNP 5 pobj     GPE
    7 ,       PUNCT ,   2 punct
    8 3       NUM   CD  2 npadvmod CARDINAL
    9 in      ADP   IN  2 prep
   10 Harasta PROPN NNP 9 pobj     GPE
   11 and     CCONJ CC  2 cc
   12 2       NUM   CD  2 conj     CARDINAL
   13 in      ADP   IN  12 prep
   14 Arbin   PROPN NNP 13 pobj    GPE
   15 .       PUNCT .   2 punct
"""

PART_AFTER_PLACE = """
    1 Jets     NOUN  NNS 2 nsubj
    2 killed   VERB  VBD 0 ROOT
    3 5        NUM   CD  4 nummod   CARDINAL
    4 people   NOUN  NNS 2 dobj
    5 in       ADP   IN  2 prep
    6 Douma    PROPN NNP 5 pobj     GPE
    7 ,        PUNCT ,   2 punct
    8 3        NUM   CD  11 nsubj   CARDINAL
    9 of       ADP   IN  8 prep
   10 them     PRON  PRP 9 pobj
   11 children NOUN  NNS 2 npadvmod
   12 .        PUNCT .   2 punct
"""


def test_a_toll_told_place_by_place_is_a_count_at_each_place() -> None:
    doc = build("Jets killed 5 people in Douma, 3 in Harasta and 2 in Arbin.", TOLL_PLACE_BY_PLACE)
    assert figures(doc) == [("fatalities", 5, False), ("fatalities", 3, False),
                            ("fatalities", 2, False)]
    part = build("Jets killed 5 people in Douma, 3 of them children.", PART_AFTER_PLACE)
    assert figures(part) == [("fatalities", 5, False)]  # a part of the toll: no place of its own


FIVE_WOMEN_AND_A_CHILD = """
    1 The     DET   DT  2 det
    2 strike  NOUN  NN  3 nsubj
    3 killed  VERB  VBD 0 ROOT
    4 five    NUM   CD  5 nummod  CARDINAL
    5 women   NOUN  NNS 3 dobj
    6 and     CCONJ CC  5 cc
    7 a       DET   DT  8 det
    8 child   NOUN  NN  5 conj
    9 .       PUNCT .   3 punct
"""


def test_one_person_listed_after_the_counted_ones_counts_too() -> None:
    doc = build("The strike killed five women and a child.", FIVE_WOMEN_AND_A_CHILD)
    (figure,) = casualty_figures(doc)
    assert (figure.kind, figure.value_low, figure.value_high) == ("fatalities", 6, 6)
    assert doc.text[figure.start : figure.end] == figure.text == "five women and a child"


KILLED_AND_INJURED = """
    1 Shelling  NOUN  NN  2 nsubj
    2 goes      VERB  VBZ 0 ROOT
    3 on        ADP   RP  2 prt
    4 88        NUM   CD  5 nummod  CARDINAL
    5 Killed    VERB  VBN 2 dobj
    6 &         CCONJ CC  5 cc
    7 Injured   VERB  VBN 5 conj
"""


def test_one_number_for_the_dead_and_the_wounded_is_no_death_toll() -> None:
    doc = build("Shelling goes on 88 Killed & Injured", KILLED_AND_INJURED)
    assert figures(doc) == [("injuries", 88, False)]


FRONTED_SUBJECT = """
    1 In       ADP   IN  10 prep
    2 Homs     PROPN NNP 4 nmod     GPE
    3 twelve   NUM   CD  4 nummod   CARDINAL
    4 members  NOUN  NNS 1 pobj
    5 of       ADP   IN  4 prep
    6 the      DET   DT  8 det
    7 local    ADJ   JJ  8 amod
    8 council  NOUN  NN  5 pobj
    9 were     AUX   VBD 10 auxpass
   10 killed   VERB  VBN 0 ROOT
   11 .        PUNCT .   10 punct
"""

FRONTED_OBJECT = """
    1 In       ADP   IN  10 prep
    2 Homs     PROPN NNP 4 nmod     GPE
    3 twelve   NUM   CD  4 nummod   CARDINAL
    4 houses   NOUN  NNS 1 pobj
    5 near     ADP   IN  4 prep
    6 the      DET   DT  7 det
    7 market   NOUN  NN  5 pobj
    8 soldiers NOUN  NNS 10 nsubjpass
    9 were     AUX   VBD 10 auxpass
   10 killed   VERB  VBN 0 ROOT
"""


def test_a_subject_parsed_into_the_opening_phrase_is_still_the_verbs() -> None:
    """With the comma after a fronted place lost, the parser reads 'In [Homs twelve
    members]': the count is still the passive verb's subject, unless it has one."""
    doc = build("In Homs twelve members of the local council were killed.", FRONTED_SUBJECT)
    assert figures(doc) == [("fatalities", 12, False)]
    other = build("In Homs twelve houses near the market soldiers were killed",
                  FRONTED_OBJECT)
    assert figures(other) == []


CONFIRMED_DEAD = """
    1 40        NUM   CD  2 nummod   CARDINAL
    2 people    NOUN  NNS 7 nsubjpass
    3 from      ADP   IN  2 prep
    4 the       DET   DT  5 det
    5 villages  NOUN  NNS 3 pobj
    6 were      AUX   VBD 7 auxpass
    7 confirmed VERB  VBN 0 ROOT
    8 dead      ADJ   JJ  7 oprd
    9 .         PUNCT .   7 punct
"""


def test_people_confirmed_or_found_dead_are_the_dead() -> None:
    """'were confirmed dead', 'were found dead': the predicate of the verb tells the kind."""
    doc = build("40 people from the villages were confirmed dead.", CONFIRMED_DEAD)
    assert figures(doc) == [("fatalities", 40, False)]
