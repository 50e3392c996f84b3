"""No silent edits: the mouse wheel over the inspector's Verdict box scrolls the inspector, it never steps
the verdict (each step used to be saved as an edit); once the box has the focus, the wheel chooses."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def _wheel(widget: QWidget, steps: int = -1) -> None:
    """A real wheel event over the middle of ``widget`` (negative: towards the user, i.e. "down")."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_the_verdict_box_never_changes_the_verdict(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    highlight = sample_archive.editor.create_annotation(article_id, 0, 30)
    sample_archive.apply(highlight)
    mark = sample_archive.editor.mark_claim(highlight.target)
    sample_archive.apply(mark)
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.reader.set_current(highlight.target)
    verdict = window.inspector.verdict
    qtbot.waitUntil(verdict.isVisible, timeout=5000)
    window.reader.view.setFocus()
    assert verdict.currentText() == "unverified"
    steps_before = window.undo.undo_text()
    for _ in range(3):
        _wheel(verdict)
    window.inspector.flush()
    assert verdict.currentText() == "unverified"
    assert window.archive.annotations.claim(mark.target).verdict == "unverified"
    assert window.undo.undo_text() == steps_before  # nothing saved

    verdict.setFocus()  # clicked or tabbed into: now the wheel is meant for it
    qtbot.waitUntil(verdict.hasFocus, timeout=2000)
    _wheel(verdict)
    assert verdict.currentText() != "unverified"


def test_every_value_box_in_the_window_ignores_the_wheel_without_focus(qtbot, make_window, sample_archive):
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.reader.view.setFocus()
    boxes = [b for b in window.findChildren(QComboBox) if b.count() > 1]
    assert len(boxes) >= 4
    for box in boxes:
        box.setCurrentIndex(0)
        _wheel(box)
        assert box.currentIndex() == 0, box.objectName()
