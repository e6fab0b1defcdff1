"""Character ranges for the attribution patterns: lines, trimming, noun phrases, quotations.

All ranges are ``(start, end)`` character offsets into ``doc.text``. Content never
crosses a line break (paragraphs, headers): ``clip`` keeps a range on its cue's line.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from warledger.claims import speakers

DASHES = {"\u2015", "\u2014", "--", "\u2013", "-"}
DASH_CHARS = "".join(d for d in DASHES if len(d) == 1)  # a token ending in one may sign
CLOSE_MARKS = ("\u201d", "''", '"')
OPEN_MARKS = ("\u201c", "''", '"', "``")
# words that join a second attribution to the first ("... and said", "..., who claimed")
JOINERS = {"and", "but", "while", "who", "which", "whom", "that", "as", "before", "after",
           "when", "then", "also", "or"}  # fmt: skip

# the rest of a sentence around an attribution keeps both sides when each is longer than
# this (in characters), else only the longer side
BOTH_SIDES_CHARS = 15
# ... and is no content when its longer side is shorter than this (in characters)
MIN_REST_CHARS = 3
# a content cut short before a second attribution keeps at least this many words
MIN_CUT_WORDS = 2


def clean(text: str) -> str:
    return " ".join(text.split())


def chars(first: Token, last: Token) -> tuple[int, int]:
    """The character range from the first token's start to the last token's end."""
    return first.idx, last.idx + len(last.text)


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Character range of the line (paragraph) that holds character ``i``."""
    start = doc.text.rfind("\n", 0, i) + 1
    end = doc.text.find("\n", i)
    return start, len(doc.text) if end < 0 else end


def same_line(doc: Doc, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in doc.text[lo:hi]


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and punctuation (not quote marks) from both ends of a character range."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",;:.-–—("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—("):
        end -= 1
    return start, end


def clip(doc: Doc, anchor: int, span: tuple[int, int]) -> tuple[int, int]:
    """Keep a content range on the line of its cue (or on a later line of its own)."""
    line_start, line_end = line_bounds(doc, anchor)
    if span[0] > line_end:
        return span
    return max(span[0], line_start), min(span[1], line_end)


def span_of(head: Token) -> tuple[int, int]:
    """The character range of a source noun phrase (``speakers.np_tokens``)."""
    first, last = speakers.np_tokens(head)
    return chars(first, last)


def rest_of_sentence(sent: Span, core_start: int, core_end: int) -> tuple[int, int] | None:
    """The sentence minus the attribution core: the longer side, or all if split."""
    line_start, line_end = line_bounds(sent.doc, core_start)
    start, end = max(sent.start_char, line_start), min(sent.end_char, line_end)
    left, right = trim(sent.doc, start, core_start), trim(sent.doc, core_end, end)
    left_len, right_len = left[1] - left[0], right[1] - right[0]
    if left_len > BOTH_SIDES_CHARS and right_len > BOTH_SIDES_CHARS:
        return left[0], right[1]
    if max(left_len, right_len) < MIN_REST_CHARS:
        return None
    return left if left_len >= right_len else right


def quote_before(doc: Doc, core_start: int) -> tuple[int, int] | None:
    """'"...," asked Mr. X' / "''...'' it added": the quotation that ends right before."""
    line_start, _ = line_bounds(doc, core_start)
    before = doc.text[line_start:core_start].rstrip().rstrip(",")
    if not before.endswith(CLOSE_MARKS):
        return None
    end = line_start + len(before)
    ranges = speakers.quoted_ranges(doc.text[line_start:end])
    if not ranges or line_start + ranges[-1][1] != end:
        return None
    return line_start + ranges[-1][0], end


def strip_joiners(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The range without trailing joiners ('and', 'who') and punctuation; None if too short."""
    while True:
        start, end = trim(doc, start, end)
        last = doc.text[start:end].rsplit(None, 1)
        if len(last) < 2 or last[-1].lower() not in JOINERS:
            break
        end -= len(last[-1])
    return (start, end) if len(doc.text[start:end].split()) >= MIN_CUT_WORDS else None
