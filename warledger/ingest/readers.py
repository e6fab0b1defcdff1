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

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from warledger.records import DocKind, Document, Rejection

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # one article (a file, or one JSONL line)
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
SUPPORTED = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES

Item = Document | Rejection


class BadInput(ValueError):
    """A document that cannot be read; the message is the one-line reason."""


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
            yield from read_warc(path)
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
        return Rejection(str(path), f"larger than the {_limit()} limit")
    try:
        text = decode(path.read_bytes())
    except BadInput as exc:
        return Rejection(str(path), str(exc))
    return Document(str(path), file_article_id(path, text), text, kind)


def decode(data: bytes) -> str:
    """Decode one document's bytes, or raise BadInput with the reason."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadInput(f"larger than the {_limit()} limit")
    if b"\x00" in data:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise BadInput("empty document")
    return text


def file_article_id(path: Path, text: str) -> str:
    """A stable id: the file name and a digest of its content."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "doc"
    return f"{stem}-{content_hash(text)[:10]}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_jsonl_stream(handle: IO[bytes], name: str) -> Iterator[Item]:
    for lineno, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        try:
            yield parse_record(decode(line), source)
        except BadInput as exc:
            yield Rejection(source, str(exc))


def parse_record(line: str, source: str) -> Document:
    """One JSONL line as a Document (raises BadInput with the reason)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
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
    return str(value).strip()


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
    return kind, value  # type: ignore[return-value]


def _optional_str(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{key}' must be a string")
    return value.strip() or None


def normalize_published(value: object) -> str | None:
    """An ISO date or datetime as YYYY-MM-DD (raises BadInput otherwise)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput("'published' must be an ISO date string")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else (
            datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        )
    except ValueError:
        raise BadInput(f"'published' is not an ISO date: {text[:40]!r}") from None


def _limit() -> str:
    return f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"


# -- WARC (e.g. Common Crawl News) ------------------------------------------------


def read_warc(path: Path) -> Iterator[Item]:
    """One Document per HTML `response` record; a damaged archive ends with a Rejection."""
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if _is_html_response(record):
                    yield _warc_document(record, f"{path}#{records.offset}")
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            yield Rejection(f"{path}#{records.offset}", f"damaged WARC record: {reason}")


def _is_html_response(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    return status.startswith("2") and "html" in content_type.lower()


def _warc_document(record: ArcWarcRecord, source: str) -> Item:
    headers = record.rec_headers
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    article_id = "warc-" + record_id.removeprefix("urn:uuid:") if record_id else None
    try:
        data = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
        text = decode_html(data, record.http_headers.get_header("Content-Type") or "")
    except BadInput as exc:
        return Rejection(source, str(exc), article_id)
    url = headers.get_header("WARC-Target-URI")
    return Document(source, article_id or f"warc-{content_hash(text)[:16]}", text, "html",
                    url=url, fetched=_warc_date(headers.get_header("WARC-Date")))


def decode_html(data: bytes, content_type: str) -> str:
    """HTML bytes as text: the declared charset, else UTF-8, else Windows-1252."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadInput(f"larger than the {_limit()} limit")
    if b"\x00" in data:
        raise BadInput("binary content (NUL bytes), not text")
    declared = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    for charset in ([declared[1]] if declared else []) + ["utf-8"]:
        try:
            text = data.decode(charset)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise BadInput("empty document")
    return text.removeprefix("\ufeff")


def _warc_date(value: str | None) -> str | None:
    try:
        return normalize_published(value) if value else None
    except BadInput:
        return None
