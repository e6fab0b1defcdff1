"""Dates on TempEval-3 (TimeBank and AQUAINT, TimeML): spans and resolved values.

For each `.tml` document the plain text is the TEXT element's text content (tags
removed, nothing else changed, so the gold TIMEX3 offsets are offsets into it) and
the publication date is the date of the document creation time (the TIMEX3 with
`functionInDocument="CREATION_TIME"`). The date stage (`text.dates.find_times`)
runs on it, as in the pipeline.

Gold: the TIMEX3 in TEXT of type DATE whose value is a calendar day (YYYY-MM-DD),
an ISO week (YYYY-Www), a month (YYYY-MM) or a year (YYYY); the creation time is not
one of them. `span_recall` = share of gold with an overlapping predicted expression;
`value_accuracy` = share of gold with an overlapping prediction whose date, written at
its own precision (day YYYY-MM-DD, week the ISO week YYYY-Www, month YYYY-MM, year
YYYY), equals the gold value. A file present in several folders (the `testpipeline`
copy) is read once.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from warledger.records import Article, TimeExpr
from warledger.text import dates, nlp

GOLD_VALUE = re.compile(r"\d{4}(?:-\d\d-\d\d|-W\d\d?|-\d\d)?")


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    function: str = "NONE"


@dataclass
class TimeMLDoc:
    doc_id: str
    text: str
    creation_date: str | None  # YYYY-MM-DD
    timexes: list[Timex]  # every TIMEX3 inside TEXT, with offsets into `text`


def read_tml(xml: str | bytes, doc_id: str = "") -> TimeMLDoc:
    """The TEXT content, the creation date and the TIMEX3 spans of one TimeML document."""
    root = ET.fromstring(xml)
    creation = next((t.get("value", "") for t in root.iter("TIMEX3")
                     if t.get("functionInDocument") == "CREATION_TIME"), "")  # fmt: skip
    body = root.find(".//TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    length = 0

    def add(piece: str | None) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            length += len(piece)

    def walk(element: ET.Element) -> None:
        add(element.text)
        for child in element:
            start = length
            walk(child)
            if child.tag == "TIMEX3":
                timexes.append(Timex(start, length, child.get("type", ""),
                                     child.get("value", ""),
                                     child.get("functionInDocument", "NONE")))  # fmt: skip
            add(child.tail)

    if body is not None:
        walk(body)
    day = creation[:10] if re.fullmatch(r"\d{4}-\d\d-\d\d", creation[:10]) else None
    return TimeMLDoc(doc_id, "".join(parts), day, sorted(timexes, key=lambda t: t.start))


def gold_value(timex: Timex) -> str | None:
    """The gold value when the TIMEX3 counts (a DATE at day, week, month or year), with the
    week written on two digits (`1998-W7` -> `1998-W07`); else None."""
    if timex.type != "DATE" or timex.function == "CREATION_TIME":
        return None
    if not GOLD_VALUE.fullmatch(timex.value):
        return None
    week = re.fullmatch(r"(\d{4})-W(\d\d?)", timex.value)
    return f"{week[1]}-W{int(week[2]):02d}" if week else timex.value


def at_precision(expr: TimeExpr) -> str:
    """A predicted date as written at its precision: 2020-03-21 / 2020-W12 / 2020-03 / 2020."""
    day = date.fromisoformat(expr.date)
    if expr.precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": day.isoformat(), "month": day.isoformat()[:7],
            "year": str(day.year)}[expr.precision]  # fmt: skip


def score_doc(doc: TimeMLDoc, predicted: list[TimeExpr]) -> list[dict[str, Any]]:
    """One row per gold TIMEX3: its span and value, the overlapping predictions, and
    whether one overlaps (`found`) and one has the gold value (`correct`)."""
    rows = []
    for timex in doc.timexes:
        value = gold_value(timex)
        if value is None:
            continue
        near = [p for p in predicted if p.start < timex.end and timex.start < p.end]
        got = [at_precision(p) for p in near]
        rows.append({
            "doc": doc.doc_id, "gold": doc.text[timex.start:timex.end], "value": value,
            "start": timex.start, "found": bool(near), "correct": value in got,
            "got": [{"text": p.text, "date": p.date, "precision": p.precision, "value": v}
                    for p, v in zip(near, got, strict=True)],
        })  # fmt: skip
    return rows


def tml_files(folder: Path) -> list[Path]:
    """Every .tml file under `folder`, sorted; a file name met twice is read once."""
    seen: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.tml")):
        seen.setdefault(path.name, path)
    return sorted(seen.values())


def evaluate(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    docs = [read_tml(p.read_bytes(), p.stem) for p in tml_files(Path(data_dir) / "tempeval3")]
    rows: list[dict[str, Any]] = []
    for doc, parse in zip(docs, nlp.parse_many([d.text for d in docs]), strict=True):
        article = Article(doc.doc_id, doc.text, doc.text, doc.text, published=doc.creation_date)
        predicted = dates.find_times(article, parse)
        rows.extend(score_doc(doc, predicted))
    n = len(rows)
    result = {
        "span_recall": round(sum(r["found"] for r in rows) / n, 4) if n else 0.0,
        "value_accuracy": round(sum(r["correct"] for r in rows) / n, 4) if n else 0.0,
        "documents": len(docs), "n": n, "seconds": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    if errors:
        with Path(errors).open("w", encoding="utf-8") as out:
            for row in rows:
                if not row["correct"]:
                    context = _context(docs, row)
                    out.write(json.dumps(row | {"context": context}, ensure_ascii=False) + "\n")
    return result


def _context(docs: list[TimeMLDoc], row: dict[str, Any], width: int = 60) -> str:
    text = next(d.text for d in docs if d.doc_id == row["doc"])
    a, b = row["start"], row["start"] + len(row["gold"])
    return " ".join((text[max(0, a - width):a] + "[[" + text[a:b] + "]]" + text[b:b + width])
                    .split())  # fmt: skip
