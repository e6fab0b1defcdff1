"""Merging at ACLED's granularity, measured on the ACLED notes (issue 15).

Every ACLED development note is a distinct event reported once. All of them go
through `warledger run` as separate reports (a JSONL file, one note a record,
published on its event date) into one fresh ledger:

- `distinct`: the share of notes whose events stay their own (no ledger event of
  theirs also holds another note);
- `fatalities_run`: ACLED's `fatalities` exact, read from the ledger event of each
  note (its deadliest, as `ledger.main_event` picks), against `fatalities_alone`,
  the same note analysed alone (what `warledger eval acled` measures).

The per-item error file lists the notes that lost their own event, with the notes
they were merged with.
"""

from __future__ import annotations

import csv
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from warledger import pipeline
from warledger.evaluation.ledger import analyse_text, main_event
from warledger.ledger.store import Store
from warledger.records import Event


def _rows(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "acled-afghanistan" / "acled.csv").open(encoding="utf-8",
                                                             newline="") as handle:
        return list(csv.DictReader(handle))


def _published(row: dict[str, str]) -> str:
    return time.strftime("%Y-%m-%d", time.strptime(row["event_date"], "%d %B %Y"))


def _note_id(row: dict[str, str]) -> str:
    return f"acled-{row['event_id_cnty']}"


def ledger_of(rows: list[dict[str, str]], folder: Path) -> list[Event]:
    """The ledger `warledger run` makes of the notes, each note a report of its own."""
    notes = folder / "notes.jsonl"
    with notes.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"id": _note_id(row), "text": row["notes"],
                                  "published": _published(row)}) + "\n")
    db = folder / "ledger.sqlite"
    pipeline.run([str(notes)], db)
    with Store(db) as store:
        return store.events()


def evaluate_distinct(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    rows = _rows(data_dir)
    with tempfile.TemporaryDirectory() as folder:
        events = ledger_of(rows, Path(folder))
    by_note: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for source in event.sources:
            by_note[source.article_id].append(event)
    kept, run_right, alone_right, lost = 0, 0, 0, []
    for row in rows:
        own = by_note.get(_note_id(row), [])
        others = sorted({s.article_id for e in own for s in e.sources} - {_note_id(row)})
        kept += not others
        if others:
            lost.append({"id": _note_id(row), "merged_with": others})
        gold = int(row["fatalities"] or 0)
        found = main_event(own)
        run_right += (found.fatalities if found else 0) == gold
        alone = main_event(analyse_text(row["notes"], _published(row), _note_id(row)))
        alone_right += (alone.fatalities if alone else 0) == gold
    if errors:
        with errors.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(item) + "\n" for item in lost)
    n = len(rows)
    return {"distinct": round(kept / n, 4), "fatalities_run": round(run_right / n, 4),
            "fatalities_alone": round(alone_right / n, 4), "ledger_events": len(events),
            "n": n, "seconds": round(time.perf_counter() - started, 1)}
