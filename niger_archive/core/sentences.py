"""Owns sentence and paragraph boundaries in clean text (for `s`/`p` selection and claim suggestions).

Sentence boundaries come from pysbd (rule-based, handles "U.S.", initials like "Kurt M. Campbell",
decimals and "p.m."). It runs one paragraph at a time, and offsets are found by walking the paragraph
left to right, so repeated identical sentences get their own spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PARA_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs (runs of non-blank lines), whitespace trimmed."""
    spans = []
    for m in _PARA_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _split(paragraph: str) -> list[str]:
    try:
        return [s for s in _segmenter().segment(paragraph) if s.strip()]
    except Exception:  # pysbd can fail on odd input; fall back to the paragraph as one sentence
        return [paragraph]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (whitespace trimmed) of the paragraphs overlapping ``[start, end)``."""
    end = len(text) if end is None else end
    out = []
    for p_start, p_end in paragraph_spans(text):
        if p_end < start or p_start > end:
            continue
        paragraph = text[p_start:p_end]
        cursor = 0
        for sentence in _split(paragraph):
            piece = sentence.strip()
            found = paragraph.find(piece, cursor)
            if found < 0:
                continue
            out.append((p_start + found, p_start + found + len(piece)))
            cursor = found + len(piece)
    return out


def sentence_at(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence containing ``offset`` (or the nearest one in its paragraph)."""
    spans = sentence_spans(text, offset, offset)
    if not spans:
        return None
    for s, e in spans:
        if s <= offset < e:
            return s, e
    return min(spans, key=lambda se: min(abs(se[0] - offset), abs(se[1] - offset)))


def paragraph_at(text: str, offset: int) -> tuple[int, int] | None:
    spans = paragraph_spans(text)
    for s, e in spans:
        if s <= offset <= e:
            return s, e
    if not spans:
        return None
    return min(spans, key=lambda se: min(abs(se[0] - offset), abs(se[1] - offset)))
