"""Owns how file names are kept and shown, including names that are not valid UTF-8.

Names from old drives and zips are often Latin-1 bytes. Python reads them as ``str`` with the
undecodable bytes as lone surrogates (``os.fsdecode``, "surrogateescape"); SQLite and printing
cannot take those. So a name is *kept* exactly (``stored``: text when it is valid UTF-8, otherwise
its bytes; ``loaded`` gives the same ``str`` back, which opens the same file) and *shown* with a
replacement character (U+FFFD) for each byte that is not UTF-8.
"""

from __future__ import annotations

import os


def shown(name: str) -> str:
    """``name`` for display: every undecodable byte as U+FFFD, everything else as it is."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(name).decode("utf-8", "replace")
    except UnicodeError:  # surrogates that did not come from decoding a name
        return name.encode("utf-8", "replace").decode("utf-8").replace("?", "\ufffd")


def stored(name: str) -> str | bytes:
    """The value that keeps ``name`` exactly in a database column: the text, or its bytes when it is not UTF-8."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            return os.fsencode(name)
        except UnicodeError:
            return shown(name)


def loaded(value: str | bytes | None) -> str | None:
    """The name a ``stored`` value came from (bytes decoded as the file system does)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return os.fsdecode(bytes(value))
    return value


def one_line(text: str) -> str:
    """``text`` on one line: line breaks shown as ``\\n``/``\\r`` (a name may contain them)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")
