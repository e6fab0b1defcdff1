"""No input stops a run and nothing is silently lost: values the store or the model cannot
hold, repeated ids, odd files. Each test here failed before the hardening it guards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_link import STORY_A, STORY_B, report

from warledger import pipeline
from warledger.claims.quantities import parse_number
from warledger.errors import BadInput, one_line
from warledger.ingest import readers as ingest
from warledger.ingest.values import MAX_TEXT_CHARS, decode, normalize_published
from warledger.ledger.store import Store
from warledger.records import Document, Rejection


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


def _jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_a_lone_surrogate_rejects_its_line_and_the_others_are_read(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": "Five people were killed."},
                  {"id": "b", "text": "Five people \ud800 were killed."},
                  {"id": "c", "text": "Two people were wounded.", "title": "x \udfff"})
    items = list(ingest.read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection"]
    assert "lone surrogate (U+D800 at character 12)" in items[1].reason  # type: ignore[union-attr]
    assert items[2].reason.startswith("'title' holds a lone surrogate")  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31T23:00:00Z", "1492-10-12"])
def test_an_impossible_publication_date_is_a_reason(value: str) -> None:
    with pytest.raises(BadInput, match="'published' is out of range"):
        normalize_published(value)


@pytest.mark.parametrize("text", ["9" * 30, "9" * 400, "99999999999 million"])
def test_a_number_larger_than_any_count_of_people_is_no_count(text: str) -> None:
    assert parse_number(text) is None
    assert parse_number("400,000") == 400_000


def test_a_value_the_store_cannot_hold_rejects_only_its_document(store: Store) -> None:
    bad, good = report("bad", STORY_A), report("good", STORY_B, publisher="Outlet B")
    bad.claims[0].value_low = 2**64  # more than SQLite's INTEGER holds
    summary = pipeline.Summary()
    pipeline.commit(store, bad, summary)
    pipeline.commit(store, good, summary)
    [rejection] = list(summary.rejected)
    assert rejection.reason.startswith("internal error in the store: OverflowError")
    assert "\n" not in rejection.reason and len(rejection.reason) <= 160
    assert [a.article_id for a in store.articles()] == ["good"]  # nothing half-written
    assert summary.kept == 1 and len(store.events()) == 1
    assert [r.source for r in store.rejections()] == [rejection.source]


def test_an_id_stored_with_a_different_text_is_refused_not_replaced(store: Store) -> None:
    first = report("same", STORY_A)
    second = report("same", STORY_B, publisher="Outlet B")
    second.article = replace(second.article, content_hash="h-other", source="in.jsonl:2")
    summary = pipeline.Summary()
    for item in (first, second, first):
        pipeline.commit(store, item, summary)
    [rejection] = list(summary.rejected)
    assert rejection.source == "in.jsonl:2"
    assert rejection.reason.startswith("id already stored with a different text")
    [kept] = list(store.articles())
    assert kept.body == STORY_A and summary.kept == 2  # the same text again is no conflict


def test_a_long_text_is_refused_at_once_with_one_line() -> None:
    text = "Gunmen attacked a checkpoint near the town. " * (MAX_TEXT_CHARS // 40)
    result = pipeline.process_batch([Document("long.txt", "long", text, "text")])[0]
    assert isinstance(result, Rejection)
    assert result.reason.startswith("article text longer than the 200,000-character limit")


def test_an_unexpected_error_is_one_short_line() -> None:
    exc = ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000.\n" + "x" * 600)
    reason = one_line(exc, "the pipeline")
    assert reason.startswith("internal error in the pipeline: ValueError: [E088]")
    assert "\n" not in reason and len(reason) <= 160


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_called_binary(codec: str) -> None:
    assert decode("Five people were killed in Kabul.".encode(codec)) == (
        "Five people were killed in Kabul.")
    with pytest.raises(BadInput, match="binary content"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_on_the_command_line_is_rejected_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(ingest.read_inputs([str(fifo)])) == [Rejection(str(fifo), "not a regular file")]


ALLIES = ("Syrian government forces, backed by Hezbollah fighters, Iranian militias and Russian "
          "special forces, attacked rebel positions in Aleppo on Monday, killing 12 fighters of "
          "the Free Syrian Army, the Syrian Observatory for Human Rights said.")


@pytest.mark.model
def test_associated_actors_come_in_one_order_whatever_the_hash_seed() -> None:
    script = ("import sys; from warledger import pipeline; from warledger.records import "
              "Document; a = pipeline.analyse(Document('x', 'x', sys.argv[1], 'text', "
              "published='2016-05-03')); print([e.assoc_actor_1 for e in a.events])")
    seen = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script, ALLIES], env=env, check=True,
                              capture_output=True, text=True)
        seen.add(done.stdout)
    [only] = seen
    assert "Hezbollah; Military Forces of Russia" in only
