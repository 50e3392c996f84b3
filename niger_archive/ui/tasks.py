"""Owns the interface's threads (the only module that makes any): long tasks and background queries.

Each worker thread opens its OWN :class:`Archive` on the window's archive folder (SQLite
connections belong to the thread that opened them) and relays what the service generator yields
(``Progress`` and results) through queued signals, so the window keeps repainting meanwhile.

* :class:`TaskRunner` runs long jobs (import, reindex, export, check) one after another; Cancel
  closes the job's generator (an import keeps the files imported so far). A worker ends its own
  thread, so waiting for it never needs the interface thread: closing the window stops the running
  job after the item in progress (:meth:`TaskRunner.shutdown`) and learns how far it got. Work the
  app does on its own when idle (:meth:`TaskRunner.run_idle`) gives way to any job run meanwhile.
* :class:`QueryWorker` answers quick read-only queries (search as you type) on one long-lived
  thread; a query superseded by a newer one is skipped. Its thread starts with the first query
  or :meth:`QueryWorker.start` (the window starts its search thread shortly after its first paint).

Workers open their archives one at a time (:data:`_OPENING`): opening brings the search index up
to date after a crash, and two threads must never repair the same index at once.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import traceback
import weakref
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import NigerArchiveError
from ..core.models import Progress
from ..platform.i18n import tr
from ..services.archive import Archive

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.03  # seconds between two progress signals (the last one is always sent)
_OPENING = threading.Lock()  # one worker opens (and so repairs) an archive at a time


def _open_archive(root: Path) -> Archive:
    """This worker thread's own archive on ``root``; opening it brings the search index up to date."""
    with _OPENING:
        return Archive.open(root)


def _describe_error(exc: BaseException) -> str:
    """What to tell the user, in the interface language (it crosses threads as plain text, so a program
    error's translatable message is said here)."""
    if isinstance(exc, NigerArchiveError):
        return tr(exc.message)
    log.error("background job failed:\n%s", "".join(traceback.format_exception(exc)))
    return f"unexpected error: {type(exc).__name__}: {exc}"


@dataclass
class Task:
    title: str
    job: Callable[[Archive], Any]
    summarize: Callable[[list[Any], bool], str] | None = None
    on_done: Callable[["Task"], None] | None = None  # a command waiting for the results (instead of a message)
    results: list[Any] = field(default_factory=list)  # filled by the worker as the job yields them
    cancelled: bool = False
    error: str = ""
    cancel_event: threading.Event = field(default_factory=threading.Event)
    done: int = 0  # the job's progress as the worker last saw it (also when cut short by closing)
    total: int = 0
    idle: bool = False  # work the app does on its own when idle: any other job cancels it (run_idle)


class _TaskWorker(QObject):
    progress = Signal(int, int, str)
    result = Signal(object)
    done = Signal(bool, str)  # cancelled, error

    def __init__(self, root: Path, task: Task) -> None:
        super().__init__()
        self.root = root
        self.task = task

    @Slot()
    def run(self) -> None:
        cancelled, error = False, ""
        archive = None
        last_emit = 0.0
        pending: Progress | None = None
        try:
            archive = _open_archive(self.root)
            generator = self.task.job(archive)
            for event in generator:
                if isinstance(event, Progress):
                    self.task.done, self.task.total = max(self.task.done, event.done), event.total
                    pending = event
                    now = time.monotonic()
                    if now - last_emit >= PROGRESS_INTERVAL:
                        self.progress.emit(event.done, event.total, tr(event.message))
                        last_emit, pending = now, None
                else:
                    self.task.results.append(event)
                    self.result.emit(event)
                if self.task.cancel_event.is_set():
                    cancelled = True
                    close = getattr(generator, "close", None)
                    if close is not None:
                        close()
                    break
            if pending is not None:
                self.progress.emit(pending.done, pending.total, tr(pending.message))
        except BaseException as exc:  # reported to the user; the thread must end cleanly
            error = _describe_error(exc)
        finally:
            if archive is not None:
                try:
                    archive.close()
                except Exception as exc:
                    error = error or _describe_error(exc)
        self.done.emit(cancelled, error)
        QThread.currentThread().quit()  # the thread ends by itself: waiting for it never needs the interface


