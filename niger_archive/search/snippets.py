"""Owns search snippets: short extracts of an article's text with the query's hit words marked «…».

The text is re-analyzed with the index's own analyzers, so a hit is marked wherever the index
would match it: "withdrawals" and "Withdrawal" for the query ``withdraw``, "États" for ``etats``.
Whoosh's fragmenter picks the passages; this module formats them and records the code-point
span of every marked word inside the snippet (``snippet[start:end]`` is the word itself, the
«» marks sit just outside the span).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from whoosh.analysis import Token
from whoosh.highlight import FIRST, BasicFragmentScorer, ContextFragmenter, top_fragments

from .schema import (
    _SPELLINGS,
    _WORDS,
    FOLDED_FIELDS,
    LANGUAGE_MARK,
    STEMMED_FIELDS,
    VALUE_SEPARATOR,
    WordAnalyzer,
    word_spans,
)

OPEN_MARK = "«"
CLOSE_MARK = "»"
ELLIPSIS = "…"
SNIPPET_CHARS = 240  # longest passage, before marks and ellipses
CONTEXT_CHARS = 60  # context kept around the hits of a passage
MAX_PASSAGES = 2
SNIPPET_SCAN_CHARS = 20_000  # the most of an article's text read for its snippet (about 3 average articles)
PASSAGES_CONSIDERED = 6  # the best passages are chosen among the first few with hits, not among all
# Words read around each place a hit may be: more than a passage reaches before its first hit (the
# CONTEXT_CHARS before it) and after its last (CONTEXT_CHARS of word characters), so the passages are
# those of reading every word.
WINDOW_WORDS = CONTEXT_CHARS + 4

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]


def _marked_tokens(text: str, stemmed_terms: frozenset, folded_terms: frozenset) -> Iterator[Token]:
    """The words of text that the fragmenter needs, as ``_all_marked_tokens`` gives them: only those
    around the places where a word that can be a hit (or part of a hit phrase) occurs. Finding those
    places (the distinct words of the text, then a search for the ones that can be hits) runs in the
    regular-expression engine, so a text with few hits costs little more than finding them."""
    longest = max((len(t) for t in stemmed_terms | folded_terms if isinstance(t, tuple)), default=1)
    if VALUE_SEPARATOR in text or LANGUAGE_MARK in text or longest >= WINDOW_WORDS:
        yield from _all_marked_tokens(text, stemmed_terms, folded_terms)
        return
    places, words_in_text = _possible_hits(text, stemmed_terms, folded_terms)
    if len(places) * 2 * WINDOW_WORDS >= words_in_text:  # the windows would hold most words: read them all
        yield from _all_marked_tokens(text, stemmed_terms, folded_terms)
        return
    at = [0, 0]  # the next place to reach, and where the words read so far end

    def window(start: int, inside_a_word: bool) -> Iterator[tuple[int, int, frozenset, frozenset]]:
        left = -1  # words still to read after the last possible hit (-1: none met yet)
        for match in _WORDS.finditer(text, start):
            if inside_a_word:
                inside_a_word = False  # the first word read may be the tail of one: not a word of the text
                continue
            if left == 0:
                return
            end = match.end()
            while at[0] < len(places) and places[at[0]] < end:
                at[0] += 1
                left = WINDOW_WORDS
            if left > 0:
                left -= 1
            at[1] = end
            word = match.group()
            yield (match.start(), end, *(_SPELLINGS.get(word) or next(word_spans(word))[2:]))

    pos = 0
    while at[0] < len(places):
        reached = at[0]
        start = _window_start(text, places[reached])
        for token in _all_marked_tokens(text, stemmed_terms, folded_terms, window(max(start, at[1]), start > at[1])):
            token.pos += pos
            yield token
        pos = at[1]  # (positions only need to grow)
        if at[0] == reached:
            at[0] += 1  # (no word at that place: nothing to mark)


_HIT_WORDS: dict[tuple[frozenset, frozenset], tuple[set[str], set[str]]] = {}  # query -> (hit words, others)


def _possible_hits(text: str, stemmed_terms: frozenset, folded_terms: frozenset) -> tuple[list[int], int]:
    """Where in text the words stand that are one of the query's terms or the first word of one of its
    phrases (a phrase's other words are in the window of its first), and how many words text has."""
    words = _WORDS.findall(text)
    key = (stemmed_terms, folded_terms)
    known = _HIT_WORDS.get(key)
    if known is None:
        if len(_HIT_WORDS) > 16:
            _HIT_WORDS.clear()
        known = _HIT_WORDS[key] = (set(), set())
    hit_words, other_words = known
    if len(hit_words) + len(other_words) > WordAnalyzer.CACHE_LIMIT:
        hit_words.clear()
        other_words.clear()
    new = set(words)
    new -= hit_words
    new -= other_words
    if new:
        stemmed = {t[0] if isinstance(t, tuple) else t for t in stemmed_terms}
        folded = {t[0] if isinstance(t, tuple) else t for t in folded_terms}
        for word in new:
            terms = _SPELLINGS.get(word) or next(word_spans(word), (0, 0, frozenset(), frozenset()))[2:]
            if not folded.isdisjoint(terms[0]) or not stemmed.isdisjoint(terms[1]):
                hit_words.add(word)
            else:
                other_words.add(word)
    present = hit_words.intersection(words)
    if not present:
        return [], len(words)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(present, key=len, reverse=True))
                         + r")(?!\w)")
    return [m.start() for m in pattern.finditer(text)], len(words)


