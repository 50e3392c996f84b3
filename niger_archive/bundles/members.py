"""Owns reading a bundle ZIP safely into memory: member-name, type and size checks, byte-counted reads.

Nothing is ever extracted to disk. Every member is checked from the central directory before any
byte is decompressed (names, duplicates after NFC + case folding, symlinks and devices, encryption,
compression method, nested archives, the layout, declared sizes and ratios), then read in chunks
with counters that stop at the limits whatever the headers declare.
"""

from __future__ import annotations

import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

from ..core.errors import BundleRejected
from . import layout
from .layout import Limits

# Errors the zipfile module raises on damaged or hostile archives.
# (Unsupported compression methods are refused before zipfile could complain about them.)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, struct.error, RuntimeError,
              ValueError, KeyError, IndexError, OverflowError, UnicodeDecodeError, OSError)

_NESTED_SUFFIXES = (".zip", ".nabundle", ".jar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
                    ".zst", ".lz", ".lzma", ".cab", ".apk", ".epub", ".docx", ".xlsx", ".odt")
_NESTED_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
                 b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd", b"SQLite format 3\x00")
_ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_UNIX = 3


def _shown(name: str) -> str:
    return repr(name[:120])


def check_name(name: str) -> None:
    """Refuse unsafe member names: absolute, drive letters, backslashes, ``..``, empty parts, controls."""
    if not name:
        raise BundleRejected("a member has an empty name")
    if len(name) > 512:
        raise BundleRejected(f"member name {_shown(name)} is longer than 512 characters")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise BundleRejected(f"member {_shown(name)} has an absolute path")
    if "\\" in name:
        raise BundleRejected(f"member {_shown(name)} contains a backslash")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BundleRejected(f"member {_shown(name)} contains control characters")
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        raise BundleRejected(f"member {_shown(name)} contains '..' (path traversal)")
    if any(p in ("", ".") for p in parts):
        raise BundleRejected(f"member {_shown(name)} has an empty or '.' path component")


def _check_type(info: zipfile.ZipInfo) -> None:
    if info.create_system == _UNIX:
        mode = info.external_attr >> 16
        if mode:
            if stat.S_ISLNK(mode):
                raise BundleRejected(f"member {_shown(info.filename)} is a symbolic link")
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
                raise BundleRejected(f"member {_shown(info.filename)} is a device, pipe or socket")
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
                raise BundleRejected(f"member {_shown(info.filename)} is not a regular file")
            if stat.S_ISDIR(mode) and not info.filename.endswith("/"):
                raise BundleRejected(f"member {_shown(info.filename)} is a directory without a trailing '/'")
    if info.flag_bits & 0x1:
        raise BundleRejected(f"member {_shown(info.filename)} is encrypted")
    if info.compress_type not in _ALLOWED_METHODS:
        raise BundleRejected(
            f"member {_shown(info.filename)} uses compression method {info.compress_type}; "
            "only stored and deflated members are accepted"
        )


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> list[zipfile.ZipInfo]:
    """Check every entry of the central directory; returns the file members (directories dropped)."""
    if len(infos) > limits.max_members:
        raise BundleRejected(f"the bundle has {len(infos)} members, more than the limit of {limits.max_members}")
    seen: dict[str, str] = {}
    for info in infos:
        name = info.filename
        check_name(name)
        _check_type(info)
        key = _folded(name)
        if key in seen:
            other = seen[key]
            detail = "twice" if other == name else f"twice (as {_shown(other)} and {_shown(name)})"
            raise BundleRejected(f"the bundle holds member {_shown(name)} {detail}")
        seen[key] = name
    files: list[zipfile.ZipInfo] = []
    declared = 0
    for info in infos:
        name = info.filename
        if name.lower().endswith(_NESTED_SUFFIXES):
            raise BundleRejected(f"member {_shown(name)} is a nested archive; bundles may not contain archives")
        if name.endswith("/"):
            if not layout.is_directory_entry(name) or info.file_size:
                raise BundleRejected(f"member {_shown(name)} is outside the bundle layout")
            continue
        if not layout.is_layout_member(name):
            if name.lower().endswith((".db", ".sqlite", ".sqlite3", "-wal", "-shm")) or "/index/" in f"/{name}":
                raise BundleRejected(f"member {_shown(name)} is a database or index file; bundles never carry them")
            raise BundleRejected(f"member {_shown(name)} is outside the bundle layout")
        if info.file_size > limits.max_member_bytes:
            raise BundleRejected(
                f"member {_shown(name)} declares {info.file_size} bytes, more than the limit of "
                f"{limits.max_member_bytes}"
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleRejected(
                f"member {_shown(name)} would inflate {info.file_size / max(info.compress_size, 1):.0f} times; "
                f"the limit is {limits.max_ratio:.0f}:1 (a zip bomb?)"
            )
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise BundleRejected(
                f"the members declare more than {limits.max_total_bytes} bytes in total, the limit"
            )
        files.append(info)
    return files


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    limits = budget.limits
    name = info.filename
    buf = bytearray()
    with zf.open(info) as fh:
        while True:
            try:
                chunk = fh.read(limits.chunk_bytes)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise BundleRejected(f"member {_shown(name)} is damaged ({str(exc)[:100]}); the bundle was altered "
                                     "or not copied completely") from None
            if not chunk:
                break
            buf += chunk
            budget.total += len(chunk)
            if len(buf) > info.file_size:
                raise BundleRejected(f"member {_shown(name)} holds more bytes than its header declares")
            if len(buf) > limits.max_member_bytes:
                raise BundleRejected(
                    f"member {_shown(name)} is larger than the limit of {limits.max_member_bytes} bytes")
            if budget.total > limits.max_total_bytes:
                raise BundleRejected(f"the bundle inflates past the limit of {limits.max_total_bytes} bytes")
            if len(buf) > limits.ratio_floor_bytes and len(buf) > limits.max_ratio * max(info.compress_size, 1):
                raise BundleRejected(
                    f"member {_shown(name)} inflates more than {limits.max_ratio:.0f}:1 (a zip bomb?)"
                )
    if len(buf) != info.file_size:
        raise BundleRejected(f"member {_shown(name)} is shorter than its header declares")
    data = bytes(buf)
    if data.startswith(_NESTED_MAGIC):
        raise BundleRejected(f"member {_shown(name)} is an archive or database; bundles may not contain them")
    return data


def read_members(path: str | os.PathLike[str], limits: Limits = layout.DEFAULT_LIMITS) -> dict[str, bytes]:
    """All file members of the bundle at ``path``, checked and read into memory."""
    path = Path(path)
    try:
        if not path.is_file():
            raise BundleRejected(f"{path} is not a file")
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRejected(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > limits.max_bundle_bytes:
        raise BundleRejected(f"the bundle is {size} bytes, more than the limit of {limits.max_bundle_bytes}")
    try:
        with zipfile.ZipFile(path) as zf:
            files = check_members(zf.infolist(), limits)
            budget = _Budget(limits)
            return {info.filename: _read_member(zf, info, budget) for info in files}
    except BundleRejected:
        raise
    except ZIP_ERRORS as exc:
        raise BundleRejected(f"the bundle is not a readable ZIP file: {type(exc).__name__}: {str(exc)[:160]}") from None
