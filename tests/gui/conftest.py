"""GUI test helpers: a shown, focused main window on a fresh archive."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Build (and show) a main window on an archive folder; closed at the end of the test."""
    from niger_archive.ui.app import build_window

    windows = []

    def make(archive_dir=None, show=True):
        window = build_window(archive_dir or tmp_path / "archive")
        qtbot.addWidget(window)
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        return window

    yield make
    for window in windows:
        window.close()
    from niger_archive.services.settings import settings_path

    for leftover in (settings_path(), settings_path().with_name("window.ini")):
        leftover.unlink(missing_ok=True)  # each test starts from the default layout and settings


def focused():
    return QApplication.focusWidget()
