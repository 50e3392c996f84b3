"""Owns how annotations look in the reader: background colours (overlaps blended), claim and mention lines.

Backgrounds are formats of the text layout of each paragraph (as QSyntaxHighlighter applies them),
over elementary segments, so where two highlights overlap the overlap gets its own, stronger
blend and stays visible; a changed highlight re-formats only the paragraphs it touches and Qt
paints the formats natively. Claims get a solid line under the words in their verdict's colour,
entity mentions a dashed line above them, the current annotation an outline (so moving the caret
only repaints lines, never re-formats the text); those are painted on the reader's viewport for the
visible lines only. Claims and mentions also get a mark in the left margin (a bar in the verdict's
colour, a dot) so they stand apart from plain highlights at a glance; a highlight without a colour
gets a marker yellow, never a near-invisible grey. Colours are tinted toward the window's base
colour (light or dark palette) and text takes black or white, whichever contrasts more.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from ..core.annotations import Annotation, PaletteEntry

UNCOLOURED = "#ffd54f"  # a highlight without a palette colour: a marker's yellow, plain to see on either palette
MARGIN_X = 3.0  # the margin marks (claims: a bar, mentions: a dot) sit in the document's left margin
CLAIM_LINE = 3.0  # a claim's solid line under its words
VERDICT_COLOURS = {  # (light palette, dark palette)
    "unverified": ("#757575", "#bdbdbd"),
    "supported": ("#2e7d32", "#81c784"),
    "disputed": ("#e65100", "#ffb74d"),
    "false": ("#c62828", "#ef9a9a"),
    "misleading": ("#6a1b9a", "#ce93d8"),
}
MENTION_COLOURS = ("#1565c0", "#90caf9")


@dataclass(frozen=True)
class Mark:
    """One annotation as drawn: its span (code points), colour, verdict (claims) and mention flag."""

    id: str
    start: int
    end: int
    color: str
    verdict: str | None = None
    mention: bool = False


def marks_for(annotations: Iterable[Annotation], palette: Iterable[PaletteEntry],
              verdicts: dict[str, str]) -> list[Mark]:
    """Marks of the placed annotations (orphans have no place), in text order."""
    colours = {p.name: p.color for p in palette}
    out = []
    for ann in annotations:
        if ann.is_orphan or ann.start is None or ann.end is None or ann.end <= ann.start:
            continue
        out.append(Mark(ann.id, ann.start, ann.end, colours.get(ann.color or "", UNCOLOURED),
                        verdicts.get(ann.claim_id) if ann.claim_id else None, bool(ann.entity_ids)))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def segments(marks: list[Mark], lo: int | None = None,
             hi: int | None = None) -> Iterator[tuple[int, int, list[Mark]]]:
    """Elementary spans [start, end) with the marks covering each (only covered spans), within [lo, hi)."""
    if lo is None and hi is None:
        clip = [(m.start, m.end, m) for m in marks]
    else:
        lo = min(m.start for m in marks) if lo is None and marks else (lo or 0)
        hi = max(m.end for m in marks) if hi is None and marks else (hi or 0)
        clip = [(max(lo, m.start), min(hi, m.end), m) for m in marks]
        clip = [c for c in clip if c[1] > c[0]]
    points = sorted({p for a, b, _ in clip for p in (a, b)})
    if not points:
        return
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    for a, b, m in clip:
        starts.setdefault(a, []).append(m)
        ends.setdefault(b, []).append(m)
    active: dict[str, Mark] = {}
    for a, b in zip(points, points[1:]):
        for m in ends.get(a, ()):
            active.pop(m.id, None)
        for m in starts.get(a, ()):
            active[m.id] = m
        if active:
            yield a, b, list(active.values())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way toward ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def text_colour_for(background: QColor) -> QColor:
    """Black or white, whichever has the higher WCAG contrast ratio on ``background``."""
    lum = luminance(background)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return QColor("#000000") if on_black >= on_white else QColor("#ffffff")


@lru_cache(maxsize=4096)
def _background(colours: tuple[str, ...], base: str, dark: bool) -> str:
    parsed = [QColor(c) for c in colours]
    blended = QColor.fromRgbF(sum(c.redF() for c in parsed) / len(parsed),
                              sum(c.greenF() for c in parsed) / len(parsed),
                              sum(c.blueF() for c in parsed) / len(parsed))
    if len(colours) > 1:
        tint = 0.2 if not dark else 0.35  # overlaps: stronger than either highlight alone
    else:
        tint = 0.45 if not dark else 0.6
    return mix(blended, QColor(base), tint).name()


def background_for(marks: list[Mark], base: QColor, dark: bool) -> QColor:
    """The background of a span covered by ``marks`` (a blend; overlaps stronger than single highlights)."""
    return QColor(_background(tuple(sorted(m.color for m in marks)), base.name(), dark))


class MarkFormats:
    """The marks as background formats in the layouts of a document's paragraphs.

    Marks are kept sorted by start (code points); :meth:`replace` changes some of them and
    re-formats only the paragraphs their old and new spans touch."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        self.marks: list[Mark] = []
        self._starts: list[int] = []
        self._longest = 0
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self._offsets = None

    def clear(self, offsets) -> None:
        """Forget the marks (the document was given a new text, whose layouts carry no formats)."""
        self._offsets = offsets
        self.marks, self._starts, self._longest = [], [], 0

    def set_marks(self, marks: list[Mark], offsets) -> None:
        """Format the whole document for ``marks`` (opening an article, or a change touching many)."""
        self._offsets = offsets
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._reindex()
        document = self.editor.document()
        block = document.begin()
        while block.isValid():
            self._format_block(block)
            block = block.next()
        document.markContentsDirty(0, document.characterCount())

    def replace(self, ids: set[str], new: list[Mark]) -> None:
        """Drop the marks with ``ids``, add ``new``; re-format the paragraphs either touched."""
        old = [m for m in self.marks if m.id in ids]
        if not old and not new:
            return
        kept = [m for m in self.marks if m.id not in ids]
        for m in sorted(new, key=lambda m: (m.start, m.end)):
            insort(kept, m, key=lambda x: (x.start, x.end))
        self.marks = kept
        self._reindex()
        to_qt = self._offsets.to_qt
        document = self.editor.document()
        done: set[int] = set()
        for m in (*old, *new):
            block = document.findBlock(to_qt(m.start))
            end = to_qt(m.end)
            while block.isValid():
                if block.position() not in done:
                    done.add(block.position())
                    self._format_block(block)
                    document.markContentsDirty(block.position(), block.length())
                if block.position() + block.length() > end:
                    break  # this paragraph holds the end of the mark
                block = block.next()

    def palette_changed(self) -> None:
        self._formats.clear()
        if self._offsets is not None and self.marks:
            self.set_marks(self.marks, self._offsets)

    def formats_in(self, block) -> int:
        """How many formatted spans a paragraph has (tests and measurements)."""
        return len(block.layout().formats())

    def _reindex(self) -> None:
        self._starts = [m.start for m in self.marks]
        self._longest = max((m.end - m.start for m in self.marks), default=0)

    def _covering(self, lo: int, hi: int) -> list[Mark]:
        """Marks overlapping [lo, hi) (code points)."""
        first = bisect_left(self._starts, lo - self._longest)
        last = bisect_left(self._starts, hi)
        return [m for m in self.marks[first:last] if m.end > lo]

    def _format(self, covering: list[Mark]) -> QTextCharFormat:
        key = tuple(sorted(m.color for m in covering))
        fmt = self._formats.get(key)
        if fmt is None:
            palette = self.editor.palette()
            background = background_for(covering, palette.color(QPalette.ColorRole.Base), is_dark(palette))
            fmt = QTextCharFormat()
            fmt.setBackground(background)
            fmt.setForeground(text_colour_for(background))
            self._formats[key] = fmt
        return fmt

    def _format_block(self, block) -> None:
        offsets = self._offsets
        position = block.position()
        lo = offsets.from_qt(position)
        hi = offsets.from_qt(position + max(0, block.length() - 1), round_up=True)
        ranges = []
        covering = self._covering(lo, hi) if hi > lo else []
        if covering:
            to_qt = offsets.to_qt
            for start, end, over in segments(covering, lo, hi):
                a = to_qt(start)
                r = QTextLayout.FormatRange()
                r.start = a - position
                r.length = to_qt(end) - a
                r.format = self._format(over)
                ranges.append(r)
        layout = block.layout()
        if ranges or layout.formats():
            layout.setFormats(ranges)


