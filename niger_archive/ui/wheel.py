"""Owns the rule that the mouse wheel never changes a value by passing over it: a combo box, spin box or
slider takes the wheel only while it has the keyboard focus (clicked or tabbed into); otherwise the wheel
scrolls what is around it (the inspector, a pane), as the pointer merely crossed the box.

:func:`guard_value_boxes` applies it to every such widget under a root widget; the main window calls it once
built, and panes that make boxes later call it on them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

VALUE_BOXES = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            parent = watched.parentWidget()
            if parent is not None:  # the surroundings scroll instead (Qt passes it up while it is ignored)
                QApplication.sendEvent(parent, event)
            return True  # the box itself never sees it
        return False


_GUARD: _WheelGuard | None = None


def guard(widget: QWidget) -> None:
    """The wheel changes ``widget`` only while it has the focus; the wheel alone never gives it the focus."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _WheelGuard(QApplication.instance())
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.removeEventFilter(_GUARD)
    widget.installEventFilter(_GUARD)


def guard_value_boxes(root: QWidget) -> int:
    """Guard every combo box, spin box and slider under ``root``; the number guarded."""
    boxes = [w for w in root.findChildren(QWidget) if isinstance(w, VALUE_BOXES) and not isinstance(w, QScrollBar)]
    for box in boxes:
        guard(box)
    return len(boxes)
