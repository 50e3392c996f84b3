"""Keys that never misfire: every default key, pressed in every focus context where it is live, runs exactly
the command the registry says — never Qt's "Ambiguous shortcut overload", never a neighbour's command."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from niger_archive.commands import REGISTRY
from niger_archive.commands.keys import GLOBAL
from niger_archive.commands.registry import CONTEXTS, Registry


def _context_widgets(window):
    return {
        "reader": window.reader.view,
        "library": window.library.table,
        "claims": window.claims.table,
        "entities": window.entities.table,
        "compare": window.compare.table,
        "review": window.review.table,
        "annotations": window.annotations.table,
    }


def _press(qtbot, widget, key: str):
    combo = QKeySequence(key)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_every_default_key_runs_its_command_in_every_context(qtbot, make_window, sample_archive):
    window = make_window(sample_archive.root)
    ran: list[str] = []
    window.command_actions.run = ran.append
    widgets = _context_widgets(window)
    keymap = window.keymap
    checked = 0
    for context in CONTEXTS[1:]:
        widget = widgets[context]
        window.docks.get(context) and window.docks[context].raise_()
        window.central_tabs.setCurrentWidget(window.compare if context == "compare" else window.reader)
        widget.show()
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w, timeout=2000)
        for cmd in REGISTRY:
            if cmd.context not in (context, GLOBAL):
                continue
            for key in keymap.keys_for(cmd.id):
                expected = keymap.command_for(key, context)
                ran.clear()
                for action in window.command_actions.actions.values():
                    action.setEnabled(True)  # Undo with nothing to undo is greyed out; the routing is what counts
                _press(qtbot, widget, key)
                assert ran == [expected], f"{key} in {context}: ran {ran}, expected {expected}"
                checked += 1
    assert checked > 100


def test_no_key_is_ambiguous_wherever_the_focus_is(qtbot, make_window, sample_archive):
    """Every focusable widget of the window, every bound key: Qt never reports an ambiguous shortcut."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QWidget

    window = make_window(sample_archive.root)
    window.command_actions.run = lambda command_id: None
    messages: list[str] = []
    previous = qInstallMessageHandler(lambda mode, context, message: messages.append(message))
    try:
        keys = sorted({k for ks in window.keymap.keys.values() for k in ks})
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            widget.setFocus()
            for key in keys:
                _press(qtbot, QApplication.focusWidget() or widget, key)
    finally:
        qInstallMessageHandler(previous)
    assert not [m for m in messages if "mbiguous" in m]


def test_the_registry_refuses_a_key_two_commands_receive_in_one_context():
    registry = Registry()
    registry.add("a.note", "Edit note", lambda ctx: None, keys=("N",), context="reader", menu="Annotate")
    with pytest.raises(ValueError, match="N"):
        registry.add("b.new", "New thing", lambda ctx: None, keys=("N",), context="global", menu="Edit")
    with pytest.raises(ValueError, match="N"):
        registry.add("c.new", "New other", lambda ctx: None, keys=("n",), context="reader", menu="Edit")
    registry.add("d.new", "New entity", lambda ctx: None, keys=("N",), context="entities", menu="Entities")


def test_n_in_the_reader_edits_the_note_and_in_the_entities_pane_makes_an_entity(qtbot, make_window, sample_archive):
    window = make_window(sample_archive.root)
    ran: list[str] = []
    window.command_actions.run = ran.append
    window.reader.view.setFocus()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_N)
    window.docks["entities"].raise_()
    window.entities.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.entities.table, timeout=2000)
    qtbot.keyClick(window.entities.table, Qt.Key.Key_N)
    assert ran == ["annotate.note", "entities.new"]
