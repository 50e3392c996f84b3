"""The five scraped samples, through parse_file, come out as a reader would want them."""

from __future__ import annotations

import re

import pytest
from importer_checks import assert_offsets_consistent, sample_path

PREFIXES = ("000", "001", "002", "003", "004")


def test_000_sputnik_metadata(samples):
    draft = samples["000"]
    first_line = sample_path("000").read_text(encoding="utf-8").splitlines()[0]
    assert draft.title == (
        "Niger Not Cutting Off Relations With US, Will Further Negotiate Partnership, US Official Says"
    )
    assert not draft.title_derived
    assert draft.outlet == "Sputnik Africa"
    assert draft.published == "2024-05-20T09:14:00+02:00"
    assert draft.updated == "2024-05-20T09:34:00+02:00"
    assert draft.url == first_line
    assert {"troops", "withdrawal", "niger", "military cooperation", "west africa"} <= set(draft.keywords)
    assert draft.dateline == "WASHINGTON"


def test_000_body_once_without_contact_block_or_images(samples):
    text = samples["000"].text
    assert text.count("does mark the end of the bilateral relationship") == 1
    assert text.count("Earlier, the US Department of Defense said") == 1
    assert text.count(samples["000"].title) == 1
    assert "feedback@" not in text and "+7495" not in text
    assert "Rossiya Segodnya" not in text
    assert "https://" not in text and ".jpg" not in text
    assert "en_EN" not in text and not re.search(r"^(2024|News)$", text, re.M)
    assert "09:14 20.05.2024" not in text  # the timestamp glued before the body


def test_000_wrapped_lines_rejoined(samples):
    paragraphs = samples["000"].text.split("\n\n")
    assert any(
        p.startswith("The withdrawal of US forces from Niger")
        and "a senior US military official said on Sunday." in p
        for p in paragraphs
    )
    assert "The military pullout was initiated in March" in samples["000"].text
    assert "since the CNSP took control of the government" in samples["000"].text
    assert "strictly about the defense relationship" in samples["000"].text
    assert all("\n" not in p for p in paragraphs)


def test_000_keyword_lines_not_in_text(samples):
    text = samples["000"].text
    assert "sub-saharan africa" not in text
    assert "national council for the safeguard of the homeland (cnsp)" not in text


def test_001_blog_repost(samples):
    draft = samples["001"]
    assert draft.author == "Olga Nesterova"
    assert draft.title == "U.S. Begins Talks on Withdrawal of Forces from Niger Amid Bilateral Negotiations"
    for junk in ("top of page", "bottom of page", "Top Stories", "Writer's picture"):
        assert junk not in draft.text
    assert draft.published == "2024-04-24"
    assert "Source: U.S. Department Of State, April 24, 2024" in draft.text


def test_002_derived_title_and_dateline(samples):
    draft = samples["002"]
    assert draft.title_derived
    assert draft.title and draft.title.startswith("Niger and the United States have announced")
    assert "NIAMEY" not in draft.title and len(draft.title) <= 140
    assert draft.dateline == "NIAMEY"
    assert draft.text.startswith("NIAMEY,NIGER — ")  # the dateline stays in the body
    assert "Related News" not in draft.text
    assert "Kicks off" not in draft.text and "Jun 11, 2024" not in draft.text
    assert "Tensions Brew" not in draft.text and "May 03, 2024" not in draft.text
    assert draft.text.rstrip().endswith("diplomatic relations.")


def test_003_upi_style(samples):
    draft = samples["003"]
    assert draft.title == "U.S. to end military presence in Niger"
    assert draft.text.count("U.S. to end military presence in Niger") == 1
    assert "Advertisement" not in draft.text
    assert "Leave A Reply" not in draft.text
    assert "Your email address will not be published." not in draft.text
    assert not re.search(r"^0$", draft.text, re.M)
    assert "Photo by Issifou Djibo/EPA-EFE" not in draft.text
    assert "formalize the end of the United State’s military presence in the country." in draft.text
    assert not re.search(r"^Source$", draft.text, re.M)


def test_004_share_and_mobile_switch_removed(samples):
    draft = samples["004"]
    assert "Share." not in draft.text
    assert "Exit mobile version" not in draft.text
    assert draft.title_derived
    assert draft.title == "The United States has agreed to withdraw its forces from the West African nation of Niger"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_sample_is_english_with_offsets_consistent(samples, prefix):
    draft = samples[prefix]
    assert draft.language == "en"
    assert draft.source_format == "txt"
    assert_offsets_consistent(draft)
    assert "\n\n\n" not in draft.text
    assert draft.text == draft.text.strip()


def test_sentences_kept(samples):
    assert "there are currently less than 1,000 US troops in the country" in samples["000"].text
    assert "nearly 1,000 U.S. military personnel stationed in the country" in samples["002"].text
    assert "The United States will withdraw more than 1,000 troops from Niger" in samples["003"].text
    assert "approximately 1,000 U.S. military personnel stationed in the country" in samples["004"].text
    assert "Kurt M. Campbell is slated to visit Niamey" in samples["001"].text


@pytest.mark.parametrize("prefix", PREFIXES)
def test_notes_say_what_was_removed(samples, prefix):
    draft = samples[prefix]
    if prefix == "002":
        assert any("related-article lists" in note for note in draft.notes)
    for note in draft.notes:
        assert isinstance(note, str) and note


def test_raw_text_is_the_file(samples):
    for prefix in PREFIXES:
        assert samples[prefix].raw_text == sample_path(prefix).read_text(encoding="utf-8")
