"""Owns what a search answers: its hits and total (``SearchResults``), the collector that counts the
total exactly up to a threshold and then lets Whoosh skip, and the snippets of a page's hits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh.collectors import TopCollector

from .snippets import Snippet, field_snippet, make_snippet

SNIPPET_TEXTS_AT_ONCE = 32  # texts read before their snippets are made (at most 80 KB each)


@dataclass(frozen=True)
class SearchHit:
    """One matching article: snippet is plain text with hits marked «…»; highlights are the
    code-point spans of the hit words inside snippet (marks excluded)."""

    id: int
    score: float
    title: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, how many articles matched in all, and whether time ran out first
    (then hits are the best found so far and total counts only the matches seen).

    As in Lucene and Elasticsearch, ``total`` is exact (``total_is_exact``) when at most the search's
    threshold of articles match; beyond it (or when time ran out) it is an honest lower bound (at
    least that many match), and ``SearchIndex.count_matches`` gives the exact number."""

    hits: list[SearchHit]
    total: int
    timed_out: bool = False
    total_is_exact: bool = True


class SearchCancelled(Exception):
    """A count of matches was cancelled (the query it was for changed)."""


class ExactThenTopCollector(TopCollector):
    """Whoosh's top-N collector that scores and counts every match until ``threshold`` have been
    counted, then lets Whoosh skip what cannot reach the top N (block quality and matcher replacement):
    the same top hits as an exhaustive ranking, and an exact total whenever at most ``threshold`` match.
    Whoosh's own collector skips from the first match on, so its count is never exact (its
    ``count()`` then re-runs the whole search); ``total`` and ``exact`` here say what was counted."""

    def __init__(self, limit: int, threshold: int | None) -> None:
        super().__init__(limit=limit, usequality=threshold is not None)  # type: ignore[no-untyped-call]
        self.threshold = threshold
        self.exact = True

    def matches(self) -> Iterator[int]:
        matcher = self.matcher
        while self.threshold is None or self.total < self.threshold:
            if not matcher.is_active():
                return
            yield matcher.id()
            matcher.next()
        if matcher.is_active():
            self.exact = False  # one more match than the threshold at least: the total is a lower bound
            yield from super().matches()


def page_snippets(ids: list[int], terms: dict[str, set[Any]], text_for: Callable[[int], str | None] | None,
                  fields_for: Callable[[list[int]], dict[int, list[tuple[str, str]]]] | None) -> dict[int, Snippet | None]:
    """Each article's snippet (or None) for the query's ``terms``: from its text, or from the note, claim
    or tag that matched when the hit words are not in the text."""
    snippets: dict[int, Snippet | None] = {}
    for start in range(0, len(ids), SNIPPET_TEXTS_AT_ONCE):
        # The texts are read first, then the snippets made: reading lets go of the interpreter lock
        # and takes it back, and reads spread between snippets (one every millisecond or two) kept
        # the interface thread waiting for the lock for 50 ms at a time (see ``storage.MappedStorage``).
        chunk = ids[start:start + SNIPPET_TEXTS_AT_ONCE]
        texts = [text_for(doc_id) if text_for is not None else None for doc_id in chunk]
        for doc_id, text in zip(chunk, texts):
            snippets[doc_id] = make_snippet(text, terms) if text else None
    elsewhere = [i for i, snippet in snippets.items() if snippet is None or not snippet.highlights]
    if elsewhere and fields_for is not None and terms:
        for doc_id, fields in fields_for(elsewhere).items():
            for label, value in fields:
                found_there = field_snippet(label, value, terms) if value else None
                if found_there is not None:
                    snippets[doc_id] = found_there
                    break
    return snippets
