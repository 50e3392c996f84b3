"""Dates, sentences, datelines and derived titles read from article text."""

from __future__ import annotations

import pytest

from niger_archive.importers.dates import is_date_only, parse_date
from niger_archive.importers.metadata import choose_dates, clean_author, derive_title, find_dateline
from niger_archive.importers.sentences import looks_like_headline, split_sentences


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-05-20T09:14+0200", "2024-05-20T09:14:00+02:00"),
        ("2024-05-20T09:14:00Z", "2024-05-20T09:14:00+00:00"),
        ("2024-04-24", "2024-04-24"),
        ("April 24, 2024", "2024-04-24"),
        ("09:14 20.05.2024", "2024-05-20T09:14:00"),
        ("10:14 AM EDT, August 25, 2023", "2023-08-25T10:14:00-04:00"),
        ("20 mai 2024 à 09h14", "2024-05-20T09:14:00"),
        ("Jun 11, 2024", "2024-06-11"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2024", "yesterday", "May 3", "2024-13-45", "", "U.S. Department Of State"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_is_date_only():
    assert is_date_only("May 30, 2024")
    assert is_date_only("2024-05-20T09:14+0200")
    assert not is_date_only("Talks resumed on May 30, 2024")
    assert not is_date_only("2024")


def test_split_sentences_respects_abbreviations():
    text = "U.S. Deputy Secretary Kurt M. Campbell met Gen. Tiani. The talks ended. Troops left..."
    assert split_sentences(text) == [
        "U.S. Deputy Secretary Kurt M. Campbell met Gen. Tiani.",
        "The talks ended.",
        "Troops left...",
    ]


@pytest.mark.parametrize(
    ("opening", "city"),
    [
        ("NIAMEY,NIGER — Niger and the US agreed.", "NIAMEY"),
        ("WASHINGTON (Sputnik) - Earlier, the Pentagon said.", "WASHINGTON"),
        ("PARIS (AP) — The junta ordered the envoy out.", "PARIS"),
        ("LAGOS, Nigeria, May 3 (Reuters) - Talks began.", "LAGOS"),
        ("NEW YORK — The UN said.", "NEW YORK"),
    ],
)
def test_datelines(opening, city):
    match = find_dateline(opening)
    assert match is not None and match.group("city") == city


@pytest.mark.parametrize("opening", ["BREAKING — Troops leave.", "The army said - nothing.", "US - Niger talks"])
def test_not_datelines(opening):
    assert find_dateline(opening) is None


def test_derived_title_shortened_at_a_clause():
    text = (
        "The United States has agreed to withdraw its forces from the West African nation of Niger, "
        "as confirmed by a state department official to CBS News. More text."
    )
    expected = "The United States has agreed to withdraw its forces from the West African nation of Niger"
    assert derive_title(text) == expected


def test_derived_title_short_sentence_kept_whole():
    assert derive_title("Troops leave Niger. Details follow.") == "Troops leave Niger"


def test_derived_title_without_clause_cut_at_a_word():
    title = derive_title("word " * 80)
    assert title.endswith("…") and len(title) <= 111


def test_choose_dates_prefers_precise_spelling():
    dates = [("date", "2024-05-20T09:14:00+02:00"), ("date", "2024-05-20T09:34:00+02:00"),
             ("published", "2024-05-20T09:14:00"), ("updated", "2024-05-20T09:34:00")]
    assert choose_dates(dates) == ("2024-05-20T09:14:00+02:00", "2024-05-20T09:34:00+02:00")


def test_choose_dates_source_date_only_as_fallback():
    assert choose_dates([("source_date", "2024-04-24")]) == ("2024-04-24", None)
    assert choose_dates([("source_date", "2024-04-24"), ("published", "2024-04-25")]) == ("2024-04-25", None)


def test_choose_dates_update_alone_is_not_a_publication_date():
    assert choose_dates([("updated", "2024-05-21")]) == (None, "2024-05-21")


def test_clean_author_title_cases_shouting_names():
    assert clean_author("JANE DOE and PIERRE MARTIN") == "Jane Doe and Pierre Martin"
    assert clean_author("Olga Nesterova") == "Olga Nesterova"


def test_headline_shape():
    assert looks_like_headline("U.S. to end military presence in Niger")
    assert looks_like_headline("Niger cuts ties with the U.S.")
    assert not looks_like_headline("The army said it would leave.")
    assert not looks_like_headline("sub-saharan africa and more")
