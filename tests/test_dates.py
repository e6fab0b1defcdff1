"""Dates resolved against the publication date, with precision; never in the future."""

from __future__ import annotations

import pytest

from warledger.records import Article
from warledger.text.dates import event_date, find_times, is_caption, is_stamp, report_date


def _times(text: str, published: str | None = "2018-02-08") -> list[tuple[str, str, str]]:
    article = Article("a", text, text, text, published=published)
    return [(t.text, t.date, t.precision) for t in find_times(article)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("over Wednesday night", ("2018-02-07", "day")),  # 2018-02-08 is a Thursday
        ("overnight Tuesday", ("2018-02-06", "day")),  # the night of that day, not today
        ("the early hours of Thursday", ("2018-02-08", "day")),
        ("on Friday", ("2018-02-02", "day")),
        ("last Thursday", ("2018-02-01", "day")),
        ("yesterday", ("2018-02-07", "day")),
        ("last year", ("2017-01-01", "year")),
        ("last month", ("2018-01-01", "month")),
        ("last week", ("2018-01-29", "week")),
        ("on 7 February 2018", ("2018-02-07", "day")),
        ("on February 3", ("2018-02-03", "day")),
        ("on December 30", ("2017-12-30", "day")),  # no year: the latest past one
        ("in January", ("2018-01-01", "month")),
        ("in 2016", ("2016-01-01", "year")),
        ("on Oct 042017", ("2017-10-04", "day")),  # a day and a year run together
        ("on 06.02.2018", ("2018-02-06", "day")),  # dots: day first
        ("on 13-01-2018", ("2018-01-13", "day")),  # day first: the only date it can be
        ("on 1/13/2018", ("2018-01-13", "day")),  # month first: the only date it can be
        ("on 02/01/2018", ("2018-02-01", "day")),  # either way: the one nearer the report
    ],
)
def test_relative_and_absolute_expressions(phrase: str, expected: tuple[str, str]) -> None:
    found = _times(f"Troops clashed {phrase} near the town.")
    assert len(found) == 1
    text, *resolved = found[0]
    assert text in phrase and tuple(resolved) == expected


def test_numbers_that_are_no_date_are_not_read_as_one() -> None:
    assert _times("Version 1.2.3.2018 scored 13/32/2018 and 4-2-20187 at 31.13.2017.") == []


def test_spans_point_into_the_text() -> None:
    text = "Strikes over Wednesday night killed 20, officials said on Thursday."
    article = Article("a", text, text, text, published="2018-02-08")
    found = find_times(article)
    assert [expr.text for expr in found] == ["over Wednesday night", "on Thursday"]
    for expr in found:
        assert text[expr.start : expr.end] == expr.text


def test_event_date_prefers_the_first_precise_expression() -> None:
    article = Article("a", "x", "x", "x", published="2018-02-08")
    text = "Last year they fought. Over Wednesday night strikes hit; by Thursday it ended."
    article = Article("a", text, text, text, published="2018-02-08")
    assert event_date(find_times(article), "2018-02-08") == ("2018-02-07", "day")
    assert event_date([], "2018-02-08") == ("2018-02-08", "week")  # no day in the text


def test_weekdays_count_from_the_reports_own_date() -> None:
    text = ("Published April 8 2017\n\nAir strikes hit the town on Thursday, killing "
            "nine people.")
    article = Article("a", text, text, text, published="2017-04-12")  # found days later
    found = find_times(article)
    assert report_date(text, found) == "2017-04-08"
    assert [(t.text, t.date) for t in found] == [("April 8 2017", "2017-04-08"),
                                                  ("on Thursday", "2017-04-06")]
    assert report_date("Air strikes hit on Thursday, 8 April 2017.", found[1:]) is None


def test_a_day_that_opens_a_line_at_the_top_is_the_reports_dateline() -> None:
    text = ("Shelling in the north\n\nWed 12 Apr 2017 Shells hit the market on Monday, "
            "killing two. A truce had begun on 2 April 2017.")
    article = Article("a", text, text, text, published="2017-04-20")
    found = find_times(article)
    assert [t.text for t in found if is_stamp(text, t)] == ["12 Apr 2017"]
    assert report_date(text, found) == "2017-04-12"


