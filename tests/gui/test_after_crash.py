"""After a session that ended without closing the archive, the window offers a check with one key."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

CRASH = """
import os, sys
from niger_archive.services.archive import Archive
archive = Archive.open(sys.argv[1])
archive.import_files([sys.argv[2]])
os._exit(0)   # no close: as if the program had been killed
"""


def test_the_window_offers_a_check_after_a_crash_and_enter_repairs(qtbot, make_window, tmp_path):
    archive_dir = tmp_path / "crashed"
    subprocess.run([sys.executable, "-c", CRASH, str(archive_dir), str(SAMPLES)], check=True, timeout=120)
    shutil.rmtree(archive_dir / "index", ignore_errors=True)  # and the index was lost with it
    window = make_window(archive_dir)
    qtbot.waitUntil(lambda: window.prompt.isVisible(), timeout=5000)
    assert window.prompt.title.text() == "Check the archive now?"
    assert QApplication.focusWidget() is window.prompt.edit
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)  # the first choice: check and repair now
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    qtbot.waitUntil(lambda: "Archive checked" in window.statusBar().currentMessage(), timeout=5000)
    assert "no problems left" in window.statusBar().currentMessage()
    assert len(window.archive.search("Campbell")) == 4


def test_a_clean_close_offers_nothing(qtbot, make_window, tmp_path):
    from niger_archive.services.archive import Archive

    archive = Archive.open(tmp_path / "clean")
    archive.import_files([SAMPLES / "001_8408759f885e106c.txt"])
    archive.close()
    window = make_window(tmp_path / "clean")
    qtbot.wait(100)
    assert not window.prompt.isVisible()
