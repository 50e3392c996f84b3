"""The whole annotation flow by keyboard alone: import, search, select, claim, entity, verdict, undo, redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from niger_archive.services.archive import Archive

TROOPS = "approximately 1,000 U.S. military personnel"
SENTENCE = ("Niger has played a significant role in the U.S. military’s operations in Africa’s Sahel region, "
            "with approximately 1,000 U.S. military personnel stationed in the country.")


def focus():
    return QApplication.focusWidget()


def test_keyboard_only_annotation_flow(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    archive = window.archive

    # an empty archive offers the samples: one key imports them
    assert focus() is window.library.samples_button
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5 and not window.tasks.busy, timeout=30_000)
    assert "Imported 5 articles" in window.statusBar().currentMessage()

    # / searches; Enter opens the best hit with the caret on the first matching word
    qtbot.keyClick(focus(), "/")
    assert focus() is window.library.search
    qtbot.keyClicks(focus(), f'"{TROOPS}"')
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=10_000)
    assert TROOPS in window.reader.article.text
    assert focus() is window.reader.view

    # move the caret inside the sentence, select it, mark it as a claim
    for _ in range(3):
        qtbot.keyClick(focus(), Qt.Key.Key_Right)
    text = window.reader.article.text
    start = text.index(SENTENCE)
    assert start < window.reader.view.caret() < start + len(SENTENCE)
    qtbot.keyClick(focus(), "s")
    assert window.reader.view.selection() == (start, start + len(SENTENCE))
    qtbot.keyClick(focus(), "c")

    # e: type the name, Enter; a new name asks for the type: type it, Enter
    qtbot.keyClick(focus(), "e")
    assert focus() is window.prompt.edit
    qtbot.keyClicks(focus(), "Niger")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert "Type of the new entity" in window.prompt.title.text()
    qtbot.keyClicks(focus(), "place")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert not window.prompt.isVisible() and focus() is window.reader.view

    # v: choose the verdict by typing it
    qtbot.keyClick(focus(), "v")
    qtbot.keyClicks(focus(), "disputed")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    claim = archive.annotations.claims()[0]
    assert claim.verdict == "disputed"
    assert window.command_actions.actions["edit.undo"].text() == "Undo Set verdict to disputed — back to “unverified”"

    qtbot.keyClick(focus(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert archive.annotations.claim(claim.id).verdict == "unverified"
    qtbot.keyClick(focus(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert archive.annotations.claim(claim.id).verdict == "disputed"

    # the result, read back through the services on a fresh connection
    with Archive.open(archive.root) as fresh:
        claims = fresh.annotations.claims()
        assert [(c.verdict, c.quote) for c in claims] == [("disputed", SENTENCE)]
        mention = fresh.annotations.annotation(claims[0].annotation_id)
        entities = [fresh.annotations.entity(e) for e in mention.entity_ids]
        assert [(e.name, e.type) for e in entities] == [("Niger", "place")]
