"""Owns how the command line prints: JSON output and safe display of untrusted text."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def safe(text: Any) -> str:
    """Printable form of untrusted text: control characters (ANSI escapes, bidi overrides) shown escaped."""
    if text is None:
        return ""
    text = str(text)
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t" or (code >= 32 and code != 127 and not (0x80 <= code < 0xA0) and ch not in _BIDI_CONTROLS):
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def open_archive(args: Any):
    from ..services.archive import Archive

    return Archive.open(args.archive)
