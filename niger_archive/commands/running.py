"""Owns driving one command run: calling the handler, passing answers to its questions, reporting errors."""

from __future__ import annotations

import inspect
from typing import Any, Iterable

from ..core.errors import NigerArchiveError
from .context import CommandContext, Question, Unavailable
from .registry import Command


class CommandRun:
    """One run of a command: ``start()`` returns the first question (or None when the run is over);
    ``answer(value)`` returns the next question; ``cancel()`` abandons the run."""

    def __init__(self, command: Command, ctx: CommandContext) -> None:
        self.command = command
        self.ctx = ctx
        self._gen: Any = None
        self.question: Question | None = None
        self.done = False

    def start(self) -> Question | None:
        try:
            result = self.command.handler(self.ctx)
        except (Unavailable, NigerArchiveError) as exc:
            return self._fail(exc)
        if inspect.isgenerator(result):
            self._gen = result
            return self._advance(None, first=True)
        self.done = True
        return None

    def answer(self, value: Any) -> Question | None:
        if self.done or self._gen is None:
            return None
        return self._advance(value, first=False)

    def cancel(self) -> None:
        if self._gen is not None and not self.done:
            self._gen.close()
        self.done = True
        self.question = None

    def _advance(self, value: Any, *, first: bool) -> Question | None:
        try:
            self.question = next(self._gen) if first else self._gen.send(value)
            return self.question
        except StopIteration:
            self.done = True
            self.question = None
            return None
        except (Unavailable, NigerArchiveError) as exc:
            return self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self.done = True
        self.question = None
        self.ctx.message(str(exc), error=True)
        return None


def run_with_answers(command: Command, ctx: CommandContext, answers: Iterable[Any] = ()) -> list[Question]:
    """Run a command to its end, answering its questions in order (for scripts and tests).

    Returns the questions asked. Stops (cancelling) when the answers run out."""
    run = CommandRun(command, ctx)
    asked: list[Question] = []
    pending = iter(answers)
    question = run.start()
    while question is not None:
        asked.append(question)
        try:
            value = next(pending)
        except StopIteration:
            run.cancel()
            break
        question = run.answer(value)
    return asked
