"""Owns the index's files as Whoosh reads them (through memory maps) and how failing to write them,
or finding them held by another writer, is said."""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from ..core.errors import ArchiveError
from ..core.messages import Message


class MappedStorage(FileStorage):
    """A folder of index files whose files are read through memory maps, each file's pages shared with
    the system's file cache, nothing copied up front.

    Why not plain files: reading a plain file takes Python's ``read()`` down to the system, and every
    such call lets go of the interpreter lock and takes it back at once. A thread that does that
    more often than the lock's switch interval (5 ms) keeps another thread that waits for the lock
    waiting, interval after interval: a search on the search thread (about 1,200 small reads at 10k
    articles) held the interface thread off for 30 to 120 ms at a time, so typing stuttered. Reading a
    mapped file is copying memory, the lock stays held, and the waiting thread gets it within one
    interval. Why not Whoosh's compound segments (also mapped): Whoosh copies each part it opens into
    a ``BytesIO``, the whole index in each searching process's memory. An empty file cannot be mapped
    and is opened as a plain one."""

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(os.path.join(self.folder, name), "rb") as f:
            try:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file
                return super().open_file(name, **kwargs)  # type: ignore[no-untyped-call, no-any-return]
        return StructFile(mapped, name=name, **kwargs)  # type: ignore[arg-type]  # file-like: read, seek, tell


def write_error(index_dir: Path, exc: OSError) -> ArchiveError:
    """The one way a failed write to the index is said (every writer: add, rebuild, merge)."""
    return ArchiveError(Message("cannot write the search index in {folder}: {detail}",
                                folder=str(index_dir), detail=str(exc)))


def busy_error(index_dir: Path, timeout: float) -> ArchiveError:
    return ArchiveError(Message(
        "search index is busy: another writer has held {folder} for more than {seconds} s; try again when the other "
        "import or edit has finished", folder=str(index_dir), seconds=f"{timeout:g}"))


def merge_busy(index_dir: Path) -> ArchiveError:
    return ArchiveError(Message("search index is busy: another writer holds {folder}; its segments are merged once "
                                "the import or edit has finished", folder=str(index_dir)))
