"""Owns the inspector: the current annotation's colour, tags, note, claim fields and entity links, all editable by keyboard.

Every change becomes an Edit pushed through the window (so it is undoable). Every field saves the
same way (:mod:`.field_commit`): after a short typing pause, when left, and before the annotation
shown changes; typing into one field merges into one undo step per field and session.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.annotations import CLAIM_KINDS, VERDICTS, Annotation, Claim
from ..core.errors import NotFound
from ..services.archive import Archive
from ..platform.i18n import tr
from .field_commit import FieldCommits
from .prompt import plain_label

STATUS_TEXT = {
    "exact": "",
    "moved": "Re-anchored: the passage moved in a newer version of the article.",
    "fuzzy": "Re-anchored approximately: the wording changed a little in a newer version.",
    "needs_review": "Needs review: the passage changed in a newer version; check the highlight still fits.",
    "orphan": "Orphaned: the passage is no longer in the article; the quote is kept below.",
}


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class Inspector(QScrollArea):
    mark_claim_requested = Signal()

    def __init__(self, archive: Archive, push: Callable, push_steps: Callable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self.archive = archive
        self._push = push
        self._push_steps = push_steps
        self.annotation: Annotation | None = None
        self.claim: Claim | None = None
        self.fields = FieldCommits(self)

        body = QWidget()
        layout = QVBoxLayout(body)
        self.empty = plain_label("No highlight at the caret.\n\nSelect a passage (s sentence, p paragraph, "
                                 "Shift+arrows) and press h to highlight, 1–9 for a colour, c to mark a claim "
                                 "or e to link an entity.")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.heading = plain_label()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.quote = plain_label()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.colour = QComboBox()
        self.colour.setObjectName("inspector-colour")
        self.fields.watch(self.colour, self._colour_chosen)
        self.tags = QLineEdit()
        self.tags.setObjectName("inspector-tags")
        self.tags.setPlaceholderText(tr("tags, separated by commas"))
        self.fields.watch(self.tags, self._commit_tags)
        self.note = QPlainTextEdit()
        self.note.setObjectName("inspector-note")
        self.note.setPlaceholderText(tr("Note (plain text)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.fields.watch(self.note, self._commit_note)

        form = QFormLayout()
        form.addRow(plain_label("Colour"), self.colour)
        form.addRow(plain_label("Tags"), self.tags)
        form.addRow(plain_label("Note"), self.note)

        self.claim_box = QGroupBox(tr("Claim"))
        claim_form = QFormLayout(self.claim_box)
        self.statement = QLineEdit()
        self.statement.setObjectName("inspector-statement")
        self.fields.watch(self.statement, self._commit_statement)
        self.attribution = QLineEdit()
        self.attribution.setObjectName("inspector-attribution")
        self.attribution.setPlaceholderText(tr("who says it (an entity or free text)"))
        self.fields.watch(self.attribution, self._commit_attribution)
        self.attribution.installEventFilter(self)
        self.kind = QComboBox()
        self.kind.setObjectName("inspector-kind")
        for kind in CLAIM_KINDS:  # shown in the interface language, stored as the English value
            self.kind.addItem(tr(kind), kind)
        self.fields.watch(self.kind, lambda: self._set_claim(kind=self.kind.currentData()))
        self.verdict = QComboBox()
        self.verdict.setObjectName("inspector-verdict")
        for verdict in VERDICTS:
            self.verdict.addItem(tr(verdict), verdict)
        self.fields.watch(self.verdict, lambda: self._set_claim(verdict=self.verdict.currentData()))
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("inspector-explanation")
        self.explanation.setPlaceholderText(tr("Why this verdict (sources, reasoning)"))
        self.explanation.setTabChangesFocus(True)
        self.explanation.setFixedHeight(70)
        self.fields.watch(self.explanation, self._commit_explanation)
        self.figures = plain_label()
        self.figures.setWordWrap(True)
        self.clusters = plain_label()
        self.clusters.setWordWrap(True)
        claim_form.addRow(plain_label("Wording"), self.statement)
        claim_form.addRow(plain_label("Attribution"), self.attribution)
        claim_form.addRow(plain_label("Kind"), self.kind)
        claim_form.addRow(plain_label("Verdict"), self.verdict)
        claim_form.addRow(plain_label("Explanation"), self.explanation)
        claim_form.addRow(plain_label("Figures"), self.figures)
        claim_form.addRow(plain_label("Clusters"), self.clusters)
        self.mark_button = QPushButton(tr("Mark as claim  (c)"))
        self.mark_button.setObjectName("inspector-mark-claim")
        self.mark_button.clicked.connect(self.mark_claim_requested)

        self.entities = QListWidget()
        self.entities.setObjectName("inspector-entities")
        self.entities.setMaximumHeight(90)
        self.entities.installEventFilter(self)
        self.entities_label = plain_label("Entities (Del unlinks; e in the reader links)")
        self.entities_label.setEnabled(False)

        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.status, self.quote):
            details.addWidget(widget)
        details.addLayout(form)
        details.addWidget(self.mark_button)
        details.addWidget(self.claim_box)
        details.addWidget(self.entities_label)
        details.addWidget(self.entities)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_annotation(None)

    # --- showing -------------------------------------------------------------------------------
    def show_annotation(self, annotation_id: str | None) -> None:
        self.flush()
        same = self.annotation is not None and annotation_id == self.annotation.id
        try:
            self.annotation = self.archive.annotations.annotation(annotation_id) if annotation_id else None
        except NotFound:
            self.annotation = None
        ann = self.annotation
        self.empty.setVisible(ann is None)
        self.details.setVisible(ann is not None)
        if ann is None:
            self.claim = None
            return
        self.claim = self.archive.annotations.claim(ann.claim_id) if ann.claim_id else None
        self.heading.setText(tr("Claim") if self.claim else tr("Highlight"))
        status = STATUS_TEXT.get(ann.anchor_status, "")
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.quote.setText(f"“{ann.exact}”" if len(ann.exact) <= 400 else f"“{ann.exact[:399]}…”")
        self._fill_colours(ann.color)
        self._set_text(self.tags, ", ".join(ann.tags), same)
        self._set_text(self.note, ann.note, same)
        self.mark_button.setVisible(self.claim is None)
        self.claim_box.setVisible(self.claim is not None)
        if self.claim is not None:
            c = self.claim
            self._set_text(self.statement, c.statement, same)
            self._set_text(self.attribution, c.attribution, same)
            self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
            self.verdict.setCurrentIndex(max(0, self.verdict.findData(c.verdict)))
            self._set_text(self.explanation, c.explanation, same)
            figures = [q.get("text") or str(q.get("value")) for q in c.quantities]
            dates = [d.get("text", "") for d in c.dates]
            self.figures.setText(", ".join(figures + dates) or tr("none found"))
            labels = []
            for cluster_id in c.cluster_ids:
                try:
                    labels.append(self.archive.annotations.cluster(cluster_id).label)
                except NotFound:
                    continue
            self.clusters.setText(", ".join(labels) or tr("none (g adds the claim to a cluster)"))
        self.entities.clear()
        for entity_id in ann.entity_ids:
            try:
                entity = self.archive.annotations.entity(entity_id)
            except NotFound:
                continue
            item = QListWidgetItem(f"{entity.name} · {tr(entity.type)}")
            item.setData(Qt.ItemDataRole.UserRole, entity.id)
            self.entities.addItem(item)
        self.entities.setVisible(self.entities.count() > 0)
        self.entities_label.setVisible(self.entities.count() > 0)

    def _set_text(self, widget, value: str, same: bool) -> None:
        if same and widget.hasFocus():
            return  # the user is typing here: keep their cursor
        current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        if current != value:
            widget.blockSignals(True)
            widget.setPlainText(value) if isinstance(widget, QPlainTextEdit) else widget.setText(value)
            widget.blockSignals(False)

    def _fill_colours(self, current: str | None) -> None:
        self.colour.blockSignals(True)
        self.colour.clear()
        self.colour.addItem(tr("No colour"), None)
        for entry in self.archive.annotations.palette():
            self.colour.addItem(swatch(entry.color), f"{entry.position}  {entry.name}", entry.name)
        index = self.colour.findData(current) if current else 0
        self.colour.setCurrentIndex(max(0, index))
        self.colour.blockSignals(False)

    def focus_note(self) -> None:
        if self.annotation is not None:
            self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.note.moveCursor(self.note.textCursor().MoveOperation.End)

    def focus_first(self) -> None:
        if self.annotation is not None:
            self.colour.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- committing ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Save every field typed into and not saved yet (before the annotation shown changes, before
        a task refreshes the panes, before undo, on close)."""
        self.fields.flush()

    def _colour_chosen(self) -> None:
        if self.annotation is not None:
            self._push(self.archive.editor.set_color(self.annotation.id, self.colour.currentData()))

    def _commit_tags(self) -> None:
        ann = self.annotation
        if ann is None:
            return
        wanted = list(dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip()))
        added = [t for t in wanted if t not in ann.tags]
        removed = [t for t in ann.tags if t not in wanted]
        if not added and not removed:
            return
        aid = ann.id
        steps = [(lambda ed, t=t: ed.remove_tag(aid, t)) for t in removed]
        steps += [(lambda ed, t=t: ed.add_tag(aid, t)) for t in added]
        self._push_steps("Edit tags", steps, kind="annotation.tags", merge=True)

    def _commit_note(self) -> None:
        ann = self.annotation
        if ann is not None and self.note.toPlainText() != ann.note:
            self._push(self.archive.editor.set_note(ann.id, self.note.toPlainText()), merge=True)

    def _set_claim(self, **fields) -> None:
        claim = self.claim
        if claim is None:
            return
        if all(getattr(claim, k) == v for k, v in fields.items()):
            return
        self._push(self.archive.editor.set_claim(claim.id, **fields), merge=True)

    def _commit_statement(self) -> None:
        text = self.statement.text().strip()
        if self.claim is not None and text and text != self.claim.statement:
            self._set_claim(statement=text)

    def _commit_explanation(self) -> None:
        if self.claim is not None:
            self._set_claim(explanation=self.explanation.toPlainText())

    def _commit_attribution(self) -> None:
        claim = self.claim
        if claim is None:
            return
        text = " ".join(self.attribution.text().split())
        if text == claim.attribution:
            return
        entity_id = self.archive.editor.find_entity(text) if text else None
        self._push(self.archive.editor.set_claim(
            claim.id, attribution_entity_id=entity_id, attribution_text="" if entity_id else text), merge=True)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if not hasattr(self, "entities"):
            return False  # still being built
        if event.type() == QEvent.Type.FocusIn and watched is self.attribution:
            names = [n for e in self.archive.annotations.entities() for n in e.names()]
            completer = QCompleter(names, self.attribution)  # built when needed: entity lists can be long
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.attribution.setCompleter(completer)
        if watched is self.entities and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            item = self.entities.currentItem()
            if item is not None and self.annotation is not None:
                self._push(self.archive.editor.unlink_mention(self.annotation.id, item.data(Qt.ItemDataRole.UserRole)))
            return True
        return super().eventFilter(watched, event)
