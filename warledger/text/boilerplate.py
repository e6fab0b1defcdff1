"""Offset-keeping boilerplate removal for plain text and markdown.

`clean_text(text)` classifies each line of a text (site chrome, bylines,
datelines, disclaimers, share/subscribe lines, ...), blanks the removed lines and
the markdown syntax with spaces in a same-length copy (`nlp_text`), rejoins a
sentence split by a stray paragraph break, and collects the metadata the removed
lines carried (byline, date, publisher, original publisher).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from warledger.text import markdown

_I = re.IGNORECASE
_ORIGINAL_PATTERNS = [
    re.compile(r"^the original source of this (?:article|story|piece) is:?\s+(.+)$", _I),
    re.compile(
        r"^(?:this|the above) (?:article|story|piece|report|post)(?: was)?"
        r" (?:originally|first) (?:appeared|published|posted|ran)"
        r"(?: (?:on|in|at|by))?:?\s+(.+?)\.?$",
        _I,
    ),
    re.compile(
        r"^(?:it was )?(?:originally|first) (?:published|appeared|posted)"
        r" (?:on|in|at|by):?\s+(.+?)\.?$",
        _I,
    ),
    re.compile(r"^(?:republished|reprinted) (?:with permission )?(?:from|by):?\s+(.+?)\.?$", _I),
]
# run-on pages (no line breaks left): a related-links trailer after the story ("... 285
# Related Syrian Army Eliminates ...": the count is views, not dead; "Related News Turkish
# warplanes hit ..."), and a share widget's
# view counter ("Get short URL 1285")
_INLINE_TRAILER = re.compile(r"(?:(?:\.\.\.|\u2026)\s*\d{0,7}\s*Related"
                             r"|\bRelated\s+(?:News|Articles|Stories))\s+(?=[A-Z])")
_TRAILER_SHARE = 0.5  # ... only in the second half of the text
_COUNTER = re.compile(r"Get short URL(?:\s*\d+){0,3}")  # "Get short URL 0 612": comments, views
_SOURCE_FOOTER = re.compile(r"^source:\s+(.{2,60}?)\.?$", _I)
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*(.*)$", _I)
_BYLINE = re.compile(r"^by:?\s+(.{2,80})$", _I)
_DATELINE = re.compile(r"^([A-Z][\w&.' -]{1,40}),\s+(.{6,40})$")

_DROP_PATTERNS = [
    r"^(?:region|theme|in-depth report|tags?|topics?|categor(?:y|ies)|filed under|keywords)\s*:",
    r"^articles? by\s*:",
    r"^(?:author|posted by|written by|published by)\s*:",
    r"^.{0,120}\ball rights reserved\b.{0,200}$",
    r"^disclaimer\b",
    r"\bfair use\b.*\bcopyright|\bcopyright.*\bfair use\b",
    r"\bcontains copyrighted material\b",
    r"^comment on\b.*\b(?:facebook|twitter)\b",
    r"^become a (?:member|subscriber|patron)\b",
    r"^for media inquiries\b",
    r"^(?:share|share this|share on|share via|tweet|email|print|pin)(?:\s*(?:article|story|page))?"
    r"\s*[:!]?$",
    r"^share (?:this|on|via)\b.{0,60}$",
    r"^(?:follow|like) us\b",
    r"^(?:subscribe|sign up)\b.{0,120}$",
    r"^.{0,80}\b(?:newsletter|mailing list)\b.{0,80}$",
    r"^related(?: (?:articles?|stories|posts|content|coverage|news|topics))?\s*(?::|$)",
    r"^(?:read|see) (?:more|also|next)\b",
    r"^more (?:from|on|stories)\b[^.]{0,80}$",
    r"^click here\b",
    r"^(?:advertisement|sponsored(?: content)?|ad)$",
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|edited)\s+by\b",
    r"^(?:file\s+)?(?:photo|image|picture|video)s?(?: credit)?\s*:",
    r"^(?:photo|image)\s+(?:courtesy|credit)\b",
    r"^(?:support us|support our|donate)\b.{0,80}$",
    r"^(?:leave a comment|comments?\s*(?:\(\d+\))?:?)$",
    r"^(?:home|menu|search|log ?in|sign in|skip to (?:main )?content)$",
]
_DROP = [re.compile(p, _I) for p in _DROP_PATTERNS]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        re.split(
            r"\s+",
            "january february march april may june july august september october november december",
        )
    )
}
_DATE_MDY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DATE_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(s: str) -> str | None:
    """An ISO date from 'February 08, 2018', '8 Feb 2018' or '2018-02-08'."""
    s = s.strip()
    if m := _DATE_ISO.match(s):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DATE_MDY.match(s):
        return _iso(int(m[3]), _month(m[1]), int(m[2]))
    if m := _DATE_DMY.match(s):
        return _iso(int(m[3]), _month(m[2]), int(m[1]))
    return None


def _month(name: str) -> int:
    name = name.lower()
    for full, num in _MONTHS.items():
        if len(name) >= 3 and full.startswith(name):
            return num
    return 0


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- cleaning


@dataclass
class Cleaned:
    """Result of `clean_text`: the same-length NLP view and what was found."""

    nlp_text: str
    paragraphs: list[str]
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    publisher: str | None = None
    original_publisher: str | None = None
    copyright: str | None = None
    publisher_hint: str | None = None
    removed: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _clean_name(name: str) -> str:
    name = markdown.plain(name).strip(" .,;:*-\"'")
    name = re.sub(r"^(?:the website|www\.)\s*", "", name, flags=_I)
    return name


def copyright_holder(line: str) -> str | None:
    """'Copyright © Middle East Eye, 2018' -> 'Middle East Eye'."""
    m = _COPYRIGHT.match(markdown.plain(line))
    if not m:
        return None
    rest = re.sub(r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?\b", "", m[1])
    rest = re.sub(r"all rights reserved\.?", "", rest, flags=_I)
    parts = [p for p in (_clean_name(p) for p in re.split(r"[,;|]|\.\s", rest)) if p]
    return parts[0] if parts and len(parts[0].split()) <= 8 else None


def original_source(line: str, footer: bool = False) -> str | None:
    """The outlet named by a cross-post notice, if the line is one.

    `footer`: the line is near the end, where a bare 'Source: X' names the outlet.
    """
    text = markdown.plain(line)
    for rx in [*_ORIGINAL_PATTERNS, _SOURCE_FOOTER] if footer else _ORIGINAL_PATTERNS:
        if m := rx.match(text):
            name = _clean_name(re.split(r"\.\s|[;|]", m[1])[0])
            if 0 < len(name.split()) <= 8:
                return name
    return None


def byline(line: str) -> str | None:
    """'By [Jane Doe](#)' -> 'Jane Doe' (short lines only)."""
    m = _BYLINE.match(markdown.plain(line))
    if not m or len(m[1].split()) > 10 or m[1].rstrip().endswith("."):
        return None
    return _clean_name(m[1])


def dateline(line: str) -> tuple[str, str] | None:
    """'Global Research, February 08, 2018' -> ('Global Research', '2018-02-08')."""
    text = markdown.plain(line)
    m = _DATELINE.match(text)
    if m and (iso := parse_date(m[2])) and not m[1].isupper():
        return _clean_name(m[1]), iso
    return None


def is_menu(line: str) -> bool:
    """Short lines made mostly of links, or of '|'-separated items."""
    text = markdown.plain(line)
    if not text or line.lstrip().startswith("|"):  # empty, or a markdown table row
        return False
    if len(text) <= 160 and markdown.link_fraction(line) >= 0.6:
        return True
    items = [i for i in re.split(r"\s[|•·»]\s", text) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 4 for i in items)


def is_boilerplate(line: str) -> bool:
    """Any of the drop rules (chrome, notices, share lines, credits)."""
    text = markdown.plain(line)
    return any(rx.search(text) for rx in _DROP)


def looks_like_headline(line: str) -> bool:
    text = markdown.plain(line)
    words = text.split()
    return (
        2 <= len(words) <= 30
        and not text.endswith((".", ":", ","))
        and not is_boilerplate(line)
        and byline(line) is None
        and not is_menu(line)
    )


FOOTER_LINES = 6
_END_PUNCT = (".", "!", "?", '"', "'", ":", ";", "”", "’", ")", "…")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, start = [], 0
    for m in re.finditer(r"\r?\n|\r", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _record(found: Cleaned, line: str, pos: tuple[bool, bool], title: str | None) -> str | None:
    """Classify one non-empty line; return the removal reason or None to keep it.

    `pos`: (first non-empty line, among the last FOOTER_LINES non-empty lines).
    """
    text = markdown.plain(line)
    first, footer = pos
    if first and (
        (title and text.lower() == markdown.plain(title).lower())
        or (title is None and looks_like_headline(line))
    ):
        found.title = found.title or text
        return "title"
    if name := original_source(line, footer):
        found.original_publisher = found.original_publisher or name
        return "original source"
    if _COPYRIGHT.match(text):
        found.copyright = found.copyright or copyright_holder(line)
        return "copyright"
    if name := byline(line):
        found.byline = found.byline or name
        return "byline"
    found.publisher_hint = found.publisher_hint or publisher_hint(line)
    return _record_dates(found, line) or _chrome(line)


def _record_dates(found: Cleaned, line: str) -> str | None:
    if dl := dateline(line):
        found.publisher = found.publisher or dl[0]
        found.published = found.published or dl[1]
        return "dateline"
    if iso := parse_date(markdown.plain(line)):
        found.published = found.published or iso
        return "date"
    return None


_PUBLISHER_HINTS = [
    re.compile(r"^become a (?:member|subscriber|patron) of\s+(.{2,60}?)[.!]?$", _I),
    re.compile(r"^comment on\s+(.{2,60}?)\s+articles\b", _I),
    re.compile(r"\bgrants permission to cross-post\s+(.{2,60}?)\s+articles\b", _I),
    re.compile(r"^subscribe to\s+(.{2,60}?)[.!]?$", _I),
]


def publisher_hint(line: str) -> str | None:
    """The site named by its own chrome ('Become a Member of Global Research')."""
    text = markdown.plain(line)
    for rx in _PUBLISHER_HINTS:
        if m := rx.search(text):
            return _clean_name(m[1])
    return None


def _chrome(line: str) -> str | None:
    if is_boilerplate(line):
        return "boilerplate"
    if is_menu(line):
        return "menu"
    return None


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """Blank boilerplate and markdown in a same-length copy of `text`.

    `title`: the known title (its line is left out of the body but kept in `nlp_text`:
    a headline states the incident and its toll), or None to detect one.
    """
    chars = list(text)
    found = Cleaned(nlp_text="", paragraphs=[])
    kept: list[tuple[int, int]] = []
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    inline = _inline_spans(text)
    if inline and inline[-1][2] == "related links":
        lines = [(s, min(e, inline[-1][0])) for s, e in lines if s < inline[-1][0]]
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        reason = _record(found, line, (i == 0, i >= len(lines) - FOOTER_LINES), title)
        if reason == "title":  # not the body, but the story's first sentence for the NLP
            chars[start:end] = markdown.blank_markdown(line)
        elif reason:
            markdown.blank(chars, start, end)
            found.removed.append((start, end, reason))
        else:
            chars[start:end] = markdown.blank_markdown(line)
            kept.append((start, end))
    found.paragraphs = _paragraphs(text, chars, kept)
    for start, end, reason in inline:
        markdown.blank(chars, start, end)
        found.removed.append((start, end, reason))
    found.nlp_text = "".join(chars)
    return found


def _inline_spans(text: str) -> list[tuple[int, int, str]]:
    """A run-on page's view counters, then its inline related-links trailer (to the end)."""
    spans = [(m.start(), m.end(), "view counter") for m in _COUNTER.finditer(text)]
    trailer = next((m for m in _INLINE_TRAILER.finditer(text)
                    if m.start() > _TRAILER_SHARE * len(text)), None)
    if trailer is not None:
        spans.append((trailer.start(), len(text), "related links"))
    return spans


