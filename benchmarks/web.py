"""Web benchmark (figures, not a test): server times of the home page and of the map
data with a large store. Run with the project's venv from the repo root:

    python benchmarks/web.py [--events 100000] [--db /tmp/warledger-web-100000.db]
                             [--repeat 7]

Builds (once; kept for later runs) a store of synthetic events through the Store API:
one short invented article per event with one fatality claim, events spread over
hotspots in several countries with jitter and 3 % of them far away, dates over two
years, fatalities heavy-tailed. Then times, in-process (FastAPI's TestClient, no
network), the median of --repeat requests of: the home page unfiltered and filtered,
`/api/map` at the home page's zoom, at world zoom and zoomed in on one hotspot, and
`/api/map/events` for one cluster. Prints each median, its slowest run, and the
store's size on disk.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

from warledger.errors import StoreError
from warledger.ledger.store import Store
from warledger.records import Analysis, Article, Claim, Event, Source

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOTSPOTS = [  # (name, country, iso3, lon, lat, spread in degrees)
    ("Aleppo", "Syria", "SYR", 37.16, 36.20, 0.4), ("Idlib", "Syria", "SYR", 36.63, 35.93, 0.8),
    ("Damascus", "Syria", "SYR", 36.29, 33.51, 0.5), ("Raqqa", "Syria", "SYR", 39.01, 35.95, 1.0),
    ("Mosul", "Iraq", "IRQ", 43.13, 36.34, 0.7), ("Sanaa", "Yemen", "YEM", 44.21, 15.35, 1.5),
    ("Kunduz", "Afghanistan", "AFG", 68.86, 36.73, 1.2), ("Gao", "Mali", "MLI", -0.04, 16.27, 2.0),
    ("Goma", "DR Congo", "COD", 29.22, -1.68, 1.0),
    ("Kharkiv", "Ukraine", "UKR", 36.23, 49.99, 1.5),
]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Strategic developments", "Looting/property destruction")]
FAR_SHARE = 0.03  # events placed anywhere on land-ish latitudes


def synthetic(rng: random.Random, n: int) -> Analysis:
    name, country, iso3, lon, lat, spread = rng.choice(HOTSPOTS)
    if rng.random() < FAR_SHARE:
        lon, lat, spread = rng.uniform(-120, 140), rng.uniform(-40, 60), 0.0
    lon, lat = lon + rng.gauss(0, spread / 2), lat + rng.gauss(0, spread / 2)
    day = f"{2019 + n % 2}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    dead = int(rng.paretovariate(1.3)) - 1
    kind, sub = rng.choice(TYPES)
    text = f"At least {dead} people were killed near {name} on {day}, officials said."
    article_id = f"syn-{n}"
    figure = str(dead)
    start = text.index(figure)
    claim = Claim(claim_id=f"{article_id}:c1", article_id=article_id, kind="fatalities",
                  speaker="officials", speaker_type="government", anonymous=False, cue="said",
                  content=text[:text.index(" on ")], start=0, end=len(text) - 1,
                  source_start=text.index("officials"), source_end=text.index("officials") + 9,
                  cue_start=text.index("said"), cue_end=text.index("said") + 4, content_start=0,
                  content_end=text.index(" on "), value_low=dead, qualifier="at_least",
                  quantity_text=figure, quantity_start=start, quantity_end=start + len(figure),
                  event_id=f"EV-{n}")
    article = Article(article_id=article_id, text=text, nlp_text=text, body=text,
                      title=f"Report {n}", publisher="Synthetic Wire", published=day,
                      source=f"{article_id}.txt", content_hash=article_id)
    source = Source(article_id, None, "Synthetic Wire", None, day, f"Report {n}")
    event = Event(event_id=f"EV-{n}", event_date=day, date_precision="day", event_type=kind,
                  sub_event_type=sub, actor1="Armed group", country=country, iso3=iso3,
                  location=name, latitude=round(lat, 5), longitude=round(lon, 5),
                  fatalities=dead, claims=[claim], sources=[source],
                  notes=f"Synthetic event {n} near {name}.")
    return Analysis(article=article, claims=[claim], events=[event])


def build(db: Path, events: int) -> float:
    """The store of `events` synthetic events (kept when it is already complete)."""
    if db.exists():
        if _complete(db, events):
            return 0.0
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    rng, started = random.Random(18), time.perf_counter()
    with Store(db) as store:
        for first in range(0, events, 5000):
            with store.transaction():
                for n in range(first, min(first + 5000, events)):
                    store.write_analysis(synthetic(rng, n))
    return time.perf_counter() - started


def _complete(db: Path, events: int) -> bool:
    """Whether the kept store holds `events` events (False for one of an older schema)."""
    try:
        with Store(db, readonly=True) as store:
            return store.counts()["events"] == events
    except StoreError:
        return False


def timed(client: TestClient, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and slowest time (ms) of `repeat` GETs of `url` (after one warm-up), and
    the response's size."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:200])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    db = Path(args.db or f"/tmp/warledger-web-{args.events}.db")
    took = build(db, args.events)
    print(f"store {db}: {args.events} events" + (f", built in {took:.0f} s" if took else ""))
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    print(f"store size {size / 2**20:.1f} MB")

    from warledger.web.app import create_app

    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    home = client.get("/").text
    zoom = home.split('data-zoom="')[1].split('"')[0]
    urls = {
        "home page": "/",
        "home page, filtered (type)": "/?event_type=Battles",
        "home page, filtered (text)": "/?q=aleppo",
        f"map data, home zoom {zoom}": f"/api/map?zoom={zoom}&bbox=30,30,45,40",
        "map data, world (zoom 0)": "/api/map?zoom=0",
        "map data, zoom 10 on Aleppo": "/api/map?zoom=10&bbox=36.9,36,37.4,36.4",
        "map data, zoom 4, filtered": "/api/map?zoom=4&event_type=Battles&since=2020-01",
        "cluster list (50 events)": "/api/map/events?bbox=36.9,36,37.4,36.4",
    }
    width = max(len(name) for name in urls)
    for name, url in urls.items():
        median, worst, length = timed(client, url, args.repeat)
        print(f"{name:<{width}}  median {median:7.1f} ms  slowest {worst:7.1f} ms  "
              f"{length / 1024:7.1f} KB   GET {url}")


if __name__ == "__main__":
    sys.exit(main())
