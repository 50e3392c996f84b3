"""Owns the version diff beside the reader: what changed between an earlier version (re-scrape) of the
open article and the one in the reader — the figures that changed, the highlights that moved and a line
diff of the clean text, removed lines marked "− " on red, added ones "+ " on green.

The data comes from ``services.provenance`` (``versions``, ``compare_versions``); this pane only shows it.
Article text is untrusted: it goes into a QPlainTextEdit as plain text (never HTML), coloured with block
formats. J / K (or the buttons) go to the next / previous change; the list picks the earlier version.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout,
                               QWidget)

from ..core.errors import NigerArchiveError
from ..platform.i18n import tr

REMOVED = QColor("#fde2e0")
ADDED = QColor("#e2f4e2")
MUTED = QColor("#777777")
STATUS_NAMES = {"moved": "moved", "fuzzy": "placed approximately", "needs_review": "needs review",
                "orphan": "lost its passage", "changed_text": "its passage changed"}
CONTEXT_LINES = 2  # unchanged lines shown around each change


def _moment(moment: str) -> str:
    return moment[:16].replace("T", " ") if moment else tr("date unknown")


class DiffView(QPlainTextEdit):
    """The diff, read-only; J / K go to the next / previous change."""

    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif event.key() == Qt.Key.Key_J:
            self.step.emit(1)
        elif event.key() == Qt.Key.Key_K:
            self.step.emit(-1)
        else:
            super().keyPressEvent(event)


class VersionsPane(QWidget):
    def __init__(self, archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.article_id: int | None = None  # the reader's article (any of its versions)
        self.comparison: dict[str, Any] | None = None
        self.newest: int | None = None  # the article's newest version, compared with the chosen one
        self.change_blocks: list[int] = []  # the first line (block number) of each change in the view
        self.current_change = -1

        self.summary = QLabel()
        self.summary.setObjectName("versions-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.older = QComboBox()
        self.older.setObjectName("versions-older")
        self.older.currentIndexChanged.connect(self._compare_chosen)
        pick = QLabel(tr("Compare with:"))
        pick.setTextFormat(Qt.TextFormat.PlainText)
        pick.setBuddy(self.older)
        self.previous_button = QPushButton(tr("Previous change"))
        self.next_button = QPushButton(tr("Next change"))
        self.previous_button.setToolTip(tr("Previous change") + " (K)")
        self.next_button.setToolTip(tr("Next change") + " (J)")
        self.previous_button.clicked.connect(lambda: self.go_to_change(-1))
        self.next_button.clicked.connect(lambda: self.go_to_change(1))
        self.position = QLabel()
        self.position.setObjectName("versions-position")
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        self.view = DiffView()
        self.view.setObjectName("versions-diff")
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.view.step.connect(self.go_to_change)

        top = QHBoxLayout()
        top.addWidget(pick)
        top.addWidget(self.older, 1)
        steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        steps.addWidget(self.position, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(steps)
        layout.addWidget(self.view, 1)
        self.reload()

    # --- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the reader's article: its earlier versions in the list (the previous one chosen, or the one
        chosen before when it is still there) and the diff with it."""
        chosen = self.older.currentData()
        self.older.blockSignals(True)
        self.older.clear()
        chain: list[dict[str, Any]] = []
        if self.article_id is not None and not self.archive.closed:
            from ..services.provenance import versions  # loaded when first used: not at start-up

            try:
                chain = versions(self.archive, self.article_id)
            except NigerArchiveError:
                chain = []
        for version in reversed(chain[:-1]):
            self.older.addItem(tr("version {id} ({moment})").format(id=version["id"],
                                                                      moment=_moment(version["moment"])),
                               version["id"])
        self.older.setEnabled(self.older.count() > 0)
        index = self.older.findData(chosen) if chosen is not None else -1
        self.older.setCurrentIndex(max(index, 0) if self.older.count() else -1)
        self.older.blockSignals(False)
        self.newest = chain[-1]["id"] if chain else None
        if self.older.count():
            self.compare(self.older.currentData())
        else:
            self._show_nothing(tr("Open an article that has earlier versions") if self.article_id is None
                               else tr("This article has one version only"))

    def _compare_chosen(self, index: int) -> None:
        if index >= 0:
            self.compare(self.older.itemData(index))

    def compare(self, older: int) -> None:
        """Show what changed from version ``older`` to the newest one."""
        if self.newest is None:
            return
        from ..services.provenance import compare_versions

        try:
            self.comparison = compare_versions(self.archive, older, self.newest, context=CONTEXT_LINES)
        except NigerArchiveError as exc:
            self._show_nothing(tr(exc.message))
            return
        c = self.comparison
        changes = len(c["hunks"])
        self.summary.setText(tr("Version {old} ({old_moment}) → version {new} ({new_moment}): "
                                "{changes} changed passage(s)").format(
            old=c["from"], old_moment=_moment(c["from_moment"]), new=c["to"],
            new_moment=_moment(c["to_moment"]), changes=changes))
        self._fill(c)

    def _show_nothing(self, text: str) -> None:
        self.comparison = None
        self.summary.setText(text)
        self.view.clear()
        self.change_blocks = []
        self.current_change = -1
        self._update_steps()

    def _fill(self, c: dict[str, Any]) -> None:
        self.view.clear()
        self.change_blocks = []
        cursor = QTextCursor(self.view.document())
        plain = QTextBlockFormat()
        muted = QTextCharFormat()
        muted.setForeground(MUTED)
        first = [True]

        def line(text: str, background: QColor | None = None, fmt: QTextCharFormat | None = None) -> None:
            block = QTextBlockFormat(plain)
            if background is not None:
                block.setBackground(background)
            if first[0]:
                cursor.setBlockFormat(block)
                first[0] = False
            else:
                cursor.insertBlock(block)
            cursor.insertText(text, fmt or QTextCharFormat())  # plain text: nothing in it is interpreted

        if c["figures"]:
            line(tr("Figures that changed:"), fmt=muted)
            for figure in c["figures"]:
                line(f"  “{figure['from']}” → “{figure['to']}”")
        else:
            line(tr("No figure changed"), fmt=muted)
        if c["annotations"]:
            line(tr("Highlights that moved or whose passage changed:"), fmt=muted)
            for note in c["annotations"]:
                line(f"  “{note['quote']}” ({tr(STATUS_NAMES.get(note['status'], note['status']))})")
        else:
            line(tr("No highlight moved"), fmt=muted)
        if not c["hunks"]:
            line(tr("No change in the text"), fmt=muted)
        for hunk in c["hunks"]:
            line("…", fmt=muted)
            previous = " "
            for mark, text in hunk:
                if mark != " " and previous == " ":
                    self.change_blocks.append(cursor.blockNumber() + 1)
                previous = mark
                if mark == "-":
                    line("− " + text, REMOVED)
                elif mark == "+":
                    line("+ " + text, ADDED)
                else:
                    line("  " + text)
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
        self.current_change = -1
        if self.change_blocks:
            self.go_to_change(1)
        else:
            self._update_steps()

    # --- moving between changes ----------------------------------------------------------------
    def go_to_change(self, step: int) -> None:
        """Put the cursor on the next (1) or previous (-1) change and scroll it into view."""
        if not self.change_blocks:
            return
        index = min(max(self.current_change + step, 0), len(self.change_blocks) - 1)
        self.current_change = index
        block = self.view.document().findBlockByNumber(self.change_blocks[index])
        cursor = QTextCursor(block)
        self.view.setTextCursor(cursor)
        self.view.centerCursor()
        self._update_steps()

    def _update_steps(self) -> None:
        total = len(self.change_blocks)
        self.previous_button.setEnabled(self.current_change > 0)
        self.next_button.setEnabled(0 <= self.current_change < total - 1 or (self.current_change < 0 and total > 0))
        self.position.setText(tr("Change {n} of {total}").format(n=self.current_change + 1, total=total)
                              if total and self.current_change >= 0 else "")

    def current_change_text(self) -> str:
        """The lines of the current change (its removed then added lines), for tests and accessibility."""
        if self.current_change < 0:
            return ""
        block = self.view.document().findBlockByNumber(self.change_blocks[self.current_change])
        lines = []
        while block.isValid() and block.text()[:2] in ("− ", "+ "):
            lines.append(block.text())
            block = block.next()
        return "\n".join(lines)

    def focus_view(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