def _paragraphs(text: str, chars: list[str], kept: list[tuple[int, int]]) -> list[str]:
    """Group kept lines into paragraphs; rejoin a sentence split by a paragraph break."""
    paras: list[list[tuple[int, int]]] = []
    for start, end in kept:
        if paras and _adjacent(text, paras[-1][-1][1], start):
            paras[-1].append((start, end))
        elif paras and _split_sentence(chars, paras[-1][-1], start):
            _join_gap(chars, paras[-1][-1][1], start)
            paras[-1].append((start, end))
        else:
            paras.append([(start, end)])
    strip = markdown.strip_markdown
    return [" ".join(" ".join(strip(text[s:e]).split()) for s, e in p) for p in paras]


def _adjacent(text: str, prev_end: int, start: int) -> bool:
    """The previous kept line ends on the line just before this one."""
    return text[prev_end:start].count("\n") <= 1 and not text[prev_end:start].strip()


def _split_sentence(chars: list[str], prev: tuple[int, int], start: int) -> bool:
    before = "".join(chars[prev[0] : prev[1]]).rstrip()
    after = "".join(chars[start : start + 40]).lstrip()
    return bool(before) and not before.endswith(_END_PUNCT) and after[:1].islower()


def _join_gap(chars: list[str], prev_end: int, start: int) -> None:
    """Turn the paragraph break between two halves of a sentence into spaces."""
    for i in range(prev_end, start):
        chars[i] = " "
