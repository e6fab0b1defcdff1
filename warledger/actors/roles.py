"""Roles: who did it (actor 1) and to whom (actor 2), from the dependency parse.

Votes, per actor: subject (or passive agent) of an attack verb -> perpetrator;
object (or passive subject) of one -> target; the victims of a fatality claim ->
target. The first sentence counts triple (the lede states the event). Actors
named together in one subject or object are on the same side: the partners of
actor 1 become `assoc_actor_1`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from warledger.actors import dictionary as actors
from warledger.records import ActorMention, Analysis

ATTACK_VERB = re.compile(
    r"^(?:kill|strik|struck|attack|shell|target|bomb|hit|fire|fired|ambush|raid|shot|shoot"
    r"|storm|assault|launch|conduct|clash|fought|fight|abduct|kidnap|execut|repel|repuls"
    r"|captur|seiz|arrest|pound|bombard|massacr|wound|injur|behead|overr|recaptur|murder|raid"
    r"|air ?strike|airstrike|battl|offensive|assault|gunfire|blast|explosion|committ|planted"
    r"|eliminat|neutrali[sz]|liquidat|explod|detonat|us(?:e|ed|es|ing)$)"
    # 'the army eliminated 75 militants': killed them; 'rebels exploded bombs in tunnels':
    # set them off; 'used chemical weapons': an attack (`_violent_use`)
)
SUBJECT_DEPS = {"nsubj", "csubj"}
AGAINST = ("on", "against")
NEUTRAL_VERBS = ("launch", "conduct", "carr")
USE_VERB = re.compile(r"^us(?:e|ed|es|ing)$")  # an attack only with a weapon for object
WEAPON = re.compile(r"^(?:weapon|arm|gas|chemical|bomb|barrel|missile|rocket|shell|mortar|drone"
                    r"|artiller|explosive|munition|napalm|chlorine|sarin)", re.I)
EARLIER_MARKS = {"because", "after", "since"}  # 'shelled the town after rebels attacked'
ACCUSE = ("accus", "blam")  # 'accused rebels of using ...', 'blamed X for the attack'
AIR_FORCES = {"State forces", "External/Other forces"}
SYRIAN_AIR_FORCE = ActorMention("", 0, 0, "Military Forces of Syria (2000-)", "State forces",
                                "Syria")
AGENT_NOUNS = ("er", "ers")  # fighters, bombers, attackers: people, not acts
PARAGRAPH = re.compile(r"\S(?:.|\n(?!\s*\n))*")
SENTENCE_END = (".", '."', ".'", ".\u201d")
SENTENCE_STOP = re.compile(r"[.!?][\"'\u201d]?\s+(?=[A-Z\"\u201c])")
HEADLINE_ACT = re.compile(
    r"[^.:|]{0,40}?\b(?:kill|strike|struck|attack|shell|bomb|hit|raid|execute|blast|pound|target"
    r"|down|shoot|storm|ambush|massacre|abduct|kidnap|air ?strike|suicide|behead|shot"
    r"|eliminat|neutrali[sz]|liquidat)", re.I)
# a name after these in a headline is the target: "Israeli attack on Syria military camp kills"
# (not after "in": "6 Killed in Al-Nusra Front Shelling" names the author)
HEADLINE_TARGET = re.compile(r"\b(?:on|against|at|targeting|targets)\s+"
                             r"(?:the\s+|an?\s+)?$", re.I)
# ... nor after a verb of saying: the actor is the source ('Turkey says tests on Syria attack
# victims point to sarin')
HEADLINE_SPEAKER = re.compile(r"['\u2019]?s?\s+(?:says?|said|reports?|warns?|accuses?|denies)\b",
                              re.I)  # ('IS claims beheading' is its author's claim)
CLAIMED_AFTER = re.compile(r"[^.]{0,40}?\b(?:has\s+|have\s+|later\s+)?claimed\s+"
                           r"(?:responsibility|the\s+(?:attack|bombing|blast))"
                           # "Daesh said three of its fighters carried out an attack", "Daesh
                           # said in a statement that one of its fighters had fired on ..."
                           r"|\s+(?:said|says|announced)\s+(?:(?:in|through)\s+an?\s+(?:[\w-]+\s+)?"
                           r"(?:statement|message|post|communiqu\w+)\s+)?(?:that\s+)?"
                           r"(?:[\w-]+\s+of\s+)?its\s+(?:own\s+)?(?:fighters?|militants?|members?"
                           r"|men|(?:suicide\s+)?bombers?)\s+(?:had\s+|has\s+|have\s+)?"
                           r"(?:carried\s+out|launched|conducted|staged|attacked|fired\s+(?:on|at)"
                           r"|opened\s+fire|targeted|struck|stormed|detonated|blew)\b", re.I)
CLAIMED_BEFORE = re.compile(r"claimed\s+by\s+(?:the\s+)?$|responsibility\s+was\s+claimed\s+by"
                            r"\s+(?:the\s+)?$", re.I)
NON_STATE = actors.NON_STATE
UNIDENTIFIED = ActorMention("", 0, 0, "Unidentified Armed Group ({country})",
                             "Political militia")  # as ACLED codes it
# What a report calls an armed side without naming it ('terrorist groups', 'militants'):
# beside the one named group it shows at work, that group's own men (`_generic_votes`)
GENERIC_SIDE = re.compile(
    r"(?:(?:armed|unidentified|unknown)\s+)?(?:(?:terrorist|militant|insurgent|armed)\s+)?"
    r"(?:groups?|organi[sz]ations?|terrorists|militants|insurgents|gunmen|attackers"
    r"|assailants|men|shelling)", re.I)
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod"}
CASUALTY_VERBS = ("kill", "wound", "injur")  # their victims listed together: any sides
CLASH = ("clash", "fight", "battl")
SET_OFF = ("explod", "detonat")  # 'rebels exploded bombs': the subject is the author
DEFEND = ("repel", "repuls", "defend", "thwart", "foil")
OBJECT_DEPS = {"dobj", "nsubjpass", "dative", "attr", "oprd"}
# Votes: how much each sign that an actor is the perpetrator or the target counts.
BODY_WEIGHT = 1  # a role from the parse outside the lede
LEDE_WEIGHT = 3  # ... in the lede (the first sentence states the event)
HEADLINE_WEIGHT = 3  # named in the headline before an act of violence: the perpetrator
CLAIM_WEIGHT = 5  # 'X claimed responsibility', 'claimed by X': the perpetrator
VICTIM_WEIGHT = 2  # named among the dead or wounded of a fatality claim: the target ...
BATTLE_VICTIM_WEIGHT = 1  # ... in a battle, where the dead may be on either side
ADJACENT_GAP = 1  # 'regime shelled' with no subject: a name ending at most this far before
LEDE_MIN_WORDS = 12  # a paragraph shorter than this is a headline or standfirst, no lede
NEAR_WINDOW = 45  # characters before a place searched for NEAR
CLAIMED_WINDOW = 40  # characters before an actor searched for CLAIMED_BEFORE
NEAR = re.compile(
    r"(?:near|outside|around|close to|outskirts of|vicinity of|(?:north|south|east|west)\w*\s+of"
    r"|km\s+(?:from|of)|kilometres\s+(?:from|of)|miles\s+(?:from|of))"
    r"\s+(?:the\s+)?(?:(?:town|village|city|district)\s+(?:of\s+)?)?$",
    re.I,
)


@dataclass
class Cast:
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    assoc2: list[ActorMention] = field(default_factory=list)
    target_named: bool = False  # actor 2 is the target of the deed, not the next actor named


def is_near(text: str, start: int) -> bool:
    """Is the place at `start` introduced as 'near X', 'southeast of X', ...?"""
    return bool(NEAR.search(text[max(0, start - NEAR_WINDOW) : start]))


def assign(analysis: Analysis, battle: bool = False, air: bool = False,
           unnamed_air: bool = False) -> Cast:
    """Perpetrator, target and their partners among the article's actors.

    For an attack from the air (`air`: air strikes, barrel bombs), only forces with
    aircraft can be actor 1: state or external forces; an unattributed one in Syria is
    the government's (rebels and jihadist groups there have no air force). A weapon
    mostly dropped from aircraft (`unnamed_air`: chemical weapons) is the air default's
    only when nobody is named as its author (rebels accused of using gas are its author)."""
    mentions = analysis.actors  # speakers vote too: "Russia said its jets struck X"
    named = [m for m in mentions if not _is_speaker(m, analysis)]  # for counting mentions
    air_default = air or unnamed_air
    if not mentions:  # as below: an unnamed attacker is ACLED's unidentified armed group
        return Cast(actor1=_air_default(analysis) if air_default
                    else None if battle else UNIDENTIFIED)
    perp, target, partners, fellows = _votes(analysis.doc, mentions)
    _claimed_votes(analysis.article.nlp_text, mentions, perp)
    _headline_votes(analysis.article.title, mentions, perp, analysis.settings.actors)
    _generic_votes(mentions, perp)
    _victim_votes(analysis, target, BATTLE_VICTIM_WEIGHT if battle else VICTIM_WEIGHT)
    by_name = {m.name: m for m in reversed(mentions)}
    cast = Cast()
    civilians = {m.name for m in mentions if m.inter == "Civilians"}
    flyers = civilians | ({m.name for m in mentions if m.inter not in AIR_FORCES} if air else set())
    victims = set() if battle else _victims(perp, target)  # in a battle both sides fall
    cast.actor1 = _pick(perp, by_name, flyers | victims)
    if cast.actor1 is None and air_default:
        cast.actor1 = _air_default(analysis)
    if cast.actor1 is None:
        cast.actor1 = _most_mentioned(named, civilians) if battle else UNIDENTIFIED
    if cast.actor1 is None:
        return cast
    side1 = {cast.actor1.name} | partners[cast.actor1.name] | _same_men(cast.actor1)
    onlookers = civilians if battle and _armed_target(target, by_name, side1) else set()
    cast.actor2 = _named_instead(_pick(target, by_name, exclude=side1 | onlookers), target,
                                 by_name, side1)
    cast.target_named = cast.actor2 is not None
    cast.actor2 = cast.actor2 or _most_mentioned(named, side1)
    cast.assoc1 = [by_name[n] for n in sorted(partners[cast.actor1.name]) if n in by_name
                   and (cast.actor2 is None or n != cast.actor2.name)]
    if cast.actor2 is not None:
        others = (partners[cast.actor2.name] | fellows[cast.actor2.name]) - side1
        cast.assoc2 = [by_name[n] for n in sorted(others) if n in by_name]  # sets: sorted
    return cast


def _generic_votes(mentions: list[ActorMention], perp: Votes) -> None:
    """A side the report only ever calls generically ('terrorist groups fired shells',
    `GENERIC_SIDE`) after naming one non-state group at work ('al-Nusra terrorists shelled
    ...') is that group, referred back to: its votes go to it. Named only later, the
    group is not what the generic name meant."""
    plain = {m.name for m in mentions if not GENERIC_SIDE.fullmatch(m.text.strip())}
    generic = {m.name for m in mentions} - plain
    named = {m.name for m in mentions if m.inter in NON_STATE and m.name in plain
             and m.name != UNIDENTIFIED.name and perp[m.name] > 0}
    if len(named) != 1:
        return
    group = named.pop()
    first = min(m.start for m in mentions if m.name == group)
    for name in generic:
        if min(m.start for m in mentions if m.name == name) > first:
            perp[group] += perp.pop(name, 0)


def _armed_target(target: Votes, by_name: dict[str, ActorMention], side1: set[str]) -> bool:
    """Whether an armed side other than the attacker's is a target: then a battle's other
    side is that one, and civilians among the dead are no side ('rebels attacked a militia
    checkpoint, killing six civilians and five militiamen')."""
    return any(n in by_name and n not in side1 and by_name[n].inter != "Civilians"
               for n in target)


def _same_men(actor1: ActorMention) -> set[str]:
    """Beside a named armed group, the generic 'militants', 'gunmen' are its own men ('5
    Taliban militants and 2 policemen were killed ... 3 militants were wounded'), not
    another side."""
    named_group = actor1.inter in NON_STATE and actor1.name != UNIDENTIFIED.name
    return {UNIDENTIFIED.name} if named_group else set()


def _named_instead(picked: ActorMention | None, target: Votes,
                   by_name: dict[str, ActorMention], side1: set[str]) -> ActorMention | None:
    """The 'terrorists', 'militants' a report names its target by are the one named armed
    group it also names as a target ("ISIL positions ... killing 20 terrorists")."""
    if picked is None or picked.name != UNIDENTIFIED.name:
        return picked
    named = [by_name[n] for n in target if n in by_name and n not in side1
             and n != UNIDENTIFIED.name and by_name[n].inter in NON_STATE]
    return named[0] if len(named) == 1 else picked


def _victims(perp: Votes, target: Votes) -> set[str]:
    """Actors told more often as the target or the dead than as the doer: the police in
    'a bomb hit a police station, killing five policemen', not its bomber."""
    return {name for name, votes in target.items() if votes > perp[name]}


def _air_default(analysis: Analysis) -> ActorMention | None:
    countries = {m.country for m in analysis.actors} | {p.country for p in analysis.places}
    return SYRIAN_AIR_FORCE if countries & {"Syria"} else None


def _headline_votes(title: str | None, mentions: list[ActorMention], perp: Votes,
                    extra: str | None = None) -> None:
    """'IS car bomb kills 20', 'Russian strikes kill 34': an actor named in the headline
    before an act of violence is its author, unless a preposition makes it the target
    ('attack on Syria military camp kills three'), the actor only speaks of it
    (`HEADLINE_SPEAKER`: 'Turkey says ...'), or the act is told in the past participle
    (`_passive`)."""
    if not title:
        return
    named = {m.name for m in mentions}
    for match, entry in actors.matches(title, actors.dictionary(extra)):
        act = (HEADLINE_ACT.match(title, match.end())  # 'IS car bomb kills 20'
               or HEADLINE_ACT.match(title[: match.end()], match.start()))  # 'in Israeli attack'
        if entry.name in named and act and not _passive(title, act.end()) and not (
                HEADLINE_TARGET.search(title[:match.start()])
                or HEADLINE_SPEAKER.match(title, match.end())):
            perp[entry.name] += HEADLINE_WEIGHT


def _passive(title: str, at: int) -> bool:
    """Headlines tell deeds in the present ('IS kills 20') and the dead in the past
    participle ('Five Police Officers Killed in Damascus Blast'): the named are victims."""
    word = re.match(r"\w*", title[at:])  # the act's whole word ('Kill' -> 'Killed')
    return word is not None and word.group(0).lower().endswith("ed")


def _claimed_votes(text: str, mentions: list[ActorMention], perp: Votes) -> None:
    """'X claimed responsibility', 'claimed by X', 'X said its fighters carried out the
    attack': the strongest sign of a perpetrator."""
    for mention in mentions:
        if CLAIMED_AFTER.match(text, mention.end) or CLAIMED_BEFORE.search(
                text[max(0, mention.start - CLAIMED_WINDOW):mention.start]):
            perp[mention.name] += CLAIM_WEIGHT


def _is_speaker(mention: ActorMention, analysis: Analysis) -> bool:
    """'US military' in 'a US military official said' names a source, not a party."""
    return any(c.source_start <= mention.start < c.source_end for c in analysis.claims
               if c.source_end > c.source_start)


Votes = Counter[str]


Partners = dict[str, set[str]]


def _votes(doc: Doc | None, mentions: list[ActorMention]
           ) -> tuple[Votes, Votes, Partners, Partners]:
    """Votes for perpetrator and target; partners (named together as doers or targets)
    and fellows (named together among the dead or wounded: one side, or both)."""
    perp: Votes = Counter()
    target: Votes = Counter()
    partners: Partners = defaultdict(set)
    fellows: Partners = defaultdict(set)
    if doc is None:
        return perp, target, partners, fellows
    lede_start, lede_end = lede(doc.text)
    for token in doc:
        weight = LEDE_WEIGHT if lede_start <= token.idx < lede_end else BODY_WEIGHT
        if token.pos_ in ("VERB", "NOUN") and _is_deed(token) and not _earlier_deed(token):
            _vote_token(token, mentions, perp, target, (partners, fellows), weight)
        _add(perp, _accused(token, mentions), weight)
    return perp, target, partners, fellows


def _is_deed(token: Token) -> bool:
    """An attack verb or noun used for violence (not 'fighters', not 'launched a search')."""
    return bool(ATTACK_VERB.match(token.lower_)) and not token.lower_.endswith(
        AGENT_NOUNS) and _violent_use(token)


def _earlier_deed(token: Token) -> bool:
    """A deed told as before the event: in the past perfect ('groups that had fought
    against the jihadists') or in a clause of cause or time ('because rebels attacked',
    'after militants killed a pilot'); or a side's standing war told as who its men are
    (a participle of fighting on a noun: 'eight men, rebels fighting the regime and the
    jihadists, were executed'). Its doer and target are not the event's sides."""
    if token.dep_ == "acl" and token.lower_.startswith(CLASH) and token.lower_.endswith("ing"):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children):
        return True
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in EARLIER_MARKS for c in token.children)


