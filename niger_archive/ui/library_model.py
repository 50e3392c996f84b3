"""Owns the library's table model: it holds article ids and fetches their rows lazily, page by page.

Like Anki's browser table, the model adapts the services instead of owning data: it keeps a list of
ids (in display order) and a cache of fetched rows; changes invalidate exactly the rows they touch.
Search snippets are lazy too: a row asked for its snippet that has none yet is announced
(``snippets_wanted``, with the rows after it) and shows its title alone until ``add_snippets``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from ..core.models import Article, Change
from ..services.archive import Archive
from ..services.copies import copy_marks
from ..platform import i18n
from ..platform.i18n import number, tr
from . import plain
from .icons import icon

PAGE = 200  # rows fetched at once
SNIPPET_PAGE = 20  # snippets asked for at once: the row shown and the ones after it
ID_ROLE = Qt.ItemDataRole.UserRole
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Title", "Outlet", "Published", "Highlights", "Claims", "Copies")
TITLE, OUTLET, PUBLISHED, HIGHLIGHTS, CLAIMS, COPIES = range(len(COLUMNS))


def _date(value: str | None) -> str:
    """The publication date as the interface language writes it ("2024-09-16" / "16 sept. 2024")."""
    return i18n.date((value or "")[:10])


class ArticleTableModel(QAbstractTableModel):
    snippets_wanted = Signal(list)  # ids of shown rows whose snippets are not fetched yet

    def __init__(self, archive: Archive, parent=None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._ids: list[int] = []
        self._rows: dict[int, Article] = {}
        self._counts: dict[int, tuple[int, int]] = {}
        self._snippets: dict[int, str] = {}
        self._asked: set[int] = set()  # snippets announced as wanted and not added yet
        self._wanted: list[int] = []  # announced together once the current event is handled
        self._copies: dict[int, str] = {}  # "copy of 1; copied by 3" (services.copies.copy_marks)
        self._searching = False

    # --- content -------------------------------------------------------------------------------
    def set_ids(self, ids: list[int], snippets: dict[int, str | None] | None = None, *,
                counts: dict[int, tuple[int, int]] | None = None, copies: dict[int, str] | None = None,
                rows: list[Article] | None = None) -> None:
        """Show ``ids``; with ``snippets`` they are search results (a None snippet is fetched when its row
        is shown). ``counts``, ``copies`` and ``rows`` (the first page's articles) may come read on the
        search thread, so that the interface thread reads nothing here."""
        self.beginResetModel()
        self._ids = list(dict.fromkeys(ids))
        self._snippets = {i: s for i, s in (snippets or {}).items() if s is not None}
        self._asked.clear()
        self._wanted.clear()
        self._searching = snippets is not None
        self._rows = {a.id: a for a in rows or []}
        self._counts = self.archive.annotations.counts_by_article() if counts is None else counts
        self._copies = copy_marks(self.archive, self._ids) if copies is None else copies
        self.endResetModel()

    def has_snippet(self, article_id: int) -> bool:
        return article_id in self._snippets

    def add_snippets(self, snippets: dict[int, str]) -> None:
        """Snippets fetched for rows shown (those of articles no longer listed are dropped)."""
        listed = set(self._ids)
        fresh = {i: s for i, s in snippets.items() if i in listed}
        self._snippets.update(fresh)
        self._asked.difference_update(snippets)
        rows = [r for r, i in enumerate(self._ids) if i in fresh]
        if rows:
            self.dataChanged.emit(self.index(min(rows), TITLE), self.index(max(rows), TITLE))

    def _want_snippets_from(self, row: int) -> None:
        wanted = [i for i in self._ids[row:row + SNIPPET_PAGE] if i not in self._snippets and i not in self._asked]
        if not wanted:
            return
        self._asked.update(wanted)
        if not self._wanted:
            QTimer.singleShot(0, self._announce_wanted)
        self._wanted.extend(wanted)

    def _announce_wanted(self) -> None:
        wanted, self._wanted = self._wanted, []
        if wanted:
            self.snippets_wanted.emit(wanted)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    @property
    def searching(self) -> bool:
        return self._searching

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def refresh(self, change: Change) -> None:
        """Refetch the rows a change touched (metadata corrections, annotation counts)."""
        if not change.articles and not change.annotations and not change.claims:
            return
        self._counts = self.archive.annotations.counts_by_article()
        if change.articles:  # an accepted or rejected copy link names both articles
            self._copies = copy_marks(self.archive, self._ids)
        touched = change.articles or set(self._ids)
        for article_id in touched:
            self._rows.pop(article_id, None)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def _row(self, row: int) -> Article | None:
        article_id = self._ids[row]
        article = self._rows.get(article_id)
        if article is None:
            start = max(0, row - PAGE // 4)
            page = [i for i in self._ids[start:start + PAGE] if i not in self._rows]
            for fetched in self.archive.articles.list(page):
                self._rows[fetched.id] = fetched
            if len(self._rows) > PAGE * 20:  # keep memory bounded on huge archives
                keep = set(self._ids[start:start + PAGE])
                self._rows = {k: v for k, v in self._rows.items() if k in keep}
            article = self._rows.get(article_id)
        return article

    # --- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        counted = section in (HIGHLIGHTS, CLAIMS)  # narrow columns: an icon, the name in the tooltip
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if counted else tr(COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(COLUMNS[section])
        if role == Qt.ItemDataRole.DecorationRole and counted:
            return icon("highlight" if section == HIGHLIGHTS else "claim")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        article_id = self._ids[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return article_id
        if role == SNIPPET_ROLE:
            snippet = self._snippets.get(article_id)
            if snippet is None and self._searching:
                self._want_snippets_from(index.row())
            return snippet or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (HIGHLIGHTS, CLAIMS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), article_id, column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == HIGHLIGHTS:
            return number(self._counts.get(article_id, (0, 0))[0])
        if column == CLAIMS:
            return number(self._counts.get(article_id, (0, 0))[1])
        if column == COPIES:
            return self._copies.get(article_id, "")
        article = self._row(index.row())
        if article is None:
            return None
        if column == TITLE:
            return article.title or tr("(untitled)")
        if column == OUTLET:
            return article.outlet or ""
        if column == PUBLISHED:
            return _date(article.published)
        return None

    def _tooltip(self, row: int, article_id: int, column: int) -> str | None:
        """Title, URL and search snippet (or the cell's text), always shown literally (``plain``)."""
        if column == TITLE:
            article = self._row(row)
            if article is None:
                return None
            snippet = self._snippets.get(article_id, "").replace("«", "").replace("»", "")
            return plain.tooltip(article.title or tr("(untitled)"), article.url, snippet)
        return plain.tooltip(self.data(self.index(row, column)))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self._ids or not 0 <= column < len(COLUMNS):
            return
        reverse = order == Qt.SortOrder.DescendingOrder
        if column in (HIGHLIGHTS, CLAIMS):
            n = 0 if column == HIGHLIGHTS else 1
            keys: dict[int, Any] = {i: self._counts.get(i, (0, 0))[n] for i in self._ids}
        elif column == COPIES:
            keys = {i: self._copies.get(i, "") for i in self._ids}
        else:
            keys = {}
            for start in range(0, len(self._ids), 1000):
                for article in self.archive.articles.list(self._ids[start:start + 1000]):
                    self._rows.setdefault(article.id, article)
                    value = {TITLE: article.title, OUTLET: article.outlet, PUBLISHED: article.published}[column]
                    keys[article.id] = (value or "").casefold()
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in persistent]
        self._ids.sort(key=lambda i: (keys.get(i, ""), i), reverse=reverse)
        position = {article_id: r for r, article_id in enumerate(self._ids)}
        self.changePersistentIndexList(
            persistent,
            [self.index(position[a], i.column()) if a is not None else QModelIndex() for i, a in zip(persistent, old_ids)],
        )
        self.layoutChanged.emit()
