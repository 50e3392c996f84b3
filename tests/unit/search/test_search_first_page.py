"""The first page of a search: the same best hits as ranking every match, a total that is exact up to a
threshold and an honest, labelled lower bound beyond it, and the exact count on request (cancellable)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.search import SearchCancelled, SearchIndex

WORDS = ["troops", "niger", "niamey", "junta", "base", "drone", "agreement", "officials", "said",
         "withdrawal", "uranium", "border", "mali", "army", "election", "convoy", "talks", "sahel"]


def _docs(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # Zipf-like: a few words in most articles
    docs = []
    for i in range(1, n + 1):
        body = " ".join(rng.choices(WORDS, weights, k=rng.randint(5, 400)))
        title = " ".join(rng.choices(WORDS, weights, k=rng.randint(1, 6)))
        docs.append({"id": i, "title": title, "body": body,
                     "keywords": rng.sample(WORDS, rng.randint(0, 2))})
    return docs


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """Three archives of 900 articles each, in three segments (searches step across segments)."""
    out = []
    for seed in (1, 2, 3):
        docs = _docs(seed, 900)
        index = SearchIndex.open(tmp_path_factory.mktemp(f"page{seed}") / "index")
        for start in range(0, 900, 300):
            index.add(docs[start:start + 300])
        out.append(index)
    yield out
    for index in out:
        index.close()


QUERIES = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.builds(lambda a, b: f"{a} OR {b}", st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.builds(lambda a, b, c: f"({a} OR {b}) NOT {c}", st.sampled_from(WORDS), st.sampled_from(WORDS),
              st.sampled_from(WORDS)),
    st.builds(lambda a, b: f'"{a} {b}"', st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.builds(lambda a: f"{a[:3]}*", st.sampled_from(WORDS)),
    st.builds(lambda a: f"title:{a}", st.sampled_from(WORDS)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), query=QUERIES, limit=st.sampled_from([1, 5, 20]),
       threshold=st.sampled_from([1, 30, 200, 1000]))
def test_first_page_ranks_as_an_exhaustive_ranking_and_labels_its_total(indexes, which, query, limit, threshold):
    index = indexes[which]
    everything = index.search_results(query, 10_000, exact_up_to=None)
    page = index.search_results(query, limit, exact_up_to=threshold)
    assert everything.total_is_exact and everything.total == len(everything.hits)
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[:limit]]
    assert [h.score for h in page.hits] == pytest.approx([h.score for h in everything.hits[:limit]])
    floor = max(threshold, limit)
    if everything.total <= floor:
        assert page.total_is_exact and page.total == everything.total
    else:
        assert not page.total_is_exact and page.total == floor < everything.total
    assert index.count_matches(query) == everything.total


def test_a_common_word_reports_more_than_the_threshold_and_the_exact_count_on_request(indexes):
    page = indexes[0].search_results("troops", 20, exact_up_to=100)
    assert (page.total, page.total_is_exact) == (100, False)
    assert indexes[0].count_matches("troops") == indexes[0].search_results("troops", 1, exact_up_to=None).total > 100


def test_a_rare_word_has_an_exact_total_on_the_first_page(indexes):
    exact = indexes[0].search_results("sahel", 10_000, exact_up_to=None).total
    page = indexes[0].search_results("sahel", 20, exact_up_to=exact)
    assert (page.total, page.total_is_exact) == (exact, True)


def test_a_count_stops_when_cancelled(indexes):
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return True

    with pytest.raises(SearchCancelled):
        indexes[0].count_matches("troops OR niger", cancelled=cancelled)
    assert len(asked) == 1  # it stopped at the first look


def test_a_sentence_pasted_from_an_article_finds_it(tmp_path):
    sentence = "The soldiers left the base near Agadez after the junta asked them to go"  # 14 words
    with SearchIndex.open(tmp_path / "index") as index:
        index.add([{"id": 1, "title": "Departure", "body": f"Witnesses said: {sentence.lower()}, on Sunday."},
                   {"id": 2, "title": "Other", "body": "The soldiers stayed at the base."}])
        assert [h.id for h in index.search(sentence)] == [1]
        assert [h.id for h in index.search(f'"{sentence}"')] == [1]
