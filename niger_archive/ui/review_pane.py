"""Owns the review pane: bundle conflicts to settle, and highlights that need review or lost their passage
after a new version was imported."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..commands.bundle_actions import describe_conflict
from ..core.annotations import REVIEW_STATUSES
from ..core.messages import N_, Message
from ..core.models import Change
from ..platform.i18n import percent, tr, tr_marked
from ..services import bundle_exchange
from ..services.archive import Archive
from .prompt import plain_label
from .rows_model import Column, RowsModel, select_row, table_for

STATUS_NAMES = {"needs_review": N_("needs review"), "orphan": N_("orphaned")}


class ReviewPane(QWidget):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._titles: dict[int, str] = {}

        conflict_columns = [
            # the program's words in the interface language; the users' values and names as they are
            Column("Record", lambda c: tr_marked(c["view"]["kind"])),
            Column("About", lambda c: tr_marked(c["view"]["subject"]), max_chars=60),
            Column("Here", lambda c: tr_marked(c["view"]["here"]), max_chars=60),
            Column("In the bundle", lambda c: tr_marked(c["view"]["incoming"]), max_chars=60),
            Column("From", lambda c: c["view"]["bundle"], max_chars=30,
                   tooltip=lambda c: tr(Message("{name}: {what}", name=c["view"]["bundle"],
                                                what=c["view"]["reason"]))),
        ]
        self.conflict_model = RowsModel(conflict_columns, key=lambda c: c["id"], parent=self)
        self.conflicts = table_for(self.conflict_model, "conflicts-table", stretch=1)
        self.conflict_count = plain_label()
        self.conflict_count.setWordWrap(True)

        columns = [
            Column("Status", lambda a: tr(STATUS_NAMES.get(a.anchor_status, a.anchor_status))),
            Column("Quote", lambda a: " ".join(a.exact.split())),
            Column("Match", lambda a: percent(a.anchor_score), numeric=True, sort_key=lambda a: a.anchor_score),
            Column("Article", lambda a: self._titles.get(a.article_id, ""), max_chars=40),
        ]
        self.model = RowsModel(columns, key=lambda a: a.id, parent=self)
        self.table = table_for(self.model, "review-table", stretch=1)
        self.count = plain_label()
        self.count.setWordWrap(True)
        hint = plain_label("Bundle conflicts: L keeps this archive's version, I takes the bundle's (a same-entity "
                           "proposal: I merges, L keeps both). Highlights: Enter shows one (or, for an orphan, its "
                           "article) · Del deletes it. Orphans keep their quote: select the passage again and "
                           "highlight it.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.conflict_count)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 2)
        layout.addStretch(0)
        layout.addWidget(hint)

    def reload(self) -> None:
        self._reload_conflicts()
        current = self.current_annotation()
        items = self.archive.annotations.find(statuses=REVIEW_STATUSES)
        self._titles = {a.id: a.title or "" for a in
                        self.archive.articles.list(sorted({i.article_id for i in items}))}
        self.model.set_rows(items)
        n = len(items)
        self.table.setVisible(bool(n) or not self.conflict_model.rowCount())  # never an empty pane
        self.count.setText(tr(Message.counted(n, "{n} highlight to review", "{n} highlights to review")) if n
                           else tr("Nothing to review: every highlight sits on its passage."))
        row = self.model.row_of_key(current) if current else None
        select_row(self.table, row if row is not None else 0)

    def _reload_conflicts(self) -> None:
        current = self.current_conflict()
        had_focus = self.conflicts.hasFocus()
        items: list[dict[str, Any]] = []
        for item in bundle_exchange.list_conflicts(self.archive):
            items.append({**item, "view": describe_conflict(item)})
        self.conflict_model.set_rows(items)
        n = len(items)
        self.conflict_count.setText(tr(Message.counted(n, "{n} bundle conflict to settle", "{n} bundle conflicts to settle"))
                                    if n else tr("No bundle conflicts."))
        self.conflicts.setVisible(bool(n))
        self.table.setVisible(bool(self.model.rowCount()) or not n)  # never an empty pane
        row = self.conflict_model.row_of_key(current) if current is not None else None
        select_row(self.conflicts, row if row is not None else 0)
        if had_focus and not n:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, change: Change) -> None:
        if change.annotations or change.articles or change.claims or change.entities or change.clusters:
            self.reload()
        else:
            self._reload_conflicts()

    def current_annotation(self) -> str | None:
        conflict = self._current_conflict_row() if self.conflicts.hasFocus() else None
        if conflict is not None:
            return conflict["record_id"] if conflict["kind"] == "annotation" else None
        index = self.table.currentIndex()
        return self.model.key_at(index.row()) if index.isValid() else None

    def _current_conflict_row(self) -> dict[str, Any] | None:
        index = self.conflicts.currentIndex()
        return self.conflict_model.row_at(index.row()) if index.isValid() else None

    def current_conflict(self) -> int | None:
        row = self._current_conflict_row()
        return None if row is None else row["id"]

    def focus_list(self) -> None:
        target = self.conflicts if self.conflict_model.rowCount() else self.table
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
