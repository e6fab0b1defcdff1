"""Claims: attribution patterns, speakers, pronouns, offsets, figures; the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warledger.claims import find as claims
from warledger.claims import speakers
from warledger.records import Article, Claim

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "seed" / "seed-article.txt"


def article(text: str, nlp_text: str | None = None, **meta: str) -> Article:
    return Article(article_id="t", text=text, nlp_text=nlp_text or text, body=text, **meta)


def run(text: str, **meta: str) -> list[Claim]:
    from warledger.text import nlp

    art = article(text, **meta)
    return claims.find_claims(art, nlp.parse(art.nlp_text))


def by_cue(found: list[Claim], cue: str) -> Claim:
    matches = [c for c in found if c.cue == cue]
    assert matches, [(c.speaker, c.cue) for c in found]
    return matches[0]


def assert_offsets(text: str, found: list[Claim], art: Article | None = None) -> None:
    for c in found:
        assert text[c.cue_start : c.cue_end] == c.cue
        assert text[c.content_start : c.content_end] == c.content
        assert c.start <= min(c.source_start, c.cue_start, c.content_start)
        assert c.end >= max(c.source_end, c.cue_end, c.content_end)
        if c.quantity_text is not None:
            assert text[c.quantity_start : c.quantity_end] == c.quantity_text  # type: ignore[misc]
        source = text[c.source_start : c.source_end]
        if art is not None:  # markdown blanked inside a source: the speaker is the words read
            source = claims.visible(art, (c.source_start, c.source_end))
        if c.cue and source and source != c.speaker:  # resolved sources (or none: the outlet)
            resolvable = {"he", "she", "it", "they", "we", "i", "which", "who", "that"}
            assert source.lower() in resolvable or source.lower().startswith("the "), c


# --- model-free -----------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "anonymous", "kind"),
    [
        ("the Syrian Observatory for Human Rights", False, "monitor"),
        ("Syrian state television", False, "state_media"),
        ("SANA", False, "state_media"),
        ("the US Central Command", False, "military"),
        ("the Combined Joint Task Force", False, "military"),
        ("a US military official", True, "anonymous_official"),
        ("witnesses", False, "witness"),
        ("the Taliban", False, "armed_group"),
        ("the foreign ministry", False, "government"),
        ("Reuters", False, "media"),
        ("a farmer", False, "other"),
    ],
)
def test_speaker_type_table(phrase: str, anonymous: bool, kind: str) -> None:
    assert speakers.speaker_type(phrase, anonymous) == kind


def test_quoted_ranges_pair_within_a_paragraph() -> None:
    text = 'He said "yes" and then\n\u201cit goes on'
    assert speakers.quoted_ranges(text) == [(8, 13), (23, len(text))]


def test_cue_verbs_cover_inflections() -> None:
    for form in ("said", "says", "told", "confirmed", "estimated", "claiming", "described"):
        assert form in claims.CUE_VERBS


# --- with the model ---------------------------------------------------------


@pytest.mark.model
def test_trailing_attribution_with_anonymous_official() -> None:
    text = ("At least 12 civilians were killed in the air strike, a US official said "
            "on condition of anonymity.")  # fmt: skip
    found = run(text)
    c = by_cue(found, "said")
    assert (c.speaker, c.speaker_type, c.anonymous) == ("a US official", "anonymous_official", True)
    assert (c.kind, c.value_low, c.value_high, c.qualifier) == ("fatalities", 12, None, "at_least")
    assert c.subject == "civilians" and c.quantity_text == "At least 12"
    assert c.content.startswith("At least 12 civilians")
    assert_offsets(text, found)


@pytest.mark.model
def test_leading_attribution_with_that_clause() -> None:
    text = "The defence ministry said that rebels shelled the town on Monday."
    c = by_cue(run(text), "said")
    assert (c.speaker, c.speaker_type, c.kind) == ("The defence ministry", "military", "attack")
    assert "rebels shelled the town" in c.content


@pytest.mark.model
def test_split_quote_said_x() -> None:
    text = '"Two children died in the blast," said Ahmed Hassan, a local doctor.'
    found = run(text)
    c = by_cue(found, "said")
    assert c.speaker.startswith("Ahmed Hassan")
    assert (c.kind, c.value_low) == ("fatalities", 2)
    assert_offsets(text, found)


@pytest.mark.model
def test_according_to() -> None:
    text = "According to the Syrian Observatory for Human Rights, 20 fighters died in the clashes."
    c = by_cue(run(text), "According to")
    assert (c.speaker, c.speaker_type) == ("the Syrian Observatory for Human Rights", "monitor")
    assert (c.kind, c.value_low, c.subject) == ("fatalities", 20, "fighters")


@pytest.mark.model
def test_characterization_and_statement_agent() -> None:
    text = "Statements carried by state television called the raid a new aggression."
    c = by_cue(run(text), "called")
    assert (c.speaker, c.speaker_type, c.kind) == ("state television", "state_media",
                                                   "characterization")  # fmt: skip


@pytest.mark.model
def test_sources_said_is_anonymous() -> None:
    text = "Sources said the convoy was ambushed near the border."
    c = by_cue(run(text), "said")
    assert c.anonymous and c.speaker_type == "anonymous_official"


@pytest.mark.model
def test_pronoun_resolved_to_previous_named_speaker() -> None:
    text = ('"The town was shelled overnight," Rami Abdel Rahman, the head of the monitor, said.'
            '\n\n"Three people died in the shelling," he said.')  # fmt: skip
    found = run(text)
    he = [c for c in found if text[c.source_start : c.source_end] == "he"]
    assert he, found
    assert he[0].speaker == "Rami Abdel Rahman"
    assert he[0].speaker_type == "monitor" and he[0].value_low == 3
    assert_offsets(text, found)


@pytest.mark.model
def test_definite_description_resolved_to_earlier_official() -> None:
    text = ("Five soldiers were wounded, a US military official said on condition of anonymity.\n\n"
            "The attackers fled east, the official said.")  # fmt: skip
    found = run(text)
    later = [c for c in found if text[c.source_start : c.source_end] == "the official"]
    assert later and later[0].speaker == "a US military official" and later[0].anonymous
    first = by_cue(found, "said")
    assert (first.kind, first.value_low) == ("injuries", 5)


@pytest.mark.model
def test_a_description_of_another_kind_of_speaker_is_not_the_earlier_one() -> None:
    text = ("The hard-line militant group said it killed 50 fighters on the bus.\n\n"
            "The monitoring group said the attack killed 50 fighters.")
    found = run(text)
    later = [c for c in found if text[c.source_start : c.source_end] == "The monitoring group"]
    assert later and later[0].speaker == "The monitoring group"
    assert later[0].speaker_type == "monitor"


@pytest.mark.model
def test_fatality_and_injury_figures_in_one_content() -> None:
    text = ("More than 100 fighters were killed while one SDF member was wounded, "
            "a US military official said.")  # fmt: skip
    found = [c for c in run(text) if c.cue == "said"]
    assert [(c.kind, c.value_low) for c in found] == [("fatalities", 101), ("injuries", 1)]
    assert found[0].cue_start == found[1].cue_start
    assert found[0].quantity_start != found[1].quantity_start


@pytest.mark.model
def test_unsourced_figure_is_kept_as_media_claim() -> None:
    text = "Four civilians were killed in the strike on Tuesday."
    (c,) = run(text, publisher="Example News")
    assert (c.speaker, c.speaker_type, c.cue, c.value_low) == ("Example News", "media", "", 4)
    assert c.source_start == c.source_end == c.cue_start == c.cue_end == c.content_start


@pytest.mark.model
def test_quoted_nested_cue_is_not_a_separate_claim() -> None:
    text = '"We think 30 fighters died," the commander told reporters.'
    found = run(text)
    assert [c.cue for c in found] == ["told"]
    assert found[0].value_low == 30


@pytest.mark.model
def test_no_claims_without_attribution_or_figure() -> None:
    assert run("The river runs south of the provincial capital.") == []


# --- the seed ---------------------------------------------------------------


def seed_article() -> Article:
    text = SEED.read_text(encoding="utf-8")
    view = text.replace("**", "  ")
    view = re.sub(r"\]\(#\)", lambda m: " " * len(m.group(0)), view).replace("[", " ")
    view = view.replace("monitoring\n\ngroup", "monitoring  group")
    return Article(article_id="seed", text=text, nlp_text=view, body=text,
                   publisher="Global Research", original_publisher="Middle East Eye")  # fmt: skip


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed_claims() -> None:
    from warledger.text import nlp

    art = seed_article()
    found = claims.find_claims(art, nlp.parse(art.nlp_text))
    assert_offsets(art.text, found, art)

    def find(speaker: str, kind: str) -> Claim:
        hits = [c for c in found if c.speaker.startswith(speaker) and c.kind == kind]
        assert hits, [(c.speaker, c.kind) for c in found]
        return hits[0]

    big = find("a US military official", "fatalities")
    assert (big.value_low, big.value_high, big.qualifier) == (101, None, "more_than")
    assert (big.subject, big.speaker_type, big.anonymous, big.cue) == (
        "Syrian pro-government forces",
        "anonymous_official",
        True,
        "said",
    )
    hurt = find("a US military official", "injuries")
    assert (hurt.value_low, hurt.value_high, hurt.qualifier) == (1, 1, "exact")
    sohr = find("the Syrian Observatory for Human Rights", "fatalities")
    assert (sohr.value_low, sohr.qualifier, sohr.speaker_type) == (20, "exact", "monitor")
    first = find("a US official", "fatalities")
    assert (first.value_low, first.qualifier, first.speaker_type) == (
        100,
        "at_least",
        "anonymous_official",
    )
    tv = find("Syrian television stations", "characterization")
    assert tv.speaker_type == "state_media" and "new aggression" in tv.content
    assert find("the Combined Joint Task Force", "attack").speaker_type == "military"
    assert find("The US Central Command", "attack").speaker_type == "military"
    rami = [c for c in found if c.speaker.startswith("Rami Abdel Rahman")]
    assert "Rami Abdel Rahman, the head of the Britain-based monitoring group" in {
        c.speaker for c in rami
    }  # no markdown, no line break
    assert {c.speaker_type for c in rami} == {"monitor"}
    assert any(art.text[c.source_start : c.source_end] == "he" for c in rami)
    assert not any(c.value_low in (20, 30) and c.qualifier == "range" for c in found)


@pytest.mark.model
def test_stance_verb_with_object_and_prepositional_content() -> None:
    text = "The mayor called for a ceasefire. Local clerics railed against the blockade."
    found = run(text)
    assert by_cue(found, "called").content == "a ceasefire"
    assert by_cue(found, "railed").content == "the blockade"
    assert_offsets(text, found)


@pytest.mark.model
def test_subject_inherited_through_preposition_and_xcomp() -> None:
    text = "The governor went on to say that the convoy was safe."
    c = by_cue(run(text), "say")
    assert c.speaker == "The governor" and "the convoy was safe" in c.content


@pytest.mark.model
def test_passive_cue_without_agent_is_the_outlet() -> None:
    text = "The envoy is expected to visit the camp on Monday."
    c = by_cue(run(text, publisher="Example News"), "expected")
    assert (c.speaker, c.speaker_type, c.source_start, c.source_end) == (
        "Example News",
        "media",
        c.cue_start,
        c.cue_start,
    )
    assert "visit the camp" in c.content


@pytest.mark.model
def test_colon_attribution_in_a_transcript_line() -> None:
    text = "Ahmed Hassan: The shelling went on all night.\n\nEditor's note: this is a note."
    found = run(text)
    colon = [c for c in found if c.cue == ":"]
    assert [(c.speaker, c.content) for c in colon] == [
        ("Ahmed Hassan", "The shelling went on all night.")
    ]


def test_doubled_apostrophes_are_quotes() -> None:
    text = "He said ''we will win'' and left."
    assert speakers.quoted_ranges(text) == [(8, 23)]


@pytest.mark.model
def test_seem_is_the_outlets_attribution_unless_it_governs_a_speech_verb() -> None:
    text = "The governor seemed rattled by the attacks. The envoy appeared to suggest a truce."
    found = run(text, publisher="Example News")
    seemed = by_cue(found, "seemed")
    assert (seemed.speaker, seemed.source_start, seemed.source_end) == (
        "Example News",
        seemed.cue_start,
        seemed.cue_start,
    )
    assert seemed.content.startswith("The governor") and "rattled" in seemed.content
    assert "appeared" not in [c.cue for c in found]
    assert by_cue(found, "suggest").speaker == "The envoy"
    assert_offsets(text, found)


@pytest.mark.model
def test_a_named_poll_is_a_source_but_not_the_polls() -> None:
    text = (
        "In a CBS News poll released Monday, most voters backed the plan.\n\n"
        "The mayor has a wide lead in the polls."
    )
    ins = [c for c in run(text) if c.cue == "In" or c.cue == "in"]
    assert [(c.cue, c.speaker) for c in ins] == [("In", "a CBS News poll")]
    assert "most voters backed the plan" in ins[0].content


@pytest.mark.model
def test_doubled_apostrophe_quote_before_the_cue() -> None:
    text = "''Is the governor running?'' asked Mr. Baxter.\n\n''We will fight on,'' it added."
    found = run(text)
    asked = by_cue(found, "asked")
    assert asked.speaker == "Mr. Baxter" and "governor running" in asked.content
    assert "fight on" in by_cue(found, "added").content
    assert_offsets(text, found)


@pytest.mark.model
def test_cue_set_off_inside_the_sentence_it_attributes() -> None:
    text = ("Time, Mr. Lowell added, was on their side.\n\n"
            "As the Daily Ledger reported, the senator skipped the vote.")  # fmt: skip
    found = run(text)
    added = by_cue(found, "added")
    assert added.speaker == "Mr. Lowell" and "was on their side" in added.content
    reported = by_cue(found, "reported")
    assert reported.speaker == "the Daily Ledger" and "skipped the vote" in reported.content
    assert_offsets(text, found)


@pytest.mark.model
def test_asked_with_an_object_and_an_infinitive_or_a_question() -> None:
    text = "Smith asked the network to donate the money.\n\nJones asked voters a simple question."
    found = run(text)
    assert "donate the money" in by_cue(found, "asked").content
    assert any(c.cue == "asked" and "simple question" in c.content for c in found)


@pytest.mark.model
def test_quote_signed_with_a_dash() -> None:
    text = '"We stand with the families.\u201d \u2015 Sonya Herbert'
    c = by_cue(run(text), "\u2015")
    assert c.speaker == "Sonya Herbert" and "stand with the families" in c.content


@pytest.mark.model
def test_transcript_label_after_a_quote_mark() -> None:
    from warledger.claims import patterns
    from warledger.text import nlp

    text = "\"WALLACE: Let's start with the economy tonight."
    (attr,) = patterns.find_attributions(nlp.parse(text))
    assert (attr.speaker, text[slice(*attr.cue)]) == ("WALLACE", ":")
    assert text[slice(*attr.content)].startswith("Let's start")


@pytest.mark.model
def test_a_poll_shows_an_object_but_a_person_does_not() -> None:
    from warledger.claims import patterns
    from warledger.text import nlp

    text = "Polls show a close contest in the state.\n\nThe mayor showed no remorse."
    found = patterns.find_attributions(nlp.parse(text))
    assert [text[slice(*a.cue)] for a in found] == ["show"]
    assert "close contest" in text[slice(*found[0].content)]


@pytest.mark.model
def test_coordinated_cues_split_the_content() -> None:
    text = "The mayor denied the report, saying the convoy had left before dawn."
    found = run(text)
    saying = by_cue(found, "saying")
    assert saying.speaker == "The mayor" and "convoy had left" in saying.content
    assert "convoy" not in by_cue(found, "denied").content


def _found(text: str) -> list[tuple[str, str, str]]:
    """(source, cue, content) texts of the patterns' attributions."""
    from warledger.claims import patterns
    from warledger.text import nlp

    return [(text[slice(*a.source)], text[slice(*a.cue)], text[slice(*a.content)])
            for a in patterns.find_attributions(nlp.parse(text))]  # fmt: skip


