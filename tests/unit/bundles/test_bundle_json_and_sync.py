"""Strict JSON parsing of untrusted bundle files, and the three-way merge rule."""

from __future__ import annotations

import pytest

from niger_archive.bundles import syncing
from niger_archive.bundles.strict_json import nesting_depth, parse
from hypothesis import given
from hypothesis import strategies as st

from niger_archive.bundles.syncing import Incoming, RecordVersion, decide
from niger_archive.core.errors import BundleRejected


def _parse(text: str | bytes, **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse(data, "data/x.json", max_bytes=kw.get("max_bytes", 10_000), max_depth=kw.get("max_depth", 8))


def test_valid_json_parses():
    assert _parse('{"a": [1, 2.5, "é", null, true]}') == {"a": [1, 2.5, "é", None, True]}


@pytest.mark.parametrize("text, fragment", [
    ('{"a": 1, "a": 2}', "duplicate key 'a'"),
    ('{"a": NaN}', "NaN is not allowed"),
    ('{"a": Infinity}', "Infinity is not allowed"),
    ('{"a": -Infinity}', "-Infinity is not allowed"),
    ('{"a": 1e999}', "out of range"),
    ('{"a": ' + "9" * 40 + "}", "more than 30 digits"),
    ('{"a": "\\ud800"}', "lone surrogate"),
    ('{"\\udfff": 1}', "lone surrogate"),
    ('{"a": [1, 2', "malformed JSON"),
    ("[" * 9 + "]" * 9, "nested 9 levels deep"),
])
def test_hostile_json_is_refused_with_the_reason(text, fragment):
    with pytest.raises(BundleRejected) as info:
        _parse(text)
    assert fragment in str(info.value) and "data/x.json" in str(info.value)


def test_bytes_that_are_not_utf8_or_carry_a_bom_are_refused():
    with pytest.raises(BundleRejected, match="not valid UTF-8"):
        _parse(b'{"a": "\xff"}')
    with pytest.raises(BundleRejected, match="byte-order mark"):
        _parse(b'\xef\xbb\xbf{"a": 1}')


def test_size_is_bounded():
    with pytest.raises(BundleRejected, match="more than the limit"):
        _parse('{"a": "' + "x" * 100 + '"}', max_bytes=50)


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth('{"a": "[[[[[[[[[[{{{{{{", "b": ["\\"]]]]"]}') == 2
    assert _parse('{"a": "[[[[[[[[[[[[[[[[[[[["}') == {"a": "[" * 20}


def test_very_deep_nesting_is_refused_without_recursion():
    with pytest.raises(BundleRejected, match="levels deep"):
        _parse("[" * 100_000 + "]" * 100_000, max_bytes=10**6)


H0, H1, H2 = "h0", "h1", "h2"
V = RecordVersion


@pytest.mark.parametrize("local, incoming, expected", [
    (None, Incoming({"a": 1}, H0), syncing.ADD),
    (None, Incoming({"a": 1}, None, True), syncing.TOMBSTONE),
    (V({"a": 1}, H0), Incoming({"a": 1}, H0), syncing.SAME),
    (V({"a": 2}, H1), Incoming({"a": 1}, H0), syncing.KEEP_LOCAL),          # an older copy of ours
    (V({"a": 2, "b": 1}, H1), Incoming({"a": 1}, H0), syncing.KEEP_LOCAL),  # a third party's stale copy
    (V({"a": 1}, H0), Incoming({"a": 1, "b": 1}, H1), syncing.TAKE_INCOMING),
    (V({"a": 2}, H1), Incoming({"a": 1, "b": 1}, H2), syncing.CONFLICT),    # both changed it
    (V({"a": 2}, H1), Incoming({"a": 1, "b": 1}, H1), syncing.SAME),        # both made the same change
    (V({"a": 2}, None, True), Incoming({"a": 1}, H0), syncing.KEEP_DELETED),  # a deletion beats an older copy
    (V({"a": 2}, None, True), Incoming({"a": 1, "b": 1}, H1), syncing.CONFLICT),  # deleted here, edited there
    (V({"a": 1}, H0), Incoming({"a": 1, "b": 1}, None, True), syncing.DELETE),
    (V({"a": 2}, H1), Incoming({"a": 1, "b": 1}, None, True), syncing.CONFLICT),  # edited here, deleted there
    # format-1 records (no vector): only a copy we held before may lose; anything else is a conflict
    (V({"a": 2}, H1, history=[H0, H1]), Incoming(None, H0), syncing.KEEP_LOCAL),
    (V({"a": 2}, H1, history=[H1]), Incoming(None, H2), syncing.CONFLICT),
    (V({"a": 1}, H1, history=[H1]), Incoming(None, H1), syncing.SAME),
    (V({"a": 2}, None, True, [H0]), Incoming(None, H0), syncing.KEEP_DELETED),
    (V({"a": 2}, None, True, [H0]), Incoming(None, H1), syncing.CONFLICT),
])
def test_version_rule(local, incoming, expected):
    assert decide(local, incoming)[0] == expected


vectors = st.dictionaries(st.sampled_from("abc"), st.integers(1, 4), min_size=1)


@given(vectors, vectors)
def test_an_incoming_copy_is_only_taken_when_it_descends_from_ours(ours, theirs):
    decision, _ = decide(V(ours, H0), Incoming(theirs, H1))
    relation = syncing.compare(theirs, ours)
    assert (decision == syncing.TAKE_INCOMING) == (relation == syncing.AFTER)
    assert (decision == syncing.CONFLICT) == (relation == syncing.CONCURRENT)


@given(vectors, vectors)
def test_merged_vectors_descend_from_both(a, b):
    m = syncing.merged(a, b)
    assert syncing.compare(m, a) in (syncing.AFTER, syncing.EQUAL)
    assert syncing.compare(m, b) in (syncing.AFTER, syncing.EQUAL)
    assert syncing.compare(syncing.advanced(m, "a", 99), m) == syncing.AFTER
