"""Dates: event-time expressions resolved against the publication date.

Rules (a past-tense news report, so nothing resolves after its publication date):
- a weekday ("on Wednesday", "over Wednesday night", "the early hours of Thursday")
  is the latest such day on or before the publication date (day precision);
- "today", "tonight", "this morning" = the publication day; "yesterday",
  "last night" = the day before;
- an explicit day ("7 February 2018", "February 7", "Feb. 7, 2018") without a
  year takes the latest year that does not put it after publication;
- "last week" (week), "this month"/"earlier this month" and "in January"
  (month), "last year"/"in 2017" (year): the first day of the period.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from spacy.tokens import Doc

from warledger.records import Article, Precision, TimeExpr

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_RE = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?|\.)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.I,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
    re.I,
)
# a day and a year run together by a scraper ("Last updated at Jul 282016"): two-digit day
_MONTH_DAY_FUSED = re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>[0-3]\d)(?P<y>(?:19|20)\d\d)\b",
                              re.I)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
# a numeric date with a four-digit year: "24.08.2013", "13-08-2013", "8/24/2013"; dots are
# always day first, dashes and slashes are day first unless only month first makes a date
_NUMERIC = re.compile(r"(?<![\d.,/-])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)"
                      r"(?P<y>(?:19|20)\d\d)(?![\w/-]|[.,]\d)")
_WEEKDAY = re.compile(
    r"\b(?:(?:overnight|over|on|late|early|during|until|by|since)\s+)?(?:the\s+)?"
    r"(?:(?:early|small|late)\s+hours\s+of\s+)?(?:last\s+)?"
    r"(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['\u2019]?s)?"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<r>today|tonight|this\s+(?:morning|afternoon|evening)|yesterday|last\s+night|"
    r"overnight|last\s+week|this\s+week|earlier\s+this\s+(?:week|month|year)|"
    r"this\s+month|last\s+month|this\s+year|last\s+year)\b",
    re.I,
)
_MONTH_ONLY = re.compile(rf"\b(?:in|since|during|early|late|mid-?)\s+(?P<m>{_MONTH_RE})\b", re.I)
_YEAR_ONLY = re.compile(r"\b(?:in|since|during)\s+(?P<y>(?:19|20)\d\d)\b", re.I)

_RANGE = re.compile(
    r"\b(?:between|from)\s+(?P<a>\w+(?:\s+\w+){0,2}?)\s+(?:and|to|until|till)\s+(?P<b>\w)",
    re.I,
)

PRECISION_ORDER: dict[Precision, int] = {"day": 0, "week": 1, "month": 2, "year": 3}


def find_times(article: Article, doc: Doc | None = None) -> list[TimeExpr]:
    """Every time expression in the article, resolved; in text order. Weekdays and
    "yesterday" are resolved against the report's own date (`report_date`)."""
    published = date.fromisoformat(article.published) if article.published else None
    found = list(_explicit_dates(article.nlp_text, published))
    own = report_date(article.nlp_text, found) or article.published
    if own is None:
        return found
    anchor = date.fromisoformat(own)
    found += _relative_dates(article.nlp_text, anchor)
    found = _drop_overlaps(_ranges(article.nlp_text, found) + found)
    for expr in found:
        expr.text = article.text[expr.start : expr.end]
    return sorted(found, key=lambda t: t.start)


def event_date(times: list[TimeExpr], published: str | None) -> tuple[str | None, Precision]:
    """The event's date: the first day-precise expression, else the finest one, else the
    publication date with a week's precision (news of the last days; ACLED's
    time_precision 2)."""
    if times:
        best = min(times, key=lambda t: (PRECISION_ORDER[t.precision], t.start))
        return best.date, best.precision
    return published, "week"


# a wire agency's byline before a date ("... strikes AFP Sunday 18 Sep 2016 More than 60 ..."):
# the agency's own date, as "Published" is a page's
WIRES = r"(?-i:AFP|AP|Reuters|REUTERS|Xinhua|dpa|DPA|Anadolu|Sputnik|TASS|UPI|IANS|ANI)"
STAMP = re.compile(rf"\b(?:published|publication|posted|updated|last\s+updated|date|{WIRES})\b"
                   r"[\s:-]*(?:on|at|of)?[\s:-]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?$",
                   re.I)
