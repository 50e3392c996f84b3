"""A hit in a note, claim or tag (not the text) is shown from that field, named, with the words marked."""

from __future__ import annotations

from niger_archive.search.snippets import field_snippet
from niger_archive.ui.snippet_delegate import lead_to_first_hit, snippet_runs


def test_a_note_snippet_names_the_field_and_its_spans_are_the_marked_words():
    snippet = field_snippet("note", "compare with UPI's more than 1,000", {"note": {"upi"}})
    assert snippet.text == "note: compare with «UPI»'s more than 1,000"
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["UPI"]


def test_a_tag_snippet_marks_the_whole_tag_and_a_field_without_the_words_gives_none():
    snippet = field_snippet("tag", "Needs Source", {"tag": {"needs source"}})
    assert snippet.text == "tag: «Needs Source»"
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["Needs Source"]
    assert field_snippet("claim", "troops left", {"claim": {"uranium"}}) is None
    assert field_snippet("tag", "other", {"tag": {"needs source"}}) is None


def test_a_long_note_cut_to_its_hit_keeps_the_field_name_in_view():
    runs = lead_to_first_hit(snippet_runs("note: one two three four five six seven eight nine «UPI» said"))
    assert runs[0][0].startswith("note: …") and runs[1] == ("UPI", True)
