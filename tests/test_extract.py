"""Text extraction: boilerplate rules, offsets, metadata, HTML, the seed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from warledger.evaluation import extraction as ev
from warledger.records import Document
from warledger.text import boilerplate, markdown
from warledger.text.extract import Rejected, extract, wire_source

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "seed" / "seed-article.txt"

STORY = (
    "Shelling hits market in river town\n\n"
    "Fighters shelled the market on Monday, killing four people, officials said.\n\n"
)


def text_doc(raw: str, **meta: str) -> Document:
    return Document(source="t.txt", article_id="a1", raw=raw, kind="text", **meta)


def check_offsets(raw: str) -> boilerplate.Cleaned:
    """clean_text keeps length, and every non-blank char of nlp_text is the original char."""
    found = boilerplate.clean_text(raw)
    assert len(found.nlp_text) == len(raw)
    for i, ch in enumerate(found.nlp_text):
        assert ch == raw[i] or ch == " ", (i, raw[i], ch)
    return found


@pytest.mark.parametrize(
    "line",
    [
        "Region: [Middle East](#)",
        "Theme: [Terrorism](#), [War Agenda](#)",
        "In-depth Report: [SYRIA](#)",
        "Copyright © Example Wire, 2019",
        "Disclaimer: The contents of this article are of sole responsibility of the author.",
        "This site contains copyrighted material used under fair use provisions of copyright law.",
        "[Comment on Example Articles on our Facebook page](#)",
        "[Become a Member of Example Site](#)",
        "Articles by: **[Jane Roe](#)**",
        "For media inquiries: press@example.org",
        "Share this:",
        "Related: Town shelled again",
        "Read more: Ceasefire talks stall",
        "Follow us on Twitter",
        "All rights reserved.",
        "Reporting by Jane Roe; Editing by John Doe",
        "(Reporting by Jane Roe in Beirut; Editing by John Doe)",
        "File photo: Smoke rises over the town",
        "Sign up for our daily newsletter",
        "[Home](/) [World](/world) [Politics](/politics)",
        "Home | World | Politics | Sport",
    ],
)
def test_boilerplate_line_removed(line: str) -> None:
    raw = STORY + line + "\n\nThe town was quiet on Tuesday, residents said.\n"
    found = check_offsets(raw)
    assert not found.nlp_text[len(STORY) : len(STORY) + len(line)].strip()
    assert markdown.plain(line) not in found.body
    assert "residents said" in found.body and "killing four people" in found.body


@pytest.mark.parametrize(
    "line",
    [
        "Related fighting broke out in the north on Monday",
        "Support for the rebels waned, the ministry said.",
        "By Monday, the toll had risen to 20.",
        "Comments by the minister drew anger.",
        "More than 20 people died in the attack.",
        "Source: a local official who asked not to be named said 12 people died.",
        "| 1 | Town A | 12 | 3 |",
    ],
)
def test_story_line_kept(line: str) -> None:
    raw = STORY + line + "\n\nThe town was quiet on Tuesday, residents said.\n"
    found = check_offsets(raw)
    start = len(STORY)
    assert found.nlp_text[start : start + len(line)] == line
    assert found.original_publisher is None and found.publisher is None


def test_story_lines_kept_verbatim() -> None:
    raw = STORY + "Source: the ministry said 12 people were hurt in the strike on the town.\n"
    found = check_offsets(raw)
    start = raw.index("Fighters")
    end = raw.index("said.") + len("said.")
    assert found.nlp_text[start:end] == raw[start:end]
    assert "12 people were hurt" in found.body


def test_markdown_blanked_keeps_anchor_and_bold() -> None:
    raw = (
        STORY
        + "## Aftermath\n\n* **Jane Roe**, a [local official](http://x.y/z), said _ten_ died.\n"
    )
    found = check_offsets(raw)
    link_tail = " " * len("](http://x.y/z)")
    assert f"    Jane Roe  , a  local official{link_tail}, said  ten  died." in found.nlp_text
    assert "   Aftermath\n" in found.nlp_text and "Aftermath" in found.body
    assert "Jane Roe, a local official, said ten died." in found.body


def test_split_sentence_rejoined() -> None:
    raw = "A headline for a story\n\nThe head of the Britain-based monitoring\n\ngroup, said so.\n"
    found = check_offsets(raw)
    assert "monitoring  group, said" in found.nlp_text
    assert "monitoring group, said so." in found.body


def test_paragraph_break_after_sentence_kept() -> None:
    raw = "A headline for a story\n\nFour died on Monday.\n\nthe ministry said nothing.\n"
    found = check_offsets(raw)
    assert "Monday.\n\nthe" in found.nlp_text


def test_byline_dateline_and_title() -> None:
    raw = (
        "Town Shelled as Talks Stall\n\nBy [Jane Roe](#)\n\nExample News, March 3, 2019\n\n" + STORY
    )
    found = check_offsets(raw)
    assert found.title == "Town Shelled as Talks Stall"
    assert found.byline == "Jane Roe"
    assert (found.publisher, found.published) == ("Example News", "2019-03-03")
    assert "Jane Roe" not in found.body and "Town Shelled" not in found.body


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("The original source of this article is [Example Eye](#)", "Example Eye"),
        ("This article originally appeared on Example Times.", "Example Times"),
        ("First published by Example Post", "Example Post"),
        ("Source: Example Daily", "Example Daily"),
        ("This article was originally published by Futura. Read the original.", "Futura"),
        (
            "© 2019 Example Press. All Rights Reserved. This material may not be used.",
            "Example Press",
        ),
    ],
)
def test_cross_post_notice(line: str, outlet: str) -> None:
    article = extract(text_doc(STORY + line + "\n", publisher="Host Site"))
    assert (article.publisher, article.original_publisher) == ("Host Site", outlet)
    assert outlet not in article.body


def test_copyright_of_another_outlet_is_original() -> None:
    raw = STORY + "Copyright © [Example Eye](#), 2018\n"
    article = extract(text_doc(raw, publisher="Host Site"))
    assert article.original_publisher == "Example Eye"
    own = extract(text_doc(STORY + "Copyright © Host Site 2018\n", publisher="Host Site"))
    assert own.original_publisher == "Host Site"


def test_notice_naming_the_host_is_not_a_cross_post() -> None:
    raw = STORY + "Originally published on Host Site.\n"
    article = extract(text_doc(raw, publisher="hostsite.com"))
    assert article.original_publisher == "hostsite.com"


def test_not_a_cross_post() -> None:
    article = extract(text_doc(STORY, publisher="Host Site"))
    assert article.original_publisher == "Host Site"
    assert article.title == "Shelling hits market in river town"


def test_wire_source() -> None:
    assert wire_source("BEIRUT (Reuters) - Fighters shelled a town.") == "Reuters"
    assert wire_source("DAMASCUS, (AP) — Four died.") == "Associated Press"
    assert wire_source("Fighters (Reuters said) shelled a town.") is None


def test_document_metadata_wins_and_hash() -> None:
    raw = "Example News, March 3, 2019\n\n" + STORY
    doc = text_doc(raw, publisher="Given", published="2020-01-01", title="Given title")
    article = extract(doc)
    assert (article.publisher, article.published, article.title) == (
        "Given",
        "2020-01-01",
        "Given title",
    )
    assert article.content_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert article.source == "t.txt" and article.article_id == "a1"
    assert article.text == raw and len(article.nlp_text) == len(raw)


@pytest.mark.parametrize("raw", ["", "   \n\n", "Share this:\n\nFollow us on Twitter\n"])
def test_rejected(raw: str) -> None:
    with pytest.raises(Rejected) as info:
        extract(text_doc(raw))
    assert str(info.value) and "\n" not in str(info.value)


PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Town shelled - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Town shelled as talks stall">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2019-03-03T10:00:00Z">
<link rel="canonical" href="https://www.other-outlet.org/news/town-shelled">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Town shelled as talks stall</h1>
<p>Fighters shelled the market of the river town on Monday, killing four people and wounding
a dozen more, local officials said in a statement issued late in the evening.</p>
<p>The ministry said the attack came hours after talks between the two sides stalled over
the exchange of prisoners, and that rescue teams were still searching the rubble.</p>
<p>Residents said the town had been quiet for weeks before the shelling began at dawn,
and many families had returned to their homes after the last ceasefire.</p>
</article>
<footer>Copyright 2019 Example News. All rights reserved.</footer>
</body></html>"""


