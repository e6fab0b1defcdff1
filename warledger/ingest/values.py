"""Input values checked: a document's bytes as text, a publication date as YYYY-MM-DD.

Each check raises `BadInput` with the one-line reason a Rejection keeps.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from warledger.errors import BadInput

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # one article (a file, or one JSONL line)
# an article's text after extraction: 30,000 words, several times the longest news feature.
# Analysis time and memory grow faster than the length (200,000 characters of dense
# reporting: 35 s, 780 MB; 950,000: 8 minutes), so longer texts are refused at once.
MAX_TEXT_CHARS = 200_000
YEARS = range(1800, 2201)  # publication years warledger takes (dates are computed around them)


def decode(data: bytes) -> str:
    """Decode one document's bytes, or raise BadInput with the reason."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadInput(f"larger than the {limit_text()} limit")
    utf16 = _utf16(data)
    if utf16 is None and b"\x00" in data:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        text = data.decode(utf16 or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid {utf16 or 'UTF-8'} (byte {exc.start})") from None
    if not text.strip():
        raise BadInput("empty document")
    return text.removeprefix("\ufeff")


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec of text that starts with its byte-order mark, or that has a NUL in
    every other byte (text in Latin script without a mark); None otherwise."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if b"\x00" in data and len(data) >= 4 and len(data) % 2 == 0:  # no NUL: not UTF-16
        for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
            if zeros.count(0) >= 0.9 * len(zeros):
                return codec
    return None


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


SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_unicode(value: str, key: str) -> str:
    """`value`, or BadInput when it holds a lone surrogate (a JSON escape such as
    "\\ud800" that names half a character: it cannot be stored or encoded)."""
    found = SURROGATE.search(value)
    if found:
        raise BadInput(f"'{key}' holds a lone surrogate (U+{ord(found[0]):04X} at character "
                       f"{found.start()}): not valid Unicode")
    return value


def normalize_published(value: object) -> str | None:
    """An ISO date or datetime as YYYY-MM-DD (raises BadInput otherwise)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput("'published' must be an ISO date string")
    text = value.strip()
    try:
        day = date.fromisoformat(text[:10]) if len(text) == 10 else (
            datetime.fromisoformat(text.replace("Z", "+00:00")).date())
    except ValueError:
        raise BadInput(f"'published' is not an ISO date: {text[:40]!r}") from None
    if day.year not in YEARS:
        raise BadInput(f"'published' is out of range ({day.isoformat()}): a year from "
                       f"{YEARS.start} to {YEARS.stop - 1}")
    return day.isoformat()


def check_length(text: str) -> str:
    """An article's text, or BadInput when it is longer than the parser takes."""
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(f"article text longer than the {MAX_TEXT_CHARS:,}-character limit "
                       f"({len(text):,} characters)")
    return text


def limit_text() -> str:
    return f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
