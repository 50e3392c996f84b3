"""Owns text anchoring: W3C quote/position selectors on clean text and re-anchoring after edits.

An annotation targets a passage of an article's clean text with two W3C Web Annotation selectors:
a ``TextPositionSelector`` (``start``/``end`` in Unicode code points, i.e. Python ``str`` indexes)
and a ``TextQuoteSelector`` (``exact`` plus up to ``DEFAULT_CONTEXT`` code points of ``prefix`` and
``suffix``). The quote with its context is authoritative; the position is only a hint. The approach
follows the Hypothesis client (``src/annotator/anchoring/match-quote.ts`` and ``types.ts``).

Combined score of a candidate span ``[s, e)``, between 0 and 1 (weights as in Hypothesis)::

    (QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * pos)
    / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)          # 50, 20, 20, 2

* ``quote`` – rapidfuzz normalised Levenshtein similarity (1 - distance / longer length) of the
  stored ``exact`` to ``text[s:e]``, or of both with whitespace runs collapsed to one space if
  that is higher (so a whitespace-only change scores 1.0); counted as 0 below ``REVIEW_MIN_QUOTE``;
* ``prefix`` / ``suffix`` – the same similarity of the stored prefix to the code points just
  before ``s`` (as many as the prefix has), and of the suffix to those just after ``e``; an empty
  stored prefix/suffix scores 1.0; their weighted mean is the candidate's *context agreement*;
* ``pos = 1 - |s - stored start| / len(text)`` (1.0 without a stored position): a tie-breaker.

``anchor()`` tries, in order:

1. **Stored position** – ``text[start:end] == exact`` with prefix and suffix intact around it:
   status ``"exact"``, score 1.0.
2. **Exact quote** – verbatim occurrences of ``exact``: first ``prefix + exact + suffix`` (one
   search settles the usual case, e.g. text inserted elsewhere), else every occurrence (up to
   ``MAX_EXACT_OCCURRENCES`` each side of the old position) ranked by combined score, so among
   repeated identical sentences the one whose prefix/suffix agree wins and the position only breaks
   ties. Status ``"moved"`` (``"exact"`` if the winner is the stored span, context changed).
   A winner with context agreement >= ``EXACT_CONTEXT_TRUST`` is final. Below that (the quote's
   words now stand somewhere else entirely), step 3 also runs and its winner replaces the exact one
   only with a strictly higher combined score (e.g. "40 dead" corrected to "41 dead" in place
   while an unrelated "40 dead" exists elsewhere).
3. **Fuzzy match** – rough candidate spans come from

   * *seeds*: pieces of ``SEED_LENGTH`` code points cut from the quote (up to ``MAX_QUOTE_SEEDS``;
     by the pigeonhole principle a passage with fewer edits than pieces keeps one piece intact),
     from the end of the prefix and from the start of the suffix (``CONTEXT_SEEDS`` each). Each
     verbatim hit of a seed (the ``MAX_SEED_HITS`` nearest the old position, each side) votes for
     where the passage starts and ends, prefix hits paired with following suffix hits. Votes within
     the boundary slack are clustered; the ``MAX_CANDIDATES`` clusters backed by most distinct
     seeds are kept;
   * the neighbourhood of the old position, aligned with rapidfuzz ``fuzz.partial_ratio_alignment``.

   Spans with quote similarity below ``REVIEW_MIN_QUOTE`` are never placed. The
   ``REFINE_CANDIDATES`` best rough spans (by combined score) get their boundaries refined by
   coordinate descent over ± slack code points (slack = ``len(exact) // 4`` clamped to
   [``MIN_SLACK``, ``MAX_SLACK``]) to the smallest Levenshtein distance to the quote (for quotes
   longer than ``REFINE_EDGE`` only its first/last ``REFINE_EDGE`` code points steer each
   boundary); the rough span is kept where it scores higher (one between a prefix hit and a
   suffix hit is often exactly right). Each is then polished: each boundary moves by up to
   ``POLISH_SLACK`` where the combined score rises, so prefix/suffix agreement settles what the
   quote alone leaves open. The highest combined score wins.

   Status of the fuzzy winner:

   * ``"fuzzy"`` – score >= ``FUZZY_MIN_SCORE`` and quote >= ``FUZZY_MIN_QUOTE`` (a typo fixed
     inside the quote, whitespace changed, a word replaced in a long passage);
   * ``"needs_review"`` – score >= ``REVIEW_MIN_SCORE`` and quote >= ``REVIEW_MIN_QUOTE`` (a
     heavily edited passage, or a lightly edited one that also lost its context);
   * ``"orphan"`` otherwise: ``start = end = -1``, score 0. The caller keeps the annotation with its
     quote; it is never deleted.

Without a stored position nothing can be verified, so a quote found verbatim is ``"moved"``.

Cost: each anchor makes a bounded number of ``str.find``/``rfind`` scans (C speed) plus work bounded
by the quote length and the caps below, so re-anchoring is linear in text length per annotation and
never aligns the quote against the whole text.

Long quotes (over ``LONG_QUOTE`` code points) are compared in three pieces so that the work stays
near-linear in their length: the first and last ``EDGE_WINDOW`` code points exactly, for every
boundary tried, and the middle once per candidate span, by a Levenshtein distance banded to
``LONG_BAND`` edits (linear time). A middle with more edits than that gets an estimate from
``SAMPLE_WINDOWS`` pieces looked up verbatim, and an estimated placement is at best
``"needs_review"``. Every anchor also has a budget (``ANCHOR_BUDGET`` seconds of this thread's CPU
time): when it is spent, the fuzzy step stops, and what it found is at best ``"needs_review"`` (an
orphan when it found nothing). A 1,000,000-code-point quote with edits is placed in about 1.3 s.
"""

