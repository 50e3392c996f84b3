"""Owns the index writer process: a bulk session's Whoosh writing, in a child process beside the store.

Whoosh is pure Python, and in a large import its writer costs more CPU than storing the articles.
Run in the importing process, the two take turns on one core; here the writer runs in a child of
its own (``python -m niger_archive.search.writer_process INDEX_DIR COMMIT_EVERY``, or the frozen app
with ``WRITER_FLAG``) while the importing process goes on storing, and the second core is used.

Protocol (``platform.processes`` framing, both ends this program): the child opens the index, takes the
write lock and answers ``("ready", None)`` or ``("error", message)``. Then requests:
``("add", [doc, ...])``, ``("forget", [id, ...])`` (a delete whose count nobody waits for) and
``("commit", None)`` (a new segment now) have no answer: the parent streams them.
``("delete", [id, ...])`` -> ``("ok", removed)``, ``("close", None)`` -> commit (and rewrite
the segments the session left mostly superseded, ``SearchIndex._compact``), then ``("ok", None)``; an
error in an earlier request without an answer is answered to the next request that has one, as
``("error", message)``.

A thread of the child (``_Inbox``) takes the parent's messages off the pipe as they come and keeps
them until the writer gets to them, compressed while it is behind, up to ``BACKLOG_BYTES``. Without
it, the parent's next ``add`` waited for the pipe whenever the writer was busy committing a segment
(about a minute at 100k articles), and storing stopped with it: one core idle.

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
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import ArchiveError, NigerArchiveError
from ..platform.processes import give_back_memory, message_of, read_message, read_payload, start_child, write_message

WRITER_FLAG = "--index-writer"
PARENT_VARIABLE = "NIGER_ARCHIVE_WRITER_PARENT"  # the pid the writer must not outlive
_PARENT_POLL = 0.2  # seconds between looks at the parent, where the kernel cannot be asked to tell
_END_WAIT = 10.0  # seconds the writer waits, after its last answer, for the parent to close the pipe
BACKLOG_BYTES = 8 << 20  # messages (compressed) kept while behind (about 3,000 articles), before the parent waits
_BACKLOG_LEVEL = 1  # zlib level for the backlog: a pickled article (6.4 KB) takes 2.6 KB and 0.06 ms

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

    def forget(self, ids: Iterable[int]) -> None:
        """``delete`` without waiting for the writer to get there (nor for the count)."""
        self._send(("forget", [int(i) for i in ids]))

    def checkpoint(self) -> None:
        """Ask for a new segment with what was added so far, without waiting for it."""
        self._send(("commit", None))

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
        # plain files: it reads segments only to merge them, and mapped pages it touched would count as its memory
        index = SearchIndex.open(index_dir, lock_timeout=float(os.environ.get("NIGER_ARCHIVE_LOCK_TIMEOUT", "10")),
                                 mapped=False)
        session = BulkSession(index, commit_every)
        # A commit drops the posting pool and the segment's writers: without this, the freed heap stayed
        # the process's, and with the batches kept while it commits, the import's memory passed 500 MB at 100k.
        session.after_commit = give_back_memory
        session.open()
    except (NigerArchiveError, OSError) as exc:
        write_message(out, ("error", str(exc)))
        return
    write_message(out, ("ready", None))
    failure: str | None = None
    inbox = _Inbox(inp)
    try:
        while True:
            try:
                kind, value = inbox.get()
            except EOFError:
                return  # the parent is gone: commit nothing (the next open catches up from the store)
            if kind in ("add", "forget", "commit"):
                if failure is None:
                    try:
                        if kind == "add":
                            session.add(value, None)
                        elif kind == "forget":
                            session.delete(value)
                        else:
                            session.commit()
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
                inbox.wait_for_end(_END_WAIT)
                return
    finally:
        session.cancel()  # anything not committed by now is not wanted (a no-op after close)
        index.close()


class _Inbox:
    """The parent's messages, taken off the pipe by a thread as they come and kept in order until
    ``get``. While the writer is behind (committing a segment), what waits is compressed, and past
    ``limit`` bytes the thread stops reading: the pipe fills and the parent waits, as before."""

    def __init__(self, stream: BinaryIO, limit: int = BACKLOG_BYTES) -> None:
        self._items: deque[tuple[bool, bytes | None]] = deque()  # (compressed, payload); None: the end
        self._size = 0
        self._limit = limit
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), name="writer-inbox", daemon=True)
        self._thread.start()

    def wait_for_end(self, timeout: float) -> None:
        """Wait for the parent to close its end (the reader must not be stuck in a read at exit)."""
        self._thread.join(timeout)

    def _read(self, stream: BinaryIO) -> None:
        while True:
            try:
                payload: bytes | None = read_payload(stream)
            except Exception:  # noqa: BLE001 (EOF, a closed or broken pipe: the parent is gone)
                payload = None
            packed = payload is not None and bool(self._items)  # behind: keep the backlog small
            if packed:
                payload = zlib.compress(payload, _BACKLOG_LEVEL)  # type: ignore[arg-type]
            with self._changed:
                while self._size > self._limit:
                    self._changed.wait()
                self._items.append((packed, payload))
                self._size += len(payload or b"")
                self._changed.notify_all()
            if payload is None:
                return

    def get(self) -> Any:
        """The next message; EOFError once the parent's end is closed and every message was taken."""
        with self._changed:
            while not self._items:
                self._changed.wait()
            packed, payload = self._items[0]
            if payload is not None:  # the end stays, for every later call
                self._items.popleft()
                self._size -= len(payload)
                self._changed.notify_all()
        if payload is None:
            raise EOFError
        return message_of(zlib.decompress(payload) if packed else payload)


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
    # The index is closed and every answer written. The inbox's thread may still be in a read of
    # the pipe (a parent slow to close it), where finalising the interpreter would abort.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
