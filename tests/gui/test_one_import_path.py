"""Every import in the desktop app is the one import command (`file.import`): files dropped on the
window and files typed after Ctrl+I end the same way — the report, the message, and the imported
article shown when the reader was empty."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication


def drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_an_import_typed_after_ctrl_i_ends_as_a_dropped_one(qtbot, make_window, tmp_path, samples_dir):
    first, second = sorted(samples_dir.glob("*.txt"))[:2]

    dropped = make_window(tmp_path / "dropped")
    drop(dropped, [first])
    qtbot.waitUntil(lambda: dropped.reader.article_id is not None and not dropped.tasks.busy, timeout=30_000)
    assert "Imported 1 article" in dropped.statusBar().currentMessage()

    typed = make_window(tmp_path / "typed")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is typed.prompt.edit
    qtbot.keyClicks(typed.prompt.edit, str(first))
    qtbot.keyClick(typed.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: typed.reader.article_id is not None and not typed.tasks.busy, timeout=30_000)
    assert "Imported 1 article" in typed.statusBar().currentMessage()
    assert typed.archive.get_article(typed.reader.article_id).title == \
        dropped.archive.get_article(dropped.reader.article_id).title

    # with an article open, a second drop leaves the reader where it is and offers the key
    reading = dropped.reader.article_id
    drop(dropped, [second])
    qtbot.waitUntil(lambda: dropped.archive.articles.count() == 2 and not dropped.tasks.busy, timeout=30_000)
    assert dropped.reader.article_id == reading
    assert "Ctrl+Shift+O" in dropped.statusBar().currentMessage()


def test_a_dropped_path_that_is_gone_is_reported_by_the_import_command(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    drop(window, [tmp_path / "gone.txt"])
    assert "No such file or folder" in window.statusBar().currentMessage()
    assert not window.tasks.busy and window.archive.articles.count() == 0
