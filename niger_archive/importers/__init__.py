"""Owns the importers' entry point: one file's bytes and name in, an ArticleDraft (or a clear refusal) out."""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ..core.errors import ImportRejected
from ..core.messages import N_, Amount, Message
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

__all__ = ["SUPPORTED_SUFFIXES", "WEB_ARCHIVE_SUFFIXES", "is_supported", "is_web_archive", "original_text",
           "parse_file", "read_original"]


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
        raise ImportRejected(N_("a web archive holds many pages: it is imported page by page, not as one article"))
    binary = _BINARY_MODULES.get(suffix)
    module_name = binary or _FORMAT_MODULES.get(suffix)
    if module_name is None:
        raise ImportRejected(Message("unsupported file type {suffix}", suffix=suffix) if suffix
                             else N_("unsupported file type (no extension)"))
    module = importlib.import_module(f"{__name__}.{module_name}")
    try:
        if binary:
            return module.parse_bytes(data)
        return module.parse(decode_bytes(data))
    except ImportRejected:
        raise
    except Exception as exc:  # a parser library failing on hostile input must not crash an import
        detail = f"{type(exc).__name__}: {exc}"
        raise ImportRejected(Message("could not read the file as {format} ({detail})", format=module_name,
                                     detail=detail[:200])) from exc


# An article's ``source_format`` -> the module whose ``parse_bytes`` read its (binary) original.
_FORMAT_READERS = {"pdf": "pdf", "docx": "word", "eml": "email_message", "mhtml": "mhtml"}
_TEXT_FORMATS = ("txt", "html", "md")
_BINARY_SIGNATURES = {b"%PDF": "PDF", b"PK\x03\x04": "ZIP", b"\x1f\x8b": "gzip", b"WARC/": "WARC"}


def original_text(data: bytes, source_format: str | None) -> str:
    """The readable text of an article's original: the text its offset map points into.

    A text, HTML or Markdown original is its decoded bytes; a PDF, Word document, e-mail or saved page
    is read again by its importer (its text, not its bytes). An original that cannot be read again, or
    bytes that are not text, give one line saying what they are ("binary original (PDF, 48,213 bytes)…"),
    never the bytes decoded as if they were text."""
    try:
        return read_original(data, source_format)
    except ImportRejected as exc:
        return Message("{reason}\n", reason=exc.message)  # said in the interface language where shown


def read_original(data: bytes, source_format: str | None) -> str:
    """``original_text``, or ImportRejected saying what the original is when it cannot be read as text."""
    from .decoding import decode_bytes

    module_name = _FORMAT_READERS.get(source_format or "")
    if module_name is not None:
        try:
            return str(importlib.import_module(f"{__name__}.{module_name}").parse_bytes(data).raw_text)
        except Exception as exc:  # a parser failing on bytes it once read: say so, do not show the bytes
            detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            raise ImportRejected(Message("binary original ({format}, {size} bytes): its text cannot be read again "
                                         "({detail})", format=str(source_format).upper(), size=Amount(len(data)),
                                         detail=detail)) from exc
    if source_format not in _TEXT_FORMATS:  # an unknown format (a bundle's, a later version's): look first
        kind = next((name for magic, name in _BINARY_SIGNATURES.items() if data.startswith(magic)), None)
        if kind is not None:
            raise ImportRejected(Message("binary original ({format}, {size} bytes): not text", format=kind,
                                         size=Amount(len(data))))
    return decode_bytes(data).text
