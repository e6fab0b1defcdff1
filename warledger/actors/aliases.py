"""The actor dictionary read as data: entries and dated names, and the stored actor names
an alias stands for ("ISIS" -> "Islamic State (...)", "Nusra" -> the Nusra Front, Jabhat
Fateh al-Sham and Hayat Tahrir al-Sham), for the ledger's filters.

No NLP here (the web server and the store use it): `warledger.actors.dictionary` reads
the same data through `load` to find actors in text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

COUNTRY = "{country}"  # a generic name's slot, filled with the event's country
EXACT_CASE_MAX = 2  # aliases this short ("IS", "US") must be given in their own case


@lru_cache(maxsize=4)
def load(extra: str | None = None) -> tuple[tuple[dict[str, Any], ...], dict[str, Any]]:
    """The bundled dictionary's entries (by name, `extra`'s replacing them) and its
    `canonical` map, extended by `extra` (a user's dictionary, as JSON text)."""
    data = _bundled()
    raw = {e["name"]: e for e in data["actors"]}
    canonical = dict(data.get("canonical", {}))
    if extra:
        user = json.loads(extra)
        raw.update({e["name"]: e for e in user.get("actors", [])})
        canonical.update(user.get("canonical", {}))
    return tuple(raw.values()), canonical


@lru_cache(maxsize=4)
def allies(extra: str | None = None) -> dict[str, frozenset[str]]:
    """Each actor's allies (`allies` groups of the bundled dictionary and of `extra`): the
    other names of its group."""
    groups = _bundled().get("allies", []) + (
        json.loads(extra).get("allies", []) if extra else [])
    out: dict[str, frozenset[str]] = {}
    for group in groups:
        for name in group:
            out[name] = out.get(name, frozenset()) | (frozenset(group) - {name})
    return out


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Any]:
    """The bundled dictionary, read once."""
    text = resources.files("warledger").joinpath("data/actors.json").read_text("utf-8")
    return dict(json.loads(text))


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name."""
    if text.isascii():  # most text: no accent to drop, and much faster
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def names_for(text: str, extra: str | None = None) -> tuple[str, ...]:
    """The names stored for the actor that `text` names (an alias or a name, whole),
    in dictionary order, "{country}" left as a slot; () when it names none."""
    text = " ".join(text.split())
    found = _index(extra).get(fold(text), ())
    return tuple(dict.fromkeys(name for alias, name in found
                               if len(alias) > EXACT_CASE_MAX or alias == text))


def name_pattern(name: str) -> str:
    """A regular expression for a stored name over folded text, any country in its slot."""
    return ".+?".join(re.escape(part) for part in fold(name).split(COUNTRY))


@lru_cache(maxsize=4)
def _index(extra: str | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """folded alias -> (alias, name) of every entry it names, names with their dated
    names (the `canonical` map)."""
    entries, canonical = load(extra)
    index: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        names = _dated_names(str(entry["name"]), canonical)
        for alias in [entry["name"], *entry.get("aliases", [])]:
            index.setdefault(fold(alias), []).extend((alias, name) for name in names)
    return {key: tuple(value) for key, value in index.items()}


def _dated_names(name: str, canonical: dict[str, Any]) -> list[str]:
    """The name and every name `canonical` gives it (a slot matching any country)."""
    slot = re.compile(name_pattern(name) + "$")
    names = [name]
    for key, value in canonical.items():
        if key == name or slot.match(fold(key)):
            names += [value] if isinstance(value, str) else [period[1] for period in value]
    return list(dict.fromkeys(names))
