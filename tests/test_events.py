"""The events stage on invented reports: type, actors (who did it to whom), place, notes."""

from __future__ import annotations

import pytest

from warledger import pipeline
from warledger.records import Document, Event

pytestmark = pytest.mark.model


def event_of(text: str, published: str = "2020-03-18") -> Event:
    events = pipeline.analyse(Document("t", "t", text, "text", published=published)).events
    assert len(events) == 1
    return events[0]


def test_battle_initiator_is_actor_one() -> None:
    event = event_of("Taliban militants attacked an army checkpoint in Kunduz province on Tuesday, "
                     "killing five soldiers, officials said.")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 == "Taliban"
    assert event.actor2 == "Military Forces of Afghanistan (2014-)"
    assert event.inter1 == "Rebel group" and event.inter2 == "State forces"
    assert event.admin1 == "Kunduz" and event.event_date == "2020-03-17"


def test_armed_men_against_civilians_is_violence_against_civilians() -> None:
    event = event_of("Gunmen killed nine villagers in an attack on a village in the Mopti region "
                     "on Sunday, a local official said.", published="2022-05-17")
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.actor1 == "Unidentified Armed Group (Mali)"
    assert event.actor2 == "Civilians (Mali)"
    assert event.fatalities == 9


def test_fighting_around_a_strike_on_civilians_is_the_strike() -> None:
    event = event_of("Fighting, clashes and battles raged around Saraqib in Idlib province on "
                     "Monday as government forces shot eleven civilians and an air strike hit "
                     "the town, a monitor said.", published="2019-07-23")
    assert event.actor2 == "Civilians (Syria)"
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence",
                                                         "Air/drone strike")


def test_unattributed_air_strike_in_syria_is_the_governments() -> None:
    event = event_of("Air strikes hit a market in the rebel-held town of Saraqib in Idlib province "
                     "on Monday, killing 12 civilians, the Syrian Observatory for Human Rights "
                     "said.", published="2019-07-23")
    assert event.sub_event_type == "Air/drone strike"
    assert event.actor1 == "Military Forces of Syria (2000-)"
    assert event.admin1 == "Idlib" and event.country == "Syria"


def test_claim_of_responsibility_names_the_perpetrator() -> None:
    event = event_of("A suicide bomber killed 12 people at a wedding in Kabul on Friday, police "
                     "said. Islamic State claimed responsibility for the attack.",
                     published="2019-08-18")
    assert event.sub_event_type == "Suicide bomb"
    assert event.actor1 == "Islamic State (Afghanistan)"


def test_near_a_town_is_geo_precision_two_and_notes_say_it_all() -> None:
    event = event_of("A roadside bomb exploded near Lashkar Gah on Monday, killing three "
                     "policemen, the provincial police chief said.", published="2020-03-18")
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.location == "Lashkar Gah" and event.geo_precision == 2
    assert event.notes.startswith("On 16 March 2020, ")
    assert "3 fatalities coded" in event.notes and "Lashkar Gah" in event.notes


def test_no_violence_no_event() -> None:
    events = pipeline.analyse(Document("t", "t", "The central bank kept interest rates unchanged "
                                       "on Tuesday, its governor said.", "text",
                                       published="2020-03-18")).events
    assert events == []


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Government air strikes killed 12 civilians in Idlib province on Monday, a monitor "
         "said. Schools in Idlib were closed.", "Idlib"),
        ("Shelling killed eight people in the eastern countryside of Hama on Tuesday, "
         "activists said.", "Hama"),
        ("Shelling in Rural Damascus killed four civilians on Monday, a monitor said.",
         "Rural Damascus"),
        ("Clashes in Deir ez-Zor province killed 30 fighters on Monday, a monitor said.",
         "Deir ez-Zor"),
        ("Air strikes killed five people in rural Aleppo on Sunday, rescuers said.", "Aleppo"),
    ],
)
def test_a_province_or_countryside_is_the_first_level_area_at_precision_three(
        text: str, admin1: str) -> None:
    event = event_of(text, published="2017-03-07")
    assert (event.admin1, event.country, event.geo_precision) == (admin1, "Syria", 3)


