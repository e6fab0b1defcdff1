"""The incident-level evaluations' pure parts, offline: roundup grouping and matching,
TimeML reading and date values, and the gate's ceilings (invented data only)."""

from __future__ import annotations

from pathlib import Path

from warledger.evaluation import harness, incidents, tempeval
from warledger.records import Analysis, Article, Event, TimeExpr


def _row(event_id: str, admin1: str, day: str = "21 March 2020", event_type: str = "Battles",
         fatalities: str = "0") -> dict[str, str]:  # fmt: skip
    return {"event_id_cnty": event_id, "admin1": admin1, "event_date": day,
            "event_type": event_type, "fatalities": fatalities, "notes": f"note {event_id}."}


def _ids(groups: list[list[dict[str, str]]]) -> list[list[str]]:
    return [[r["event_id_cnty"] for r in g] for g in groups]


def test_roundups_take_three_provinces_of_one_day_in_id_order() -> None:
    rows = [_row("AFG100", "Balkh"), _row("AFG20", "Balkh"), _row("AFG30", "Kabul"),
            _row("AFG9", "Herat"), _row("AFG40", "Kunduz"), _row("AFG50", "Kabul"),
            _row("AFG60", "Herat", day="22 March 2020"), _row("AFG61", "Kabul", "22 March 2020"),
            _row("AFG62", "Ghazni", day="22 March 2020")]  # fmt: skip
    groups = incidents.group_roundups(rows)
    # 21 March, by number: 9 Herat, 20 Balkh, 30 Kabul | 40 Kunduz, 50 Kabul, 100 Balkh
    assert _ids(groups) == [["AFG9", "AFG20", "AFG30"], ["AFG40", "AFG50", "AFG100"],
                            ["AFG60", "AFG61", "AFG62"]]  # fmt: skip


def test_roundups_skip_a_repeated_province_and_drop_the_leftovers() -> None:
    rows = [_row("AFG1", "Balkh"), _row("AFG2", "balkh"), _row("AFG3", "Kabul"),
            _row("AFG4", "Herat"), _row("AFG5", "Balkh"), _row("AFG6", "Kabul")]
    groups = incidents.group_roundups(rows)
    assert _ids(groups) == [["AFG1", "AFG3", "AFG4"]]  # AFG2, AFG5, AFG6: two provinces left
    document = incidents.roundup_document(groups[0], 1)
    assert document.raw == "note AFG1.\n\nnote AFG3.\n\nnote AFG4."
    assert document.published == "2020-03-21"
    assert document.kind == "text"
    assert document.article_id == "roundup-2020-03-21-1"


def test_matching_is_one_prediction_per_gold_by_type_and_province() -> None:
    gold = [("Battles", "Balkh"), ("Battles", "Kabul"), ("Explosions/Remote violence", "Herat")]
    predicted: list[tuple[str | None, str | None]] = [
        ("Battles", "kabul"), ("Battles", "Kabul"), ("Battles", "Herat"), ("Battles", None)]
    assert incidents.match(gold, predicted) == [None, 0, None]
    assert incidents.match([("Battles", "Kabul")] * 2, predicted) == [0, 1]  # not twice the same


def _event(event_type: str, admin1: str | None, fatalities: int) -> Event:
    return Event("e", "2020-03-21", "day", event_type, "Armed clash", admin1=admin1,
                 fatalities=fatalities)


def test_roundup_recall_precision_and_fatalities() -> None:
    group = [_row("AFG1", "Balkh", fatalities="3"), _row("AFG2", "Kabul", fatalities="1"),
             _row("AFG3", "Herat", event_type="Riots")]  # fmt: skip
    events = [_event("Battles", "Kabul", 2), _event("Battles", "Dar-e Suf", 0),
              _event("Battles", "Balkh", 3), _event("Battles", "Balkh", 3)]
    record = incidents.roundup_record("r1", "2020-03-21", group, events)
    assert [g["matched"] for g in record["golds"]] == [2, 0, None]
    empty = incidents.roundup_record("r2", "2020-03-22", group, [])
    assert [g["matched"] for g in empty["golds"]] == [None, None, None]
    metrics = incidents.roundup_metrics([record, empty])
    assert metrics == {"event_recall": round(2 / 6, 4), "event_precision": 0.5,
                       "fatalities_exact": 0.5, "reports": 2, "golds": 6, "predicted": 4}
    assert incidents._is_error(record) and incidents._is_error(empty)
    perfect = incidents.roundup_record("r3", "2020-03-21", group[:2], events[:1] + events[2:3])
    perfect["predicted"][0]["fatalities"] = 1
    assert not incidents._is_error(perfect)
    assert incidents.roundup_metrics([]) == {"event_recall": 0.0, "event_precision": 0.0,
                                             "fatalities_exact": 0.0, "reports": 0, "golds": 0,
                                             "predicted": 0}  # fmt: skip


def _analysis(article_id: str, events: list[Event]) -> Analysis:
    body = "Senator Smith said on Tuesday the campaign would go on."
    return Analysis(Article(article_id, body, body, body), events=events)


