"""The clean-up engine: wrapped lines re-joined, paragraphs kept, notes written, offsets right."""

from __future__ import annotations

from importer_checks import assert_offsets_consistent

from niger_archive.importers import parse_file
from niger_archive.importers.cleanup import Removals, assemble_paragraphs, clean_lines, continues
from niger_archive.importers.lines import build_text, split_lines


def paragraphs_of(raw: str) -> list[str]:
    text, _ = build_text(raw, assemble_paragraphs(split_lines(raw)))
    return text.split("\n\n")


def test_line_broken_mid_sentence_is_joined_with_one_space():
    raw = (
        "The withdrawal does mark the end of the bilateral relationship, but the two sides will negotiate, a senior\n"
        "US military official said on Sunday.\n"
        "The\n"
        "military pullout was initiated in March."
    )
    assert paragraphs_of(raw) == [
        "The withdrawal does mark the end of the bilateral relationship, but the two sides will negotiate, "
        "a senior US military official said on Sunday.",
        "The military pullout was initiated in March.",
    ]


def test_blank_lines_and_finished_sentences_keep_paragraph_breaks():
    raw = "First paragraph ends here.\nSecond paragraph starts here.\n\nThird one"
    assert paragraphs_of(raw) == ["First paragraph ends here.", "Second paragraph starts here.", "Third one"]


def test_headline_is_not_glued_to_the_body():
    raw = "Niger Junta Expels French Envoy\nNIAMEY — The junta gave the envoy 48 hours to leave."
    assert paragraphs_of(raw)[0] == "Niger Junta Expels French Envoy"


def test_continues_rules():
    assert continues("a line that stops with the", "next words of it.")
    assert continues("U.S. officials met the U.S.", "delegation in Niamey.")
    assert not continues("A finished sentence.", "Another sentence starts.")
    assert not continues("Short Title Line", "Another Line")


def test_joined_paragraph_offsets_point_into_raw():
    raw = "Officials said the army of Niger would\ncontinue talks with the US in the coming weeks, a\nspokesman said."
    text, offsets = build_text(raw, assemble_paragraphs(split_lines(raw)))
    assert text == raw.replace("\n", " ")
    start = text.index("continue")
    assert raw[offsets.to_raw(start):].startswith("continue")


def test_removed_lines_are_reported_with_examples():
    removals = Removals()
    clean_lines(split_lines("top of page\nReal text stays here, said the minister.\nShare.\nbottom of page"), removals)
    notes = removals.notes()
    assert any("navigation links (2)" in note and "“top of page”" in note for note in notes)
    assert any("share" in note for note in notes)


def test_dropped_line_between_paragraphs_keeps_the_break():
    raw = "The first paragraph ends without punctuation\n\nAdvertisement\n\nThe second paragraph."
    draft = parse_file(raw.encode(), "a.txt")
    assert draft.text == "The first paragraph ends without punctuation\n\nThe second paragraph."


def test_advertisement_between_wrapped_lines_is_bridged():
    raw = (
        "The base at Agadez was used for surveillance flights over the Sahel region by the\n"
        "Advertisement\n"
        "air force for nearly six years, the officials said."
    )
    draft = parse_file(raw.encode(), "a.txt")
    assert "by the air force for nearly six years" in draft.text
    assert_offsets_consistent(draft)


def test_header_keywords_outlet_and_title_from_a_scrape():
    raw = "\n".join(
        [
            "https://www.sahelwire.example/2024/05/niger-talks",
            "Niger And US Hold Talks On Troop Exit",
            "Sahel Wire",
            "2024-05-20T09:14+0200",
            "niger",
            "united states (us)",
            "troops, withdrawal, sahel",
            "https://cdn.sahelwire.example/img/a.jpg",
            "Niger And US Hold Talks On Troop Exit",
            "NIAMEY, Niger (Reuters) - Niger and the United States began talks on Monday on the exit of US troops.",
        ]
    )
    draft = parse_file(raw.encode(), "scrape.txt")
    assert draft.title == "Niger And US Hold Talks On Troop Exit"
    assert draft.outlet == "Sahel Wire"
    assert draft.url == "https://www.sahelwire.example/2024/05/niger-talks"
    assert draft.keywords == ["niger", "united states (us)", "troops", "withdrawal", "sahel"]
    assert draft.published == "2024-05-20T09:14:00+02:00"
    assert draft.dateline == "NIAMEY"
    assert draft.text == (
        "Niger And US Hold Talks On Troop Exit\n\n"
        "NIAMEY, Niger (Reuters) - Niger and the United States began talks on Monday on the exit of US troops."
    )


def test_outlet_falls_back_to_the_registrable_domain():
    raw = "https://en.example-news.co.uk/a/b\nThe army said on Monday that talks with the US would continue next week."
    draft = parse_file(raw.encode(), "a.txt")
    assert draft.outlet == "example-news.co.uk"


def test_nothing_left_after_cleanup_is_rejected():
    import pytest

    from niger_archive.core.errors import ImportRejected

    with pytest.raises(ImportRejected, match="no article text"):
        parse_file(b"top of page\nShare.\nAdvertisement\n0\nbottom of page\n", "junk.txt")


def test_hard_wrapped_press_release_becomes_paragraphs():
    raw = (
        "PRESS RELEASE\n\n"
        "Ministry of Defence announces the end of the withdrawal of foreign forces\n\n"
        "NIAMEY, 7 July 2024 - The Ministry of Defence announces that the withdrawal\n"
        "of the foreign forces stationed at Air Base 101 in Niamey was completed on\n"
        "Sunday, in accordance with the timetable agreed by the two parties.\n\n"
        "The Ministry thanks the population for its patience and its support\n"
        "throughout the process.\n\n"
        "Contact: press@defense.example.ne\n"
    )
    draft = parse_file(raw.encode(), "release.txt")
    assert draft.title == "Ministry of Defence announces the end of the withdrawal of foreign forces"
    assert draft.dateline == "NIAMEY"
    assert draft.text.split("\n\n")[1:] == [
        "NIAMEY, 7 July 2024 - The Ministry of Defence announces that the withdrawal of the foreign forces "
        "stationed at Air Base 101 in Niamey was completed on Sunday, in accordance with the timetable agreed "
        "by the two parties.",
        "The Ministry thanks the population for its patience and its support throughout the process.",
    ]
    assert_offsets_consistent(draft)


def test_subheadings_kept_links_and_comment_thread_removed():
    raw = (
        "Niger and US agree on troop withdrawal by September 15 after talks\n"
        "The agreement was reached after four days of talks in Niamey between officials, the statement said.\n"
        "What happens next\n"
        "The withdrawal will start immediately, officials said. Some equipment will be left behind.\n"
        "Read more: Niger junta expels French ambassador\n"
        "3 Comments\n"
        "Ali\n"
        "May 3, 2024 at 10:14 am\n"
        "This is good news for the country and for the region, I hope the talks continue without any problem.\n"
        "Reply\n"
    )
    draft = parse_file(raw.encode(), "page.txt")
    assert draft.text.split("\n\n") == [
        "Niger and US agree on troop withdrawal by September 15 after talks",
        "The agreement was reached after four days of talks in Niamey between officials, the statement said.",
        "What happens next",
        "The withdrawal will start immediately, officials said. Some equipment will be left behind.",
    ]


def test_text_after_a_content_label_is_kept():
    raw = "Title: Junta names cabinet\nText: The military government named a cabinet on Wednesday, state TV said."
    draft = parse_file(raw.encode(), "a.txt")
    assert draft.title == "Junta names cabinet"
    assert "The military government named a cabinet" in draft.text
