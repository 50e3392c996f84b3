"""Owns how the command line prints: JSON output and safe display of untrusted text."""

from __future__ import annotations

import json
import sys
from typing import Any

from ..core.filenames import shown

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def safe(text: Any, *, one_line: bool = False) -> str:
    """Printable form of untrusted text: control characters (ANSI escapes, bidi overrides) shown escaped,
    bytes of a file name that are not UTF-8 shown as U+FFFD; with ``one_line`` line breaks too (a file
    name may hold one, and must not split its line of output)."""
    if text is None:
        return ""
    text = shown(str(text))
    kept = "\t" if one_line else "\n\t"
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and one_line:
            out.append("\\n")
        elif ch in kept or (code >= 32 and code != 127 and not (0x80 <= code < 0xA0) and ch not in _BIDI_CONTROLS):
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def open_archive(args: Any, *, reading: bool = False, **options: Any):
    """The archive named by ``--archive``, opened for writing (taking its lock). With ``reading`` (a command
    that only reads), an archive another process holds — the app, an import — is read instead through a
    read-only connection: a consistent snapshot (SQLite WAL), with no lock taken and nothing written; only
    a command that writes is refused, naming the holder."""
    from ..core.errors import ArchiveLocked
    from ..services.archive import Archive

    try:
        return Archive.open(args.archive, **options)
    except ArchiveLocked:
        if not reading:
            raise
        options.pop("repair_index", None)
        return Archive.open(args.archive, readonly=True, **options)
