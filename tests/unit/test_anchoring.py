"""Re-anchoring annotations after the article text changes, and finding typed quotes."""

from __future__ import annotations

import random
import time

import pytest

from niger_archive.core.anchoring import (
    DEFAULT_CONTEXT,
    Anchor,
    TextPositionSelector,
    TextQuoteSelector,
    anchor,
    find_quote,
    make_selectors,
    reanchor_all,
)
from niger_archive.core.errors import InvalidEdit

ARTICLE = (
    "NIAMEY, May 20 - The withdrawal of US forces from Niger does not mark the end of the "
    "bilateral relationship, a senior official said on Sunday.\n\n"
    "The official emphasised that the ruling council has made clear it does not want a large "
    "presence of foreign forces in the country. Talks this past week were strictly about "
    "defence and did not touch on trade.\n\n"
    "Fewer than 1,000 American troops remain at two bases, according to the officials. "
    "The pullout began in March after the military government ended a security pact.\n\n"
    "Deputy Secretary of State Kurt Campbell is expected to visit in the coming weeks for "
    "broader talks about the future of relations between the two countries."
)

PASSAGE = "Talks this past week were strictly about defence and did not touch on trade."


def selectors_for(text: str, passage: str) -> tuple[TextQuoteSelector, TextPositionSelector]:
    start = text.index(passage)
    return make_selectors(text, start, start + len(passage))


def span_of(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


# --- selectors ---------------------------------------------------------------------------------


def test_make_selectors_stores_quote_and_context():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    assert quote.exact == PASSAGE
    assert len(quote.prefix) == len(quote.suffix) == DEFAULT_CONTEXT
    assert ARTICLE[position.start - DEFAULT_CONTEXT : position.start] == quote.prefix
    assert ARTICLE[position.end : position.end + DEFAULT_CONTEXT] == quote.suffix


def test_make_selectors_context_is_cut_at_the_text_edges():
    quote, _ = make_selectors(ARTICLE, 0, 6)
    assert (quote.exact, quote.prefix) == ("NIAMEY", "")
    quote, _ = make_selectors(ARTICLE, len(ARTICLE) - 10, len(ARTICLE))
    assert quote.suffix == ""
    assert len(quote.prefix) == DEFAULT_CONTEXT


@pytest.mark.parametrize("start,end", [(5, 5), (7, 3), (-1, 4), (0, len(ARTICLE) + 1)])
def test_make_selectors_rejects_empty_or_outside_spans(start, end):
    with pytest.raises(InvalidEdit):
        make_selectors(ARTICLE, start, end)


# --- the acceptance list ---------------------------------------------------------------


def test_position_unchanged_is_exact():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    assert anchor(ARTICLE, quote, position) == Anchor(position.start, position.end, "exact", 1.0)


def test_text_inserted_before_the_passage_moves_it():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited = "UPDATE: this story has been corrected.\n\n" + ARTICLE
    result = anchor(edited, quote, position)
    assert result.status == "moved"
    assert (result.start, result.end) == span_of(edited, PASSAGE)
    assert result.score > 0.99


def test_text_inserted_right_before_the_passage_moves_it():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited = ARTICLE.replace(PASSAGE, "Officials added: " + PASSAGE)
    result = anchor(edited, quote, position)
    assert result.status == "moved"
    assert (result.start, result.end) == span_of(edited, PASSAGE)


def test_typo_fixed_inside_the_quote_is_fuzzy_with_the_right_span():
    with_typo = ARTICLE.replace("strictly about", "strictley about")
    quote, position = selectors_for(with_typo, PASSAGE.replace("strictly", "strictley"))
    result = anchor(ARTICLE, quote, position)
    assert result.status == "fuzzy"
    assert (result.start, result.end) == span_of(ARTICLE, PASSAGE)
    assert result.score > 0.95


def test_typo_fixed_and_text_shifted_is_still_found():
    with_typo = ARTICLE.replace("strictly about", "strictley about")
    quote, position = selectors_for(with_typo, PASSAGE.replace("strictly", "strictley"))
    edited = "Editor's note: figures updated.\n" + ARTICLE
    result = anchor(edited, quote, position)
    assert result.status == "fuzzy"
    assert (result.start, result.end) == span_of(edited, PASSAGE)


def test_whitespace_changed_inside_the_quote_keeps_the_right_span():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    rewrapped = PASSAGE.replace("week were ", "week\nwere  ").replace("on trade", "on\ttrade")
    edited = ARTICLE.replace(PASSAGE, rewrapped)
    result = anchor(edited, quote, position)
    assert result.status in ("fuzzy", "moved")
    assert (result.start, result.end) == span_of(edited, rewrapped)


def test_whitespace_changed_around_the_quote_keeps_the_right_span():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited = ARTICLE.replace(" " + PASSAGE, "\n\n" + PASSAGE)
    result = anchor(edited, quote, position)
    assert result.status in ("fuzzy", "moved", "exact")
    assert (result.start, result.end) == span_of(edited, PASSAGE)


def test_passage_moved_elsewhere_is_moved():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited = ARTICLE.replace(" " + PASSAGE, "") + "\n\n" + PASSAGE
    result = anchor(edited, quote, position)
    assert result.status == "moved"
    assert (result.start, result.end) == span_of(edited, PASSAGE)


def test_passage_deleted_is_orphan():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited = ARTICLE.replace(" " + PASSAGE, "")
    assert anchor(edited, quote, position) == Anchor(-1, -1, "orphan", 0.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "The withdrawal of US forces from Niger does not mark the end of the bilateral "
        "relationship, a senior official said on Sunday.",
        "Fewer than 1,000 American troops remain at two bases, according to the officials.",
        "The pullout began in March after the military government ended a security pact.",
    ],
)
def test_any_deleted_sentence_is_orphan(sentence):
    quote, position = selectors_for(ARTICLE, sentence)
    assert anchor(ARTICLE.replace(sentence, ""), quote, position).status == "orphan"


