"""Text extraction: a `Document` (HTML or plain text) in, an `Article` out.

HTML: trafilatura gives the main body and metadata, htmldate the publication
date; the extracted body is the text that offsets refer to. Plain text and
markdown: `warledger.text.boilerplate` blanks site chrome and markdown in a
same-length copy, so offsets stay offsets into the document as given.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import htmldate
import trafilatura
from lxml.html import HtmlElement

from warledger.errors import Rejected
from warledger.records import Article, Document
from warledger.text import boilerplate

MIN_WORDS = 5
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
}
_WIRE = re.compile(
    r"^[A-Z][\w ,.'/-]{0,50}?\(\s*(Reuters|AP|AFP|Associated Press|Agence France-Presse|"
    r"Xinhua|SANA|Anadolu|dpa|UPI|TASS|Sputnik|IRNA|Bernama|ANI|PTI)\s*\)\s*[-–—:]?",
)
_WIRE_NAMES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
}


def extract(document: Document) -> Article:
    """Extract the article (text, NLP view, readable body, metadata) from a document."""
    if not document.raw or not document.raw.strip():
        raise Rejected("empty document")
    article = _from_html(document) if document.kind == "html" else _from_text(document)
    article.source = document.source
    article.content_hash = document.content_hash
    return article


# ---------------------------------------------------------------- plain text


def _from_text(document: Document) -> Article:
    text = document.raw
    found = boilerplate.clean_text(text, title=document.title)
    _check_words(found.body)
    publisher = document.publisher or found.publisher or found.publisher_hint
    return Article(
        article_id=document.article_id,
        text=text,
        nlp_text=found.nlp_text,
        body=found.body,
        url=document.url,
        title=document.title or found.title,
        publisher=publisher,
        original_publisher=_unless_same(_original(found, publisher, found.body), publisher),
        published=document.published or found.published,
        byline=found.byline,
    )


def _original(found: boilerplate.Cleaned, publisher: str | None, body: str) -> str | None:
    """The outlet a cross-post came from, else the publisher itself."""
    if found.original_publisher:
        return found.original_publisher
    if found.copyright and not _same_outlet(found.copyright, publisher):
        return found.copyright
    return wire_source(body) or publisher


def _unless_same(original: str | None, publisher: str | None) -> str | None:
    """The publisher's own spelling when both name the same outlet."""
    return publisher if original and _same_outlet(original, publisher) else original


def _same_outlet(a: str, b: str | None) -> bool:
    if not b:
        return False
    key_a, key_b = _outlet_key(a), _outlet_key(b)
    return bool(key_a) and (key_a in key_b or key_b in key_a)


def _outlet_key(name: str) -> str:
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.lower())
    name = re.sub(r"\.(?:com|org|net|ca|co\.uk|co|info|news)\b.*$", "", name)
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name))


def wire_source(body: str) -> str | None:
    """'BEIRUT (Reuters) - ...' at the start of the body -> 'Reuters'."""
    m = _WIRE.match(body.lstrip())
    return _WIRE_NAMES.get(m[1], m[1]) if m else None


def _check_words(body: str) -> None:
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        raise Rejected("no article text after boilerplate removal")


# ---------------------------------------------------------------- HTML


def _from_html(document: Document) -> Article:
    tree = trafilatura.load_html(document.raw)  # the one parse of the page
    if tree is None:
        raise Rejected("unparseable HTML")
    meta = _meta_tags(tree)
    found_date = None if document.published else _html_date(tree, document.url)
    extracted = trafilatura.bare_extraction(tree, url=document.url, **TRAFILATURA_OPTIONS)
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not text:
        raise Rejected("no article text found in HTML")
    _check_words(text)
    found = boilerplate.clean_text(text, title="")
    publisher = document.publisher or _html_publisher(extracted, meta)
    return Article(
        article_id=document.article_id,
        text=text,
        nlp_text=found.nlp_text,
        body=text,
        url=document.url or getattr(extracted, "url", None),
        title=document.title or getattr(extracted, "title", None),
        publisher=publisher,
        original_publisher=_unless_same(
            _html_original(found, meta, document.url, publisher, text), publisher
        ),
        published=document.published or found_date or getattr(extracted, "date", None),
        byline=getattr(extracted, "author", None),
        language=_language(tree, extracted),
    )


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """Lower-cased name/property -> content of <meta>, plus rel -> href of <link>."""
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        if key and el.get("content") and key not in tags:
            tags[key] = el.get("content", "").strip()
    for el in tree.iter("link"):
        rel = " ".join(el.get("rel", "").lower().split())
        if rel and el.get("href") and f"link:{rel}" not in tags:
            tags[f"link:{rel}"] = el.get("href", "").strip()
    return tags


def _html_publisher(extracted: Any, meta: dict[str, str]) -> str | None:
    for name in (meta.get("og:site_name"), getattr(extracted, "sitename", None)):
        if name := _site_name(name):
            return name
    return _host(getattr(extracted, "url", None) or meta.get("og:url"))


def _site_name(name: str | None) -> str | None:
    """A usable site name: a URL becomes its host, 'A | B | C' becomes 'A'."""
    name = (name or "").strip()
    if re.match(r"^(?:https?://|www\.)", name, re.IGNORECASE):
        return _host(name if "//" in name else f"http://{name}")
    name = re.split(r"\s[|–—-]\s", name)[0].strip()
    if not name or re.match(r"^(?:copyright|©)", name, re.IGNORECASE):
        return None
    return name


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _html_original(
    found: boilerplate.Cleaned,
    meta: dict[str, str],
    url: str | None,
    publisher: str | None,
    text: str,
) -> str | None:
    """Cross-post notice in the body, syndication meta, foreign canonical link, wire."""
    if found.original_publisher:
        return found.original_publisher
    for key in ("original-source", "syndication-source", "link:original-source"):
        if host := _host(meta.get(key)):
            return host
    own = _host(url) or _host(meta.get("og:url"))
    canonical = _host(meta.get("link:canonical"))
    if canonical and own and not _same_site(canonical, own):
        return canonical
    if found.copyright and publisher and not _same_outlet(found.copyright, publisher):
        return found.copyright
    return wire_source(text) or publisher


def _same_site(a: str, b: str) -> bool:
    return a.endswith(b) or b.endswith(a) or _outlet_key(a) == _outlet_key(b)


def _html_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate on the parsed tree (never a bare URL: it would download). Runs before
    trafilatura, which prunes the tree; htmldate works on its own copy."""
    try:
        return htmldate.find_date(tree, url=url, original_date=True)
    except (ValueError, TypeError):
        return None


def _language(tree: HtmlElement, extracted: Any) -> str:
    lang = getattr(extracted, "language", None) or tree.get("lang") or ""
    lang = lang.strip().lower().replace("_", "-").split("-")[0]
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else "en"