def _violent_use(token: Token) -> bool:
    """'launched a search operation' is no attack: launch/conduct/carry out count only
    with an attack for object ('launched air strikes')."""
    if USE_VERB.match(token.lower_):  # 'used chemical weapons against troops'
        return any(c.dep_ == "dobj" and WEAPON.match(c.lower_) for c in token.children)
    if not token.lower_.startswith(NEUTRAL_VERBS):
        return True
    return any(c.dep_ == "dobj" and ATTACK_VERB.match(c.lower_) for c in token.children)


def _accused(token: Token, mentions: list[ActorMention]) -> list[str]:
    """Whom a report accuses of an attack ('accused the regime of carrying out a chemical
    attack', 'blamed government forces for the attack', 'an attack blamed on the regime'):
    the attack's author, as claimed; the accuser is its source."""
    if not (token.pos_ == "VERB" and token.lower_.startswith(ACCUSE)):
        return []
    if not any(t.i > token.i and _is_deed(t) for t in token.subtree):
        return []
    names: list[str] = []  # the accused noun phrase up to its head: 'rebels' of 'rebels of
    for child in token.children:  # using chemical weapons against troops'
        if child.dep_ in ("dobj", "nsubjpass"):
            names += _names_in(child, mentions, head_only=True)
        elif child.dep_ == "prep" and child.lower_ == "on":  # 'blamed on the regime'
            names += [n for c in child.children if c.dep_ == "pobj"
                      for n in _names_in(c, mentions, head_only=True)]
    return names


