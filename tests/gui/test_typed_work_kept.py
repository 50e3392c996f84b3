"""Work typed in the window is kept: on Ctrl+Q, when a task finishes, across sessions, and during a closing import.

Each test drives the window with key events as a user would and then looks in the archive itself.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

from niger_archive.services.archive import Archive

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CTRL = Qt.KeyboardModifier.ControlModifier


def claim_archive(archive_dir: Path) -> tuple[int, str, str]:
    """An archive with one sample article holding one highlight marked as a claim: (article, annotation, claim)."""
    archive = Archive.open(archive_dir)
    try:
        archive.import_files([SAMPLES / "001_8408759f885e106c.txt"])
        article_id = archive.current_ids()[0]
        created = archive.editor.create_annotation(article_id, 0, 40)
        archive.apply(created)
        marked = archive.editor.mark_claim(created.target)
        archive.apply(marked)
        return article_id, created.target, marked.target
    finally:
        archive.close()


def show_claim(window, article_id: int, annotation_id: str) -> None:
    window.open_article(article_id)
    window.reader.set_current(annotation_id)
    assert window.inspector.annotation is not None and window.inspector.claim is not None


def press_ctrl_q() -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, CTRL)


def stored(archive_dir: Path, article_id: int, annotation_id: str, claim_id: str) -> dict[str, object]:
    """Every editable value as the archive holds it (read through a fresh, read-only archive)."""
    archive = Archive.open(archive_dir, readonly=True)
    try:
        ann = archive.annotations.annotation(annotation_id)
        claim = archive.annotations.claim(claim_id)
        article = archive.get_article(article_id)
        return {
            "inspector-tags": ", ".join(ann.tags), "inspector-note": ann.note, "inspector-colour": ann.color,
            "inspector-statement": claim.statement, "inspector-attribution": claim.attribution,
            "inspector-kind": claim.kind, "inspector-verdict": claim.verdict,
            "inspector-explanation": claim.explanation,
            **{f"metadata-{name}": getattr(article, name) or "" for name in
               ("title", "outlet", "author", "published", "updated", "url")},
        }
    finally:
        archive.close()


# field -> what the user types (text replaces the field's content; a key picks the next choice)
TYPED: dict[str, str | Qt.Key] = {
    "inspector-tags": "alpha, beta",
    "inspector-note": "kept note",
    "inspector-statement": "Reworded claim",
    "inspector-attribution": "Minister of Defence",
    "inspector-explanation": "Checked against the ministry's statement",
    "inspector-colour": Qt.Key.Key_Down,
    "inspector-kind": Qt.Key.Key_Down,
    "inspector-verdict": Qt.Key.Key_Down,
    "metadata-title": "A corrected title",
    "metadata-outlet": "Corrected Outlet",
    "metadata-author": "A. Reporter",
    "metadata-published": "2024-03-01",
    "metadata-updated": "2024-03-02",
    "metadata-url": "https://example.org/corrected",
}


def editable_fields(window) -> dict[str, object]:
    """Every editable field on screen in the inspector and the metadata header, by object name."""
    found = {}
    for parent in (window.inspector, window.reader.header):
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox):
            for widget in parent.findChildren(kind):
                if widget.objectName() and widget.isVisibleTo(window) and widget.isEnabled() \
                        and not getattr(widget, "isReadOnly", lambda: False)():
                    found[widget.objectName()] = widget
    return found


def type_into(qtbot, widget, typed) -> object:
    """Type as a user does; returns the value the field now shows (what must be stored)."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    if isinstance(typed, Qt.Key):
        qtbot.keyClick(widget, typed)
        return widget.currentData() if widget.objectName() == "inspector-colour" else widget.currentText()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, typed)
    return typed


def test_every_editable_field_typed_into_is_stored_when_ctrl_q_follows(qtbot, make_window, tmp_path):
    archive_dir = tmp_path / "archive"
    article_id, annotation_id, claim_id = claim_archive(archive_dir)
    window = make_window(archive_dir)
    show_claim(window, article_id, annotation_id)
    assert set(editable_fields(window)) == set(TYPED), "a new editable field needs a line in TYPED"
    window.close()

    for name, typed in TYPED.items():
        window = make_window(archive_dir)
        show_claim(window, article_id, annotation_id)
        expected = type_into(qtbot, editable_fields(window)[name], typed)
        press_ctrl_q()  # at once: no pause, no Tab, no Enter
        assert not window.isVisible()
        assert stored(archive_dir, article_id, annotation_id, claim_id)[name] == expected, name


