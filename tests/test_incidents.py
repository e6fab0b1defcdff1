"""One event per incident, on invented reports: roundups, background, commentary, figures."""

from __future__ import annotations

import pytest

from warledger import pipeline
from warledger.records import Document, Event

pytestmark = pytest.mark.model


def _events(text: str, published: str = "2020-03-10") -> list[Event]:
    return pipeline.analyse(Document("t", "t", text, "text", published=published)).events


def test_a_roundup_gives_one_event_per_paragraph_and_province() -> None:
    events = _events(
        "On 9 March 2020, Taliban militants attacked a police checkpoint in Nad Ali "
        "district, Helmand. Four policemen were killed.\n\n"
        "On 9 March 2020, two civilians were killed when a roadside bomb hit their car in "
        "Kunduz city, Kunduz.\n\n"
        "On 9 March 2020, Afghan forces clashed with Taliban militants in Shindand district, "
        "Herat. Three Taliban fighters were killed.")
    assert sorted(e.admin1 or "" for e in events) == ["Helmand", "Herat", "Kunduz"]
    by_place = {e.admin1: e for e in events}
    assert by_place["Helmand"].fatalities == 4
    assert by_place["Kunduz"].sub_event_type == "Remote explosive/landmine/IED"
    assert by_place["Herat"].fatalities == 3


def test_claims_carry_the_event_of_their_incident() -> None:
    analysis = pipeline.analyse(Document("t", "t", (
        "On 9 March 2020, Taliban militants attacked a police checkpoint in Nad Ali "
        "district, Helmand. Four policemen were killed.\n\n"
        "On 9 March 2020, two civilians were killed when a roadside bomb hit their car in "
        "Kunduz city, Kunduz."), "text", published="2020-03-10"))
    ids = {e.admin1: e.event_id for e in analysis.events}
    owners = {c.value_low: c.event_id for c in analysis.claims if c.kind == "fatalities"}
    assert owners == {4: ids["Helmand"], 2: ids["Kunduz"]}


def test_commentary_with_words_of_war_gives_no_event() -> None:
    assert _events(
        "The senator attacked her rival's tax plan on Tuesday, and the two candidates "
        "battled over trade in a heated debate in Ohio.\n\n"
        "Her campaign said the fight for the nomination would go on until the convention."
    ) == []


def test_a_recalled_incident_and_a_war_toll_do_not_feed_the_event() -> None:
    events = _events(
        "A car bomb killed seven people at a market in Azaz, Aleppo province, on Monday, "
        "a monitoring group said.\n\n"
        "In 2016, a similar bombing in the town killed 18 people.\n\n"
        "The war has killed more than 380,000 people since it began in 2011.")
    assert len(events) == 1
    event = events[0]
    assert (event.fatalities, event.fatalities_high) == (7, 7)
    assert event.event_date == "2020-03-09"


def test_different_sides_add_up_and_a_part_is_not_a_competing_figure() -> None:
    events = _events(
        "Five soldiers and eight Taliban fighters were killed in a clash in Gereshk "
        "district, Helmand, on Monday, officials said. At least 20 people were killed in "
        "the attack on the market, including three children, police said.")
    assert len(events) == 1
    assert events[0].fatalities >= 13
    assert 3 not in {events[0].fatalities, events[0].fatalities_best}


def test_a_raised_toll_replaces_the_earlier_one_without_a_dispute() -> None:
    events = _events(
        "A suicide bomber killed 34 people at a wedding in Kabul on Monday, police said. "
        "Later the death toll rose to 53, the health ministry said.")
    assert len(events) == 1
    assert events[0].fatalities == 53 and not events[0].contradiction


