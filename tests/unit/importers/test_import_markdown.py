"""Markdown files: YAML front matter as metadata, markdown syntax reduced to plain paragraphs."""

from __future__ import annotations

from importer_checks import FIXTURES, assert_offsets_consistent, parse_path

from niger_archive.importers import parse_file


def test_front_matter_fixture():
    draft = parse_path(FIXTURES / "front_matter.md")
    assert draft.source_format == "md"
    assert draft.title == "Niger and US agree withdrawal timetable"
    assert draft.author == "Moussa Kaka"
    assert draft.published == "2024-05-19T18:30:00+01:00"
    assert draft.updated == "2024-05-20"
    assert draft.url == "https://example.org/niger-us-withdrawal"
    assert draft.outlet == "Sahel Wire"
    assert draft.keywords == ["niger", "united states", "troops"]
    assert draft.language == "en"
    assert draft.dateline == "NIAMEY"


def test_markdown_syntax_becomes_text():
    draft = parse_path(FIXTURES / "front_matter.md")
    paragraphs = draft.text.split("\n\n")
    assert paragraphs[0] == "Niger and US agree withdrawal timetable"
    assert paragraphs[1] == (
        "NIAMEY — The two governments agreed on a timetable for the withdrawal of about 1,000 US troops, "
        "according to a joint statement."
    )
    assert "that talks on development cooperation" in draft.text  # soft line break joined
    for syntax in ("**", "*timetable*", "](", "![", "# ", "> ", "---", "title:"):
        assert syntax not in draft.text
    assert "Air Base 201 in Agadez" in paragraphs
    assert_offsets_consistent(draft)


def test_offsets_of_markdown_words_point_at_the_source():
    draft = parse_path(FIXTURES / "front_matter.md")
    start = draft.text.index("timetable for")
    assert draft.raw_text[draft.offsets.to_raw(start):].startswith("timetable*")


def test_no_front_matter_title_from_first_heading():
    text = "# Junta names cabinet\n\nThe military government named a 21-member cabinet on Wednesday, state TV said.\n"
    draft = parse_file(text.encode(), "a.markdown")
    assert draft.title == "Junta names cabinet" and not draft.title_derived


def test_broken_front_matter_is_noted_not_fatal():
    text = "---\ntitle: [unclosed\n---\nThe military government named a cabinet on Wednesday, state television said.\n"
    draft = parse_file(text.encode(), "a.md")
    assert any("front matter ignored" in note for note in draft.notes)
    assert draft.text.startswith("The military government")
    assert draft.title_derived


def test_front_matter_language_is_used_as_stated():
    text = "---\nlang: fr-FR\n---\nThe army said on Monday it would leave the base in Agadez by August.\n"
    assert parse_file(text.encode(), "a.md").language == "fr"
