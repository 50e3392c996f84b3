"""The number of matches a search reports is every matching article, however few hits are shown."""

from __future__ import annotations

import random

import pytest

from niger_archive.search import SearchIndex


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    rng = random.Random(5)
    filler = ["niger", "niamey", "junta", "base", "drone", "agreement", "officials", "said"]
    docs = []
    for i in range(1, 401):
        title = "Troops leave" if i % 20 == 0 else "Talks continue"
        body = " ".join(rng.choices(filler, k=rng.randint(20, 200)))
        if i % 2 == 0:
            body += " troops" * rng.randint(1, 4)
        docs.append({"id": i, "title": title, "body": body, "keywords": ["troops"] if i % 50 == 0 else []})
    index = SearchIndex.open(tmp_path_factory.mktemp("totals") / "index")
    index.add(docs[:250])
    index.add(docs[250:])  # two segments
    yield index
    index.close()


@pytest.mark.parametrize("limit", [1, 5, 20, 500])
def test_total_counts_every_match_not_only_those_that_could_rank(idx, limit):
    results = idx.search_results("troops", limit)
    assert results.total == 200  # every even id has it in the body; the titles and keywords add none
    assert len(results.hits) == min(limit, 200)


@pytest.mark.parametrize("query", ["troops NOT junta", '"troops leave" OR drone', "troop* niger"])
def test_totals_of_other_shapes_equal_the_full_match_list(idx, query):
    full = idx.search_results(query, 1000)
    assert idx.search_results(query, 3).total == full.total == len(full.hits)
