"""Files dropped on the window are imported by the one import command (`file.import`, which the
menu and Ctrl+I run too), given the files instead of asking; what was imported is shown."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent


def drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_dropped_files_are_imported_by_the_import_command_and_shown(qtbot, make_window, tmp_path, samples_dir,
                                                                    monkeypatch):
    first, second = sorted(samples_dir.glob("*.txt"))[:2]
    window = make_window(tmp_path / "archive")
    ran = []
    run = window.commands.run
    monkeypatch.setattr(window.commands, "run", lambda command_id, *args: ran.append((command_id, *args)) or run(
        command_id, *args))
    drop(window, [first])
    qtbot.waitUntil(lambda: window.reader.article_id is not None and not window.tasks.busy, timeout=30_000)
    assert ran == [("file.import", [str(first)])]  # the command the menu and Ctrl+I run, given the files
    assert "Imported 1 article" in window.statusBar().currentMessage()

    # with an article open, a second drop leaves the reader where it is and offers the key
    reading = window.reader.article_id
    drop(window, [second])
    qtbot.waitUntil(lambda: window.archive.articles.count() == 2 and not window.tasks.busy, timeout=30_000)
    assert window.reader.article_id == reading
    assert "Ctrl+Shift+O" in window.statusBar().currentMessage()


def test_a_dropped_path_that_is_gone_is_reported_by_the_import_command(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    drop(window, [tmp_path / "gone.txt"])
    assert "No such file or folder" in window.statusBar().currentMessage()
    assert not window.tasks.busy and window.archive.articles.count() == 0
