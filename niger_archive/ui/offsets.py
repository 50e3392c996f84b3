"""Owns the offset boundary between stored text (Unicode code points) and Qt documents (UTF-16 positions).

What Qt does to a plain text, and what this module undoes:

* positions count UTF-16 units, so a character outside the Basic Multilingual Plane (an emoji)
  takes two positions;
* ``setPlainText`` turns "\\r\\n" into one paragraph break (one position), and a lone "\\r" into one;
* ``toPlainText`` turns a no-break space into a plain space (never read text back from Qt:
  slice the stored text with converted offsets instead);
* ``QTextCursor.selectedText`` puts U+2029 (paragraph separator) between paragraphs.

Stored selectors never hold Qt positions: convert here, at the boundary, in both directions.
"""

from __future__ import annotations

from bisect import bisect_right

PARAGRAPH_SEPARATOR = "\u2029"


class QtOffsets:
    """Converts between code-point offsets in ``text`` and positions in a QTextDocument showing it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._identity = "\r" not in text and (text.isascii() or all(ord(ch) <= 0xFFFF for ch in text))
        self._qt_of: list[int] = []
        if not self._identity:
            qt_of = [0] * (len(text) + 1)
            position = 0
            for i, ch in enumerate(text):
                qt_of[i] = position
                if ch == "\r" and text[i + 1:i + 2] == "\n":
                    continue  # "\r\n" is one paragraph break: the "\n" takes the position
                position += 2 if ord(ch) > 0xFFFF else 1
            qt_of[len(text)] = position
            self._qt_of = qt_of

    @property
    def qt_length(self) -> int:
        return len(self.text) if self._identity else self._qt_of[-1]

    def to_qt(self, offset: int) -> int:
        """The document position of code point ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        return offset if self._identity else self._qt_of[offset]

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """The code point offset of document ``position``; a position inside a surrogate pair rounds
        down (or up with ``round_up``, for the end of a selection)."""
        if self._identity:
            return max(0, min(position, len(self.text)))
        position = max(0, min(position, self._qt_of[-1]))
        i = bisect_right(self._qt_of, position) - 1  # last code point starting at or before position
        while i > 0 and self._qt_of[i - 1] == position:
            i -= 1  # several code points at one position ("\r" of "\r\n"): take the first
        if self._qt_of[i] < position and round_up:
            i += 1
        return i

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection (anchor/position in any order) as code points [start, end)."""
        lo, hi = min(start, end), max(start, end)
        return self.from_qt(lo), self.from_qt(hi, round_up=True)


def plain_from_selected_text(selected: str) -> str:
    """``QTextCursor.selectedText()`` with its paragraph separators turned back into newlines.

    Prefer slicing the stored text with :class:`QtOffsets`; this is for text taken from Qt itself."""
    return selected.replace(PARAGRAPH_SEPARATOR, "\n")
