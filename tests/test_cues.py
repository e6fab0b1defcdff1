"""Learned cues (warledger.claims.cues) and their trainer (warledger.evaluation.train_cues).

Most tests set a hand-made model with ``cues.use`` so they test the mechanism, not
the packaged weights; one checks the packaged model on a sentence of our own.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.claims import cues
from warledger.claims import find as claims
from warledger.records import Article, Claim
from warledger.text import nlp


def run(text: str) -> list[Claim]:
    art = Article(article_id="t", text=text, nlp_text=text, body=text)
    return claims.find_claims(art, nlp.parse(text))


@pytest.fixture
def model_of() -> Iterator[object]:
    yield cues.use
    cues.use(None)


def test_packaged_model_loads() -> None:
    weights, threshold, speakerless = cues.model()
    assert len(weights) > 1000 and math.isfinite(threshold) and speakerless >= threshold
    assert all(isinstance(k, str) and math.isfinite(v) for k, v in weights.items())


def test_packaged_model_finds_a_cue_the_patterns_miss() -> None:
    text = "The governor decided against a new tax on fuel after the vote."
    assert not claims.find_claims(Article("t", text, text, text), nlp.parse(text), learned=False)
    found = run(text)
    assert [(c.speaker, c.cue.split()[0]) for c in found] == [("The governor", "decided")]
    c = found[0]
    assert text[c.content_start : c.content_end] == c.content
    assert c.content.endswith("a new tax on fuel after the vote")
    assert text[c.source_start : c.source_end] == c.speaker


def test_hand_model_gives_source_cue_and_content(model_of: object) -> None:
    cues.use({"w=pondered": 10.0}, 1.0)
    text = "Senator Jane Doe pondered a run for the governorship in the spring."
    (c,) = run(text)
    assert (c.speaker, c.cue) == ("Senator Jane Doe", "pondered")
    assert c.content == "a run for the governorship in the spring"
    for start, end, value in ((c.source_start, c.source_end, c.speaker),
                              (c.cue_start, c.cue_end, c.cue),
                              (c.content_start, c.content_end, c.content)):  # fmt: skip
        assert text[start:end] == value


def test_no_subject_means_the_outlet_speaks(model_of: object) -> None:
    cues.use({"w=pondering": 10.0}, 1.0)
    text = "Pondering a run for the governorship, the senator toured the state."
    found = [c for c in run(text) if c.cue == "Pondering"]
    assert found and found[0].source_start == found[0].source_end
    assert found[0].speaker_type == "media"


def test_deeds_of_war_are_never_learned_cues(model_of: object) -> None:
    cues.use({"w=attacked": 10.0, "w=shelled": 10.0}, 1.0)
    text = "Rebels attacked the army base at dawn, and the army shelled the old town."
    assert not [c for c in run(text) if c.cue in ("attacked", "shelled")]


def test_learned_cue_never_owns_a_casualty_figure(model_of: object) -> None:
    cues.use({"w=mourned": 10.0}, 1.0)
    text = "Residents mourned the 12 people killed in the shelling of the market."
    found = run(text)
    assert any(c.cue == "mourned" and c.quantity_text is None for c in found)
    (fig,) = [c for c in found if c.quantity_text is not None]
    assert fig.cue == "" and fig.speaker_type == "media"


def test_learned_cue_does_not_swallow_a_pattern_attribution(model_of: object) -> None:
    cues.use({"w=stood": 10.0}, 1.0)
    text = "The mayor stood by the plan, the spokesman said on Monday."
    found = run(text)
    assert any(c.cue == "said" for c in found)
    said = next(c for c in found if c.cue == "said")
    assert not any(c.cue == "stood" and c.content_start <= said.cue_start < c.content_end
                   for c in found)  # fmt: skip


def test_cues_inside_quotations_are_not_candidates(model_of: object) -> None:
    cues.use({"w=pondered": 10.0}, 1.0)
    text = 'The mayor said: "Nobody pondered the cost of the bridge."'
    assert not [c for c in run(text) if c.cue == "pondered"]


def test_use_none_goes_back_to_the_packaged_model(model_of: object) -> None:
    packaged = cues.model()
    cues.use({"b": 1.0}, 0.0)
    assert cues.model() == ({"b": 1.0}, 0.0, cues.NEVER)
    cues.use(None)
    assert cues.model() is packaged


SENTENCES = [
    ("Senator Ann Lee weighed a bid for the open seat.", "weighed"),
    ("Governor Tom Ray weighed a veto of the budget bill.", "weighed"),
    ("Mayor Sam Cole weighed a ban on late-night sales.", "weighed"),
    ("Judge Ada Moss weighed a delay of the trial date.", "weighed"),
    ("Chairman Bo Li weighed a cut in the tax on fuel.", "weighed"),
    ("Minister Eve Fox weighed a visit to the border town.", "weighed"),
]


def _tiny_polnear(root: Path) -> None:
    """A PolNeAR-shaped folder (brat files) with sentences written for this test."""
    for name, (sentence, cue) in enumerate(SENTENCES):
        split = root / "polnear" / "train"
        (split / "text").mkdir(parents=True, exist_ok=True)
        (split / "attributions").mkdir(parents=True, exist_ok=True)
        (split / "text" / f"doc{name}.txt").write_text(sentence, encoding="utf-8")
        start = sentence.index(cue)
        ann = f"T1\tCue {start} {start + len(cue)}\t{cue}\n"
        (split / "attributions" / f"doc{name}_abcd.ann").write_text(ann, encoding="utf-8")


def test_trainer_writes_a_model_that_finds_the_trained_cue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_of: object
) -> None:
    from warledger.evaluation import train_cues

    _tiny_polnear(tmp_path)
    out = tmp_path / "weights.json"
    argv = ["train_cues", "--data", str(tmp_path), "--out", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(train_cues, "MIN_WEIGHT", 0.0)  # six texts give small weights
    train_cues.main()
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["threshold"] in train_cues.THRESHOLDS
    assert saved["weights"].get("w=weighed", 0) > 0
    cues.use(saved["weights"], saved["threshold"])
    found = run("Senator Kim Park weighed a run for the mayoralty.")
    assert [(c.speaker, c.cue) for c in found] == [("Senator Kim Park", "weighed")]


def test_word_stem_drops_the_inflection() -> None:
    assert [cues.word_stem(w) for w in ("questioned", "questions", "pondering", "said")] == [
        "question", "question", "ponder", "said"]  # fmt: skip


def test_a_stem_weight_finds_every_form_of_the_word(model_of: object) -> None:
    cues.use({"st=ponder": 10.0}, 1.0)
    for text in ("Senator Jane Doe ponders a run for the governorship.",
                 "Senator Jane Doe pondered a run for the governorship."):  # fmt: skip
        assert [c.cue for c in run(text)] == [text.split()[3]]


def test_a_noun_with_no_speaker_needs_the_speakerless_score(model_of: object) -> None:
    text = "The governor is drawing criticism over the new tax on fuel."
    cues.use({"w=criticism": 10.0}, 1.0)
    assert not [c for c in run(text) if c.cue == "criticism"]
    cues.use({"w=criticism": 10.0}, 1.0, 5.0)
    (c,) = [c for c in run(text) if c.cue == "criticism"]
    assert c.source_start == c.source_end and c.speaker_type == "media"
    assert c.content == "over the new tax on fuel"
    cues.use({"w=criticism": 10.0}, 1.0, 12.0)
    assert not [c for c in run(text) if c.cue == "criticism"]


def test_one_person_attacking_another_is_a_learned_cue(model_of: object) -> None:
    cues.use({"w=attacked": 10.0}, 1.0)
    text = "Hillary Clinton attacked Donald Trump over his taxes on Monday."
    assert [c.cue for c in run(text)] == ["attacked"]


def test_an_adjective_speaks_for_the_subject_of_its_verb(model_of: object) -> None:
    cues.use({"w=determined": 10.0}, 1.0)
    text = "Senator Jane Doe is determined to block the new tax on fuel."
    (c,) = [c for c in run(text) if c.cue == "determined"]
    assert c.speaker == "Senator Jane Doe" == text[c.source_start : c.source_end]
    assert c.content == "to block the new tax on fuel"
