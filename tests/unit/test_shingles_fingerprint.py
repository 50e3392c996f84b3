"""Fingerprints stay what archives already hold: the fast shingles and bands equal their plain definition."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from niger_archive.core import shingles as sh

BASE = " ".join(f"word{i} in sentence number {i // 7} about troops" for i in range(120))
# Characters whose case folding is unusual (longer, or context-free where lower() is not).
TEXT = st.text(alphabet=st.sampled_from(list("ab Cd.,-_'’\n\t1") + ["İ", "ß", "Σ", "ς", "ﬁ", "ŉ", "é", "\u0307"]),
               max_size=80)


def plain_shingles(text: str, k: int = sh.SHINGLE_WORDS) -> set[str]:
    words = [w.casefold() for w in re.findall(r"\w+", text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def plain_hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def plain_bands(shingle_set: set[str]) -> list[int]:
    bins: list[int | None] = [None] * sh.BINS
    for shingle in shingle_set:
        h = plain_hash(shingle)
        b, v = h % sh.BINS, h // sh.BINS
        if bins[b] is None or v < bins[b]:
            bins[b] = v
    out = []
    for band in range(sh.BINS // sh.ROWS):
        rows = bins[band * sh.ROWS:(band + 1) * sh.ROWS]
        if None not in rows:
            out.append(plain_hash(f"{band}:" + ",".join(str(r) for r in rows)) & (2**63 - 1))
    return out


def test_bands_of_a_known_text_are_the_ones_stored_before():
    bands = sh.bands(sh.shingles(BASE))
    assert len(bands) == 16
    assert bands[:4] == [7743384792202658779, 6022576508692967705, 4973227905513467310, 2774781978665343527]
    assert sh.text_bands(BASE) == bands


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=6))
def test_fast_shingles_and_bands_equal_the_plain_definition(text, k):
    expected = plain_shingles(text, k)
    assert sh.shingles(text, k) == expected
    assert sh.bands(expected) == plain_bands(expected)
    assert sh.text_bands(text, k) == plain_bands(expected)


def test_article_length_texts_with_repeated_passages():
    text = (BASE + " İstanbul’s Straße; ΣΟΦΙΑ. ") * 3 + "An added closing line."
    expected = plain_shingles(text)
    assert sh.shingles(text) == expected
    assert sh.text_bands(text) == sh.bands(expected) == plain_bands(expected)