@pytest.mark.model
def test_speak_takes_content_only_after_about_and_thank_after_for() -> None:
    found = _found("Speaking at a school in Leeds, the minister said the budget was fair.")
    assert [cue for _, cue, _ in found] == ["said"]
    found = _found("The mayor thanked the volunteers for cleaning the river banks.")
    assert ("The mayor", "thanked", "cleaning the river banks") in found
    found = _found("The council voted against the new parking rules.")
    assert any(cue == "voted" and "parking rules" in content for _, cue, content in found)


@pytest.mark.model
def test_asked_participle_is_a_cue_of_its_own() -> None:
    found = _found("Asked if the plant would close, the director said, \u201cNot this year.\u201d")
    asked = [f for f in found if f[1] == "Asked"]
    said = [f for f in found if f[1] == "said"]
    assert asked and "plant would close" in asked[0][2]
    assert said and "plant" not in said[0][2] and "Not this year" in said[0][2]


@pytest.mark.model
def test_content_stops_before_when_asked() -> None:
    text = "The coach said, \u201cWe will see,\u201d when asked whether he would stay on."
    found = _found(text)
    said = [f for f in found if f[1] == "said"]
    assert said and "stay on" not in said[0][2]
    assert any(cue == "asked" and "stay on" in content for _, cue, content in found)