@dataclass(frozen=True)
class Decoration:
    start: int  # document positions
    end: int
    kind: str  # "claim" | "mention" | "current"
    colour: QColor


def decorations(to_qt, marks: list[Mark], dark: bool) -> list[Decoration]:
    """Claim and mention lines of all marks, in document order."""
    out = []
    for m in marks:
        if m.verdict is None and not m.mention:
            continue
        a, b = to_qt(m.start), to_qt(m.end)
        if m.verdict is not None:
            light, darkc = VERDICT_COLOURS.get(m.verdict, VERDICT_COLOURS["unverified"])
            out.append(Decoration(a, b, "claim", QColor(darkc if dark else light)))
        if m.mention:
            out.append(Decoration(a, b, "mention", QColor(MENTION_COLOURS[1 if dark else 0])))
    out.sort(key=lambda d: d.start)
    return out


def current_decoration(to_qt, marks: list[Mark], current: str | None, outline: QColor) -> list[Decoration]:
    """The outline of the current annotation (cheap to change as the caret moves)."""
    for m in marks:
        if m.id == current:
            return [Decoration(to_qt(m.start), to_qt(m.end), "current", outline)]
    return []


def span_rects(editor: QPlainTextEdit, start: int, end: int) -> Iterator[QRectF]:
    """Viewport rectangles of the lines covering document positions [start, end)."""
    document = editor.document()
    block = document.findBlock(start)
    offset = editor.contentOffset()
    while block.isValid() and block.position() < end:
        if block.isVisible():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            layout = block.layout()
            position = block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                line_start = position + line.textStart()
                line_end = line_start + line.textLength()
                a, b = max(start, line_start), min(end, line_end)
                if a >= b:
                    continue
                x1 = line.cursorToX(a - position)
                x2 = line.cursorToX(b - position)
                x1 = x1[0] if isinstance(x1, tuple) else x1
                x2 = x2[0] if isinstance(x2, tuple) else x2
                yield QRectF(geometry.left() + x1, geometry.top() + line.y(), x2 - x1, line.height())
        block = block.next()


