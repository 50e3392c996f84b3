"""Owns the library pane: live search (debounced, answered off the interface thread), filters, the article table."""

from __future__ import annotations

import re
import threading

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.annotations import VERDICTS
from ..core.models import Change
from ..platform.i18n import number, tr
from ..services.archive import Archive
from ..platform.resources import samples_dir
from ..services.copies import copy_marks
from .library_model import CLAIMS, HIGHLIGHTS, OUTLET, PAGE, PUBLISHED, SNIPPET_ROLE, TITLE, ArticleTableModel
from .prompt import plain_label
from .rows_model import SIZE_SAMPLE_ROWS
from .snippet_delegate import OPEN, SearchResultDelegate, snippet_runs
from .tasks import QueryWorker

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 500
FIRST_SNIPPETS = 20  # hits whose snippets come with the search; the others' when their rows are shown
ALL = "__all__"


def _quoted(value: str) -> str:
    return '"' + value.replace('"', " ").strip() + '"'


def build_query(text: str, outlet: str | None, tag: str | None, verdict: str | None) -> str:
    """The search query for the typed text plus the chosen filters (empty when there is neither)."""
    parts = [f"({text.strip()})"] if text.strip() else []
    if outlet:
        parts.append(f"outlet:{_quoted(outlet)}")
    if tag:
        parts.append(f"tag:{_quoted(tag)}")
    if verdict:
        parts.append(f"verdict:{verdict}")
    return " AND ".join(parts)


def hit_offset(text: str, snippet: str) -> int | None:
    """Where in the article text the snippet's first marked word is (code points), if it can be found."""
    fragments = [f for f in snippet.split("…") if OPEN in f]
    if not fragments:
        return None
    runs = snippet_runs(fragments[0])
    before, hit = "", ""
    for run, is_hit in runs:
        if is_hit:
            hit = run
            break
        before += run
    if not hit:
        return None
    words = before.split()[1:][-6:]  # the first word may be cut off by the fragment
    pattern = r"\s*".join(re.escape(w) for w in words)
    hit_pattern = r"\s+".join(re.escape(w) for w in hit.split())
    for regex in ((pattern + r"\s*" if words else "") + f"(?P<hit>{hit_pattern})", rf"\b(?P<hit>{hit_pattern})"):
        m = re.search(regex, text, flags=re.IGNORECASE)
        if m:
            return m.start("hit")
    return None


def _search_page(archive: Archive, query: str) -> tuple[list[tuple[int, str | None]], int, bool, dict]:
    """The rows the library shows for query (id and snippet; None for a snippet fetched when its row is
    shown), the number of matches, whether it is exact, and what the table shows beside the titles:
    annotation counts, copy marks and the first page of articles (runs on the search thread)."""
    page = archive.search_page(query, SEARCH_LIMIT, snippets=FIRST_SNIPPETS)
    ids = [h.id for h in page.hits]
    shown = {"counts": archive.annotations.counts_by_article(), "copies": copy_marks(archive, ids),
             "rows": archive.articles.list(ids[:PAGE])}
    rows = [(h.id, h.snippet if n < FIRST_SNIPPETS else None) for n, h in enumerate(page.hits)]
    return rows, page.total, page.total_is_exact, shown


def count_label(shown: int, total: int | None, exact: bool, searching: bool) -> str:
    """What the count line says: "12 articles", "3 matches", "500 of 7,751 matches", "1,000+ matches"."""
    if not searching:
        return (tr("{n} articles") if shown != 1 else tr("{n} article")).format(n=number(shown))
    if total is None or (exact and total <= shown):
        return (tr("{n} matches") if shown != 1 else tr("{n} match")).format(n=number(shown))
    if exact:
        return tr("{shown} of {total} matches").format(shown=number(shown), total=number(total))
    return tr("{n}+ matches (counting…)").format(n=number(max(total, shown)))


def _outlets(archive: Archive) -> list[str]:
    """The outlets of the current articles, for the filter (runs on the search thread)."""
    return sorted({a.outlet for a in archive.list_articles() if a.outlet}, key=str.casefold)