@pytest.mark.model
def test_calling_for_with_an_infinitive_clause() -> None:
    found = _found("The senator is calling for the agency to release the records.")
    assert any(cue == "calling" and "release the records" in content for _, cue, content in found)


@pytest.mark.model
def test_cue_ending_its_line_with_a_colon_takes_the_next_paragraph() -> None:
    found = _found('The governor said:\n\n"We will rebuild every bridge in the county."\n')
    assert ("The governor", "said", '"We will rebuild every bridge in the county."') in found


@pytest.mark.model
def test_title_case_headline_verb() -> None:
    found = _found("Senator Maria Lopez Praises Farmers Over Flood Response\n\nThe rest.")
    assert any(cue == "Praises" and "Maria Lopez" in source and "Farmers" in content
               for source, cue, content in found)  # fmt: skip


@pytest.mark.model
def test_made_it_clear() -> None:
    found = _found("The mayor made it clear that the library would stay open.")
    assert ("The mayor", "made it clear", "that the library would stay open") in found


@pytest.mark.model
def test_nested_cue_does_not_take_its_governor_as_content() -> None:
    found = _found("Ms. Ortiz says she does not believe in it.")
    assert [cue for _, cue, _ in found] == ["says"]


@pytest.mark.model
def test_passive_cue_with_an_agent_takes_any_cue_verb() -> None:
    text = "The ceasefire plan was backed by the regional council on Friday."
    c = by_cue(run(text), "backed")
    assert "regional council" in c.speaker
    assert "ceasefire plan" in c.content


