"""Re-anchoring speed on realistic sizes; run with ``-s`` to see the figures."""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from niger_archive.core.anchoring import anchor, make_selectors, reanchor_all

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _vocabulary() -> list[str]:
    words = [w for path in sorted(SAMPLES.glob("*.txt")) for w in path.read_text("utf-8").split()]
    return words or "the official said on Sunday that talks would continue next week".split()


def _article(rng: random.Random, words: list[str], size: int) -> str:
    parts, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))) + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def _timed(function, *args):
    began = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - began


@pytest.mark.slow
def test_benchmark_reanchoring():
    rng = random.Random(7)
    words = _vocabulary()

    text = _article(rng, words, 10_000)
    targets = []
    for _ in range(1000):
        length = rng.randint(10, 200)
        start = rng.randrange(0, len(text) - length)
        targets.append(make_selectors(text, start, start + length))
    inserted = text[:120] + "A new opening sentence was inserted by the editor. " + text[120:]
    typos = inserted
    for _ in range(20):
        k = rng.randrange(200, len(typos) - 1)
        typos = typos[:k] + rng.choice("xyz") + typos[k + 1 :]
    for label, body in (
        ("unchanged", text),
        ("insertion near start", inserted),
        ("insertion + 20 scattered one-letter edits", typos),
    ):
        anchors, elapsed = _timed(reanchor_all, body, targets)
        statuses = dict(Counter(a.status for a in anchors))
        print(f"\n10k chars, 1,000 annotations, {label}: {elapsed * 1000:.1f} ms {statuses}")
        assert elapsed < 1.0

    big = _article(rng, words, 1_000_000)
    shift = 1500
    lookups = []
    for _ in range(20):
        start = rng.randrange(100_000, 900_000)
        end = start + rng.randint(40, 200)
        quote, position = make_selectors(big, start, end)
        middle = (start + end) // 2
        edited = "Inserted text. " * 100 + big[:middle] + "#" + big[middle + 1 :]
        result, elapsed = _timed(anchor, edited, quote, position)
        assert (result.start, result.end, result.status) == (start + shift, end + shift, "fuzzy")
        lookups.append(elapsed)
    print(
        f"1 MB text, fuzzy lookup (one letter changed inside a 40-200 char quote, text shifted): "
        f"median {statistics.median(lookups) * 1000:.1f} ms, max {max(lookups) * 1000:.1f} ms"
    )
    assert max(lookups) < 0.5

    for length in (150, 10_000):
        start = 500_000
        quote, position = make_selectors(big, start, start + length)
        result, elapsed = _timed(anchor, big[:start] + big[start + length :], quote, position)
        print(f"1 MB text, {length}-char passage deleted: {elapsed * 1000:.1f} ms -> {result.status}")
        assert result.status == "orphan" and elapsed < 1.0
        middle = start + length // 2
        edited = big[:middle] + "#" + big[middle + 1 :]
        result, elapsed = _timed(anchor, edited, quote, position)
        print(f"1 MB text, {length}-char passage with a typo: {elapsed * 1000:.1f} ms -> {result.status}")
        assert result.status == "fuzzy" and elapsed < 1.0
