"""The query language as a user meets it: words, stems, accents, phrases, fields, dates, operators."""

from __future__ import annotations

import re

import pytest

from niger_archive.core.errors import QueryError


def found(index, query: str, limit: int = 50) -> set[int]:
    return {h.id for h in index.search(query, limit)}


def containing(docs, pattern: str) -> set[int]:
    rx = re.compile(pattern, re.IGNORECASE)
    return {d["id"] for d in docs if rx.search(d.get("body") or "") or rx.search(d.get("title") or "")}


# --------------------------------------------------------------------------- words


def test_plain_word_finds_every_article_using_it(index, docs):
    expected = containing(docs, r"\bembassy\b")
    assert expected and found(index, "embassy") == expected


def test_stemming_matches_other_forms_of_the_word(index, docs):
    # The Porter stemmer maps withdraw / withdrawal / withdrawing to one stem.
    with_noun = containing(docs, r"\bwithdrawal\b")
    with_verb = containing(docs, r"\bwithdraw\b")
    assert with_noun and with_verb
    assert with_noun <= found(index, "withdraw")
    assert with_verb <= found(index, "withdrawal")


def test_case_and_accents_are_folded(index):
    for query in ("Etats", "etats", "États", "ÉTATS", "etats-unis"):
        assert 101 in found(index, query), query
    assert 101 in found(index, "armee")  # keyword "armée"


def test_plain_words_all_have_to_match(index):
    assert found(index, "uranium benin") == {104}
    assert found(index, "uranium embassy") == set()


def test_plain_words_search_notes_claims_and_entities(index):
    assert 102 in found(index, "contradicts")  # only in the note
    assert 102 in found(index, "eleven hundred")  # only in the claim
    assert 102 in found(index, "blinken")  # only in the entities


def test_title_hits_rank_first(index):
    hits = index.search("uranium")
    assert hits[0].id == 104
    assert hits[0].title == "Uranium exports"
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


# --------------------------------------------------------------------------- phrases


def test_phrase_matches_words_in_order(index, docs):
    expected = containing(docs, r"military\s+personnel")
    assert expected
    assert found(index, '"military personnel"') == expected
    assert found(index, '"personnel military"') == containing(docs, r"personnel\s+military")


def test_phrase_never_spans_two_values_of_a_list_field(index):
    assert found(index, 'entity:"Kurt Campbell"') == {102}
    assert found(index, 'entity:"Campbell Antony"') == set()


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet:sputnik", {1}),
        ('outlet:"Sputnik Africa"', {1}),
        ("author:lefevre", {101}),
        ('author:"Olga Nesterova"', {2}),
        ("dateline:paris", {101}),
        ("tag:disputed", {102}),
        ("tags:Disputed", {102}),
        ('tag:"needs review"', {102}),
        ("verdict:false", {103}),
        ('verdict:"mostly false"', {102}),
        ('entity:"Kurt Campbell"', {102}),
        ("entity:campbell", {102}),
        ("note:pentagon", {102}),
        ("claims:personnel", {102}),
        ("keyword:trade", {104}),
        ("keywords:drones", {102}),
        ("lang:fr", {101}),
        ("language:fr-fr", {101}),
    ],
)
def test_field_queries(index, query, expected):
    assert found(index, query) == expected


def test_title_field(index, docs):
    expected = {d["id"] for d in docs if re.search(r"\bniger\b", d["title"], re.IGNORECASE)}
    assert expected and found(index, "title:niger") == expected


def test_keyword_field_uses_stems(index, docs):
    expected = {d["id"] for d in docs if "troops" in (d.get("keywords") or [])}
    assert found(index, "keyword:troops") == expected
    assert found(index, "keyword:troop") == expected


def test_language_field_matches_primary_subtag(index, docs):
    english = {d["id"] for d in docs if d.get("language") == "en"}
    assert found(index, "lang:en") == english
    assert found(index, "lang:fr") == {101}  # "fr-FR"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published:2024-05", {1, 2, 3, 4, 5, 102}),
        ("published:2024-06", {103}),  # 2024-06-01T00:30+02:00: June on the source's clock
        ("published:2024-05-20", {1, 3, 5}),
        ("published:[2024-05-01 TO 2024-05-19]", {2, 4, 102}),
        ("published:[2023-01-01 TO 2024-04-30]", {101, 104}),
        ("published:>2024-05-20", {1, 3, 5, 103}),  # the given day is included
        ("published:<2024-01-01", {104}),
        ("date:2024-04", {101}),
        ("published:2023", {104}),
    ],
)
def test_date_queries(index, query, expected):
    assert found(index, query) == expected


def test_dates_combine_with_words(index, docs):
    assert found(index, "uranium published:2023") == {104}
    assert found(index, "uranium published:2024") == containing(docs, r"\buranium\b") - {104}


# --------------------------------------------------------------------------- operators and prefixes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:uranium OR title:embassy", {103, 104}),
        ("title:(uranium OR embassy)", {103, 104}),
        ("title:(uranium OR embassy) NOT title:embassy", {104}),
        ("title:(uranium OR embassy) AND exports", {104}),
        ("+title:embassy -title:uranium", {103}),
        ("title:embassy -consular", set()),
        ("(tag:disputed OR tag:verified) AND lang:en", {102, 103}),
    ],
)
def test_boolean_operators(index, query, expected):
    assert found(index, query) == expected


def test_prefix_wildcards(index, docs):
    assert found(index, "withdr*") == containing(docs, r"\bwithdr\w*")
    assert found(index, "Urani*") == containing(docs, r"\burani\w*")
    assert 101 in found(index, "Éta*")
    assert found(index, "tag:disp*") == {102}


def test_empty_query_finds_nothing(index):
    assert index.search("") == []
    assert index.search("   ") == []


def test_total_counts_all_matches_beyond_the_page(index, docs):
    expected = containing(docs, r"\buranium\b")
    result = index.search_results("uranium", limit=1)
    assert len(result.hits) == 1 and result.total == len(expected) and not result.timed_out


@pytest.mark.parametrize(
    "query",
    [
        "published:[2024-13-45 TO 2024-99-99]",
        "published:[2024-01-01 TO 2024-02-30]",
        "date:[2024-05-01 TO 2024-13]",
        "published:>2024-00-10",
        "published:<2024-04-31",
        "published:2024-02-30",
    ],
)
def test_an_impossible_date_in_a_query_is_refused_with_the_reason(index, query):
    with pytest.raises(QueryError, match="no such date"):
        index.search(query)


def test_date_shaped_words_outside_date_fields_are_plain_words(index):
    index.search("loi 2024-13-45")  # a law number, not a date: searched as words