class TaskRunner(QObject):
    """Runs long jobs one at a time on a worker thread; queued jobs wait their turn."""

    started = Signal(str)  # title
    progress = Signal(int, int, str)  # done, total, message
    result = Signal(object)  # each non-Progress item the job yields
    finished = Signal(object)  # the Task, with results, cancelled and error

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self._queue: deque[Task] = deque()
        self._current: Task | None = None
        self._thread: QThread | None = None
        self._worker: _TaskWorker | None = None
        self._stopped = False  # shut down: no job starts, no job reports (the window is closing)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def current(self) -> Task | None:
        return self._current

    def run(self, title: str, job: Callable[[Archive], Any],
            summarize: Callable[[list[Any], bool], str] | None = None,
            on_done: Callable[[Task], None] | None = None) -> Task:
        task = Task(title, job, summarize, on_done)
        self._queue.append(task)
        if self._current is None:
            self._start_next()
        elif self._current.idle:
            self._current.cancel_event.set()  # the user's job goes first: it starts once the idle one stops
        return task

    def run_idle(self, title: str, job: Callable[[Archive, Callable[[], bool]], Any],
                 on_done: Callable[[Task], None] | None = None) -> Task | None:
        """Start work the app does on its own when idle (tidying the search index), if nothing runs or
        waits: ``job(archive, cancelled)``, where ``cancelled()`` turns True as soon as any other job is
        run, or the runner is shut down. Returns None when it did not start."""
        if self._current is not None or self._queue or self._stopped:
            return None
        event = threading.Event()
        task = Task(title, lambda archive: job(archive, event.is_set), None, on_done, cancel_event=event, idle=True)
        self._queue.append(task)
        self._start_next()
        return task

    def cancel(self) -> None:
        """Cancel the running job (after the item in progress) and drop the queued ones."""
        self._queue.clear()
        if self._current is not None:
            self._current.cancel_event.set()

    def _start_next(self) -> None:
        if not self._queue or self._stopped:
            return
        task = self._queue.popleft()
        self._current = task
        thread = QThread()
        thread.setObjectName(f"task: {task.title}")
        worker = _TaskWorker(self.root, task)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.result.connect(self._on_result)
        worker.done.connect(self._on_done)
        self._thread, self._worker = thread, worker
        self.started.emit(tr(task.title))  # the signal carries text only: translated here
        thread.start()

    @Slot(object)
    def _on_result(self, item: Any) -> None:
        if not self._stopped:
            self.result.emit(item)

    @Slot(bool, str)
    def _on_done(self, cancelled: bool, error: str) -> None:
        task = self._current
        thread, worker = self._thread, self._worker
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()
        self._thread = self._worker = None
        self._current = None
        if self._stopped:
            return  # reported by shutdown; the window (and its archive) is closed or closing
        if task is not None:
            task.cancelled = cancelled
            task.error = error
            self.finished.emit(task)
        self._start_next()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the running job's thread ends; True if it ended. The worker ends its thread by
        itself, so this never waits on the calling (interface) thread."""
        thread = self._thread
        return thread is None or thread.wait(timeout_ms)

    def shutdown(self, timeout_ms: int = 30_000) -> Task | None:
        """Stop for good (the window is closing): drop the queued jobs, ask the running one to stop
        after the item in progress (an import: after the current file) and wait for its thread to end.

        Nothing is reported afterwards (no ``finished``, no ``result``), so no handler runs against a
        closed archive. Returns the job cut short, with how far it got (``done``, ``total``,
        ``results``), or None when nothing was running."""
        self._stopped = True
        self.cancel()
        task = self._current
        if task is None:
            return None
        if not self.wait(timeout_ms):
            log.error("the task %r did not stop within %d ms of being cancelled", task.title, timeout_ms)
        task.cancelled = True
        return task


class _QueryWorker(QObject):
    answered = Signal(int, object, str)  # generation, result, error
    fetched = Signal(int, object, str)  # ticket, result, error

    def __init__(self, root: Path, latest: list[int]) -> None:
        super().__init__()
        self.root = root
        self.latest = latest
        self.archive: Archive | None = None

    def _run(self, query: Callable[[Archive], Any]) -> tuple[Any, str]:
        try:
            if self.archive is None:
                self.archive = _open_archive(self.root)
            return query(self.archive), ""
        except BaseException as exc:
            return None, _describe_error(exc)

    @Slot(int, object)
    def ask(self, generation: int, query: Callable[[Archive], Any]) -> None:
        if generation != self.latest[0]:
            return  # superseded while waiting
        result, error = self._run(query)
        self.answered.emit(generation, result, error)

    @Slot(int, object)
    def fetch(self, ticket: int, query: Callable[[Archive], Any]) -> None:
        result, error = self._run(query)
        self.fetched.emit(ticket, result, error)

    @Slot()
    def close(self) -> None:
        """Close this thread's archive, then end the thread (runs on the worker thread)."""
        try:
            if self.archive is not None:
                self.archive.close()
                self.archive = None
        finally:
            QThread.currentThread().quit()