def test_tags_typed_while_an_import_finishes_are_kept_and_the_reader_stays(qtbot, make_window, tmp_path):
    archive_dir = tmp_path / "archive"
    article_id, annotation_id, claim_id = claim_archive(archive_dir)
    window = make_window(archive_dir)
    show_claim(window, article_id, annotation_id)
    tags = window.inspector.tags
    tags.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClicks(tags, "draft")
    mime = QMimeData()  # a file dropped on the window meanwhile
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES / "002_0a5011189d6b1c98.txt"))])
    window.dropEvent(QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.keyClicks(tags, ", sahel")
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    qtbot.waitUntil(lambda: "Imported 1 article" in window.statusBar().currentMessage(), timeout=5000)
    qtbot.wait(50)  # anything the finished task scheduled
    assert window.reader.article_id == article_id  # the reader did not move
    assert QApplication.focusWidget() is tags and tags.text() == "draft, sahel"
    assert window.archive.annotations.annotation(annotation_id).tags == ["draft", "sahel"]

    # the message offers a key to open what was imported; pressing it does
    message = window.statusBar().currentMessage()
    assert "Ctrl+Shift+O" in message, message
    qtbot.keyClick(tags, Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier)
    imported = max(window.archive.current_ids())
    assert window.reader.article_id == imported != article_id


def test_one_undo_after_reopening_takes_back_only_this_sessions_typing(qtbot, make_window, tmp_path):
    archive_dir = tmp_path / "archive"
    article_id, annotation_id, claim_id = claim_archive(archive_dir)
    window = make_window(archive_dir)
    show_claim(window, article_id, annotation_id)
    note = window.inspector.note
    note.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClicks(note, "first session")
    press_ctrl_q()

    window = make_window(archive_dir)
    show_claim(window, article_id, annotation_id)
    note = window.inspector.note
    note.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(note, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(note, ", then more")
    qtbot.keyClick(note, Qt.Key.Key_Escape)  # back to the reader
    assert window.archive.annotations.annotation(annotation_id).note == "first session, then more"
    undo = window.command_actions.actions["edit.undo"]
    assert "note" in undo.text() and "first session" in undo.text(), undo.text()  # names the field and the text

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert window.archive.annotations.annotation(annotation_id).note == "first session"
    assert window.inspector.note.toPlainText() == "first session"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)  # the earlier session's step, on its own
    assert window.archive.annotations.annotation(annotation_id).note == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, CTRL)
    assert window.archive.annotations.annotation(annotation_id).note == "first session"


WORDS = ("niger troops withdrawal agreement officials military junta base drone security cooperation talks "
         "delegation minister embassy sahel convoy airfield statement deadline negotiation").split()


def make_articles(folder: Path, n: int) -> None:
    rng = random.Random(7)
    folder.mkdir()
    for i in range(n):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + f" ref{i}x{p}." for p in range(4)]
        (folder / f"article_{i:03}.txt").write_text(f"Report number {i}\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")


@pytest.mark.slow
def test_quitting_during_an_import_is_quick_and_the_next_start_offers_to_resume(qtbot, make_window, tmp_path):
    folder = tmp_path / "many"
    make_articles(folder, 300)
    archive_dir = tmp_path / "archive"
    window = make_window(archive_dir)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, CTRL)
    qtbot.keyClicks(window.prompt.edit, str(folder))
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.progress.bar.value() >= 1, timeout=30_000)

    started = time.monotonic()
    press_ctrl_q()
    closing = time.monotonic() - started
    assert not window.isVisible()
    assert closing < 5, f"closing took {closing:.1f} s"  # a cooperative stop, not a 60 s wait
    qtbot.wait(300)  # the worker's last signals arrive after the archive closed: nothing may run on it

    window = make_window(archive_dir)
    assert not window.archive.crashed_last_time  # the quit was a clean close
    imported = window.archive.articles.count()
    assert 1 <= imported < 300
    qtbot.waitUntil(window.prompt.isVisible, timeout=5000)
    assert window.prompt.title.text() == f"Import stopped after {imported} of 300 files — resume?"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=120_000)
    assert window.archive.articles.count() == 300
    window.close()

    window = make_window(archive_dir)
    qtbot.wait(100)
    assert not window.prompt.isVisible()  # a finished import is not offered again


TYPE_AND_WAIT = """
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from niger_archive.ui.app import build_window, ensure_application

archive_dir, article_id, annotation_id, name, typed = sys.argv[1:6]
app = ensure_application()
window = build_window(archive_dir, remember=False)
window.show()
window.activateWindow()
QTest.qWaitForWindowActive(window)
window.open_article(int(article_id))
window.reader.set_current(annotation_id)
widget = window.findChild(QWidget, name)
widget.setFocus(Qt.FocusReason.MouseFocusReason)
QTest.qWait(50)
assert widget.hasFocus(), name
if typed == "Key_Down":
    QTest.keyClick(widget, Qt.Key.Key_Down)
    expected = widget.currentData() if name == "inspector-colour" else widget.currentText()
else:
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, typed)
    expected = typed
print(json.dumps(expected), flush=True)  # typed: the test kills this process one second from now
app.exec()
"""


@pytest.fixture(scope="module")
def template_archive(tmp_path_factory) -> tuple[Path, int, str, str]:
    archive_dir = tmp_path_factory.mktemp("template") / "archive"
    return (archive_dir, *claim_archive(archive_dir))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(TYPED))
def test_a_field_typed_into_one_second_before_the_program_is_killed_is_stored(name, template_archive, tmp_path):
    import json
    import os
    import shutil
    import signal
    import subprocess
    import sys

    template, article_id, annotation_id, claim_id = template_archive
    archive_dir = tmp_path / "archive"
    shutil.copytree(template, archive_dir)
    typed = TYPED[name]
    child = subprocess.Popen(
        [sys.executable, "-c", TYPE_AND_WAIT, str(archive_dir), str(article_id), annotation_id, name,
         "Key_Down" if isinstance(typed, Qt.Key) else typed],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = child.stdout.readline()
        assert line, child.stderr.read()
        time.sleep(1.0)  # the user typed, then one second later the program is killed
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert stored(archive_dir, article_id, annotation_id, claim_id)[name] == json.loads(line), name
