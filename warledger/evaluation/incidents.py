"""Incident-level evaluations: roundup reports (recall of every incident) and negatives.

Roundups (data README, "Events, one per incident"): from the ACLED notes
(`acled-afghanistan/acled.csv`), the notes of one day (`event_date`) from different
provinces (`admin1`) are joined three at a time, as the paragraphs of one report
published that day. Grouping is deterministic: within a day, notes sorted by
`event_id_cnty` (by its number); a group starts with the first note left and takes,
in that order, each note whose admin1 differs from those already in the group, until
it holds three. When no group of three can be formed any more (fewer than three
provinces left that day), the notes left over are dropped (counted in `dropped`):
every report has exactly three paragraphs.

Each gold note is matched to at most one predicted event with the same `event_type`
and `admin1` (case, accents and hyphens folded, as in `ledger.same`), one prediction
per gold note, the first unused one in the pipeline's order. `event_recall` = matched
notes / notes, `event_precision` = matched events / events, `fatalities_exact` =
share of matched pairs whose event `fatalities` equals the note's `fatalities`.

Negatives: reports that describe no armed conflict. The PolNeAR texts (train and dev,
2016 US election news) as plain text with no publication date, and the Zyte
benchmark pages as HTML: `election_event_share` / `web_event_share` = the share of
texts / pages that give any event (lower is better; a rejected document gives none).
The errors file lists every one that gave an event, with the events.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from warledger import pipeline
from warledger.errors import Rejected
from warledger.evaluation import extraction, polnear
from warledger.evaluation.ledger import same
from warledger.records import Analysis, Document, Event

ROUNDUP_SIZE = 3
BATCH = 16  # documents per process_batch call (the parse is batched)
Row = dict[str, str]


# -- roundups ----------------------------------------------------------------------------


def _number_key(event_id: str) -> tuple[str, int, str]:
    """`AFG44631` -> ("AFG", 44631, ...): ids sorted by their number, not as text."""
    m = re.match(r"(\D*)(\d+)(.*)", event_id)
    return (m[1], int(m[2]), m[3]) if m else (event_id, 0, "")


def iso_day(acled_date: str) -> str:
    """ACLED's `21 March 2020` -> `2020-03-21`."""
    return datetime.strptime(acled_date, "%d %B %Y").date().isoformat()


def group_roundups(rows: Iterable[Row], size: int = ROUNDUP_SIZE) -> list[list[Row]]:
    """Notes grouped `size` at a time, one day and distinct provinces per group (see module
    docstring); days in date order; notes that cannot complete a group are left out."""
    days: dict[str, list[Row]] = {}
    for row in rows:
        days.setdefault(iso_day(row["event_date"]), []).append(row)
    groups: list[list[Row]] = []
    for day in sorted(days):
        left = sorted(days[day], key=lambda r: _number_key(r["event_id_cnty"]))
        while left:
            group = [left[0]]
            for row in left[1:]:
                if len(group) == size:
                    break
                if not any(same(row["admin1"], g["admin1"]) for g in group):
                    group.append(row)
            if len(group) < size:  # fewer than `size` provinces left: so for every later group
                break
            groups.append(group)
            left = [r for r in left if not any(r is g for g in group)]
    return groups


def roundup_document(group: list[Row], number: int) -> Document:
    day = iso_day(group[0]["event_date"])
    text = "\n\n".join(row["notes"] for row in group)
    doc_id = f"roundup-{day}-{number}"
    return Document(doc_id, doc_id, text, "text", published=day)


def match(gold: list[tuple[str, str]], predicted: list[tuple[str | None, str | None]]
          ) -> list[int | None]:  # fmt: skip
    """For each gold (event_type, admin1), the index of its predicted event (same type and
    admin1, folded), or None; each prediction serves one gold at most, first unused first."""
    used: set[int] = set()
    out: list[int | None] = []
    for g_type, g_admin1 in gold:
        pick = next((i for i, (p_type, p_admin1) in enumerate(predicted) if i not in used
                     and same(g_type, p_type) and same(g_admin1, p_admin1)), None)  # fmt: skip
        if pick is not None:
            used.add(pick)
        out.append(pick)
    return out


def event_summary(event: Event) -> dict[str, Any]:
    return {"event_type": event.event_type, "sub_event_type": event.sub_event_type,
            "location": event.location, "admin1": event.admin1, "country": event.country,
            "fatalities": event.fatalities, "notes": event.notes}  # fmt: skip