def _window_start(text: str, place: int) -> int:
    """A place before ``place`` with at least WINDOW_WORDS words between them (or the start of text)."""
    back = WINDOW_WORDS * 8
    while True:
        start = max(0, place - back)
        if start == 0 or len(_WORDS.findall(text, start, place)) > WINDOW_WORDS + 1:
            return start
        back *= 2


def _all_marked_tokens(text: str, stemmed_terms: frozenset, folded_terms: frozenset,
                       words: list | None = None) -> Iterator[Token]:
    """The words of text (or ``words``, spans of it) as the STEMMED analyzer's tokens (one Token reused, as Whoosh's tokenizers
    do), each flagged ``matched`` if one of its stemmed or (for name fields) folded terms is a query
    term, or if it stands in a run of words that is one of the query's phrases (tuples of terms)."""
    stemmed_phrases = [p for p in stemmed_terms if isinstance(p, tuple)]
    folded_phrases = [p for p in folded_terms if isinstance(p, tuple)]
    in_phrase: set[int] = set()
    if words is None:
        words = word_spans(text)  # read as the fragmenter goes, unless phrases need them all
    if stemmed_phrases or folded_phrases:
        words = list(words)
        in_phrase = _phrase_words(words, stemmed_phrases, 3) | _phrase_words(words, folded_phrases, 2)
    token = Token(positions=True, chars=True, boost=1.0)
    for pos, (start, end, folded, stemmed) in enumerate(words):
        token.text = min(stemmed)
        token.pos = pos
        token.startchar = start
        token.endchar = end
        token.matched = (pos in in_phrase or not stemmed_terms.isdisjoint(stemmed)
                         or not folded_terms.isdisjoint(folded))
        yield token


def _phrase_words(words: list, phrases: list[tuple[str, ...]], which: int) -> set[int]:
    """Indexes of the words that stand in a run matching one of ``phrases`` (``which`` picks the
    folded (2) or stemmed (3) terms of each word)."""
    found: set[int] = set()
    terms = [word[which] for word in words]
    for phrase in phrases:
        n = len(phrase)
        first, rest = phrase[0], range(1, n)
        # the other words are looked at only where the first stands (looking at every word was a
        # fifth of a phrase search's time at 10k)
        for i in [i for i, t in enumerate(terms[:max(0, len(terms) - n + 1)]) if first in t]:
            if all(phrase[k] in terms[i + k] for k in rest):
                found.update(range(i, i + n))
    return found


