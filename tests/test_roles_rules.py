"""Roles rules on hand-built parses: no model is loaded, the dependency parse is given.

Each sentence is written token by token as ``word/POS/dep/head`` (head: the index of
the head token; the root is its own head), so every test fixes the parse and checks
who `warledger.actors.roles.assign` makes actor 1 (perpetrator) and actor 2 (target).
The actors are found by the real dictionary (`warledger/data/actors.json`).
"""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from warledger.actors import roles
from warledger.actors.dictionary import find_actors
from warledger.records import Analysis, Article, Claim, PlaceMention

# spaCy's own tests' `en_vocab`: lexical attributes (lower_) without a pipeline or model.
VOCAB = English().vocab
NO_SPACE_BEFORE = {".", ",", "'s"}
TALIBAN = "Taliban"
AFGHAN_ARMY = "Military Forces of Afghanistan (2014-)"
ISLAMIC_STATE = "Islamic State ({country})"
CIVILIANS = "Civilians ({country})"
POLICE = "Police Forces of {country}"
UNIDENTIFIED = "Unidentified Armed Group ({country})"


def _parse(*tokens: str) -> Doc:
    """A Doc from ``word/POS/dep/head`` tokens."""
    words, pos, deps, heads = [], [], [], []
    for token in tokens:
        word, tag, dep, head = token.rsplit("/", 3)
        words.append(word)
        pos.append(tag)
        deps.append(dep)
        heads.append(int(head))
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE
              for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads)


def _analysis(doc: Doc, title: str | None = None, claims: list[Claim] | None = None,
              places: list[PlaceMention] | None = None) -> Analysis:
    article = Article("t", doc.text, doc.text, doc.text, title=title)
    return Analysis(article=article, actors=find_actors(article), claims=claims or [],
                    places=places or [], doc=doc)


def _cast(doc: Doc, **kwargs: object) -> tuple[str | None, str | None, list[str], list[str]]:
    battle = bool(kwargs.pop("battle", False))
    air = bool(kwargs.pop("air", False))
    unnamed_air = bool(kwargs.pop("unnamed_air", False))
    cast = roles.assign(_analysis(doc, **kwargs), battle=battle, air=air,  # type: ignore[arg-type]
                        unnamed_air=unnamed_air)
    return (cast.actor1.name if cast.actor1 else None, cast.actor2.name if cast.actor2 else None,
            [m.name for m in cast.assoc1], [m.name for m in cast.assoc2])


def _fatalities(subject: str) -> Claim:
    return Claim(claim_id="c", article_id="t", kind="fatalities", speaker="", speaker_type="none",
                 anonymous=False, cue="", content="", start=0, end=0, source_start=0,
                 source_end=0, cue_start=0, cue_end=0, content_start=0, content_end=0,
                 value_low=3, value_high=3, subject=subject)


def test_the_subject_of_an_attack_verb_is_actor1_and_its_object_actor2() -> None:
    doc = _parse("Taliban/PROPN/compound/1", "fighters/NOUN/nsubj/4", "on/ADP/prep/4",
                 "Monday/PROPN/pobj/2", "attacked/VERB/ROOT/4", "Afghan/ADJ/amod/6",
                 "forces/NOUN/dobj/4", "./PUNCT/punct/4")
    assert doc.text == "Taliban fighters on Monday attacked Afghan forces."
    assert _cast(doc)[:2] == (TALIBAN, AFGHAN_ARMY)
    swapped = _parse("Afghan/ADJ/amod/1", "forces/NOUN/nsubj/4", "on/ADP/prep/4",
                     "Monday/PROPN/pobj/2", "attacked/VERB/ROOT/4", "Taliban/PROPN/compound/6",
                     "fighters/NOUN/dobj/4", "./PUNCT/punct/4")
    assert _cast(swapped)[:2] == (AFGHAN_ARMY, TALIBAN)


def test_a_name_just_before_a_verb_without_subject_is_its_actor() -> None:
    doc = _parse("Taliban/PROPN/compound/1", "fighters/NOUN/npadvmod/2", "attacked/VERB/ROOT/2",
                 "Afghan/ADJ/amod/4", "forces/NOUN/dobj/2", "./PUNCT/punct/2")
    assert doc.text == "Taliban fighters attacked Afghan forces."  # a misparse: no nsubj
    assert _cast(doc)[:2] == (TALIBAN, AFGHAN_ARMY)


