"""Long quotes: placing a slightly edited quote of 100,000s of characters must not take minutes.

An audit found the fuzzy matcher's work grew with the square of the quote's length (a 100,000-character
quote took 31 s, a 1M one was killed after 300 s). The matcher now compares a long quote in bounded
pieces, and every anchor has a time budget: when it runs out, the best placement found so far is kept
for review (or the annotation becomes an orphan), never spun on.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from niger_archive.core import anchoring
from niger_archive.core.anchoring import FUZZY, NEEDS_REVIEW, ORPHAN, TextQuoteSelector, anchor

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _text(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    words = [w for path in sorted(SAMPLES.glob("*.txt")) for w in path.read_text("utf-8").split()]
    parts, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))) + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def _edited(text: str, edits: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(edits):
        i = rng.randrange(len(chars))
        chars[i] = "#"
    middle = len(chars) // 2
    return "".join(chars[:middle]) + " (updated) " + "".join(chars[middle:])


@pytest.mark.slow
@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_a_long_slightly_edited_quote_without_a_position_is_placed_not_spun_on(size):
    before = "An introduction that stays the same in both versions. " * 4
    after = " A closing paragraph that also stays. " * 4
    passage = _text(size)
    article = before + _edited(passage, edits=20) + after
    quote = TextQuoteSelector(passage, prefix=before[-32:], suffix=after[:32])
    result = anchor(article, quote, None)
    assert result.status == FUZZY
    assert result.start == len(before)
    assert abs(result.end - (len(article) - len(after))) <= 4


def test_an_anchor_that_runs_out_of_time_is_kept_for_review_or_orphaned(monkeypatch):
    ticks = iter(range(0, 10**9, 10))  # every look at the clock: ten seconds later
    monkeypatch.setattr(anchoring, "_clock", lambda: next(ticks))
    passage = _text(20_000)
    article = "Intro. " + _edited(passage, edits=40) + " Outro."
    result = anchor(article, TextQuoteSelector(passage, prefix="Intro. ", suffix=" Outro."), None)
    assert result.status in (NEEDS_REVIEW, ORPHAN)


def test_a_long_quote_whose_passage_is_gone_is_an_orphan():
    passage = _text(50_000, seed=1)
    article = _text(60_000, seed=2)
    assert anchor(article, TextQuoteSelector(passage), None).status == ORPHAN
