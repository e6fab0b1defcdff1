"""Whole-pipeline evaluation on FA-KES (Syria, 2011-2018) and ACLED notes (Afghanistan, 2020).

FA-KES (data README): per article, the event with the highest `fatalities_best`
against the crowd coding: governorate (`admin1`), cause of death (from
`sub_event_type`), perpetrator category (from `actor1`), killed count
(`nb_civilians + nb_noncivilians`, exact). An article with no event counts as
wrong on every field except a killed count of 0. Beside them, for the main event:
`fatalities_acled_acc` (ACLED's `fatalities`, the most conservative figure, equals the
killed count; no event counts as 0) and `high_within_bounds` (share of articles whose
`fatalities_high` is at most 3 x the killed count, or at most 10; an event without
`fatalities_high`, or no event, is within bounds). Over every event of every article:
`outside_syria_share`, the share placed in another country than Syria (lower is better).

ACLED notes: each `notes` text is one article published on its `event_date`;
per row `event_type`, `sub_event_type`, `admin1`, `fatalities` (exact), `actor1`
and `actor2` (exact, after case and spacing are folded); `within_25km`, the share of
rows whose main event lies within 25 km of ACLED's coordinates (no event, or an event
with no point, counts as not within).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from unidecode import unidecode

from warledger import pipeline
from warledger.geo.distance import distance_km
from warledger.records import Document, Event
from warledger.text import extract

# GeoNames / ACLED admin1 names of Syria's governorates -> FA-KES location labels.
FAKES_GOVERNORATES = {
    "aleppo": "aleppo", "halab": "aleppo", "damascus": "damascus", "dimashq": "damascus",
    "rif dimashq": "damascus", "rural damascus": "damascus", "idlib": "idlib",
    "deir ez-zor": "deir ezzor", "dayr az zawr": "deir ezzor", "deir-ez-zor": "deir ezzor",
    "ar raqqah": "raqqa", "ar-raqqa": "raqqa", "raqqa": "raqqa", "homs": "homs", "hims": "homs",
    "al hasakah": "hasakeh", "al-hasakeh": "hasakeh", "hasakah": "hasakeh", "hama": "hama",
    "hamah": "hama", "daraa": "daraa", "dar'a": "daraa", "dara": "daraa", "lattakia": "lattakia",
    "al ladhiqiyah": "lattakia", "latakia": "lattakia", "quneitra": "quneitra",
    "al qunaytirah": "quneitra", "tartus": "tartous", "tartous": "tartous",
}
NEAR_KM = 25.0  # ACLED notes: a main event this close to ACLED's point is 'within 25 km'
FAKES_CAUSES = {
    "Air/drone strike": "shelling", "Shelling/artillery/missile attack": "shelling",
    "Chemical weapon": "chemical and toxic gases", "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion", "Grenade": "explosion", "Attack": "execution",
    "Armed clash": "shooting", "Abduction/forced disappearance": "execution",
}
FAKES_ACTORS = [
    ("syrian government or russian troops", ("Syria (", "Syrian Government", "Russia", "Hezbollah",
                                             "Military Forces of Iran")),
    ("the organization of the islamic state in iraq and the levant - isis", ("Islamic State",)),
    ("international coalition forces", ("US-led Coalition", "United States", "NATO")),
    ("self administration forces", ("SDF", "YPG")),
    ("al-nusra front", ("HTS", "Nusra", "Fateh al-Sham")),  # the names it had over time
    ("armed opposition groups", ("Opposition Rebels", "Turkey")),
]


def analyse_text(text: str, published: str | None, article_id: str) -> list[Event]:
    document = Document(article_id, article_id, text, "text", published=published)
    try:
        return pipeline.analyse(document).events
    except extract.Rejected:
        return []


def main_event(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.fatalities_best or 0, default=None)


def fakes_governorate(admin1: str | None) -> str | None:
    return FAKES_GOVERNORATES.get(unidecode(admin1).lower()) if admin1 else None


def fakes_actor(actor1: str | None) -> str:
    for label, keys in FAKES_ACTORS:
        if actor1 and any(k in actor1 for k in keys):
            return label
    return "unknown"


def fakes_row(row: dict[str, str]) -> dict[str, Any]:
    published = datetime.strptime(row["date"], "%m/%d/%y").date().isoformat()
    text = f"{row['article_title']}\n\n{row['article_content']}"
    events = analyse_text(text, published, f"fakes-{row['unit_id']}")
    event = main_event(events)
    killed = int(row["nb_civilians"] or 0) + int(row["nb_noncivilians"] or 0)
    high = event.fatalities_high if event else None
    got = {
        "governorate": fakes_governorate(event.admin1) if event else None,
        "cause": FAKES_CAUSES.get(event.sub_event_type, "unknown") if event else "unknown",
        "actor": fakes_actor(event.actor1) if event else "unknown",
        "killed": (event.fatalities_best or 0) if event else 0,
        "fatalities_acled": event.fatalities if event else 0,
        "high_within_bounds": within_bounds(high, killed),
    }
    gold = {"governorate": row["location"], "cause": row["cause_of_death"],
            "actor": row["actor"], "killed": killed, "fatalities_acled": killed,
            "high_within_bounds": True}
    return {"id": row["unit_id"], "gold": gold, "got": got, "fatalities_high": high,
            "events": len(events), "outside": [outside_syria(e) for e in events
                                               if e.country not in (None, "Syria")]}


def outside_syria(event: Event) -> str:
    """An event placed abroad, for the errors file: 'location (country)'."""
    return f"{event.location} ({event.country})"


def outside_share(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The share of all events placed outside Syria, and the count of events."""
    events = sum(r["events"] for r in rows)
    outside = sum(len(r["outside"]) for r in rows)
    return {"outside_syria_share": round(outside / events, 4) if events else 0.0,
            "events": events}


