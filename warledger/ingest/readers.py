"""Ingest: turn command-line inputs into Documents, or Rejections with a reason.

Inputs: `.html`/`.htm`, `.txt`/`.md`, `.jsonl`, `.warc`/`.warc.gz` files, folders
(recursive, sorted, only those extensions), and `-` for JSONL on stdin. Reading
is lazy: one document at a time, a JSONL file line by line, a WARC file record by
record (one Document per HTML `response` record; other records are skipped).

A document is rejected, with a one-line reason, when it is larger than
`MAX_DOCUMENT_BYTES`, empty, binary (a NUL byte), not valid UTF-8, or (JSONL)
a line that is not a valid record.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from warledger.errors import BadInput, UsageError, one_line
from warledger.ingest import warc
from warledger.ingest.values import (
    MAX_DOCUMENT_BYTES,
    check_unicode,
    decode,
    limit_text,
    normalize_published,
)
from warledger.records import DocKind, Document, Rejection, content_hash

HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
SUPPORTED = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES

Item = Document | Rejection


def read_inputs(inputs: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Yield a Document or a Rejection for every document found in `inputs`."""
    for name in inputs:
        if name == "-":
            yield from _read_jsonl_stream(stdin or sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if suffix_of(child) in SUPPORTED:
                    yield from read_file(child)
        elif not path.exists():
            yield Rejection(name, "no such file or directory")
        elif not path.is_file():  # a FIFO, a socket, a device: reading it could never end
            yield Rejection(name, "not a regular file")
        else:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    """Yield the documents of one file (one, or one per JSONL line)."""
    suffix = suffix_of(path)
    if suffix not in SUPPORTED:
        yield Rejection(str(path), f"unsupported file type {suffix or '(none)'!r}")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                yield from _read_jsonl_stream(handle, str(path))
            return
        if suffix in WARC_SUFFIXES:
            yield from warc.read_warc(path)
            return
        yield _read_single(path, "html" if suffix in HTML_SUFFIXES else "text")
    except OSError as exc:
        yield Rejection(str(path), f"cannot read: {exc.strerror or exc}")


def suffix_of(path: Path) -> str:
    """The lower-cased suffix, with `.warc.gz` as one."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _read_single(path: Path, kind: DocKind) -> Item:
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        return Rejection(str(path), f"larger than the {limit_text()} limit")
    try:
        text = decode(path.read_bytes())
    except BadInput as exc:
        return Rejection(str(path), str(exc))
    return file_document(path, text, kind)


def file_article_id(path: Path, digest: str) -> str:
    """A stable id: the file name and the start of its content hash."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "doc"
    return f"{stem}-{digest[:10]}"


def file_document(path: Path, text: str, kind: DocKind, source: str | None = None) -> Document:
    """One file's Document, its id from its name and content (`run` and the one-document
    commands give the same id)."""
    digest = content_hash(text)
    return Document(source or str(path), file_article_id(path, digest), text, kind,
                    content_hash=digest)


def _read_jsonl_stream(handle: IO[bytes], name: str) -> Iterator[Item]:
    for lineno, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        try:
            yield parse_record(decode(line), source)
        except BadInput as exc:
            yield Rejection(source, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad line must not stop the run
            yield Rejection(source, one_line(exc))


def parse_record(line: str, source: str) -> Document:
    """One JSONL line as a Document (raises BadInput with the reason)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    return record_document(record, source)


def record_document(record: object, source: str) -> Document:
    """One input record (a JSONL line's object, or the API's body) as a Document."""
    if not isinstance(record, dict):
        raise BadInput("a JSONL record must be a JSON object")
    article_id = _record_id(record)
    kind, raw = _record_body(record)
    return Document(
        source=source,
        article_id=article_id,
        raw=raw,
        kind=kind,
        url=_optional_str(record, "url"),
        title=_optional_str(record, "title"),
        published=normalize_published(record.get("published")),
        publisher=_optional_str(record, "publisher"),
    )


def _record_id(record: dict[str, object]) -> str:
    value = record.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise BadInput("missing or invalid 'id' (a non-empty string)")
    return check_unicode(str(value).strip(), "id")


def _record_body(record: dict[str, object]) -> tuple[DocKind, str]:
    text, html = record.get("text"), record.get("html")
    if text is not None and html is not None:
        raise BadInput("has both 'text' and 'html' (give one)")
    value, kind = (html, "html") if html is not None else (text, "text")
    if value is None:
        raise BadInput("missing 'text' or 'html'")
    if not isinstance(value, str):
        raise BadInput(f"'{kind}' must be a string")
    if not value.strip():
        raise BadInput("empty document")
    return kind, check_unicode(value, kind)  # type: ignore[return-value]


def _optional_str(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{key}' must be a string")
    return check_unicode(value, key).strip() or None


def read_document(file: str, published: str | None = None,
                  stdin: IO[bytes] | None = None) -> Document:
    """One document for the one-document commands (`-`: stdin; HTML is recognised by its
    suffix, or on stdin by its markup). Raises BadInput (or UsageError for --published)."""
    try:
        published = normalize_published(published)
    except BadInput as exc:
        raise UsageError(f"--published: {exc}") from None
    name = "<stdin>" if file == "-" else file
    try:
        data = (stdin or sys.stdin.buffer).read() if file == "-" else Path(file).read_bytes()
        text = decode(data)
    except OSError as exc:
        raise BadInput(f"{file}: cannot read: {exc.strerror or exc}") from None
    except BadInput as exc:
        raise BadInput(f"{name}: {exc}") from None
    path = Path("stdin" if file == "-" else file)
    kind: DocKind = "html" if (path.suffix.lower() in HTML_SUFFIXES if file != "-"
                               else text.lstrip().startswith("<")) else "text"
    document = file_document(path, text, kind, source=name)
    document.published = published
    return document
