"""Owns the importers' entry point: one file's bytes and name in, an ArticleDraft (or a clear refusal) out."""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ..core.errors import ImportRejected
from ..core.models import ArticleDraft

# File suffix -> module (in this package) that parses that format; imported on first use.
_FORMAT_MODULES = {
    ".txt": "plaintext",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
# Binary formats: the module's ``parse_bytes`` reads the file's bytes itself (no text decoding).
_BINARY_MODULES = {
    ".pdf": "pdf",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".eml": "email_message",
    ".docx": "word",
}
# Web archives hold many pages: the import pipeline streams them (``warc.records``), never ``parse_file``.
WEB_ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
SUPPORTED_SUFFIXES: frozenset[str] = (frozenset(_FORMAT_MODULES) | frozenset(_BINARY_MODULES)
                                      | frozenset(WEB_ARCHIVE_SUFFIXES))

__all__ = ["SUPPORTED_SUFFIXES", "WEB_ARCHIVE_SUFFIXES", "is_supported", "is_web_archive", "parse_file"]


def is_web_archive(filename: str) -> bool:
    """True for a WARC, gzipped WARC or WACZ file: many pages, read record by record."""
    return filename.lower().endswith(WEB_ARCHIVE_SUFFIXES)


def is_supported(filename: str) -> bool:
    """True when an importer reads files of this name (by suffix, ``.warc.gz`` included)."""
    return is_web_archive(filename) or PurePath(filename).suffix.lower() in SUPPORTED_SUFFIXES


def parse_file(data: bytes, filename: str) -> ArticleDraft:
    """Parse one file's bytes into an ArticleDraft; the format is chosen by ``filename``'s suffix.

    Raises ImportRejected (with a reason a user can act on) and nothing else.
    """
    from .decoding import decode_bytes  # loaded on first use, like the format modules

    suffix = PurePath(filename).suffix.lower()
    if is_web_archive(filename):
        raise ImportRejected("a web archive holds many pages: it is imported page by page, not as one article")
    binary = _BINARY_MODULES.get(suffix)
    module_name = binary or _FORMAT_MODULES.get(suffix)
    if module_name is None:
        raise ImportRejected(f"unsupported file type {suffix or '(no extension)'}")
    module = importlib.import_module(f"{__name__}.{module_name}")
    try:
        if binary:
            return module.parse_bytes(data)
        return module.parse(decode_bytes(data))
    except ImportRejected:
        raise
    except Exception as exc:  # a parser library failing on hostile input must not crash an import
        detail = f"{type(exc).__name__}: {exc}"
        raise ImportRejected(f"could not read the file as {module_name} ({detail[:200]})") from exc
