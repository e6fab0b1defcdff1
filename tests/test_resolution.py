"""Speakers: pronoun resolution (claims.resolve_speakers); anonymity phrases are no claim."""

from __future__ import annotations

import pytest

from warledger.claims import find as claims
from warledger.records import Article
from warledger.text import nlp

pytestmark = pytest.mark.model


def speakers_of(text: str, source: str) -> set[str]:
    """Speakers of the claims whose source span is ``source``."""
    art = Article(article_id="t", text=text, nlp_text=text, body=text, publisher="Example News")
    found = claims.find_claims(art, nlp.parse(text))
    out = {c.speaker for c in found if text[c.source_start : c.source_end] == source}
    assert out, [(c.speaker, c.cue) for c in found]
    return out


def test_they_goes_to_a_plural_group_that_can_speak() -> None:
    text = ("Senate Democrats criticized the budget bill on Monday. "
            "They said the cuts would hurt rural hospitals.")  # fmt: skip
    assert speakers_of(text, "They") == {"Senate Democrats"}


def test_they_is_not_given_to_things() -> None:
    text = "The rifles were seized at the border, and they said the raid had been legal."
    assert speakers_of(text, "they") == {"they"}


def test_first_person_outside_quotations_is_the_writers_own() -> None:
    text = ("Mayor Ann Cole defended the plan on Friday. "
            "I think the plan will fail, and I said so at the hearing.")  # fmt: skip
    assert speakers_of(text, "I") == {"I"}


def test_it_goes_to_an_organisation_in_the_sentence() -> None:
    text = "The ministry rejected the report, which it said was full of errors."
    assert speakers_of(text, "it") == {"The ministry"}


def test_he_is_one_person_not_a_pair() -> None:
    text = ("Senator Ann Lee and Governor Tom Ray said on Monday that the deal was dead. "
            "Mayor Sam Cole disagreed.\nHe said the vote would pass.")  # fmt: skip
    assert speakers_of(text, "He") != {"Senator Ann Lee and Governor Tom Ray"}


def test_asking_not_to_be_named_is_no_claim() -> None:
    text = ("The official, who asked not to be named, said the gunmen arrived on motorbikes. "
            "A second official asked not to be identified because he was not authorised "
            "to speak.")  # fmt: skip
    art = Article(article_id="t", text=text, nlp_text=text, body=text)
    found = claims.find_claims(art, nlp.parse(text))
    assert [c.cue for c in found] == ["said"]
