"""Dates written with English month names are read exactly as dateparser reads them (the fast path)."""

from __future__ import annotations

import itertools

import pytest

from niger_archive.importers import dates

MONTHS = ["January", "Jan", "Jan.", "february", "FEB", "March", "Mar", "April", "Apr", "May", "June", "Jun",
          "July", "Jul", "August", "Aug", "September", "Sep", "Sept", "Sept.", "October", "Oct", "November",
          "Nov", "December", "Dec", "Mai", "Juin", "Sun"]
DAYS = ["1", "05", "29", "30", "31", "0", "32"]
YEARS = ["2024", "1799", "1999", "2101"]


def dateparser_reading(text: str) -> str | None:
    parser = dates._parser()
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period != "day" or not 1800 <= data.date_obj.year <= 2100:
        return None
    return data.date_obj.date().isoformat()


@pytest.mark.parametrize("month", MONTHS)
def test_fast_path_agrees_with_dateparser(month):
    for day, year in itertools.product(DAYS, YEARS):
        for text in (f"{month} {day}, {year}", f"{month} {day} {year}", f"{day} {month} {year}"):
            fast = dates._english_date(text)
            if fast is not None:
                assert fast == dateparser_reading(text), text
            assert dates.parse_date(text) == dateparser_reading(text), text
