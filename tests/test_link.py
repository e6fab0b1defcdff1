"""Linking: syndicated copies and cross-article event merging (warledger.ledger.link)."""

from __future__ import annotations

import csv
import itertools
import json
import random
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, EXAMPLES, run_cli

from warledger import pipeline
from warledger.events.build import event_id
from warledger.ledger import link, link_tables, merge, syndication
from warledger.ledger import store as store_module
from warledger.ledger.explain import explain
from warledger.ledger.store import MIGRATIONS, Store
from warledger.ledger.syndication import why_copy
from warledger.records import Analysis, Article, Claim, Event, Source, TimeExpr

FAKES = DATA / "fakes" / "fakes.csv"

STORY_A = ("Government forces shelled the eastern districts of the town overnight, residents "
           "said, and rescue workers pulled survivors from two collapsed buildings near the "
           "central market while ambulances queued at the only working hospital.")
STORY_B = ("A monitoring group said rebel fighters attacked an army checkpoint on the road "
           "north of the city, and that the fighting went on for several hours before the "
           "attackers withdrew towards the hills with their wounded.")
STORY_C = ("Protesters gathered in the main square after Friday prayers to demand the release "
           "of detainees, and witnesses said security forces fired tear gas to break up the "
           "crowd before shops reopened in the evening.")
STORY_D = ("Local council members told reporters that water and electricity had been cut in "
           "several neighbourhoods after the strikes, and that families were sleeping in "
           "schools and mosques on the outskirts while aid convoys waited at the crossing.")
HEADER = "DAILY AGGREGATOR | Home | World | Middle East | Opinion\nShared from our partners.\n\n"
FOOTER = ("\n\nFollow Daily Aggregator on social media for more news from the region. "
          "Copyright Daily Aggregator. All rights reserved.")

PLACES = {
    "Idlib": dict(admin1="Idlib", location="Idlib", latitude=35.93, longitude=36.63),
    "Saraqib": dict(admin1="Idlib", location="Saraqib", latitude=35.86, longitude=36.80),
    "Al-Jadida": dict(admin1="Idlib", location="Al-Jadida", latitude=35.94, longitude=36.65),
    "Idlib province": dict(admin1="Idlib", location="Idlib", latitude=35.83, longitude=36.67,
                           geo_precision=3),
    "Aleppo": dict(admin1="Aleppo", location="Aleppo", latitude=36.20, longitude=37.16),
}


def claim(aid: str, n: int, speaker: str, speaker_type: Any, value: int) -> Claim:
    return Claim(claim_id=f"{aid}-c{n}", article_id=aid, kind="fatalities", speaker=speaker,
                 speaker_type=speaker_type, anonymous=False, cue="said",
                 content=f"{value} people were killed", start=0, end=10, source_start=0,
                 source_end=3, cue_start=4, cue_end=8, content_start=9, content_end=10,
                 value_low=value, qualifier="exact", event_id=event_id(aid, 1))


def report(aid: str, body: str, *, publisher: str = "Outlet A", published: str = "2019-03-14",
           day: str = "2019-03-13", place: str = "Idlib", actor1: str | None = "Military Forces "
           "of Syria (2000-)", actor2: str | None = "Civilians (Syria)",
           event_type: str = "Explosions/Remote violence",
           deaths: tuple[tuple[str, Any, int], ...] = (("the monitor", "monitor", 10),),
           title: str | None = None, original_publisher: str | None = None) -> Analysis:
    """An invented analysis: one article, its one event and its fatality claims."""
    article = Article(article_id=aid, text=body, nlp_text=body, body=body, title=title,
                      publisher=publisher, original_publisher=original_publisher,
                      published=published, source=f"{aid}.txt", content_hash=f"h-{aid}")
    claims = [claim(aid, i, *d) for i, d in enumerate(deaths)]
    source = Source(aid, None, publisher, original_publisher, published, title)
    event = Event(event_id(aid, 1), day, "day", event_type, "Shelling/artillery/missile attack",
                  actor1=actor1, actor2=actor2, inter1="State forces" if actor1 else None,
                  country="Syria", iso3="SYR", claims=claims, sources=[source],
                  **({"geo_precision": 1} | PLACES[place]))  # type: ignore[arg-type]
    times = [TimeExpr("on Wednesday", 0, 12, day, "day")]
    return Analysis(article=article, times=times, claims=claims, events=[event])


