"""Input values checked: a document's bytes as text, a publication date as YYYY-MM-DD.

Each check raises `BadInput` with the one-line reason a Rejection keeps.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from warledger.errors import BadInput

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # one article (a file, or one JSONL line)


def decode(data: bytes) -> str:
    """Decode one document's bytes, or raise BadInput with the reason."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadInput(f"larger than the {limit_text()} limit")
    if b"\x00" in data:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise BadInput("empty document")
    return text


def decode_html(data: bytes, content_type: str) -> str:
    """HTML bytes as text: the declared charset, else UTF-8, else Windows-1252."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadInput(f"larger than the {limit_text()} limit")
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


def limit_text() -> str:
    return f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