DATELINE = re.compile(r"\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?")  # before a dateline
# a page's clock beside its date: "1924 16.05.2017", "10:24 GMT 16.05.2017", "16.05.2017
# (updated 1925 ...)"
CLOCK_BEFORE = re.compile(r"\b(?:[01]\d|2[0-3]):?[0-5]\d(?:\s*(?:GMT|UTC))?\s*$")
UPDATED_AFTER = re.compile(r"\s*[(\[]?\s*(?:updated|modified)\b", re.I)
# a date right after a weekday: "Sunday 25 August 2013", "Sun, Aug 25"
DATE_FOLLOWS = re.compile(r"[\s,.]*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3}"
                          r"|[A-Za-z]{3,9}\.?\s+\d{1,2}\b)")
STAMP_WINDOW = 30  # characters before a date read for "Published", "Last updated at"
STAMP_LEAD = 400  # a stamp this near the top dates the report


def report_date(text: str, times: list[TimeExpr]) -> str | None:
    """The date the report gives itself near its top ("Published April 8 2017", "Last
    updated at Oct 04 2017"), if any: what its "on Tuesday" counts from, whatever date the
    page was found with."""
    stamps = [t for t in times if t.start < STAMP_LEAD and t.precision == "day"
              and is_stamp(text, t)]
    return stamps[0].date if stamps else None


def is_stamp(text: str, time: TimeExpr) -> bool:
    """'Published November 13 2017', 'Date of publication 7 July 2016', a day beside the
    page's clock ('1924 16.05.2017 (updated ...)'), or a day that opens
    a line near the top ('Wed 05 Apr 2017 Syria attack ...', a dateline): the page's own
    date, not an event's."""
    before = text[max(0, time.start - STAMP_WINDOW) : time.start]
    if STAMP.search(before) or CLOCK_BEFORE.search(before) or UPDATED_AFTER.match(text, time.end):
        return True
    line = text[text.rfind("\n", 0, time.start) + 1 : time.start]
    dated = any(c.isdigit() for c in time.text) or bool(DATE_FOLLOWS.match(text, time.end))
    return (time.start < STAMP_LEAD and time.precision == "day" and bool(DATELINE.fullmatch(line))
            and dated)  # a date ("Sunday 25 August 2013"), not "On Monday ..." opening a line


# a photo's credit after its caption's date: "... Aleppo Syria August 1 2016 (Reuters Photo)",
# "June 24 2016. (AFP)", "[Anadolu]"
CAPTION = re.compile(rf"[\s.,]*[(\[][^)\]]{{0,40}}?\b(?:{WIRES}|Photo|Getty|EPA|Agencies|Anadolu"
                     r"|File)\b[^)\]]{0,30}[)\]]", re.I)


def is_caption(text: str, time: TimeExpr) -> bool:
    """The date of a photo's caption, told with its credit: the picture's day, not an
    event's."""
    return bool(CAPTION.match(text, time.end))


def is_page_date(text: str, time: TimeExpr) -> bool:
    """The page's own date or its picture's (`is_stamp`, `is_caption`): no deed's day."""
    return is_stamp(text, time) or is_caption(text, time)


def _explicit_dates(text: str, anchor: date | None) -> Iterator[TimeExpr]:
    for pattern in (_DAY_MONTH, _MONTH_DAY, _MONTH_DAY_FUSED, _ISO):
        for match in pattern.finditer(text):
            resolved = _resolve_explicit(match, anchor)
            if resolved is not None:
                yield TimeExpr(match.group(0), match.start(), match.end(), resolved, "day")
    for match in _NUMERIC.finditer(text):
        numeric = _resolve_numeric(match, anchor)
        if numeric is not None:
            yield TimeExpr(match.group(0), match.start(), match.end(), numeric, "day")


def _resolve_explicit(match: re.Match[str], anchor: date | None) -> str | None:
    month = _month_number(match.group("m"))
    year_text = match.group("y")
    try:
        day = int(match.group("d"))
        if year_text:
            return date(int(year_text), month, day).isoformat()
        if anchor is None:
            return None
        candidate = date(anchor.year, month, day)
        if candidate > anchor:
            candidate = date(anchor.year - 1, month, day)
        return candidate.isoformat()
    except ValueError:
        return None


