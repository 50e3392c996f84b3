"""Owns the reader widget: an article's text, read-only with a visible keyboard caret, and its highlights.

Everything that leaves this widget is in code points over the stored text (see :mod:`.offsets`);
Qt positions never escape. The widget knows nothing of the archive: the window hands it the text
and the marks to draw.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit

from .highlights import Mark, MarkFormats, current_decoration, decorations, is_dark, paint_decorations
from .offsets import QtOffsets

READING_WIDTH_CHARS = 78  # comfortable measure; wider windows get margins


class ReaderView(QPlainTextEdit):
    caret_moved = Signal(int)  # code point offset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setUndoRedoEnabled(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setCursorWidth(2)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self._offsets = QtOffsets("")
        self._formats = MarkFormats(self)
        self._current: str | None = None
        self._decorations = []
        self._current_decoration = []
        self.cursorPositionChanged.connect(self._on_cursor)

    # --- content -------------------------------------------------------------------------------
    @property
    def offsets(self) -> QtOffsets:
        return self._offsets

    def show_text(self, text: str) -> None:
        self._offsets = QtOffsets(text)
        self._current, self._decorations, self._current_decoration = None, [], []
        self.setPlainText(text)
        self._formats.clear(self._offsets)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def text(self) -> str:
        return self._offsets.text

    @property
    def marks(self) -> list[Mark]:
        """The marks drawn, sorted by start (code points)."""
        return self._formats.marks

    def set_marks(self, marks: list[Mark], current: str | None) -> None:
        """Draw exactly ``marks`` (formats the whole text)."""
        self._current = current
        self._formats.set_marks(marks, self._offsets)
        self._redecorate()

    def replace_marks(self, ids: set[str], new: list[Mark], current: str | None) -> None:
        """Drop the marks with ``ids`` and draw ``new`` (the same ids, or others): only the paragraphs
        their spans touch are formatted again."""
        self._current = current
        self._formats.replace(ids, new)
        self._redecorate()

    def set_current(self, current: str | None) -> None:
        if current != self._current:
            self._current = current
            self._outline()
            self.viewport().update()

    def _redecorate(self) -> None:
        self._decorations = decorations(self._offsets.to_qt, self.marks, is_dark(self.palette()))
        self._outline()
        self.viewport().update()

    def _outline(self) -> None:
        outline = self.palette().color(QPalette.ColorRole.Text)
        self._current_decoration = current_decoration(self._offsets.to_qt, self.marks, self._current, outline)

    # --- caret and selection in code points ----------------------------------------------------
    def caret(self) -> int:
        return self._offsets.from_qt(self.textCursor().position())

    def selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._offsets.span_from_qt(cursor.anchor(), cursor.position())
        return (start, end) if end > start else None

    def select(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def place_caret(self, offset: int, *, center: bool = False) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_qt(offset))
        self.setTextCursor(cursor)
        if center:
            self.centerCursor()
        else:
            self.ensureCursorVisible()

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that [start, end) is in view, caret at its end, without selecting."""
        self.place_caret(start, center=True)
        self.place_caret(end)

    def _on_cursor(self) -> None:
        self.caret_moved.emit(self.caret())

    # --- painting and layout -------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self._decorations or self._current_decoration:
            painter = QPainter(self.viewport())
            try:
                paint_decorations(self, painter, self._decorations)
                paint_decorations(self, painter, self._current_decoration)
            finally:
                painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        measure = self.fontMetrics().horizontalAdvance("n") * READING_WIDTH_CHARS + 40
        spare = max(0, self.width() - measure)
        side = spare // 2
        self.setViewportMargins(side, 0, side, 0)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.marks:
            self._formats.palette_changed()
            self._redecorate()