def copy_of(analysis: Analysis, aid: str, publisher: str, published: str) -> Analysis:
    """The same story under another publisher, with its own header and footer."""
    text = HEADER + analysis.article.text + FOOTER
    return report(aid, text, publisher=publisher, published=published,
                  title=analysis.article.title, day=analysis.events[0].event_date or "")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


def ledger(store: Store) -> list[dict[str, Any]]:
    return [e.to_record() for e in store.events()]


def copies(store: Store) -> dict[str, str | None]:
    return {a.article_id: a.syndicated_from for a in store.articles()}


# -- syndication -----------------------------------------------------------------------------


def test_copy_with_its_own_header_and_footer_is_recognised() -> None:
    original = report("a", STORY_A).article
    copied = replace(original, article_id="b", body=HEADER + STORY_A + FOOTER)
    why = syndication.copy_reason(original, copied)
    assert why is not None and "containment 1.00" in why
    assert syndication.copy_reason(original, report("c", STORY_B).article) is None
    short = replace(original, body="Two killed.")
    assert syndication.copy_reason(short, replace(short, article_id="d")) is None


def test_signature_round_trips_through_bytes() -> None:
    minhash = syndication.signature(STORY_A)
    assert syndication.from_bytes(syndication.to_bytes(minhash)).jaccard(minhash) == 1.0
    assert syndication.signature(STORY_B).jaccard(minhash) < 0.3


def test_copy_adds_no_event_and_no_source(store: Store) -> None:
    original = report("orig", STORY_A, title="Shelling in Idlib")
    assert link.commit_analysis(store, original) == 1
    assert link.commit_analysis(store, copy_of(original, "copy", "Outlet Z", "2019-03-15")) == 0
    [event] = store.events()
    assert copies(store) == {"orig": None, "copy": "orig"}
    assert (event.num_articles, event.num_sources) == (2, 1)
    assert [c.article_id for c in event.claims] == ["orig"]
    assert {s.publisher for s in event.sources} == {"Outlet A", "Outlet Z"}
    assert all(c.event_id is None for c in store.claims("copy"))
    assert "copy of orig" in (store.syndication("copy") or "")


def test_original_arriving_after_its_copy_takes_its_place(store: Store) -> None:
    original = report("zz-orig", STORY_A, published="2019-03-14")
    copied = copy_of(original, "aa-copy", "Outlet Z", "2019-03-16")
    link.commit_analysis(store, copied)
    assert copies(store) == {"aa-copy": None}
    link.commit_analysis(store, original)
    assert copies(store) == {"aa-copy": "zz-orig", "zz-orig": None}
    [event] = store.events()
    assert event.event_id == event_id("zz-orig", 1)
    assert [c.article_id for c in event.claims] == ["zz-orig"]
    assert all(c.event_id is None for c in store.claims("aa-copy"))


def test_same_day_copies_tie_on_article_id(store: Store) -> None:
    first = report("b-first", STORY_A)
    link.commit_analysis(store, copy_of(first, "c-copy", "Outlet Z", "2019-03-14"))
    link.commit_analysis(store, copy_of(first, "a-copy", "Outlet Y", "2019-03-14"))
    assert copies(store) == {"c-copy": "a-copy", "a-copy": None}


def _counting(monkeypatch: pytest.MonkeyPatch, counts: Counter[str], module: Any,
              name: str) -> None:
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        counts[name] += 1
        return real(*args)

    monkeypatch.setattr(module, name, counted)


