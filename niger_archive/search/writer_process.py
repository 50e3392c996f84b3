"""Owns the index writer process: a bulk session's Whoosh writing, in a child process beside the store.

Whoosh is pure Python, and in a large import its writer costs more CPU than storing the articles.
Run in the importing process, the two take turns on one core; here the writer runs in a child of
its own (``python -m niger_archive.search.writer_process INDEX_DIR COMMIT_EVERY``, or the frozen app
with ``WRITER_FLAG``) while the importing process goes on storing, and the second core is used.

Protocol (``platform.processes`` framing, both ends this program): the child opens the index, takes the
write lock and answers ``("ready", None)`` or ``("error", message)``. Then requests:
``("add", [doc, ...])`` (no answer: the parent streams; the pipe's size bounds how far ahead it
gets), ``("delete", [id, ...])`` -> ``("ok", removed)``, ``("close", None)`` -> commit, then
``("ok", None)``; an error in an earlier ``add`` is answered to the next request that has an
answer, as ``("error", message)``. When its input ends without ``close`` (the parent died), the
child commits what it has, so the articles stored before the end are searchable.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import ArchiveError, NigerArchiveError
from ..platform.processes import read_message, start_child, write_message

WRITER_FLAG = "--index-writer"

log = logging.getLogger(__name__)


def writer_command(index_dir: Path, commit_every: int) -> list[str]:
    """How to start the writer: this interpreter, or the frozen app with the writer flag."""
    args = [str(index_dir), str(int(commit_every))]
    if getattr(sys, "frozen", False):
        return [sys.executable, WRITER_FLAG, *args]
    return [sys.executable, "-m", "niger_archive.search.writer_process", *args]


class WriterProcess:
    """The parent's end: the same ``add``/``delete``/``close`` as an in-process bulk session."""

    def __init__(self, index_dir: Path, commit_every: int, lock_timeout: float) -> None:
        try:
            self.process = start_child(writer_command(index_dir, commit_every),
                                       {"NIGER_ARCHIVE_LOCK_TIMEOUT": str(lock_timeout)})
        except OSError as exc:
            raise ArchiveError(f"cannot start the search index writer: {exc}") from exc
        self.index_dir = index_dir
        self._answer()  # ready, or the reason it is not (e.g. the index is busy)

    def _send(self, message: tuple[str, Any]) -> None:
        try:
            write_message(self.process.stdin, message)
        except (OSError, ValueError) as exc:
            self._stopped(exc)

    def _answer(self) -> Any:
        try:
            kind, value = read_message(self.process.stdout)
        except Exception as exc:  # EOF or a garbled answer: the writer is gone
            self._stopped(exc)
        if kind == "error":
            self.kill()
            raise ArchiveError(value)
        return value

    def _stopped(self, exc: BaseException) -> None:
        self.kill()
        raise ArchiveError(
            f"the search index writer stopped ({exc or type(exc).__name__}); "
            "the articles are stored, and `niger-archive check --repair` brings the index up to date"
        ) from exc

    def add(self, docs: Iterable[dict], progress: Callable[[int], None] | None) -> int:
        batch = list(docs)
        if batch:
            self._send(("add", batch))
        if progress is not None:
            progress(len(batch))
        return len(batch)

    def delete(self, ids: Iterable[int]) -> int:
        self._send(("delete", [int(i) for i in ids]))
        return int(self._answer())

    def close(self) -> None:
        self._send(("close", None))
        self._answer()
        self._end()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self._end()

    def _end(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(index_dir: Path, commit_every: int, inp: BinaryIO, out: BinaryIO) -> None:
    from .index import SearchIndex, _BulkSession

    # The writer makes many small objects (postings) and no cycles worth collecting often.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        index = SearchIndex.open(index_dir, lock_timeout=float(os.environ.get("NIGER_ARCHIVE_LOCK_TIMEOUT", "10")))
        session = _BulkSession(index, commit_every)
        session.open()
    except (NigerArchiveError, OSError) as exc:
        write_message(out, ("error", str(exc)))
        return
    write_message(out, ("ready", None))
    failure: str | None = None
    try:
        while True:
            try:
                kind, value = read_message(inp)
            except EOFError:
                kind, value = "close", None  # the parent is gone: keep what it stored searchable
                out = None
            if kind == "add":
                if failure is None:
                    try:
                        session.add(value, None)
                    except (NigerArchiveError, OSError) as exc:
                        failure = str(exc)
                continue
            if failure is not None:
                answer: tuple[str, Any] = ("error", failure)
            elif kind == "delete":
                try:
                    answer = ("ok", session.delete(value))
                except (NigerArchiveError, OSError) as exc:
                    answer = ("error", str(exc))
            else:
                try:
                    session.close()
                    answer = ("ok", None)
                except (NigerArchiveError, OSError) as exc:
                    answer = ("error", str(exc))
            if out is not None:
                write_message(out, answer)
            if kind == "close":
                return
    finally:
        session.cancel()  # anything not committed by now is not wanted (a no-op after close)
        index.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [WRITER_FLAG]:
        args = args[1:]
    logging.basicConfig(level=logging.WARNING, format="index writer: %(message)s")
    serve(Path(args[0]), int(args[1]), sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