def test_heavily_edited_passage_needs_review():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    rewritten = "Last week's talks were only about defence and never touched on trade."
    edited = ARTICLE.replace(PASSAGE, rewritten)
    result = anchor(edited, quote, position)
    assert result.status == "needs_review"
    start, end = span_of(edited, rewritten)
    assert abs(result.start - start) <= 2 and abs(result.end - end) <= 2
    assert 0.55 <= result.score < 0.9


def test_lightly_edited_passage_in_a_new_context_is_not_confident():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    edited_passage = PASSAGE.replace("strictly", "solely")
    edited = "Background: " + edited_passage + "\n\nNo further comment was made."
    result = anchor(edited, quote, position)
    assert result.status in ("needs_review", "orphan")


REPEATED = (
    "Opening remarks by the spokesperson. Stay calm and follow the guidance. "
    "Then the minister spoke about the border. Stay calm and follow the guidance. "
    "Finally the mayor closed the meeting."
)
REPEATED_SENTENCE = "Stay calm and follow the guidance."


def second_occurrence(text: str) -> tuple[int, int]:
    first = text.index(REPEATED_SENTENCE)
    start = text.index(REPEATED_SENTENCE, first + 1)
    return start, start + len(REPEATED_SENTENCE)


def test_repeated_sentence_keeps_the_annotated_occurrence_when_text_shifts():
    start, end = second_occurrence(REPEATED)
    quote, position = make_selectors(REPEATED, start, end)
    edited = "Breaking: " + REPEATED
    result = anchor(edited, quote, position)
    assert result.status == "moved"
    assert (result.start, result.end) == second_occurrence(edited)


