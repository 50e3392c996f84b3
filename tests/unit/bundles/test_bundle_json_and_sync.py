"""Strict JSON parsing of untrusted bundle files, and the three-way merge rule."""

from __future__ import annotations

import pytest

from niger_archive.bundles import syncing
from niger_archive.bundles.strict_json import nesting_depth, parse
from niger_archive.bundles.syncing import SyncState, decide
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


@pytest.mark.parametrize("state, local, incoming, expected", [
    (None, None, H0, syncing.ADD),
    (SyncState(H0, H0), None, H0, syncing.KEEP_DELETED),
    (SyncState(H0, H0), None, H1, syncing.CONFLICT),
    (None, H0, H0, syncing.SAME),
    (SyncState(H0, H0), H1, H1, syncing.SAME),
    (None, H0, H1, syncing.CONFLICT),
    (SyncState(H0, H0), H1, H0, syncing.KEEP_LOCAL),      # only we changed it
    (SyncState(H0, H0), H0, H0, syncing.SAME),
    (SyncState(H0, H0), H0, H1, syncing.TAKE_INCOMING),   # only the bundle changed it
    (SyncState(H0, H0), H1, H2, syncing.CONFLICT),        # both changed it
    (SyncState(H1, H0), H1, H2, syncing.TAKE_INCOMING),   # our copy was re-anchored at import (H1)
])
def test_three_way_decision(state, local, incoming, expected):
    assert decide(state, local, incoming) == expected
