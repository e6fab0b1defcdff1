"""The store in Datasette: the metadata that shows the ledger and hides the machinery.

    python -m warledger.ledger.datasette warledger.db > metadata.json
    datasette warledger.db --metadata metadata.json

Datasette names a database after its file, so the metadata is made for one file name.
It hides the linking index and bookkeeping tables (`HIDDEN`, the web map's summaries
included); the full-text indexes
(`articles_fts`, `claims_fts`, in the store since schema version 5) are found by
Datasette itself, and the foreign keys link events, claims (through `event_claims`),
articles and places. Each table gets a label column and a description (`TABLES`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HIDDEN: tuple[str, ...] = ("lsh_bands", "copy_members", "runs", "removed_events",
                           "event_cells", "event_days", "map_zooms")
TABLES: dict[str, dict[str, Any]] = {
    "events": {"label_column": "notes", "sort_desc": "event_date",
               "description": "Ledger events (ACLED taxonomy); owner_id is the article "
                              "that saved the event, event_claims links its claims."},
    "claims": {"label_column": "content", "fts_table": "claims_fts", "fts_pk": "rowid",
               "description": "Attributions: who said what (offsets into the article's "
                              "text); event_id is the ledger event the claim is about."},
    "articles": {"label_column": "title", "fts_table": "articles_fts", "fts_pk": "rowid",
                 "description": "Articles as extracted; rejected_reason is null for kept "
                                "ones."},
    "places": {"description": "Resolved place mentions of every article (GeoNames)."},
    "event_claims": {"description": "The claims of each ledger event, in order."},
    "rejections": {"description": "Inputs that could not be processed, with their reason."},
    "reviews": {"label_column": "reason", "sort_desc": "id",
                "description": "An analyst's decisions on the events (append-only): "
                               "action, field, old and new value, reason, reviewer."},
}


def metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette metadata for the store at `db_path` (keyed by its file's stem)."""
    tables: dict[str, dict[str, Any]] = {name: dict(spec) for name, spec in TABLES.items()}
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": "warledger",
        "description": "A sourced event ledger: events, the claims they are built from, "
                       "and the articles those claims come from.",
        "databases": {Path(db_path).stem: {"tables": tables}},
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m warledger.ledger.datasette STORE.db", file=sys.stderr)
        return 2
    print(json.dumps(metadata(args[0]), indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
