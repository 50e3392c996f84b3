"""Owns the entities pane: entities with mention counts and aliases, and the chosen entity's suggested mentions.

Suggestions (unlinked occurrences of the name and aliases across the archive) are computed off the
interface thread; a (accept), r (reject) and Shift+A (accept all) act on them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ..core.models import Change
from ..services.archive import Archive
from ..platform.i18n import number, tr
from .prompt import plain_label
from .rows_model import MARKED_ROLE, Column, RowsModel, select_row, table_for
from .snippet_delegate import SnippetDelegate
from .tasks import QueryWorker


def marked_context(suggestion: dict) -> str:
    """The suggestion's sentence with the matched name wrapped in «…» (for bold drawing)."""
    context, text = suggestion.get("context", ""), suggestion.get("text", "")
    clean = context.replace("«", "\"").replace("»", "\"")
    at = clean.find(text) if text else -1
    if at < 0:
        return clean
    return clean[:at] + "«" + text + "»" + clean[at + len(text):]


def _mention_suggestions(archive: Archive, entity_id: str) -> list[dict[str, Any]]:
    """Unlinked mentions of the entity (on the query thread, which loads the matcher on first use)."""
    from ..services.suggestions import suggest_mentions

    return suggest_mentions(archive, entity_id)


class EntitiesPane(QWidget):
    def __init__(self, archive: Archive, queries: QueryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.queries = queries
        self._suggestions_for: str | None = None
        entity_columns = [
            Column("Name", lambda e: e.name),
            Column("Type", lambda e: tr(e.type)),
            Column("Mentions", lambda e: str(e.mention_count), numeric=True, sort_key=lambda e: e.mention_count),
            Column("Aliases", lambda e: ", ".join(e.aliases), max_chars=60),
        ]
        self.model = RowsModel(entity_columns, key=lambda e: e.id, parent=self)
        self.table = table_for(self.model, "entities-table", stretch=3)
        suggestion_columns = [
            Column("Outlet", lambda s: s.get("outlet") or "", max_chars=24),
            Column("Suggested mention", lambda s: s.get("context", ""), marked=marked_context),
            Column("Article", lambda s: s.get("title") or "", max_chars=40),
        ]
        self.suggestions = RowsModel(suggestion_columns,
                                     key=lambda s: (s["article_id"], s["start"], s["end"]), parent=self)
        self.suggestion_table = table_for(self.suggestions, "suggestions-table", stretch=1)
        self.suggestion_table.setItemDelegateForColumn(1, SnippetDelegate(MARKED_ROLE, self.suggestion_table))
        self.heading = plain_label("Suggested mentions")
        self.hint = plain_label("a accepts · r rejects · Shift+A accepts all · Enter shows the passage · "
                                "n new entity · F2 rename · l aliases · y type · m merge · Del delete")
        self.hint.setEnabled(False)
        self.hint.setWordWrap(True)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.suggestion_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_suggestions())
        self.queries.answered.connect(self._on_suggestions)

    def reload(self) -> None:
        current = self.current_entity()
        self.model.set_rows(self.archive.annotations.entities())
        row = self.model.row_of_key(current) if current else None
        select_row(self.table, row if row is not None else 0)
        self._load_suggestions(force=True)

    def refresh(self, change: Change) -> None:
        if change.entities:  # links, mentions, suggestions and entity edits all name the entity
            self.reload()

    def current_entity(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.key_at(index.row()) if index.isValid() else None

    def current_suggestion(self) -> dict | None:
        index = self.suggestion_table.currentIndex()
        return self.suggestions.row_at(index.row()) if index.isValid() else None

    def all_suggestions(self) -> list[dict]:
        return self.suggestions.rows()

    def _load_suggestions(self, force: bool = False) -> None:
        entity_id = self.current_entity()
        if entity_id == self._suggestions_for and not force:
            return
        self._suggestions_for = entity_id
        self.suggestions.set_rows([])
        if entity_id is None:
            self.heading.setText(tr("Suggested mentions"))
            return
        self.heading.setText(tr("Looking for unlinked mentions…"))
        self.queries.ask(lambda archive, e=entity_id: (e, _mention_suggestions(archive, e)))

    def _on_suggestions(self, result, error: str) -> None:
        if error:
            self.heading.setText(tr("Suggestions unavailable: {error}").format(error=error))
            return
        entity_id, found = result
        if entity_id != self._suggestions_for:
            return
        keep = self.current_suggestion()
        self.suggestions.set_rows(found)
        name = next((e.name for e in self.model.rows() if e.id == entity_id), "")
        self.heading.setText(tr("Suggested mentions of “{name}”: {n}").format(name=name, n=number(len(found))) if found
                             else tr("No unlinked mentions of “{name}”").format(name=name))
        row = self.suggestions.row_of_key((keep["article_id"], keep["start"], keep["end"])) if keep else None
        select_row(self.suggestion_table, row if row is not None else 0)

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
