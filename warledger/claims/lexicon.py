"""The claims stage's word tables: the cue verbs, one row each, and the words the
patterns read (nouns of documents, of saying, labels that name nobody ...).

Cue verbs. ``CUE_TABLE`` holds one ``Cue`` per verb base; its flags say when the
verb attributes and which of its dependents are the content (``verbs`` asks the row:
``cue.passive``, ``cue.needs_clause`` ...). To add a cue verb, add a row: a base, the
names of its flags, its prepositions and its irregular forms. ``CUE_VERBS`` maps every
inflected form to its base ("said" -> "say"), ``CUES`` every base to its row.

The speech verbs take whatever content they govern; the stance verbs (tuned on PolNeAR
train) attribute only with an object or a clause ("Le Pen backed Trump", "Cruz railed
against the deal"), so their rows say ``needs_clause takes_object``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# prepositions whose object is content for a verb that takes an object ("called for a
# ban", "spoke about trade", "voted against the bill")
CONTENT_PREPS = frozenset({"about", "for", "on", "against", "to", "at", "over", "of", "as"})
# ... and for any other cue verb ("described it as a disgrace", "warned about the risk")
DEFAULT_PREPS = frozenset({"as", "about"})


@dataclass(frozen=True)
class Cue:
    """One cue verb: when it attributes and what its content is."""

    base: str
    # an attribution only with a clause, a quotation or content to its left ("he added
    # that ...", not "he added a chapter"); without it, the rest of the sentence will do
    needs_clause: bool = False
    # ... or with an object or a prepositional object ("opposed the deal", "called for a ban")
    takes_object: bool = False
    # an attribution in the passive too, with no agent ("is expected to", "was asked");
    # any cue verb attributes in the passive with a "by" agent
    passive: bool = False
    # an attribution only in the passive ("is scheduled to speak")
    passive_only: bool = False
    # with needs_clause: an infinitive is content too ("wants to leave", "refused to say")
    xcomp: bool = False
    # "it" may speak ('"...," it added': a company, a group); else "it" is no source
    it_subject: bool = False
    # attributes in an "as" clause ("As Politico reported, ...")
    as_clause: bool = False
    # its object is whom it addresses, not content ("told reporters"), unless it has a dative
    addressee: bool = False
    # it characterizes its object ("called the bombing a crime"): a claim of that kind
    characterizes: bool = False
    # its object is content when a document, a poll or an organisation speaks ("polls show
    # a close race"), not when a person does ("the mayor showed no remorse")
    document_object: bool = False
    # an indirect question after its object is content ("asked them if ...")
    question: bool = False
    # no regular past in "-ed" ("said", never "sayed")
    irregular_only: bool = False
    # content only behind these prepositions ("spoke about trade", not "spoke at a rally")
    preps: frozenset[str] = frozenset()
    # irregular and other forms beside the regular ones ("wrote written")
    forms: tuple[str, ...] = ()

    def content_preps(self) -> frozenset[str]:
        """Prepositions whose object is content: the row's own, else by its object flag."""
        if self.preps:
            return self.preps
        return CONTENT_PREPS if self.takes_object else DEFAULT_PREPS

    def inflections(self) -> set[str]:
        """The base, its irregular forms and its regular -s, -ed and -ing forms."""
        base = self.base
        forms = {base, *self.forms}
        stem = base[:-1] if base.endswith("e") else base
        if base.endswith("y") and base[-2] not in "aeiou":
            forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
        else:
            forms |= {base + ("es" if base.endswith(("s", "sh", "ch")) else "s")}
            forms |= {base + "ing"} if self.irregular_only else {stem + "ed", stem + "ing"}
        return forms


FLAGS = frozenset(f.name for f in fields(Cue) if f.type == "bool")


def _cue(base: str, flags: str = "", preps: str = "", forms: str = "") -> Cue:
    """A row of the table: the base, the names of its flags (``Cue``'s yes/no fields), the
    prepositions that lead to its content and its irregular forms."""
    names = flags.split()
    unknown = set(names) - FLAGS
    if unknown:
        raise ValueError(f"cue {base!r}: unknown flags {sorted(unknown)}")
    yes: dict[str, bool] = dict.fromkeys(names, True)
    return Cue(base, preps=frozenset(preps.split()), forms=tuple(forms.split()), **yes)


