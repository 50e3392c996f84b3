"""Owns the reader pane: the open article (header, text, highlights), its current annotation, and the raw view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.annotations import Annotation, PaletteEntry
from ..core.errors import NotFound
from ..core.messages import Message
from ..core.models import Article, Change
from ..services.archive import Archive
from ..platform.i18n import current_language, moment, tr, tr_marked
from .find_bar import FindBar
from .highlights import Mark, marks_for
from .metadata_header import MetadataHeader
from .prompt import plain_label
from .reader import ReaderView

INCREMENTAL_LIMIT = 50  # a change naming more annotations redraws all marks


class ReaderPane(QWidget):
    annotation_changed = Signal(object)  # the current annotation id, or None
    article_changed = Signal(object)  # the open article id, or None

    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.article: Article | None = None
        self.raw_mode = False
        self.current: str | None = None
        self._annotations: dict[str, Annotation] = {}  # the open article's, by id
        self._colours: dict[str, str] = {}  # palette name -> colour, as of the last full reload
        self.header = MetadataHeader()
        self.view = ReaderView()
        self.banner = plain_label()
        self.banner.setObjectName("reader-banner")
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(12, 4, 12, 4)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        self.find = FindBar(self.view)  # Ctrl+F: find in this article
        layout.addWidget(self.find)
        self.view.textChanged.connect(self.find.text_changed)  # another article, or its original text
        self.view.caret_moved.connect(self._on_caret)
        self.show_placeholder()

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    def text(self) -> str:
        return "" if self.article is None or self.raw_mode else self.article.text

    def show_placeholder(self) -> None:
        self.article = None
        self.header.show_article(None)
        self.header.hide()
        self.view.show_text("")
        self.view.setPlaceholderText(tr("Open an article: Enter in the library, or / to search."))
        self._set_current(None)
        self.article_changed.emit(None)

    # --- opening -------------------------------------------------------------------------------
    def open_article(self, article_id: int) -> None:
        article = self.archive.get_article(article_id)
        self.article = article
        self.raw_mode = False
        self.header.show()
        self._show_header()
        self.view.show_text(article.text)
        self.banner.hide()
        self._annotations = {}
        self.current = None
        self.reload_marks()
        self.article_changed.emit(article.id)

    def _show_header(self) -> None:
        article = self.article
        if article is None:
            return
        notes = []
        if article.title_derived:
            notes.append(tr("Title made from the first line of text; type a better one above."))
        if article.captured:  # the capture time as stored in English, written the language's way otherwise
            when = article.captured if current_language() == "en" else moment(article.captured)
            notes.append(tr(Message("Captured by a web archive on {when}.", when=when)))
        orphans = sum(1 for a in self._annotations.values() if a.is_orphan)
        if orphans:
            notes.append(tr(Message.counted(orphans, "{n} highlight could not be placed in this version (see the "
                                            "Review pane).", "{n} highlights could not be placed in this version "
                                            "(see the Review pane).")))
        if self.archive.latest_version(article.id) != article.id:
            notes.append(tr("A newer version of this article was imported."))
        self.header.show_article(article, " ".join(notes))

    @property
    def _marks(self) -> list[Mark]:
        return self.view.marks

    def reload_marks(self) -> None:
        """Read all the open article's annotations again and redraw every mark."""
        if self.article is None:
            return
        annotations = self.archive.annotations.find(self.article.id)
        self._annotations = {a.id: a for a in annotations}
        self._colours = {p.name: p.color for p in self.archive.annotations.palette()}
        verdicts = {c.id: c.verdict for c in self.archive.annotations.claims(article_id=self.article.id)}
        marks = self._marks_of(annotations, verdicts)
        if self.current and self.current not in self._annotations:
            self.current = None
        self.view.set_marks(marks, self.current)
        self._show_header()
        self.annotation_changed.emit(self.current)

    def _marks_of(self, annotations: list[Annotation], verdicts: dict[str, str]) -> list[Mark]:
        palette = [PaletteEntry(name, colour, 0, "") for name, colour in self._colours.items()]
        marks = marks_for(annotations, palette, verdicts)
        if not self.raw_mode:
            return marks
        offset_map = self.archive.articles.offset_map(self.article.id)  # the raw original: map the spans
        out = []
        for m in marks:
            start, end = offset_map.raw_range(m.start, m.end)
            if end > start:
                out.append(Mark(m.id, start, end, m.color, m.verdict, m.mention))
        return out

    def _update_annotations(self, ids: set[str]) -> None:
        """Redraw only the marks of annotations ``ids`` (created, changed or deleted)."""
        changed: list[Annotation] = []
        for annotation_id in ids:
            try:
                annotation = self.archive.annotations.annotation(annotation_id)
            except NotFound:
                annotation = None
            if annotation is None or annotation.article_id != self.article.id:
                self._annotations.pop(annotation_id, None)
                continue
            self._annotations[annotation_id] = annotation
            changed.append(annotation)
        verdicts = {}
        for annotation in changed:
            if annotation.claim_id:
                try:
                    verdicts[annotation.claim_id] = self.archive.annotations.claim(annotation.claim_id).verdict
                except NotFound:
                    pass
        if any(a.color and a.color not in self._colours for a in changed):
            self._colours = {p.name: p.color for p in self.archive.annotations.palette()}
        if self.current and self.current not in self._annotations:
            self.current = None
        self.view.replace_marks(set(ids), self._marks_of(changed, verdicts), self.current)
        self._show_header()
        self.annotation_changed.emit(self.current)

    def toggle_raw(self) -> None:
        if self.article is None:
            return
        caret = self.view.caret()
        self.raw_mode = not self.raw_mode
        if self.raw_mode:
            raw = self.archive.raw_text(self.article.id)
            self.view.show_text(tr_marked(raw))  # the "binary original (…)" line in the interface language
            self.banner.setText(tr("Original text as imported (read-only). Press O to return to the clean text "
                                   "and annotate."))
            self.banner.show()
            offset_map = self.archive.articles.offset_map(self.article.id)
            self.reload_marks()
            self.view.place_caret(offset_map.to_raw(caret), center=True)
        else:
            self.view.show_text(self.article.text)
            self.banner.hide()
            self.reload_marks()

    # --- the current annotation ----------------------------------------------------------------
    def annotation_at(self, offset: int) -> str | None:
        """The annotation under a caret offset: the current one if it still covers it, else the innermost."""
        if self.raw_mode:
            return None
        covering = [m for m in self._marks if m.start <= offset < m.end]
        if not covering:
            covering = [m for m in self._marks if m.end == offset]
        if not covering:
            return None
        if any(m.id == self.current for m in covering):
            return self.current
        return min(covering, key=lambda m: m.end - m.start).id

    def _on_caret(self, offset: int) -> None:
        if self.view.textCursor().hasSelection():
            return
        self._set_current(self.annotation_at(offset))

    def _set_current(self, annotation_id: str | None) -> None:
        if annotation_id != self.current:
            self.current = annotation_id
            self.view.set_current(annotation_id)
            self.annotation_changed.emit(annotation_id)

    def set_current(self, annotation_id: str | None, *, reveal: bool = False) -> None:
        """Make an annotation current: the selection collapses to its end (or stays put if None)."""
        ann = self._annotations.get(annotation_id) if annotation_id else None
        if ann is None and annotation_id is not None:
            self.reload_marks()
            ann = self._annotations.get(annotation_id)
        if ann is not None and not ann.is_orphan and not self.raw_mode:
            self.current = annotation_id  # before moving the caret, so it stays current
            if reveal:
                self.view.reveal(ann.start, ann.end)
            else:
                self.view.place_caret(ann.end)
        elif ann is None and self.view.textCursor().hasSelection():
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
        self.current = None if ann is None else annotation_id
        self.view.set_current(self.current)
        self.annotation_changed.emit(self.current)

    def annotation(self, annotation_id: str) -> Annotation | None:
        try:
            return self.archive.annotations.annotation(annotation_id)
        except NotFound:
            return None

    # --- refreshing ----------------------------------------------------------------------------
    def refresh(self, change: Change) -> None:
        """Follow a change: only the marks of the annotations it names are redrawn, unless it touched
        many, or other articles (a new version may have taken the annotations away)."""
        if self.article is None:
            return
        if self.article.id in change.articles:
            try:
                self.article = self.archive.get_article(self.article.id)
            except NotFound:
                self.show_placeholder()
                return
            self._show_header()
        others = change.articles - {self.article.id}
        if others or len(change.annotations) > INCREMENTAL_LIMIT:
            self.reload_marks()
        elif change.annotations:
            self._update_annotations(change.annotations)

    def focus_text(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