@pytest.mark.model
def test_possessive_noun_cue_takes_the_possessor_as_source() -> None:
    text = "Observers noted the minister's call for an immediate halt to the shelling."
    c = by_cue(run(text), "call")
    assert "minister" in c.speaker
    assert c.content.startswith("for an immediate halt")


@pytest.mark.model
def test_possessive_noun_without_complement_is_no_cue() -> None:
    from warledger.claims import patterns
    from warledger.text import nlp

    text = "The governor's support was welcome news in the province."
    assert not patterns.find_attributions(nlp.parse(text))


@pytest.mark.model
def test_gerund_after_for_is_no_cue() -> None:
    from warledger.claims import patterns
    from warledger.text import nlp

    text = "The mayor criticized the council for supporting the new curfew last week."
    cues = [text[slice(*a.cue)] for a in patterns.find_attributions(nlp.parse(text))]
    assert cues == ["criticized"]


@pytest.mark.model
def test_want_with_an_object_is_a_cue() -> None:
    text = "Most residents of the valley want a new bridge across the river."
    c = by_cue(run(text), "want")
    assert "residents" in c.speaker and "new bridge" in c.content


@pytest.mark.model
def test_dash_glued_to_the_closing_mark_and_a_quotation_missing_its_opening_mark() -> None:
    text = (
        "\u201cWe stand with the families of the town.\u201d\u2015 Rosa Mendel\n"
        "\u201dThe council has failed every one of us this year.\u201d \u2015 Tomas Brill"
    )
    found = [c for c in run(text) if c.cue == "\u2015"]
    assert [c.speaker for c in found] == ["Rosa Mendel", "Tomas Brill"]
    assert "stand with the families" in found[0].content
    assert found[1].content.startswith("\u201dThe council has failed")
    assert_offsets(text, found)


