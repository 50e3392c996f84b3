"""Owns the framing of messages between this program's own processes (parent and its workers).

Each message is a 4-byte big-endian length and a pickle. Pickle is safe here only because both
ends are this program, talking over the pipes of a child process it started itself; never read
messages from anywhere else with these functions.
"""

from __future__ import annotations

import pickle
import struct
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")


def read_message(stream: BinaryIO) -> Any:
    """The next message on ``stream``; EOFError when the stream ends."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError
    return pickle.loads(payload)


def write_message(stream: BinaryIO, message: Any) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()
