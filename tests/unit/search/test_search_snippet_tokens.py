"""Snippets built from the fast word scan are exactly those the analyzer chains would give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from niger_archive.search import snippets
from niger_archive.search.schema import FOLDED, STEMMED
from niger_archive.platform.resources import samples_dir


def chain_tokens(text, stemmed_terms, folded_terms):
    """The chains' index-mode terms grouped by word (a word may be indexed as several terms:
    acronyms, hyphenated compounds), one token per word as the fast scan gives."""
    from whoosh.analysis import Token

    def by_word(analyzer):
        words = {}
        for token in analyzer(text, chars=True, positions=True, mode="index", removestops=False):
            words.setdefault((token.startchar, token.endchar), set()).add(token.text)
        return words

    stemmed, folded = by_word(STEMMED), by_word(FOLDED)
    for pos, (span, terms) in enumerate(stemmed.items()):
        token = Token(positions=True, chars=True, boost=1.0)
        token.text, token.pos, (token.startchar, token.endchar) = min(terms), pos, span
        token.matched = bool(terms & stemmed_terms) or bool(folded[span] & folded_terms)
        yield token


def both(text, terms):
    fast = snippets.make_snippet(text, terms)
    original = snippets._marked_tokens
    snippets._marked_tokens = chain_tokens
    try:
        reference = snippets.make_snippet(text, terms)
    finally:
        snippets._marked_tokens = original
    return fast, reference


QUERIES = [
    {"body": {"troop"}},
    {"body": {"withdraw", "niger"}, "entity": {"campbell"}},
    {"body": {"1", "000"}},
    {"entity": {"kurt", "campbell"}},
    {"body": {"etat"}},
]


@pytest.mark.parametrize("terms", QUERIES)
def test_sample_article_snippets_are_unchanged(terms):
    for path in sorted(samples_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        fast, reference = both(text, terms)
        assert fast == reference


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["troops", "Troop", "États", "etat", "Campbell", "1,000", " ", "\n", ".", "x" * 30,
                                 "withdrawal", "İ", "niger"]), max_size=80).map(" ".join))
def test_random_text_snippets_are_unchanged(text):
    for terms in QUERIES:
        fast, reference = both(text, terms)
        assert fast == reference


def every_word(text, terms):
    """make_snippet reading every word of text, as it did before it read only around possible hits."""
    original = snippets._marked_tokens
    snippets._marked_tokens = snippets._all_marked_tokens
    try:
        return snippets.make_snippet(text, terms)
    finally:
        snippets._marked_tokens = original


FILLER = ["the", "convoy", "left", "Agadez", "at", "dawn", "officials", "said", "a.b.c", "well-known", "É", "x" * 70,
          ".", ",", "\n\n", " " * 300, "1,000", "agreement"]
LONG_TEXT = st.lists(st.one_of(st.sampled_from(FILLER), st.sampled_from(FILLER), st.sampled_from(FILLER),
                               st.sampled_from(["troops", "Troop", "niger", "Niger-based", "withdrawal", "États"])),
                     min_size=0, max_size=1_500).map(" ".join)


PHRASES = [{"body": {("troop", "niger")}}, {"body": {("the", "convoy", "left", "agadez")}},
           {"body": {("at", "dawn", "troop")}, "entity": {("agadez", "at")}}, {"body": {("offici", "said", "zzz")}},
           {"body": {("1", "000", "agreement")}}, {"entity": {("etats",)}, "body": {("said", "the")}}]


@settings(max_examples=300, deadline=None)
@given(LONG_TEXT, st.sampled_from(QUERIES + PHRASES + [{"body": {"zzz"}}]))
def test_a_snippet_read_around_possible_hits_is_the_one_read_from_every_word(text, terms):
    assert snippets.make_snippet(text, terms) == every_word(text, terms)


def test_a_snippet_of_a_long_text_with_one_late_hit_reads_only_around_it(monkeypatch):
    text = "The convoy left Agadez at dawn and officials said nothing. " * 300 + "Then the troops came back. " \
        + "The convoy left Agadez at dawn. " * 20
    marked: list[int] = []
    real = snippets._all_marked_tokens

    def counting(*args):
        for token in real(*args):
            marked.append(token.startchar)
            yield token

    monkeypatch.setattr(snippets, "_all_marked_tokens", counting)
    found = snippets.make_snippet(text[:snippets.SNIPPET_SCAN_CHARS], {"body": {"troop"}})
    assert "«troops»" in found.text
    assert len(marked) < 3 * snippets.WINDOW_WORDS  # not the 3,000 words before it


def phrase_words_by_definition(words, phrases, which):
    """Every run of words that is one of ``phrases``, checked at every place of the text."""
    return {i + k for phrase in phrases for i in range(len(words) - len(phrase) + 1)
            if all(phrase[k] in words[i + k][which] for k in range(len(phrase))) for k in range(len(phrase))}


TERM_SETS = st.frozensets(st.sampled_from(["troop", "niger", "1", "000", "more", "than"]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TERM_SETS, TERM_SETS), max_size=60),
       st.lists(st.lists(st.sampled_from(["troop", "niger", "1", "000", "more", "than"]), min_size=1, max_size=4)
                .map(tuple), max_size=3),
       st.sampled_from([2, 3]))
def test_the_words_of_a_phrase_are_those_of_every_run_that_is_the_phrase(spellings, phrases, which):
    words = [(0, 0, folded, stemmed) for folded, stemmed in spellings]
    assert snippets._phrase_words(words, phrases, which) == phrase_words_by_definition(words, phrases, which)

