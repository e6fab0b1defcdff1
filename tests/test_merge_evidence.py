"""Merging on the evidence of the incident sentences (warledger.ledger.evidence, issue 15).

Every sentence here is invented; the places are real Syrian towns, the targets and
quarters made up."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_link import report

from warledger.events.build import event_id
from warledger.ledger import evidence, link, merge
from warledger.ledger.explain import explain
from warledger.ledger.store import Store
from warledger.records import Analysis

DAMASCUS = dict(admin1="Damascus", location="Damascus", latitude=33.51, longitude=36.29,
                geo_precision=3)
RURAL_DAMASCUS = dict(admin1="Rural Damascus", location="Rural Damascus", latitude=33.52,
                      longitude=36.60, geo_precision=3)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


def told(aid: str, text: str, **change: Any) -> Analysis:
    """An invented report whose one incident is told by the whole text."""
    place = change.pop("where", None)
    analysis = report(aid, text, publisher=f"Outlet {aid}", **change)
    if place:
        analysis.events = [replace(analysis.events[0], **place)]
    analysis.incident_spans = {event_id(aid, 1): [(0, len(text))]}
    return analysis


def ledger_of(store: Store, *reports: Analysis) -> int:
    for item in reports:
        link.commit_analysis(store, item)
    return len(store.events())


@pytest.mark.parametrize(("sentence", "found"), [
    ("Rockets hit the Crescent Tower Palace in the city, killing 12 people.",
     {"named:Crescent Tower", "target:palace", "weapon:rocket"}),
    ("An air strike hit a clinic on the edge of the town.",
     {"target:medical", "weapon:air strike"}),
    ("Gunmen attacked an aid convoy on the main road.", {"target:convoy"}),
    ("The wounded were taken to hospital.", set()),
    ("Hospital sources said the toll would rise.", set()),
    ("Barrel bombs fell on the Bab Zuhur district of the city.",
     {"quarter:Bab Zuhur", "weapon:barrel bomb"}),
    ("Shells landed in the neighbourhood of Tell Rummana in the old city.",
     {"quarter:Tell Rummana", "weapon:shelling"}),
])

def test_evidence_of_a_sentence(sentence: str, found: set[str]) -> None:
    pieces = evidence.targets(sentence, set()) | evidence.quarters(sentence, set())
    named = {k: f"{k}:{evidence.fold(v)}" for f in found
             if (k := f.split(":")[0]) in ("named", "quarter") for v in [f.split(":")[1]]}
    expected = {named.get(f.split(":")[0], f) for f in found}
    assert {evidence.key(p) for p in pieces | evidence.weapons(sentence)} == expected


def test_spellings_of_one_name_fold_alike() -> None:
    assert evidence.fold("Salaheddine") == evidence.fold("Salah al-Din")
    assert evidence.fold("Qadam") == evidence.fold("Kadam")
    assert evidence.fold("Sukkari") != evidence.fold("Shaar")


def explained(store: Store) -> str:
    """What `warledger explain` says of the first report's event."""
    return "\n".join(explain(store, event_id("a", 1)) or [])


def test_different_named_targets_in_one_city_on_one_day_stay_apart(store: Store) -> None:
    first = told("a", "Rebel rockets struck the Crescent Tower Palace in Idlib on Monday.")
    second = told("b", "Rebel rockets struck the Old Orchard Hospital in Idlib on Monday.")
    assert ledger_of(store, first, second) == 2
    text = explained(store)
    assert "different named targets: Crescent Tower Palace vs Old Orchard Hospital" in text


def test_different_kinds_of_target_stay_apart(store: Store) -> None:
    first = told("a", "Warplanes bombed a clinic in the city, a doctor said.")
    second = told("b", "Warplanes bombed an aid convoy outside the city, a driver said.")
    assert ledger_of(store, first, second) == 2


def test_a_shared_named_target_one_day_apart_is_one_incident(store: Store) -> None:
    first = told("a", "Shells hit the Blue Gate Bakery in Idlib, killing ten people.")
    second = told("b", "Ten people died when shells hit the Blue Gate bakery in Idlib.",
                  day="2019-03-12")
    assert ledger_of(store, first, second) == 1
    text = explained(store)
    assert "one day apart, shared evidence" in text and "named Blue Gate" in text


def test_one_day_apart_without_shared_evidence_stays_apart(store: Store) -> None:
    first = told("a", "Shells hit the town, killing ten people.")
    second = told("b", "Ten people died when shells hit the town.", day="2019-03-12")
    assert ledger_of(store, first, second) == 2


