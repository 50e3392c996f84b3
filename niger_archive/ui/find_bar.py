"""Owns find in this article (Ctrl+F): a bar under the reader's text, every match tinted, Enter/Shift+Enter.

The bar searches the text the reader shows (clean or original), ignoring case; matches are found in
code points and drawn through the reader's offsets. Enter goes to the next match, Shift+Enter to the
previous one (both wrap around), Esc closes the bar and gives the focus back to the reader with the
match selected. Archive search stays on ``/``.
"""

from __future__ import annotations

from typing import Any

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from ..platform.i18n import tr

MATCH_TINT = "#ffb74d"  # every match, under the selection of the current one
MAX_MATCHES = 5000  # beyond this the count says "5000+" and only these are tinted
_OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Spans (code points) of ``needle`` in ``text``, ignoring case, in text order, at most ``limit``."""
    if not needle:
        return []
    out = []
    for match in re.finditer(re.escape(needle), text, re.IGNORECASE):
        out.append((match.start(), match.end()))
        if len(out) >= limit:
            break
    return out


class FindBar(QWidget):
    """The find bar of one reader view (see the module's docstring)."""

    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.view: Any = view  # the reader: a QPlainTextEdit with offsets and select()
        self.matches: list[tuple[int, int]] = []
        self.index = -1
        self.field = QLineEdit()
        self.field.setObjectName("find-field")
        self.field.setPlaceholderText(tr("Find in this article (Enter: next, Shift+Enter: previous, Esc: close)"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("find-count")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        caption = QLabel(tr("Find:"))
        caption.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(caption)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        self.field.textEdited.connect(self._search)
        self.field.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        """Show the bar with the field focused (a short one-line selection in the reader is the first text)."""
        cursor = self.view.textCursor()
        chosen = cursor.selectedText()
        if chosen and "\u2029" not in chosen and len(chosen) <= 100:
            self.field.setText(chosen)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search(self.field.text(), keep_place=True)

    def close_bar(self) -> None:
        self.hide()
        self.view.setExtraSelections([])
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def text_changed(self) -> None:
        """The reader shows another text: find again in it (when the bar is open)."""
        if self.isVisible():
            self._search(self.field.text(), keep_place=False)

    def step(self, forward: bool) -> None:
        if not self.matches:
            self._show_count()
            return
        self.index = (self.index + (1 if forward else -1)) % len(self.matches)
        self._go()

    # --- internals ---------------------------------------------------------------------------
    def _search(self, needle: str, keep_place: bool = False) -> None:
        offsets = self.view.offsets  # the text shown, in code points, and its Qt positions
        self.matches = find_all(offsets.text, needle)
        caret = offsets.from_qt(self.view.textCursor().selectionStart())
        # the first match at or after the caret (typing refines the search from where the reader is)
        self.index = next((i for i, (s, _e) in enumerate(self.matches) if s >= caret), 0 if self.matches else -1)
        tint = QTextCharFormat()
        tint.setBackground(QColor(MATCH_TINT))
        tint.setForeground(QColor("#000000"))
        selections = []
        for start, end in self.matches:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(offsets.to_qt(start))
            cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = tint
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if self.matches and not keep_place:
            self._go()
        else:
            self._show_count()

    def _go(self) -> None:
        start, end = self.matches[self.index]
        self.view.select(start, end)
        self._show_count()

    def _show_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(tr("No match"))
        else:
            more = "+" if len(self.matches) >= MAX_MATCHES else ""
            self.count.setText(tr("{n} of {total}").format(n=self.index + 1, total=f"{len(self.matches)}{more}"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.field and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() not in _OWN_KEYS:
                return False
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # Esc and Enter belong to the bar here, not to window shortcuts
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.close_bar()
            else:
                self.step(not key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return True
        return super().eventFilter(watched, event)
