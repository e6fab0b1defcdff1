"""Event typing: ACLED event type and sub-event type by weighted keyword rules.

Each sub-event type has cue patterns; a hit in the headline or the first
sentences (the lede) counts double. The highest score wins; ties go to the
earlier rule in `RULES` (more specific first). No hit: no violent event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEDE_CHARS = 600


@dataclass(frozen=True)
class Rule:
    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str]
    weight: float = 1.0


def _rule(event_type: str, sub: str, words: str, weight: float = 1.0) -> Rule:
    return Rule(event_type, sub, re.compile(rf"\b(?:{words})", re.I), weight)


EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"

EXECUTION_WORDS = (r"execut(?:ed|ions?|ing)|beheade?d?|behead(?:ing|s)|summar(?:y|ily) kill\w*"
                   r"|shot in the head|firing squad|crucifi\w*")
EXECUTION = re.compile(rf"\b(?:{EXECUTION_WORDS})", re.I)

EXECUTION_RULE = _rule(VAC, "Attack", EXECUTION_WORDS, 3.0)

# what a side takes or regains: "seized the town", "regained the villages of ..."
PLACES = (r"(?:town|village|city|district|(?:air\s*)?base|airport|hill|neighbou?rhood"
          r"|checkpoint|territory|area|farm|point|position)s?\b")
RULES: list[Rule] = [
    _rule(EXPLOSIONS, "Chemical weapon",
          r"chemical (?:weapon|attack|agent)s?|sarin|chlorine|nerve agent|toxic gas|poison gas"
          r"|gas attack", 3.0),
    _rule(EXPLOSIONS, "Suicide bomb",
          r"suicide (?:bomb|attack|car|vest|blast)\w*|suicide bomber|blew (?:himself|herself)"
          r"|self-detonat\w*", 3.0),
    _rule(EXPLOSIONS, "Air/drone strike",
          r"air ?strikes?|air raids?|air and artillery strikes|air attacks?|warplanes?|jets?\b"
          r"|drones?\b|drone strikes?|helicopter gunships?|barrel bombs?|bombed|bombing raids?"
          r"|aerial (?:bombardment|attack)s?|coalition strikes?|conducted strikes|airstrike"
          r"|(?:-led|Russian|Syrian|Israeli|Turkish|American|U\.?S\.?|regime|government"
          r"|heavy|deadly|fresh|new)\s+strikes?\b|strikes?\s+(?:kill|hit|target)\w*"
          r"|air\s+force\s+(?:\w+\s+)?(?:killed|struck|hit|bombed|pounded|targeted|raided)",
          2.0),
    _rule(EXPLOSIONS, "Shelling/artillery/missile attack",
          r"shell(?:ing|ed|s)\b|artillery|mortars?|rockets?|missiles?|bombard\w*|projectiles?"
          r"|tank rounds|rocket-propelled|pound(?:ed|ing)|explosive (?:ammunition|rounds)", 1.5),
    _rule(EXPLOSIONS, "Remote explosive/landmine/IED",
          r"IEDs?\b|improvised explosive|roadside bomb|landmines?|land mines?|car bombs?"
          r"|bomb blast|explosive device|booby[- ]trap\w*|magnetic bomb|sticky bomb|mine explosion"
          r"|explosion|exploded|blast|bomb went off|detonated|bombs? planted|planted (?:a )?bombs?"
          r"|bombs? (?:hit|struck|killed|exploded)|sticky bombs?|-planted|mines?\b"
          r"|bomb attacks?|(?:laden|packed|rigged) with explosives|explosives?-(?:laden|packed)",
          1.5),
    _rule(EXPLOSIONS, "Grenade", r"grenades?|hand grenade", 2.0),
    _rule(VAC, "Sexual violence", r"raped|rape\b|sexual (?:violence|assault)", 3.0),
    _rule(VAC, "Abduction/forced disappearance",
          r"abduct\w*|kidnap\w*|forced disappearance|taken hostage|went missing", 2.5),
    EXECUTION_RULE,
    _rule(VAC, "Attack",
          r"massacre\w*|shot dead (?:a |two |three )?civilians?"
          r"|killed (?:a |\d+ |two |three |several )?civilians?|assassinat\w*|beheaded"
          r"|stabbed|lynch\w*|targeted killing", 1.5),
    _rule("Battles", "Government regains territory",
          r"recaptured|regained control|retook|recapture|liberated|took back control"
          rf"|regain(?:ed|s|ing)\s+(?:full\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{PLACES}"
          r"|(?:established|restored|imposed)\s+(?:full\s+|complete\s+)?control\s+(?:over|of)",
          2.0),
    _rule("Battles", "Non-state actor overtakes territory",
          r"overran|seized control|fell to|took control of"
          r"|(?:seiz|captur)(?:ed|es|ing)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
          rf"{PLACES}", 2.0),
    _rule("Battles", "Armed clash",
          r"clash\w*|fighting|fought|battles?\b|gun ?fights?|firefights?|exchange of fire"
          r"|skirmish\w*|ambush\w*|repulsed|repelled|offensive|engag(?:ed|ing)|stormed"
          r"|eliminat(?:ed|ing)|neutrali[sz](?:ed|ing)|liquidat(?:ed|ing)"
          r"|(?:targeted|hit|struck|destroyed)\s+(?:the\s+|a\s+|an\s+|\w+\s+)?"
          r"(?:gatherings?|dens?|hideouts?|concentrations?|strongholds?|fortifications?)\s+of"
          r"|attack(?:ed|s|ing)?\s+(?:on\s+)?(?:an?\s+|the\s+)?(?:[\w'-]+\s+){0,3}?"
          r"(?:posts?|check ?points?|convoys?|bases?|forces|outposts?|positions?|troops|soldiers"
          r"|police|patrols?)\b", 1.0),
    _rule("Battles", "Armed clash", r"attack(?:ed|s)?\b", 0.4),
    _rule("Protests", "Excessive force against protesters",
          r"(?:fired|opened fire) on (?:protesters|demonstrators)"
          r"|protesters (?:were )?killed", 3.0),
    _rule("Protests", "Protest with intervention",
          r"dispersed (?:the )?(?:protesters|demonstrators|crowd)|tear gas|water cannon", 2.0),
    _rule("Protests", "Peaceful protest",
          r"protest\w*|demonstrat(?:ion|ors|ed)|rall(?:y|ies|ied)|sit-in|march(?:ed)? (?:in|to)",
          1.0),
    _rule("Riots", "Mob violence", r"\bmob\b|vigilantes?", 2.0),
    _rule("Riots", "Violent demonstration", r"riot\w*|stone-throwing|set fire to tyres", 2.0),
    _rule(STRATEGIC, "Agreement",
          r"ceasefire|cease-fire|truce|peace (?:deal|agreement|talks)|agreement|signed a deal"
          r"|prisoner (?:swap|exchange)|reconciliation deal", 1.5),
    _rule(STRATEGIC, "Arrests", r"arrest\w*|detained|detention|rounded up", 1.0),
    _rule(STRATEGIC, "Looting/property destruction",
          r"loot\w*|torched|set (?:on )?fire|burned down|demolish\w*|destroyed (?:homes|houses)",
          1.0),
    _rule(STRATEGIC, "Disrupted weapons use",
          r"defused|dismantled|weapons cache|arms cache|seized weapons|intercepted|shot down", 1.5),
    _rule(STRATEGIC, "Headquarters or base established",
          r"established (?:a )?(?:base|headquarters)|set up (?:a )?(?:base|checkpoint)", 2.0),
    _rule(STRATEGIC, "Non-violent transfer of territory",
          r"withdrew from|handed over|pulled out of|evacuated from|took over without", 1.5),
    _rule(STRATEGIC, "Change to group/activity",
          r"joined the|defected|new leader|appointed|merged with|split from|surrendered"
          r"|joined (?:the )?(?:Taliban|Islamic State|rebels|militants)", 1.5),
]

VIOLENT_TYPES = {"Battles", EXPLOSIONS, VAC}
CIVILIAN_VICTIMS = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|dozens of)?\s*"
    r"(?:civilians?|villagers|residents|children|women|worshippers|passengers|farmers|students"
    r"|shepherds?|teachers?|doctors?|journalists?|(?:a|an|the)\s+(?:man|woman|boy|girl|child))\b"
    r"[^.]{0,60}?\b(?:killed|shot|dead|executed|abducted|wounded|injured)",
    re.I,
)


ARMED_MEN = (r"soldiers?|policem[ae]n|police officers?|militants?|fighters?|troops|militia members?"
             r"|militiam[ae]n|security (?:personnel|forces)|commanders?|guards?|rebels?"
             r"|insurgents?|servicem[ae]n|agents?|officers?")
COUNT = (r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several"
         r"|dozens of|scores of)")
ARMED_VICTIMS = re.compile(  # "five militiamen were killed", "killing six civilians and five
    rf"\b(?:{ARMED_MEN})\b[^.]{{0,60}}?\b(?:killed|dead|died|wounded|injured)"  # militiamen"
    rf"|\b(?:kill|wound|injur)\w*\s+(?:[^.]{{0,40}}?\b(?:and|as well as)\s+)?"
    rf"(?:(?:at least|more than|some|about)\s+)?{COUNT}\s+(?:[\w-]+\s+)?(?:{ARMED_MEN})\b",
    re.I,
)
CIVILIAN_OBJECTS = re.compile(
    r"\b(?:killed|shot|executed|abducted|kidnapped|beheaded|murdered)\s+(?:and killed\s+)?"
    r"(?:(?:at least|more than|some|about)\s+)?"
    r"(?:\d+\s+|an?\s+|the\s+|several\s+|many\s+|dozens of\s+|scores of\s+|(?:one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+)?"
    r"(?:civilians?|villagers?|residents?|children|child|women|woman|man|men|boys?|girls?"
    r"|farmers?|shepherds?|students?|teachers?|worshippers|passengers|journalists?)\b",
    re.I,
)


def targets_civilians(text: str) -> bool:
    """Does the text report civilians, and no armed men, as the victims?"""
    civilians = CIVILIAN_VICTIMS.search(text) or CIVILIAN_OBJECTS.search(text)
    return bool(civilians) and not ARMED_VICTIMS.search(text)


@dataclass(frozen=True)
class Typing:
    event_type: str
    sub_event_type: str
    score: float


def classify(text: str, title: str | None = None, deadly: bool = False) -> Typing | None:
    """The best ACLED (event type, sub-event type) for a text, or None without any cue.
    A `deadly` incident (people killed in it) is no strategic development and no peaceful
    protest: a truce, an arrest, a handover or a peaceful march kills no one, so their
    words only set the scene."""
    scores = score_rules(text, title)
    if deadly:
        scores = {i: v for i, v in scores.items() if RULES[i].event_type != STRATEGIC
                  and RULES[i].sub_event_type != "Peaceful protest"}
    if not scores:
        return None
    best = _best(scores, list(scores))
    weapons = [i for i in scores if RULES[i].event_type == EXPLOSIONS]
    if RULES[best].sub_event_type == "Attack" and RULES[best] is not EXECUTION_RULE and weapons:
        best = _best(scores, weapons)  # ACLED: shelling civilians is shelling
    return _typing(scores, _more_specific(scores, best))


# ACLED codes the more specific sub-event type when the report tells it at all: a bomb
# carried by a suicide bomber is a suicide bomb, however often it is called an explosion
MORE_SPECIFIC = {"Remote explosive/landmine/IED": "Suicide bomb"}


def _more_specific(scores: dict[int, float], best: int) -> int:
    specific = MORE_SPECIFIC.get(RULES[best].sub_event_type)
    found = [i for i in scores if RULES[i].sub_event_type == specific]
    return _best(scores, found) if found else best


def remote(text: str, title: str | None = None) -> Typing | None:
    """The best explosions/remote violence typing of a text, if it has a cue of one."""
    scores = score_rules(text, title)
    weapons = [i for i in scores if RULES[i].event_type == EXPLOSIONS]
    return _typing(scores, _best(scores, weapons)) if weapons else None


def _best(scores: dict[int, float], candidates: list[int]) -> int:
    """The highest-scoring of some scored rules; ties go to the earlier rule."""
    return max(candidates, key=lambda i: (scores[i], -i))


def _typing(scores: dict[int, float], index: int) -> Typing:
    rule = RULES[index]
    return Typing(rule.event_type, rule.sub_event_type, scores[index])


def score_rules(text: str, title: str | None = None) -> dict[int, float]:
    scores: dict[int, float] = {}
    in_lede = title is not None and " ".join(title.split()) in " ".join(text[:LEDE_CHARS].split())
    head = "" if in_lede else (title or "") + "\n"  # a headline in the text counts once
    for index, rule in enumerate(RULES):
        total = 0.0
        for match in rule.pattern.finditer(text):
            total += rule.weight * (2.0 if match.start() < LEDE_CHARS else 1.0)
        total += 2.0 * rule.weight * len(rule.pattern.findall(head))
        if total:
            scores[index] = total
    return scores
