"""The first page of a search: the same best hits as Whoosh's matchers ranking every match; a total that
is exact for queries of words and phrases (ranked with arrays, every match counted) and, for what only
Whoosh's matchers run (phrases with slop), exact up to a threshold and an honest, labelled lower bound
beyond it; and the exact count on request (cancellable)."""

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
        index.add(_docs(seed + 10, 900)[::18])  # 50 articles changed: the older segments hold superseded copies
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
    st.builds(lambda a, b, c: f'"{a} {b} {c}"', st.sampled_from(WORDS), st.sampled_from(WORDS),
              st.sampled_from(WORDS)),
    st.builds(lambda a, b: f'"{a} {b}"~3', st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.builds(lambda a: f"{a[:3]}*", st.sampled_from(WORDS)),
    st.builds(lambda a: f"title:{a}", st.sampled_from(WORDS)),
    st.builds(lambda a, b: f"+{a} -{b}", st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.builds(lambda a, b, c: f"{a} AND {b} NOT {c}", st.sampled_from(WORDS), st.sampled_from(WORDS),
              st.sampled_from(WORDS)),
    st.builds(lambda a, b: f"title:{a} {b}*", st.sampled_from(WORDS), st.sampled_from([w[:2] for w in WORDS])),
)


def whoosh_ranking(index, query: str) -> list[tuple[float, int]]:
    """Every match of query as Whoosh's own matchers score it, best first (then in document order): the
    oracle, independent of the arrays that rank word queries."""
    from niger_archive.search.querying import parse_query

    searcher = index._get_searcher()
    q = parse_query(query, index._ix.schema)
    ranked = []
    for leaf, offset in searcher.leaf_searchers():
        matcher = q.matcher(leaf, leaf.context())
        while matcher.is_active():
            if not leaf.reader().is_deleted(matcher.id()):
                ranked.append((-matcher.score(), offset + matcher.id()))
            matcher.next()
    return [(-score, int(searcher.stored_fields(docnum)["id"])) for score, docnum in sorted(ranked)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), query=QUERIES, limit=st.sampled_from([1, 5, 20]),
       threshold=st.sampled_from([1, 30, 200, 1000]))
def test_first_page_ranks_as_an_exhaustive_ranking_and_labels_its_total(indexes, which, query, limit, threshold):
    index = indexes[which]
    oracle = whoosh_ranking(index, query)
    everything = index.search_results(query, 10_000, exact_up_to=None)
    page = index.search_results(query, limit, exact_up_to=threshold)
    assert everything.total_is_exact and everything.total == len(everything.hits) == len(oracle)
    assert [h.id for h in page.hits] == [doc_id for _score, doc_id in oracle[:limit]]
    assert [h.score for h in page.hits] == pytest.approx([score for score, _doc_id in oracle[:limit]])
    assert [h.id for h in everything.hits] == [doc_id for _score, doc_id in oracle]
    floor = max(threshold, limit)
    if page.total_is_exact:
        assert page.total == len(oracle)
    else:  # phrases alone, and Whoosh's matchers (phrases with slop), stop counting at the threshold
        assert query.startswith('"') and " AND " not in query and "NOT" not in query
        assert floor <= page.total <= len(oracle)  # "N+ matches": at least N (all may be found unchecked)
    assert index.count_matches(query) == len(oracle)


def test_the_best_hit_survives_whooshs_skipping(indexes):
    """Once Whoosh's collector had replaced an OR by an "and maybe" matcher, the optional clause could
    lag behind and its share of the score was dropped: "troops niger" lost its best article."""
    from whoosh.collectors import TopCollector

    from niger_archive.search.querying import parse_query

    index = indexes[0]
    exhaustive = index.search_results("troops niger", 1, exact_up_to=None).hits[0]
    searcher = index._get_searcher()
    top = TopCollector(limit=1)  # Whoosh's defaults: usequality=True, replace=10
    searcher.search_with_collector(parse_query("troops niger", index._ix.schema), top)
    assert int(searcher.stored_fields(top.results().docnum(0))["id"]) == exhaustive.id


@pytest.mark.parametrize("query", ['"troops niger"~3', '"troops niger"', '"niger troops" OR "troops said"'])
def test_a_common_phrase_reports_more_than_the_threshold_and_the_exact_count_on_request(indexes, query):
    page = indexes[0].search_results(query, 20, exact_up_to=100)
    assert not page.total_is_exact and 100 <= page.total
    exact = indexes[0].count_matches(query)
    assert exact == indexes[0].search_results(query, 1, exact_up_to=None).total > page.total
    assert [h.id for h in page.hits] == [doc_id for _score, doc_id in whoosh_ranking(indexes[0], query)[:20]]


@pytest.mark.parametrize("query", ["troops", '"troops niger" AND troops', "troops AND niger NOT sahel"])
def test_common_words_and_phrases_have_their_exact_total_on_the_first_page(indexes, query):
    page = indexes[0].search_results(query, 20, exact_up_to=100)
    assert page.total_is_exact and page.total == len(whoosh_ranking(indexes[0], query)) > 100


