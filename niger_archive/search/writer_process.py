"""Owns the index writer process: a bulk session's Whoosh writing, in a child process beside the store.

Whoosh is pure Python, and in a large import its writer costs more CPU than storing the articles.
Run in the importing process, the two take turns on one core; here the writer runs in a child of
its own (``python -m niger_archive.search.writer_process INDEX_DIR COMMIT_EVERY``, or the frozen app
with ``WRITER_FLAG``) while the importing process goes on storing, and the second core is used.

Protocol (``platform.processes`` framing, both ends this program): the child opens the index, takes the
write lock and answers ``("ready", None)`` or ``("error", message)``. Then requests:
``("add", [doc, ...])`` (no answer: the parent streams; the pipe's size bounds how far ahead it
gets), ``("delete", [id, ...])`` -> ``("ok", removed)``, ``("close", None)`` -> commit (and rewrite
the segments the session left mostly superseded, ``SearchIndex._compact``), then ``("ok", None)``; an error in an
earlier ``add`` is answered to the next request that has an
answer, as ``("error", message)``.

The writer dies with its parent. When its input ends without ``close`` (the parent died, or closed
the pipe) it ends without committing; on Linux the kernel kills it the moment its parent dies
(``PR_SET_PDEATHSIG``), even in the middle of a commit; elsewhere on POSIX a thread watches for the
parent to go. An orphaned writer must not go on committing: an open after the crash would wait for
its lock and could find superseded versions it added after the catch-up compared the ids. What the
index lacks, the store has: the next open, seeing the crash, compares the ids and catches up.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import ArchiveError, NigerArchiveError
from ..platform.processes import read_message, start_child, write_message

WRITER_FLAG = "--index-writer"
PARENT_VARIABLE = "NIGER_ARCHIVE_WRITER_PARENT"  # the pid the writer must not outlive
_PARENT_POLL = 0.2  # seconds between looks at the parent, where the kernel cannot be asked to tell

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
                                       {"NIGER_ARCHIVE_LOCK_TIMEOUT": str(lock_timeout),
                                        PARENT_VARIABLE: str(os.getpid())})
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
    from .bulk import BulkSession
    from .index import SearchIndex

    # The writer makes many small objects (postings) and no cycles worth collecting often.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        index = SearchIndex.open(index_dir, lock_timeout=float(os.environ.get("NIGER_ARCHIVE_LOCK_TIMEOUT", "10")))
        session = BulkSession(index, commit_every)
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
                return  # the parent is gone: commit nothing (the next open catches up from the store)
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
            write_message(out, answer)
            if kind == "close":
                return
    finally:
        session.cancel()  # anything not committed by now is not wanted (a no-op after close)
        index.close()


def die_with_parent(parent: int | None) -> None:
    """End this process when ``parent`` ends (or now, if it already has)."""
    if parent is None or os.name != "posix":
        return  # elsewhere the end of the input stops the writer
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_PARENT_POLL)
            if os.getppid() != parent:
                os._exit(1)  # no commit: the store is the truth

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [WRITER_FLAG]:
        args = args[1:]
    parent = os.environ.get(PARENT_VARIABLE)
    die_with_parent(int(parent) if parent and parent.isdigit() else None)
    logging.basicConfig(level=logging.WARNING, format="index writer: %(message)s")
    serve(Path(args[0]), int(args[1]), sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
