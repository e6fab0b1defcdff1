"""Train the learned cue model (``warledger/cues.py``) on the PolNeAR train split.

    python -m warledger.evaluation.train_cues --data ../shared/data [--out FILE]

Examples: every candidate token (``cues.candidates``: not already the cue or
content of a pattern's attribution) of every train text, once per annotator where
a text has several, labelled +1 when it overlaps a gold cue that the patterns miss.
Model: averaged perceptron, a fixed number of epochs, shuffled with fixed seeds,
so a run gives the same weights every time; weights under ``MIN_WEIGHT`` dropped.
Thresholds: trained on four fifths of the train texts, the threshold that gives the
best cue F1 of the whole claims step (``polnear.evaluate``'s matching, against
the first annotator) on the fifth held out; then, the same way, the higher score a
noun or an adjective with no speaker needs (``cues.Model.speakerless``: "is drawing
criticism"), or never; then trained again on all of them.
The dev split is never read.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from warledger.claims import cues
from warledger.claims import find as claims
from warledger.claims.patterns import find_attributions
from warledger.evaluation import polnear
from warledger.records import Article
from warledger.text import nlp

EPOCHS = 8
THRESHOLDS = tuple(float(t) for t in range(0, 21, 2))
SPEAKERLESS_MARGINS = (0.0, 2.0, 4.0, 6.0, 8.0, cues.NEVER)  # above the threshold
MIN_WEIGHT = 2.0  # smaller weights are dropped: a smaller file, and it scores better held out


@dataclass
class Text:
    name: str
    article: Article
    doc: Doc
    gold: list[polnear.Pieces]
    tokens: list[tuple[list[str], int]]  # features, +1/-1


def load(data_dir: Path, split: str = "train", every: bool = False) -> list[Text]:
    """Parsed texts of one PolNeAR split with their candidate tokens, labelled +1 when they
    overlap a gold cue that the patterns' claims miss (the cues the model is for); with
    ``every``, one Text per annotator of a text (the first annotator's first)."""
    out = []
    parsed: dict[str, tuple[Article, Doc]] = {}
    for name, txt, ann in polnear.texts(data_dir / "polnear" / split, every):
        if name not in parsed:
            text = txt.read_text(encoding="utf-8")
            parsed[name] = Article(article_id=name, text=text, nlp_text=text, body=text), \
                nlp.parse(text)  # fmt: skip
        article, doc = parsed[name]
        kept = polnear.univocal(claims.find_claims(article, doc, learned=False))
        gold = polnear.read_ann(ann)["Cue"]
        rule_cues = sorted({(c.cue_start, c.cue_end) for c in kept if c.cue_end > c.cue_start})
        _m, _hit, used = polnear.match(rule_cues, gold)
        missed = [p for g, ok in zip(gold, used, strict=True) if not ok for p in g]
        toks = []
        for tok in cues.candidates(doc, find_attributions(doc)):
            end = tok.idx + len(tok.text)
            label = 1 if any(a < end and tok.idx < b for a, b in missed) else -1
            toks.append((cues.features(tok), label))
        out.append(Text(name, article, doc, gold, toks))
    return out


def train(texts: list[Text]) -> dict[str, float]:
    """Averaged perceptron weights, those under ``MIN_WEIGHT`` dropped, rounded."""
    examples = [ex for t in texts for ex in t.tokens]
    w: dict[str, float] = defaultdict(float)
    u: dict[str, float] = defaultdict(float)
    c = 1
    for epoch in range(EPOCHS):
        random.Random(epoch).shuffle(examples)
        for feats, y in examples:
            if y * sum(w.get(x, 0.0) for x in feats) <= 0:
                for x in feats:
                    w[x] += y
                    u[x] += y * c
            c += 1
    averaged = {x: w[x] - u[x] / c for x in w}
    return {x: round(v, 3) for x, v in sorted(averaged.items()) if abs(v) >= MIN_WEIGHT}


def cue_f1(texts: list[Text], weights: dict[str, float], threshold: float,
           speakerless: float = cues.NEVER) -> float:  # fmt: skip
    """Cue F1 of the whole claims step (patterns and learned cues) with this model."""
    cues.use(weights, threshold, speakerless)
    tp = n_pred = tp_gold = n_gold = 0
    try:
        for t in texts:
            kept = polnear.univocal(claims.find_claims(t.article, t.doc))
            pred = sorted({(c.cue_start, c.cue_end) for c in kept if c.cue_end > c.cue_start})
            m, _hit, used = polnear.match(pred, t.gold)
            tp, n_pred = tp + m, n_pred + len(pred)
            tp_gold, n_gold = tp_gold + sum(used), n_gold + len(t.gold)
    finally:
        cues.use(None)
    return polnear.prf(tp, n_pred, tp_gold, n_gold)[2]


def _first(texts: list[Text], name: str) -> Text:
    """The first annotator's Text of a text (the one the evaluation scores against)."""
    return next(t for t in texts if t.name == name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).parents[1] / "data" / cues.WEIGHTS_FILE
    )
    args = ap.parse_args()
    texts = load(args.data, every=True)
    names = sorted({t.name for t in texts})
    held_out = set(names[::5])
    held = [t for t in texts if t.name in held_out and t is _first(texts, t.name)]
    weights = train([t for t in texts if t.name not in held_out])
    scored = {thr: cue_f1(held, weights, thr) for thr in THRESHOLDS}
    threshold = max(scored, key=lambda k: scored[k])
    alone = {m: cue_f1(held, weights, threshold, threshold + m) for m in SPEAKERLESS_MARGINS}
    margin = max(alone, key=lambda k: alone[k])
    base = cue_f1(held, {}, 0.0)
    print(f"held-out cue F1 ({len(held)} texts): patterns {base:.4f}, with learned cues "
          f"{scored[threshold]:.4f} (threshold {threshold}), with speakerless nouns "
          f"{alone[margin]:.4f} (threshold + {margin})")  # fmt: skip
    final = train(texts)
    about = ("Learned cue model for warledger.claims.cues, trained by "
             "`python -m warledger.evaluation.train_cues` on the PolNeAR train split.")  # fmt: skip
    payload: dict[str, object] = {"about": about, "threshold": threshold, "weights": final}
    if math.isfinite(margin):
        payload["speakerless"] = threshold + margin
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(final)} weights -> {args.out}")


if __name__ == "__main__":  # pragma: no cover
    main()