def test_html_extraction() -> None:
    doc = Document(
        source="p.html",
        article_id="h1",
        raw=PAGE,
        kind="html",
        url="https://example-news.com/town-shelled",
    )
    article = extract(doc)
    assert "killing four people" in article.text and "Home" not in article.text
    assert article.body == article.text and len(article.nlp_text) == len(article.text)
    assert article.title == "Town shelled as talks stall"
    assert article.publisher == "Example News"
    assert article.original_publisher == "other-outlet.org"
    assert article.published == "2019-03-03"
    assert article.byline == "Jane Roe"
    assert article.language == "en"


def test_html_without_text_is_rejected() -> None:
    doc = Document(source="p.html", article_id="h2", raw="<html><body></body></html>", kind="html")
    with pytest.raises(Rejected):
        extract(doc)


def test_benchmark_measure() -> None:
    assert ev.match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = ev.match("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert ev.summarize([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])["precision"] == 0.75


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed() -> None:
    raw = SEED.read_text(encoding="utf-8")
    article = extract(text_doc(raw))
    assert article.publisher == "Global Research"
    assert article.original_publisher == "Middle East Eye"
    assert article.published == "2018-02-08"
    title = "US Coalition Kills 100 Pro-Assad Troops After 'Unprovoked' Attack on Kurd Allies"
    assert article.title == title
    for gone in ("Disclaimer", "fair use", "Region:", "Theme:", "original source", "Facebook"):
        assert gone not in article.body and gone not in article.nlp_text
    assert "monitoring group, said" in re.sub(r"\s+", " ", article.nlp_text)
    assert "  Rami Abdel Rahman  " in article.nlp_text
    assert "Khasham" in article.body and len(article.nlp_text) == len(raw)


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "data" / "article-extraction").exists(), reason="no data")
def test_benchmark_runs_on_a_few_pages() -> None:
    pages = ev.load_pages(SHARED / "data" / "article-extraction")
    some = list(pages.items())[:5]
    counts = [ev.match(gold, ev.extract_body(pid, html)) for pid, (html, gold) in some]
    assert ev.summarize(counts)["f1"] > 0.8