def test_a_toll_told_across_provinces_is_no_single_incidents() -> None:
    analysis = pipeline.analyse(Document("t", "t", (
        "Eight civilians killed in rocket attacks in Kunduz and Helmand\n\n"
        "Six civilians were killed on Thursday when rocket shells hit a market "
        "in Kunduz city, Kunduz, a police source said.\n\n"
        "In Helmand, two civilians were killed on Thursday when rocket shells hit the "
        "city of Lashkar Gah, a local official said."), "text", published="2016-08-26"))
    by_place = {e.admin1: e for e in analysis.events}
    assert by_place["Kunduz"].fatalities == 6 and by_place["Helmand"].fatalities == 2
    spread = [c for c in analysis.claims if c.kind == "fatalities" and c.value_low == 8]
    assert spread and all(c.event_id is None for c in spread)


def test_an_incident_days_before_the_news_told_after_it_is_recalled() -> None:
    events = _events(
        "A roadside bomb killed a farmer near Kafr Nabl in Idlib province on Saturday, "
        "a monitor said. On Tuesday, an air strike on the same town killed 40 people, "
        "the monitor had said.", published="2020-03-08")
    assert len(events) == 1
    assert (events[0].event_date, events[0].fatalities) == ("2020-03-07", 1)


def test_a_figure_at_a_place_in_another_province_opens_its_own_incident() -> None:
    events = _events(
        "Rocket shells killed three civilians in Aleppo city on Friday, a police source "
        "said. Two people were killed in an explosion in Hama on Friday.",
        published="2020-03-07")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [("Aleppo", 3),
                                                                      ("Hama", 2)]


def test_the_day_a_source_spoke_does_not_date_the_incident() -> None:
    events = _events(
        "A gas attack killed 30 people in the town of Saraqib in Idlib province, the "
        "health directorate said in a statement on Thursday. On Tuesday, rescuers said, "
        "the attack had begun at dawn.", published="2020-03-06")
    assert [(e.event_date, e.fatalities) for e in events] == [("2020-03-03", 30)]


def test_a_deed_told_in_passing_in_another_province_lends_the_event_no_actor() -> None:
    events = _events(
        "Four people were killed and six others wounded in a car bomb attack in western "
        "Damascus on Monday, state media reported. Government warplanes also hit rebel "
        "positions in Idlib province and in Hama province.")
    assert len(events) == 1
    event = events[0]
    assert (event.admin1, event.fatalities) == ("Damascus", 4)
    assert event.actor1 == "Unidentified Armed Group (Syria)"  # not the warplanes' air force
    assert event.actor2 == "Civilians (Syria)"


def test_the_day_of_a_truce_told_beside_the_strikes_does_not_date_them() -> None:
    events = _events(
        "Strikes kill 40 civilians in Idlib despite truce.\n\n"
        "On Monday the defence ministry declared a 48-hour truce in Idlib province. "
        "More than 40 civilians were killed in air strikes on the town of Saraqib in Idlib "
        "province on Wednesday.", published="2020-03-13")
    assert [(e.event_date, e.admin1) for e in events] == [("2020-03-11", "Idlib")]


def test_the_unrest_since_mid_march_2011_is_background() -> None:
    events = _events(
        "Four soldiers were killed in an attack on an army post near Azaz in Aleppo province "
        "on Monday, a monitor said. The country has been hit by violent unrest since "
        "mid-March 2011, where the government accuses foreign states of supporting the "
        "militant opposition groups.", published="2020-03-10")
    assert [(e.admin1, e.fatalities) for e in events] == [("Aleppo", 4)]
    assert "Opposition Rebels (Syria)" not in (events[0].actor1, events[0].actor2)


def test_the_bodys_first_telling_of_the_headlines_news_is_no_aside() -> None:
    """The headline places the news in Rural Damascus; the body tells it again near the
    capital, which is another province: still the same news, told in full."""
    events = _events(
        "Three Terrorist Attacks Target Shrine Area in Rural Damascus Kill 50\n\n"
        "Three blasts including one caused by a car bomb hit the Syrian capital of Damascus "
        "near a holy shrine south of the capital on Sunday. The attack left 50 dead and more "
        "than 200 wounded.", published="2016-02-22")
    assert [(e.event_date, e.fatalities, e.event_type) for e in events] == [
        ("2016-02-21", 50, "Explosions/Remote violence")]


