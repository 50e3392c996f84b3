"""Owns the main window: the reader in the middle, the library, inspector and panes in docks, status and tasks.

The window wires the parts together and refreshes them from the ``Change`` each edit returns;
commands (menus, keys, palette) come from the registry through :mod:`.actions` and
:mod:`.window_context`. Typing not saved yet is saved (:meth:`MainWindow.flush_fields`) before a
task's result refreshes the panes, before undo, and on close; a finished task never changes the
article being read (it offers a key instead); closing stops a running task after its current item
and an import cut short that way is offered for resuming at the next start.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from ..bundles.layout import SUFFIX
from ..commands import archive_actions
from ..commands.keys import build_keymap
from ..commands.registry import REGISTRY
from ..core.errors import NigerArchiveError, NotFound
from ..core.messages import Message
from ..core.models import Change, ImportOutcome
from ..platform.i18n import tr
from ..services.archive import Archive
from ..services.settings import Settings, settings_path
from . import collector, plain
from .actions import CommandActions
from .annotations_pane import AnnotationsPane
from .claims_pane import ClaimsPane
from .compare_pane import ComparePane
from .entities_pane import EntitiesPane
from .help_dialog import HelpDialog
from .icons import app_icon
from .index_tidying import IdleIndexTidier
from .inspector import Inspector
from .library import LibraryPane, hit_offset
from .prompt import PromptBar
from .reader_pane import ReaderPane
from .review_pane import ReviewPane
from .task_progress import TaskProgress
from .tasks import QueryWorker, TaskRunner
from .undo import UndoAdapter
from .versions_pane import VersionsPane
from .wheel import guard_value_boxes
from .window_context import CommandHost

log = logging.getLogger(__name__)

MESSAGE_MS = 10_000
# after the first paint, the search thread waits this long before opening its archive and index (or until
# the first search): that work holds the interpreter for a good part of a second on a large archive,
# and the first clicks and keys after the window appears should not wait for it
WARM_UP_DELAY_MS = 1000
PANES = ("claims", "entities", "compare", "review", "annotations")
DOCKED_PANES = ("claims", "entities", "review", "annotations")  # under the reader; Compare is a tab beside the reader
SCREEN_SHARE = 0.85  # a first window covers this much of the screen's available width and height
BOTTOM_SHARE = 0.28  # and the panes under the reader take this much of its height
READER_TAB, COMPARE_TAB = 0, 1


def _opening_notes(archive: Archive) -> list[str]:
    """On the search thread, once the window is up: what opening the archive repaired, after
    readying the search (its first search would otherwise load NumPy and the index's lengths while
    the user types it)."""
    try:
        archive.warm_search()
    except NigerArchiveError as exc:  # the first search says what is wrong with the index
        log.info("search not warmed up: %s", exc)
    return list(archive.open_notes)


def window_settings() -> QSettings:
    """Window geometry and dock layout, kept next to the settings file (never in a global registry)."""
    return QSettings(str(settings_path().with_name("window.ini")), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, archive: Archive, settings: Settings,
                 open_window: Callable[[str], Any] | None = None, *, remember: bool = True) -> None:
        super().__init__()
        self.remember = remember  # False: neither restore nor save layout and settings (screenshots)
        self.archive = archive
        self.settings = settings
        self._open_window = open_window
        self._dirty: set[str] = set()
        self._help: HelpDialog | None = None
        self._about = None  # the About dialog while it is open
        self.import_report = None  # the last import report shown (see show_import_report)
        self.instance_server = None  # set when the window listens for later launches (see .instance)
        self._closed = False
        self._painted = False  # see _after_first_paint
        self._shown: set[str] = set()  # docks on screen (see _dock_visibility)
        self._default_docks = False  # the layout is the default one (see default_layout)
        self._docks_aside: tuple[list[str], list[str]] | None = None  # docks hidden while Compare is shown
        self._imports: dict[int, list[str]] = {}  # running imports (by task) remembered for resuming
        self._import_saved = 0.0  # when the running import's progress was last remembered
        self.setObjectName("main-window")
        self.setWindowTitle(f"Niger Archive — {archive.root}")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        root = archive.root
        self.tasks = TaskRunner(root, self)
        self.search_queries = QueryWorker(root, self)
        self.entity_queries = QueryWorker(root, self)
        self.compare_queries = QueryWorker(root, self)
        self.undo = UndoAdapter(archive, self, flush=self.flush_fields)

        self.reader = ReaderPane(archive)
        self.prompt = PromptBar()
        self.compare = ComparePane(archive, self.compare_queries)
        # Compare gets the reader's whole room: a tab beside the reader (c switches to it, Esc back)
        self.central_tabs = QTabWidget()
        self.central_tabs.setObjectName("central-tabs")
        self.central_tabs.setDocumentMode(True)
        self.central_tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys switch tabs; the focus
        self.central_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # stays with the text and the lists
        self.central_tabs.addTab(self.reader, tr("Reader"))
        self.central_tabs.addTab(self.compare, tr("Compare"))
        self.compare.setMinimumSize(1, 1)  # its least room would otherwise become the reader's and the window's
        self.central_tabs.currentChanged.connect(self._central_tab_changed)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.central_tabs, 1)
        central_layout.addWidget(self.prompt)
        self.setCentralWidget(central)

        self.library = LibraryPane(archive, self.search_queries)
        self.inspector = Inspector(archive, self.push_edit, self.push_steps)
        self.claims = ClaimsPane(archive)
        self.entities = EntitiesPane(archive, self.entity_queries)
        self.review = ReviewPane(archive)
        self.annotations = AnnotationsPane(archive)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("library", "Library", self.library, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        for name, title, widget in (("claims", "Claims", self.claims), ("entities", "Entities", self.entities),
                                    ("review", "Review", self.review), ("annotations", "Annotations", self.annotations)):
            widget.setMinimumHeight(80)  # a pane's least height (Review's two lists) never squeezes the reader
            self._dock(name, title, widget, Qt.DockWidgetArea.BottomDockWidgetArea)
        for name in DOCKED_PANES[1:]:
            self.tabifyDockWidget(self.docks["claims"], self.docks[name])
        self.docks["claims"].raise_()
        # the diff with the article's earlier versions, beside the reader (shown by View ▸ Compare with
        # earlier versions); it follows the reader's article while on screen
        self.versions = VersionsPane(archive)
        self._dock("versions", "Versions", self.versions, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.docks["versions"], self.docks["inspector"], Qt.Orientation.Horizontal)
        self.docks["versions"].hide()

        self.progress = TaskProgress(self.tasks)
        self.statusBar().addPermanentWidget(self.progress, 1)

        self.error_count = 0  # errors shown in the status bar so far; a command that adds none clears the last
        self.showing_error = False
        self.keymap = build_keymap(REGISTRY, settings.keys)
        self.commands = CommandHost(self)
        self.command_actions = CommandActions(self, REGISTRY, self.keymap, {
            "reader": [self.reader.view],
            "library": [self.library.table],
            "claims": [self.claims.table],
            "entities": [self.entities.table, self.entities.suggestion_table],
            "compare": [self.compare.table, self.compare.suggestion_table],
            "review": [self.review.table, self.review.conflicts],
            "annotations": [self.annotations.table],
        }, self.commands.run)
        self.menus = self.command_actions.build_menus(self.menuBar(), {"File": self._recent_menu})
        self.command_actions.build_toolbar(self)
        self._view_menu_docks()
        guard_value_boxes(self)  # the wheel never changes a verdict, colour or filter the pointer passes over

        self.undo.changed.connect(self.refresh)
        self.undo.failed.connect(lambda text: self.show_message(text, error=True))
        self.undo.history_changed.connect(self._update_history)
        self.tasks.finished.connect(self._task_finished)
        self.tasks.progress.connect(self._import_progress)
        self.index_tidier = IdleIndexTidier(self)  # merges the index's segments when the app is idle
        self.library.open_requested.connect(self._open_from_library)
        self.library.status.connect(lambda text: self.show_message(text, error=True))
        self.library.import_samples_requested.connect(lambda: self.commands.run("file.import_samples"))
        self.reader.annotation_changed.connect(self.inspector.show_annotation)
        self.reader.article_changed.connect(self.library.follow)
        self.reader.article_changed.connect(self._annotations_follow)
        self.reader.article_changed.connect(self._versions_follow)
        self.reader.annotation_changed.connect(self.annotations.select_annotation)
        self.reader.header.corrected.connect(self._correct_metadata)
        self.inspector.mark_claim_requested.connect(lambda: self.commands.run("claim.mark"))

        self._restore_layout()
        self._update_history()
        self.library.reload()
        for name in PANES:
            self._dirty.add(name)  # the visible ones load after the first paint (see _after_first_paint)
        problems = [*settings.problems, *self.keymap.problems, *(c.describe() for c in self.keymap.conflicts)]
        if problems:
            self.show_message("; ".join(problems), error=True)
        self._restore_article()
        if not self.archive.articles.count():
            self.library.samples_button.setFocus()
        interrupted = self._interrupted_import()
        if getattr(self.archive, "crashed_last_time", False):
            # the last session ended without closing the archive: offer a check (one key: Enter)
            QTimer.singleShot(0, lambda: self.commands.run("file.after_crash"))
            if interrupted:
                self.show_message(Message("Import stopped after {done} of {total} files: "
                                          "File ▸ Resume interrupted import imports the rest",
                                          done=interrupted["done"], total=interrupted["total"]))
        elif interrupted:
            # the last session closed during an import: offer to import the rest (one key: Enter)
            QTimer.singleShot(0, lambda: self.commands.run(
                "file.resume_import", interrupted["paths"], interrupted["done"], interrupted["total"]))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # a zero timer fires once this paint (the window first, then every child) is done
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What can wait until the window is on screen: filling the visible panes now, and shortly
        after, the search thread (see WARM_UP_DELAY_MS)."""
        if self._closed:
            return
        if self._default_docks:
            self._size_docks()
        self._reload_visible_panes()
        collector.settle()  # before the search thread opens its archive (again once it has: _opened_notes)
        self.search_queries.fetch(_opening_notes, self._opened_notes)
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        """Start the search thread (a search may have started it already): it opens its own archive,
        which brings the search index up to date after a crash (opening the window skipped that), then
        fills the library's outlet filter and reports what opening repaired."""
        if not self._closed:
            self.search_queries.start()

    def _opened_notes(self, notes: list[str] | None, error: str) -> None:
        """What opening the archive on the search thread repaired (or could not), in the status bar.
        The window is up and its search ready by now: what lives as long as it is set aside from the
        garbage collector's full collections (``collector``)."""
        if not self._closed:
            collector.settle()
        if error or notes:
            self.show_message(error or "; ".join(notes or []), error=bool(error))

    # --- layout --------------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(tr(title), self)
        dock.setObjectName(f"{name}-dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.visibilityChanged.connect(lambda visible, n=name: self._dock_visibility(n, visible))
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _dock_visibility(self, name: str, visible: bool) -> None:
        """Track which docks are on screen. Qt keeps the docks behind another tab "visible" (moved off
        screen), so isVisible() cannot tell; this signal follows tabs too. A pane that comes on
        screen loads if it is out of date; those shown with the window load once it has painted."""
        if visible:
            self._shown.add(name)
            if self._painted:
                self._reload_if_dirty(name)
        else:
            self._shown.discard(name)

    def _view_menu_docks(self) -> None:
        menu = self.menus.get("View")
        if menu is None:
            return
        menu.addSeparator()
        panes = menu.addMenu(tr("Show or hide panes"))
        for dock in self.docks.values():
            panes.addAction(dock.toggleViewAction())

    def _recent_menu(self, menu: QMenu) -> None:
        recent = menu.addMenu(tr("Recent archives"))
        recent.setObjectName("menu:recent")
        for path in self.settings.recent_archives:
            if Path(path) == Path(self.archive.root):
                continue
            action = recent.addAction(path.replace("&", "&&"))  # a folder name is shown as written
            action.setToolTip(plain.tooltip(path))
            action.triggered.connect(lambda _c=False, p=path: self.switch_archive(p))
        recent.setEnabled(bool(recent.actions()))

    def _restore_layout(self) -> None:
        if not self.remember:
            self.default_layout(1440, 900)
            return
        stored = window_settings()
        geometry = stored.value("geometry")
        state = stored.value("state")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.default_layout()
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def default_layout(self, width: int | None = None, height: int | None = None) -> None:
        """The first window: SCREEN_SHARE of the screen's available room (or the size given), centred;
        the library and inspector beside the reader, the panes under it low enough to leave the reader
        most of the height."""
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if width is None or height is None:
            if available is not None and available.width() > 0:
                width, height = int(available.width() * SCREEN_SHARE), int(available.height() * SCREEN_SHARE)
            else:
                width, height = 1440, 900
        self.resize(width, height)
        if available is not None and width <= available.width() and height <= available.height():
            self.move(available.x() + (available.width() - width) // 2,
                      available.y() + (available.height() - height) // 2)
        self._size_docks()
        self._default_docks = True  # sized again once shown: before that Qt has not laid the docks out

    def _size_docks(self) -> None:
        width, height = self.width(), self.height()
        self.resizeDocks([self.docks["library"], self.docks["inspector"]],
                         [int(width * 0.34), int(width * 0.20)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["claims"]], [int(height * BOTTOM_SHARE)], Qt.Orientation.Vertical)

    def _central_tab_changed(self, index: int) -> None:
        """Compare takes the whole window: the docks step aside while it is the current tab and come back
        (the same ones, the same tabs in front) with the reader. It counts as a shown pane meanwhile."""
        comparing = index == COMPARE_TAB
        if comparing and self._docks_aside is None:
            open_docks = [n for n, d in self.docks.items() if d.isVisible()]
            self._docks_aside = (open_docks, [n for n in self._shown if n in self.docks])
            for name in open_docks:
                self.docks[name].hide()
        elif not comparing and self._docks_aside is not None:
            open_docks, in_front = self._docks_aside
            self._docks_aside = None
            for name in open_docks:
                self.docks[name].show()
            for name in in_front:
                self.docks[name].raise_()
        self._dock_visibility("compare", comparing)

    def _annotations_follow(self, article_id: int | None) -> None:
        """The annotations list shows the reader's article (loaded now when on screen, else when shown)."""
        self.annotations.article_id = article_id
        if "annotations" in self._shown:
            self.annotations.reload()
        else:
            self._dirty.add("annotations")

    def _versions_follow(self, article_id: int | None) -> None:
        """The version diff shows the reader's article (loaded now when on screen, else when shown)."""
        self.versions.article_id = article_id
        if "versions" in self._shown:
            self.versions.reload()
        else:
            self._dirty.add("versions")

    def show_versions(self) -> None:
        """Show the version diff beside the reader, up to date, with the keyboard focus in it."""
        self.show_reader_tab()
        self.versions.article_id = self.reader.article_id
        self._dirty.discard("versions")
        self.versions.reload()
        self.docks["versions"].show()
        self.docks["versions"].raise_()
        self.versions.focus_view()

    def show_reader_tab(self) -> None:
        self.central_tabs.setCurrentIndex(READER_TAB)

    def _article_key(self) -> str:
        return "last_article/" + str(Path(self.archive.root).resolve()).replace("/", "|").replace("\\", "|")

    def _restore_article(self) -> None:
        if not self.remember:
            return
        value = window_settings().value(self._article_key())
        try:
            article_id = int(value) if value is not None else None
        except (TypeError, ValueError):
            article_id = None
        if article_id is not None and self.archive.articles.exists(article_id):
            self.open_article(article_id)

    # --- status --------------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` in the status bar, in the interface language (a message made by a command or a
        service is translated from its template; a plain string when the catalogue has it)."""
        self.statusBar().setStyleSheet("QStatusBar { color: #c62828; }" if error else "")
        self.statusBar().showMessage(tr(text), MESSAGE_MS * (2 if error else 1))
        self.error_count += int(error)
        self.showing_error = error

    def clear_error(self) -> None:
        """Take a shown error away (the next action succeeded, so it no longer describes the window)."""
        if self.showing_error:
            self.showing_error = False
            self.statusBar().setStyleSheet("")
            self.statusBar().clearMessage()

    def _update_history(self) -> None:
        self.command_actions.update_history(self.undo.undo_text(), self.undo.redo_text())

    # --- edits ---------------------------------------------------------------------------------
    def push_edit(self, edit, merge: bool = False) -> None:
        try:
            self.undo.push(edit, merge=merge)
        except NigerArchiveError as exc:
            self.show_message(exc.message, error=True)

    def push_steps(self, label: str, steps, **options) -> None:
        try:
            self.undo.push_steps(label, steps, **options)
        except NigerArchiveError as exc:
            self.show_message(exc.message, error=True)

    def _correct_metadata(self, article_id: int, field: str, value: str) -> None:
        try:
            edit = self.archive.editor.correct_metadata(article_id, field, value)
        except NigerArchiveError as exc:
            self.show_message(Message("{field}: {error}", field=field, error=exc.message), error=True)
            return
        self.push_edit(edit, merge=True)

    def flush_fields(self) -> None:
        """Save what was typed into any field and not saved yet (the inspector, the metadata header)."""
        if self.archive.closed:
            return
        self.inspector.flush()
        self.reader.header.flush()

    def refresh(self, change: Change) -> None:
        """Bring every view up to date with what a change touched (hidden panes refresh when shown)."""
        if change.everything:
            self.reload_all()
            return
        self.reader.refresh(change)
        self.inspector.show_annotation(self.reader.current)
        self.library.refresh(change)
        if "versions" in self._shown:
            self.versions.reload()  # a re-import may have added a version; an edit may have moved a highlight
        else:
            self._dirty.add("versions")
        for name in PANES:
            pane = getattr(self, name)
            if name in self._shown:
                pane.refresh(change)
            else:
                self._dirty.add(name)

    def _reload_if_dirty(self, name: str) -> None:
        if name in self._dirty:
            self._dirty.discard(name)
            getattr(self, name).reload()

    def _reload_visible_panes(self) -> None:
        for name in PANES:
            if name in self._shown:
                self._reload_if_dirty(name)

    # --- navigation ----------------------------------------------------------------------------
    def open_article(self, article_id: int, start: int | None = None, end: int | None = None) -> None:
        self.show_reader_tab()
        try:
            self.reader.open_article(article_id)
        except NotFound as exc:
            self.show_message(exc.message, error=True)
            return
        if self.remember:
            window_settings().setValue(self._article_key(), article_id)
        if start is not None:
            if end is not None and end > start:
                self.reader.view.select(start, end)
            else:
                self.reader.view.place_caret(start, center=True)

    def _open_from_library(self, article_id: int, snippet: str) -> None:
        self.open_article(article_id)
        if snippet and self.reader.article is not None:
            offset = hit_offset(self.reader.article.text, snippet)
            if offset is not None:
                self.reader.view.place_caret(offset, center=True)
        self.focus_target("reader")

    def go_to_annotation(self, annotation_id: str) -> None:
        annotation = self.reader.annotation(annotation_id)
        if annotation is None:
            self.show_message("That highlight no longer exists", error=True)
            return
        self.show_reader_tab()
        if annotation.article_id != self.reader.article_id:
            self.open_article(annotation.article_id)
        if self.reader.raw_mode:
            self.reader.toggle_raw()
        if annotation.is_orphan:
            self.show_message(Message("This highlight lost its passage in this version of the article; its quote: "
                                      "“{quote}”", quote=annotation.exact[:200]), error=True)
            return
        self.reader.set_current(annotation_id, reveal=True)

    def focus_target(self, target: str) -> None:
        if target == "reader":
            self.show_reader_tab()
            self.reader.focus_text()
        elif target == "find":
            self.show_reader_tab()
            self.reader.find.open()
        elif target == "compare":
            self.central_tabs.setCurrentIndex(COMPARE_TAB)
            self._reload_if_dirty(target)
            self.compare.focus_list()
        elif target == "search":
            self.docks["library"].show()
            self.docks["library"].raise_()
            self.library.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.library.search.selectAll()
        elif target == "library":
            self.docks["library"].show()
            self.docks["library"].raise_()
            self.library.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif target in PANES:
            self.docks[target].show()
            self.docks[target].raise_()
            self._reload_if_dirty(target)
            getattr(self, target).focus_list()
        elif target == "inspector":
            self.docks["inspector"].show()
            self.inspector.focus_first()
        elif target == "note":
            self.docks["inspector"].show()
            self.inspector.focus_note()
        elif target == "metadata" and self.reader.article is not None:
            self.reader.header.focus_first()

    def show_help(self) -> None:
        if self._help is None:
            self._help = HelpDialog(REGISTRY, self.keymap, self)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()
        self._help.filter.setFocus()

    def show_about(self) -> None:
        from .about import AboutDialog
        from .crash import LOG_NAME, log_dir

        dialog = AboutDialog(self.archive.root, log_dir() / LOG_NAME, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._about = dialog
        dialog.show()

    # --- tasks and archives --------------------------------------------------------------------
    def run_task(self, title: str, job, summarize=None, on_done=None) -> None:
        if self.tasks.busy and not self.tasks.current.idle:  # idle work gives way at once
            self.show_message(Message("{task} will start when “{running}” has finished", task=title,
                                      running=self.tasks.current.title))
        task = self.tasks.run(title, job, summarize, on_done)
        if isinstance(job, archive_actions.ImportJob):
            # kept until the import ends: a window closed (or killed) meanwhile offers to resume it
            self._remember_import(task, job)

    def _task_finished(self, task) -> None:
        if self._closed:
            return
        self.flush_fields()  # typing waiting for its pause is saved before the panes are re-read
        if isinstance(task.job, archive_actions.ImportJob):
            self._forget_import(task)
        if task.on_done is not None:
            task.on_done(task)  # a command continues with the results (it reports failures itself)
        elif isinstance(task.job, archive_actions.ImportJob) and task.job.handed_over:
            self._show_imported(task)  # files dropped or handed over: what was imported is shown
        elif task.error:
            self.show_message(Message("{task} failed: {error}", task=task.title, error=str(task.error)), error=True)
        elif task.summarize is not None:
            self.show_message(task.summarize(task.results, task.cancelled))
        elif task.cancelled:
            self.show_message(Message("{task}: cancelled", task=task.title))
        else:
            self.show_message(Message("{task}: done", task=task.title))
        if (isinstance(task.job, archive_actions.ImportJob) and not task.job.handed_over and not task.error
                and task.on_done is None):
            self.show_import_report(task.results)
        change = Change()  # every result of a mutation carries what it changed
        for result in task.results:
            carried = getattr(result, "change", None)
            if isinstance(carried, Change):
                change.merge(carried)
        if change.is_empty() and task.on_done is not None:
            return  # a look (a dry run) that changed nothing
        was_empty = self.library.pages.currentWidget() is self.library.empty
        self.library.reload()
        self.refresh(change)
        if was_empty and self.archive.articles.count() and self.library.samples_button.hasFocus():
            self.library.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload_all(self) -> None:
        """Re-read everything shown (after a bundle merged rows of every kind)."""
        self.reader.reload_marks()
        self.inspector.show_annotation(self.reader.current)
        for name in PANES:
            self._dirty.add(name)
        self._reload_visible_panes()

    def open_paths(self, paths: list[str]) -> None:
        """Open files handed over by the command line or the file manager: bundles are imported after
        their dry run is confirmed; Hypothesis exports (.json) have their annotations placed; article files
        are imported and the last of them is shown."""
        bundles = [p for p in paths if p.lower().endswith(SUFFIX)]
        exports = [p for p in paths if p.lower().endswith(".json")]
        articles = [p for p in paths if not p.lower().endswith((SUFFIX, ".json"))]
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if articles:
            self.commands.run("file.import", articles)  # the import command, as from the menu
        for export in exports:
            self.commands.run("file.import_annotations", export)
        for bundle in bundles[:1]:  # one confirmation at a time
            self.commands.run("file.import_bundle", bundle)
        if len(bundles) > 1:
            self.show_message(Message("Open the other {n} bundles one at a time (Ctrl+Shift+B)", n=len(bundles) - 1),
                              error=True)

    def _show_imported(self, task) -> None:
        """What a dropped or handed-over import did, and a key to open its last article; the reader
        stays where the user is (with no article open, the imported one is shown)."""
        if task.error:
            self.show_message(Message("{task} failed: {error}", task=task.title, error=str(task.error)), error=True)
            return
        summary = tr(archive_actions.summarize_import(task.results, task.cancelled))
        self.show_import_report(task.results)
        ids = [o.article_id for o in task.results if isinstance(o, ImportOutcome) and o.article_id]
        if ids and self.reader.article_id is None:
            QTimer.singleShot(0, lambda: self.open_article(ids[-1]))  # after the library has reloaded
        elif ids:
            keys = self.keymap.keys_for("file.open_imported")
            if keys:
                summary += (tr(" — {key} opens it") if len(ids) == 1 else tr(" — {key} opens the last one")).format(
                    key=keys[0])
        self.show_message(summary)

    def show_import_report(self, results: list[Any]) -> None:
        """When an import could not take every file: a window listing each one with its reason."""
        report = archive_actions.import_report(results)
        if report is None:
            return
        from .import_report import ImportReport

        dialog = ImportReport(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_report = dialog
        dialog.show()

    # --- imports cut short ---------------------------------------------------------------------
    def _import_key(self) -> str:
        return "interrupted_import/" + self._article_key().split("/", 1)[1]

    def _remember_import(self, task, job) -> None:
        if not self.remember:
            return
        self._imports[id(task)] = list(job.paths)
        if not self.tasks.busy or self.tasks.current is task:
            self._store_import(list(job.paths), 0, 0)

    def _import_progress(self, done: int, total: int, _message: str) -> None:
        """Remember how far the running import got, every few seconds (for a session that is killed)."""
        task = self.tasks.current
        if task is None or id(task) not in self._imports or time.monotonic() - self._import_saved < 2:
            return
        self._import_saved = time.monotonic()
        self._store_import(self._imports[id(task)], done, total)

    def _store_import(self, paths: list[str], done: int, total: int) -> None:
        stored = window_settings()
        stored.setValue(self._import_key(), json.dumps({"paths": paths, "done": done, "total": total}))
        stored.sync()

    def _forget_import(self, task) -> None:
        if self.remember and self._imports.pop(id(task), None) is not None:
            stored = window_settings()
            stored.remove(self._import_key())
            stored.sync()

    def _interrupted_import(self) -> dict[str, Any] | None:
        """The import the last session on this archive did not finish (closed or killed meanwhile)."""
        if not self.remember:
            return None
        value = window_settings().value(self._import_key())
        try:
            record = json.loads(value) if isinstance(value, str) else None
            paths = [str(p) for p in record["paths"]]
            return {"paths": paths, "done": int(record["done"]), "total": int(record["total"])}
        except (TypeError, ValueError, KeyError):
            return None

    def switch_archive(self, path: str) -> None:
        if self._open_window is None or Path(path) == Path(self.archive.root):
            return
        try:
            self._open_window(path)
        except NigerArchiveError as exc:
            self.show_message(exc.message, error=True)
            return
        self.close()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "command_actions"):
            self.command_actions.refresh_icons()  # the system switched between light and dark

    # --- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)  # a path that vanished between drag and drop is reported in the status bar

    # --- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        if self._closed:
            return
        self.flush_fields()  # before anything closes: what was typed a moment ago is saved
        self.show_reader_tab()  # the docks Compare put aside are remembered as open
        self._closed = True
        if self.remember:
            stored = window_settings()
            stored.setValue("geometry", self.saveGeometry())
            stored.setValue("state", self.saveState())
            stored.sync()
            self.settings.remember_archive(str(self.archive.root))
            try:
                self.settings.save()
            except OSError as exc:
                self.show_message(Message("settings not saved: {error}", error=str(exc)), error=True)
        if self.instance_server is not None:
            self.instance_server.close()
        self.index_tidier.stop()
        collector.thaw()
        stopped = self.tasks.shutdown()  # the running task stops after its current item
        if stopped is not None and isinstance(stopped.job, archive_actions.ImportJob) and self.remember:
            done = sum(1 for r in stopped.results if isinstance(r, ImportOutcome))
            self._store_import(list(stopped.job.paths), done, max(stopped.total, done))
        for worker in (self.search_queries, self.entity_queries, self.compare_queries):
            worker.shutdown()
        if self._help is not None:
            self._help.close()
        self.archive.close()
        super().closeEvent(event)
