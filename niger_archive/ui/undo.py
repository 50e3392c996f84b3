"""Owns the undo stack adapter: a QUndoStack whose commands wrap domain Edits applied through the Archive.

The archive keeps the durable history (it survives a restart); the QUndoStack mirrors this
session's steps so Qt's undo machinery (texts, merging of note typing) stays in step with it:

* pushing applies the edit first (``archive.apply``/``apply_steps``), so a refused edit never
  reaches the stack; the command's first ``redo`` is then a no-op, later ones call ``archive.redo``;
* ``undo`` calls ``archive.undo``;
* ``mergeWith`` folds consecutive edits of the same target (typing a note) exactly when the archive
  folds them (both use ``Edit.can_merge``);
* steps from an earlier session (below the stack) are undone and redone on the archive directly.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import MERGEABLE_KINDS, Edit
from ..core.errors import NigerArchiveError
from ..core.models import Change
from ..services.archive import Archive

MERGE_ID = 1


class EditCommand(QUndoCommand):
    def __init__(self, adapter: "UndoAdapter", edit: Edit, merge: bool) -> None:
        super().__init__(edit.label)
        self.adapter = adapter
        self.edit = edit
        self.merge = merge
        self._applied = True  # pushed after the archive applied it

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return MERGE_ID if self.merge and self.edit.kind in MERGEABLE_KINDS else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, EditCommand) or not self.edit.can_merge(other.edit):
            return False
        self.edit = self.edit.merged(other.edit)
        self.setText(self.edit.label)
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.adapter._run(self.adapter.archive.redo)

    def undo(self) -> None:
        self.adapter._run(self.adapter.archive.undo)


class UndoAdapter(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)
    history_changed = Signal()

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.stack = QUndoStack(self)
        self._older_undone = 0  # steps of an earlier session undone on the archive directly
        self._error = ""

    # --- pushing -------------------------------------------------------------------------------
    def push(self, edit: Edit, *, merge: bool = False) -> Change:
        """Apply ``edit`` durably and put it on the stack (raises NigerArchiveError if refused)."""
        change = self.archive.apply(edit, merge=merge)
        if not edit.is_empty():
            self._older_undone = 0
            self.stack.push(EditCommand(self, edit, merge))
        self._announce(change)
        return change

    def push_steps(self, label: str, steps: Iterable[Callable]) -> Change:
        combined, change = self.archive.apply_steps(label, steps)
        if not combined.is_empty():
            self._older_undone = 0
            self.stack.push(EditCommand(self, combined, False))
        self._announce(change)
        return change

    def adopt(self, change: Change) -> None:
        """A service applied an edit to the archive directly (settling a bundle conflict): the archive's
        history has it, so this session's stack no longer mirrors the history; forget the stack (its
        steps stay undoable through the archive) and let the views follow the change."""
        if not change.is_empty():
            self.stack.clear()
            self._older_undone = 0
        self._announce(change)

    # --- undo and redo -------------------------------------------------------------------------
    def undo(self) -> bool:
        if self.stack.canUndo():
            self.stack.undo()
        elif self.archive.undo_label() is not None:
            if self._run(self.archive.undo):
                self._older_undone += 1
        else:
            self.failed.emit("Nothing to undo")
            return False
        return self._settle()

    def redo(self) -> bool:
        if self._older_undone or not self.stack.canRedo():
            if self.archive.redo_label() is None:
                self.failed.emit("Nothing to redo")
                return False
            if self._run(self.archive.redo) and self._older_undone:
                self._older_undone -= 1
        else:
            self.stack.redo()
        return self._settle()

    def undo_text(self) -> str | None:
        return self.archive.undo_label()

    def redo_text(self) -> str | None:
        return self.archive.redo_label()

    # --- internals -----------------------------------------------------------------------------
    def _run(self, operation: Callable[[], tuple[Edit | None, Change]]) -> bool:
        try:
            _edit, change = operation()
        except NigerArchiveError as exc:
            self._error = str(exc)
            return False
        self._announce(change)
        return True

    def _settle(self) -> bool:
        if self._error:
            message, self._error = self._error, ""
            # the stack no longer mirrors the archive: forget it, the archive's history stays usable
            self.stack.clear()
            self._older_undone = 0
            self.failed.emit(message)
            self.history_changed.emit()
            return False
        return True

    def _announce(self, change: Change) -> None:
        self.history_changed.emit()
        if not change.is_empty():
            self.changed.emit(change)