# fmt: off
CUE_TABLE: tuple[Cue, ...] = (
    # speech verbs: the cue of an attribution with whatever content they govern
    _cue("say", "passive it_subject as_clause irregular_only", forms="said"),
    _cue("tell", "passive as_clause addressee irregular_only", forms="told"),
    _cue("confirm", "passive it_subject as_clause"),
    _cue("claim", "passive it_subject as_clause"),
    _cue("estimate", "passive"),
    _cue("report", "needs_clause takes_object passive it_subject as_clause document_object"),
    _cue("add", "needs_clause it_subject as_clause"),
    _cue("state", "needs_clause it_subject as_clause"),
    _cue("announce", "passive it_subject as_clause"),
    _cue("call", "needs_clause takes_object passive characterizes"),
    _cue("describe", "passive as_clause characterizes"),
    _cue("note", "needs_clause takes_object it_subject as_clause"),
    _cue("explain", "it_subject as_clause"),
    _cue("argue", "it_subject as_clause"),
    _cue("warn", "passive it_subject as_clause addressee"),
    _cue("insist", "it_subject"),
    _cue("suggest", "as_clause"),
    _cue("write", "it_subject as_clause", forms="wrote written"),
    _cue("tweet", "as_clause", forms="tweeted"),
    _cue("ask", "needs_clause takes_object passive xcomp addressee question"),
    _cue("deny"),
    _cue("accuse", "passive"),
    _cue("acknowledge", "needs_clause takes_object"),
    _cue("admit", forms="admitted admitting admits"),
    _cue("declare"),
    _cue("allege", "passive"),
    _cue("assert"),
    _cue("contend"),
    _cue("maintain"),
    _cue("reply", "needs_clause takes_object"),
    _cue("respond", "needs_clause takes_object"),
    _cue("predict", "as_clause", forms="predicted"),
    _cue("promise", "xcomp"),
    _cue("vow", "xcomp"),
    _cue("pledge", "xcomp"),
    _cue("urge", "passive addressee"),
    _cue("criticize", "passive"),
    _cue("criticise"),
    _cue("praise", "needs_clause takes_object passive"),
    _cue("blame", "needs_clause takes_object passive"),
    _cue("threaten", "xcomp"),
    _cue("reveal", "as_clause document_object"),
    _cue("indicate", "needs_clause as_clause document_object"),
    _cue("testify"),
    _cue("comment"),
    _cue("recall", "needs_clause takes_object"),
    _cue("observe", "needs_clause as_clause"),
    _cue("stress"),
    _cue("emphasize"),
    _cue("emphasise"),
    _cue("complain"),
    _cue("charge", "needs_clause takes_object"),
    _cue("concede", "needs_clause takes_object"),
    _cue("agree", "needs_clause xcomp"),
    _cue("believe", "passive"),
    _cue("think", "passive", forms="thought"),
    _cue("hope", "needs_clause xcomp"),
    _cue("expect", "needs_clause takes_object passive xcomp"),
    _cue("fear"),
    _cue("worry"),
    _cue("know", "needs_clause passive", forms="knew known"),
    _cue("feel", "needs_clause", forms="felt"),
    _cue("want", "needs_clause takes_object xcomp"),
    _cue("show", "needs_clause as_clause document_object", forms="showed shown"),
    _cue("find", "needs_clause", forms="found"),
    _cue("doubt"),
    _cue("dismiss"),
    _cue("condemn", "characterizes"),
    _cue("denounce", "characterizes"),
    _cue("label", "passive characterizes"),
    _cue("brand", "characterizes"),
    _cue("quote", "needs_clause takes_object passive"),
    _cue("cite", "needs_clause takes_object passive"),
    _cue("post", "needs_clause"),
    _cue("remark"),
    _cue("boast"),
    _cue("demand"),
    _cue("propose"),
    _cue("recommend"),
    _cue("question", "needs_clause takes_object passive"),
    _cue("decline", "needs_clause xcomp"),
    _cue("refuse", "needs_clause xcomp"),
    _cue("signal", "needs_clause"),
    _cue("hint"),
    _cue("caution", "needs_clause takes_object"),
    _cue("joke"),
    _cue("lament"),
    _cue("mention", "as_clause"),
    _cue("point", "needs_clause takes_object as_clause"),
    _cue("continue", "needs_clause it_subject"),
    _cue("conclude", "needs_clause"),
    _cue("exclaim"),
    _cue("interrupt", "needs_clause"),
    _cue("speak", "needs_clause takes_object", preps="about of", forms="spoke spoken"),
    _cue("talk", "needs_clause takes_object", preps="about of"),
    _cue("discuss", "needs_clause takes_object"),
    _cue("mock", "needs_clause takes_object"),
    _cue("thank", "needs_clause addressee", preps="for"),
    _cue("endorse"),
    _cue("support", "needs_clause takes_object"),
    _cue("back", "needs_clause takes_object"),
    _cue("slam", "needs_clause takes_object passive"),
    _cue("blast"),
    _cue("defend", "needs_clause takes_object"),
    _cue("reject", "needs_clause takes_object"),
    _cue("oppose", "needs_clause takes_object"),
    _cue("challenge", "needs_clause takes_object passive"),
    _cue("consider", "needs_clause passive xcomp"),
    _cue("plan", "needs_clause xcomp"),
    _cue("intend", "needs_clause xcomp"),
    _cue("prefer", "needs_clause takes_object xcomp"),
    _cue("learn", "needs_clause"),
    _cue("vote", "needs_clause", preps="against for"),
    _cue("refer", "needs_clause takes_object", forms="referred referring"),
    _cue("sound", "needs_clause"),
    # stance verbs (tuned on PolNeAR train): an attribution with an object or a clause
    _cue("seek", "needs_clause takes_object xcomp", forms="sought"),
    _cue("express", "needs_clause takes_object"),
    _cue("voice", "needs_clause takes_object"),
    _cue("echo", "needs_clause takes_object", forms="echoes echoed"),
    _cue("reiterate", "needs_clause takes_object"),
    _cue("repeat", "needs_clause takes_object"),
    _cue("assure", "needs_clause takes_object addressee"),
    _cue("remind", "needs_clause takes_object addressee"),
    _cue("highlight", "needs_clause takes_object"),
    _cue("tout", "needs_clause takes_object"),
    _cue("rail", "needs_clause takes_object", forms="railed railing"),
    _cue("decry", "needs_clause takes_object"),
    _cue("hail", "needs_clause takes_object"),
    _cue("applaud", "needs_clause takes_object"),
    _cue("cheer", "needs_clause takes_object"),
    _cue("congratulate", "needs_clause takes_object"),
    _cue("deride", "needs_clause takes_object"),
    _cue("assail", "needs_clause takes_object"),
    _cue("rebuff", "needs_clause takes_object"),
    _cue("disavow", "needs_clause takes_object"),
    _cue("champion", "needs_clause takes_object"),
    _cue("favor", "needs_clause takes_object"),
    _cue("favour", "needs_clause takes_object"),
    _cue("advocate", "needs_clause takes_object"),
    _cue("imply", "needs_clause takes_object"),
    _cue("portray", "needs_clause takes_object"),
    _cue("deem", "needs_clause takes_object passive"),
    _cue("dub", "needs_clause takes_object passive"),
    _cue("coin", "needs_clause takes_object"),
    _cue("liken", "needs_clause takes_object"),
    _cue("bemoan", "needs_clause takes_object"),
    _cue("articulate", "needs_clause takes_object"),
    _cue("interpret", "needs_clause takes_object"),
    _cue("forecast", "needs_clause takes_object", forms="forecast"),
    _cue("trash", "needs_clause takes_object"),
    _cue("extol", "needs_clause takes_object"),
    _cue("affirm", "needs_clause takes_object"),
    _cue("brag", "needs_clause takes_object"),
    _cue("apologize", "needs_clause takes_object"),
    _cue("apologise", "needs_clause takes_object"),
    _cue("plead", "needs_clause takes_object"),
    _cue("rebut", "needs_clause takes_object", forms="rebutted rebutting"),
    _cue("lambast", "needs_clause takes_object"),
    _cue("recognize", "needs_clause takes_object"),
    _cue("recognise", "needs_clause takes_object"),
    _cue("remember", "needs_clause takes_object"),
    _cue("share", "needs_clause takes_object"),
    _cue("offer", "needs_clause takes_object xcomp"),
    _cue("list", "needs_clause takes_object"),
    _cue("name", "needs_clause takes_object passive"),
    _cue("view", "needs_clause takes_object passive"),
    _cue("answer", "needs_clause takes_object"),
    _cue("react", "needs_clause takes_object"),
    _cue("chide", "needs_clause takes_object"),
    _cue("scold", "needs_clause takes_object"),
    _cue("fault", "needs_clause takes_object"),
    _cue("lash", "needs_clause takes_object"),
    _cue("berate", "needs_clause takes_object"),
    _cue("ridicule", "needs_clause takes_object"),
    _cue("tease", "needs_clause takes_object"),
    _cue("taunt", "needs_clause takes_object"),
    _cue("insult", "needs_clause takes_object"),
    _cue("welcome", "needs_clause takes_object"),
    _cue("reassure", "needs_clause takes_object"),
    _cue("dispute", "needs_clause takes_object"),
    _cue("contest", "needs_clause takes_object"),
    _cue("counter", "needs_clause takes_object"),
    _cue("retort", "needs_clause takes_object"),
    _cue("quip", "needs_clause takes_object"),
    _cue("muse", "needs_clause takes_object"),
    _cue("yell", "needs_clause takes_object"),
    _cue("shout", "needs_clause takes_object"),
    _cue("chant", "needs_clause takes_object"),
    _cue("scream", "needs_clause takes_object"),
    # verbs that attribute only in the passive ("is scheduled to speak")
    _cue("rumor", "passive passive_only"),
    _cue("rumour", "passive passive_only"),
    _cue("schedule", "passive passive_only"),
)
# fmt: on
CUES: dict[str, Cue] = {cue.base: cue for cue in CUE_TABLE}
CUE_VERBS: dict[str, str] = {form: cue.base for cue in CUE_TABLE for form in cue.inflections()}
CHARACTERIZATION_BASES = frozenset(cue.base for cue in CUE_TABLE if cue.characterizes)