class LibraryPane(QWidget):
    open_requested = Signal(int, str)  # article id, search snippet ("" when not searching)
    import_samples_requested = Signal()
    status = Signal(str)

    def __init__(self, archive: Archive, queries: QueryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.queries = queries
        self._open_when_ready = False
        self._followed: int | None = None  # the article in the reader: its row is the current one
        self._total: tuple[int, bool] | None = None  # the search's number of matches, and whether exact
        self._counting: threading.Event | None = None  # set to cancel the exact count under way
        self._results: tuple[int, str] = (0, "")  # the shown results' number and query (for their snippets)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr('Search ( / ): words, "a phrase", outlet:, tag:, verdict:, '
                                          'published:2024-05'))
        self.outlet = self._combo(tr("All outlets"), "outlet-filter")
        self.tag = self._combo(tr("All tags"), "tag-filter")
        self.verdict = self._combo(tr("All verdicts"), "verdict-filter")
        self.count = plain_label()
        self.count.setEnabled(False)

        self.model = ArticleTableModel(archive, self)
        self.model.snippets_wanted.connect(self._fetch_snippets)
        self.table = QTableView()
        self.table.setObjectName("library-table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (HIGHLIGHTS, CLAIMS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        header.resizeSection(OUTLET, 120)
        header.resizeSection(PUBLISHED, self.fontMetrics().horizontalAdvance("2024-05-20") + 16)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._plain_delegate = self.table.itemDelegate()
        self._result_delegate = SearchResultDelegate(SNIPPET_ROLE, self.table)
        self._row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))

        self.empty = QWidget()
        self.empty.setObjectName("empty-archive")
        heading = plain_label("This archive is empty")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        explain = plain_label("Import your own article files with Ctrl+I (.txt, .html, .md, .pdf), or drop files "
                              "and folders on this window.")
        explain.setWordWrap(True)
        self.samples_button = QPushButton(tr("Import the five sample articles  (Enter)"))
        self.samples_button.setObjectName("import-samples")
        self.samples_button.setAutoDefault(True)
        self.samples_button.setDefault(True)
        self.samples_button.clicked.connect(self.import_samples_requested)
        self.samples_button.setVisible(samples_dir() is not None)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        explain.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(explain)  # the full width: a wrapped label given its one-line width is cut
        empty_layout.addWidget(self.samples_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        filters = QHBoxLayout()
        filters.addWidget(self.outlet, 1)
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.verdict, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.pages, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_query)
        self.search.textEdited.connect(lambda _t: (self._cancel_count(), self._timer.start()))
        self.search.returnPressed.connect(self._open_first)
        self.search.installEventFilter(self)
        for combo in (self.outlet, self.tag, self.verdict):
            combo.activated.connect(lambda _i: self.run_query())
        self.queries.answered.connect(self._on_answer)

    def _combo(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, ALL)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    # --- filling -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the filters and the table from the archive (after an import, or on opening).

        The outlet filter is filled by a query on the search thread: it reads every article's
        metadata, which takes a while on a large archive."""
        self.queries.fetch(_outlets, self._fill_outlets)
        self._fill(self.tag, [t for t, _ in self.archive.annotations.tags()])
        self._fill(self.verdict, list(VERDICTS))
        self.pages.setCurrentWidget(self.table if self.archive.articles.count() else self.empty)
        self.run_query()

    def _fill_outlets(self, outlets: list[str] | None, error: str) -> None:
        if error:
            self.status.emit(tr("the outlet filter could not be filled: {error}").format(error=error))
            return
        self._fill(self.outlet, outlets or [])

    def _fill(self, combo: QComboBox, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(tr(value) if combo is self.verdict else value, value)  # verdicts in the interface language
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def _filter(self, combo: QComboBox) -> str | None:
        value = combo.currentData()
        return None if value in (None, ALL) else value

    def query(self) -> str:
        return build_query(self.search.text(), self._filter(self.outlet), self._filter(self.tag),
                           self._filter(self.verdict))

    def run_query(self) -> None:
        self._timer.stop()
        self._cancel_count()
        self._total = None
        query = self.query()
        if not query:
            self.model.set_ids(self.archive.current_ids())
            self._show_snippets(False)
            self._show_count()
            self._maybe_open_first()
            return
        self.count.setText(tr("Searching…"))
        self.queries.ask(lambda archive, q=query: (q, *_search_page(archive, q)))

    def _on_answer(self, result, error: str) -> None:
        if error:
            self.count.setText(error)
            self._open_when_ready = False
            return
        query, rows, total, exact, shown = result
        self._results = (self._results[0] + 1, query)
        self.model.set_ids([i for i, _ in rows], {i: s for i, s in rows}, **shown)
        self._total = (total, exact)
        self._show_snippets(bool(self.search.text().strip()))
        self._show_count()
        self._maybe_open_first()
        if not exact:
            self._count_in_background(query)

    def _fetch_snippets(self, ids: list[int]) -> None:
        """Make the snippets of rows shown beyond the first page, on the search thread (skipped there
        when other results replaced these meanwhile)."""
        results, query = self._results

        def snippets(archive: Archive) -> dict[int, str]:
            return archive.search_snippets(query, ids) if self._results[0] == results else {}

        self.queries.fetch(snippets, lambda found, error: self._on_snippets(results, ids, found, error))

    def _on_snippets(self, results: int, ids: list[int], found, error: str) -> None:
        if results != self._results[0]:
            return  # other results are shown now
        if error:
            self.status.emit(tr("the search snippets could not be made: {error}").format(error=error))
        self.model.add_snippets({i: (found or {}).get(i, "") for i in ids})

    def _count_in_background(self, query: str) -> None:
        """Count every match of query on the search thread; the exact number replaces "N+ matches"
        when ready. A changed query cancels the count (it stops within a few thousand matches)."""
        cancel = self._counting = threading.Event()
        self.queries.fetch(lambda archive: archive.count_matches(query, cancelled=cancel.is_set),
                           lambda total, error: self._on_count(cancel, total, error))

    def _on_count(self, cancel: threading.Event, total, error: str) -> None:
        if cancel is not self._counting or cancel.is_set() or (total is None and not error):
            return  # the query changed since (the count was cancelled)
        self._counting = None
        if error:
            self.status.emit(tr("the matches could not be counted: {error}").format(error=error))
            return
        self._total = (total, True)
        self._show_count()

    def _cancel_count(self) -> None:
        if self._counting is not None:
            self._counting.set()
            self._counting = None

    def _show_snippets(self, on: bool) -> None:
        """Search results get two lines: the title, and the snippet with the hits in bold."""
        self.table.setItemDelegateForColumn(TITLE, self._result_delegate if on else self._plain_delegate)
        for column in (HIGHLIGHTS, CLAIMS):
            self.table.setColumnHidden(column, on)
        self.table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() * 2 + 10 if on else self._row_height)

    def _show_count(self) -> None:
        n = self.model.rowCount()
        total, exact = self._total if self._total is not None else (None, True)
        self.count.setText(count_label(n, total, exact, self.model.searching))
        if n and not self.table.selectionModel().hasSelection():
            # the current row is the reader's article when the list holds it (Enter in the search box
            # still opens the best hit, and Down from it starts there)
            if not self._select_followed():
                self._select_row(0)

    def follow(self, article_id: int | None) -> None:
        """Make the row of the article shown in the reader the current one (when the list holds it)."""
        self._followed = article_id
        if article_id is not None and not self._select_followed():
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()

    def _select_followed(self) -> bool:
        row = self.model.row_of(self._followed) if self._followed is not None else None
        if row is None:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def refresh(self, change: Change) -> None:
        self.model.refresh(change)
        if change.tags:
            self._fill(self.tag, [t for t, _ in self.archive.annotations.tags()])

    # --- opening -------------------------------------------------------------------------------
    def current_article(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def _open_row(self, row: int) -> None:
        article_id = self.model.article_id(row)
        if article_id is None:
            return
        if self.model.searching and not self.model.has_snippet(article_id):
            # its snippet (where the reader shows the hit) is made on the search thread first
            results, query = self._results
            self.queries.fetch(lambda archive: archive.search_snippets(query, [article_id]),
                               lambda found, _error: results == self._results[0] and self.open_requested.emit(
                                   article_id, (found or {}).get(article_id, "")))
            return
        snippet = self.model.data(self.model.index(row, TITLE), SNIPPET_ROLE) or ""
        self.open_requested.emit(article_id, snippet)

    def _open_first(self) -> None:
        if self._timer.isActive() or self.queries.pending:
            self._open_when_ready = True
            if self._timer.isActive():
                self.run_query()
            return
        self._open_row(0)  # the best hit

    def _maybe_open_first(self) -> None:
        if self._open_when_ready:
            self._open_when_ready = False
            if self.model.rowCount():
                self._open_row(0)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        self._open_row(index.row() if index.isValid() else 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.search and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.model.searching and self.model.rowCount():
                self._select_row(0)  # into the results at the best hit
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)
