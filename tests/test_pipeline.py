"""The main job end to end, through the command line, on the real model and a real store."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEED, needs_shared, run_cli

pytestmark = pytest.mark.model


def export(db: Path, what: str) -> list[dict]:
    done = run_cli("export", "--db", str(db), "--what", what, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "ledger.db"
    inputs = [str(EXAMPLES)] + ([str(SEED)] if SEED.exists() else [])
    done = run_cli("run", *inputs, "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "rejected: 0" in done.stdout
    return db


def test_examples_give_events_with_claims(example_db: Path) -> None:
    events = export(example_db, "events")
    articles = export(example_db, "articles")
    assert len(articles) >= 7
    assert len(events) >= 6
    assert all(e["event_type"] and e["sub_event_type"] for e in events)
    assert sum(len(e["claims"]) for e in events) >= 10


def _span_fields(record: dict) -> list[tuple[str, int, int]]:
    pairs = [("text", "start", "end"), ("content", "content_start", "content_end"),
             ("cue", "cue_start", "cue_end"), ("quantity_text", "quantity_start", "quantity_end")]
    return [(record[t], record[s], record[e]) for t, s, e in pairs
            if t in record and record.get(s) is not None and record[t] is not None]


def test_every_span_is_text_start_end(example_db: Path) -> None:
    texts = {a["article_id"]: a["text"] for a in export(example_db, "articles")}
    checked = 0
    for record in export(example_db, "places") + export(example_db, "claims"):
        text = texts[record["article_id"]]
        for value, start, end in _span_fields(record):
            assert text[start:end] == value, (record["article_id"], value)
            checked += 1
        if "source_start" in record and record["source_end"] > record["source_start"]:
            assert record["source_start"] >= record["start"]
            assert record["end"] >= record["content_end"]
    assert checked > 50


def test_rerun_stores_nothing_twice(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    before = {w: len(export(db, w)) for w in ("articles", "events", "claims", "places")}
    done = run_cli("run", str(EXAMPLES), "--db", str(db))
    assert done.returncode == 0 and "already stored: 7" in done.stdout
    after = {w: len(export(db, w)) for w in ("articles", "events", "claims", "places")}
    assert after == before


def test_bad_inputs_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "text" / "kunduz-checkpoint.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02GIF89a")
    (folder / "latin1.md").write_bytes("Caf\xe9 bombing kills two".encode("latin-1"))
    (folder / "big.txt").write_bytes(b"a " * (3 * 1024 * 1024))
    (folder / "lines.jsonl").write_text(
        '{"id": "j1", "text": "Gunmen killed two farmers in the village on Monday, police said.",'
        ' "published": "2021-05-04"}\n{broken\n', "utf-8")
    db = tmp_path / "s.db"
    done = run_cli("run", str(folder), "--db", str(db))
    assert done.returncode == 1
    errors = done.stderr.strip().splitlines()
    assert f"warledger: {folder / 'empty.txt'}: empty document" in errors
    assert f"warledger: {folder / 'lines.jsonl'}:2: malformed JSON" in " ".join(errors)
    assert any("binary.html: binary content" in e for e in errors)
    assert any("latin1.md: not valid UTF-8" in e for e in errors)
    assert any("big.txt: larger than the 5 MB limit" in e for e in errors)
    assert len(errors) == 5
    assert {a["article_id"][:4] for a in export(db, "articles")} == {"good", "j1"}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM rejections").fetchone()[0] == 5


def test_nothing_processed_and_usage_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    assert run_cli("run", str(empty), "--db", str(tmp_path / "x.db")).returncode == 3
    assert run_cli("run").returncode == 2
    assert run_cli("export", "--what", "nothing", "--format", "csv").returncode == 2
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_text("this is not a database" * 100, "utf-8")
    done = run_cli("run", str(EXAMPLES / "text"), "--db", str(not_a_db))
    assert done.returncode == 3 and done.stderr.startswith("warledger: ")
    assert len(done.stderr.strip().splitlines()) == 1


def test_killed_run_is_completed_by_a_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    source = (EXAMPLES / "text" / "kunduz-checkpoint.txt").read_text("utf-8")
    for n in range(40):
        (folder / f"report-{n:02d}.txt").write_text(source + f"\nReport number {n}.\n", "utf-8")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "warledger", "run", str(folder), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and _count(db) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 3 <= partial < 40
    done = run_cli("run", str(folder), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert f"already stored: {partial}" in done.stdout
    ids = [a["article_id"] for a in export(db, "articles")]
    assert len(ids) == len(set(ids)) == 40
    clean = tmp_path / "clean.db"
    assert run_cli("run", str(folder), "--db", str(clean)).returncode == 0
    assert _ledger(db) == _ledger(clean)  # the interrupted run ends as an uninterrupted one


def _ledger(db: Path) -> list[dict]:
    events = export(db, "events")
    for event in events:
        event.pop("timestamp", None)
    return sorted(events, key=lambda e: e["event_id"])


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_single_document_commands() -> None:
    path = EXAMPLES / "text" / "kunduz-checkpoint.txt"
    extracted = json.loads(run_cli("extract", str(path)).stdout)
    assert extracted["published"] == "2019-10-09" and "All rights reserved" not in extracted["body"]
    text = path.read_text("utf-8")
    places = [json.loads(x) for x in run_cli("places", str(path)).stdout.splitlines()]
    assert any(p["country_code"] == "AF" for p in places)
    claims = [json.loads(x) for x in run_cli("claims", str(path)).stdout.splitlines()]
    assert claims and all(text[c["content_start"]:c["content_end"]] == c["content"] for c in claims)
    assert run_cli("places", str(path), "--published", "not-a-date").returncode == 2


@needs_shared(SEED)
def test_seed_gives_the_worked_example(tmp_path: Path) -> None:
    db = tmp_path / "seed.db"
    assert run_cli("run", str(SEED), "--db", str(db)).returncode == 0
    [event] = export(db, "events")
    assert event["event_type"] in ("Explosions/Remote violence", "Battles")
    assert event["event_date"] == "2018-02-07" and event["date_precision"] == "day"
    assert event["country"] == "Syria" and event["iso3"] == "SYR"
    assert "deir" in event["admin1"].lower() or "dayr" in event["admin1"].lower()
    assert "khasham" in event["location"].lower()
    assert abs(event["latitude"] - 35.30) < 0.05 and abs(event["longitude"] - 40.29) < 0.05
    assert "coalition" in event["actor1"].lower() and "SDF" in (event["assoc_actor_1"] or "")
    assert "syria" in event["actor2"].lower()
    assert event["fatalities"] == 20 and event["fatalities_low"] == 20
    assert event["fatalities_high"] >= 100
    assert event["contradiction"] is True and event["contradictions"]
    claims = event["claims"]
    us = [c for c in claims if c["kind"] == "fatalities" and c["qualifier"] == "more_than"]
    assert us and us[0]["value_low"] == 101 and us[0]["anonymous"] is True
    assert "US military official" in us[0]["speaker"]
    sohr = [c for c in claims if c["kind"] == "fatalities" and c["value_low"] == 20]
    assert sohr and "Syrian Observatory for Human Rights" in sohr[0]["speaker"]
    assert sohr[0]["speaker_type"] == "monitor"
    hurt = [c for c in claims if c["kind"] == "injuries"]
    assert hurt and hurt[0]["value_low"] == 1 and "SDF" in (hurt[0]["subject"] or "")
    [source] = event["sources"]
    assert source["publisher"] == "Global Research"
    assert source["original_publisher"] == "Middle East Eye"
    [article] = export(db, "articles")
    for gone in ("Disclaimer", "fair use", "Become a Member", "The original source", "Region:"):
        assert gone not in article["body"]
    assert "Khasham" in article["body"]