def test_an_excluded_word_excludes_the_first_candidate_too(tmp_path):
    """Whoosh's "and not" matcher kept its first candidate when the excluded word's list started before
    it: ``+ecowas -sanctions`` counted an article that mentions sanctions."""
    with SearchIndex.open(tmp_path / "index") as index:
        index.add([{"id": 1, "title": "Sanctions", "body": "sanctions only"},
                   {"id": 2, "title": "Both", "body": "ecowas sanctions"},
                   {"id": 3, "title": "Summit", "body": "ecowas summit"}])
        assert [h.id for h in index.search("+ecowas -sanctions")] == [3]
        assert index.count_matches("+ecowas -sanctions") == 1
        assert [doc_id for _score, doc_id in whoosh_ranking(index, "+ecowas -sanctions")] == [3]


def test_a_rare_word_has_an_exact_total_on_the_first_page(indexes):
    exact = indexes[0].search_results("sahel", 10_000, exact_up_to=None).total
    page = indexes[0].search_results("sahel", 20, exact_up_to=exact)
    assert (page.total, page.total_is_exact) == (exact, True)


def test_a_search_cut_short_by_time_labels_its_total_a_lower_bound(indexes, monkeypatch):
    from niger_archive.search import index as index_module

    class RunsOutOfTime(index_module.TimeLimitCollector):
        def collect_matches(self):
            for sub_docnum in self.matches():
                if self.child.total >= 50:  # as if the time limit struck after 50 matches
                    raise index_module.TimeLimit
                self.collect(sub_docnum)

    monkeypatch.setattr(index_module, "TimeLimitCollector", RunsOutOfTime)
    page = indexes[0].search_results('"troops niger"~3 OR "niger troops"~3', 20)
    exact = indexes[0].count_matches('"troops niger"~3 OR "niger troops"~3')
    assert page.timed_out and not page.total_is_exact and page.total == 50 < exact


def test_a_count_stops_when_cancelled(indexes):
    asked: list[int] = []

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


def test_a_huge_articles_snippet_reads_a_bounded_part_of_it(tmp_path, monkeypatch):
    from niger_archive.search import snippets

    head = "Niger's junta asked the troops to leave the base near Agadez. "
    huge = head + "The convoy crossed the desert without incident. " * 300_000  # about 15 MB
    read: list[int] = []
    real_word_spans = snippets.word_spans
    monkeypatch.setattr(snippets, "word_spans", lambda text: read.append(len(text)) or real_word_spans(text))
    with SearchIndex.open(tmp_path / "index") as index:
        index.add([{"id": 1, "title": "Leaving", "body": huge}])
        (hit,) = index.search("troops", text_for={1: huge}.get)
    assert "«troops»" in hit.snippet and hit.snippet.endswith("…")
    assert read and max(read) <= snippets.SNIPPET_SCAN_CHARS


def test_the_text_a_snippet_reads_is_the_start_of_the_article(tmp_path):
    from niger_archive.store.packing import pack_text, unpack_text_head

    text = "Niamey — les États-Unis retirent leurs troupes. " * 2_000
    packed = pack_text(text)
    for chars in (0, 1, 7, 1_000, len(text), len(text) + 5):
        assert unpack_text_head(packed, chars) == text[:chars]
    assert unpack_text_head(text, 10) == text[:10]  # a plain value written by the first schema


def test_a_snippet_stops_reading_after_its_first_passages(monkeypatch):
    from niger_archive.search import snippets

    text = "The troops left the base at dawn and the convoy went north. " * 2_000  # hits everywhere
    words = 0
    real_word_spans = snippets.word_spans

    def counting(value):
        nonlocal words
        for span in real_word_spans(value):
            words += 1
            yield span

    monkeypatch.setattr(snippets, "word_spans", counting)
    snippet = snippets.make_snippet(text, {"body": {"troop"}})
    assert "«troops»" in snippet.text
    assert words < 12 * 60  # the first passages' sentences, not the 24,000 words within the scan limit


def test_prefixes_rank_as_whoosh_ranks_them_in_a_segment_of_more_than_5000_articles(tmp_path):
    """Whoosh scores a prefix that expands to several words by BM25 in a segment of more than 5,000
    documents and as 1.0 per match in a smaller one; the arrays follow it in both."""
    rng = random.Random(7)
    extra = ["mine", "miners", "mineral", "minister", "ministry", "minor"]  # "min*": six words
    docs = [dict(doc, body=doc["body"] + " " + " ".join(rng.choices(extra, k=rng.randint(0, 5))))
            for doc in _docs(7, 5_200)]
    with SearchIndex.open(tmp_path / "index") as index:
        index.add(docs[:5_100])  # one segment of more than 5,000
        index.add(docs[5_100:])  # and a small one
        for query in ("min*", "min* OR ni*", "troops min*", "min* -talks", "mine*"):
            oracle = whoosh_ranking(index, query)
            page = index.search_results(query, 20)
            assert [h.id for h in page.hits] == [doc_id for _score, doc_id in oracle[:20]], query
            assert page.total_is_exact and page.total == len(oracle)


@pytest.mark.parametrize("query", ['"base near agadez"', '"base near agadez" OR "left niamey"', "agadez"])
def test_words_found_only_in_a_superseded_copy_match_nothing(tmp_path, query):
    with SearchIndex.open(tmp_path / "index") as index:
        index.add([{"id": 1, "title": "Departure", "body": "The soldiers left the base near Agadez."},
                   {"id": 2, "title": "Other", "body": "Talks went on."}])
        index.add([{"id": 1, "title": "Departure", "body": "The soldiers left."}])  # a new version of 1
        for limit in (1, 20):
            page = index.search_results(query, limit)
            assert (page.hits, page.total, page.total_is_exact) == ([], 0, True)
        assert index.count_matches(query) == 0
