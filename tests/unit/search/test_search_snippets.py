"""Snippets: hit words marked «…» in a short extract, with spans the reader can highlight."""

from __future__ import annotations

from niger_archive.search.snippets import SNIPPET_CHARS, make_snippet


def assert_marks_consistent(snippet: str, highlights: list[tuple[int, int]]) -> list[str]:
    words = []
    for start, end in highlights:
        assert snippet[start - 1] == "«" and snippet[end] == "»", (snippet, start, end)
        words.append(snippet[start:end])
    assert snippet.count("«") == len(highlights)
    return words


def test_snippet_marks_the_hit_words(index, texts):
    hits = index.search("uranium", text_for=texts.get)
    assert hits
    for hit in hits:
        words = assert_marks_consistent(hit.snippet, hit.highlights)
        assert words and all(w.lower() == "uranium" for w in words)
        assert "\n" not in hit.snippet


def test_snippet_marks_other_forms_of_a_stemmed_word(index, texts):
    hits = index.search("withdraw", text_for=texts.get)
    marked = {w.lower() for h in hits for w in assert_marks_consistent(h.snippet, h.highlights)}
    assert "withdrawal" in marked


def test_snippet_marks_accented_words_for_a_folded_query(index, texts):
    (hit,) = index.search("etats", text_for=texts.get)
    assert "«États-Unis»" in hit.snippet  # a hyphenated compound is marked whole


def test_phrase_words_and_prefix_expansions_are_marked(index, texts):
    for hit in index.search('"military personnel"', text_for=texts.get):
        words = {w.lower() for w in assert_marks_consistent(hit.snippet, hit.highlights)}
        assert {"military", "personnel"} <= words
    for hit in index.search("urani*", text_for=texts.get):
        assert "uranium" in {w.lower() for w in assert_marks_consistent(hit.snippet, hit.highlights)}


def test_excluded_words_are_not_marked(index, texts):
    # Excluded in the title only, so the article (whose body names Benin) still matches.
    (hit,) = index.search("exports -title:benin", text_for=texts.get)
    assert "Benin" in hit.snippet
    words = {w.lower() for w in assert_marks_consistent(hit.snippet, hit.highlights)}
    assert words == {"exports"}


def test_metadata_only_hit_shows_the_opening_unmarked(index, texts):
    (hit,) = index.search("outlet:reuters", text_for=texts.get)
    assert hit.highlights == [] and "«" not in hit.snippet
    assert hit.snippet.startswith("The embassy issued")


def test_without_text_for_snippets_are_empty(index):
    hits = index.search("uranium")
    assert hits and all(h.snippet == "" and h.highlights == [] for h in hits)
    hits = index.search("uranium", text_for=lambda _id: None)
    assert all(h.snippet == "" for h in hits)


def test_entity_query_marks_the_name_in_the_text():
    text = "Talks were led by Deputy Secretary Kurt Campbell in Niamey."
    snippet = make_snippet(text, {"entity": {"kurt", "campbell"}})
    assert assert_marks_consistent(snippet.text, snippet.highlights) == ["Kurt", "Campbell"]


def test_long_text_gives_a_short_snippet_around_the_hit():
    text = ("Filler sentence about nothing in particular. " * 200) + "The uranium convoy left. " + (
        "More filler follows here. " * 200
    )
    snippet = make_snippet(text, {"body": {"uranium"}})
    assert len(snippet.text) < SNIPPET_CHARS + 20
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert assert_marks_consistent(snippet.text, snippet.highlights) == ["uranium"]
