"""Owns the reader's metadata header: title, outlet, author, dates and URL, each correctable in place.

Fields are plain line edits (never rich text). Enter or leaving a field commits a changed value as
a metadata correction; Esc reverts the field and returns to the reader.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLineEdit, QWidget

from ..core.models import Article
from .prompt import plain_label

FIELDS = (("outlet", "Outlet"), ("author", "Author"), ("published", "Published"), ("updated", "Updated"),
          ("url", "URL"))


class MetadataHeader(QFrame):
    corrected = Signal(str, str)  # field, new value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadata")
        self._values: dict[str, str] = {}
        self.edits: dict[str, QLineEdit] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)

        title = self._edit("title", "Title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title, 0, 0, 1, 4)
        self.note = plain_label()
        self.note.setEnabled(False)
        layout.addWidget(self.note, 1, 0, 1, 4)
        for n, (name, caption) in enumerate(FIELDS):
            row, col = 2 + n // 2, (n % 2) * 2
            label = plain_label(caption)
            label.setEnabled(False)
            edit = self._edit(name, caption)
            label.setBuddy(edit)
            layout.addWidget(label, row, col)
            layout.addWidget(edit, row, col + 1, 1, 3 if name == "url" else 1)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)

    def _edit(self, name: str, caption: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"metadata-{name}")
        edit.setFrame(False)
        edit.setPlaceholderText(f"{caption} unknown — type to add")
        edit.setAccessibleName(caption)
        edit.editingFinished.connect(lambda n=name: self._commit(n))
        edit.installEventFilter(self)
        self.edits[name] = edit
        return edit

    def show_article(self, article: Article | None, note: str = "") -> None:
        self._values = {}
        for name, edit in self.edits.items():
            value = "" if article is None else str(getattr(article, name) or "")
            self._values[name] = value
            edit.setText(value)
            edit.setCursorPosition(0)
            edit.setEnabled(article is not None)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def focus_first(self) -> None:
        self.edits["title"].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edits["title"].selectAll()

    def _commit(self, name: str) -> None:
        edit = self.edits[name]
        value = edit.text().strip()
        if not edit.isEnabled() or value == self._values.get(name, ""):
            return
        self._values[name] = value
        self.corrected.emit(name, value)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            for name, edit in self.edits.items():
                if edit is watched:
                    edit.setText(self._values.get(name, ""))  # revert; Esc then returns to the reader
        return super().eventFilter(watched, event)
