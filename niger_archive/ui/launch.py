"""Owns running the desktop app: what `niger-archive` with no subcommand does (the double-click entry point,
`niger-archive-gui`, is the same CLI `main`, installed without a console window on Windows).

Started with files (``niger-archive [--archive DIR] FILE...``, or by the file manager), the app
first offers them to a window already open on that archive (see :mod:`.instance`); only when none
answers does it open the archive itself, so one archive is never open in two windows.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Sequence

from .. import __version__
from ..core.errors import NigerArchiveError
from ..platform.i18n import tr
from ..platform.location import resolve_archive_dir
from ..services.settings import Settings

log = logging.getLogger(__name__)


def run_app(archive_dir: str | None, files: Sequence[str] = ()) -> int:
    """Open the archive (the given folder, else the last one used, else the default) and run until closed;
    ``files`` are imported (bundles after their dry run), in the window already open on it if there is one."""
    from .instance import hand_over
    from .preflight import gui_problem

    settings = Settings.load()
    target = resolve_archive_dir(archive_dir or settings.last_archive)
    paths = [os.path.abspath(f) for f in files]
    if hand_over(target, paths):
        print(f"handed to the window already open on {target}" if paths else
              f"the window on {target} was already open")
        return 0

    problem = gui_problem()  # Qt would abort (exit 134) on these; say why and what to do instead
    if problem:
        if sys.stderr is not None:
            print(f"error: {problem}", file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer

    from .app import ensure_application, open_window
    from .crash import CrashReporter, setup_logging

    log_path = setup_logging()
    app = ensure_application()
    CrashReporter(log_path, app).install()
    log.info("Niger Archive %s starting on %s", __version__, target)
    try:
        window = open_window(target, settings)
    except NigerArchiveError as exc:  # e.g. the archive is in use by another process
        log.error("cannot open %s: %s", target, exc)
        if sys.stderr is not None:  # None in a windowed frozen app
            print(f"error: {exc}", file=sys.stderr)
        _tell(tr(exc.message))  # in the interface language (open_window has chosen it)
        return 1
    window.show()
    if paths:
        QTimer.singleShot(0, lambda: window.open_paths(paths))
    code = app.exec()
    log.info("Niger Archive closed")
    return code


def _tell(message: str) -> None:
    """Say why the app cannot start in a dialog: started by a double click, nobody sees the terminal."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Niger Archive", f"The archive could not be opened:\n\n{message}")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message names a path, which may hold markup
    box.exec()

