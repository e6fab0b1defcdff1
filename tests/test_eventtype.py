"""Event typing rules, and the actor dictionary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warledger.actors import dictionary as actors
from warledger.errors import UsageError
from warledger.events.classify import classify, targets_civilians
from warledger.records import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warplanes carried out air strikes on the town, killing five.", "Air/drone strike"),
        ("Russian strikes killed seven people in the village.", "Air/drone strike"),
        ("New strikes hit the rebel-held east of the city.", "Air/drone strike"),
        ("The air force also killed ten people in the eastern suburbs.", "Air/drone strike"),
        ("Government artillery shelled the market on Monday.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded under a police car.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at a checkpoint.", "Suicide bomb"),
        ("An explosion rocked the town and the blast killed four. The bomb went off near the "
         "gate; a man was in the car with the suicide bomber.", "Suicide bomb"),
        ("Twin bomb attacks on a crowded street kill 12 and injure dozens.",
         "Remote explosive/landmine/IED"),
        ("Two cars laden with explosives went off at a traffic light.",
         "Remote explosive/landmine/IED"),
        ("Rebels and troops clashed for hours near the base.", "Armed clash"),
        ("Gunmen abducted three aid workers on the road.", "Abduction/forced disappearance"),
        ("Hundreds of protesters held a rally in the capital.", "Peaceful protest"),
        ("Police fired tear gas and dispersed the protesters.", "Protest with intervention"),
        ("Both sides signed a ceasefire agreement on Friday.", "Agreement"),
        ("Doctors said the victims showed signs of sarin exposure after the chemical attack.",
         "Chemical weapon"),
        ("Militants seized an air base in the north on Sunday after days of fighting.",
         "Non-state actor overtakes territory"),
        ("Fighters stormed the base on Sunday.", "Armed clash"),
        ("Kurdish fighters clashed with IS gunmen near the town.", "Armed clash"),
        ("Troops regained the villages of Tell Bisa and Kafr Nan on Tuesday.",
         "Government regains territory"),
        ("The army established full control over the hill overnight.",
         "Government regains territory"),
        ("Army units targeted gatherings of gunmen in the valley.", "Armed clash"),
    ],
)
def test_sub_event_types(text: str, expected: str) -> None:
    typing = classify(text)
    assert typing is not None and typing.sub_event_type == expected


def test_a_deadly_incident_is_no_strategic_development() -> None:
    text = "The truce collapsed as the ceasefire ended; shelling hit the market, killing four."
    assert classify(text).sub_event_type == "Agreement"  # type: ignore[union-attr]
    deadly = classify(text, deadly=True)
    assert deadly is not None and deadly.sub_event_type == "Shelling/artillery/missile attack"


def test_no_cue_no_event() -> None:
    assert classify("The central bank raised interest rates on Tuesday.") is None


def test_civilian_victims() -> None:
    assert targets_civilians("Three civilians were killed in the raid.")
    assert not targets_civilians("Three soldiers were killed in the raid.")
    assert not targets_civilians("Gunmen stormed the post and killed six civilians and five "
                                 "militiamen.")  # armed men among the dead: no one-sided attack
    assert targets_civilians("Gunmen killed six civilians near an army post.")


def _find(text: str, extra: str | None = None) -> list[tuple[str, str, str]]:
    article = Article("a", text, text, text)
    return [(m.text, m.name, m.inter) for m in actors.find_actors(article, None, extra)]


def test_actor_aliases_longest_match_and_case() -> None:
    found = _find("The Kurdish-led Syrian Democratic Forces (SDF) and the US-led coalition "
                  "fought Islamic State; sdf is not an acronym here.")
    names = [name for _, name, _ in found]
    assert names == ["SDF: Syrian Democratic Forces", "SDF: Syrian Democratic Forces",
                     "US-led Coalition", "Islamic State ({country})"]
    assert found[2][2] == "External/Other forces"


def test_a_named_groups_militants_are_its_own_men() -> None:
    found = _find("ISIL terrorists attacked the post; militants and Taliban fighters fled. "
                  "The army militants were seen.")
    assert [(text, name) for text, name, _ in found][:3] == [
        ("ISIL terrorists", "Islamic State ({country})"),
        ("militants", "Unidentified Armed Group ({country})"),
        ("Taliban fighters", "Taliban")]


def test_a_generic_noun_before_the_group_it_belongs_to_is_that_group() -> None:
    found = _find("Terrorists from Jaish al-Fateh fired rockets; gunmen loyal to the Taliban "
                  "fled. Militants of the region and police from Kabul were seen.")
    assert [(text, name) for text, name, _ in found] == [
        ("Terrorists from Jaish al-Fateh", "Opposition Rebels (Syria)"),
        ("gunmen loyal to the Taliban", "Taliban"),
        ("Militants", "Unidentified Armed Group ({country})"),
        ("police", "Police Forces of {country}")]


def test_generic_names_take_the_country() -> None:
    assert actors.finalize_name("Civilians ({country})", "Syria") == "Civilians (Syria)"
    assert actors.finalize_name("Military Forces of {country}", "Afghanistan") == (
        "Military Forces of Afghanistan (2014-)")


def test_a_possessive_alias_matches_with_its_apostrophe_curled_or_lost(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"actors": [
        {"name": "Brigade X", "inter": "Political militia", "country": "Syria",
         "aliases": ["Zorbek's men"]}]}), "utf-8")
    text = actors.read_user_file(str(extra))
    for said in ("Zorbek's men", "Zorbek\u2019s men", "Zorbeks men"):
        assert _find(f"{said} attacked the town.", text)[0][1] == "Brigade X"
    assert _find("Zorbek men attacked the town.", text) == []


def test_user_dictionary_extends_without_code(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"actors": [
        {"name": "Brigade X", "inter": "Political militia", "country": "Syria",
         "aliases": ["the X Brigade"]}]}), "utf-8")
    text = actors.read_user_file(str(extra))
    assert _find("Fighters of the X Brigade attacked.", text)[0][1] == "Brigade X"
    assert _find("Fighters of the X Brigade attacked.") == []  # only where it is given


def test_unusable_user_dictionary_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"people": []}', "utf-8")
    with pytest.raises(UsageError, match="bad.json: not a usable actor dictionary"):
        actors.read_user_file(str(bad))


def test_a_peoples_name_on_the_means_of_war_names_its_forces() -> None:
    book = actors.dictionary()
    found = [(m.group(0), e.name) for m, e in actors.matches("Heavy U.S. raids and Israeli jets "
                                                             "hit; our strikes went on.", book)]
    assert found == [("U.S. raids", "Military Forces of the United States"),
                     ("Israeli jets", "Military Forces of Israel")]


@pytest.mark.parametrize(("day", "name"), [
    ("2015-03-01", "Al Nusra Front"),
    ("2016-07-28", "JFS: Jabhat Fateh al-Sham"),  # renamed that day
    ("2017-01-27", "JFS: Jabhat Fateh al-Sham"),
    ("2017-01-28", "HTS: Hayat Tahrir al-Sham"),
    (None, "HTS: Hayat Tahrir al-Sham"),  # undated: its latest name
])
def test_a_renamed_group_takes_the_name_it_had_on_the_event_day(day: str | None,
                                                                 name: str) -> None:
    [(_, entry)] = actors.matches("Fighters of the Nusra Front attacked",
                                  actors.dictionary())
    assert actors.finalize_name(entry.name, "Syria", day=day) == name
    assert actors.finalize_name("Military Forces of {country}", "Syria", day=day) == (
        "Military Forces of Syria (2000-)")


def test_user_periods_replace_the_bundled_name(tmp_path: Path) -> None:
    extra = json.dumps({"actors": [], "canonical": {"Military Forces of Syria": [
        ["2024-12-08", "Military Forces of Syria (2000-2024)"],
        [None, "Military Forces of Syria (2024-)"]]}})
    assert actors.finalize_name("Military Forces of Syria", "Syria", extra, "2018-02-07") == (
        "Military Forces of Syria (2000-2024)")
    assert actors.finalize_name("Military Forces of Syria", "Syria", extra, "2025-01-01") == (
        "Military Forces of Syria (2024-)")


def test_an_associate_is_never_a_coded_actor_under_another_name() -> None:
    from warledger.events.build import _names
    from warledger.records import ActorMention, Event

    event = Event("e1", "2016-05-03", "day", "Battles", "Armed clash", country="Syria",
                  actor1="Military Forces of Syria (2000-)", actor2="Islamic State (Syria)")
    troops = ActorMention("troops", 0, 6, "Military Forces of {country}", "State forces")
    allies = ActorMention("Hezbollah", 9, 18, "Hezbollah", "Political militia")
    assert _names([troops, allies], event, None) == "Hezbollah"
    assert _names([troops], event, None) is None


@pytest.mark.parametrize("periods", [
    [["2024-12-08", "Military Forces of Syria (2000-2024)"]],  # no open last period
    [["2024-12-08", "A"], ["2020-01-01", "B"], [None, "C"]],  # dates out of order
    [["8 Dec 2024", "A"], [None, "B"]],
    "not a list",
])
def test_a_user_period_list_that_cannot_hold_is_a_usage_error(tmp_path: Path,
                                                              periods: object) -> None:
    path = tmp_path / "periods.json"
    if periods == "not a list":
        periods = {"a": 1}
    path.write_text(json.dumps({"actors": [], "canonical": {"X": periods}}), "utf-8")
    with pytest.raises(UsageError, match="periods.json: not a usable actor dictionary"):
        actors.read_user_file(str(path))
    assert actors.finalize_name("X", None, json.dumps(
        {"actors": [], "canonical": {"X": [["2024-12-08", "A"]]}}), "2025-01-01") == "A"


def test_the_country_a_group_is_banned_in_is_no_actor() -> None:
    found = _find("Daesh (outlawed in Russia) militants attacked; Nusra Front, a terrorist "
                  "group banned in Russia, fired shells. Russia sent jets.")
    names = [name for _, name, _ in found]
    assert "Military Forces of Russia" in names  # 'Russia sent jets' is the state
    assert sum(name == "Military Forces of Russia" for name in names) == 1


def test_a_country_named_as_the_place_of_a_deed_is_no_actor() -> None:
    found = _find("Families fled into villages in Turkey and across Russia as the fighting "
                  "spread. Turkey shelled the border town; Turkish troops moved in.")
    assert [(text, name) for text, name, _ in found] == [
        ("Turkey", "Military Forces of Turkey"), ("Turkish troops", "Military Forces of Turkey")]
