"""Author and publication date on a labelled set of pages (tests/data/metadata_pages.yaml), side by
side with trafilatura's own metadata extraction on the same pages: the importer finds each at least
as often, and names no author where the page has none more often either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from trafilatura.metadata import extract_metadata

from niger_archive.importers import parse_file

PAGES = yaml.safe_load((Path(__file__).resolve().parents[2] / "data" / "metadata_pages.yaml").read_text("utf-8"))
BODY = "".join(f"<p>{p}</p>\n" for p in (
    "The army said on Sunday that the last foreign troops would leave the base before the end of the month, "
    "according to a statement read on national television in the evening.",
    "Officials from both countries met in the capital to agree on the timetable, which had been discussed "
    "for several weeks after the government ended the cooperation agreement in March.",
    "Residents of the town near the base said they had seen convoys of trucks leaving during the night, "
    "and that the airfield had been quiet since the start of the week.",
    "The government has not said what it will do with the buildings and the runway once the handover is "
    "complete, but a spokesman said the base would serve the national army.",
))


def names(value: str | None) -> list[str]:
    if not value:
        return []
    value = re.sub(r"^\s*(?:by|par)\b:?\s*", "", value, flags=re.IGNORECASE)
    parts = re.split(r"\s*(?:[;,]|\band\b|\bet\b)\s*", value)
    return [" ".join(p.split()).casefold() for p in parts if p.strip()]


def scores() -> dict[str, dict[str, int]]:
    result = {who: {"author": 0, "date": 0, "wrong author": 0, "wrong date": 0} for who in ("importer", "trafilatura")}
    for page in PAGES:
        html = page["html"].replace("{body}", BODY)
        ours = parse_file(html.encode("utf-8"), "page.html")
        theirs = extract_metadata(html)
        found = {"importer": (ours.author, (ours.published or "")[:10]),
                 "trafilatura": (theirs.author, theirs.date or "")}
        for who, (author, date) in found.items():
            if page["author"] and names(author) == names(page["author"]):
                result[who]["author"] += 1
            elif author and names(author) != names(page["author"]):
                result[who]["wrong author"] += 1
            result[who]["date"] += date == page["published"]
            result[who]["wrong date"] += bool(date) and date != page["published"]
    return result


@pytest.fixture(scope="module")
def measured():
    return scores()


def test_the_set_is_big_enough_to_mean_something():
    assert len(PAGES) >= 15
    assert sum(1 for p in PAGES if p["author"]) >= 12


def test_authors_found_at_least_as_often_as_trafilatura(measured):
    assert measured["importer"]["author"] >= measured["trafilatura"]["author"], measured


def test_no_more_wrong_authors_than_trafilatura(measured):
    assert measured["importer"]["wrong author"] <= measured["trafilatura"]["wrong author"], measured


def test_dates_found_at_least_as_often_as_trafilatura(measured):
    assert measured["importer"]["date"] >= measured["trafilatura"]["date"], measured
    assert measured["importer"]["wrong date"] <= measured["trafilatura"]["wrong date"], measured


if __name__ == "__main__":  # the figures, for docs/decisions.md
    print(scores(), "of", len(PAGES), "pages,", sum(1 for p in PAGES if p["author"]), "with an author")
