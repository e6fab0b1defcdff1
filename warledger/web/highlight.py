"""Evidence highlighting as a list of plain-text segments (never HTML).

The article text is untrusted. Highlighting is done by cutting the text at span
boundaries into `Segment`s; the template prints each segment's text through
Jinja2's autoescape, wrapped in a `<mark>` with fixed class names. No article text
is ever joined into an HTML string here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warledger.records import Claim, PlaceMention

# classes a span may carry, in the order they are listed on a segment
KINDS = ("claim", "source", "cue", "content", "figure", "place", "boilerplate")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of KINDS
    label: str = ""  # tooltip (plain text)
    anchor: str = ""  # id given to the first segment of the span


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchor: str = ""

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds)

    @property
    def title(self) -> str:
        return "; ".join(self.labels)


def claim_marks(claims: Iterable[Claim]) -> list[Mark]:
    """The source, cue, content and figure spans of each claim (and the whole claim)."""
    marks: list[Mark] = []
    for claim in claims:
        who = f"{claim.speaker} ({claim.speaker_type})"
        marks.append(Mark(claim.start, claim.end, "claim", "", anchor=f"claim-{claim.claim_id}"))
        marks.append(Mark(claim.source_start, claim.source_end, "source", f"speaker: {who}"))
        marks.append(Mark(claim.cue_start, claim.cue_end, "cue", f"cue: {claim.cue}"))
        marks.append(Mark(claim.content_start, claim.content_end, "content", "claimed content"))
        if claim.quantity_start is not None and claim.quantity_end is not None:
            marks.append(Mark(claim.quantity_start, claim.quantity_end, "figure", _figure(claim)))
    return marks


def _figure(claim: Claim) -> str:
    low, high = claim.value_low, claim.value_high
    value = f"{low}-{high}" if high is not None and high != low else f"{low}"
    return f"{claim.kind}: {value} ({claim.qualifier or 'exact'})"


def place_marks(places: Iterable[PlaceMention]) -> list[Mark]:
    marks = []
    for place in places:
        where = ", ".join(p for p in (place.name, place.admin1, place.country) if p)
        marks.append(Mark(place.start, place.end, "place", f"place: {where}"))
    return marks


def boilerplate_marks(text: str, nlp_text: str) -> list[Mark]:
    """Runs of the text that extraction blanked out of `nlp_text` (boilerplate, markup)."""
    if len(text) != len(nlp_text):
        return []
    runs: list[list[int]] = []
    is_open = False
    for i, (char, kept) in enumerate(zip(text, nlp_text, strict=True)):
        if char.isspace():
            continue
        blanked = kept.isspace()
        if blanked and is_open:
            runs[-1][1] = i + 1
        elif blanked:
            runs.append([i, i + 1])
        is_open = blanked
    label = "not analysed (boilerplate or markup)"
    return [Mark(start, end, "boilerplate", label) for start, end in runs]


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """`text` cut at every mark boundary; each piece lists the marks covering it.

    Marks outside the text or empty are ignored; overlapping marks are fine.
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    pieces: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in valid if m.start <= start and end <= m.end]
        pieces.append(_segment(text[start:end], start, covering))
    return pieces


def _segment(text: str, start: int, covering: list[Mark]) -> Segment:
    kinds = [kind for kind in KINDS if any(m.kind == kind for m in covering)]
    labels = list(dict.fromkeys(m.label for m in covering if m.label))
    anchors = [m.anchor for m in covering if m.anchor and m.start == start]
    return Segment(text, kinds, labels, anchors[0] if anchors else "")