def test_a_toll_in_the_capital_is_another_incident_than_strikes_outside_it() -> None:
    """'outside Damascus' and 'near Damascus' are Rural Damascus: the rebels' rockets that
    killed ten in the capital are an incident of their own."""
    events = _events(
        "Air strikes killed at least 70 people in an opposition district outside Damascus "
        "on Thursday, a monitor said. The barrage was a response to rocket attacks by "
        "rebels on Thursday which killed 10 people in Damascus.", published="2015-02-06")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [
        ("Damascus", 10), ("Rural Damascus", 70)]


def test_an_item_told_after_the_wars_toll_is_no_part_of_the_news() -> None:
    events = _events(
        "At least 72 people were killed in an air strike with toxic gas on the town of Khan "
        "Sheikhun in Idlib province on Tuesday, a monitor said. Doctors treated dozens for "
        "breathing problems. The government denied using chemical weapons. The conflict has "
        "left more than 320000 people dead since 2011. Washington accused the regime of a "
        "chemical attack that killed more than 1400 people in Harasta.",
        published="2017-04-04")
    assert [(e.admin1, e.fatalities) for e in events] == [("Idlib", 72)]


def test_last_week_told_beside_an_undated_fight_does_not_date_it() -> None:
    events = _events(
        "Fighting between Kurdish-led forces and IS militants on the outskirts of Tabqa in "
        "Raqqa province has killed 11 militants, a monitor says. Last week the fighters took "
        "a village east of the town.", published="2017-04-10")
    assert [(e.event_date, e.admin1, e.fatalities) for e in events] == [
        ("2017-04-10", "Raqqa", 11)]


def test_a_toll_told_on_from_the_background_before_it_counts_the_same_period() -> None:
    events = _events(
        "Air strikes killed 12 people in the town of Saraqib in Idlib province on Monday, "
        "a monitor said. Doctors treated dozens of wounded. Strikes on the province have "
        "intensified since rebels launched an offensive in July. The strikes have killed "
        "122 civilians, he said. Another 327 civilians have been killed in Aleppo province.",
        published="2016-08-16")
    assert [(e.admin1, e.fatalities, e.fatalities_high) for e in events] == [("Idlib", 12, 12)]


def test_a_page_stamp_is_no_deeds_day_and_a_speakers_day_yields_to_the_deeds() -> None:
    events = _events(
        "Fri Apr 15 2016\n\n"
        "Six civilians were killed in a rebel shelling of Aleppo, the Russian defence "
        "ministry said on Thursday. \"Militants shelled government positions in the Sheikh "
        "Maqsood district of Aleppo on April 13,\" the ministry said.", published="2016-04-15")
    assert [(e.event_date, e.fatalities) for e in events] == [("2016-04-13", 6)]


def test_another_shelling_opens_another_incident() -> None:
    events = _events(
        "Rebels shelled the al-Khalidiye neighbourhood of Aleppo on Saturday, killing a child, "
        "local media reported. Another shelling hit the town of al-Baath in Quneitra province, "
        "where Nusra Front militants opened rocket fire on houses.", published="2016-07-24")
    assert sorted(e.admin1 or "" for e in events) == ["Aleppo", "Quneitra"]


def test_a_meanwhile_item_after_the_lede_is_news_and_a_headline_total_is_no_ones() -> None:
    events = _events(
        "10 civilians killed in rocket attacks on Homs and Hama.\n\n"
        "10 March 2020 10 civilians killed in rocket attacks on Homs and Hama. A police source "
        "said that six civilians were killed when rebels fired rocket shells on the al-Zahraa "
        "neighbourhood in Homs city on Tuesday. The shells also damaged several houses and a "
        "school. Meanwhile four civilians were killed when militants shelled houses in Hama "
        "city.")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [("Hama", 4), ("Homs", 6)]


