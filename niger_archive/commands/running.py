"""Owns driving one command run: calling the handler, passing answers to its questions, reporting errors."""

from __future__ import annotations

import inspect
from typing import Any, Iterable

from ..core.errors import NigerArchiveError, message_of
from ..core.messages import Message
from ..core.models import Progress
from .context import CommandContext, Question, Unavailable, Work
from .registry import Command


class CommandRun:
    """One run of a command: ``start()`` returns the first question or :class:`Work` (None when the
    run is over); ``answer(value)`` returns the next one (the answer to Work is its results);
    ``cancel()`` abandons the run. ``args`` go to the handler after the context (e.g. a path the
    command would otherwise ask for)."""

    def __init__(self, command: Command, ctx: CommandContext, *args: Any) -> None:
        self.command = command
        self.ctx = ctx
        self.args = args
        self._gen: Any = None
        self.question: Question | Work | None = None
        self.done = False

    def start(self) -> Question | Work | None:
        try:
            result = self.command.handler(self.ctx, *self.args)
        except (Unavailable, NigerArchiveError) as exc:
            return self._fail(exc)
        if inspect.isgenerator(result):
            self._gen = result
            return self._advance(None, first=True)
        self.done = True
        return None

    def answer(self, value: Any) -> Question | Work | None:
        if self.done or self._gen is None:
            return None
        return self._advance(value, first=False)

    def cancel(self) -> None:
        if self._gen is not None and not self.done:
            self._gen.close()
        self.done = True
        self.question = None

    def _advance(self, value: Any, *, first: bool) -> Question | Work | None:
        try:
            self.question = next(self._gen) if first else self._gen.send(value)
            return self.question
        except StopIteration:
            self.done = True
            self.question = None
            return None
        except (Unavailable, NigerArchiveError) as exc:
            return self._fail(exc)

    def fail(self, message: str, *, error: bool = True) -> None:
        """End the run from outside (its Work failed or was cancelled); the message tells the user."""
        if self._gen is not None and not self.done:
            self._gen.close()
        self.done = True
        self.question = None
        self.ctx.message(message, error=error)

    def _fail(self, exc: Exception) -> None:
        self.done = True
        self.question = None
        self.ctx.message(message_of(exc), error=True)
        return None


def run_work(work: Work, ctx: CommandContext) -> list[Any]:
    """Run :class:`Work` here and now (scripts and tests): its results without the Progress."""
    return [r for r in work.job(ctx.archive) if not isinstance(r, Progress)]


def run_with_answers(command: Command, ctx: CommandContext, answers: Iterable[Any] = (),
                     *args: Any) -> list[Question]:
    """Run a command to its end, answering its questions in order (for scripts and tests); Work
    runs at once, in this thread.

    Returns the questions asked. Stops (cancelling) when the answers run out."""
    run = CommandRun(command, ctx, *args)
    asked: list[Question] = []
    pending = iter(answers)
    question = run.start()
    while question is not None:
        if isinstance(question, Work):
            try:
                results = run_work(question, ctx)
            except NigerArchiveError as exc:
                run.fail(Message("{task} failed: {error}", task=question.title, error=exc.message))
                break
            question = run.answer(results)
            continue
        asked.append(question)
        try:
            value = next(pending)
        except StopIteration:
            run.cancel()
            break
        question = run.answer(value)
    return asked