def test_repeated_sentence_uses_context_when_the_old_position_hits_the_other_copy():
    start, end = second_occurrence(REPEATED)
    quote, position = make_selectors(REPEATED, start, end)
    first = REPEATED.index(REPEATED_SENTENCE)
    # Insert exactly enough text that the first copy now sits at the annotation's old offsets.
    edited = "x" * (start - first - 1) + " " + REPEATED
    assert edited[position.start : position.end] == REPEATED_SENTENCE
    result = anchor(edited, quote, position)
    assert (result.start, result.end) == second_occurrence(edited)
    assert result.status == "moved"


def test_repeated_sentence_without_a_position_is_told_apart_by_context():
    start, end = second_occurrence(REPEATED)
    quote, _ = make_selectors(REPEATED, start, end)
    result = anchor(REPEATED, quote, None)
    assert (result.start, result.end) == (start, end)
    assert result.status == "moved"  # nothing to verify without a stored position


def test_repeated_sentence_with_its_context_edited_still_picks_the_closer_context():
    start, end = second_occurrence(REPEATED)
    quote, position = make_selectors(REPEATED, start, end)
    edited = "Preface. " + REPEATED.replace("minister spoke", "minister talked")
    result = anchor(edited, quote, position)
    assert (result.start, result.end) == second_occurrence(edited)
    assert result.status == "moved"


def test_number_corrected_in_place_is_not_moved_to_an_unrelated_copy():
    text = (
        "The army reported 40 dead in the northern town of Tillaberi on Tuesday. "
        "Local officials later gave a higher toll. In 2019 a similar raid left 40 dead."
    )
    start = text.index("40 dead")
    quote, position = make_selectors(text, start, start + len("40 dead"))
    edited = text.replace("reported 40 dead", "reported 41 dead")
    result = anchor(edited, quote, position)
    assert (result.start, result.end) == (start, start + len("41 dead"))
    assert result.status in ("fuzzy", "needs_review")


def test_empty_quote_is_orphan():
    assert anchor(ARTICLE, TextQuoteSelector(""), TextPositionSelector(0, 0)).status == "orphan"


def test_empty_text_makes_every_annotation_orphan():
    quote, position = selectors_for(ARTICLE, PASSAGE)
    assert anchor("", quote, position).status == "orphan"


def test_position_outside_the_new_text_is_only_a_hint():
    quote, position = selectors_for(ARTICLE, "Kurt Campbell")
    shortened = ARTICLE[position.start - 40 :]
    result = anchor(shortened, quote, position)
    assert result.status == "moved"
    assert (result.start, result.end) == span_of(shortened, "Kurt Campbell")


def test_non_bmp_text_is_anchored_in_code_points():
    text = "Résumé 😀 of the café meeting 𝔘 — the crowd 👍🏽 cheered."
    quote, position = selectors_for(text, "the crowd 👍🏽")
    edited = "🇳🇪 " + text
    result = anchor(edited, quote, position)
    assert edited[result.start : result.end] == "the crowd 👍🏽"
    assert result.status == "moved"


def test_reanchor_all_keeps_order():
    passages = ["Kurt Campbell", PASSAGE, "NIAMEY", "security pact"]
    targets = [selectors_for(ARTICLE, p) for p in passages]
    targets.append((TextQuoteSelector("not in the article at all, really"), None))
    edited = "Correction appended.\n" + ARTICLE
    anchors = reanchor_all(edited, targets)
    assert [a.status for a in anchors] == ["moved"] * 4 + ["orphan"]
    assert [edited[a.start : a.end] for a in anchors[:4]] == passages


# --- find_quote --------------------------------------------------------------------------------


def test_find_quote_finds_a_unique_quote():
    assert find_quote(ARTICLE, PASSAGE) == span_of(ARTICLE, PASSAGE)


def test_find_quote_is_whitespace_tolerant():
    typed = "Talks   this past\nweek were strictly about defence"
    start, end = find_quote(ARTICLE.replace("past week", "past\n  week"), typed)
    edited = ARTICLE.replace("past week", "past\n  week")
    assert edited[start:end] == "Talks this past\n  week were strictly about defence"