def within_bounds(high: int | None, killed: int) -> bool:
    """A high estimate not far above the killed count: at most 3 x it, or at most 10."""
    return high is None or high <= max(3 * killed, 10)


def acled_row(row: dict[str, str]) -> dict[str, Any]:
    published = datetime.strptime(row["event_date"], "%d %B %Y").date().isoformat()
    event = main_event(analyse_text(row["notes"], published, f"acled-{row['event_id_cnty']}"))
    gold = {"event_type": row["event_type"], "sub_event_type": row["sub_event_type"],
            "admin1": row["admin1"], "fatalities": int(row["fatalities"] or 0),
            "actor1": row["actor1"], "actor2": row["actor2"]}
    got: dict[str, Any] = {k: None for k in gold} | {"fatalities": 0}
    if event:
        got = {"event_type": event.event_type, "sub_event_type": event.sub_event_type,
               "admin1": event.admin1, "fatalities": event.fatalities,
               "actor1": event.actor1, "actor2": event.actor2}
    km = None
    if event and event.latitude is not None and event.longitude is not None:
        km = round(distance_km(float(row["latitude"]), float(row["longitude"]),
                               event.latitude, event.longitude), 1)
    return {"id": row["event_id_cnty"], "notes": row["notes"], "gold": gold, "got": got,
            "km": km}


def within_25km(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The share of rows whose main event lies within 25 km of ACLED's point."""
    near = sum(r["km"] is not None and r["km"] <= NEAR_KM for r in rows)
    return {"within_25km": round(near / len(rows), 4) if rows else 0.0}


def same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _fold(a) == _fold(b)
    return bool(a == b)


def _fold(value: Any) -> str:
    return " ".join(unidecode(str(value or "")).lower().replace("-", " ").split())


def score(rows: list[dict[str, Any]], fields: list[str]) -> dict[str, float]:
    n = len(rows) or 1
    return {f: sum(same(r["gold"][f], r["got"][f]) for r in rows) / n for f in fields}


def _evaluate(path: Path, make_row: Callable[[dict[str, str]], dict[str, Any]],
              fields: list[str], errors: Path | None,
              names: dict[str, str] | None = None,
              extra: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
              ) -> dict[str, Any]:
    """Per-field accuracy, named `FIELD_acc` unless `names` gives the metric's name, and
    the metrics `extra` computes over all rows."""
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [make_row(row) for row in csv.DictReader(handle)]
    names = names or {}
    result: dict[str, Any] = {names.get(k, f"{k}_acc"): round(v, 4)
                              for k, v in score(rows, fields).items()}
    result |= extra(rows) if extra else {}
    result |= {"n": len(rows), "seconds": round(time.perf_counter() - started, 1)}
    if errors:
        with errors.open("w", encoding="utf-8") as out:
            _write_errors(rows, fields, out)
    return result


def _write_errors(rows: list[dict[str, Any]], fields: list[str], out: IO[str]) -> None:
    for row in rows:
        wrong = [f for f in fields if not same(row["gold"][f], row["got"][f])]
        wrong += ["outside"] if row.get("outside") else []
        wrong += ["km"] if "km" in row and (row["km"] is None or row["km"] > NEAR_KM) else []
        if wrong:
            out.write(json.dumps(row | {"wrong": wrong}, ensure_ascii=False) + "\n")


def evaluate_fakes(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    fields = ["governorate", "cause", "actor", "killed", "fatalities_acled",
              "high_within_bounds"]
    return _evaluate(data_dir / "fakes" / "fakes.csv", fakes_row, fields, errors,
                     {"high_within_bounds": "high_within_bounds"}, outside_share)


def evaluate_acled(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    fields = ["event_type", "sub_event_type", "admin1", "fatalities", "actor1", "actor2"]
    return _evaluate(data_dir / "acled-afghanistan" / "acled.csv", acled_row, fields, errors,
                     extra=within_25km)