def cue_of(word: str) -> Cue | None:
    """The row of a cue verb's form ("said" -> the row of "say"), or None."""
    base = CUE_VERBS.get(word)
    return CUES[base] if base is not None else None


QUESTION_WORDS = {"if", "whether", "who", "what", "why", "how", "when", "where", "which"}
# sources that are documents, polls and data ("polls show a close race")
DOCUMENT_NOUNS = {"poll", "polls", "survey", "surveys", "video", "videos", "data", "report",
                  "reports", "study", "studies", "average", "analysis", "results", "records",
                  "documents", "footage", "figures", "numbers", "photos", "images", "filings",
                  "statistics", "chart", "count", "tally", "research", "evidence", "emails",
                  "memo", "polling", "estimates", "model", "forecast", "census"}  # fmt: skip
# statements that others carry: their carrier speaks ("statements carried by Syrian television")
STATEMENT_NOUNS = {"statement", "statements", "report", "reports", "footage", "images",
                   "video", "comments", "remarks", "communique", "tweet", "post", "data",
                   "figures"}  # fmt: skip
TOPIC_PREPS = {"for", "about"}  # "blamed him for saying", "opened up about being called"
MAKE_FORMS = {"make", "makes", "made", "making"}  # "made it clear that ..."
# small words a Title Case headline leaves in lower case
TITLE_SMALL = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with",
               "as", "from", "over", "is", "about", "but"}  # fmt: skip