def test_the_passive_agent_is_actor1_and_the_passive_subject_actor2() -> None:
    doc = _parse("Afghan/ADJ/amod/1", "forces/NOUN/nsubjpass/3", "were/AUX/auxpass/3",
                 "killed/VERB/ROOT/3", "by/ADP/agent/3", "Taliban/PROPN/compound/6",
                 "fighters/NOUN/pobj/4", "./PUNCT/punct/3")
    assert doc.text == "Afghan forces were killed by Taliban fighters."
    assert _cast(doc)[:2] == (TALIBAN, AFGHAN_ARMY)


def test_committed_by_names_the_perpetrator() -> None:
    doc = _parse("The/DET/det/1", "massacre/NOUN/nsubjpass/3", "was/AUX/auxpass/3",
                 "committed/VERB/ROOT/3", "by/ADP/agent/3", "Islamic/PROPN/compound/6",
                 "State/PROPN/compound/7", "militants/NOUN/pobj/4", "./PUNCT/punct/3")
    assert _cast(doc)[0] == ISLAMIC_STATE
    other_verb = _parse("The/DET/det/1", "statement/NOUN/nsubjpass/3", "was/AUX/auxpass/3",
                        "read/VERB/ROOT/3", "by/ADP/agent/3", "Islamic/PROPN/compound/6",
                        "State/PROPN/compound/7", "militants/NOUN/pobj/4", "./PUNCT/punct/3")
    assert _cast(other_verb)[0] == UNIDENTIFIED


def test_an_attack_by_x_names_the_perpetrator_of_the_noun() -> None:
    doc = _parse("Soldiers/NOUN/nsubj/1", "died/VERB/ROOT/1", "in/ADP/prep/1", "an/DET/det/4",
                 "attack/NOUN/pobj/2", "by/ADP/prep/4", "Taliban/PROPN/compound/7",
                 "militants/NOUN/pobj/5", "./PUNCT/punct/1")
    assert doc.text == "Soldiers died in an attack by Taliban militants."
    assert _cast(doc)[:2] == (TALIBAN, "Military Forces of {country}")


def test_the_defenders_who_repulse_an_attack_are_its_target() -> None:
    doc = _parse("Afghan/ADJ/amod/1", "forces/NOUN/nsubj/2", "repulsed/VERB/ROOT/2",
                 "a/DET/det/5", "Taliban/PROPN/compound/5", "attack/NOUN/dobj/2",
                 "./PUNCT/punct/2")
    assert doc.text == "Afghan forces repulsed a Taliban attack."
    assert _cast(doc)[:2] == (TALIBAN, AFGHAN_ARMY)


def test_launching_counts_only_with_an_attack_for_object() -> None:
    search = _parse("Afghan/ADJ/amod/1", "forces/NOUN/nsubj/2", "launched/VERB/ROOT/2",
                    "a/DET/det/5", "search/NOUN/compound/5", "operation/NOUN/dobj/2",
                    "./PUNCT/punct/2")
    assert _cast(search)[0] == UNIDENTIFIED
    strikes = _parse("Afghan/ADJ/amod/1", "forces/NOUN/nsubj/2", "launched/VERB/ROOT/2",
                     "air/NOUN/compound/4", "strikes/NOUN/dobj/2", "./PUNCT/punct/2")
    assert _cast(strikes)[0] == AFGHAN_ARMY


def test_actors_named_together_in_the_subject_are_partners_of_actor1() -> None:
    doc = _parse("Taliban/PROPN/compound/1", "fighters/NOUN/nsubj/4", "and/CCONJ/cc/1",
                 "Hezbollah/PROPN/conj/1", "attacked/VERB/ROOT/4", "Afghan/ADJ/amod/6",
                 "forces/NOUN/dobj/4", "./PUNCT/punct/4")
    assert doc.text == "Taliban fighters and Hezbollah attacked Afghan forces."
    assert _cast(doc) == (TALIBAN, AFGHAN_ARMY, ["Hezbollah"], [])


