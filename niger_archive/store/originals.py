"""Owns the untouched original bytes: a content-addressed folder keyed by SHA-256, written once."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..core.errors import ArchiveError

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OriginalsStore:
    """``originals/ab/abcdef…``: one file per distinct original, never modified after it is written."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _SHA_RE.match(sha256):
            raise ArchiveError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str | None = None) -> str:
        """Store ``data`` durably (write, fsync, rename) and return its SHA-256."""
        digest = sha256 or sha256_of(data)
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ArchiveError(f"cannot write the original file {target}: {exc.strerror or exc}") from exc
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            return self.path_for(sha256).read_bytes()
        except OSError as exc:
            raise ArchiveError(f"the original {sha256} is missing from {self.root}") from exc

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        try:
            return sha256_of(self.path_for(sha256).read_bytes()) == sha256
        except OSError:
            return False