def _resolve_numeric(match: re.Match[str], anchor: date | None) -> str | None:
    """A numeric date: day first ("24.08.2013", "13-08-2013"), or month first where day first
    is no date ("8/24/2013"); of two readings, the one nearer the report's date before it."""
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    orders = [(first, second)] if match.group("s") == "." else [(first, second), (second, first)]
    readings = []
    for day, month in orders:
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if len(readings) > 1 and anchor is not None:
        readings.sort(key=lambda d: (d > anchor, abs((anchor - d).days)))
    return readings[0].isoformat() if readings else None


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _MONTH_ABBR[text.lower().rstrip(".")[:3]]


def _relative_dates(text: str, anchor: date) -> list[TimeExpr]:
    found: list[TimeExpr] = []
    for match in _WEEKDAY.finditer(text):
        weekday = WEEKDAYS.index(match.group("w").lower())
        back = (anchor.weekday() - weekday) % 7
        if "last" in match.group(0).lower().split() and back == 0:
            back = 7
        day = anchor - timedelta(days=back)
        found.append(TimeExpr(match.group(0), match.start(), match.end(), day.isoformat(), "day"))
    for match in _RELATIVE.finditer(text):
        value, precision = _resolve_relative(match.group("r").lower(), anchor)
        found.append(TimeExpr(match.group(0), match.start(), match.end(), value, precision))
    for match in _MONTH_ONLY.finditer(text):
        month = _month_number(match.group("m"))
        year = anchor.year if month <= anchor.month else anchor.year - 1
        found.append(_period(match, date(year, month, 1), "month"))
    for match in _YEAR_ONLY.finditer(text):
        if int(match.group("y")) <= anchor.year:
            found.append(_period(match, date(int(match.group("y")), 1, 1), "year"))
    return found


def _period(match: re.Match[str], start: date, precision: Precision) -> TimeExpr:
    return TimeExpr(match.group(0), match.start(), match.end(), start.isoformat(), precision)


def _resolve_relative(phrase: str, anchor: date) -> tuple[str, Precision]:
    phrase = " ".join(phrase.split())
    if phrase in {"yesterday", "last night"}:
        return (anchor - timedelta(days=1)).isoformat(), "day"
    same_day = phrase.startswith("this ") and phrase.endswith(("morning", "afternoon", "evening"))
    if phrase in {"today", "tonight", "overnight"} or same_day:
        return anchor.isoformat(), "day"
    if phrase.endswith("week"):
        monday = anchor - timedelta(days=anchor.weekday())
        if phrase == "last week":
            monday -= timedelta(days=7)
        return monday.isoformat(), "week"
    if phrase.endswith("month"):
        first = anchor.replace(day=1)
        if phrase == "last month":
            first = (first - timedelta(days=1)).replace(day=1)
        return first.isoformat(), "month"
    year = anchor.year - 1 if phrase == "last year" else anchor.year
    return date(year, 1, 1).isoformat(), "year"


def _ranges(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """'between Monday and Wednesday', 'from 3 to 5 March': the first day, with the
    precision the span allows (a week or less: week; else month)."""
    ranges = []
    by_start = {t.start: t for t in found}
    for match in _RANGE.finditer(text):
        first = by_start.get(match.start("a"))
        last = by_start.get(match.start("b"))
        if first is None or last is None or last.date < first.date:
            continue
        days = (date.fromisoformat(last.date) - date.fromisoformat(first.date)).days
        precision: Precision = "day" if days == 0 else "week" if days <= 7 else "month"
        phrase = text[match.start() : last.end]
        ranges.append(TimeExpr(phrase, match.start(), last.end, first.date, precision))
    return ranges


def _drop_overlaps(found: list[TimeExpr]) -> list[TimeExpr]:
    """Keep the longest expression where expressions overlap."""
    kept: list[TimeExpr] = []
    for expr in sorted(found, key=lambda t: (t.start, -(t.end - t.start))):
        if kept and expr.start < kept[-1].end:
            continue
        kept.append(expr)
    return kept
