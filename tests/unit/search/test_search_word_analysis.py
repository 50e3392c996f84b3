"""The index's fast word analysis gives exactly the terms and positions of the Whoosh analyzer chain."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Positions

from niger_archive.search.schema import (
    FOLDED,
    LANGUAGE_MARK,
    STEMMED,
    VALUE_SEPARATOR,
    build_schema,
    document_fields,
)
from niger_archive.platform.resources import samples_dir

ALPHABET = st.sampled_from(
    list("abcXYZ019 .,-'’\n\t") + ["İ", "é", "États", "ß", "ﬁ", "١٢", "日本", "Ångström", VALUE_SEPARATOR, "_", "U.S.",
                                   LANGUAGE_MARK + "fr", LANGUAGE_MARK + "en", "généraux", "déployées", "l'accord"]
)


def chain_terms(analyzer, text: str) -> dict[str, list[int]]:
    found: defaultdict[str, list[int]] = defaultdict(list)
    for token in analyzer(text, positions=True, boosts=True, mode="index"):
        found[token.text].append(token.pos)
    return dict(found)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_fast_path_equals_the_chain_for_any_text(text):
    for analyzer in (STEMMED, FOLDED):
        assert dict(analyzer.term_positions(text)) == chain_terms(analyzer, text)


def test_fast_path_equals_the_chain_on_the_sample_articles():
    for path in sorted(samples_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for analyzer in (STEMMED, FOLDED):
            assert dict(analyzer.term_positions(text)) == chain_terms(analyzer, text)


def test_indexed_postings_are_byte_for_byte_whooshs_own():
    schema = build_schema()
    fields = document_fields({
        "id": 7,
        "title": "U.S. troops leave Niger",
        "body": "More than 1,000 U.S. troops; less than 1,000 troops. Withdrawal, withdrawals.",
        "keywords": ["Niger", "troop withdrawal"],
        "entities": ["Kurt Campbell", "Antony Blinken"],
        "outlet": "Reuters",
    })
    for name in ("title", "body", "keyword", "entity", "outlet"):
        field = schema[name]
        reference = Positions(field_boost=field.format.field_boost)
        expected = sorted((w.encode(), f, wt, v) for w, f, wt, v in reference.word_values(fields[name], field.analyzer))
        assert sorted(field.index(fields[name])) == expected


def test_values_of_a_multi_valued_field_stay_apart():
    positions = STEMMED.term_positions(f"Kurt Campbell{VALUE_SEPARATOR}Antony Blinken")
    assert positions["antoni"][0] - positions["campbel"][0] > 1


def test_fast_path_equals_the_chain_on_a_french_article():
    fields = document_fields({"id": 8, "title": "Retrait", "language": "fr",
                              "body": "Environ 1 000 soldats américains ; l'accord d'Agadez, les généraux déployés.",
                              "keywords": ["retraits", "Niger"]})
    for name in ("body", "keyword"):
        assert fields[name].startswith(LANGUAGE_MARK + "fr")
        assert dict(STEMMED.term_positions(fields[name])) == chain_terms(STEMMED, fields[name])
    assert "general" in STEMMED.term_positions(fields["body"])
