"""The app around the window: the crash dialog, the log file, Help → About, and the self-test."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from niger_archive import __version__
from niger_archive.services.archive import Archive
from niger_archive.services.editing import new_id
from niger_archive.ui.crash import CrashReporter, setup_logging, stop_logging


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # platformdirs' user log folder on Linux
    monkeypatch.setattr("platformdirs.user_log_dir", lambda *a, **k: str(tmp_path / "logs"))
    path = setup_logging()
    yield path
    stop_logging(path)


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_or_thread_shows_a_dialog_and_the_archive_keeps_its_data(
        qtbot, make_window, sample_archive, log_file, monkeypatch):
    article_id = sample_archive.current_ids()[0]
    annotation_id = new_id()
    sample_archive.apply(sample_archive.editor.create_annotation(article_id, 0, 30, note="keep me",
                                                                 annotation_id=annotation_id))
    articles = sample_archive.articles.count()
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.objectName(), box.text(), box.informativeText(), box.detailedText())) or 0)
    reporter = CrashReporter(log_file).install()
    try:
        def broken_slot():
            raise RuntimeError("broken slot for the test")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
        thread = threading.Thread(target=lambda: 1 / 0, name="worker-for-the-test")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    finally:
        reporter.uninstall()

    name, text, informative, details = shown[0]
    assert name == "crash-dialog" and "RuntimeError: broken slot for the test" in text
    assert str(log_file) in informative and "Your archive is safe" in informative
    assert "broken_slot" in details
    assert "ZeroDivisionError" in shown[1][1]
    logged = log_file.read_text(encoding="utf-8")
    assert "broken slot for the test" in logged and "worker-for-the-test" in logged

    # the window still works, and the archive opens afterwards with everything in it
    window.reader.view.select(40, 60)
    window.commands.run("annotate.highlight")
    window.close()
    with Archive.open(sample_archive.root) as fresh:
        assert fresh.articles.count() == articles
        assert fresh.annotations.annotation(annotation_id).note == "keep me"
        assert len(fresh.annotations.find(article_id)) == 2


def test_about_shows_versions_and_paths_as_plain_text(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    window.commands.run("help.about")
    dialog = window._about
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    assert f"Niger Archive {__version__}" in text
    assert str(window.archive.root) in text and "niger-archive.log" in text
    for library in ("Qt", "PySide6", "Python", "SQLite", "Whoosh", "sqlite-utils"):
        assert f"\n{library} " in text
    dialog.close()


def test_self_test_runs_in_process(qtbot, log_file):
    from niger_archive.ui.self_test import run_self_test

    lines = []
    assert run_self_test(lines.append) == 0, lines
    assert lines[-1].startswith("self-test passed")
    assert any("imported 5 sample articles" in line for line in lines)
    assert any("bundle verified" in line for line in lines)