def paint_decorations(editor: QPlainTextEdit, painter: QPainter, items: list[Decoration]) -> None:
    """Paint the decorations that intersect the visible part of the document."""
    if not items:
        return
    first = editor.firstVisibleBlock()
    if not first.isValid():
        return
    top_position = first.position()
    bottom = editor.cursorForPosition(editor.viewport().rect().bottomRight()).position() + 1
    starts = [d.start for d in items]
    # decorations starting before the visible part may still reach into it: scan from the start,
    # but only those whose end is past the first visible position
    last = bisect_left(starts, bottom + 1)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for d in items[:last]:
        if d.end <= top_position:
            continue
        for rect in span_rects(editor, max(d.start, top_position), min(d.end, bottom)):
            if rect.top() > editor.viewport().height():
                break
            margin = editor.contentOffset().x() + MARGIN_X
            if d.kind == "claim":
                painter.setPen(QPen(d.colour, CLAIM_LINE, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
                y = rect.bottom() - CLAIM_LINE / 2
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                painter.fillRect(QRectF(margin, rect.top(), 4.0, rect.height()), d.colour)  # the margin bar
            elif d.kind == "mention":
                pen = QPen(d.colour, 2.0, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
                pen.setDashPattern([1.0, 1.5])  # dotted
                painter.setPen(pen)
                y = rect.top() + 1.0  # a dotted line above the words: it never crosses the claim line
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(d.colour)
                painter.drawEllipse(QPointF(margin + 9.0, rect.center().y()), 3.0, 3.0)  # the margin dot
            else:
                painter.setPen(QPen(d.colour, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-1.5, 0.5, 1.5, -0.5), 3, 3)
