"""Owns the parse worker process: files to parse in on stdin, drafts and fingerprints out on stdout.

Started by ``parse_pool.ParsePool`` as ``python -m niger_archive.services.parse_worker`` (or the
frozen app with ``parse_pool.PARSE_WORKER_FLAG``). Messages use ``platform.processes`` (a length and a pickle):
requests are ``(data, filename)``, answers ``("ok", Prepared)`` or ``("rejected", reason)``.
Pickle is safe here: both ends are this program, talking over the pipes of its own child process.
The worker touches no archive; it exits when its input is closed, and quietly (no traceback) when
nobody reads its answers any more.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any, BinaryIO

from ..platform.processes import read_message, write_message

WORKER_NICENESS = 5


def _lower_priority() -> None:
    """Yield the CPU to the importing process and the index writer (and the window) when cores are
    short: the parsers run ahead of the store anyway, and the index writer is the slowest stage."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() on Windows; a refusal only costs speed
        pass


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    from ..core.errors import NigerArchiveError
    from ..core.messages import Message
    from .parse_pool import prepare

    # Parsing makes many short-lived objects and hardly any cycles: with the loaded modules frozen
    # out of the collector and rarer young-generation passes, parsing takes about 6 % less time.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    _lower_priority()

    while True:
        try:
            data, filename = read_message(inp)
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", prepare(data, filename))
        except NigerArchiveError as exc:
            answer = ("rejected", exc.message)  # a Message pickles whole: translated where it is shown
        except Exception as exc:  # a bug must not stop the import: the file is reported as failed
            answer = ("rejected", Message("unexpected error: {error}", error=f"{type(exc).__name__}: {exc}"))
        try:
            write_message(out, answer)
        except (BrokenPipeError, ValueError, OSError):
            return  # nobody reads the answers any more (the importing process died): end quietly


def main() -> int:
    serve(sys.stdin.buffer, sys.stdout.buffer)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass
    # Python flushes stdout once more on its way out, which would print a BrokenPipeError
    # traceback when the reader is gone: point the descriptor at nothing first.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
