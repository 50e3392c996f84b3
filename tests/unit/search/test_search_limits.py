"""Malformed and pathological queries are refused with QueryError (or answered), never anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.core.errors import QueryError
from niger_archive.search import MAX_CLAUSES, MAX_QUERY_CHARS, SearchResults
from niger_archive.search import index as index_module
from niger_archive.search import querying


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"military personnel', "quotes"),
        ("(troops OR niger", "parentheses"),
        ("troops) niger", "parentheses"),
        ("published:[2024-05-01 TO", "brackets"),
        ("troops ] niger", "brackets"),
        ("troops AND", "AND"),
        ("OR troops", "OR"),
        ("troops AND OR niger", "AND"),
        ("NOT", "NOT"),
        ("published:bogus", "date"),
        ("published:[2024-05-01 TO bogus]", "date"),
    ],
)
def test_malformed_queries_are_refused_with_a_clear_message(index, query, message):
    with pytest.raises(QueryError, match=message):
        index.search(query)


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "title:*",
        "*tion",
        "w*",
        "*ithdrawal",
        "[a TO z]",
        "title:[a TO]",
        "title:{a TO z}",
        "x" * (MAX_QUERY_CHARS + 1),
        " ".join(f"word{i}" for i in range(MAX_CLAUSES + 1)),
        '"' + " ".join(["troops"] * (MAX_CLAUSES + 1)) + '"',
        "(" * 17 + "troops" + ")" * 17,
    ],
)
def test_expensive_queries_are_refused(index, query):
    with pytest.raises(QueryError):
        index.search(query)


def test_prefix_expanding_to_too_many_words_is_refused(index, monkeypatch):
    monkeypatch.setattr(querying, "MAX_EXPANSIONS", 3)
    with pytest.raises(QueryError, match="more letters"):
        index.search("th*")
    assert index.search("uraniu*")  # few expansions: answered


def test_question_marks_are_punctuation_not_wildcards(index):
    assert {h.id for h in index.search("uranium?")} == {h.id for h in index.search("uranium")}
    assert index.search("?????") == []


def test_narrow_word_range_is_answered(index):
    assert {h.id for h in index.search("[uranium TO uraniumz]")} >= {104}


def test_time_limit_yields_results_not_a_hang(index, monkeypatch):
    monkeypatch.setattr(index_module, "SEARCH_TIME_LIMIT", 0.0)
    result = index.search_results("the OR a OR niger OR troops", limit=5)
    assert isinstance(result, SearchResults)
    assert len(result.hits) <= 5
    assert result.timed_out or result.total >= len(result.hits)


def test_non_text_query_is_refused(index):
    with pytest.raises(QueryError):
        index.search(None)  # type: ignore[arg-type]


QUERY_ALPHABET = st.sampled_from(
    list('abcdeéÉtroops niger"()[]{}*?+-:^~\'\\/!&|')
    + ["AND ", "OR ", "NOT ", "TO ", "published:", "title:", "tag:", "2024-05", " "]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join))
def test_any_input_is_answered_or_refused_with_query_error(index, text):
    try:
        result = index.search(text, limit=5)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(result, list)


def test_search_works_from_a_worker_thread(index):
    # The UI runs searches on a worker thread; the time limit must not rely on SIGALRM there.
    import threading

    out: list = []
    worker = threading.Thread(target=lambda: out.append(index.search("uranium")))
    worker.start()
    worker.join(10)
    assert out and out[0]
