"""Phrase queries find exactly the documents Whoosh's own phrase matcher finds, ranked the same way."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from niger_archive.search import SearchIndex
from niger_archive.search.phrases import WordPhrase

WORDS = ["more", "than", "1", "000", "us", "troops", "told", "reporters", "that", "niger"]


@pytest.fixture(scope="module")
def random_index(tmp_path_factory):
    rng = random.Random(11)
    docs = [
        {"id": i, "title": " ".join(rng.choices(WORDS, k=4)), "body": " ".join(rng.choices(WORDS, k=rng.randint(0, 60)))}
        for i in range(1, 401)
    ]
    idx = SearchIndex.open(tmp_path_factory.mktemp("phrases") / "index")
    # Two commits, so the index has two segments.
    idx.add(docs[:200])
    idx.add(docs[200:])
    yield idx
    idx.close()


def _hits(idx, query):
    searcher = idx._get_searcher()
    return [(hit["id"], round(hit.score, 6)) for hit in searcher.search(query, limit=None)]


@pytest.mark.parametrize("seed", range(40))
def test_word_phrase_matches_whooshs_phrase(random_index, seed):
    rng = random.Random(seed)
    words = rng.choices(WORDS[:5], k=rng.randint(2, 4))  # common words: many candidates, few phrases
    field = rng.choice(["body", "title"])
    ours = _hits(random_index, WordPhrase(field, words))
    theirs = _hits(random_index, wq.Phrase(field, words))
    assert sorted(ours) == sorted(theirs)
    assert [score for _, score in ours] == sorted((score for _, score in ours), reverse=True)


def test_phrase_queries_typed_by_a_user_use_it(random_index):
    results = random_index.search_results('"more than 1,000"')
    searcher = random_index._get_searcher()
    expected = {hit["id"] for hit in searcher.search(
        wq.Or([wq.Phrase(f, ["more", "than", "1", "000"]) for f in ("title", "body")]), limit=None)}
    assert results.total == len(expected)


def test_a_repeated_word_phrase_needs_every_occurrence(tmp_path):
    idx = SearchIndex.open(tmp_path / "index")
    idx.add([{"id": 1, "title": "", "body": "that that"}, {"id": 2, "title": "", "body": "that troops that that"}])
    assert {h.id for h in idx.search('"that that that"')} == set()
    assert {h.id for h in idx.search('"that that"')} == {1, 2}
    idx.close()