def test_civilians_killed_with_others_are_victims_not_partners_of_the_attackers() -> None:
    doc = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "killed/VERB/ROOT/2",
                 "civilians/NOUN/dobj/2", "and/CCONJ/cc/3", "policemen/NOUN/conj/3",
                 "./PUNCT/punct/2")
    assert doc.text == "Islamic State killed civilians and policemen."
    assert _cast(doc) == (ISLAMIC_STATE, CIVILIANS, [], [POLICE])


def test_civilians_are_never_actor1() -> None:
    doc = _parse("Villagers/NOUN/nsubj/1", "attacked/VERB/ROOT/1", "Islamic/PROPN/compound/3",
                 "State/PROPN/dobj/1", "./PUNCT/punct/1")
    actor1, actor2, _, _ = _cast(doc)
    assert actor1 == UNIDENTIFIED and actor2 == ISLAMIC_STATE


def test_claimed_responsibility_outweighs_the_parse() -> None:
    attack = ["Gunmen/NOUN/nsubj/1", "attacked/VERB/ROOT/1", "the/DET/det/3",
              "police/NOUN/dobj/1", "./PUNCT/punct/1"]
    assert _cast(_parse(*attack))[0] == UNIDENTIFIED
    claimed = _parse(*attack, "Islamic/PROPN/compound/6", "State/PROPN/nsubj/7",
                     "claimed/VERB/ROOT/7", "responsibility/NOUN/dobj/7", "./PUNCT/punct/7")
    assert claimed.text == "Gunmen attacked the police. Islamic State claimed responsibility."
    assert _cast(claimed)[:2] == (ISLAMIC_STATE, POLICE)


def test_a_group_saying_one_of_its_fighters_attacked_claims_the_attack() -> None:
    attack = ["Gunmen/NOUN/nsubj/1", "attacked/VERB/ROOT/1", "the/DET/det/3",
              "police/NOUN/dobj/1", "./PUNCT/punct/1"]
    said = ["Islamic/PROPN/compound/6", "State/PROPN/nsubj/7", "said/VERB/ROOT/7",
            "in/ADP/prep/7", "a/DET/det/10", "statement/NOUN/pobj/8", "that/SCONJ/mark/16",
            "one/NUM/nsubj/16", "of/ADP/prep/12", "its/PRON/poss/15", "fighters/NOUN/pobj/13",
            "had/AUX/aux/16", "fired/VERB/ccomp/7", "on/ADP/prep/16", "them/PRON/pobj/17",
            "./PUNCT/punct/7"]
    claimed = _parse(*attack, *said)
    assert claimed.text == ("Gunmen attacked the police. Islamic State said in a statement "
                            "that one of its fighters had fired on them.")
    assert _cast(claimed)[:2] == (ISLAMIC_STATE, POLICE)
    said[-4] = "wept/VERB/ccomp/7"  # no deed of its fighters: no claim
    said[-3] = "for/ADP/prep/16"
    assert _cast(_parse(*attack, *said))[0] == UNIDENTIFIED


def test_an_actor_before_an_act_in_the_headline_is_actor1() -> None:
    doc = _parse("Soldiers/NOUN/nsubj/1", "died/VERB/ROOT/1", "near/ADP/prep/1",
                 "a/DET/det/5", "Taliban/PROPN/compound/5", "base/NOUN/pobj/2",
                 "./PUNCT/punct/1")
    assert _cast(doc)[0] == UNIDENTIFIED
    assert _cast(doc, title="Taliban attack kills five soldiers")[0] == TALIBAN
    assert _cast(doc, title="Five soldiers die near Taliban base")[0] != TALIBAN


def test_the_victims_of_a_fatality_claim_are_the_target() -> None:
    doc = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "struck/VERB/ROOT/2",
                 "again/ADV/advmod/2", ",/PUNCT/punct/2", "residents/NOUN/nsubj/6",
                 "said/VERB/ccomp/2", "./PUNCT/punct/2")
    assert doc.text == "Islamic State struck again, residents said."
    assert _cast(doc)[:2] == (ISLAMIC_STATE, CIVILIANS)  # the only other actor named
    with_police = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2",
                         "struck/VERB/ROOT/2", "./PUNCT/punct/2", "Police/NOUN/nsubj/5",
                         "said/VERB/ROOT/5", "civilians/NOUN/nsubj/7", "died/VERB/ccomp/5",
                         "./PUNCT/punct/5")
    assert _cast(with_police)[1] == POLICE  # the first of two, mentioned once each
    assert _cast(with_police, claims=[_fatalities("three civilians")])[1] == CIVILIANS