SPEECH_VERBS = {"said", "says", "say", "saying", "told", "tells", "tell", "telling",
                "reported", "reports", "report", "reporting", "announced", "announces",
                "announce", "added", "adds", "stated", "states", "claimed", "claims",
                "confirmed", "confirms", "wrote", "writes", "tweeted", "tweets", "explained",
                "warned", "warns", "accused", "accuses"}  # fmt: skip  (the parse has no lemmas)


TIME_PHRASE = {"prep", "pobj", "compound", "npadvmod", "tmod", "amod", "nummod", "det",
               "advmod", "quantmod"}  # the links inside a time phrase ("on Sunday night")


def speaking_time(doc: Doc | None, position: int) -> bool:
    """'..., a monitor said on Sunday': a time expression that dates a source's speaking,
    not the deed (its phrase hangs on a verb of saying)."""
    if doc is None:
        return False
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    token = span[0] if span is not None and len(span) else None
    while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        if token.dep_ not in TIME_PHRASE:
            return False  # the time hangs on a noun phrase ("the coalition ... over Wednesday
            # night"), not on the saying
        token = token.head
    return token is not None and token.lower_ in SPEECH_VERBS


def lede(text: str) -> tuple[int, int]:
    """The first sentence of the first real paragraph (12 words or more, ending a
    sentence): where a report states its event. Headlines and standfirsts are skipped."""
    for match in PARAGRAPH.finditer(text):
        paragraph = match.group(0)
        if len(paragraph.split()) >= LEDE_MIN_WORDS and paragraph.rstrip().endswith(SENTENCE_END):
            stop = SENTENCE_STOP.search(paragraph)
            return match.start(), match.start() + (stop.end() if stop else len(paragraph))
    return 0, 0