def test_an_attack_the_news_comes_after_lends_it_no_figure() -> None:
    events = _events(
        "A car bomb killed 12 people at a market in Azaz on Monday, a monitor said. The blast "
        "came a week after a suicide bomber killed 40 fighters at a border crossing in Idlib "
        "province. It comes amid fierce fighting between rebels and the army in which 30 soldiers "
        "died.",
        published="2020-03-10")
    assert [(e.admin1, e.fatalities, e.fatalities_high) for e in events] == [("Aleppo", 12, 12)]
    assert (events[0].event_type, events[0].actor1) == (
        "Explosions/Remote violence", "Unidentified Armed Group (Syria)")


def test_barrel_bombs_named_in_passing_do_not_ground_the_rebels_shelling() -> None:
    events = _events(
        "Rebel shelling killed eight civilians in the western districts of Aleppo on Monday, "
        "a monitor said. Rebels fired dozens of rockets at government-held areas.\n\n"
        "Much of the city's east has been reduced to rubble by months of barrel bombs.")
    assert [e.actor1 for e in events] == ["Opposition Rebels (Syria)"]


def test_a_paragraph_of_another_day_at_the_same_place_is_another_incident() -> None:
    events = _events(
        "Government forces shelled the Leramun district of Aleppo on Tuesday, killing five "
        "civilians, a monitor said. "
        "Barrel bombs hit the district a day after bombardments killed at least 24 people.\n\n"
        "On Monday at least 24 people were killed in a barrel bomb attack on the same "
        "neighbourhood.", published="2020-03-11")
    by_day = sorted((e.event_date or "", e.admin1, e.fatalities) for e in events)
    assert by_day == [("2020-03-09", "Aleppo", 24), ("2020-03-10", "Aleppo", 5)]


def test_a_time_clause_before_the_comma_leaves_the_figure_to_the_news() -> None:
    events = _events(
        "Two days after the truce began, shelling killed 12 people in Idlib city on Tuesday, "
        "a monitor said.", published="2020-03-11")
    assert [(e.admin1, e.fatalities) for e in events] == [("Idlib", 12)]


def test_dated_news_in_a_province_an_aside_placed_is_an_incident_of_its_own() -> None:
    """An offensive near Aleppo told in passing, then, in a section of its own, the day's
    barrel bomb on Aleppo: the bomb is an incident, not part of the aside."""
    events = _events(
        "A suicide bomber killed four people at a hospital in Qardaha, Latakia province, on "
        "Sunday, the Observatory said.\n\n"
        "The army offensive this week sought to encircle the rebel-held east of Aleppo. "
        "- Air raids go on - On Saturday eight people were killed when a barrel bomb hit a "
        "building in an opposition-held area of Aleppo city.", published="2015-02-22")
    found = sorted((e.admin1 or "", e.event_date, e.fatalities) for e in events)
    assert found == [("Aleppo", "2015-02-21", 8), ("Latakia", "2015-02-22", 4)]


def test_an_undated_deed_in_an_asides_province_stays_in_passing() -> None:
    """A timeline's entries after the news (no day, no 'meanwhile') give no event and no
    figure to the news."""
    events = _events(
        "At least 72 people were killed in a gas attack on Khan Sheikhun in Idlib province on "
        "Tuesday, the Observatory said. Medical sources reported symptoms of suffocation. The "
        "government denies using chemical weapons. The victims were mostly civilians.\n\n"
        "Timeline: in 2011 the regime fired on demonstrators in Damascus. Washington accuses the "
        "regime of killing more than 1400 people with chemical weapons near Damascus. At least "
        "32 are confirmed dead.", published="2017-04-04")
    assert [(e.admin1, e.fatalities) for e in events] == [("Idlib", 72)]


