"""Typing in a field: Ctrl+Z edits the field (not the archive), and single-letter commands stay out of it;
an error in the status bar goes away when the next action succeeds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def _window_on_a_highlight(make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    created = sample_archive.editor.create_annotation(article_id, 0, 30)
    sample_archive.apply(created)
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.reader.set_current(created.target)
    return window, created.target


def test_ctrl_z_in_the_note_edits_the_note_and_letters_type_text(qtbot, make_window, sample_archive):
    window, annotation_id = _window_on_a_highlight(make_window, sample_archive)
    ran: list[str] = []
    window.command_actions.run = ran.append
    note = window.inspector.note
    note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note, timeout=2000)
    qtbot.keyClicks(note, "sctn")  # letters that are commands in the reader (select, claim, tag, note)
    assert note.toPlainText() == "sctn" and ran == []
    qtbot.keyClick(note, Qt.Key.Key_Z, CTRL)
    assert note.toPlainText() == "" and ran == []  # the field's own undo, not the window's
    qtbot.keyClick(note, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert note.toPlainText() == "sctn" and ran == []


def test_ctrl_z_in_a_line_field_edits_the_field_and_the_committed_edit_is_one_undo_step(
        qtbot, make_window, sample_archive):
    window, annotation_id = _window_on_a_highlight(make_window, sample_archive)
    tags = window.inspector.tags
    tags.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tags, timeout=2000)
    qtbot.keyClicks(tags, "figures")
    qtbot.keyClick(tags, Qt.Key.Key_Z, CTRL)
    assert tags.text() == ""
    qtbot.keyClicks(tags, "disputed")
    qtbot.keyClick(tags, Qt.Key.Key_Return)  # committed: one step of the window's history
    assert window.archive.annotations.annotation(annotation_id).tags == ["disputed"]
    window.reader.view.setFocus()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, CTRL)
    assert window.archive.annotations.annotation(annotation_id).tags == []


def test_a_status_bar_error_clears_when_the_next_action_succeeds(qtbot, make_window, sample_archive):
    window, _ = _window_on_a_highlight(make_window, sample_archive)
    view = window.reader.view
    view.setFocus()
    window.reader.set_current(None)
    qtbot.keyClick(view, Qt.Key.Key_G)  # add to cluster, with nothing selected: an error
    assert window.statusBar().currentMessage().startswith("Select a passage first")
    qtbot.keyClick(view, Qt.Key.Key_S)  # select the sentence at the caret: works
    assert window.reader.view.selection()[1] > window.reader.view.selection()[0]
    assert window.statusBar().currentMessage() == ""
