"""Date mentions found in article text and resolved against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from niger_archive.core.temporal import DateMention, dates_disagree, find_dates

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def resolved(text: str, published: str | None = None) -> dict[str, tuple[str | None, str]]:
    """mention text -> (date, precision); the first occurrence of each text."""
    out: dict[str, tuple[str | None, str]] = {}
    for m in find_dates(text, published):
        assert text[m.start:m.end] == m.text
        out.setdefault(m.text, (m.date, m.precision))
    return out


def test_sample_000_resolved_against_its_publication_monday():
    got = resolved(sample("000"), "2024-05-20T09:14+0200")
    assert date(2024, 5, 20).weekday() == 0
    assert got["Sunday"] == ("2024-05-19", "day")  # "said on Sunday"
    assert got["September 15"] == ("2024-09-15", "day")  # nearer than 2023-09-15
    assert got["this past week"] == ("2024-W20", "week")
    assert got["March"] == ("2024-03", "month")  # "initiated in March"
    assert got["July 2023"] == ("2023-07", "month")
    assert got["20.05.2024"] == ("2024-05-20", "day")
    assert got["2024-05-20T09:14+0200"] == ("2024-05-20", "day")
    # the copyright line "2024" alone is not a date mention
    assert "2024" not in got


def test_sample_001_absolute_dates_without_publication_date():
    got = resolved(sample("001"))
    assert got["April 24, 2024"] == ("2024-04-24", "day")
    assert got["July 2023"] == ("2023-07", "month")
    assert got["April 25"] == (None, "day")  # no year said, none to borrow
    got = resolved(sample("001"), "2024-04-24")
    assert got["April 25"] == ("2024-04-25", "day")
    assert got["week of April 29"] == ("2024-W18", "week")


def test_sample_002_relative_dates():
    got = resolved(sample("002"), "2024-04-20")
    assert got["last month"] == ("2024-03", "month")
    assert got["last year"] == ("2023", "year")
    assert got["mid-March"] == ("2024-03", "month")
    assert got["September 15"] == ("2024-09-15", "day")
    assert got["Jun 11, 2024"] == ("2024-06-11", "day")
    assert got["May 03, 2024"] == ("2024-05-03", "day")


def test_sample_003_friday_and_years():
    got = resolved(sample("003"), "2024-04-20")  # a Saturday
    assert got["Friday"] == ("2024-04-19", "day")
    assert got["August 2023"] == ("2023-08", "month")
    assert got["2018"] == ("2018", "year")
    assert got["2019"] == ("2019", "year")
    assert "next few months" not in " ".join(got)


def test_sample_004_last_july():
    got = resolved(sample("004"), "2024-03-17")
    assert got["last July"] == ("2023-07", "month")
    assert got["March"] == ("2024-03", "month")


def test_relative_dates_stay_unresolved_without_publication_date():
    got = resolved("He left yesterday; the pact ended last month, on Sunday.")
    assert got == {"yesterday": (None, "day"), "last month": (None, "month"),
                   "Sunday": (None, "day")}


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("It happened yesterday.", "2024-05-20", ("yesterday", "2024-05-19", "day")),
        ("Talks resume tomorrow.", "2024-05-20", ("tomorrow", "2024-05-21", "day")),
        ("They met on Monday.", "2024-05-20", ("Monday", "2024-05-20", "day")),
        ("They met last Monday.", "2024-05-20", ("last Monday", "2024-05-13", "day")),
        ("They meet next Friday.", "2024-05-20", ("next Friday", "2024-05-24", "day")),
        ("It was agreed last week.", "2024-05-22", ("last week", "2024-W20", "week")),
        ("It is due next month.", "2024-12-02", ("next month", "2025-01", "month")),
        ("It ended last month.", "2024-01-15", ("last month", "2023-12", "month")),
        ("It began two weeks ago.", "2024-05-20", ("two weeks ago", "2024-W19", "week")),
        ("It began 3 days ago.", "2024-05-20", ("3 days ago", "2024-05-17", "day")),
        ("It began a year ago.", "2024-05-20", ("a year ago", "2023", "year")),
        ("Signed on 24 April 2024.", None, ("24 April 2024", "2024-04-24", "day")),
        ("Signed on April 24th, 2024.", None, ("April 24th, 2024", "2024-04-24", "day")),
        ("Signed on Wednesday, April 24, 2024.", None,
         ("Wednesday, April 24, 2024", "2024-04-24", "day")),
        ("Filed 2024-05-20.", None, ("2024-05-20", "2024-05-20", "day")),
        ("Filed 20/05/2024.", None, ("20/05/2024", "2024-05-20", "day")),
        ("Filed 05/06/2024.", None, ("05/06/2024", None, "day")),
        ("Since December 20", "2024-01-10", ("December 20", "2023-12-20", "day")),
        ("By early January", "2023-12-10", ("early January", "2024-01", "month")),
        ("until mid-2025", None, ("mid-2025", "2025", "year")),
        ("signé le 15 septembre 2024", None, ("15 septembre 2024", "2024-09-15", "day")),
        ("prévu en mars", "2024-05-20", ("mars", "2024-03", "month")),
    ],
)
def test_expressions(text, published, expected):
    mentions = find_dates(text, published)
    assert [(m.text, m.date, m.precision) for m in mentions] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Officials may leave soon.",
        "Protesters march on the embassy.",
        "The withdrawal is expected over the next few months.",
        "in the coming weeks or months",
        "more than 1,000 troops",
        "over the past year",
        "2024",
    ],
)
def test_not_dates(text):
    assert find_dates(text, "2024-05-20") == []


def mention(date_: str | None, precision: str) -> DateMention:
    return DateMention("x", 0, 1, date_, precision)


def test_dates_disagree():
    assert dates_disagree(mention("2024-05-19", "day"), mention("2024-05-17", "day"))
    assert not dates_disagree(mention("2024-05-19", "day"), mention("2024-05-19", "day"))
    assert dates_disagree(mention("2024-03", "month"), mention("2024-04", "month"))
    assert dates_disagree(mention("2023", "year"), mention("2024", "year"))
    assert dates_disagree(mention("2024-W20", "week"), mention("2024-W21", "week"))
    # across precisions: a day inside the month agrees, one outside disagrees
    assert not dates_disagree(mention("2024-03", "month"), mention("2024-03-15", "day"))
    assert dates_disagree(mention("2024-03", "month"), mention("2024-04-25", "day"))
    assert not dates_disagree(mention("2024-W20", "week"), mention("2024-05-19", "day"))
    # unresolved mentions never disagree
    assert not dates_disagree(mention(None, "day"), mention("2024-05-19", "day"))


def test_days_covered():
    assert mention("2024-02", "month").days() == (date(2024, 2, 1), date(2024, 2, 29))
    assert mention("2024-W20", "week").days() == (date(2024, 5, 13), date(2024, 5, 19))
    assert mention(None, "day").days() is None
