"""Owns the prompt under the reader: answers a command's questions (text, choice, path) by keyboard.

One line to type in, a list of matches under it. Enter confirms, Esc cancels, Up/Down choose in
the list, Tab completes. Enter takes the highlighted row: in a list of names (entities, clusters, tags)
the best match is highlighted as you type, and making a new name is an explicit row of its own,
"Create 'US tr'", listed after the matches (highlighted only when nothing matches).
It is a non-modal widget: no nested event loop, so key events alone drive every question.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..commands.context import ChoiceQuestion, NewText, PathQuestion, Question, TextQuestion
from ..commands.reference import fuzzy_score
from ..platform.i18n import tr, tr_marked

MAX_LISTED = 200
VALUE_ROLE = Qt.ItemDataRole.UserRole
_NAV_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8, Qt.Key.Key_PageDown: 8}
_OWN_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, *_NAV_KEYS}


def plain_label(text: str = "") -> QLabel:
    """A label that shows text as written, never as markup; a caption given here is shown in the
    interface language (data is set later with setText)."""
    label = QLabel(tr(text) if text else text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PromptBar(QFrame):
    answered = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question: Question | None = None
        self._return_focus: QWidget | None = None
        self._explicit = False  # the user chose a list row with the arrows

        self.title = plain_label()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.edit = QLineEdit()
        self.edit.setObjectName("prompt-edit")
        self.edit.setClearButtonEnabled(True)
        self.browse = QPushButton(tr("Browse…"))
        self.browse.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browse.clicked.connect(self._browse)
        self.list = QListWidget()
        self.list.setObjectName("prompt-list")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(lambda _item: self._confirm(from_list=True))
        self.list.itemClicked.connect(lambda _item: self._mark_explicit())
        self.message = plain_label()  # what confirming a choice would do (several lines)
        self.message.setObjectName("prompt-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.hint = plain_label()
        self.hint.setEnabled(False)

        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)

        self.edit.textEdited.connect(self._on_edited)
        self.edit.installEventFilter(self)
        self.hide()

    # --- asking --------------------------------------------------------------------------------
    def ask(self, question: Question) -> None:
        if not self.isVisible():
            focused = QApplication.focusWidget()
            self._return_focus = focused if focused is not None and not self.isAncestorOf(focused) else None
        self.question = question
        self._explicit = False
        self.title.setText(tr(question.prompt))  # the question in the interface language
        self.edit.setPlaceholderText(tr(getattr(question, "placeholder", "") or ""))
        self.browse.setVisible(isinstance(question, PathQuestion))
        message = tr(getattr(question, "message", "") or "")
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.edit.setText(getattr(question, "initial", "") or "")
        self.edit.selectAll()
        self._refill()
        self.hint.setText(self._hint_text())
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_prompt(self) -> None:
        """Hide and give the focus back to where it was before the first question."""
        self.question = None
        was_focused = self.isAncestorOf(QApplication.focusWidget()) if QApplication.focusWidget() else False
        self.hide()
        target, self._return_focus = self._return_focus, None
        if was_focused and target is not None and target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hint_text(self) -> str:
        q = self.question
        if isinstance(q, ChoiceQuestion) and q.allow_new:
            return tr("Enter takes the highlighted row · ↑↓ choose (the last row creates a new one) · Esc cancels")
        if isinstance(q, ChoiceQuestion):
            return tr("Type to filter · ↑↓ choose · Enter confirms · Esc cancels")
        if isinstance(q, PathQuestion):
            return tr("Type a path (Tab completes) · Enter confirms · Browse… opens a file dialog · Esc cancels")
        return tr("Enter confirms · Tab completes · Esc cancels")

    # --- the list ------------------------------------------------------------------------------
    def _matches(self) -> list[tuple[Any, str]]:
        q = self.question
        text = self.edit.text()
        if isinstance(q, ChoiceQuestion):
            scored = []
            for n, option in enumerate(q.options):
                shown = tr_marked(option.label)  # fixed words in the interface language, names as they are
                label = shown + (f"   —   {tr_marked(option.detail)}" if option.detail else "")
                if not text.strip():
                    scored.append((0.0, n, option.value, label))
                    continue
                names = (shown, option.label, *option.terms)  # typed in either language
                scores = [s for s in (fuzzy_score(text, t) for t in names) if s is not None]
                if scores:
                    scored.append((max(scores), n, option.value, label))
            scored.sort(key=lambda x: (-x[0], x[1]))
            return [(value, label) for _, _, value, label in scored]
        if isinstance(q, TextQuestion):
            token = text.rsplit(",", 1)[-1].strip().casefold()
            return [(c, c) for c in q.completions if token in c.casefold()]
        if isinstance(q, PathQuestion):
            return [(p, p) for p in _path_completions(text, q.mode == "directory")]
        return []

    def _refill(self) -> None:
        self.list.clear()
        matches = self._matches()[:MAX_LISTED]
        q = self.question
        new = self._new_name()
        if new is not None:  # making a new name is a row of its own, never what Enter does by surprise
            matches.append((NewText(new), tr("Create '{name}'").format(name=new)))
        for value, label in matches:
            item = QListWidgetItem(label)
            item.setData(VALUE_ROLE, value)
            if isinstance(value, NewText):
                item.setData(Qt.ItemDataRole.AccessibleTextRole, tr("Create a new one named {name}").format(name=new))
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.list.addItem(item)
        if isinstance(q, ChoiceQuestion) and matches:
            row = 0
            if not self.edit.text().strip() and q.current is not None:
                row = next((i for i, (v, _) in enumerate(matches) if v == q.current), 0)
            if self.edit.text().strip() or not q.allow_new:
                self.list.setCurrentRow(row)
        elif isinstance(q, TextQuestion) and q.completions and matches and self._token():
            self.list.setCurrentRow(0)
        rows = min(len(matches), 8)
        self.list.setVisible(bool(matches))
        self.list.setFixedHeight(max(1, rows) * max(self.list.sizeHintForRow(0), 18) + 6 if matches else 0)

    def _token(self) -> str:
        """The name being typed: the whole text of a choice, the last comma-separated part of a tag list."""
        text = self.edit.text()
        if isinstance(self.question, TextQuestion):
            text = text.rsplit(",", 1)[-1]
        return " ".join(text.split())

    def _new_name(self) -> str | None:
        """The typed name when it may become a new item (it matches none exactly), else None."""
        q = self.question
        token = self._token()
        if not token:
            return None
        if isinstance(q, ChoiceQuestion) and q.allow_new and q.exact_match(token) is None:
            return token
        if isinstance(q, TextQuestion) and q.completions and token.casefold() not in {
                c.casefold() for c in q.completions}:
            return token
        return None

    def _on_edited(self, _text: str) -> None:
        self._explicit = False
        self._refill()

    def _mark_explicit(self) -> None:
        self._explicit = True

    def _move(self, step: int) -> None:
        count = self.list.count()
        if not count:
            return
        row = self.list.currentRow()
        row = (0 if step > 0 else count - 1) if row < 0 else max(0, min(count - 1, row + step))
        self.list.setCurrentRow(row)
        self._explicit = True

    def _complete(self) -> None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() else None)
        if item is None:
            return
        q = self.question
        value = item.data(VALUE_ROLE)
        if isinstance(value, NewText):
            return  # the typed name stays as typed
        if isinstance(q, TextQuestion):
            head = self.edit.text().rsplit(",", 1)
            text = (head[0] + ", " if len(head) > 1 else "") + str(value)
        elif isinstance(q, ChoiceQuestion):
            text = next((tr_marked(o.label) for o in q.options if o.value == value), str(value))
            if q.allow_new:
                self._explicit = True
        else:
            text = str(value)
        self.edit.setText(text)
        if isinstance(q, PathQuestion):
            self._refill()

    # --- answering -----------------------------------------------------------------------------
    def _confirm(self, from_list: bool = False) -> None:
        q = self.question
        if q is None:
            return
        text = self.edit.text()
        item = self.list.currentItem()
        if isinstance(q, ChoiceQuestion):
            if item is not None:  # the highlighted row: a match, or the explicit "Create '…'" row
                value: Any = item.data(VALUE_ROLE)
            elif (exact := q.exact_match(text) or self._exact_shown(q, text)) is not None:
                value = exact
            elif q.allow_new:
                if not text.strip():
                    return
                value = NewText(text.strip())
            elif item is not None:
                value = item.data(VALUE_ROLE)
            else:
                return
        elif isinstance(q, PathQuestion):
            if from_list and item is not None:
                text = str(item.data(VALUE_ROLE))
            path = os.path.expanduser(text.strip())
            if not path:
                return
            value = [path] if q.mode == "open" else path
        else:
            if item is not None and not isinstance(item.data(VALUE_ROLE), NewText):
                self._complete()  # the highlighted completion replaces the part being typed
                text = self.edit.text()
            value = text
        self.answered.emit(value)

    @staticmethod
    def _exact_shown(q: ChoiceQuestion, text: str) -> str | None:
        """The option whose label, as shown in the interface language, is ``text`` (ignoring case and spacing)."""
        wanted = " ".join(text.split()).casefold()
        return next((o.value for o in q.options
                     if wanted and " ".join(tr_marked(o.label).split()).casefold() == wanted), None)

    def _cancel(self) -> None:
        self.cancelled.emit()

    def _browse(self) -> None:
        q = self.question
        if not isinstance(q, PathQuestion):
            return
        start = os.path.expanduser(self.edit.text().strip()) or str(Path.home())
        every = tr("All files (*)")
        filters = tr("Suggested ({patterns})").format(patterns=" ".join(q.filters)) + f";;{every}" if q.filters else every
        if q.mode == "directory":
            chosen = QFileDialog.getExistingDirectory(self, tr(q.prompt), start)
            if chosen:
                self.answered.emit(chosen)
        elif q.mode == "save":
            chosen, _ = QFileDialog.getSaveFileName(self, tr(q.prompt), start, filters)
            if chosen:
                self.answered.emit(chosen)
        else:
            chosen_files, _ = QFileDialog.getOpenFileNames(self, tr(q.prompt), start, filters)
            if chosen_files:
                self.answered.emit(list(chosen_files))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.edit and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            key = key_event.key()
            if key not in _OWN_KEYS or key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # these keys belong to the prompt, not to window shortcuts
                return True
            if key == Qt.Key.Key_Escape:
                self._cancel()
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._confirm()
            elif key == Qt.Key.Key_Tab:
                self._complete()
            else:
                self._move(_NAV_KEYS[key])
            return True
        return super().eventFilter(watched, event)


def _path_completions(text: str, directories_only: bool) -> list[str]:
    """Entries of the typed path's folder starting with its last part (folders end with a separator)."""
    typed = os.path.expanduser(text)
    if not typed:
        return []
    folder, prefix = os.path.split(typed)
    folder = folder or "."
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError:
        return []
    out = []
    for entry in entries:
        if entry.name.startswith(".") and not prefix.startswith("."):
            continue
        if not entry.name.casefold().startswith(prefix.casefold()):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if directories_only and not is_dir:
            continue
        out.append(os.path.join(os.path.dirname(text) or "", entry.name) + (os.sep if is_dir else ""))
        if len(out) >= MAX_LISTED:
            break
    return out