def _vote_token(token: Token, mentions: list[ActorMention], perp: Votes, target: Votes,
                groups: tuple[Partners, Partners], weight: int) -> None:
    partners, fellows = groups
    own = [m.name for m in mentions if m.start <= token.idx < m.end]
    _add(perp, own, weight)  # "Russian air strikes", "regime shelling": the trigger names its actor
    if token.pos_ == "VERB" and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
        _add(perp, _adjacent(token, mentions), weight)
    for child in token.children:
        if token.pos_ == "NOUN" and child.dep_ in MODIFIER_DEPS and not own:
            _add(perp, _names_in(child, mentions), weight)
            continue
        if child.dep_ == "prep" and child.lower_ == "with" and token.lower_.startswith(CLASH):
            _add(perp, _names_in(child, mentions), BODY_WEIGHT)  # "clashes with regime troops"
            continue
        if child.dep_ == "prep" and child.lower_ == "by" and token.pos_ == "NOUN":
            _add(perp, _names_in(child, mentions), weight)  # "an attack by Taliban militants"
            continue
        if token.lower_.startswith(DEFEND) and child.dep_ in SUBJECT_DEPS:
            _add(target, _names_in(child, mentions), weight)  # the defenders repulsed it
            continue
        names = _names_in(child, mentions)
        if child.dep_ in SUBJECT_DEPS or child.dep_ == "agent":
            _add(perp, names, weight)
        elif token.lower_.startswith(SET_OFF):
            continue  # what is exploded or detonated is a weapon, never a side
        elif child.dep_ in OBJECT_DEPS or (child.dep_ == "prep" and child.lower_ in AGAINST):
            _add(target, names, weight if token.pos_ == "VERB" else BODY_WEIGHT)
        else:
            continue
        dead = child.dep_ == "nsubjpass" or token.lower_.startswith(CASUALTY_VERBS)
        for name in names:  # the dead: "5 Taliban and 3 policemen were killed", both sides
            (fellows if dead else partners)[name] |= set(names) - {name}