def test_an_air_strike_needs_an_air_force() -> None:
    doc = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "shelled/VERB/ROOT/2",
                 "the/DET/det/4", "town/NOUN/dobj/2", "./PUNCT/punct/2")
    assert _cast(doc)[0] == ISLAMIC_STATE
    syria = PlaceMention("t", "Idlib", 0, 5, "Idlib", 1, 35.9, 36.6, "SY", "Syria", "Idlib",
                         None, "P", 1.0, "PPL")
    air = _cast(doc, air=True, places=[syria])
    assert air[0] == "Military Forces of Syria (2000-)" and air[1] == ISLAMIC_STATE
    # no air force known outside Syria: rebels are still not actor 1
    assert _cast(doc, air=True)[0] == UNIDENTIFIED


def test_lede_and_near() -> None:
    text = ("Taliban attack in Kunduz\n\nTaliban fighters attacked an army checkpoint near "
            "the town of Kunduz on Monday night. Five soldiers died.")
    start, end = roles.lede(text)
    assert text[start:end].strip() == ("Taliban fighters attacked an army checkpoint near the "
                                       "town of Kunduz on Monday night.")
    assert roles.lede("Too short to be a lede.") == (0, 0)
    assert roles.is_near(text, text.index("Kunduz on"))
    assert not roles.is_near(text, text.index("Kunduz\n"))



def test_a_time_on_a_verb_of_saying_dates_the_speaking_not_the_deed() -> None:
    doc = _parse("Medics/NOUN/nsubj/1", "said/VERB/ROOT/1", "on/ADP/prep/1",
                 "Friday/PROPN/pobj/2", "that/SCONJ/mark/7", "4/NUM/nummod/6",
                 "people/NOUN/nsubj/7", "died/VERB/ccomp/1", "on/ADP/prep/7",
                 "Thursday/PROPN/pobj/8", "./PUNCT/punct/1")
    assert roles.speaking_time(doc, doc.text.index("Friday"))
    assert not roles.speaking_time(doc, doc.text.index("Thursday"))


def test_a_time_on_the_subject_of_a_saying_is_not_the_saying() -> None:
    # a parse that hangs "over Monday night" on the subject noun of "said"
    doc = _parse("Jets/NOUN/nsubj/5", "over/ADP/prep/0", "Monday/PROPN/compound/3",
                 "night/NOUN/pobj/1", "officials/NOUN/nsubj/5", "said/VERB/ROOT/5")
    assert not roles.speaking_time(doc, doc.text.index("over"))


ISRAEL = "Military Forces of Israel"


def test_an_actor_told_more_as_the_dead_than_as_the_doer_is_not_actor1() -> None:
    doc = _parse("A/DET/det/1", "bomb/NOUN/nsubj/2", "struck/VERB/ROOT/2", "a/DET/det/5",
                 "police/NOUN/compound/5", "post/NOUN/dobj/2", ",/PUNCT/punct/2",
                 "killing/VERB/advcl/2", "three/NUM/nummod/9", "policemen/NOUN/dobj/7",
                 "./PUNCT/punct/2")
    assert doc.text == "A bomb struck a police post, killing three policemen."
    title = "Police post bombing kills three"  # 'Police' before an act: a vote as its author
    assert _cast(doc, title=title, claims=[_fatalities("policemen")])[:2] == (UNIDENTIFIED,
                                                                               POLICE)
    # in a battle both sides lose men: the same votes leave the police actor 1
    assert _cast(doc, title=title, claims=[_fatalities("policemen")], battle=True)[0] == POLICE


