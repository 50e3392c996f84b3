"""Owns reading a bundle ZIP safely: member-name, type and size checks, byte-counted reads.

Nothing is ever extracted to disk. Every member is checked from the central directory before any
byte is decompressed (names, duplicates after NFC + case folding, symlinks and devices, encryption,
compression method, nested archives, the layout, declared sizes), then read in chunks with counters
that stop at the limits whatever the headers declare.

The limits bound the total work and memory, not how well a member compresses: a page with megabytes
of white space, or a long note, compresses a thousandfold and is honest, and what this program exports
it imports. Members the import uses are read into memory, up to ``max_total_bytes`` in all. Members it
only verifies (``layout.VERIFIED_ONLY``: the report, the CSV, the ClaimReview copy) are streamed
through SHA-256 (and any other algorithm the bag's payload manifests name) and kept as a
``Streamed`` (size and digests), and together may hold at most
``verified_floor_bytes + verified_per_used`` times what the import uses.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BundleRejected
from ..core.messages import N_, Message
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
        raise BundleRejected(N_("a member has an empty name"))
    if len(name) > 512:
        raise BundleRejected(Message("member name {name} is longer than 512 characters", name=_shown(name)))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise BundleRejected(Message("member {name} has an absolute path", name=_shown(name)))
    if "\\" in name:
        raise BundleRejected(Message("member {name} contains a backslash", name=_shown(name)))
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BundleRejected(Message("member {name} contains control characters", name=_shown(name)))
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        raise BundleRejected(Message("member {name} contains '..' (path traversal)", name=_shown(name)))
    if any(p in ("", ".") for p in parts):
        raise BundleRejected(Message("member {name} has an empty or '.' path component", name=_shown(name)))


def _check_type(info: zipfile.ZipInfo) -> None:
    if info.create_system == _UNIX:
        mode = info.external_attr >> 16
        if mode:
            if stat.S_ISLNK(mode):
                raise BundleRejected(Message("member {filename} is a symbolic link", filename=_shown(info.filename)))
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
                raise BundleRejected(Message("member {filename} is a device, pipe or socket", filename=_shown(info.filename)))
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
                raise BundleRejected(Message("member {filename} is not a regular file", filename=_shown(info.filename)))
            if stat.S_ISDIR(mode) and not info.filename.endswith("/"):
                raise BundleRejected(Message("member {filename} is a directory without a trailing '/'",
                                             filename=_shown(info.filename)))
    if info.flag_bits & 0x1:
        raise BundleRejected(Message("member {filename} is encrypted", filename=_shown(info.filename)))
    if info.compress_type not in _ALLOWED_METHODS:
        raise BundleRejected(
            Message("member {filename} uses compression method {compress_type}; only stored and deflated members are accepted",
                    filename=_shown(info.filename), compress_type=info.compress_type)
        )


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> list[zipfile.ZipInfo]:
    """Check every entry of the central directory; returns the file members (directories dropped)."""
    if len(infos) > limits.max_members:
        raise BundleRejected(Message("the bundle has {count_infos} members, more than the limit of {max_members}",
                                     count_infos=len(infos), max_members=limits.max_members))
    seen: dict[str, str] = {}
    for info in infos:
        name = info.filename
        check_name(name)
        _check_type(info)
        key = _folded(name)
        if key in seen:
            other = seen[key]
            if other == name:
                raise BundleRejected(Message("the bundle holds member {name} twice", name=_shown(name)))
            raise BundleRejected(Message("the bundle holds member {name} twice (as {other} and {name})",
                                         name=_shown(name), other=_shown(other)))
        seen[key] = name
    files: list[zipfile.ZipInfo] = []
    declared = 0
    for info in infos:
        name = info.filename
        if name.lower().endswith(_NESTED_SUFFIXES):
            raise BundleRejected(Message("member {name} is a nested archive; bundles may not contain archives",
                                         name=_shown(name)))
        if name.endswith("/"):
            if not layout.is_directory_entry(name) or info.file_size:
                raise BundleRejected(Message("member {name} is outside the bundle layout", name=_shown(name)))
            continue
        if not layout.is_layout_member(name):
            if name.lower().endswith((".db", ".sqlite", ".sqlite3", "-wal", "-shm")) or "/index/" in f"/{name}":
                raise BundleRejected(Message("member {name} is a database or index file; bundles never carry them",
                                             name=_shown(name)))
            raise BundleRejected(Message("member {name} is outside the bundle layout", name=_shown(name)))
        if info.file_size > limits.max_member_bytes:
            raise BundleRejected(
                Message("member {name} declares {file_size} bytes, more than the limit of {max_member_bytes}",
                        name=_shown(name), file_size=info.file_size, max_member_bytes=limits.max_member_bytes)
            )
        if name in layout.VERIFIED_ONLY:
            files.append(info)
            continue
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise BundleRejected(
                Message("the members declare more than {max_total_bytes} bytes in total, the limit",
                        max_total_bytes=limits.max_total_bytes)
            )
        files.append(info)
    verified_cap = _verified_cap(limits, declared)
    verified = sum(info.file_size for info in files if info.filename in layout.VERIFIED_ONLY)
    if verified > verified_cap:
        raise BundleRejected(_verified_message(verified, verified_cap, declared))
    return files


def _verified_cap(limits: Limits, used: int) -> int:
    return int(limits.verified_floor_bytes + limits.verified_per_used * used)


def _verified_message(size: int, cap: int, used: int) -> str:
    return (f"the report, CSV and ClaimReview members would inflate to {size} bytes, more than the "
            f"{cap} allowed beside {used} bytes of records and articles (a zip bomb?)")


@dataclass(frozen=True)
class Streamed:
    """A member that was only verified: read through the bag's checksum algorithms in chunks, never kept."""

    size: int
    digests: dict[str, str]  # algorithm -> hex digest, for every algorithm a manifest of the bag names

    @property
    def sha256(self) -> str:
        return self.digests["sha256"]


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0  # bytes of members the import uses, as read
        self.verified = 0  # bytes of verified-only members, as read
        self.verified_cap = 0


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget,
                 algorithms: tuple[str, ...] = ("sha256",)) -> bytes | Streamed:
    limits = budget.limits
    name = info.filename
    streamed = name in layout.VERIFIED_ONLY
    hashers = [hashlib.new(alg) for alg in algorithms] if streamed else []
    size = 0
    head = b""
    buf = bytearray()
    with zf.open(info) as fh:
        while True:
            try:
                chunk = fh.read(limits.chunk_bytes)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise BundleRejected(Message("member {name} is damaged ({exc}); the bundle was altered or not copied "
                                             "completely",
                                             name=_shown(name), exc=str(exc)[:100])) from None
            if not chunk:
                break
            size += len(chunk)
            if streamed:
                for hasher in hashers:
                    hasher.update(chunk)
                if len(head) < 32:
                    head += chunk[: 32 - len(head)]
                budget.verified += len(chunk)
                if budget.verified > budget.verified_cap:
                    raise BundleRejected(_verified_message(budget.verified, budget.verified_cap, budget.total))
            else:
                buf += chunk
                budget.total += len(chunk)
            if size > info.file_size:
                raise BundleRejected(Message("member {name} holds more bytes than its header declares", name=_shown(name)))
            if size > limits.max_member_bytes:
                raise BundleRejected(
                    Message("member {name} is larger than the limit of {max_member_bytes} bytes",
                            name=_shown(name), max_member_bytes=limits.max_member_bytes))
            if budget.total > limits.max_total_bytes:
                raise BundleRejected(Message("the bundle inflates past the limit of {max_total_bytes} bytes",
                                             max_total_bytes=limits.max_total_bytes))
    if size != info.file_size:
        raise BundleRejected(Message("member {name} is shorter than its header declares", name=_shown(name)))
    if (head if streamed else buf[:32]).startswith(_NESTED_MAGIC):
        raise BundleRejected(Message("member {name} is an archive or database; bundles may not contain them", name=_shown(name)))
    if streamed:
        return Streamed(size, {alg: h.hexdigest() for alg, h in zip(algorithms, hashers)})
    return bytes(buf)


