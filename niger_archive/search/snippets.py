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

from .schema import FOLDED_FIELDS, STEMMED_FIELDS, word_spans

OPEN_MARK = "«"
CLOSE_MARK = "»"
ELLIPSIS = "…"
SNIPPET_CHARS = 240  # longest passage, before marks and ellipses
CONTEXT_CHARS = 60  # context kept around the hits of a passage
MAX_PASSAGES = 2
SNIPPET_SCAN_CHARS = 20_000  # the most of an article's text read for its snippet (about 3 average articles)
PASSAGES_CONSIDERED = 6  # the best passages are chosen among the first few with hits, not among all

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]


def _marked_tokens(text: str, stemmed_terms: frozenset, folded_terms: frozenset) -> Iterator[Token]:
    """The words of text as the STEMMED analyzer's tokens (one Token reused, as Whoosh's tokenizers
    do), each flagged ``matched`` if one of its stemmed or (for name fields) folded terms is a query
    term, or if it stands in a run of words that is one of the query's phrases (tuples of terms)."""
    stemmed_phrases = [p for p in stemmed_terms if isinstance(p, tuple)]
    folded_phrases = [p for p in folded_terms if isinstance(p, tuple)]
    in_phrase: set[int] = set()
    words: Iterable = word_spans(text)  # read as the fragmenter goes, unless phrases need them all
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
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if all(phrase[k] in words[i + k][which] for k in range(n)):
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

