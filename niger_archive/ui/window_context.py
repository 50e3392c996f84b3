"""Owns running commands in the window: the CommandContext the window offers handlers, and the prompt loop.

Handlers stay Qt-free; this adapter turns their requests into widget operations and converts
between the reader's Qt positions and code points (through the reader, which owns the offsets).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from PySide6.QtCore import QObject

from ..commands.context import BackgroundJob, Step, Summary, Work
from ..commands.registry import REGISTRY, Registry
from ..commands.running import CommandRun
from ..core.edits import Edit
from ..core.messages import Message
from ..core.models import Change
from ..platform.i18n import tr
from ..services.archive import Archive

if TYPE_CHECKING:
    from .main_window import MainWindow


class WindowContext:
    """The window as a :class:`~niger_archive.commands.context.CommandContext`."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.running_context = "global"  # the context of the command being run

    @property
    def archive(self) -> Archive:
        return self.window.archive

    @property
    def article_id(self) -> int | None:
        return self.window.reader.article_id

    @property
    def annotation_id(self) -> str | None:
        return self.window.reader.current

    @property
    def raw_mode(self) -> bool:
        return self.window.reader.raw_mode

    def text(self) -> str:
        return self.window.reader.text()

    def selection(self) -> tuple[int, int] | None:
        if self.window.reader.article is None or self.raw_mode:
            return None
        return self.window.reader.view.selection()

    def caret(self) -> int | None:
        if self.window.reader.article is None:
            return None
        return self.window.reader.view.caret()

    def select(self, start: int, end: int) -> None:
        self.window.reader.view.select(start, end)

    def pane_item(self, kind: str) -> Any:
        w = self.window
        context = self.running_context
        if kind == "article":
            return w.library.current_article()
        if kind == "claim":
            if context == "compare":
                return w.compare.current_claim()
            return w.claims.current_claim()
        if kind == "annotation":
            if context == "annotations":
                return w.annotations.current_annotation()
            return w.review.current_annotation()
        if kind == "conflict":
            return w.review.current_conflict()
        if kind == "entity":
            return w.entities.current_entity()
        if kind == "suggestion":
            return w.compare.current_suggestion() if context == "compare" else w.entities.current_suggestion()
        if kind == "suggestions":
            return w.entities.all_suggestions()
        if kind == "cluster":
            return w.compare.current_cluster()
        return None

    def library_ids(self) -> list[int]:
        return self.window.library.model.ids

    def search_query(self) -> str:
        return self.window.library.query()

    def push(self, edit: Edit) -> Change:
        return self.window.undo.push(edit)

    def push_steps(self, label: str, steps: Iterable[Step]) -> Change:
        return self.window.undo.push_steps(label, steps)

    def changed(self, change: Change) -> None:
        self.window.undo.adopt(change)

    def undo(self) -> None:
        self.window.undo.undo()

    def redo(self) -> None:
        self.window.undo.redo()

    def message(self, text: str, *, error: bool = False) -> None:
        self.window.show_message(tr(text), error=error)  # a command's message in the interface language

    def focus(self, target: str) -> None:
        self.window.focus_target(target)

    def show(self, view: str) -> None:
        if view == "help":
            self.window.show_help()
        elif view == "about":
            self.window.show_about()
        elif view == "raw":
            self.window.reader.toggle_raw()
        elif view == "versions":
            self.window.show_versions()

    def open_article(self, article_id: int, start: int | None = None, end: int | None = None) -> None:
        self.window.open_article(article_id, start, end)

    def go_to_annotation(self, annotation_id: str) -> None:
        self.window.go_to_annotation(annotation_id)

    def set_annotation(self, annotation_id: str | None) -> None:
        self.window.reader.set_current(annotation_id)

    def run_background(self, title: str, job: BackgroundJob, summarize: Summary | None = None) -> None:
        self.window.run_task(title, job, summarize)

    def cancel_background(self) -> bool:
        if not self.window.tasks.busy:
            return False
        self.window.tasks.cancel()
        return True

    def open_archive(self, path: str) -> None:
        self.window.switch_archive(path)

    def run_command(self, command_id: str) -> None:
        self.window.commands.run(command_id)

    def quit(self) -> None:
        self.window.close()


class CommandHost(QObject):
    """Runs commands by id; shows their questions in the prompt and feeds the answers back."""

    def __init__(self, window: "MainWindow", registry: Registry = REGISTRY) -> None:
        super().__init__(window)
        self.window = window
        self.registry = registry
        self.ctx = WindowContext(window)
        self._run: CommandRun | None = None
        self._answering = False  # inside a handler resuming with an answer (it may run another command)
        self._errors_before = 0  # the window's error count when the current run started
        window.prompt.answered.connect(self._answered)
        window.prompt.cancelled.connect(self._cancelled)

    @property
    def busy(self) -> bool:
        return self._run is not None and not self._run.done

    def run(self, command_id: str, *args: Any) -> None:
        """Run a command; ``args`` go to its handler (e.g. the bundle a file manager asked to open)."""
        if self.busy and not self._answering:
            self._run.cancel()
            self.window.prompt.close_prompt()
        command = self.registry.get(command_id)
        self.ctx.running_context = command.context
        run = CommandRun(command, self.ctx, *args)
        self._run = run
        self._errors_before = self.window.error_count
        self._next(run, run.start())

    def _next(self, run: CommandRun, step) -> None:
        """Show the run's next question, or start its Work; forget the run when it is over."""
        if run is not self._run:
            return
        if isinstance(step, Work):
            self.window.run_task(step.title, step.job, on_done=lambda task, r=run: self._worked(r, task))
        elif step is not None:
            self.window.prompt.ask(step)
        else:
            self._run = None
            if self.window.error_count == self._errors_before:
                self.window.clear_error()  # it succeeded: an earlier error no longer applies

    def _worked(self, run: CommandRun, task) -> None:
        if run is not self._run or run.done:
            return  # the command was cancelled or replaced meanwhile
        if task.error or task.cancelled:
            run.fail(Message("{task} failed: {error}", task=task.title, error=task.error) if task.error
                     else Message("{task}: cancelled", task=task.title), error=bool(task.error))
            self._run = None
            return
        self.ctx.running_context = run.command.context
        self._answering = True
        try:
            step = run.answer(list(task.results))
        finally:
            self._answering = False
        self._next(run, step)

    def _answered(self, value: Any) -> None:
        run = self._run
        self.window.prompt.close_prompt()
        if run is None:
            return
        self.ctx.running_context = run.command.context
        self._answering = True
        try:
            step = run.answer(value)
        finally:
            self._answering = False
        self._next(run, step)

    def _cancelled(self) -> None:
        if self._run is not None:
            self._run.cancel()
            self._run = None
        self.window.prompt.close_prompt()
