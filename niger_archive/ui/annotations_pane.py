"""Owns the annotations list of the open article: every highlight, claim and entity mention in text order.

Like a Hypothesis sidebar: one row per annotation (kind, passage, colour, tags, note, entities),
filtered by kind, tag or colour; Enter (``annotations.open``) shows the chosen one in the reader.
It follows the article the reader shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from ..core.annotations import Annotation
from ..core.errors import NotFound
from ..core.messages import Message
from ..core.models import Change
from ..platform.i18n import tr
from ..services.archive import Archive
from .prompt import plain_label
from .rows_model import Column, RowsModel, select_row, table_for

ALL = "*"
KINDS = (("claim", "Claims"), ("mention", "Entity mentions"), ("highlight", "Plain highlights"))


def kinds_of(annotation: Annotation) -> list[str]:
    """What an annotation is: a claim, an entity mention (or both), or a plain highlight."""
    kinds = (["claim"] if annotation.claim_id else []) + (["mention"] if annotation.entity_ids else [])
    return kinds or ["highlight"]


class AnnotationsPane(QWidget):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.article_id: int | None = None
        self._all: list[Annotation] = []
        self._entities: dict[str, str] = {}  # entity id -> name
        self._colours: dict[str, str] = {}  # palette name -> colour

        columns = [
            Column("Kind", lambda a: ", ".join(tr(k) for k in kinds_of(a))),
            Column("Passage", lambda a: ("(lost its passage) " if a.is_orphan else "") + " ".join(a.exact.split()),
                   max_chars=160),
            Column("Colour", lambda a: a.color or "", background=self._swatch),
            Column("Tags", lambda a: ", ".join(a.tags)),
            Column("Note", lambda a: " ".join(a.note.split()), max_chars=120),
            Column("Entities", lambda a: ", ".join(self._entities.get(e, "?") for e in a.entity_ids)),
        ]
        self.model = RowsModel(columns, key=lambda a: a.id, parent=self)
        self.table = table_for(self.model, "annotations-table", stretch=1)
        self.table.setSortingEnabled(False)  # text order is the order
        self.kind = self._combo("All kinds", "annotations-kind")
        for value, title in KINDS:
            self.kind.addItem(tr(title), value)
        self.tag = self._combo("All tags", "annotations-tag")
        self.colour = self._combo("All colours", "annotations-colour")
        self.count = plain_label()
        filters = QHBoxLayout()
        for combo in (self.kind, self.tag, self.colour):
            filters.addWidget(combo, 1)
            combo.activated.connect(lambda _i: self._apply_filter())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def _combo(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(tr(everything), ALL)
        return combo

    def _swatch(self, annotation: Annotation) -> QColor | None:
        colour = self._colours.get(annotation.color or "")
        return QColor(colour) if colour else None

    def show_article(self, article_id: int | None) -> None:
        if article_id != self.article_id:
            self.article_id = article_id
            self.reload()

    def reload(self) -> None:
        keep = self.current_annotation()
        try:
            items = self.archive.annotations.find(self.article_id) if self.article_id is not None else []
        except NotFound:
            items = []
        placed = sorted((a for a in items if not a.is_orphan), key=lambda a: (a.start, a.end))
        self._all = placed + [a for a in items if a.is_orphan]  # text order; orphans (no place) last
        self._colours = {p.name: p.color for p in self.archive.annotations.palette()}
        self._entities = {}
        for entity_id in {e for a in self._all for e in a.entity_ids}:
            try:
                self._entities[entity_id] = self.archive.annotations.entity(entity_id).name
            except NotFound:
                pass
        self._refill(self.tag, sorted({t for a in self._all for t in a.tags}, key=str.casefold))
        self._refill(self.colour, sorted({a.color for a in self._all if a.color}))
        self._apply_filter(keep)

    def _refill(self, combo: QComboBox, values: list[str]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(chosen)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def _apply_filter(self, keep: str | None = None) -> None:
        keep = keep or self.current_annotation()
        kind, tag, colour = self.kind.currentData(), self.tag.currentData(), self.colour.currentData()
        rows: list[Any] = [a for a in self._all
                           if (kind == ALL or kind in kinds_of(a)) and (tag == ALL or tag in a.tags)
                           and (colour == ALL or a.color == colour)]
        self.model.set_rows(rows)
        n, total = len(rows), len(self._all)
        if self.article_id is None:
            self.count.setText(tr("Open an article to list its highlights, claims and mentions."))
        else:
            self.count.setText(tr(Message.counted(
                n, "{n} annotation in text order · Enter shows the chosen one in the reader",
                "{n} annotations in text order · Enter shows the chosen one in the reader") if n == total else
                Message.counted(n, "{n} annotation of {total} in text order · Enter shows the chosen one in the reader",
                                "{n} annotations of {total} in text order · Enter shows the chosen one in the reader",
                                total=total)))
        row = self.model.row_of_key(keep) if keep else None
        select_row(self.table, row if row is not None else 0)

    def refresh(self, change: Change) -> None:
        if self.article_id is not None and (change.annotations or change.claims or change.entities
                                            or self.article_id in change.articles):
            self.reload()

    def current_annotation(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.key_at(index.row()) if index.isValid() else None

    def select_annotation(self, annotation_id: str | None) -> None:
        """Follow the reader's current annotation (when it is listed)."""
        row = self.model.row_of_key(annotation_id) if annotation_id else None
        if row is not None and not self.table.hasFocus():
            select_row(self.table, row)

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
