"""One window per archive: a second launch with files hands them to the window already open on the archive."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from niger_archive.services import bundle_exchange
from niger_archive.services.archive import Archive
from niger_archive.ui.instance import hand_over, server_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STORY = ("Agadez, 12 May (Example Wire) - Officials in Agadez said on Sunday that the last foreign "
         "transport aircraft left the airbase at dawn.\n\nThe departure ends a presence of more than a decade.\n")


def launch(tmp_path, *args):
    """Start `niger-archive ARGS` in another process, as a file manager would."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ROOT,
           "NIGER_ARCHIVE_CONFIG": str(tmp_path / "other-settings.json")}
    return subprocess.Popen([sys.executable, "-m", "niger_archive", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def serving_window(qtbot, root):
    from niger_archive.ui.app import build_window

    window = build_window(root, remember=False, serve=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.instance_server.listening
    return window


def test_server_names_follow_the_archive_path(tmp_path):
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert len(server_name(tmp_path / ("x" * 200))) < 60  # socket paths are short
    assert hand_over(tmp_path / "nobody-has-this-open", ["x"]) is False


def test_a_second_launch_hands_a_bundle_to_the_running_window(qtbot, sample_archive, tmp_path):
    story = tmp_path / "agadez.txt"
    story.write_text(STORY, encoding="utf-8")
    with Archive.open(tmp_path / "colleague") as colleague:
        article_id = colleague.import_files([story])[0].article_id
        colleague.apply(colleague.editor.create_annotation(article_id, 0, 40, note="from the colleague"))
        bundle = tmp_path / "shared.nabundle"
        bundle_exchange.run_export(colleague, bundle)
    articles = sample_archive.articles.count()
    sample_archive.close()
    window = serving_window(qtbot, sample_archive.root)

    process = launch(tmp_path, "--archive", str(sample_archive.root), str(bundle))
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)  # the window answers meanwhile
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert "handed to the window already open" in out

    qtbot.waitUntil(lambda: window.prompt.isVisible() and window.prompt.title.text() == "Import shared.nabundle?",
                    timeout=30_000)
    assert "Adds 1 article, 1 highlight" in window.prompt.message.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy and window.archive.articles.count() == articles + 1,
                    timeout=30_000)
    notes = [a.note for a in window.archive.annotations.find()]
    assert "from the colleague" in notes
    window.close()


def test_a_second_launch_with_an_article_imports_and_shows_it(qtbot, archive, tmp_path):
    story = tmp_path / "agadez.txt"
    story.write_text(STORY, encoding="utf-8")
    archive.close()
    window = serving_window(qtbot, archive.root)
    process = launch(tmp_path, str(story), "--archive", str(archive.root))
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
    assert process.returncode == 0, process.communicate()[1]
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=30_000)
    assert "last foreign transport aircraft" in window.reader.article.text
    assert window.library.current_article() == window.reader.article_id  # the library follows the reader
    window.close()


def test_without_a_window_a_locked_archive_is_refused_with_the_reason(archive, tmp_path):
    """Another process (here: this test, as a command-line import would) holds the archive: the app
    does not open it a second time for writing, and says who holds it."""
    process = launch(tmp_path, "--archive", str(archive.root))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert f"in use by process {os.getpid()}" in err