# labels before a colon that are not speakers ("Editor's note:", "Follow X on Twitter:")
NOT_SPEAKERS = {"note", "update", "updates", "follow", "reminder", "correction", "twitter",
                "watch", "read", "photo", "video", "related", "via", "source", "sources",
                "editor", "disclosure", "transcript", "subscribe", "email", "latest",
                "clarification", "advertisement", "warning", "breaking", "exclusive", "wow",
                "bombshell", "look", "listen",
                "q", "a"}  # fmt: skip  # an interview's turns ("Q: ...", "A: ..."), nobody's
# "X seems ready", "it appears that ...": the writer's attribution, nobody named
SEEM_WORDS = {"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared"}
# "in a CBS poll, ...": the poll speaks, "in" is the cue
POLL_NOUNS = {"poll", "survey", "study", "analysis"}
# nouns of saying and stance with a possessor and a complement ("Trump's call for a ban",
# "Cruz's refusal to disavow it"): the possessor speaks; the words its complement takes
POSS_NOUNS = {"support": "for", "decision": "to", "refusal": "to", "view": "of on that",
              "criticism": "of", "call": "for", "calls": "for", "endorsement": "of",
              "opposition": "to", "promise": "to", "promises": "to", "pledge": "to",
              "suggestion": "that", "remarks": "about on", "comments": "about on",
              "proposal": "to", "attacks": "on", "warning": "that about", "demand": "for that",
              "insistence": "that on", "belief": "that", "assertion": "that",
              "argument": "that", "vow": "to", "embrace": "of", "defense": "of",
              "rejection": "of"}  # fmt: skip
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "our": "we",
                       "my": "i"}  # fmt: skip
