"""Owns tidying the search index when the app is idle: merging the segments imports left, in the background.

After a few seconds without key or mouse input and with no task running, the window runs
``Archive.tidy_index`` through its task runner as idle work (``TaskRunner.run_idle``): it merges the
index's segments into one when the index needs it, and does nothing otherwise. Searches go on answering
meanwhile from the segments as they were. Any job the user starts (an import, a rebuild), an edit
(its articles are re-indexed) and closing the window cancel it before it commits; it is tried again at
the next idle moment. Nothing is said when it ends; the task line reads "Tidying the search index…"
while it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ..core.messages import N_

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .tasks import Task

IDLE_MS = 5_000  # no key or mouse input for this long, and no task running: the app is idle
TITLE = N_("Tidying the search index")
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                    QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})


class IdleIndexTidier(QObject):
    """Tidies the window's archive's search index when the app has been idle for ``idle_ms``."""

    def __init__(self, window: MainWindow, idle_ms: int = IDLE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.runner = window.tasks
        self.maybe_untidy = not window.archive.readonly  # not known until a tidy job has looked
        self.task: Task | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self._idle)
        self.runner.finished.connect(self._task_finished)
        window.undo.changed.connect(self._edited)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _INPUT:
            self.timer.start()  # the user is here: idle again only after a quiet while
        return False

    @property
    def running(self) -> bool:
        return self.task is not None

    def _idle(self) -> None:
        if (not self.maybe_untidy or self.task is not None or self.runner.busy
                or self.window.archive.readonly or getattr(self.window, "_closed", False)):
            return
        self.task = self.runner.run_idle(TITLE, lambda archive, cancelled: archive.tidy_index(cancelled),
                                         on_done=self._tidied)

    def _tidied(self, task: Task) -> None:
        from ..services.indexing import IndexTidied

        self.task = None
        done: Any = next((r for r in task.results if isinstance(r, IndexTidied)), None)
        # cancelled, or another writer held the index: tried again at the next idle moment;
        # merged, not needed, or failed (it would fail again): nothing more until something changes
        self.maybe_untidy = task.cancelled or (done is not None and (done.cancelled or bool(done.not_now)))
        if self.maybe_untidy:
            self.timer.start()

    def _task_finished(self, task: Task) -> None:
        if task.idle:
            return
        self.maybe_untidy = True  # an import or a rebuild may have left segments
        self.timer.start()

    def _edited(self, _change: object) -> None:
        """An edit re-indexes its articles: the index's writer is wanted, so a running merge gives way."""
        self.maybe_untidy = True
        if self.task is not None:
            self.task.cancel_event.set()
        self.timer.start()

    def stop(self) -> None:
        """The window is closing: no more idle work (the runner's shutdown cancels a running merge)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