def test_different_quarters_of_one_city_stay_apart(store: Store) -> None:
    first = told("a", "Barrel bombs fell on the Bab Zuhur district of Idlib.")
    second = told("b", "Barrel bombs fell on the Karm Tinah neighbourhood of Idlib.")
    assert ledger_of(store, first, second) == 2
    text = explained(store)
    assert "different quarters: Bab Zuhur vs Karm Tinah" in text


def test_a_shared_quarter_is_one_incident(store: Store) -> None:
    first = told("a", "Barrel bombs fell on the Bab Zuhur district of Idlib.")
    second = told("b", "The Bab Zuhur neighbourhood was hit by barrel bombs, residents said.")
    assert ledger_of(store, first, second) == 1
    text = explained(store)
    assert "shared evidence:" in text and "quarter Bab Zuhur" in text


def test_a_perpetrator_dispute_is_settled_only_by_strong_evidence(store: Store) -> None:
    russia = dict(actor1="Military Forces of Russia (2000-)")
    first = told("a", "Air strikes on the Blue Gate Bakery in Idlib killed ten people.")
    second = told("b", "Air strikes on the Blue Gate Bakery in Idlib killed ten people.",
                  **russia)
    assert ledger_of(store, first, second) == 1
    third = told("c", "Air strikes on the town killed people, residents said.", **russia,
                 deaths=(("the monitor", "monitor", 3),))
    assert ledger_of(store, third) == 2


def test_a_capital_and_its_province_meet_on_strong_evidence(store: Store) -> None:
    first = told("a", "A chlorine attack on the suburbs killed ten people.", where=DAMASCUS)
    second = told("b", "Ten people died in a chlorine attack.", where=RURAL_DAMASCUS)
    assert ledger_of(store, first, second) == 1
    third = told("c", "Shelling of the suburbs killed people.", day="2019-03-10",
                 where=DAMASCUS, deaths=(("the monitor", "monitor", 3),))
    fourth = told("d", "Shelling killed people.", day="2019-03-10", where=RURAL_DAMASCUS)
    assert ledger_of(store, third, fourth) == 3


def test_input_order_does_not_change_a_ledger_merged_on_evidence(tmp_path: Path) -> None:
    russia = dict(actor1="Military Forces of Russia (2000-)")
    corpus = [
        told("a", "Air strikes on the Blue Gate Bakery in Idlib killed ten people."),
        told("b", "Air strikes on the Blue Gate Bakery in Idlib killed ten people.", **russia),
        told("c", "Ten died when jets hit the Blue Gate Bakery.", day="2019-03-12"),
        told("d", "Warplanes bombed a clinic in Idlib, killing ten people."),
        told("e", "Barrel bombs fell on the Bab Zuhur district of Idlib.", **russia),
    ]

    def events_of(name: str, order: list[Analysis]) -> list[tuple[str, int]]:
        with Store(tmp_path / name) as opened:
            for item in order:
                link.commit_analysis(opened, item)
            return sorted((e.event_id, e.num_articles) for e in opened.events())

    expected = events_of("base.db", corpus)
    assert len(expected) == 3
    orders = list(itertools.permutations(corpus))
    for n, order in enumerate(random.Random(15).sample(orders, 12)):
        assert events_of(f"p{n}.db", list(order)) == expected


def test_the_target_told_first_is_the_incidents_own(store: Store) -> None:
    clinic = told("a", "An air strike hit a clinic near Idlib, killing four medics. It came "
                  "a day after an air strike hit an aid convoy on the same road.")
    convoy = told("b", "Air strikes hit an aid convoy near Idlib, aid workers said.")
    assert ledger_of(store, clinic, convoy) == 2
    text = explained(store)
    assert "different first targets: medical vs convoy" in text


def test_a_figure_and_a_weapon_settle_no_dispute_between_two_kinds_of_attack(
        store: Store) -> None:
    strike = told("a", "Air strikes on the town killed ten people.")
    bomb = told("b", "A car bomb and air strikes killed ten people in the town.",
                actor1="Islamic State")
    bomb.events[0].sub_event_type = "Remote explosive/landmine/IED"
    assert ledger_of(store, strike, bomb) == 2


@pytest.mark.parametrize(("site", "kept"), [
    ("Syrias Idlib", "Idlib"),  # a possessive whose apostrophe was lost
    ("Saraqib", "Saraqib"),
])
def test_a_lost_apostrophe_possessive_names_no_site(site: str, kept: str) -> None:
    assert merge._unpossessed(site) == kept
