"""Qt counts UTF-16 units and rewrites some characters: selections still map to the right code points."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from niger_archive.ui.offsets import QtOffsets, plain_from_selected_text
from niger_archive.ui.reader import ReaderView

CASES = {
    "emoji": "Hi 😀 there, troops 1,000.",
    "combining accent": "Cafe\u0301 owners said 1,000.",
    "no-break space": "about\u00a01,000 U.S.\u00a0troops",
    "paragraph break": "First paragraph ends.\n\nSecond paragraph 1,000 troops.",
    "crlf": "Line one\r\nLine two 1,000 troops",
    "everything": "😀 e\u0301\u00a0x\n\n👍🏽 done\r\nend",
}


@pytest.mark.parametrize("name", list(CASES))
def test_round_trip_of_every_offset(name):
    text = CASES[name]
    offsets = QtOffsets(text)
    for i in range(len(text) + 1):
        if text[i - 1:i] == "\r" and text[i:i + 1] == "\n":
            continue  # inside "\r\n": one Qt position stands for both
        assert offsets.from_qt(offsets.to_qt(i)) == i


@pytest.mark.parametrize("name", list(CASES))
def test_reader_selection_after_special_characters_maps_to_code_points(qtbot, name):
    text = CASES[name]
    view = ReaderView()
    qtbot.addWidget(view)
    view.show_text(text)
    assert view.document().characterCount() - 1 == view.offsets.qt_length
    target = "1,000" if "1,000" in text else "done"
    start = text.index(target)
    view.select(start, start + len(target))
    assert view.selection() == (start, start + len(target))
    # select with Qt positions directly (as the mouse or Shift+arrows do) and read back code points
    cursor = view.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selection() == (0, len(text))
    s, e = view.selection()
    assert text[s:e] == text


def test_selection_across_a_paragraph_break_and_selected_text(qtbot):
    text = CASES["paragraph break"]
    view = ReaderView()
    qtbot.addWidget(view)
    view.show_text(text)
    start, end = text.index("ends"), text.index("Second") + len("Second")
    view.select(start, end)
    assert view.selection() == (start, end)
    selected = view.textCursor().selectedText()
    assert "\u2029" in selected and plain_from_selected_text(selected) == text[start:end]


def test_no_break_space_survives_where_toplaintext_loses_it(qtbot):
    text = CASES["no-break space"]
    view = ReaderView()
    qtbot.addWidget(view)
    view.show_text(text)
    assert view.toPlainText() != text  # Qt turned the no-break spaces into spaces
    start = text.index("1,000")
    view.select(start - 6, start + 5)
    s, e = view.selection()
    assert text[s:e] == "about\u00a01,000"


def test_a_position_inside_a_surrogate_pair_rounds_outward_for_selections():
    text = "a😀b"
    offsets = QtOffsets(text)
    assert offsets.to_qt(2) == 3 and offsets.qt_length == 4
    assert offsets.from_qt(2) == 1 and offsets.from_qt(2, round_up=True) == 2
    assert offsets.span_from_qt(3, 2) == (1, 2)