def test_a_name_after_on_in_the_headline_is_the_target_and_a_people_on_an_attack_the_doer(
) -> None:
    doc = _parse("The/DET/det/2", "Israeli/ADJ/amod/2", "attack/NOUN/nsubj/7", "on/ADP/prep/2",
                 "the/DET/det/6", "army/NOUN/compound/6", "camp/NOUN/pobj/3", "came/VERB/ROOT/7",
                 "at/ADP/prep/7", "dawn/NOUN/pobj/8", "./PUNCT/punct/7")
    assert doc.text == "The Israeli attack on the army camp came at dawn."
    title = "Israeli attack on army camp kills three"
    assert _cast(doc, title=title)[:2] == (ISRAEL, "Military Forces of {country}")
    # named before the act, not after 'on', the army would be the author
    assert _cast(doc, title="Army camp attack kills three")[0] == "Military Forces of {country}"


def test_the_headline_votes_for_the_name_before_the_act_not_the_one_after_on() -> None:
    doc = _parse("Israeli/ADJ/amod/1", "jets/NOUN/nsubj/2", "struck/VERB/ROOT/2",
                 "the/DET/det/4", "army/NOUN/dobj/2", "./PUNCT/punct/2")
    mentions = _analysis(doc).actors
    perp: roles.Votes = roles.Counter()
    roles._headline_votes("Israeli attack on army camp kills three", mentions, perp)
    assert perp == {ISRAEL: roles.HEADLINE_WEIGHT}
    roles._headline_votes("Army camp attack kills three", mentions, perp)
    assert perp["Military Forces of {country}"] == roles.HEADLINE_WEIGHT
    roles._headline_votes("Three killed in Israeli attack on army camp", mentions, perp)
    assert perp[ISRAEL] == 2 * roles.HEADLINE_WEIGHT  # after 'in': the author, not a target


def test_people_killed_by_a_strike_are_civilians_unless_a_figure_counts_fighters() -> None:
    from warledger.events import build

    def dead(*subjects: str | None) -> bool:
        claims = [_fatalities(s) if s else _fatalities("") for s in subjects]
        for claim in claims:
            claim.subject = claim.subject or None
        return build._people_dead(_analysis(_parse("Four/NUM/ROOT/0"), claims=claims))

    assert dead("people") and dead(None) and dead("civilians", "children")
    assert not dead("soldiers") and not dead("people", "militants") and not dead()


def test_the_dead_of_both_sides_listed_together_are_not_partners() -> None:
    doc = _parse("Taliban/PROPN/nsubj/1", "attacked/VERB/ROOT/1", "a/DET/det/3",
                 "checkpoint/NOUN/dobj/1", "./PUNCT/punct/1", "Taliban/PROPN/compound/6",
                 "militants/NOUN/nsubjpass/10", "and/CCONJ/cc/6", "policemen/NOUN/conj/6",
                 "were/AUX/auxpass/10", "killed/VERB/ROOT/10", "./PUNCT/punct/10")
    assert doc.text == "Taliban attacked a checkpoint. Taliban militants and policemen were killed."
    assert _cast(doc, battle=True)[:2] == (TALIBAN, POLICE)


def test_generic_militants_beside_a_named_group_are_its_own_men_not_the_target() -> None:
    doc = _parse("Taliban/PROPN/nsubj/1", "attacked/VERB/ROOT/1", "police/NOUN/dobj/1",
                 "./PUNCT/punct/1", "Two/NUM/nummod/5", "militants/NOUN/nsubjpass/7",
                 "were/AUX/auxpass/7", "killed/VERB/ROOT/7", "./PUNCT/punct/7")
    assert doc.text == "Taliban attacked police. Two militants were killed."
    assert _cast(doc, claims=[_fatalities("militants")])[:2] == (TALIBAN, POLICE)


def test_a_name_before_a_past_participle_is_the_victim_in_a_headline_and_a_bare_clause() -> None:
    doc = _parse("Police/NOUN/npadvmod/1", "killed/VERB/ROOT/1", "in/ADP/prep/1",
                 "blast/NOUN/pobj/2")
    assert doc.text == "Police killed in blast"
    assert _cast(doc)[:2] == (UNIDENTIFIED, POLICE)  # no object: no deed of the police
    mentions = _analysis(doc).actors
    perp: roles.Votes = roles.Counter()
    roles._headline_votes("Five Police Officers Killed in Damascus Blast", mentions, perp)
    assert perp == {}
    roles._headline_votes("Police kill five gunmen in Damascus", mentions, perp)
    assert perp == {POLICE: roles.HEADLINE_WEIGHT}