def test_linking_a_copy_reads_a_bounded_part_of_its_group(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparisons and article rows read per copy stay flat as the group grows to 60
    (they grew with the group: the whole group was read at every copy)."""
    counts: Counter[str] = Counter()
    _counting(monkeypatch, counts, syndication, "copy_reason")
    for module in (store_module, link_tables):
        _counting(monkeypatch, counts, module, "article_from_row")
    first = report("wire", STORY_A, title="Shelling in Idlib", published="2019-03-20")
    link.commit_analysis(store, first)
    days = random.Random(16).choices(range(1, 29), k=60)  # some earlier than the first
    work = []
    for n, day in enumerate(days):
        counts.clear()
        link.commit_analysis(store, copy_of(first, f"copy-{n:02d}", f"Outlet {n}",
                                            f"2019-03-{day:02d}"))
        work.append(counts["copy_reason"] + counts["article_from_row"])
    assert max(work[-20:]) <= 2 * syndication.REPRESENTATIVES + 4, work
    earliest = min(f"2019-03-{d:02d}\tcopy-{n:02d}" for n, d in enumerate(days)).split("\t")[1]
    assert set(copies(store).values()) == {None, earliest}
    assert [a for a, o in copies(store).items() if o is None] == [earliest]
    [event] = store.events()
    assert (event.num_articles, event.num_sources) == (61, 1)


def test_a_store_from_before_copy_groups_keeps_its_groups(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = report("orig", STORY_A, title="Shelling in Idlib")
    with Store(path) as opened:
        for item in (first, copy_of(first, "copy-1", "Outlet Z", "2019-03-15")):
            link.commit_analysis(opened, item)
    with sqlite3.connect(path) as conn:  # as schema 3 left it: no membership rows
        conn.execute("DROP TABLE copy_members")
        conn.execute("PRAGMA user_version = 3")
    with Store(path) as opened:
        assert opened.schema_version() == len(MIGRATIONS)
        link.commit_analysis(opened, copy_of(first, "copy-0", "Outlet Y", "2019-03-13"))
        assert copies(opened) == {"orig": "copy-0", "copy-1": "copy-0", "copy-0": None}
        assert "copy of copy-0: near-duplicate" in why_copy(opened, opened.get_article("copy-1"))


# -- merging ---------------------------------------------------------------------------------


def test_two_reports_with_different_figures_give_one_disputed_event(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, deaths=(("the monitor", "monitor", 12),)))
    link.commit_analysis(store, report(
        "b", STORY_B, publisher="Outlet B", place="Al-Jadida",
        deaths=(("the health ministry", "government", 30),)))
    [event] = store.events()
    assert {c.article_id for c in event.claims} == {"a", "b"}
    assert event.contradiction and event.num_sources == 2 and event.num_articles == 2
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (12, 12, 30)
    assert event.location == "Idlib" or event.location == "Al-Jadida"
    assert all(c.event_id == event.event_id for c in store.claims())
    assert "disputed" in event.notes


def test_a_later_article_of_the_same_source_updates_its_toll(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, published="2019-03-13", deaths=(
        ("the Syrian Observatory for Human Rights", "monitor", 12),)))
    link.commit_analysis(store, report("b", STORY_B, publisher="Outlet B", deaths=(
        ("the Observatory", "monitor", 30), ("a monitoring group", "monitor", 5))))
    link.commit_analysis(store, report("c", STORY_C, publisher="Outlet C", deaths=(
        ("the health ministry", "government", 50),)))
    [event] = store.events()
    assert (event.fatalities, event.fatalities_high) == (30, 50)  # 12 was updated to 30
    [line] = event.contradictions
    assert "12" not in line and "the Observatory: 30" in line and "ministry: 50" in line
    assert "disputed: " + line in event.notes


def test_same_day_articles_of_one_source_cannot_be_ordered_and_both_stand(
        store: Store) -> None:
    for aid, story, value in (("a", STORY_A, 12), ("b", STORY_B, 30)):
        link.commit_analysis(store, report(aid, story, publisher=f"Outlet {aid}", deaths=(
            ("the Syrian Observatory for Human Rights", "monitor", value),)))
    [event] = store.events()
    assert (event.fatalities, event.fatalities_high) == (12, 30)  # whichever id sorts last


def test_same_day_in_different_governorates_stays_apart(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, place="Idlib"))
    link.commit_analysis(store, report("b", STORY_B, place="Aleppo", publisher="Outlet B"))
    assert len(store.events()) == 2
    lines = explain(store, event_id("a", 1)) or []
    assert any("different admin1: Idlib vs Aleppo" in line for line in lines)


@pytest.mark.parametrize(("change", "apart"), [
    (dict(day="2019-03-11"), True),  # two days apart
    (dict(actor1="Hayat Tahrir al-Sham", actor2="Military Forces of Russia (2000-)"), True),
    (dict(event_type="Protests"), True),
    (dict(event_type="Battles"), True),  # a ground attack beside a shelling: two incidents
    (dict(actor1=None, actor2=None), False),  # no actor named: may be the same event
    (dict(day="2019-03-12"), True),  # one day apart, no site within the town in common
    (dict(day="2019-03-12", actor1=None, actor2=None), True),  # ... but no shared actor
    (dict(actor1="Islamic State"), True),  # different perpetrators (civilians are no sign)
    (dict(actor1="Civilians (Syria)", actor2="Military Forces of Syria (2000-)"), False),
    (dict(place="Saraqib"), True),  # two towns 17 km apart: two incidents
    (dict(place="Al-Jadida"), False),  # a quarter 2 km from the town: the same place
    (dict(place="Idlib province"), False),  # placed only at the province: the one candidate
])
def test_merge_rules(store: Store, change: dict[str, Any], apart: bool) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    link.commit_analysis(store, report("b", STORY_B, publisher="Outlet B", **change))
    assert len(store.events()) == (2 if apart else 1)


def test_one_attacker_against_two_different_forces_is_two_incidents(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, actor1="Hayat Tahrir al-Sham",
                                       actor2="Military Forces of Syria (2000-)"))
    link.commit_analysis(store, report("b", STORY_B, actor1="Hayat Tahrir al-Sham",
                                       actor2="Police Forces of Syria (2000-)",
                                       publisher="Outlet B"))
    assert len(store.events()) == 2
    lines = explain(store, event_id("a", 1)) or []
    assert any("different sides" in line for line in lines)


def test_one_day_apart_is_one_incident_at_the_same_named_site(store: Store) -> None:
    first = report("a", STORY_A)
    second = report("b", STORY_B, publisher="Outlet B", day="2019-03-12")
    first.claims[0].content = "10 people were killed at Hanano"
    second.claims[0].content = "ten people were killed in Hanano"
    for item in (first, second):
        link.commit_analysis(store, item)
    assert len(store.events()) == 1


def test_figures_told_at_different_named_sites_are_two_incidents(store: Store) -> None:
    first, second, third = (report(aid, story, publisher=f"Outlet {aid}")
                            for aid, story in (("a", STORY_A), ("b", STORY_B), ("c", STORY_C)))
    first.claims[0].content = "3 policemen were killed in Malgir of the district"
    second.claims[0].content = "a policeman was killed in Saidan of the district"
    third.claims[0].content = "three policemen were killed at Malgir"
    for item in (first, second, third):
        link.commit_analysis(store, item)
    assert sorted(len(e.claims) for e in store.events()) == [1, 2]  # a and c: Malgir


@pytest.mark.parametrize(("content", "found"), [
    ("3 policemen were killed in Malgir of the district", {"malgir"}),
    ("At Least 10 Civilians Die in US-Led Coalition Strikes Near Raqqa", set()),  # Title Case
    ("Russian Strikes Kill 12 In Idlib Town", set()),
    ("at least 10 civilians were killed near Khuneida", {"khuneida"}),
    ("rockets killed 30 in the regime-held Furqan neighbourhood", {"furqan"}),  # a city's part
    ("4 soldiers were killed by a bomb close to Naish district center", {"naish"}),
    ("The Midan quarter was shelled, killing 5", {"midan"}),
])
def test_a_headline_in_title_case_names_no_site(content: str, found: set[str]) -> None:
    item = claim("a", 0, "the monitor", "monitor", 10)
    item.content = content
    event = report("a", STORY_A).events[0]
    event.claims = [item]
    assert merge.named_sites(event) == found


def test_unnamed_actors_do_not_bridge_two_different_events(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A, actor1="Islamic State", actor2=None))
    link.commit_analysis(store, report("b", STORY_B, actor1="Hayat Tahrir al-Sham",
                                       actor2=None, publisher="Outlet B"))
    link.commit_analysis(store, report("c", STORY_C, actor1=None, actor2=None,
                                       publisher="Outlet C"))
    merged = sorted(len(e.claims) for e in store.events())
    assert merged == [1, 2]  # c joins one of them, never both


def _corpus() -> list[Analysis]:
    first = report("r1", STORY_A, published="2019-03-14", title="Shelling in Idlib")
    return [
        first,
        copy_of(first, "r0-copy", "Outlet Z", "2019-03-15"),
        report("r2", STORY_B, publisher="Outlet B", place="Al-Jadida",
               deaths=(("the ministry", "government", 25),)),
        report("r3", STORY_C, publisher="Outlet C", place="Aleppo"),
        report("r4", STORY_D, publisher="Outlet D", actor1=None, actor2=None,
               place="Idlib", published="2019-03-13"),
    ]


def _ledger_of(path: Path, order: list[Analysis]) -> tuple[list[dict[str, Any]], dict]:
    with Store(path) as opened:
        for item in order:
            link.commit_analysis(opened, item)
        return ledger(opened), copies(opened)


def test_input_order_does_not_change_the_ledger(tmp_path: Path) -> None:
    corpus = _corpus()
    expected = _ledger_of(tmp_path / "base.db", corpus)
    assert len(expected[0]) == 2 and expected[1]["r0-copy"] == "r1"
    orders = list(itertools.permutations(corpus))
    for n, order in enumerate(random.Random(6).sample(orders, 12)):
        assert _ledger_of(tmp_path / f"p{n}.db", list(order)) == expected, [
            a.article.article_id for a in order]


def test_resaving_an_article_moves_its_report(store: Store) -> None:
    link.commit_analysis(store, report("a", STORY_A))
    link.commit_analysis(store, report("b", STORY_B, publisher="Outlet B"))
    assert len(store.events()) == 1
    link.commit_analysis(store, report("b", STORY_B, publisher="Outlet B", place="Aleppo"))
    assert sorted(len(e.claims) for e in store.events()) == [1, 1]
    assert store.counts()["claims"] == 2


def test_explain_lists_members_copies_and_rejections(store: Store) -> None:
    first = report("a", STORY_A, title="Shelling in Idlib")
    for item in (first, copy_of(first, "a-copy", "Outlet Z", "2019-03-15"),
                 report("b", STORY_B, publisher="Outlet B", place="Al-Jadida"),
                 report("c", STORY_C, publisher="Outlet C", place="Aleppo")):
        link.commit_analysis(store, item)
    text = "\n".join(explain(store, event_id("a", 1)) or [])
    assert "merged b (Outlet B)" in text and "shared actor" in text
    assert "copy a-copy (Outlet Z)" in text and "not an independent source" in text
    assert f"not merged with {event_id('c', 1)}: different admin1: Idlib vs Aleppo" in text
    assert explain(store, "missing") is None


def test_explain_command(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Store(db) as opened:
        link.commit_analysis(opened, report("a", STORY_A))
        link.commit_analysis(opened, report("b", STORY_B, publisher="Outlet B"))
    done = run_cli("explain", event_id("a", 1), "--db", str(db))
    assert done.returncode == 0 and "merged b" in done.stdout
    missing = run_cli("explain", "nope", "--db", str(db))
    assert missing.returncode == 2 and missing.stderr.startswith("warledger: nope")


# -- with the model: the example corpus and FA-KES ------------------------------------------


def _run(folder: Path, db: Path) -> dict[str, Any]:
    summary = pipeline.run([str(folder)], db)
    assert not summary.rejected
    with Store(db) as opened:
        return {"events": ledger(opened), "copies": copies(opened)}


def _copy_record(aid: str, title: str | None, text: str, published: str | None) -> str:
    return json.dumps({"id": aid, "title": title, "publisher": "Daily Aggregator",
                       "published": published, "text": HEADER + text + FOOTER})


@pytest.mark.model
def test_copy_of_an_example_adds_no_event_and_no_source(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "text", folder)
    base = _run(folder, tmp_path / "base.db")
    text = (EXAMPLES / "text" / "kunduz-checkpoint.txt").read_text("utf-8")
    (folder / "copy.jsonl").write_text(_copy_record("kunduz-copy", None, text, "2019-10-10"))
    found = _run(folder, tmp_path / "copy.db")
    [original] = [a for a in found["copies"] if a.startswith("kunduz-checkpoint")]
    assert found["copies"]["kunduz-copy"] == original
    assert len(found["events"]) == len(base["events"])
    [event] = [e for e in found["events"] if "kunduz-copy" in
               [s["article_id"] for s in e["sources"]]]
    assert event["num_sources"] == 1 and event["num_articles"] == 2
    assert all(c["article_id"] != "kunduz-copy" for c in event["claims"])


@pytest.mark.model
def test_the_readme_explain_example_merges_the_two_sanaa_reports(tmp_path: Path) -> None:
    """README: `warledger explain WLe52668aad877-1` shows the Sanaa air strike, reported by
    two of the examples ('Air strike on Sanaa district' must not move 'the capital Sanaa'
    to a district of the same name elsewhere)."""
    pipeline.run([str(EXAMPLES)], tmp_path / "ex.db")
    with Store(tmp_path / "ex.db") as opened:
        lines = explain(opened, "WLe52668aad877-1") or []
    assert "Sanaa, Amanat al Asimah, Yemen; 2 article(s)" in lines[0]
    assert any(line.startswith("  merged example-sanaa-html") for line in lines)


def _fakes(n: int) -> list[dict[str, str]]:
    with FAKES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if len(r["article_content"]) > 1500][:n]


def _fakes_record(row: dict[str, str], aid: str, text: str, publisher: str) -> str:
    month, day, year = row["date"].split("/")
    published = f"20{year[-2:]}-{int(month):02d}-{int(day):02d}"
    return json.dumps({"id": aid, "title": row["article_title"], "publisher": publisher,
                       "published": published, "text": text})


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not FAKES.exists(), reason="../shared is absent")
def test_fakes_copies_are_marked_and_add_nothing(tmp_path: Path) -> None:
    rows = _fakes(4)
    originals = [_fakes_record(r, f"f{i}", r["article_content"], r["source"])
                 for i, r in enumerate(rows)]
    copied = [_fakes_record(r, f"f{i}-copy", HEADER + r["article_content"] + FOOTER,
                            "Daily Aggregator") for i, r in enumerate(rows)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "in.jsonl").write_text("\n".join(originals) + "\n")
    (tmp_path / "b" / "in.jsonl").write_text("\n".join(copied[::-1] + originals) + "\n")
    base = _run(tmp_path / "a", tmp_path / "a.db")
    found = _run(tmp_path / "b", tmp_path / "b.db")
    assert {k: v for k, v in found["copies"].items() if v} == {
        f"f{i}-copy": f"f{i}" for i in range(len(rows))}
    assert len(found["events"]) == len(base["events"])
    assert sum(e["num_sources"] for e in found["events"]) == sum(
        e["num_sources"] for e in base["events"])
    assert sum(len(e["claims"]) for e in found["events"]) == sum(
        len(e["claims"]) for e in base["events"])
