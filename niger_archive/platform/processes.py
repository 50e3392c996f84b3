"""Owns talking to this program's own child processes (parse workers, the index writer): starting them
with piped standard streams, and the framing of the messages they exchange.

Each message is a 4-byte big-endian length and a pickle. Pickle is safe here only because both
ends are this program, talking over the pipes of a child process it started itself; never read
messages from anywhere else with these functions.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")


def read_message(stream: BinaryIO) -> Any:
    """The next message on ``stream``; EOFError when the stream ends."""
    return message_of(read_payload(stream))


def read_payload(stream: BinaryIO) -> bytes:
    """The next message on ``stream`` still in its bytes (``message_of`` reads it); EOFError when the
    stream ends. For a reader that takes messages off the pipe before it can deal with them."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError
    return payload


def message_of(payload: bytes) -> Any:
    """The message ``payload`` (from ``read_payload``) holds."""
    return pickle.loads(payload)


def write_message(stream: BinaryIO, message: Any) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def start_child(command: list[str], extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Starts command with piped stdin/stdout, this package importable in it and no console window
    on Windows. Raises OSError when it cannot start."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env.update(extra_env or {})
    return subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )


def give_back_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc's ``malloc_trim``; elsewhere
    only the collection). For a long-lived child after a phase that built and dropped many small
    objects, so that its resident memory falls back instead of staying at its peak."""
    import gc

    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl): the collection is all there is
            pass