def roundup_record(doc_id: str, published: str | None, group: list[Row],
                   events: list[Event]) -> dict[str, Any]:  # fmt: skip
    """One report: its gold notes and predicted events, each gold with its match."""
    predicted = [event_summary(e) for e in events]
    found = match([(r["event_type"], r["admin1"]) for r in group],
                  [(p["event_type"], p["admin1"]) for p in predicted])  # fmt: skip
    golds = [{"event_id": r["event_id_cnty"], "event_type": r["event_type"],
              "admin1": r["admin1"], "fatalities": int(r["fatalities"] or 0),
              "matched": i, "notes": r["notes"]} for r, i in zip(group, found, strict=True)]
    return {"id": doc_id, "published": published, "golds": golds, "predicted": predicted}


def roundup_metrics(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall, precision and fatalities exact over report records (`roundup_record`)."""
    n_gold = sum(len(r["golds"]) for r in records)
    n_pred = sum(len(r["predicted"]) for r in records)
    pairs = [(g, r["predicted"][g["matched"]]) for r in records for g in r["golds"]
             if g["matched"] is not None]  # fmt: skip
    exact = sum(p["fatalities"] == g["fatalities"] for g, p in pairs)
    return {
        "event_recall": round(len(pairs) / n_gold, 4) if n_gold else 0.0,
        "event_precision": round(len(pairs) / n_pred, 4) if n_pred else 0.0,
        "fatalities_exact": round(exact / len(pairs), 4) if pairs else 0.0,
        "reports": len(records), "golds": n_gold, "predicted": n_pred,
    }  # fmt: skip


def _is_error(record: dict[str, Any]) -> bool:
    matched = [g for g in record["golds"] if g["matched"] is not None]
    return (len(matched) < len(record["golds"]) or len(matched) < len(record["predicted"])
            or any(record["predicted"][g["matched"]]["fatalities"] != g["fatalities"]
                   for g in matched))  # fmt: skip


def evaluate_roundup(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    path = Path(data_dir) / "acled-afghanistan" / "acled.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups = group_roundups(rows)
    records = []
    for number, group in enumerate(groups, 1):
        document = roundup_document(group, number)
        try:
            events = pipeline.analyse(document).events
        except Rejected:
            events = []
        records.append(roundup_record(document.article_id, document.published, group, events))
    result = roundup_metrics(records)
    result |= {"dropped": len(rows) - sum(len(g) for g in groups), "n": len(records),
               "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    if errors:
        _write(errors, (r for r in records if _is_error(r)))
    return result


# -- negatives ---------------------------------------------------------------------------


def election_documents(data_dir: Path) -> list[Document]:
    """PolNeAR train and dev texts (as `polnear.texts` finds them), undated plain text."""
    docs = []
    for split in ("train", "dev"):
        for name, txt, _ in polnear.texts(Path(data_dir) / "polnear" / split):
            docs.append(Document(name, name, txt.read_text(encoding="utf-8"), "text"))
    return docs


def web_documents(data_dir: Path) -> list[Document]:
    """The Zyte benchmark pages as HTML documents."""
    pages = extraction.load_pages(Path(data_dir) / "article-extraction")
    return [Document(pid, pid, html, "html") for pid, (html, _) in pages.items()]


def analyses_of(documents: list[Document], batch: int = BATCH) -> Iterator[Analysis | None]:
    """Each document's Analysis, in order (None: rejected); parsed `batch` at a time."""
    for i in range(0, len(documents), batch):
        for result in pipeline.process_batch(documents[i : i + batch]):
            yield result if isinstance(result, Analysis) else None


def share(found: list[Analysis | None]) -> float:
    """The share of documents with at least one event (rejected ones have none)."""
    return round(sum(bool(a and a.events) for a in found) / len(found), 4) if found else 0.0


def negative_rows(name: str, found: list[Analysis | None]) -> list[dict[str, Any]]:
    """One row per document that gave an event: its id, title (or first words) and events,
    each with the first claim's content as evidence."""
    rows = []
    for analysis in found:
        if analysis is None or not analysis.events:
            continue
        article = analysis.article
        title = article.title or " ".join(article.body.split()[:16])
        events = [event_summary(e) | {"evidence": _evidence(e)} for e in analysis.events]
        rows.append({"set": name, "id": article.article_id, "title": title, "events": events})
    return rows


def _evidence(event: Event, width: int = 200) -> str | None:
    return " ".join(event.claims[0].content.split())[:width] if event.claims else None


def evaluate_negatives(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    election, web = election_documents(data_dir), web_documents(data_dir)
    election_found, web_found = list(analyses_of(election)), list(analyses_of(web))
    rejected = sum(found is None for found in election_found + web_found)
    result: dict[str, Any] = {
        "election_event_share": share(election_found), "web_event_share": share(web_found),
        "election_texts": len(election), "web_pages": len(web), "rejected": rejected,
        "n": len(election) + len(web), "seconds": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    if errors:
        _write(errors, negative_rows("election", election_found)
               + negative_rows("web", web_found))  # fmt: skip
    return result


def _write(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
