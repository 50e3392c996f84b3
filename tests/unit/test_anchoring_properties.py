"""Property tests: a quote taken from any text re-anchors to its span, unchanged or shifted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from niger_archive.core.anchoring import anchor, make_selectors

# Few distinct symbols so that texts repeat themselves; emoji, astral letters, combining accents
# and several kinds of whitespace so that code-point offsets are exercised.
SYMBOLS = ["a", "b", "c", " ", "\n", "\u00a0", "😀", "👍🏽", "𝔘", "e\u0301", "\u0301", "ß"]

chunk = st.lists(st.sampled_from(SYMBOLS), max_size=12).map("".join)
# Text built from a few chunks, some of them repeated.
texts = st.lists(chunk, min_size=1, max_size=5).flatmap(
    lambda chunks: st.lists(st.sampled_from(chunks), min_size=1, max_size=8).map("".join)
) | st.text(min_size=1, max_size=60)


@st.composite
def text_and_span(draw):
    text = draw(texts.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(max_examples=300, deadline=None)
@given(text_and_span())
def test_unchanged_text_reanchors_to_the_same_span(case):
    text, start, end = case
    quote, position = make_selectors(text, start, end)
    result = anchor(text, quote, position)
    assert (result.start, result.end, result.status, result.score) == (start, end, "exact", 1.0)


@settings(max_examples=300, deadline=None)
@given(text_and_span(), st.text(min_size=1, max_size=20), st.data())
def test_text_inserted_before_the_span_shifts_it(case, inserted, data):
    text, start, end = case
    quote, position = make_selectors(text, start, end)
    at = data.draw(st.integers(0, start), label="insertion point")
    edited = text[:at] + inserted + text[at:]
    shifted = (start + len(inserted), end + len(inserted))

    result = anchor(edited, quote, position)

    # The quote is still in the text verbatim, so it is found verbatim.
    assert result.status in ("exact", "moved")
    assert edited[result.start : result.end] == quote.exact
    # When that is unambiguous, it is the annotated passage itself.
    if _occurrences(edited, quote.exact) == 1:
        assert (result.start, result.end) == shifted
    # When the insertion left the stored context intact, context settles repeated copies.
    context_intact = at <= start - len(quote.prefix)
    if context_intact and _occurrences(edited, quote.prefix + quote.exact + quote.suffix) == 1:
        assert (result.start, result.end) == shifted


@settings(max_examples=200, deadline=None)
@given(text_and_span(), st.text(min_size=1, max_size=20), st.data())
def test_text_inserted_after_the_context_changes_nothing(case, inserted, data):
    text, start, end = case
    quote, position = make_selectors(text, start, end)
    at = data.draw(st.integers(min(len(text), end + len(quote.suffix)), len(text)))
    edited = text[:at] + inserted + text[at:]
    result = anchor(edited, quote, position)
    assert (result.start, result.end, result.status) == (start, end, "exact")


def _occurrences(text: str, needle: str) -> int:
    count, i = 0, text.find(needle)
    while i != -1:
        count += 1
        i = text.find(needle, i + 1)
    return count