def _streamed_algorithms(names) -> tuple[str, ...]:
    """The checksum algorithms the bag's payload manifests name (SHA-256 always): a streamed member is
    digested with each, so that every manifest can be checked without keeping its bytes."""
    algorithms = {"sha256"}
    for name in names:
        if name.startswith("manifest-") and name.endswith(".txt"):
            alg = name[len("manifest-"):-len(".txt")]
            if alg in layout.CHECKSUM_ALGORITHMS:
                algorithms.add(alg)
    return tuple(sorted(algorithms))


def read_members(path: str | os.PathLike[str], limits: Limits = layout.DEFAULT_LIMITS) -> dict[str, bytes | Streamed]:
    """All file members of the bundle at ``path``, checked; those the import uses read into memory,
    the others (``layout.VERIFIED_ONLY``) streamed through SHA-256, after the ones used."""
    path = Path(path)
    try:
        if not path.is_file():
            raise BundleRejected(Message("{path} is not a file", path=path))
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRejected(Message("cannot read {path}: {value}", path=path, value=exc.strerror or exc)) from None
    if size > limits.max_bundle_bytes:
        raise BundleRejected(Message("the bundle is {size} bytes, more than the limit of {max_bundle_bytes}",
                                     size=size, max_bundle_bytes=limits.max_bundle_bytes))
    try:
        with zipfile.ZipFile(path) as zf:
            files = check_members(zf.infolist(), limits)
            budget = _Budget(limits)
            used = [info for info in files if info.filename not in layout.VERIFIED_ONLY]
            verified = [info for info in files if info.filename in layout.VERIFIED_ONLY]
            out: dict[str, bytes | Streamed] = {info.filename: _read_member(zf, info, budget) for info in used}
            budget.verified_cap = _verified_cap(limits, budget.total)  # what was read, not what was declared
            algorithms = _streamed_algorithms(info.filename for info in files)
            out.update((info.filename, _read_member(zf, info, budget, algorithms)) for info in verified)
            return out
    except BundleRejected:
        raise
    except ZIP_ERRORS as exc:
        raise BundleRejected(Message("the bundle is not a readable ZIP file: {name}: {exc}",
                                     name=type(exc).__name__, exc=str(exc)[:160])) from None