_LIVE_QUERY_WORKERS: "weakref.WeakSet[QueryWorker]" = weakref.WeakSet()


@atexit.register
def _end_query_threads() -> None:
    """A QThread destroyed while running aborts the process: end every query thread still alive."""
    for worker in list(_LIVE_QUERY_WORKERS):
        try:
            worker.shutdown()
        except RuntimeError:  # its C++ side is already gone
            pass


class QueryWorker(QObject):
    """One long-lived thread answering read queries; only the newest query's answer is delivered.

    Besides those (:meth:`ask`), one-off reads (:meth:`fetch`) are answered to their own callback,
    in the order asked, never skipped; they wait for the thread to start."""

    answered = Signal(object, str)  # result, error
    _ask = Signal(int, object)
    _fetch = Signal(int, object)
    _close = Signal()

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = [0]
        self._thread = QThread()
        self._thread.setObjectName("queries")
        self._worker = _QueryWorker(Path(root), self._latest)
        self._worker.moveToThread(self._thread)
        self._ask.connect(self._worker.ask)
        self._fetch.connect(self._worker.fetch)
        self._close.connect(self._worker.close)
        self._worker.answered.connect(self._on_answer)
        self._worker.fetched.connect(self._on_fetched)
        self._callbacks: dict[int, Callable[[Any, str], None]] = {}
        self._tickets = 0
        self._closed = False
        self.pending = False
        _LIVE_QUERY_WORKERS.add(self)  # ended at exit even if its window never closed (Qt aborts otherwise)

    def start(self) -> None:
        """Start the thread (queries asked before wait for it); does nothing once started or shut down."""
        if not self._closed and not self._thread.isRunning():
            self._thread.start()

    def ask(self, query: Callable[[Archive], Any]) -> None:
        self._latest[0] += 1
        self.pending = True
        self._ask.emit(self._latest[0], query)
        self.start()

    def fetch(self, query: Callable[[Archive], Any], on_answer: Callable[[Any, str], None]) -> None:
        """Run ``query`` on the thread; ``on_answer(result, error)`` is called on this thread with its answer."""
        self._tickets += 1
        self._callbacks[self._tickets] = on_answer
        self._fetch.emit(self._tickets, query)

    @Slot(int, object, str)
    def _on_answer(self, generation: int, result: Any, error: str) -> None:
        if generation == self._latest[0]:
            self.pending = False
            self.answered.emit(result, error)

    @Slot(int, object, str)
    def _on_fetched(self, ticket: int, result: Any, error: str) -> None:
        callback = self._callbacks.pop(ticket, None)
        if callback is not None and not self._closed:
            callback(result, error)

    def shutdown(self) -> None:
        self._closed = True
        self._callbacks.clear()
        if self._thread.isRunning():
            self._latest[0] += 1
            self._close.emit()
            if not self._thread.wait(30_000):
                self._thread.quit()
                self._thread.wait(5_000)
