"""Owns the Line model (clean text made of pieces tied to raw offsets) and how raw text becomes lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.errors import ImportRejected
from ..core.messages import Message
from ..core.offsets import CleanTextBuilder, OffsetMap

# Characters trimmed from both ends of a line: spaces of all kinds and list bullets.
_EDGE = (
    " \t\x0b\x0c\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"
    "\u202f\u205f\u3000\ufeff"
)
_BULLETS = "•·▪‣◦●■□►▸"
_LEADING = _EDGE + _BULLETS
MAX_LINES = 50_000  # a 1 MB article hard-wrapped at 70 columns has ~17,000 lines; more is not one article
_ALIGN_WINDOW = 4000  # how far ahead in the raw text a clean word is looked for


@dataclass(frozen=True, slots=True)
class Piece:
    """Clean ``text`` standing for ``raw[raw_start:raw_start+raw_length]``; copied means equal."""

    text: str
    raw_start: int
    raw_length: int
    copied: bool


@dataclass(slots=True)
class Line:
    """One line (later one paragraph) of clean text, with ``blank_before`` = a paragraph break."""

    pieces: list[Piece]
    blank_before: bool = False
    text: str = field(init=False)

    def __post_init__(self) -> None:
        pieces = self.pieces
        self.text = pieces[0].text if len(pieces) == 1 else "".join(piece.text for piece in pieces)

    @classmethod
    def from_raw(cls, raw: str, start: int, end: int, blank_before: bool = False) -> Line:
        return cls([Piece(raw[start:end], start, end - start, True)], blank_before)

    @property
    def raw_start(self) -> int:
        return self.pieces[0].raw_start if self.pieces else 0

    @property
    def raw_end(self) -> int:
        last = self.pieces[-1] if self.pieces else None
        return last.raw_start + last.raw_length if last else 0

    def slice(self, start: int, end: int) -> Line:
        """The part of this line between clean offsets ``start`` and ``end``."""
        kept: list[Piece] = []
        offset = 0
        for piece in self.pieces:
            piece_end = offset + len(piece.text)
            a, b = max(start, offset), min(end, piece_end)
            if a < b:
                if piece.copied:
                    kept.append(Piece(piece.text[a - offset:b - offset], piece.raw_start + a - offset, b - a, True))
                elif a == offset and b == piece_end:
                    kept.append(piece)
                else:
                    kept.append(Piece(piece.text[a - offset:b - offset], piece.raw_start, 0, False))
            offset = piece_end
        return Line(kept, self.blank_before)

    def stripped(self) -> Line:
        """This line without surrounding spaces."""
        text = self.text
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if left == 0 and right == len(text):
            return self
        return self.slice(left, right)



def count_lines(raw: str) -> int:
    """How many lines ``raw`` has (blank ones included)."""
    return raw.count("\n") + 1


def check_line_count(raw: str) -> None:
    """Refuse texts with more lines than any article has (the clean-up works line by line)."""
    count = count_lines(raw)
    if count > MAX_LINES:
        raise ImportRejected(Message(
            "the file has {count} lines; more than {limit} lines is not one article", count=count, limit=MAX_LINES))


def split_lines(raw: str) -> list[Line]:
    """Non-blank lines of ``raw`` with edge spaces and bullets trimmed; blank lines set ``blank_before``."""
    lines: list[Line] = []
    blank = False
    start = 0
    for text in raw.split("\n"):
        left = len(text) - len(text.lstrip(_LEADING))
        right = len(text.rstrip(_EDGE))
        if right <= left:
            blank = True
        else:
            lines.append(Line.from_raw(raw, start + left, start + right, blank))
            blank = False
        start += len(text) + 1
    return lines


def align(raw: str, text: str, cursor: int) -> tuple[list[Piece], int]:
    """Pieces that spell ``text``, tied to where its words occur in ``raw`` from ``cursor`` on.

    Best effort for extracted text (HTML, Markdown): the whole text is looked up first, then
    word by word within a window ahead; words not found (decoded entities, text the extractor
    rewrote) and the spaces between words become synthetic pieces at the current raw position.
    """
    window_end = cursor + max(_ALIGN_WINDOW, 2 * len(text))
    found = raw.find(text, cursor, window_end)
    if found >= 0:
        return [Piece(text, found, len(text), True)], found + len(text)
    pieces: list[Piece] = []
    pos = 0
    for match in re.finditer(r"\S+", text):
        if match.start() > pos:
            pieces.append(_gap(raw, text[pos:match.start()], cursor))
        word = match.group(0)
        at = raw.find(word, cursor, cursor + _ALIGN_WINDOW)
        if at >= 0:
            pieces.append(Piece(word, at, len(word), True))
            cursor = at + len(word)
        else:
            pieces.append(Piece(word, cursor, 0, False))
        pos = match.end()
    if pos < len(text):
        pieces.append(_gap(raw, text[pos:], cursor))
    return _merge(pieces), cursor


def _gap(raw: str, spaces: str, cursor: int) -> Piece:
    if raw.startswith(spaces, cursor):
        return Piece(spaces, cursor, len(spaces), True)
    return Piece(spaces, cursor, 0, False)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Adjacent copied pieces that are adjacent in the raw text become one piece."""
    merged: list[Piece] = []
    run: list[Piece] = []

    def flush() -> None:
        if run:
            text = "".join(piece.text for piece in run)
            merged.append(Piece(text, run[0].raw_start, len(text), True))
            run.clear()

    for piece in pieces:
        if piece.copied and (not run or run[-1].raw_start + run[-1].raw_length == piece.raw_start):
            run.append(piece)
            continue
        flush()
        if piece.copied:
            run.append(piece)
        else:
            merged.append(piece)
    flush()
    return merged


def build_text(raw: str, paragraphs: list[Line]) -> tuple[str, OffsetMap]:
    """Clean text (paragraphs separated by a blank line) and its offset map to ``raw``."""
    builder = CleanTextBuilder(raw)
    previous_end: int | None = None
    for paragraph in paragraphs:
        if previous_end is not None:
            gap = max(0, paragraph.raw_start - previous_end)
            builder.insert("\n\n", previous_end, gap)
        for piece in paragraph.pieces:
            if piece.copied:
                builder.copy(piece.raw_start, piece.raw_start + piece.raw_length)
            else:
                builder.insert(piece.text, piece.raw_start, piece.raw_length)
        previous_end = paragraph.raw_end
    return builder.build()
