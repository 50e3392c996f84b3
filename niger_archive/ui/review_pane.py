"""Owns the review pane: highlights that need review or lost their passage after a new version was imported."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.annotations import REVIEW_STATUSES
from ..core.models import Change
from ..services.archive import Archive
from .prompt import plain_label
from .rows_model import Column, RowsModel, select_row, table_for

STATUS_NAMES = {"needs_review": "needs review", "orphan": "orphaned"}


class ReviewPane(QWidget):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._titles: dict[int, str] = {}
        columns = [
            Column("Status", lambda a: STATUS_NAMES.get(a.anchor_status, a.anchor_status)),
            Column("Quote", lambda a: " ".join(a.exact.split())),
            Column("Match", lambda a: f"{a.anchor_score:.0%}", numeric=True, sort_key=lambda a: a.anchor_score),
            Column("Article", lambda a: self._titles.get(a.article_id, ""), max_chars=40),
        ]
        self.model = RowsModel(columns, key=lambda a: a.id, parent=self)
        self.table = table_for(self.model, "review-table", stretch=1)
        self.count = plain_label()
        self.count.setWordWrap(True)
        hint = plain_label("Enter shows the highlight (or, for an orphan, its article) · Del deletes it. "
                           "Orphans keep their quote: select the passage again and highlight it.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def reload(self) -> None:
        current = self.current_annotation()
        items = self.archive.annotations.annotations(statuses=REVIEW_STATUSES)
        self._titles = {a.id: a.title or "" for a in
                        self.archive.articles.list(sorted({i.article_id for i in items}))}
        self.model.set_rows(items)
        n = len(items)
        self.count.setText(f"{n} highlight{'s' if n != 1 else ''} to review" if n
                           else "Nothing to review: every highlight sits on its passage.")
        row = self.model.row_of_key(current) if current else None
        select_row(self.table, row if row is not None else 0)

    def refresh(self, change: Change) -> None:
        if change.annotations or change.articles:
            self.reload()

    def current_annotation(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.key_at(index.row()) if index.isValid() else None

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
