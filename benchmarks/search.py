"""Search benchmark (figures, not tests): the home page's queries over a store.

    python benchmarks/search.py --db PATH [--copies N] [--repeat 5]

Copies the store to a temporary folder and, with --copies N, grows it N-fold: every
article, claim and event stored again under new ids (``id~k``), through the store's
own triggers (full-text indexes, event_articles). Then times, per kind of query, what
the home page asks the store (up to 5,000 events, as the page reads for its map) and
the article search, and prints the median and the slowest of --repeat runs, in ms.
The words searched for are taken from the stored article bodies and the aliases from
the actor dictionary, so the figures hold for any store.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warledger.ledger.store import Store
from warledger.records import EventFilter

PAGE_LIMIT = 5000  # events read per case (the home page read this many before benchmarks/web.py)
ALIASES = ("ISIS", "Nusra", "Daesh", "regime forces", "YPG")


def grow(db: Path, copies: int) -> None:
    """Every original row of articles, claims, events and event_claims stored again
    `copies` times under new ids."""
    conn = sqlite3.connect(db)
    cols = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            for t in ("articles", "claims", "events", "event_claims")}
    renamed = {"article_id", "owner_id", "claim_id", "event_id", "syndicated_from"}
    for k in range(1, copies + 1):
        suffix = f"~{k}"
        for table, names in cols.items():
            values = [f"{c} || '{suffix}'" if c in renamed else c for c in names]
            if table == "events":
                values[names.index("sources")] = (
                    "(SELECT json_group_array(json_set(s.value, '$.article_id', "
                    f"json_extract(s.value, '$.article_id') || '{suffix}')) "
                    "FROM json_each(sources) s)")
            key = "event_id" if table in ("events", "event_claims") else names[0]
            conn.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT "
                         f"{', '.join(values)} FROM {table} WHERE {key} NOT LIKE '%~%'")
        conn.commit()
    conn.close()


def words(store: Store, count: int = 5) -> list[str]:
    """Words of the stored bodies, from common to rare (every fifth of the frequent ones)."""
    seen: dict[str, int] = {}
    for article in store.articles():
        for word in set(re.findall(r"[^\W\d_]{6,}", article.body.lower())):
            seen[word] = seen.get(word, 0) + 1
    ranked = sorted(seen, key=lambda w: -seen[w])
    step = max(len(ranked) // (count * 20), 1)
    return ranked[::step][:count]


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--copies", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        for ext in ("", "-wal"):  # the store and its write-ahead log, if any
            if Path(args.db + ext).exists():
                shutil.copy(args.db + ext, str(db) + ext)
        Store(db).close()  # migrated to this version
        grow(db, args.copies)
        with Store(db) as store:
            print(f"store: {store.counts()}")
            cases = [("list, by date", EventFilter()),
                     ("list, sorted by fatalities desc", EventFilter(sort="fatalities",
                                                                     order="desc"))]
            cases += [(f"q={w}", EventFilter(q=w)) for w in words(store)]
            cases += [(f"actor={a}", EventFilter(actor=a)) for a in ALIASES]
            for label, where in cases:
                where = EventFilter(**{**where.__dict__, "limit": PAGE_LIMIT})
                found = len(store.events(where))
                median, worst = timed(lambda w=where: store.events(w), args.repeat)
                print(f"{label:40} {found:6} events  median {median:8.1f} ms  max {worst:8.1f}")
            for word in words(store, 3):
                median, worst = timed(lambda w=word: store.search_articles(w), args.repeat)
                print(f"{'articles: ' + word:40} {'':13} median {median:8.1f} ms  "
                      f"max {worst:8.1f}")


if __name__ == "__main__":
    main()
