"""Owns the CPU-bound half of importing a file (parse it, fingerprint and pack its text) and the pool of
worker processes that does it ahead of the store for large imports.

:func:`prepare` turns a file's bytes into a :class:`Prepared` (pure computation). :class:`ParsePool`
runs it in plain child processes (``python -m niger_archive.services.parse_worker``, or the frozen
app with ``PARSE_WORKER_FLAG``; not ``multiprocessing``, whose "spawn" re-imports the caller's main
script and whose "fork" is unsafe beside the GUI's threads) and hands the answers back in the order
the files were submitted; if a worker cannot start or dies, its files are parsed in this process.
The workers only compute: nothing they do touches the archive (:mod:`.importing` stores the results).
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field, replace
from typing import BinaryIO, cast

from ..core import shingles as sh
from ..core.errors import ImportRejected
from ..core.models import ArticleDraft
from ..core.offsets import OffsetMap
from ..importers import parse_file
from ..store.packing import pack_offsets, pack_text

log = logging.getLogger(__name__)

PARSE_WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))  # a core is left for storing and the index writer
AHEAD_PER_WORKER = 8  # files parsed ahead of the store, per worker (bounds memory)
PARSE_WORKER_FLAG = "--parse-worker"  # the frozen app's argument that makes it a parse worker (packaging/launcher.py)


@dataclass
class Prepared:
    """What the CPU-bound half of importing one file produced, slimmed for the trip between processes:
    the draft without its raw text and offset map, the map and the clean text already packed for their
    columns (packing is CPU work too), and the LSH bands."""

    draft: ArticleDraft
    offsets_column: str
    text_column: str
    bands: list[int]


def prepare(data: bytes, filename: str) -> Prepared:
    """Parse one file and fingerprint its text (pure computation: runs in a worker process too)."""
    return prepared_from(parse_file(data, filename))


def prepared_from(draft: ArticleDraft) -> Prepared:
    """A parsed draft packed for storing (its offsets and text as their columns, its LSH bands)."""
    offsets_column = pack_offsets(draft.offsets)
    slim = replace(draft, raw_text="", offsets=OffsetMap())  # the store needs neither (a third of the bytes)
    return Prepared(slim, offsets_column=offsets_column, text_column=pack_text(draft.text),
                    bands=sh.text_bands(draft.text))


@dataclass
class Worker:
    """One child process and the thread feeding it requests (so reading answers never waits on writing)."""

    process: subprocess.Popen
    requests: "queue.Queue[tuple[bytes, str] | None]" = field(default_factory=queue.Queue)
    feeder: threading.Thread | None = None
    alive: bool = True

    def start_feeder(self) -> None:
        from ..platform.processes import write_message

        def feed(stdin: BinaryIO) -> None:
            try:
                while (request := self.requests.get()) is not None:
                    write_message(stdin, request)
            except (OSError, ValueError):
                self.alive = False
            finally:
                try:
                    stdin.close()
                except OSError:
                    pass

        self.feeder = threading.Thread(target=feed, args=(self.process.stdin,), name="parse-feeder", daemon=True)
        self.feeder.start()


def worker_command() -> list[str]:
    """How to start a parse worker: this interpreter, or the frozen app with the worker flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PARSE_WORKER_FLAG]
    return [sys.executable, "-m", "niger_archive.services.parse_worker"]


class ParsePool:
    """Worker processes that parse files ahead of the store, answers read back in file order."""

    def __init__(self, workers: int) -> None:
        from ..platform.processes import start_child

        self.workers: list[Worker] = []
        for _ in range(workers):
            try:
                process = start_child(worker_command())
            except OSError as exc:
                log.warning("cannot start an import worker (%s); parsing in this process", exc)
                break
            worker = Worker(process)
            worker.start_feeder()
            self.workers.append(worker)
        self.ahead = max(1, len(self.workers)) * AHEAD_PER_WORKER
        self._next = 0

    def submit(self, data: bytes, name: str) -> Worker | None:
        live = [w for w in self.workers if w.alive]
        if not live:
            return None
        worker = live[self._next % len(live)]
        self._next += 1
        worker.requests.put((data, name))
        return worker

    def result(self, worker: Worker | None, data: bytes, name: str) -> Prepared:
        """The parse of the file ``data`` (named ``name``) submitted to ``worker``: the worker's next
        answer (answers come back in request order), or a parse in this process when the file went to
        no worker or its worker stopped."""
        from ..platform.processes import read_message

        if worker is not None and worker.alive:
            try:
                kind, value = read_message(cast(BinaryIO, worker.process.stdout))  # a pipe: start_child
            except Exception as exc:  # died, or a garbled answer: never read that stream again
                log.warning("an import worker stopped (%s); parsing its files in this process", exc or type(exc).__name__)
                self._retire(worker)
            else:
                if kind == "ok":
                    return value
                raise ImportRejected(value)
        return prepare(data, name)

    def _retire(self, worker: Worker) -> None:
        worker.alive = False
        worker.requests.put(None)
        if worker.process.poll() is None:
            worker.process.kill()

    def close(self) -> None:
        for worker in self.workers:
            worker.requests.put(None)  # the feeder closes stdin: the worker ends after its current file
        for worker in self.workers:
            try:
                worker.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            if worker.process.stdout is not None:
                worker.process.stdout.close()
            if worker.feeder is not None:
                worker.feeder.join(timeout=2)
        self.workers = []
