"""Owns near-duplicate detection: word shingles, one-permutation MinHash signatures, LSH bands.

A re-scraped article with small changes shares most of its 5-word shingles with the earlier scrape.
Each shingle is hashed once (BLAKE2b, stable across processes) and dropped into one of ``BINS`` bins
keeping the minimum (one-permutation hashing), which is linear in the text length. Bins are grouped
into bands of ``ROWS``; articles sharing a band hash are candidates, confirmed by exact Jaccard.

Every imported file is fingerprinted, so the loops here are kept tight: words are case-folded in
one call, shingles joined by ``map``, and each hash starts from a copy of a prepared BLAKE2b state
rather than a new one built from keyword arguments. ``text_bands`` also skips the shingle set: a
repeated shingle only meets its own minimum again.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable

SHINGLE_WORDS = 5
BINS = 64
ROWS = 4
VERSION_THRESHOLD = 0.5  # Jaccard similarity at or above which a new file is a version of an old one

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_BLAKE2B_64 = hashlib.blake2b(digest_size=8)  # copied for each value: cheaper than a new one
_BAND_MASK = 0x7FFF_FFFF_FFFF_FFFF
_NO_HASH = 1 << 64  # above every 64-bit hash


def _words(text: str) -> list[str]:
    """The case-folded words of ``text``. Case folding is per code point and turns no word character
    into a space, so folding the space-joined words at once equals folding each word."""
    found = _WORD_RE.findall(text)
    return " ".join(found).casefold().split(" ") if found else []


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = _words(text)
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(k)))))


def _hash64(value: str) -> int:
    hasher = _BLAKE2B_64.copy()
    hasher.update(value.encode("utf-8"))
    return int.from_bytes(hasher.digest(), "big")


def _signature_of(encoded: Iterable[bytes]) -> list[int | None]:
    """The signature of the shingles whose UTF-8 forms are ``encoded`` (repeats change nothing)."""
    copy = _BLAKE2B_64.copy
    digests = []
    append = digests.append
    for data in encoded:
        hasher = copy()
        hasher.update(data)
        append(hasher.digest())
    # A bin keeps its least hash h (the least h // BINS too: all its hashes share h % BINS).
    least = [_NO_HASH] * BINS
    for h in struct.unpack(f">{len(digests)}Q", b"".join(digests)):
        b = h % BINS
        if h < least[b]:
            least[b] = h
    return [None if h == _NO_HASH else h // BINS for h in least]


def signature(shingle_set: set[str]) -> list[int | None]:
    return _signature_of(map(str.encode, shingle_set))


def _bands_of(sig: list[int | None]) -> list[int]:
    out = []
    for band in range(BINS // ROWS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        if any(r is None for r in rows):
            continue
        h = _hash64(f"{band}:" + ",".join(str(r) for r in rows))
        out.append(h & _BAND_MASK)
    return out


def bands(shingle_set: set[str]) -> list[int]:
    """LSH band hashes (signed 63-bit, to fit SQLite INTEGER); bands with an empty bin are skipped."""
    return _bands_of(signature(shingle_set))


def text_bands(text: str, k: int = SHINGLE_WORDS) -> list[int]:
    """``bands(shingles(text, k))``, made from the UTF-8 words without building the shingle set."""
    found = _WORD_RE.findall(text)
    words = " ".join(found).casefold().encode("utf-8").split(b" ") if found else []
    if len(words) < k:
        encoded: Iterable[bytes] = [b" ".join(words)] if words else []
    else:
        encoded = map(b" ".join, zip(*(words[i:] for i in range(k))))
    return _bands_of(_signature_of(encoded))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