def _clean(piece: str) -> str:
    return _SPACES.sub(" ", piece)


def make_snippet(text: str, terms_by_field: dict[str, set]) -> Snippet:
    """The best passages of text with the query's words marked, or its opening if none occur.
    ``terms_by_field`` holds terms, and phrases as tuples of terms (``positive_terms``).

    Only the first ``SNIPPET_SCAN_CHARS`` characters are read, and reading stops once
    ``PASSAGES_CONSIDERED`` passages with hits are found, so a snippet costs the same for a 15 MB
    article as for an ordinary one (hits further in are not marked; the opening is shown)."""
    more = len(text) > SNIPPET_SCAN_CHARS
    text = text[:SNIPPET_SCAN_CHARS]
    stemmed_terms = frozenset(t for f, ts in terms_by_field.items() if f in STEMMED_FIELDS for t in ts)
    folded_terms = frozenset(t for f, ts in terms_by_field.items() if f in FOLDED_FIELDS for t in ts)
    # a phrase (a tuple of terms) is marked only where its words stand together
    fragments = []
    if stemmed_terms or folded_terms:
        fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=CONTEXT_CHARS, charlimit=None)
        tokens = _marked_tokens(text, stemmed_terms, folded_terms)
        first = itertools.islice(fragmenter.fragment_tokens(text, tokens), PASSAGES_CONSIDERED)
        fragments = top_fragments(first, MAX_PASSAGES, BasicFragmentScorer(), FIRST, minscore=1)
    if not fragments:
        return _opening(text)
    return _format(text, fragments, more)


def _opening(text: str) -> Snippet:
    head = _clean(text[: SNIPPET_CHARS + 1]).strip()
    if len(head) > SNIPPET_CHARS:
        cut = head[:SNIPPET_CHARS]
        space = cut.rfind(" ")
        head = (cut[:space] if space > SNIPPET_CHARS // 2 else cut).rstrip() + ELLIPSIS
    return Snippet(head, [])


def _format(text: str, fragments: Iterable, more: bool = False) -> Snippet:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0

    def emit(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    for n, fragment in enumerate(fragments):
        if n:
            emit(f" {ELLIPSIS} ")
        elif fragment.startchar > 0:
            emit(ELLIPSIS)
        index = fragment.startchar
        for token in fragment.matches:
            if token.startchar < index:
                continue
            emit(_clean(text[index : token.startchar]))
            emit(OPEN_MARK)
            word = text[token.startchar : token.endchar]
            spans.append((length, length + len(word)))
            emit(word)
            emit(CLOSE_MARK)
            index = token.endchar
        emit(_clean(text[index : fragment.endchar]))
    last_end = max((getattr(f, "endchar", 0) for f in fragments), default=0)
    if more or last_end < len(text.rstrip()):
        emit(ELLIPSIS)
    return Snippet("".join(out), spans)


FIELD_LABELS = ("note", "claim", "tag")  # what a hit outside the text is shown from, in this order


def field_snippet(label: str, value: str, terms_by_field: dict[str, set]) -> Snippet | None:
    """A snippet from a note, claim or tag of the article, "note: …" with the hit words marked, when
    the query matched there (the text's own snippet had nothing to mark); None when it did not."""
    prefix = f"{label}: "
    if label == "tag":
        wanted = {t for t in terms_by_field.get("tag", ()) if isinstance(t, str)}
        folded = " ".join(value.split()).lower()
        if not wanted or not any(folded == w or _fold(folded) == w for w in wanted):
            return None
        return Snippet(f"{prefix}{OPEN_MARK}{value}{CLOSE_MARK}", [(len(prefix) + 1, len(prefix) + 1 + len(value))])
    found = make_snippet(value, terms_by_field)
    if not found.highlights:
        return None
    shift = len(prefix)
    return Snippet(prefix + found.text, [(a + shift, b + shift) for a, b in found.highlights])


def _fold(text: str) -> str:
    from whoosh.support.charset import accent_map

    return text.translate(accent_map)

