"""Owns how editable fields save: one mechanism for every line edit, text box and choice in the window.

A field registered with :meth:`FieldCommits.watch` saves (calls its commit function)

* after a short pause in typing (:data:`TYPING_PAUSE_MS`),
* when it is left (focus out) or finished (Enter in a line edit),
* at once when a choice is picked (combo boxes),
* whenever :meth:`FieldCommits.flush` is called: before the annotation or article the fields show
  changes, before a task's result refreshes the panes, before undo and redo, and on close.

A commit function compares the field with the stored value, so saving an unchanged field does nothing.
Values put into a field by the program are set with its signals blocked, so only typing counts.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TYPING_PAUSE_MS = 600


class FieldCommits(QObject):
    """The fields of one pane and what saves each; typed fields wait for a pause or a flush."""

    def __init__(self, parent: QObject | None = None, pause_ms: int = TYPING_PAUSE_MS) -> None:
        super().__init__(parent)
        self._commits: dict[QWidget, Callable[[], None]] = {}
        self._pending: dict[QWidget, None] = {}  # typed into and not saved yet, in typing order
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self.flush)

    def watch(self, widget: QWidget, commit: Callable[[], None]) -> None:
        self._commits[widget] = commit
        if isinstance(widget, QComboBox):
            widget.activated.connect(lambda _index, w=widget: self._typed(w, now=True))
            return
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, w=widget: self._typed(w))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.textChanged.connect(lambda w=widget: self._typed(w))
        finished = getattr(widget, "editingFinished", None)  # Enter in a line edit (or a one-line text edit)
        if finished is not None:
            finished.connect(lambda w=widget: self.commit(w))
        widget.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def is_pending(self, widget: QWidget) -> bool:
        return widget in self._pending

    def _typed(self, widget: QWidget, now: bool = False) -> None:
        self._pending[widget] = None
        if now:
            self.commit(widget)
        else:
            self._timer.start()

    def commit(self, widget: QWidget) -> None:
        """Save ``widget`` now if it was typed into."""
        if widget in self._pending:
            del self._pending[widget]
            self._commits[widget]()
        if not self._pending:
            self._timer.stop()

    def discard(self, widget: QWidget) -> None:
        """Forget what was typed into ``widget`` (the field was reverted)."""
        self._pending.pop(widget, None)
        if not self._pending:
            self._timer.stop()

    def flush(self) -> None:
        """Save every field typed into and not saved yet."""
        self._timer.stop()
        while self._pending:
            self.commit(next(iter(self._pending)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusOut and watched in self._commits:
            self.commit(watched)  # type: ignore[arg-type]
        return False