def test_eliminated_militants_were_killed_by_the_subject() -> None:
    doc = _parse("The/DET/det/1", "army/NOUN/nsubj/2", "eliminated/VERB/ROOT/2",
                 "75/NUM/nummod/4", "militants/NOUN/dobj/2", "./PUNCT/punct/2")
    assert doc.text == "The army eliminated 75 militants."
    assert _cast(doc)[:2] == ("Military Forces of {country}", UNIDENTIFIED)


def test_whom_a_report_accuses_of_an_attack_is_its_author_and_the_accuser_its_source() -> None:
    doc = _parse("Activists/NOUN/nsubj/1", "accused/VERB/ROOT/1", "the/DET/det/3",
                 "army/NOUN/dobj/1", "of/ADP/prep/3", "shelling/VERB/pcomp/4", "the/DET/det/7",
                 "town/NOUN/dobj/5", "./PUNCT/punct/1")
    assert doc.text == "Activists accused the army of shelling the town."
    assert _cast(doc)[0] == "Military Forces of {country}"
    blamed = _parse("Activists/NOUN/nsubj/1", "blamed/VERB/ROOT/1", "Taliban/PROPN/compound/3",
                    "fighters/NOUN/dobj/1", "for/ADP/prep/1", "the/DET/det/6",
                    "attack/NOUN/pobj/4", "./PUNCT/punct/1")
    assert doc.text and _cast(blamed)[0] == TALIBAN
    on = _parse("The/DET/det/1", "attack/NOUN/nsubj/6", "was/AUX/auxpass/3",
                "blamed/VERB/acl/1", "on/ADP/prep/3", "Taliban/PROPN/pobj/4", "killed/VERB/ROOT/6",
                "three/NUM/nummod/8", "people/NOUN/dobj/6", "./PUNCT/punct/6")
    assert _cast(on)[0] == TALIBAN
    praised = _parse("Activists/NOUN/nsubj/1", "praised/VERB/ROOT/1", "Taliban/PROPN/compound/3",
                     "fighters/NOUN/dobj/1", "for/ADP/prep/1", "the/DET/det/6",
                     "truce/NOUN/pobj/4", "./PUNCT/punct/1")
    assert _cast(praised)[0] == UNIDENTIFIED  # no accusation, no attack: nobody's deed


def test_using_weapons_against_troops_is_an_attack_on_them() -> None:
    doc = _parse("Media/NOUN/nsubj/1", "accused/VERB/ROOT/1", "rebels/NOUN/dobj/1",
                 "of/ADP/prep/2", "using/VERB/pcomp/3", "chemical/ADJ/amod/6",
                 "weapons/NOUN/dobj/4", "against/ADP/prep/4", "Afghan/ADJ/amod/9",
                 "forces/NOUN/pobj/7", "./PUNCT/punct/1")
    assert doc.text == "Media accused rebels of using chemical weapons against Afghan forces."
    assert _cast(doc)[:2] == ("Opposition Rebels (Syria)", AFGHAN_ARMY)
    # gas mostly falls from aircraft, but rebels named as its users are its author
    assert _cast(doc, unnamed_air=True)[0] == "Opposition Rebels (Syria)"
    words = _parse("Taliban/PROPN/nsubj/1", "used/VERB/ROOT/1", "social/ADJ/amod/3",
                   "media/NOUN/dobj/1", "against/ADP/prep/1", "Afghan/ADJ/amod/6",
                   "forces/NOUN/pobj/4", "./PUNCT/punct/1")
    assert _cast(words)[0] == UNIDENTIFIED  # 'use' is an attack only with a weapon