def test_a_run_on_pages_related_links_and_view_counter_are_blanked() -> None:
    from warledger.text.boilerplate import clean_text

    text = ("Army kills 75 militants in Daraa 09.04.2017Get short URL 0 1285 The army killed 75 "
            "militants in Daraa on Sunday, a military source said. The fighting went on into "
            "the night in the Manshiyah district, the source added. ... 285 Related Army Kills "
            "2200 Militants in Hama Since March")
    cleaned = clean_text(text)
    assert len(cleaned.nlp_text) == len(text)
    assert "1285" not in cleaned.nlp_text and "2200" not in cleaned.nlp_text
    assert "285 Related" not in cleaned.body and "75 militants in Daraa on Sunday" in cleaned.body
    assert "a military source said" in cleaned.nlp_text


def test_a_related_news_widget_run_into_the_page_is_blanked() -> None:
    from warledger.text.boilerplate import clean_text

    text = ("Bombs kill 42 in Syria. A string of bomb blasts hit three cities on Monday, killing "
            "at least 42 people, local media said. The blasts hit regime-held areas, the monitor "
            "said. Source TRTWorld and agencies Related News Turkish warplanes hit militants in "
            "Afrin killing nine fighters")
    cleaned = clean_text(text)
    assert len(cleaned.nlp_text) == len(text)
    assert "Afrin" not in cleaned.nlp_text
    assert "at least 42 people" in cleaned.nlp_text
