"""Owns the F1 keyboard reference window: every command with its keys, generated from the registry."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from ..commands.keys import Keymap
from ..commands.reference import ReferenceRow, context_title, format_keys, reference_rows
from ..commands.registry import Registry
from ..platform.i18n import tr
from .prompt import plain_label
from .rows_model import Column, RowsModel, table_for


class HelpDialog(QDialog):
    def __init__(self, registry: Registry, keymap: Keymap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help")
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(860, 620)
        self.rows: list[ReferenceRow] = reference_rows(registry, keymap)
        columns = [
            Column("Where", lambda r: tr(context_title(r.context))),
            Column("Keys", lambda r: format_keys(r.keys)),
            Column("Command", lambda r: tr(r.title)),
            Column("What it does", lambda r: tr(r.description) if r.command_id else tr("built into the text field")),
        ]
        self.model = RowsModel(columns, key=lambda r: (r.context, r.command_id or r.title), parent=self)
        self.model.set_rows(self.rows)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setObjectName("help-filter")
        self.filter.setPlaceholderText(tr("Filter by key, command or pane"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = table_for(self.proxy, "help-table", stretch=3)
        layout = QVBoxLayout(self)
        problems = [*keymap.problems, *(c.describe() for c in keymap.conflicts)]
        if problems:
            warning = plain_label()
            warning.setText(tr("Key settings problems:") + "\n" + "\n".join(problems))
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def listed_command_ids(self) -> set[str]:
        return {r.command_id for r in self.rows if r.command_id}
