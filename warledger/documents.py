"""One document at a time, for the `extract`, `places` and `claims` commands and the API."""

from __future__ import annotations

import sys
from pathlib import Path

from warledger.claims import find as claim_stage
from warledger.geo import places as place_stage
from warledger.ingest import readers as ingest
from warledger.records import Article, Claim, DocKind, Document, PlaceMention
from warledger.text import extract, nlp


class DocumentError(Exception):
    """The document cannot be read; `code` is the CLI exit code."""

    def __init__(self, message: str, code: int = 3) -> None:
        super().__init__(message)
        self.code = code


def load(file: str, published: str | None = None) -> Article:
    """Read and extract one document (`-` reads stdin; HTML is recognised by its markup)."""
    name = "<stdin>" if file == "-" else file
    try:
        published = ingest.normalize_published(published)
    except ingest.BadInput as exc:
        raise DocumentError(f"--published: {exc}", 2) from None
    raw = _read(file)
    document = Document(name, _article_id(file), raw, _kind(file, raw), published=published)
    try:
        return extract.extract(document)
    except extract.Rejected as exc:
        raise DocumentError(f"{name}: {exc}") from None


def _read(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return ingest.decode(data)
    except OSError as exc:
        raise DocumentError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except ingest.BadInput as exc:
        raise DocumentError(f"{'<stdin>' if file == '-' else file}: {exc}") from None


def _kind(file: str, raw: str) -> DocKind:
    if file != "-":
        return "html" if Path(file).suffix.lower() in ingest.HTML_SUFFIXES else "text"
    return "html" if raw.lstrip().startswith("<") else "text"


def _article_id(file: str) -> str:
    return "stdin" if file == "-" else Path(file).stem


def places(article: Article) -> list[PlaceMention]:
    return place_stage.find_places(article, nlp.parse(article.nlp_text))


def claims(article: Article) -> list[Claim]:
    return claim_stage.find_claims(article, nlp.parse(article.nlp_text))
