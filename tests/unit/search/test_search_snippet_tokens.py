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
