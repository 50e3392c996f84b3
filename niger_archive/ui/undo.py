"""Owns the window's undo and redo: domain Edits applied through the Archive, whose durable history is the only stack.

There is no QUndoStack mirror (see docs/decisions.md, "Undo: the durable history is the only stack"):

* pushing applies the edit through ``archive.apply``/``apply_steps`` (a refused edit raises and
  changes nothing); the archive decides whether typing folds into the previous step (same field,
  same session, no long pause);
* undo and redo call ``archive.undo``/``archive.redo``, for this session's steps and earlier ones alike;
* the menu texts come from ``archive.undo_status()``: they name the field and what the step restores.

Before undo and redo, typing still waiting for its pause is saved (the ``flush`` hook), so Ctrl+Z
takes back what the user sees, never a half-saved field.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ..core.edits import Edit
from ..core.errors import NigerArchiveError
from ..core.models import Change
from ..services.archive import Archive


class UndoAdapter(QObject):
    changed = Signal(object)  # Change
    failed = Signal(object)  # the reason: a str, or a core.messages.Message translated where shown
    history_changed = Signal()

    def __init__(self, archive: Archive, parent: QObject | None = None,
                 flush: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._flush = flush or (lambda: None)

    # --- pushing -------------------------------------------------------------------------------
    def push(self, edit: Edit, *, merge: bool = False) -> Change:
        """Apply ``edit`` durably as an undo step (raises NigerArchiveError if refused); with ``merge``
        it may fold into the previous step (see ``Archive.apply``)."""
        change = self.archive.apply(edit, merge=merge)
        self._announce(change)
        return change

    def push_steps(self, label: str, steps: Iterable[Callable], *, kind: str = "compound",
                   merge: bool = False) -> Change:
        _combined, change = self.archive.apply_steps(label, steps, kind=kind, merge=merge)
        self._announce(change)
        return change

    def adopt(self, change: Change) -> None:
        """A service applied an edit to the archive directly (settling a bundle conflict): its history
        has the step already; let the views and the menu texts follow."""
        self._announce(change)

    # --- undo and redo -------------------------------------------------------------------------
    def undo(self) -> bool:
        self._flush()
        return self._run(self.archive.undo, "Nothing to undo")

    def redo(self) -> bool:
        self._flush()
        return self._run(self.archive.redo, "Nothing to redo")

    def undo_text(self) -> str | None:
        return self.archive.undo_status().undo

    def redo_text(self) -> str | None:
        return self.archive.undo_status().redo

    # --- internals -----------------------------------------------------------------------------
    def _run(self, operation: Callable[[], tuple[Edit | None, Change]], nothing: str) -> bool:
        try:
            edit, change = operation()
        except NigerArchiveError as exc:
            self.failed.emit(exc.message)
            self.history_changed.emit()
            return False
        if edit is None:
            self.failed.emit(nothing)
            return False
        self._announce(change)
        return True

    def _announce(self, change: Change) -> None:
        self.history_changed.emit()
        if not change.is_empty():
            self.changed.emit(change)
