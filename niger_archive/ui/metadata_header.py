"""Owns the reader's metadata header: title, outlet, author, dates and URL, each correctable in place.

Fields are plain text (never rich text); the title wraps onto as many lines as it needs (up to
three, then it scrolls; the full title is also the tooltip, shown literally through ``plain``). A
changed value is saved as a metadata correction the way every field saves (:mod:`.field_commit`):
after a typing pause, on Enter or when the field is left, before another article is shown, and on
close. Esc reverts the field and returns to the reader.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextOption
from PySide6.QtWidgets import QFrame, QGridLayout, QLineEdit, QSizePolicy, QTextEdit, QWidget

from ..core.models import Article
from ..platform.i18n import tr
from .field_commit import FieldCommits
from . import plain
from .prompt import plain_label

TITLE_MAX_LINES = 3


class TitleEdit(QTextEdit):
    """A one-paragraph plain text field that wraps: a long title is read whole, never clipped.

    It offers the QLineEdit calls the header uses (``text``, ``setText``, ``setCursorPosition``,
    ``setFrame``, ``editingFinished``): Enter and leaving the field finish editing, Tab moves on."""

    editingFinished = Signal()  # noqa: N815 (QLineEdit's name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(1)
        self.document().contentsChanged.connect(self._fit)

    def text(self) -> str:
        return " ".join(self.toPlainText().split())  # a title is one line: pasted breaks become spaces

    def setText(self, text: str) -> None:  # noqa: N802 (QLineEdit's name)
        self.setPlainText(text)  # never setText: QTextEdit would guess rich text
        self.setToolTip(plain.tooltip(text))

    def setCursorPosition(self, position: int) -> None:  # noqa: N802 (QLineEdit's name)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def setFrame(self, on: bool) -> None:  # noqa: N802 (QLineEdit's name)
        self.setFrameShape(QFrame.Shape.StyledPanel if on else QFrame.Shape.NoFrame)

    def _fit(self) -> None:
        """As tall as the wrapped title, up to TITLE_MAX_LINES lines."""
        self.document().setTextWidth(self.viewport().width())
        line = self.fontMetrics().lineSpacing()
        height = min(self.document().size().height(), line * TITLE_MAX_LINES + 2)
        margins = self.contentsMargins()
        self.setFixedHeight(int(max(height, line + 2)) + margins.top() + margins.bottom())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()  # one paragraph: Enter finishes, never breaks the line
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def insertFromMimeData(self, source) -> None:  # noqa: N802 (Qt's name)
        if source.hasText():
            self.textCursor().insertText(" ".join(source.text().split()))


FIELDS = (("outlet", "Outlet"), ("author", "Author"), ("published", "Published"), ("updated", "Updated"),
          ("url", "URL"))


class MetadataHeader(QFrame):
    corrected = Signal(int, str, str)  # article id, field, new value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadata")
        self.article_id: int | None = None  # the article the fields show (and corrections go to)
        self._values: dict[str, str] = {}
        self.fields = FieldCommits(self)
        self.edits: dict[str, QLineEdit | TitleEdit] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)

        title = self._edit("title", "Title", TitleEdit())
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

    def _edit(self, name: str, caption: str, edit: QLineEdit | TitleEdit | None = None) -> QLineEdit | TitleEdit:
        edit = edit if edit is not None else QLineEdit()
        edit.setObjectName(f"metadata-{name}")
        edit.setFrame(False)
        edit.setPlaceholderText(tr("{field} unknown — type to add").format(field=tr(caption)))
        edit.setAccessibleName(caption)
        self.fields.watch(edit, lambda n=name: self._commit(n))
        edit.installEventFilter(self)
        self.edits[name] = edit
        return edit

    def show_article(self, article: Article | None, note: str = "") -> None:
        """Show ``article``'s fields. Typing not saved yet is saved first, to the article it was typed
        for; when the same article is shown again (after an edit), a field being typed in keeps its text."""
        article_id = None if article is None else article.id
        same = article_id is not None and article_id == self.article_id
        if not same:
            self.flush()
        self.article_id = article_id
        for name, edit in self.edits.items():
            value = "" if article is None else str(getattr(article, name) or "")
            self._values[name] = value
            if same and (edit.hasFocus() or self.fields.is_pending(edit)):
                continue  # the user is typing here: keep their text and cursor
            edit.blockSignals(True)  # set by the program, not typed
            edit.setText(value)
            edit.blockSignals(False)
            edit.setToolTip(plain.tooltip(value))
            edit.setCursorPosition(0)
            edit.setEnabled(article is not None)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def focus_first(self) -> None:
        self.edits["title"].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edits["title"].selectAll()

    def flush(self) -> None:
        """Save every field typed into and not saved yet."""
        self.fields.flush()

    def _commit(self, name: str) -> None:
        edit = self.edits[name]
        value = edit.text().strip()
        if self.article_id is None or not edit.isEnabled() or value == self._values.get(name, ""):
            return
        self._values[name] = value
        self.corrected.emit(self.article_id, name, value)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            for name, edit in self.edits.items():
                if edit is watched:
                    self.fields.discard(edit)
                    edit.blockSignals(True)
                    edit.setText(self._values.get(name, ""))  # revert; Esc then returns to the reader
                    edit.blockSignals(False)
        return super().eventFilter(watched, event)
