"""Owns the untouched original bytes: a content-addressed folder keyed by SHA-256, written once, gzipped."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import ArchiveError

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
PACKED_SUFFIX = ".gz"
TEMP_SUFFIX = ".tmp"
LEVEL = 6  # zlib level: 9 is no smaller on news text and slower; 1 is a tenth bigger
_GZIP_WBITS = 31  # zlib's gzip container: the files open with gunzip, zcat, 7-Zip


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class OriginalsStore:
    """``originals/ab/abcdef….gz``: one gzip file per distinct original, never modified after it is written.

    The SHA-256 in the name is that of the original (uncompressed) bytes, and :meth:`get` gives
    those bytes back exactly. Archives made before originals were compressed hold plain files named
    ``originals/ab/abcdef…``: they are read as they are, never rewritten.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def _base(self, sha256: str) -> Path:
        if not isinstance(sha256, str) or not _SHA_RE.match(sha256):
            raise ArchiveError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def path_for(self, sha256: str) -> Path:
        """The file that holds the original: ``<sha256>.gz``, or the plain ``<sha256>`` of an older
        archive; for an original not stored (yet), the ``.gz`` file it is written to."""
        base = self._base(sha256)
        packed = base.with_name(base.name + PACKED_SUFFIX)
        if not packed.exists() and base.exists():
            return base
        return packed

    def put(self, data: bytes, sha256: str | None = None) -> str:
        """Store ``data`` durably (compress, write a temp file, fsync, rename, fsync the folder) and
        return its SHA-256. An original already stored intact is left as it is."""
        digest = sha256 or sha256_of(data)
        target = self.path_for(digest)
        if target.exists() and self.verify(digest):
            return digest
        target = self._base(digest).with_name(digest + PACKED_SUFFIX)
        packed = zlib.compress(data, LEVEL, _GZIP_WBITS)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot write the original file {target}: {exc.strerror or exc}") from exc
        tmp = target.with_name(f".{digest}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")
        try:
            with open(tmp, "wb") as fh:
                fh.write(packed)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ArchiveError(f"cannot write the original file {target}: {exc.strerror or exc}") from exc
        return digest

    def get(self, sha256: str) -> bytes:
        """The original bytes, exactly as imported (ArchiveError when missing or damaged)."""
        path = self.path_for(sha256)
        try:
            stored = path.read_bytes()
        except FileNotFoundError as exc:
            raise ArchiveError(f"the original {sha256} is missing from {self.root}") from exc
        except OSError as exc:
            raise ArchiveError(f"cannot read the original {path}: {exc.strerror or exc}") from exc
        if path.name.endswith(PACKED_SUFFIX):
            return _gunzip(stored, path)
        return stored

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def verify(self, sha256: str) -> bool:
        """True when the stored original is readable and its bytes still hash to its name."""
        try:
            return sha256_of(self.get(sha256)) == sha256
        except ArchiveError:
            return False

    def remove(self, sha256: str) -> None:
        """Delete the original (either form); nothing happens when it is not there."""
        base = self._base(sha256)
        for path in (base.with_name(base.name + PACKED_SUFFIX), base):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise ArchiveError(f"cannot remove the original file {path}: {exc.strerror or exc}") from exc

    def files(self) -> Iterator[tuple[str | None, Path]]:
        """Every file in the store as ``(sha256, path)``; ``sha256`` is None for the temp file of a
        write that never finished. Files the store did not make are left out (and left alone)."""
        try:
            folders = sorted(p for p in self.root.iterdir() if p.is_dir())
        except OSError:
            return
        for folder in folders:
            try:
                paths = sorted(folder.iterdir())
            except OSError:
                continue
            for path in paths:
                name = path.name
                if name.endswith(TEMP_SUFFIX):
                    yield None, path
                    continue
                digest = name.removesuffix(PACKED_SUFFIX)
                if _SHA_RE.match(digest) and digest.startswith(folder.name):
                    yield digest, path


def _gunzip(stored: bytes, path: Path) -> bytes:
    decompressor = zlib.decompressobj(_GZIP_WBITS)
    try:
        data = decompressor.decompress(stored)
    except zlib.error as exc:
        raise ArchiveError(f"the original {path} is damaged ({exc})") from exc
    if not decompressor.eof or decompressor.unused_data:
        raise ArchiveError(f"the original {path} is damaged (cut short, or bytes added after its end)")
    return data
