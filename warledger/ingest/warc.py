"""WARC archives (e.g. Common Crawl News): one Document per HTML `response` record.

Other records are skipped; a damaged archive ends with a Rejection.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from warledger.errors import BadInput
from warledger.ingest.values import MAX_DOCUMENT_BYTES, decode_html, normalize_published
from warledger.records import Document, Rejection, content_hash

Item = Document | Rejection
REASON_CHARS = 200  # a damaged archive's reason, cut to one short line
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
GZIP_WBITS = 31  # zlib's gzip framing


def read_warc(path: Path) -> Iterator[Item]:
    """One Document per HTML `response` record; a damaged or truncated archive ends with a
    Rejection naming the archive and the record's offset; a record cut short is never
    stored."""
    with path.open("rb") as handle:
        start = handle.read(len(b"WARC/"))
        gzipped = start.startswith(GZIP_MAGIC)
        wrong = _wrong_format(path, start, gzipped)
        if wrong:
            yield Rejection(str(path), wrong)
            return
        handle.seek(0)
        records, last = ArchiveIterator(handle), 0
        try:
            for record in records:
                last = records.offset
                yield from _record_item(record, f"{path}#{last}")
            unread = path.stat().st_size - records.offset
            if unread > 0 or (gzipped and not _gzip_whole(handle, last)):
                yield Rejection(f"{path}#{records.offset}", "truncated archive: it ends "
                                "inside a record" + (f" ({unread} bytes left)" if unread else ""))
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input
            reason = " ".join(str(exc).split())[:REASON_CHARS] or type(exc).__name__
            yield Rejection(f"{path}#{records.offset}", f"damaged WARC record: {reason}")


def _wrong_format(path: Path, start: bytes, gzipped: bool) -> str | None:
    """Why the file cannot be a WARC archive of its kind, or None."""
    if path.name.lower().endswith(".gz") and not gzipped:
        return "not gzip-compressed (a .warc.gz archive must be)"
    if not gzipped and not start.startswith(b"WARC/"):
        return "not a WARC archive (it does not start with a WARC/ version line)"
    return None


def _record_item(record: ArcWarcRecord, source: str) -> Iterator[Item]:
    """The record's Document (an HTML response), or its Rejection when it is cut short."""
    if record.rec_type is None or record.length is None:
        yield Rejection(source, "damaged WARC record: no WARC-Type or Content-Length (a cut "
                                "or damaged header)")
        return
    item = _warc_document(record, source) if _is_html_response(record) else None
    while record.raw_stream.read(CHUNK):  # the rest of the record, to see that it is whole
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        declared = record.length or 0
        yield Rejection(source, f"truncated WARC record: {declared - missing} of its "
                                f"{declared} bytes", _article_id(record))
    elif item is not None:
        yield item


def _gzip_whole(handle: BinaryIO, last: int) -> bool:
    """Do the gzip members from the last record's offset on all end? A cut archive ends
    inside its last member (one member a record: only the last is read again)."""
    handle.seek(last)
    member, started = zlib.decompressobj(GZIP_WBITS), False
    try:
        while chunk := handle.read(CHUNK):
            data = chunk
            while data:
                member.decompress(data, CHUNK)  # the output is not kept
                started = True
                data = member.unconsumed_tail
                if member.eof:
                    data = member.unused_data + data
                    member, started = zlib.decompressobj(GZIP_WBITS), False
    except zlib.error:
        return False
    return not started


def _is_html_response(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    return status.startswith("2") and "html" in content_type.lower()


def _article_id(record: ArcWarcRecord) -> str | None:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    return "warc-" + record_id.removeprefix("urn:uuid:") if record_id else None


def _warc_document(record: ArcWarcRecord, source: str) -> Item:
    headers = record.rec_headers
    article_id = _article_id(record)
    try:
        data = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
        text = decode_html(data, record.http_headers.get_header("Content-Type") or "")
    except BadInput as exc:
        return Rejection(source, str(exc), article_id)
    url = headers.get_header("WARC-Target-URI")
    return Document(source, article_id or f"warc-{content_hash(text)[:16]}", text, "html",
                    url=url, fetched=_warc_date(headers.get_header("WARC-Date")))


def _warc_date(value: str | None) -> str | None:
    try:
        return normalize_published(value) if value else None
    except BadInput:
        return None
