"""Owns the app's log file and what happens on an unexpected error: it is logged, and a dialog shows it.

The log goes to the user log folder (``platformdirs.user_log_dir``), rotated at 1 MB with three old
files kept. ``sys.excepthook`` (errors in slots and event handlers), ``threading.excepthook``
(errors in threads) and Qt's message handler (Qt's own warnings) all write to it; an unhandled
error also shows a dialog with the error and the log's path, and the window keeps running. The
archive is never at risk: every edit is its own committed transaction before the view changes, so
an error after it cannot undo or corrupt it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from ..platform.location import APP_NAME

LOG_NAME = f"{APP_NAME}.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("niger_archive")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging() -> Path:
    """Send the app's log records to the rotating log file; returns its path (idempotent)."""
    folder = log_dir()
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
    except OSError as exc:  # a read-only home: keep running, say so on the terminal
        print(f"warning: cannot write the log file {path}: {exc}", file=sys.stderr)
        return path
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def stop_logging(path: Path) -> None:
    """Detach and close the log file handler of ``path``."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == Path(path):
            root.removeHandler(handler)
            handler.close()


def describe(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> tuple[str, str]:
    """(one-line error, full traceback)."""
    return (f"{exc_type.__name__}: {exc}".strip().rstrip(":"),
            "".join(traceback.format_exception(exc_type, exc, tb)))


class CrashReporter(QObject):
    """Installs the hooks; shows one dialog at a time (later errors while it is open are only logged)."""

    reported = Signal(str, str)  # error, details (queued to the interface thread)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.shown: list[str] = []  # errors shown in a dialog this session
        self._showing = False
        self._previous = (sys.excepthook, threading.excepthook)
        self._previous_qt = None
        self.reported.connect(self._show)

    def install(self) -> "CrashReporter":
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        self._previous_qt = qInstallMessageHandler(_qt_message)
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous
        qInstallMessageHandler(self._previous_qt)

    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        error, details = describe(exc_type, exc, tb)
        log.error("unhandled error: %s", details)
        self.reported.emit(error, details)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        error, details = describe(args.exc_type, args.exc_value, args.exc_traceback)
        name = args.thread.name if args.thread is not None else "a thread"
        log.error("unhandled error in %s: %s", name, details)
        self.reported.emit(error, details)  # a queued signal: the dialog opens on the interface thread

    def _show(self, error: str, details: str) -> None:
        self.shown.append(error)
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            dialog = crash_dialog(error, details, self.log_path, QApplication.activeWindow())
            dialog.exec()
        finally:
            self._showing = False


def crash_dialog(error: str, details: str, log_path: Path, parent=None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("crash-dialog")
    box.setIcon(QMessageBox.Icon.Critical)
    from ..platform.i18n import tr

    box.setWindowTitle(tr("Niger Archive — unexpected error"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(tr("Something went wrong: {error}").format(error=error))
    box.setInformativeText(tr(
        "Your archive is safe: every change was saved when you made it.\n"
        "The details are in the log file:\n{log_path}\n"
        "You can keep working; if the problem comes back, please send that file with a note of what you did."
    ).format(log_path=log_path))
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def _qt_message(mode: QtMsgType, context, message: str) -> None:
    level = _QT_LEVELS.get(mode, logging.WARNING)
    where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
    logging.getLogger("qt").log(level, "%s%s", message, where)
    if level >= logging.WARNING and sys.stderr is not None:  # None in a windowed frozen app
        sys.stderr.write(f"Qt: {message}\n")
