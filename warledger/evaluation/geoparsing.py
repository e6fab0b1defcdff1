"""Geoparsing evaluation on LGL and GeoVirus (``data_dir/"geoparsing"``).

Per corpus: accuracy within 161 km over the gold toponyms that a predicted place
overlaps (as in Gritta et al. and Mordecai 3), and recall of gold toponyms (share
overlapped by a predicted place). Run: ``python -m warledger.evaluation.geoparsing``.
"""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warledger.geo import places, ranker
from warledger.geo.distance import distance_km
from warledger.records import Article, PlaceMention
from warledger.text import nlp

KM = 161.0
CORPORA = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float
    lng: float
    geonameid: int | None = None  # LGL's GeoNames id (GeoVirus gives a point only)


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    toponyms: list[Gold]


def read_lgl(path: Path) -> list[GoldDoc]:
    """LGL: <article docid> with <text> and <toponym> start/end/phrase/gaztag lat,lon."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        golds = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.findtext("lat") is None:
                continue
            gid = tag.get("geonameid")
            golds.append(Gold(int(top.findtext("start") or 0), int(top.findtext("end") or 0),
                              top.findtext("phrase") or "", float(tag.findtext("lat") or 0),
                              float(tag.findtext("lon") or 0),
                              int(gid) if gid and gid.isdigit() else None))
        docs.append(GoldDoc(art.get("docid", ""), art.findtext("text") or "", golds))
    return docs


def read_geovirus(path: Path) -> list[GoldDoc]:
    """GeoVirus: <article> with <source>, <text> and <location> name/start/end/lat/lon."""
    docs = []
    for n, art in enumerate(ET.parse(path).getroot().iter("article")):
        golds = [
            Gold(int(loc.findtext("start") or 0), int(loc.findtext("end") or 0),
                 loc.findtext("name") or "", float(loc.findtext("lat") or 0),
                 float(loc.findtext("lon") or 0))
            for loc in art.iter("location")
        ]
        docs.append(GoldDoc(f"{n}:{art.findtext('source') or ''}", art.findtext("text") or "",
                            golds))
    return docs


haversine = distance_km  # great-circle distance in km



def predict(doc: GoldDoc) -> list[PlaceMention]:
    """The places stage on a raw text (no extraction step)."""
    article = Article(article_id=doc.doc_id, text=doc.text, nlp_text=doc.text, body=doc.text)
    return places.find_places(article, nlp.parse(doc.text))


def _overlapping(gold: Gold, predicted: list[PlaceMention]) -> PlaceMention | None:
    hits = [p for p in predicted if p.start < gold.end and gold.start < p.end]
    return max(hits, key=lambda p: min(p.end, gold.end) - max(p.start, gold.start), default=None)


def score_corpus(docs: list[GoldDoc], errors: IO[str] | None, corpus: str) -> dict[str, Any]:
    """Run and score one corpus; write one JSON line per wrong or missed toponym.

    Detection is scored apart from resolution: recall is the share of gold toponyms a
    predicted place overlaps, precision the share of predicted places (demonyms
    included) that overlap a gold toponym; acc@161 and the exact GeoNames match (LGL
    gives ids) are over the gold toponyms found."""
    began = time.perf_counter()
    total = matched = correct = predictions = overlapping = with_id = exact = 0
    for doc in docs:
        predicted = predict(doc)
        predictions += len(predicted)
        overlapping += sum(any(p.start < g.end and g.start < p.end for g in doc.toponyms)
                           for p in predicted)
        for gold in doc.toponyms:
            total += 1
            pred = _overlapping(gold, predicted)
            km = _distance(gold, pred)
            matched += pred is not None
            correct += km is not None and km <= KM
            if pred is not None and gold.geonameid is not None:
                with_id += 1
                exact += pred.geonameid == gold.geonameid
            if errors is not None and (km is None or km > KM):
                errors.write(json.dumps(_error(corpus, doc, gold, pred, km)) + "\n")
    seconds = time.perf_counter() - began
    out = {
        f"{corpus}_acc161": _ratio(correct, matched),
        f"{corpus}_recall": _ratio(matched, total),
        f"{corpus}_precision": _ratio(overlapping, predictions),
        f"{corpus}_docs": len(docs),
        f"{corpus}_toponyms": total,
        f"{corpus}_matched": matched,
        f"{corpus}_seconds": round(seconds, 1),
    }
    if with_id:
        out[f"{corpus}_exact_geonameid"] = _ratio(exact, with_id)
    return out


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _distance(gold: Gold, pred: PlaceMention | None) -> float | None:
    if pred is None or pred.latitude is None or pred.longitude is None:
        return None
    return haversine(gold.lat, gold.lng, pred.latitude, pred.longitude)


def _error(
    corpus: str, doc: GoldDoc, gold: Gold, pred: PlaceMention | None, km: float | None
) -> dict[str, Any]:
    return {
        "corpus": corpus,
        "doc_id": doc.doc_id,
        "gold_text": gold.text,
        "gold_start": gold.start,
        "gold_lat": gold.lat,
        "gold_lng": gold.lng,
        "predicted_text": pred.text if pred else None,
        "predicted_name": pred.name if pred else None,
        "predicted_country": pred.country_code if pred else None,
        "predicted_code": pred.feature_code if pred else None,
        "predicted_lat": pred.latitude if pred else None,
        "predicted_lng": pred.longitude if pred else None,
        "km": round(km, 1) if km is not None else None,
    }


def evaluate(data_dir: Path, errors: Path | None = None) -> dict[str, Any]:
    """Metrics for LGL and GeoVirus; `errors` gets a JSONL line per wrong/missed toponym."""
    folder = data_dir / "geoparsing"
    readers = {"lgl": read_lgl, "geovirus": read_geovirus}
    out: dict[str, Any] = {}
    sink = errors.open("w", encoding="utf-8") if errors else None
    try:
        for corpus, filename in CORPORA.items():
            if (folder / filename).exists():
                out.update(score_corpus(readers[corpus](folder / filename), sink, corpus))
                out.update(held_out(corpus))
    finally:
        if sink:
            sink.close()
    return out


def held_out(corpus: str) -> dict[str, float]:
    """The shipped ranker's cross-validated figures, as its training measured them: the
    ranker has seen these documents, so the figures above are in-sample; these are what
    an unseen part of the corpus should show (`warledger.evaluation.train_places`)."""
    shipped = ranker.PATH
    if not shipped.exists():
        return {}
    cv = json.loads(shipped.read_text(encoding="utf-8")).get("cv", {})
    names = {"acc161_cv": "acc161_ranker_cv_detected", "recall_cv": "recall_cv"}
    return {f"{corpus}_{mine}": cv[f"{corpus}_{theirs}"] for mine, theirs in names.items()
            if f"{corpus}_{theirs}" in cv}


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "../shared/data"
    errors = Path(argv[1]) if len(argv) > 1 else None
    print(json.dumps(evaluate(data, errors), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