def _adjacent(verb: Token, mentions: list[ActorMention]) -> list[str]:
    """The name just before a verb without subject, when the verb acts on something ('regime
    shelled the town') or is joined to it ('Taliban-planted'): in 'Police Officers Killed
    in Damascus Blast' the named are its victims."""
    text = verb.doc.text
    acts = any(c.dep_ == "dobj" for c in verb.children)
    return [m.name for m in mentions if 0 <= verb.idx - m.end <= ADJACENT_GAP
            and (acts or text[m.end:verb.idx] == "-")]


def _names_in(token: Token, mentions: list[ActorMention], head_only: bool = False) -> list[str]:
    """The names in a token's phrase (`head_only`: up to the token, without what hangs
    after it), and a name the phrase is the end of ('US-led coalition' in 'a US-led
    coalition air strike', where the parse hangs 'US-led' apart on 'strike')."""
    last = token if head_only else token.right_edge
    start, end = token.left_edge.idx, last.idx + len(last)
    return list(dict.fromkeys(m.name for m in mentions if start < m.end <= end))


def _add(votes: Votes, names: list[str], weight: int) -> None:
    for name in names:
        votes[name] += weight


def _victim_votes(analysis: Analysis, target: Votes, weight: int) -> None:
    book = actors.dictionary(analysis.settings.actors)
    for claim in analysis.claims:
        if claim.kind in ("fatalities", "injuries") and claim.subject:
            for _, entry in actors.matches(claim.subject, book):
                target[entry.name] += weight


def _pick(votes: Votes, by_name: dict[str, ActorMention], exclude: set[str]) -> ActorMention | None:
    for name, _ in votes.most_common():
        if name not in exclude and name in by_name:
            return by_name[name]
    return None


def _most_mentioned(mentions: list[ActorMention], exclude: set[str]) -> ActorMention | None:
    counts = Counter(m.name for m in mentions if m.name not in exclude)
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.name == name)
