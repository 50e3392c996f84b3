"""Owns the map between clean-text offsets and raw-text offsets, and the builder that makes both."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A run of clean text: ``length`` code points starting at ``clean_start``.

    When ``copied`` is true the run is a verbatim copy of ``raw[raw_start:raw_start+length]``;
    otherwise it is synthetic text (a joining space, a paragraph break, a decoded entity)
    standing in for ``raw[raw_start:raw_start+raw_length]``.
    """

    clean_start: int
    raw_start: int
    length: int
    copied: bool = True
    raw_length: int = 0

    def to_list(self) -> list[int]:
        return [self.clean_start, self.raw_start, self.length, int(self.copied), self.raw_length]

    @classmethod
    def from_list(cls, item: list[Any]) -> "Span":
        return cls(int(item[0]), int(item[1]), int(item[2]), bool(item[3]), int(item[4]))


@dataclass
class OffsetMap:
    """Clean-text offset -> raw-text offset (both in Unicode code points)."""

    spans: list[Span] = field(default_factory=list)
    clean_length: int = 0
    raw_length: int = 0

    def __post_init__(self) -> None:
        self._starts = [s.clean_start for s in self.spans]

    def to_raw(self, clean_offset: int) -> int:
        """Raw offset of the clean code point at ``clean_offset`` (end offsets map to span ends)."""
        if not self.spans:
            return min(clean_offset, self.raw_length)
        if clean_offset >= self.clean_length:
            last = self.spans[-1]
            return last.raw_start + (last.length if last.copied else last.raw_length)
        i = max(0, bisect.bisect_right(self._starts, clean_offset) - 1)
        span = self.spans[i]
        delta = clean_offset - span.clean_start
        if span.copied:
            return span.raw_start + min(delta, span.length)
        return span.raw_start

    def raw_range(self, start: int, end: int) -> tuple[int, int]:
        """Raw range covering the clean range ``[start, end)``."""
        if end <= start:
            pos = self.to_raw(start)
            return pos, pos
        raw_start = self.to_raw(start)
        raw_end = self.to_raw(end - 1) + 1
        return raw_start, max(raw_start, raw_end)

    def to_json(self) -> list[Any]:
        # Span.to_list inlined: every imported file's map is serialized.
        spans = [[s.clean_start, s.raw_start, s.length, int(s.copied), s.raw_length] for s in self.spans]
        return [self.clean_length, self.raw_length, spans]

    @classmethod
    def from_json(cls, data: list[Any] | None) -> "OffsetMap":
        if not data:
            return cls()
        clean_length, raw_length, spans = data
        return cls([Span.from_list(s) for s in spans], int(clean_length), int(raw_length))

    @classmethod
    def identity(cls, text: str) -> "OffsetMap":
        return cls([Span(0, 0, len(text))] if text else [], len(text), len(text))


class CleanTextBuilder:
    """Builds clean text piece by piece from a raw text, recording where every piece came from."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._parts: list[str] = []
        self._spans: list[Span] = []
        self._length = 0

    @property
    def length(self) -> int:
        return self._length

    def text_so_far(self) -> str:
        return "".join(self._parts)

    def copy(self, raw_start: int, raw_end: int) -> None:
        """Append ``raw[raw_start:raw_end]`` verbatim."""
        if raw_end <= raw_start:
            return
        piece = self.raw[raw_start:raw_end]
        last = self._spans[-1] if self._spans else None
        if (
            last is not None
            and last.copied
            and last.raw_start + last.length == raw_start
            and last.clean_start + last.length == self._length
        ):
            self._spans[-1] = Span(last.clean_start, last.raw_start, last.length + len(piece))
        else:
            self._spans.append(Span(self._length, raw_start, len(piece)))
        self._parts.append(piece)
        self._length += len(piece)

    def insert(self, text: str, raw_pos: int, raw_length: int = 0) -> None:
        """Append synthetic ``text`` standing in for ``raw[raw_pos:raw_pos+raw_length]``."""
        if not text:
            return
        self._spans.append(Span(self._length, raw_pos, len(text), False, raw_length))
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        return text, OffsetMap(list(self._spans), len(text), len(self.raw))
