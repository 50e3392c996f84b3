"""Menus, shortcuts, the palette and F1 are generated from the registry; undo names the next step."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from niger_archive.commands import REGISTRY
from niger_archive.services.settings import Settings, settings_path


def menu_command_ids(menu: QMenu) -> set[str]:
    found = set()
    for action in menu.actions():
        if action.menu() is not None:
            found |= menu_command_ids(action.menu())
        elif action.objectName().startswith("action:"):
            found.add(action.objectName().split(":", 1)[1])
    return found


def test_menus_palette_and_help_list_every_command(qtbot, make_window, sample_archive):
    sample_archive.close()
    window = make_window(sample_archive.root)
    every = {c.id for c in REGISTRY}
    in_menus = set()
    for action in window.menuBar().actions():
        in_menus |= menu_command_ids(action.menu())
    assert in_menus == every
    # the palette: Ctrl+Shift+P asks with every other command, each showing its keys
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    question = window.prompt.question
    assert {o.value for o in question.options} == every - {"view.palette"}
    assert any(o.value == "claim.mark" and o.detail.startswith("C ·") for o in question.options)
    qtbot.keyClicks(window.prompt.edit, "keyboard shortcuts")
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert window._help is not None and window._help.isVisible()
    assert window._help.listed_command_ids() == every
    window._help.close()


def test_shortcuts_follow_the_keymap_and_user_overrides(qtbot, make_window, tmp_path):
    settings = Settings.load()
    settings.keys = {"annotate.highlight": "Shift+H", "claim.mark": "S"}
    settings.save()
    try:
        window = make_window(tmp_path / "archive")
        actions = window.command_actions.actions
        assert actions["annotate.highlight"].shortcut() == QKeySequence("Shift+H")
        assert actions["claim.mark"].shortcut() == QKeySequence("S")
        assert QKeySequence("S") not in actions["reader.select_sentence"].shortcuts()
        assert actions["edit.redo"].shortcuts() == [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        assert actions["reader.select_sentence"].shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        assert actions["go.search"].shortcutContext() == Qt.ShortcutContext.WindowShortcut
        assert "no longer has that key" in window.statusBar().currentMessage()
    finally:
        settings_path().unlink()


def test_edit_menu_names_the_next_undo_and_history_survives_a_restart(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    ed = sample_archive.editor
    created = ed.create_annotation(article_id, 0, 30)
    sample_archive.apply(created)
    mark = ed.mark_claim(created.target)
    sample_archive.apply(mark)
    sample_archive.apply(ed.set_claim(mark.target, verdict="false"))
    sample_archive.close()
    window = make_window(sample_archive.root)
    undo = window.command_actions.actions["edit.undo"]
    redo = window.command_actions.actions["edit.redo"]
    assert undo.text() == "Undo Set verdict to false — back to “unverified”" and not redo.isEnabled()
    window.commands.run("edit.undo")  # a step of the earlier session
    assert window.archive.annotations.claim(mark.target).verdict == "unverified"
    assert redo.text() == "Redo Set verdict to false"
    window.commands.run("edit.redo")
    assert window.archive.annotations.claim(mark.target).verdict == "false"


def test_note_typing_merges_into_one_undo_step(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    created = sample_archive.editor.create_annotation(article_id, 0, 30)
    sample_archive.apply(created)
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.reader.set_current(created.target)
    window.commands.run("annotate.note")
    assert QApplication.focusWidget() is window.inspector.note
    qtbot.keyClicks(window.inspector.note, "first")
    window.inspector.flush()
    qtbot.keyClicks(window.inspector.note, " and more")
    window.inspector.flush()
    assert window.archive.annotations.annotation(created.target).note == "first and more"
    assert window.undo.undo_text() == "Edit note — back to empty"  # one step, named by the field
    window.commands.run("edit.undo")
    assert window.archive.annotations.annotation(created.target).note == ""
    assert window.archive.undo_label().startswith("Highlight")


def test_dropping_files_imports_them(qtbot, make_window, tmp_path, samples_dir):
    window = make_window(tmp_path / "archive")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in sorted(samples_dir.glob("*.txt"))[:2]])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 2 and not window.tasks.busy, timeout=30_000)
    assert "Imported 2 articles" in window.statusBar().currentMessage()


def test_window_layout_and_archive_are_remembered(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    window.docks["inspector"].hide()
    window.close()
    stored = json.loads(settings_path().read_text("utf-8"))
    assert stored["last_archive"] == str(window.archive.root)
    again = make_window(tmp_path / "archive")
    assert not again.docks["inspector"].isVisible()
    again.docks["inspector"].show()
