"""Ingest: every kind of bad input is rejected with its reason; the others go on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from warledger.ingest import readers as ingest
from warledger.records import Document, Rejection


def _items(*paths: Path) -> list[Document | Rejection]:
    return list(ingest.read_inputs([str(p) for p in paths]))


def test_text_html_and_folders_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Five people were killed.", "utf-8")
    (tmp_path / "two.html").write_text("<html><body><p>Hi</p></body></html>", "utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not ours: ignored inside a folder
    items = _items(tmp_path)
    assert [type(i) for i in items] == [Document, Document]
    kinds = sorted(i.kind for i in items if isinstance(i, Document))
    assert kinds == ["html", "text"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary content"),
        (b"caf\xe9 bombing", "not valid UTF-8"),
    ],
)
def test_bad_files_are_rejected_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    [item] = _items(bad)
    assert isinstance(item, Rejection)
    assert reason in item.reason
    assert item.source == str(bad)


def test_oversized_file_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_DOCUMENT_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("x" * 101, "utf-8")
    [item] = _items(big)
    assert isinstance(item, Rejection) and "limit" in item.reason


def test_jsonl_bad_lines_are_rejected_by_line_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": "Two soldiers were killed.", "published": "2020-03-01"}),
        "{not json",
        json.dumps({"id": "x", "text": "a", "html": "<p>b</p>"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "d", "text": "t", "published": "yesterday"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "html": "<p>Three civilians died.</p>",
                    "published": "2020-03-01T10:00:00Z"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = _items(path)
    docs = [i for i in items if isinstance(i, Document)]
    rejected = {i.source.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Rejection)}
    assert [d.article_id for d in docs] == ["ok1", "7"]
    assert docs[1].published == "2020-03-01" and docs[1].kind == "html"
    assert set(rejected) == {"2", "3", "4", "5", "6"}
    assert "malformed JSON" in rejected["2"]
    assert "both" in rejected["3"]
    assert "'id'" in rejected["4"]
    assert "ISO date" in rejected["5"]


def test_stdin_is_jsonl() -> None:
    stream = io.BytesIO(b'{"id": "s1", "text": "One killed."}\n')
    [item] = list(ingest.read_inputs(["-"], stdin=stream))
    assert isinstance(item, Document) and item.source == "<stdin>:1"


def test_missing_and_unsupported_inputs(tmp_path: Path) -> None:
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF-1.4")
    missing, unsupported = _items(tmp_path / "nope.txt", odd)
    assert isinstance(missing, Rejection) and "no such file" in missing.reason
    assert isinstance(unsupported, Rejection) and "unsupported file type" in unsupported.reason


def test_file_ids_are_stable_and_content_addressed(tmp_path: Path) -> None:
    path = tmp_path / "Report One.txt"
    path.write_text("Ten killed.", "utf-8")
    [first] = _items(path)
    [again] = _items(path)
    assert isinstance(first, Document) and isinstance(again, Document)
    assert first.article_id == again.article_id
    assert first.article_id.startswith("Report-One-")