def test_negative_share_counts_rejected_as_no_event() -> None:
    found = [None, _analysis("a", []), _analysis("b", [_event("Battles", "Iowa", 0)]),
             _analysis("c", [])]
    assert incidents.share(found) == 0.25
    assert incidents.share([]) == 0.0
    rows = incidents.negative_rows("election", found)
    assert [(r["set"], r["id"], r["title"]) for r in rows] == [
        ("election", "b", "Senator Smith said on Tuesday the campaign would go on.")]
    assert rows[0]["events"][0]["event_type"] == "Battles"
    assert rows[0]["events"][0]["evidence"] is None


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-05T10:00" functionInDocument="CREATION_TIME"
>March 5, 1998</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> the town <TIMEX3 tid="t1" type="DATE"
value="1998-03-04">yesterday</TIMEX3> &amp; <TIMEX3 tid="t2" type="DATE" value="1998-W09">last
week</TIMEX3>, <TIMEX3 tid="t3" type="DATE" value="PAST_REF">before</TIMEX3> <TIMEX3 tid="t4"
type="TIME" value="1998-03-04TNI">at night</TIMEX3>, in <TIMEX3 tid="t5" type="DATE"
value="1997">1997</TIMEX3> and <TIMEX3 tid="t6" type="DATE" value="1998-02">in February</TIMEX3>.
</TEXT>
</TimeML>"""


def test_timeml_text_offsets_and_gold() -> None:
    doc = tempeval.read_tml(TML, "x1")
    assert doc.creation_date == "1998-03-05"
    assert doc.text.startswith("\nRebels attacked the town yesterday & last\nweek,")
    spans = [doc.text[t.start : t.end] for t in doc.timexes]
    assert spans == ["yesterday", "last\nweek", "before", "at night", "1997", "in February"]
    gold = [tempeval.gold_value(t) for t in doc.timexes]
    assert gold == ["1998-03-04", "1998-W09", None, None, "1997", "1998-02"]


def test_gold_values_per_precision() -> None:
    def value(v: str, kind: str = "DATE", function: str = "NONE") -> str | None:
        return tempeval.gold_value(tempeval.Timex(0, 1, kind, v, function))

    assert value("1998-W7") == "1998-W07"
    assert value("1998-Q1") is None and value("199X") is None and value("1998-03-04T10") is None
    assert value("1998-03-05", function="CREATION_TIME") is None
    assert value("1998", kind="DURATION") is None


def _expr(day: str, precision: str, start: int = 0, end: int = 5) -> TimeExpr:
    return TimeExpr("x", start, end, day, precision)  # type: ignore[arg-type]


def test_predicted_value_at_its_precision() -> None:
    assert tempeval.at_precision(_expr("1998-03-04", "day")) == "1998-03-04"
    assert tempeval.at_precision(_expr("1998-02-23", "week")) == "1998-W09"
    assert tempeval.at_precision(_expr("2020-12-28", "week")) == "2020-W53"
    assert tempeval.at_precision(_expr("2021-01-04", "week")) == "2021-W01"
    assert tempeval.at_precision(_expr("1998-02-01", "month")) == "1998-02"
    assert tempeval.at_precision(_expr("1997-01-01", "year")) == "1997"


def test_score_doc_span_and_value() -> None:
    doc = tempeval.read_tml(TML, "x1")
    starts = {doc.text[t.start : t.end]: t for t in doc.timexes}
    yesterday, week, year = starts["yesterday"], starts["last\nweek"], starts["1997"]
    predicted = [
        _expr("1998-03-04", "day", yesterday.start, yesterday.end),  # right
        _expr("1998-02-01", "month", week.start + 5, week.end),  # overlaps, wrong precision
        _expr("1997-06-01", "month", year.start, year.end + 3),  # overlaps, month != year
    ]
    rows = tempeval.score_doc(doc, predicted)
    assert [(r["value"], r["found"], r["correct"]) for r in rows] == [
        ("1998-03-04", True, True), ("1998-W09", True, False), ("1997", True, False),
        ("1998-02", False, False)]  # fmt: skip


# -- the gate's ceilings ---------------------------------------------------------------


def test_a_ceiling_exceeded_fails_the_gate() -> None:
    ceilings = {"negatives.election_event_share": 0.65}
    assert harness.gate({"negatives.election_event_share": 0.654}, {}, ceilings) == []
    assert harness.gate({"negatives.election_event_share": 0.30}, {}, ceilings) == []
    assert harness.gate({"negatives.election_event_share": 0.70}, {}, ceilings) == [
        "negatives.election_event_share: 0.7000 is above its ceiling 0.6500"]
    assert harness.gate({}, {}, ceilings) == [
        "negatives.election_event_share: missing (ceiling 0.6500)"]


def test_floors_and_ceilings_are_read_from_the_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"floors": {"a.x": 0.5}, "ceilings": {"b.y": 0.2}}', "utf-8")
    assert harness.load_floors(path) == {"a.x": 0.5}
    assert harness.load_ceilings(path) == {"b.y": 0.2}
    path.write_text('{"floors": {"a.x": 0.5}}', "utf-8")
    assert harness.load_ceilings(path) == {}
    failures = harness.gate({"a.x": 0.4, "b.y": 0.3}, {"a.x": 0.5}, {"b.y": 0.2})
    assert failures == ["a.x: 0.4000 is below its floor 0.5000",
                        "b.y: 0.3000 is above its ceiling 0.2000"]
