"""WARC archives (e.g. Common Crawl News): one Document per HTML `response` record.

Other records are skipped; a damaged archive ends with a Rejection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from warledger.errors import BadInput
from warledger.ingest.values import MAX_DOCUMENT_BYTES, decode_html, normalize_published
from warledger.records import Document, Rejection, content_hash

Item = Document | Rejection
REASON_CHARS = 200  # a damaged archive's reason, cut to one short line


def read_warc(path: Path) -> Iterator[Item]:
    """One Document per HTML `response` record; a damaged archive ends with a Rejection."""
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if _is_html_response(record):
                    yield _warc_document(record, f"{path}#{records.offset}")
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
            reason = " ".join(str(exc).split())[:REASON_CHARS] or type(exc).__name__
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


def _warc_date(value: str | None) -> str | None:
    try:
        return normalize_published(value) if value else None
    except BadInput:
        return None
