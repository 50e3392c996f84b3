"""Owns the status-bar progress of long tasks: what runs, how far (counts and current file), and Cancel."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from ..platform.i18n import number, tr
from .prompt import plain_label
from .tasks import TaskRunner


class TaskProgress(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("task-progress")
        self.runner = runner
        self.label = plain_label()
        self.bar = QProgressBar()
        self.bar.setObjectName("task-bar")
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setObjectName("cancel-task")
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        runner.started.connect(self._started)
        runner.progress.connect(self._progress)
        runner.finished.connect(lambda _task: self._idle())
        self._title = ""
        self.hide()

    def _started(self, title: str) -> None:
        self._title = title
        self.label.setText(tr("{task}…").format(task=title))
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.cancel.setEnabled(True)
        self.show()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{number(done)} / {number(total)}")
        shown = os.path.basename(message.rstrip("/\\")) if os.sep in message or "/" in message else message
        self.label.setText(f"{self._title}: {shown}" if shown else self._title)

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.label.setText(tr("{task}: cancelling after the current item…").format(task=self._title))
        self.runner.cancel()

    def _idle(self) -> None:
        if not self.runner.busy:
            self.hide()