from __future__ import annotations

import bisect
import re
import time
from dataclasses import dataclass, replace
from typing import Iterable

from .errors import InvalidEdit


def _levenshtein():
    """rapidfuzz's Levenshtein, imported on first use: the window starts without it."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein


def _fuzz():
    from rapidfuzz import fuzz

    return fuzz

DEFAULT_CONTEXT = 32  # code points of prefix and suffix stored with a quote

# Combined score weights.
QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

# Status thresholds.
FUZZY_MIN_SCORE = 0.75
FUZZY_MIN_QUOTE = 0.80
REVIEW_MIN_SCORE = 0.55
REVIEW_MIN_QUOTE = 0.50
EXACT_CONTEXT_TRUST = 0.5

# Search bounds (they keep the cost per anchor linear in text length).
SEED_LENGTH = 8
MIN_SEED_LENGTH = 3
MAX_QUOTE_SEEDS = 24
CONTEXT_SEEDS = 4
MAX_SEED_HITS = 32
MAX_CANDIDATES = 8
REFINE_CANDIDATES = 3
MAX_EXACT_OCCURRENCES = 2000
REFINE_EDGE = 128
MIN_SLACK = 8
MAX_SLACK = 48
POLISH_SLACK = 4
# Long quotes (bounded work: near-linear in text + quote length).
LONG_QUOTE = 8192  # longer quotes are compared in three pieces: head, middle, tail
EDGE_WINDOW = 512  # the head and tail compared exactly, for every boundary tried
LONG_BAND = 2048  # edits counted exactly in the middle (banded); beyond, estimated from samples
SAMPLE_WINDOWS = 64  # pieces of the middle looked up verbatim when its edits exceed the band
SAMPLE_LENGTH = 32
ANCHOR_BUDGET = 2.0  # seconds one anchor may take; then the best so far is kept for review

EXACT = "exact"
MOVED = "moved"
FUZZY = "fuzzy"
NEEDS_REVIEW = "needs_review"
ORPHAN = "orphan"

_QUOTE_SHOWN = 60  # longest quote echoed in an error message
_clock = time.thread_time  # the budget counts this thread's CPU time: work, not a busy machine's waits
_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class TextQuoteSelector:
    """W3C TextQuoteSelector: the passage itself and the text just before and after it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPositionSelector:
    """W3C TextPositionSelector: ``[start, end)`` in code points of the clean text."""

    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a passage sits in the current text, how it was found, and how sure we are (0..1)."""

    start: int
    end: int
    status: str
    score: float

    @property
    def placed(self) -> bool:
        return self.status != ORPHAN


ORPHAN_ANCHOR = Anchor(-1, -1, ORPHAN, 0.0)


def make_selectors(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> tuple[TextQuoteSelector, TextPositionSelector]:
    """Selectors for ``text[start:end]`` with ``context`` code points of prefix and suffix."""
    if not 0 <= start < end <= len(text):
        raise InvalidEdit(
            f"cannot annotate characters {start}–{end}: the article has {len(text)} characters "
            "and the passage must not be empty"
        )
    context = max(0, context)
    quote = TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
    return quote, TextPositionSelector(start, end)


def anchor(
    text: str, quote: TextQuoteSelector, position: TextPositionSelector | None, *, budget: float = ANCHOR_BUDGET
) -> Anchor:
    """Place ``quote`` in ``text``, using ``position`` as a hint (see the module docstring).

    The fuzzy step stops when ``budget`` seconds have passed: what it found by then is at best
    ``needs_review``, and with nothing found the annotation is an orphan (kept, never deleted).
    """
    if not quote.exact:
        return ORPHAN_ANCHOR
    hint = None if position is None else min(max(position.start, 0), len(text))
    stored = _stored_span(text, position)
    target = _Target(text, quote, hint, _clock() + budget)

    exact_best = _best_exact(target, stored)
    if exact_best is not None and exact_best.context >= EXACT_CONTEXT_TRUST:
        return _exact_anchor(exact_best, stored)

    fuzzy_best = _best_fuzzy(target)
    if exact_best is not None and (fuzzy_best is None or exact_best.score >= fuzzy_best.score):
        return _exact_anchor(exact_best, stored)
    if fuzzy_best is None:
        return ORPHAN_ANCHOR
    if text[fuzzy_best.start : fuzzy_best.end] == quote.exact:
        return _exact_anchor(fuzzy_best, stored)
    if fuzzy_best.quote >= FUZZY_MIN_QUOTE and fuzzy_best.score >= FUZZY_MIN_SCORE and not (
        fuzzy_best.estimated or target.out_of_time
    ):
        status = FUZZY
    elif fuzzy_best.quote >= REVIEW_MIN_QUOTE and fuzzy_best.score >= REVIEW_MIN_SCORE:
        status = NEEDS_REVIEW
    else:
        return ORPHAN_ANCHOR
    return Anchor(fuzzy_best.start, fuzzy_best.end, status, round(fuzzy_best.score, 4))


def reanchor_all(
    text: str, targets: Iterable[tuple[TextQuoteSelector, TextPositionSelector | None]]
) -> list[Anchor]:
    """Anchor every (quote, position) pair against ``text``, in order."""
    return [anchor(text, quote, position) for quote, position in targets]


def find_quote(text: str, exact: str, occurrence: int | None = None) -> tuple[int, int]:
    """Span of a quote a user typed: whitespace runs match any whitespace run, all else verbatim.

    Leading and trailing whitespace of the typed quote is ignored. ``occurrence`` (1-based) picks
    one of several matches; it is required when there are several.
    """
    tokens = exact.split()
    if not tokens:
        raise InvalidEdit("the quote is empty")
    shown = _shorten(" ".join(tokens))
    pattern = re.compile(r"\s+".join(re.escape(token) for token in tokens))
    spans: list[tuple[int, int]] = []
    match = pattern.search(text)
    while match is not None:
        spans.append(match.span())
        match = pattern.search(text, match.start() + 1)
    if not spans:
        raise InvalidEdit(f"quote not found in article: '{shown}'")
    if occurrence is None:
        if len(spans) > 1:
            raise InvalidEdit(
                f"quote occurs {len(spans)} times in article: '{shown}'; "
                f"use --occurrence N (1–{len(spans)}) to pick one"
            )
        return spans[0]
    if not 1 <= occurrence <= len(spans):
        times = "once" if len(spans) == 1 else f"{len(spans)} times"
        raise InvalidEdit(
            f"--occurrence {occurrence} is out of range: the quote occurs {times} "
            f"in article: '{shown}'"
        )
    return spans[occurrence - 1]


# --- internals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    quote: float  # similarity of text[start:end] to the stored quote
    context: float  # weighted mean of prefix and suffix similarity
    score: float  # combined score
    estimated: bool = False  # quote similarity estimated from samples (a long quote edited a lot)


class _Target:
    """One quote being placed in one text, with what every candidate score needs precomputed."""

    __slots__ = ("text", "exact", "prefix", "suffix", "collapsed", "hint", "deadline", "out_of_time", "_middles")

    def __init__(self, text: str, quote: TextQuoteSelector, hint: int | None, deadline: float = float("inf")) -> None:
        self.text = text
        self.exact = quote.exact
        self.prefix = quote.prefix
        self.suffix = quote.suffix
        self.collapsed: str | None = None  # the quote with whitespace runs as single spaces
        self.hint = hint
        self.deadline = deadline
        self.out_of_time = False
        self._middles: dict[tuple, tuple[int, bool]] = {}  # per frame: the middle's distance (long quotes)

    def time_left(self) -> bool:
        """False once the budget is spent (and from then on)."""
        if not self.out_of_time and _clock() > self.deadline:
            self.out_of_time = True
        return not self.out_of_time

    @property
    def long(self) -> bool:
        return len(self.exact) > LONG_QUOTE

    def long_similarity(self, start: int, end: int, frame: tuple[int, int]) -> tuple[float, bool]:
        """Similarity of a long quote to ``text[start:end]`` and whether it is estimated.

        The quote's head and tail (``EDGE_WINDOW`` each) are compared exactly with the text from
        ``start`` to the frame's head and from the frame's tail to ``end``, so boundaries near a frame
        cost little; the middle against the frame's middle is computed once per frame, with its
        edits counted up to ``LONG_BAND`` (a banded, linear-time distance) and estimated beyond.
        The sum of the three distances is that of one alignment: never less than the true distance.
        """
        m, n = len(self.exact), end - start
        if n <= 0 or min(m, n) / max(m, n) < REVIEW_MIN_QUOTE:
            return 0.0, False
        text, exact, edge = self.text, self.exact, EDGE_WINDOW
        head_end = min(max(frame[0] + edge, start), end)
        tail_start = max(min(frame[1] - edge, end), head_end)
        head = _levenshtein().distance(exact[:edge], text[start:head_end])
        tail = _levenshtein().distance(exact[-edge:], text[tail_start:end])
        middle, estimated = self._middle(head_end, tail_start)
        similarity = 1.0 - (head + middle + tail) / max(m, n)
        if similarity < 1.0 and self._same_but_whitespace(start, head_end, tail_start, end):
            return 1.0, False
        return (similarity if similarity >= REVIEW_MIN_QUOTE else 0.0), estimated

    def _middle(self, lo: int, hi: int) -> tuple[int, bool]:
        key = (lo, hi)
        if key not in self._middles:
            inner = self.exact[EDGE_WINDOW:-EDGE_WINDOW]
            found = self.text[lo:hi]
            distance = _levenshtein().distance(inner, found, score_cutoff=LONG_BAND)
            estimated = distance > LONG_BAND
            if estimated:
                distance = max(distance, _sampled_distance(inner, found))
            self._middles[key] = (distance, estimated)
        return self._middles[key]

    def _same_but_whitespace(self, start: int, head_end: int, tail_start: int, end: int) -> bool:
        """Whether the three pieces differ from the quote's only in whitespace (the middle's answer
        is kept per frame, so trying boundaries does not collapse a long span again each time)."""
        key = ("ws", head_end, tail_start)
        if key not in self._middles:
            inner = self.exact[EDGE_WINDOW:-EDGE_WINDOW]
            same = _WHITESPACE_RUN.sub(" ", inner).strip() == _WHITESPACE_RUN.sub(
                " ", self.text[head_end:tail_start]).strip()
            self._middles[key] = (int(same), False)
        if not self._middles[key][0]:
            return False
        edge = EDGE_WINDOW

        def same(a: str, b: str) -> bool:
            return _WHITESPACE_RUN.sub(" ", a).strip() == _WHITESPACE_RUN.sub(" ", b).strip()

        return same(self.exact[:edge], self.text[start:head_end]) and same(self.exact[-edge:], self.text[tail_start:end])

    def quote_similarity(self, found: str) -> float:
        """Similarity of the stored quote to ``found``, blind to the width and kind of
        whitespace runs (a whitespace-only change scores 1.0); 0.0 below ``REVIEW_MIN_QUOTE``,
        which can never be placed (the cut-off also makes hopeless comparisons cheap)."""
        raw = _levenshtein().normalized_similarity(self.exact, found, score_cutoff=REVIEW_MIN_QUOTE)
        if raw == 1.0:
            return raw
        if self.collapsed is None:
            self.collapsed = _WHITESPACE_RUN.sub(" ", self.exact)
        found_collapsed = _WHITESPACE_RUN.sub(" ", found)
        if found_collapsed == found and self.collapsed == self.exact:
            return raw
        collapsed = _levenshtein().normalized_similarity(
            self.collapsed, found_collapsed, score_cutoff=REVIEW_MIN_QUOTE
        )
        return max(raw, collapsed)

    def score(self, start: int, end: int, quote_score: float | None = None,
              frame: tuple[int, int] | None = None) -> _Candidate:
        text = self.text
        estimated = False
        if quote_score is None:
            if self.long:
                quote_score, estimated = self.long_similarity(start, end, frame or (start, end))
            else:
                quote_score = self.quote_similarity(text[start:end])
        prefix_score = _similarity(self.prefix, text[max(0, start - len(self.prefix)) : start])
        suffix_score = _similarity(self.suffix, text[end : end + len(self.suffix)])
        if self.hint is None:
            position_score = 1.0
        else:
            position_score = 1.0 - abs(start - self.hint) / max(len(text), 1)
        total = (
            QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score
            + POSITION_WEIGHT * position_score
        ) / _TOTAL_WEIGHT
        context = (PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score) / (
            PREFIX_WEIGHT + SUFFIX_WEIGHT
        )
        return _Candidate(start, end, quote_score, context, total, estimated)

    def better(self, a: _Candidate | None, b: _Candidate, prefer_first: bool = False) -> _Candidate:
        """The higher-scoring candidate; on a tie ``a`` if ``prefer_first``, else the one
        nearer the hint, then the earlier one."""
        if a is None:
            return b
        if b.score != a.score:
            return b if b.score > a.score else a
        if prefer_first:
            return a
        around = self.hint or 0
        key_a = (abs(a.start - around), a.start, a.end)
        key_b = (abs(b.start - around), b.start, b.end)
        return b if key_b < key_a else a


def _sampled_distance(expected: str, found: str) -> int:
    """An estimate of the edits between two long strings: the share of ``SAMPLE_WINDOWS`` evenly
    spaced pieces of ``expected`` not found verbatim in ``found``, times the longer length."""
    if not expected or not found:
        return max(len(expected), len(found))
    step = max(1, (len(expected) - SAMPLE_LENGTH) // SAMPLE_WINDOWS)
    pieces = [expected[i : i + SAMPLE_LENGTH] for i in range(0, max(1, len(expected) - SAMPLE_LENGTH + 1), step)]
    missing = sum(1 for piece in pieces if piece not in found)
    return int(max(len(expected), len(found)) * missing / len(pieces))


def _similarity(expected: str, found: str) -> float:
    if not expected:
        return 1.0
    return _levenshtein().normalized_similarity(expected, found)


def _shorten(quote: str) -> str:
    return quote if len(quote) <= _QUOTE_SHOWN else quote[: _QUOTE_SHOWN - 1] + "…"


def _stored_span(text: str, position: TextPositionSelector | None) -> tuple[int, int] | None:
    if position is None or not 0 <= position.start <= position.end <= len(text):
        return None
    return position.start, position.end


def _exact_anchor(candidate: _Candidate, stored: tuple[int, int] | None) -> Anchor:
    status = EXACT if stored == (candidate.start, candidate.end) else MOVED
    return Anchor(candidate.start, candidate.end, status, round(candidate.score, 4))


def _occurrences_near(text: str, needle: str, around: int, limit: int) -> list[int]:
    """Start offsets of ``needle`` (overlaps included): up to ``limit`` at or after ``around``
    and up to ``limit`` before it, nearest first on each side."""
    found: list[int] = []
    i = text.find(needle, around)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = text.find(needle, i + 1)
    before = 0
    j = text.rfind(needle, 0, around + len(needle) - 1)
    while j != -1 and before < limit:
        found.append(j)
        before += 1
        if j == 0:
            break
        j = text.rfind(needle, 0, j + len(needle) - 1)
    return found


def _best_exact(target: _Target, stored: tuple[int, int] | None) -> _Candidate | None:
    """The best verbatim occurrence of the quote (module docstring, steps 1 and 2)."""
    text, exact, prefix, suffix = target.text, target.exact, target.prefix, target.suffix
    if (
        stored is not None
        and text[stored[0] : stored[1]] == exact
        and text.endswith(prefix, 0, stored[0])
        and text.startswith(suffix, stored[1])
    ):
        return _Candidate(stored[0], stored[1], 1.0, 1.0, 1.0)

    around = target.hint or 0
    best = None
    if prefix or suffix:
        full = prefix + exact + suffix
        for hit in _occurrences_near(text, full, max(0, around - len(prefix)), 1):
            start = hit + len(prefix)
            best = target.better(best, target.score(start, start + len(exact), 1.0))
        if best is not None:
            return best
    for start in _occurrences_near(text, exact, around, MAX_EXACT_OCCURRENCES):
        best = target.better(best, target.score(start, start + len(exact), 1.0))
    return best


def _slack(length: int) -> int:
    return min(MAX_SLACK, max(MIN_SLACK, length // 4))


def _pieces(source: str, length: int, limit: int, from_end: bool = False) -> list[tuple[int, str]]:
    """Up to ``limit`` non-overlapping (offset, piece) pairs of ``source``: from the end backwards
    when ``from_end``, else spread over ``source`` with the last one flush with its end."""
    n = len(source)
    if n < MIN_SEED_LENGTH:
        return []
    length = min(length, n)
    if from_end:
        offsets = list(range(n - length, -1, -length))[:limit]
    else:
        offsets = list(range(0, n - length + 1, length))
        if offsets[-1] != n - length:
            offsets.append(n - length)
        if len(offsets) > limit:
            stride = len(offsets) / limit
            offsets = sorted({offsets[int(k * stride)] for k in range(limit)} | {n - length})
    return [(o, source[o : o + length]) for o in offsets]


def _seed_spans(target: _Target, slack: int) -> list[tuple[int, int]]:
    """Rough spans (start, end) of the seed clusters with most distinct seeds, best first."""
    text, exact, prefix, suffix = target.text, target.exact, target.prefix, target.suffix
    m = len(exact)
    around = target.hint or 0
    seed_length = max(MIN_SEED_LENGTH, min(SEED_LENGTH, m // 2))
    votes: list[tuple[int, int, int]] = []  # (start estimate, end estimate, seed id)
    seed_id = 0

    for offset, piece in _pieces(exact, seed_length, MAX_QUOTE_SEEDS):
        for hit in _occurrences_near(text, piece, around + offset, MAX_SEED_HITS):
            votes.append((hit - offset, hit - offset + m, seed_id))
        seed_id += 1

    prefix_starts: list[tuple[int, int]] = []
    for offset, piece in _pieces(prefix, SEED_LENGTH, CONTEXT_SEEDS, from_end=True):
        shift = len(prefix) - offset
        for hit in _occurrences_near(text, piece, max(0, around - shift), MAX_SEED_HITS):
            prefix_starts.append((hit + shift, seed_id))
        seed_id += 1
    suffix_ends: list[tuple[int, int]] = []
    for offset, piece in _pieces(suffix, SEED_LENGTH, CONTEXT_SEEDS):
        for hit in _occurrences_near(text, piece, around + m + offset, MAX_SEED_HITS):
            suffix_ends.append((hit - offset, seed_id))
        seed_id += 1

    # Pair each prefix hit with the nearest following suffix hit (and vice versa) so that an
    # edited passage whose context survived gets both boundaries from its context.
    longest = 2 * m + slack
    ends_sorted = sorted(end for end, _ in suffix_ends)
    starts_sorted = sorted(start for start, _ in prefix_starts)
    for start, sid in prefix_starts:
        k = bisect.bisect_left(ends_sorted, start)
        paired = k < len(ends_sorted) and ends_sorted[k] - start <= longest
        votes.append((start, ends_sorted[k] if paired else start + m, sid))
    for end, sid in suffix_ends:
        k = bisect.bisect_right(starts_sorted, end) - 1
        paired = k >= 0 and end - starts_sorted[k] <= longest
        votes.append((starts_sorted[k] if paired else end - m, end, sid))

    if not votes:
        return []
    votes.sort()
    clusters: list[list[tuple[int, int, int]]] = [[votes[0]]]
    for vote in votes[1:]:
        if vote[0] - clusters[-1][-1][0] <= slack:
            clusters[-1].append(vote)
        else:
            clusters.append([vote])
    ranked = []
    for cluster in clusters:
        seeds = len({sid for _, _, sid in cluster})
        starts = sorted(v[0] for v in cluster)
        ends = sorted(v[1] for v in cluster)
        start, end = starts[len(starts) // 2], ends[len(ends) // 2]
        ranked.append((-seeds, abs(start - around), start, end))
    ranked.sort()
    return [(start, end) for _, _, start, end in ranked[:MAX_CANDIDATES]]


def _hint_span(target: _Target, hint: int, slack: int) -> tuple[int, int]:
    """Rough span of the best quote-length alignment around the old position."""
    text, exact = target.text, target.exact
    m = len(exact)
    lo = max(0, hint - m // 2 - slack)
    hi = min(len(text), hint + m + m // 2 + slack)
    if hi - lo <= m or m > REFINE_EDGE:
        return hint, hint + m
    alignment = _fuzz().partial_ratio_alignment(exact, text[lo:hi])
    return lo + alignment.dest_start, lo + alignment.dest_end


def _best_boundary(
    text: str, piece: str, fixed: int, rough: int, slack: int, moving_start: bool
) -> int:
    """The boundary within ``rough ± slack`` whose span to ``fixed`` is nearest to ``piece`` in
    Levenshtein distance (ties: length nearest the piece's, then nearest ``rough``)."""
    if moving_start:
        lo, hi = max(0, rough - slack), min(fixed, rough + slack)
    else:
        lo, hi = max(fixed, rough - slack), min(len(text), rough + slack)
    if lo > hi:
        return min(max(rough, 0), len(text))
    best_key = None
    best = rough
    cutoff = None
    for boundary in range(lo, hi + 1):
        segment = text[boundary:fixed] if moving_start else text[fixed:boundary]
        distance = _levenshtein().distance(piece, segment, score_cutoff=cutoff)
        key = (distance, abs(len(segment) - len(piece)), abs(boundary - rough))
        if best_key is None or key < best_key:
            best_key, best, cutoff = key, boundary, distance
    return best


def _refine(text: str, exact: str, start: int, end: int, slack: int) -> tuple[int, int]:
    """Move a rough span's boundaries to where the span is nearest the quote."""
    n = len(text)
    start = min(max(start, 0), n)
    end = min(max(end, start), n)
    if len(exact) <= REFINE_EDGE:
        for _ in range(2):
            new_start = _best_boundary(text, exact, end, start, slack, moving_start=True)
            new_end = _best_boundary(text, exact, new_start, end, slack, moving_start=False)
            if (new_start, new_end) == (start, end):
                break
            start, end = new_start, new_end
        return start, end
    new_start = _best_boundary(
        text, exact[:REFINE_EDGE], min(n, start + REFINE_EDGE), start, slack, moving_start=True
    )
    new_end = _best_boundary(
        text, exact[-REFINE_EDGE:], max(0, end - REFINE_EDGE), end, slack, moving_start=False
    )
    return (new_start, new_end) if new_end > new_start else (start, end)


def _polish(target: _Target, best: _Candidate) -> _Candidate:
    """Move each boundary by up to ``POLISH_SLACK`` where that raises the combined score, so that
    prefix and suffix agreement settle boundaries the quote alone leaves open."""
    n = len(target.text)
    frame = (best.start, best.end)  # a long quote's middle is compared once, against this span's
    for _ in range(2):
        current = (best.start, best.end)
        lo, hi = max(0, best.start - POLISH_SLACK), min(best.end - 1, best.start + POLISH_SLACK)
        for s in range(lo, hi + 1):
            best = target.better(best, target.score(s, best.end, frame=frame), prefer_first=True)
        lo, hi = max(best.start + 1, best.end - POLISH_SLACK), min(n, best.end + POLISH_SLACK)
        for e in range(lo, hi + 1):
            best = target.better(best, target.score(best.start, e, frame=frame), prefer_first=True)
        if (best.start, best.end) == current or not target.time_left():
            break
    return best


def _best_fuzzy(target: _Target) -> _Candidate | None:
    """The best approximate placement of the quote (module docstring, step 3)."""
    if not target.text:
        return None
    slack = _slack(len(target.exact))
    rough = _seed_spans(target, slack)
    if target.hint is not None:
        rough.append(_hint_span(target, target.hint, slack))
    ranked: list[_Candidate] = []
    for start, end in sorted(set(rough)):
        if end > start:
            ranked.append(target.score(start, end))
        if not target.time_left():
            break
    ranked.sort(key=lambda c: (-c.score, c.start, c.end))
    best: _Candidate | None = None
    for rough_candidate in ranked[:REFINE_CANDIDATES]:
        if not target.time_left():
            break
        start, end = _refine(
            target.text, target.exact, rough_candidate.start, rough_candidate.end, slack
        )
        candidate = rough_candidate
        if end > start:
            # Keep the rough span if it scores higher: a span between a prefix hit and a suffix
            # hit around an edited passage is often exactly right.
            frame = (rough_candidate.start, rough_candidate.end)
            candidate = target.better(rough_candidate, target.score(start, end, frame=frame), prefer_first=True)
        if candidate.quote >= REVIEW_MIN_QUOTE:
            best = target.better(best, _polish(target, candidate))
    if best is not None and best.estimated and best.quote >= FUZZY_MIN_QUOTE:
        best = replace(best, quote=min(best.quote, FUZZY_MIN_QUOTE))  # an estimate is never trusted alone
    return best
