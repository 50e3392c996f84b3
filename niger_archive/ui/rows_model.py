"""Owns a small table model adapting a list of service rows (claims, entities, review items, suggestions).

Columns are declared as data (header, text getter, optional colour and sort key); the model keeps
each row's key so a view can find a row again after a refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..platform.i18n import tr
from . import plain

# rows a column fitted to its contents is measured on (the visible ones first): Qt's default, 1000,
# asks the model for a dozen roles of each of 1000 rows per column whenever the table is laid out
SIZE_SAMPLE_ROWS = 100
KEY_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
MARKED_ROLE = Qt.ItemDataRole.UserRole + 2  # text with «…» marks for the snippet delegate


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    foreground: Callable[[Any], QColor | None] | None = None
    background: Callable[[Any], QColor | None] | None = None
    sort_key: Callable[[Any], Any] | None = None
    numeric: bool = False
    marked: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str] | None = None
    max_chars: int = 0  # elide longer display text (the tooltip keeps all of it)


def elide(text: str, limit: int) -> str:
    return text if not limit or len(text) <= limit else text[: limit - 1].rstrip() + "…"


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Any], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def key_at(self, row: int) -> Any:
        item = self.row_at(row)
        return None if item is None else self._key(item)

    def row_of_key(self, key: Any) -> int | None:
        for n, item in enumerate(self._rows):
            if self._key(item) == key:
                return n
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section].header)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return elide(column.text(item), column.max_chars)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(column.tooltip(item) if column.tooltip else column.text(item))
        if role == KEY_ROLE:
            return self._key(item)
        if role == ROW_ROLE:
            return item
        if role == MARKED_ROLE:
            return column.marked(item) if column.marked else column.text(item)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(item)
        if role == Qt.ItemDataRole.BackgroundRole and column.background:
            return column.background(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.sort_key or (lambda item: spec.text(item).casefold())
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self._key(self._rows[i.row()]) if 0 <= i.row() < len(self._rows) else None for i in persistent]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        position = {self._key(item): n for n, item in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [self.index(position[k], i.column()) if k in position else QModelIndex() for i, k in zip(persistent, keys)],
        )
        self.layoutChanged.emit()


def table_for(model: QAbstractTableModel, name: str, *, stretch: int = 1):
    """A read-only, row-selecting, sortable table view of ``model`` (column ``stretch`` takes spare width)."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
    if 0 <= stretch < model.columnCount():
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def select_row(view, row: int) -> None:
    """Make ``row`` current and selected (keyboard users land on it)."""
    from PySide6.QtCore import QItemSelectionModel

    model = view.model()
    if 0 <= row < model.rowCount():
        view.selectionModel().setCurrentIndex(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
