"""Owns near-duplicate detection: word shingles, one-permutation MinHash signatures, LSH bands.

A re-scraped article with small changes shares most of its 5-word shingles with the earlier scrape.
Each shingle is hashed once (BLAKE2b, stable across processes) and dropped into one of ``BINS`` bins
keeping the minimum (one-permutation hashing), which is linear in the text length. Bins are grouped
into bands of ``ROWS``; articles sharing a band hash are candidates, confirmed by exact Jaccard.
"""

from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 5
BINS = 64
ROWS = 4
VERSION_THRESHOLD = 0.5  # Jaccard similarity at or above which a new file is a version of an old one

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = [w.casefold() for w in _WORD_RE.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def signature(shingle_set: set[str]) -> list[int | None]:
    bins: list[int | None] = [None] * BINS
    for sh in shingle_set:
        h = _hash64(sh)
        b = h % BINS
        v = h // BINS
        current = bins[b]
        if current is None or v < current:
            bins[b] = v
    return bins


def bands(shingle_set: set[str]) -> list[int]:
    """LSH band hashes (signed 63-bit, to fit SQLite INTEGER); bands with an empty bin are skipped."""
    sig = signature(shingle_set)
    out = []
    for band in range(BINS // ROWS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        if any(r is None for r in rows):
            continue
        h = _hash64(f"{band}:" + ",".join(str(r) for r in rows))
        out.append(h & 0x7FFF_FFFF_FFFF_FFFF)
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