def test_a_province_the_headline_sums_up_is_news_and_a_scene_paragraph_opens_its_own() -> None:
    """The headline names Homs and Hama; Hama's paragraph, undated and past the lede, is
    still the headline's news; the paragraph set 'In Sweida' is neither's."""
    events = _events(
        "Army retakes Qaryatain in Homs, kills over 50 militants in Hama\n\n"
        "Army units fully retook the town of Qaryatain in Homs province after fierce battles "
        "with ISIL, a military source said. Engineering units dismantled explosive devices "
        "planted by the militants in the streets. Residents are expected to return soon.\n\n"
        "In Hama province, army units foiled an attack by ISIL militants on army posts. Heavy "
        "clashes broke out and more than 50 militants were killed, a source said.\n\n"
        "In Sweida, an army unit targeted a gathering of militants near Asheihib hill. Many "
        "militants were reportedly killed.", published="2016-04-03")
    hama = [e for e in events if e.admin1 == "Hama"]
    assert len(hama) == 1 and hama[0].fatalities == 50
    assert "As-Suwayda" not in {e.admin1 for e in events if e.fatalities}


def test_a_figure_at_another_town_of_the_province_is_another_incident() -> None:
    """Seven killed in Khan Sheikhun, 'another seven' in Kafr Takharim: two locations, two
    events, not fourteen in one."""
    events = _events(
        "Air strikes on the town of Khan Sheikhun in Idlib province killed seven people on "
        "Monday, the Observatory said. The raids hit three residential buildings.\n\n"
        "Another seven people, including four women, were killed in raids on the town of Kafr "
        "Takharim, the monitor said. Rescue workers searched the rubble.", published="2016-10-24")
    assert sorted((e.location or "", e.fatalities) for e in events) == [
        ("Kafr Takharim", 7), ("Khan Sheikhun", 7)]


def test_a_turn_to_another_compass_point_opens_the_news_there() -> None:
    events = _events(
        "Government helicopters dropped barrel bombs on the town of al-Bab in Aleppo province "
        "on Monday, killing 11 civilians, a monitor said. Al-Bab is held by Islamic State. "
        "To the west in Idlib province, rebels heavily shelled two government-held villages "
        "on Monday, the monitor said.", published="2020-03-10")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [("Aleppo", 11),
                                                                       ("Idlib", 0)]


def test_news_told_elsewhere_is_its_own_incident_placed_by_the_sentences_after_it() -> None:
    """'near the city of Zarqaliya': a place no gazetteer knows; the next sentence names
    its province."""
    events = _events(
        "Government helicopters dropped barrel bombs on the town of al-Bab in Aleppo province "
        "on Monday, killing 11 civilians, a monitor said.\n\n"
        "Elsewhere on Monday, the monitor said 17 soldiers were killed in fighting with "
        "Islamic State near the city of Zarqaliya. Among the dead was a general of a tank "
        "battalion in central Homs province.", published="2020-03-10")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [("Aleppo", 11),
                                                                       ("Homs", 17)]