def test_no_publication_date_only_absolute_dates() -> None:
    assert _times("Clashes on Wednesday and on 3 March 2019.", None) == [
        ("3 March 2019", "2019-03-03", "day")
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("between Monday and Wednesday", ("2018-02-05", "week")),
        ("from 3 February to 5 February", ("2018-02-03", "week")),
    ],
)
def test_ranges_take_the_first_day_and_a_coarser_precision(
        phrase: str, expected: tuple[str, str]) -> None:
    found = _times(f"Fighting went on {phrase} in the city.")
    assert (found[0][0], *found[0][1:]) == (phrase, *expected)


def test_nothing_resolves_after_publication() -> None:
    text = "On Saturday, on 20 February and in December the towns were shelled."
    resolved = [date for _, date, _ in _times(text)]
    assert resolved == ["2018-02-03", "2017-02-20", "2017-12-01"]  # each the latest past one
    assert all(date <= "2018-02-08" for date in resolved)


def test_a_wire_agencys_byline_dates_the_report() -> None:
    from warledger.records import TimeExpr

    text = "Russia says 62 troops killed AFP Sunday 18 Sep 2016 More than 60 soldiers died."
    start = text.index("18 Sep")
    stamp = TimeExpr("18 Sep 2016", start, start + 11, "2016-09-18", "day")
    assert is_stamp(text, stamp)
    assert report_date(text, [stamp]) == "2016-09-18"
    loose = "Jets struck Aleppo on 18 Sep 2016, killing 60 soldiers, AP said."
    start = loose.index("18 Sep")
    assert not is_stamp(loose, TimeExpr("18 Sep 2016", start, start + 11, "2016-09-18",
                                              "day"))


@pytest.mark.parametrize(("text", "caption"), [
    ("A man walks past rubble in Idlib Syria March 3 2017 (Reuters Photo) Strikes on Monday",
     True),
    ("Fighters near the town on June 24 2016. (AFP) The offensive began", True),
    ("Smoke rises over Homs on 3 May 2016 [Anadolu] Rebels said", True),
    ("Strikes hit Idlib on March 3 2017 (the third in a week), activists said", False),
])
def test_a_photos_caption_date_is_the_pictures_not_an_events(text: str, caption: bool) -> None:
    article = Article("a", text, text, text, published="2017-03-08")
    first = [t for t in find_times(article) if t.precision == "day"][0]
    assert is_caption(text, first) is caption


@pytest.mark.parametrize(("text", "stamp"), [
    ("Strikes hit the town Middle East 1924 16.05.2017 Coalition jets struck", True),
    ("Strikes hit the town 16.05.2017 (updated 1925 16.05.2017) Coalition jets struck", True),
    ("Jets struck the town at 10:24 GMT 16.05.2017, killing four", True),
    ("Jets struck the town on 16.05.2017, killing 1924 goats", False),
])
def test_a_day_beside_the_pages_clock_is_its_stamp(text: str, stamp: bool) -> None:
    from warledger.records import TimeExpr

    start = text.index("16.05.2017")
    time = TimeExpr("16.05.2017", start, start + 10, "2017-05-16", "day")
    assert is_stamp(text, time) is stamp


@pytest.mark.parametrize(("text", "phrase", "stamp"), [
    ("Sunday 25 August 2013 Talks on the attack went on.", "Sunday", True),
    ("Shelling hit the town.\n\nOn Monday at least 24 people were killed.", "On Monday", False),
])
def test_a_weekday_opening_a_line_is_a_dateline_only_before_a_date(
        text: str, phrase: str, stamp: bool) -> None:
    article = Article("a", text, text, text, published="2013-08-27")
    found = [t for t in find_times(article) if t.text == phrase]
    assert found and is_stamp(text, found[0]) is stamp