def test_a_deed_told_as_before_the_event_does_not_cast_its_sides() -> None:
    doc = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "executed/VERB/ROOT/2",
                 "eight/NUM/nummod/4", "men/NOUN/dobj/2", "because/SCONJ/mark/7",
                 "they/PRON/nsubj/7", "belonged/VERB/advcl/2", "to/ADP/prep/7",
                 "groups/NOUN/pobj/8", "that/PRON/nsubj/12", "had/AUX/aux/12",
                 "fought/VERB/relcl/9", "against/ADP/prep/12", "Taliban/PROPN/pobj/13",
                 "./PUNCT/punct/2")
    assert doc.text == ("Islamic State executed eight men because they belonged to groups "
                        "that had fought against Taliban.")
    assert _cast(doc)[0] == ISLAMIC_STATE
    _, target, _, _ = roles._votes(doc, _analysis(doc).actors)
    assert TALIBAN not in target  # the men's groups fought it once: no target of this deed
    after = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "shelled/VERB/ROOT/2",
                   "the/DET/det/4", "town/NOUN/dobj/2", "after/SCONJ/mark/8",
                   "Taliban/PROPN/compound/7", "fighters/NOUN/nsubj/8", "attacked/VERB/advcl/2",
                   "it/PRON/dobj/8", "./PUNCT/punct/2")
    assert _cast(after)[0] == ISLAMIC_STATE
    told = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "shelled/VERB/ROOT/2",
                  "the/DET/det/4", "town/NOUN/dobj/2", "while/SCONJ/mark/8",
                  "Taliban/PROPN/compound/7", "fighters/NOUN/nsubj/8", "attacked/VERB/advcl/2",
                  "it/PRON/dobj/8", "./PUNCT/punct/2")
    assert _cast(told)[0] in (ISLAMIC_STATE, TALIBAN) and _cast(told)[1] is not None


def test_a_side_told_as_fighting_another_is_who_its_men_are_not_the_deed() -> None:
    doc = _parse("Islamic/PROPN/compound/1", "State/PROPN/nsubj/2", "executed/VERB/ROOT/2",
                 "eight/NUM/nummod/4", "men/NOUN/dobj/2", ",/PUNCT/punct/4",
                 "Taliban/PROPN/appos/4", "fighting/VERB/acl/6", "the/DET/det/10",
                 "Afghan/ADJ/amod/10", "army/NOUN/dobj/7", "./PUNCT/punct/2")
    assert doc.text == "Islamic State executed eight men, Taliban fighting the Afghan army."
    perp, target, _, _ = roles._votes(doc, _analysis(doc).actors)
    assert TALIBAN not in perp  # the men are its victims, whoever they fought
    assert _cast(doc)[0] == ISLAMIC_STATE


def _is_then(side: str) -> Doc:
    """'Islamic State fighters shelled a school while <side> groups shelled the town and
    <side> groups fired rockets.'"""
    return _parse("Islamic/PROPN/compound/1", "State/PROPN/compound/2", "fighters/NOUN/nsubj/3",
                  "shelled/VERB/ROOT/3", "a/DET/det/5", "school/NOUN/dobj/3",
                  "while/SCONJ/mark/9", f"{side}/ADJ/amod/8", "groups/NOUN/nsubj/9",
                  "shelled/VERB/advcl/3", "the/DET/det/11", "town/NOUN/dobj/9",
                  "and/CCONJ/cc/9", f"{side}/ADJ/amod/14", "groups/NOUN/nsubj/15",
                  "fired/VERB/conj/9", "rockets/NOUN/dobj/15", "./PUNCT/punct/3")


def test_a_side_called_generically_after_the_one_named_group_at_work_is_that_group() -> None:
    doc = _is_then("terrorist")
    assert doc.text == ("Islamic State fighters shelled a school while terrorist groups "
                        "shelled the town and terrorist groups fired rockets.")
    assert _cast(doc)[0] == ISLAMIC_STATE
    assert _cast(_is_then("rebel"))[0] == "Opposition Rebels (Syria)"  # named, not generic
    before = _parse("Terrorist/ADJ/amod/1", "groups/NOUN/nsubj/2", "shelled/VERB/ROOT/2",
                    "the/DET/det/4", "town/NOUN/dobj/2", "and/CCONJ/cc/2",
                    "terrorist/ADJ/amod/7", "groups/NOUN/nsubj/8", "fired/VERB/conj/2",
                    "rockets/NOUN/dobj/8", ",/PUNCT/punct/8", "while/SCONJ/mark/15",
                    "Islamic/PROPN/compound/13", "State/PROPN/compound/14",
                    "fighters/NOUN/nsubj/15", "shelled/VERB/advcl/8", "a/DET/det/17",
                    "school/NOUN/dobj/15", "./PUNCT/punct/2")
    assert _cast(before)[0] == "Opposition Rebels (Syria)"  # named only later: not meant