def test_a_deed_of_another_day_told_inside_a_paragraph_lends_the_news_nothing() -> None:
    events = _events(
        "A US-led coalition air strike on Tuesday mistakenly killed 18 fighters of the Syrian "
        "Democratic Forces south of the town of Tabqa in Raqqa province, the Pentagon said on "
        "Thursday. The Syrian army said on Thursday that a chemical attack late on Wednesday "
        "killed 60 people near the town, using poison gas and sarin. The coalition denied "
        "it.", published="2017-04-13")
    assert [(e.admin1, e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Raqqa", "Air/drone strike", "US-led Coalition", 18)]


def test_an_item_of_the_news_at_another_town_told_in_full_is_its_own_event() -> None:
    events = _events(
        "Air strikes killed more than 20 people in the town of Ariha in Idlib province on "
        "Sunday, a monitor said. Rescue workers pulled bodies from the rubble. Air raids in "
        "the town of Saraqib killed another six people, the monitor said. In the town of Binnish "
        "raids killed 16 civilians.", published="2016-06-13")
    assert sorted((e.location or "", e.sub_event_type, e.fatalities) for e in events) == [
        ("Ariha", "Air/drone strike", 20), ("Saraqib", "Air/drone strike", 6)]


def test_the_deed_a_bombardment_began_after_is_background() -> None:
    from warledger.events.incidents import read_sentences

    text = ("Army shelling of the rebel-held town of Douma killed 43 people on Saturday, a "
            "monitor said. The bombardment began after militants killed a government pilot "
            "when he was forced to eject from his plane.")
    analysis = pipeline.analyse(Document("t", "t", text, "text", published="2016-07-03"))
    assert [s.background for s in read_sentences(analysis)] == [False, True]


def test_a_headline_total_splits_into_its_towns_and_the_parts_keep_the_news_sides() -> None:
    events = _events(
        "Kurdish-led Syrian Democratic Forces killed 35 Islamic State militants in northern "
        "Syria on Saturday, media reported. 10 militants were killed in fighting in the town of "
        "Tabqa on Saturday night. Another militant was killed in a village east of the town. A "
        "total of 24 militants were eliminated near the city of Raqqa.", published="2017-04-16")
    assert sorted((e.location or "", e.fatalities) for e in events) == [("Raqqa", 24),
                                                                        ("Tabqa", 11)]
    assert {(e.actor1, e.actor2) for e in events} == {
        ("SDF: Syrian Democratic Forces", "Islamic State (Syria)")}



def test_big_places_listed_without_commas_are_each_a_toponym() -> None:
    from warledger.geo import detector
    from warledger.text import nlp

    text = "Ten civilians injured in attacks in Daraa countryside Aleppo Damascus"
    doc = next(iter(nlp.parse_many([text])))
    assert [t.name for t in detector.listed_cities(text, doc, [], "SY")] == ["Aleppo",
                                                                             "Damascus"]
    assert detector.listed_cities(text, doc, [], "US") == []  # not the story's country
    one = "Ten civilians injured in attacks near Aleppo Citadel"
    assert detector.listed_cities(one, next(iter(nlp.parse_many([one]))), [], "SY") == []



def test_a_page_stamped_earlier_than_it_was_found_dates_its_own_news() -> None:
    events = _events(
        "Last updated at Jun 06 2016\n\n"
        "AMMAN Nearly 50 air strikes hit rebel-held areas of the Syrian city of Aleppo on "
        "Sunday, residents and a monitoring group said. At least 32 people were killed, a "
        "civil defence worker said.", published="2016-06-22")
    assert len(events) == 1
    assert (events[0].event_date, events[0].fatalities) == ("2016-06-05", 32)


def test_a_toll_told_place_by_place_is_an_event_at_each_place() -> None:
    """ACLED codes one event per location: a deed whose dead one sentence counts town by
    town is an event at each town, each with its own count and claim."""
    analysis = pipeline.analyse(Document("t", "t", (
        "Taliban fighters attacked police posts on Monday, killing four policemen in "
        "Lashkar Gah, two in Gereshk and one in Sangin, officials in Helmand said."),
        "text", published="2020-03-10"))
    by_town = {e.location: e for e in analysis.events}
    assert {town: e.fatalities for town, e in by_town.items()} == {
        "Lashkar Gah": 4, "Gereshk": 2, "Sangin": 1}
    assert {e.admin1 for e in analysis.events} == {"Helmand"}
    owners = {c.value_low: c.event_id for c in analysis.claims if c.kind == "fatalities"}
    assert owners == {4: by_town["Lashkar Gah"].event_id, 2: by_town["Gereshk"].event_id,
                      1: by_town["Sangin"].event_id}


def test_a_toll_of_the_dead_since_an_offensive_began_is_no_days_toll() -> None:
    """The present perfect with 'since ... began' counts a period's dead, not the news's."""
    analysis = pipeline.analyse(Document("t", "t", (
        "Government air strikes killed 19 civilians in Douma, Syria, on Sunday. At least "
        "123 civilians have been killed in the town by air strikes and shelling since "
        "government jets began an offensive two weeks ago, the Observatory said."),
        "text", published="2020-03-10"))
    owners = {c.value_low: c.event_id for c in analysis.claims if c.kind == "fatalities"}
    assert owners[19] is not None and owners[123] is None
    assert [e.fatalities_high for e in analysis.events] == [19]
    assert _events(  # the deadliest since they began: a superlative, not a period's toll
        "A helicopter was shot down near Saraqeb, Syria, on Monday, killing all five "
        "people on board, the deadliest loss since they began operations.",
        published="2020-03-10")[0].fatalities == 5


def test_a_deed_of_another_year_does_not_place_the_news_in_its_province() -> None:
    """A recalled attack's places may add to the news's province, never bring their own."""
    events = _events(
        "Government aircraft dropped chlorine on a rebel-held town on Tuesday, killing 12 "
        "people, rescuers said. Doctors in Hama province treated dozens of the wounded.\n\n"
        "In 2016, a chlorine attack in Douma, near Damascus, killed 40 people.")
    assert [(e.admin1, e.fatalities) for e in events] == [("Hama", 12)]


def test_a_headline_figure_placed_in_another_incidents_province_is_that_incidents() -> None:
    """'25 Militants Killed in Idleb' heads a report on Hama: the 25 are Idlib's (told
    again there, in another spelling), not the territory Hama's army took."""
    events = _events(
        "25 Militants Killed in Idleb Army Regains Two Villages in Hamah\n\n"
        "The army regained the villages of Karnaz and Kafr Nabudah in Hama countryside on "
        "Monday after clashes with militants, military sources said.\n\n"
        "In Idleb twenty-five members of the Jund al-Aqsa militant group were killed on "
        "Monday in an explosion that targeted a meeting, the Observatory said.")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [("Hama", 0), ("Idlib", 25)]


def test_a_summary_after_the_lede_that_names_the_news_province_makes_its_provinces_news(
) -> None:
    """The blasts 'hit Tartous and Homs as well as Hasakeh' sums up the news: the Tartous
    bombing told after it is an incident of its own, and so is 'another bomb attack' west
    of the capital, each with its own toll."""
    events = _events(
        "At least 20 people were killed in bomb blasts in Hasakeh on Monday, a monitor "
        "said. The attacks targeted checkpoints of the Kurdish police. Nobody has claimed "
        "them yet. The blasts hit Tartous and Homs as well as Hasakeh. Regime media said at "
        "least 12 people had been killed in a double bombing in Tartous. Another bomb attack "
        "was also reported west of the capital Damascus, with regime media saying one "
        "person had been killed in that bombing.", published="2016-09-06")
    assert sorted((e.admin1 or "", e.fatalities) for e in events) == [
        ("Hasakah", 20), ("Rural Damascus", 1), ("Tartus", 12)]


def test_a_headlines_towns_of_several_provinces_are_no_incidents_town() -> None:
    """A headline summing up Daraa, Aleppo and Damascus names no town of one incident, and
    a health directorate named after its province is no place of the news: the hospital
    told after the Izraa shelling is no second incident in Daraa."""
    events = _events(
        "Ten civilians injured in terrorist attacks in Daraa countryside Aleppo Damascus\n\n"
        "Three civilians were injured in terrorist rocket attacks on Izraa town in Daraa "
        "countryside on Sunday. The director of Daraa Health Directorate said that the three "
        "injured persons arrived at Izraa National Hospital.", published="2016-08-21")
    assert [e.location for e in events if e.admin1 == "Daraa"] == ["Izraa town"]