@pytest.mark.model
def test_a_verb_after_a_quoted_phrase_inside_a_clause_is_no_cue() -> None:
    text = (
        '"We see no link to the fire," the mayor said, adding that it would take '
        '"more hours\u201d before details emerge.'
    )
    found = run(text)
    assert {c.cue for c in found} >= {"said", "adding"}
    assert not [c for c in found if c.cue == "emerge"]


@pytest.mark.model
def test_according_to_before_an_appositive_clause() -> None:
    text = "According to the radio host Sam Jessup, the move reeks of fear and panic."
    c = by_cue(run(text), "According to")
    assert c.speaker == "the radio host Sam Jessup"
    assert c.content == "the move reeks of fear and panic."


@pytest.mark.model
def test_interview_turns_q_and_a_are_no_speakers() -> None:
    text = "Q: Will you run again next year?\n\nA: No, I will not run again, ever."
    assert not [c for c in run(text) if c.cue == ":"]


@pytest.mark.model
def test_cue_verb_tagged_as_a_noun_after_its_subject() -> None:
    from warledger.claims import patterns
    from warledger.text import nlp

    text = "Leaked documents from his 1995 tax return show he took a massive loss."
    doc = nlp.parse(text)
    assert next(t.tag_ for t in doc if t.text == "show") == "NN"  # the tagger's mistake
    found = [a for a in patterns.find_attributions(doc) if text[slice(*a.cue)] == "show"]
    assert text[slice(*found[0].content)] == "he took a massive loss"
    text = "But Trump claims that he should be the exception."
    doc = nlp.parse(text)
    assert next(t.tag_ for t in doc if t.text == "claims") == "NNS"
    (attr,) = patterns.find_attributions(doc)
    assert (attr.speaker, text[slice(*attr.cue)]) == ("Trump", "claims")
    assert text[slice(*attr.content)] == "that he should be the exception"


@pytest.mark.model
def test_things_and_nobody_give_no_figure() -> None:
    text = ("No group has claimed responsibility for the bombing, which killed five people. "
            "The attack claimed the lives of two civilians, a police spokesman said.")
    found = run(text)
    assert not [c for c in found if c.speaker.lower().startswith("no ")]
    figures = {c.value_low: c.speaker for c in found if c.kind == "fatalities"}
    assert figures == {5: "the report", 2: "a police spokesman"}
    assert_offsets(text, found)
    fighting = run("The heavy fighting claimed the lives of 245 fighters.")
    assert [c.speaker for c in fighting if c.kind == "fatalities"] == ["the report"]