def test_find_quote_ignores_surrounding_whitespace_of_the_typed_quote():
    start, end = find_quote(ARTICLE, "  Kurt Campbell \n")
    assert ARTICLE[start:end] == "Kurt Campbell"


def test_find_quote_is_otherwise_exact():
    with pytest.raises(InvalidEdit, match="quote not found in article: 'kurt campbell'"):
        find_quote(ARTICLE, "kurt campbell")
    with pytest.raises(InvalidEdit, match="quote not found"):
        find_quote(ARTICLE, "KurtCampbell")


def test_find_quote_treats_punctuation_literally():
    text = "The council (CNSP) met. The council CNSP met."
    assert text[slice(*find_quote(text, "(CNSP)"))] == "(CNSP)"
    with pytest.raises(InvalidEdit):
        find_quote(text, "council .CNSP.")


def test_find_quote_requires_an_occurrence_when_ambiguous():
    with pytest.raises(InvalidEdit) as error:
        find_quote(REPEATED, REPEATED_SENTENCE)
    message = str(error.value)
    assert "2 times" in message and "--occurrence N" in message


def test_find_quote_occurrence_picks_one_counting_from_one():
    first = REPEATED.index(REPEATED_SENTENCE)
    assert find_quote(REPEATED, REPEATED_SENTENCE, occurrence=1) == (
        first,
        first + len(REPEATED_SENTENCE),
    )
    assert find_quote(REPEATED, REPEATED_SENTENCE, occurrence=2) == second_occurrence(REPEATED)


@pytest.mark.parametrize("occurrence", [0, 3, -1])
def test_find_quote_occurrence_out_of_range(occurrence):
    with pytest.raises(InvalidEdit, match="out of range"):
        find_quote(REPEATED, REPEATED_SENTENCE, occurrence=occurrence)


def test_find_quote_counts_overlapping_occurrences():
    with pytest.raises(InvalidEdit, match="3 times"):
        find_quote("aaaa", "aa")
    assert find_quote("aaaa", "aa", occurrence=3) == (2, 4)


def test_find_quote_rejects_an_empty_quote():
    with pytest.raises(InvalidEdit):
        find_quote(ARTICLE, "  \n ")


def test_find_quote_shortens_a_long_quote_in_the_message():
    with pytest.raises(InvalidEdit) as error:
        find_quote(ARTICLE, "missing " * 40)
    assert len(str(error.value)) < 120 and "…" in str(error.value)


# --- performance -------------------------------------------------------------------------------


def _article(rng: random.Random, size: int) -> str:
    words = ARTICLE.split()
    parts, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))) + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def test_thousand_annotations_reanchor_quickly_after_an_insertion():
    rng = random.Random(1)
    text = _article(rng, 10_000)
    targets = []
    for _ in range(1000):
        length = rng.randint(10, 200)
        start = rng.randrange(0, len(text) - length)
        targets.append(make_selectors(text, start, start + length))
    insertion = "A new opening sentence was inserted by the editor. "
    edited = text[:120] + insertion + text[120:]
    began = time.perf_counter()
    anchors = reanchor_all(edited, targets)
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0
    for (quote, position), result in zip(targets, anchors):
        if position.start >= 120:
            assert edited[result.start : result.end] == quote.exact
        assert result.status != "orphan"


def test_fuzzy_lookup_in_a_megabyte_text_is_fast():
    rng = random.Random(2)
    text = _article(rng, 1_000_000)
    start = 600_000
    quote, position = make_selectors(text, start, start + 120)
    edited = "Preface. " * 50 + text[: start + 60] + "#" + text[start + 61 :]
    began = time.perf_counter()
    result = anchor(edited, quote, position)
    elapsed = time.perf_counter() - began
    assert elapsed < 0.5
    assert (result.start, result.end, result.status) == (start + 450, start + 570, "fuzzy")