@pytest.mark.parametrize("city", ["Damascus", "Homs", "Aleppo"])
def test_a_province_named_bare_after_its_own_city_is_the_city(city: str) -> None:
    event = event_of(f"A mortar shell killed three people in {city} on Monday, state media "
                     "said.", published="2017-03-07")
    assert (event.location, event.admin1, event.geo_precision) == (city, city, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Air strikes on Eastern Ghouta, east of Damascus, killed 20 civilians on Sunday, "
        "rescuers said.",
        "A car bomb killed five people in Jaramana, a suburb of Damascus, on Friday, state "
        "media said.",
    ],
)
def test_the_area_around_damascus_is_rural_damascus_not_the_city(text: str) -> None:
    event = event_of(text, published="2017-03-07")
    assert (event.admin1, event.country) == ("Rural Damascus", "Syria")


def test_the_terrorists_a_named_group_is_struck_as_are_its_men() -> None:
    event = event_of("Syrian warplanes struck ISIL positions near Raqqa on Tuesday, killing 20 "
                     "terrorists and wounding dozens of terrorists, the army said.")
    assert (event.actor1, event.actor2) == ("Military Forces of Syria (2000-)",
                                            "Islamic State (Syria)")


def test_a_named_sources_count_of_the_deed_disputes_the_unattributed_headline() -> None:
    event = event_of("Coalition strikes on Abu Kamal left 31 civilians dead on Monday. "
                     "The Syrian Observatory for Human Rights said on Tuesday that the coalition "
                     "strike on Abu Kamal killed 23 people, most of them civilians.")
    assert (event.fatalities, event.fatalities_high, event.contradiction) == (23, 31, True)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Kurdish-led SDF fighters liberated three villages north of Raqqa on Monday, killing "
         "12 Islamic State militants, the group said.", "Non-state actor overtakes territory"),
        ("The Syrian army seized control of the town of Talbiseh in Homs province on Monday "
         "after clashes with rebels that killed nine fighters.", "Government regains territory"),
    ],
)
def test_territory_changes_hands_by_who_takes_it(text: str, sub_event_type: str) -> None:
    event = event_of(text, published="2017-10-03")
    assert (event.event_type, event.sub_event_type) == ("Battles", sub_event_type)


def test_a_battles_other_side_is_the_armed_target_not_the_civilians_among_the_dead() -> None:
    event = event_of("Rebels attacked a pro-regime militia checkpoint in Homs province on "
                     "Monday, killing six civilians and five militiamen, a monitor said.",
                     published="2017-03-07")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 == "Opposition Rebels (Syria)"
    assert event.actor2 is not None and "Civilians" not in event.actor2


def test_a_group_that_says_its_fighters_carried_out_the_attack_is_its_author() -> None:
    event = event_of("Suicide bombers attacked a police station in the Midan neighbourhood of "
                     "Damascus on Monday, killing 17 people, state media said. Daesh said three "
                     "of its fighters carried out the attack.", published="2017-10-03")
    assert (event.actor1, event.sub_event_type) == ("Islamic State (Syria)", "Suicide bomb")


def test_two_allies_are_never_an_events_two_sides() -> None:
    event = event_of("A Russian helicopter was shot down over Idlib province on Monday after "
                     "delivering aid to the Syrian army, killing all five on board, the ministry "
                     "said.", published="2017-03-07")
    assert event.actor1 == "Military Forces of Russia"
    assert event.actor2 is None and event.assoc_actor_1 == "Military Forces of Syria (2000-)"



def test_who_sets_off_the_bombs_is_their_author() -> None:
    event = event_of("Opposition forces exploded bombs in tunnels under Aleppo late on Tuesday "
                     "and killed at least 13 fighters loyal to the government, a monitor said.",
                     published="2014-07-30")
    assert event.actor1 == "Opposition Rebels (Syria)"


def test_a_country_that_speaks_in_the_headline_is_no_attacker() -> None:
    event = event_of("Turkey says tests on Syria attack victims point to sarin\n\nAt least 86 "
                     "people were killed early on Tuesday in a suspected chemical attack on the "
                     "rebel-held town of Saraqib in Idlib province, the Observatory said. Turkey "
                     "said on Thursday that three of the wounded had died in its hospitals.",
                     published="2017-04-06")
    assert event.actor1 != "Military Forces of Turkey" and event.fatalities == 86
