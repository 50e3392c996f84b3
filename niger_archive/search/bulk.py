"""Owns bulk sessions of the search index: one writer for a large import or a rebuild.

``SearchIndex.bulk()`` opens a :class:`BulkSession` (or its stand-in in a child process,
``writer_process``, which runs a ``BulkSession`` there): every ``add`` and ``delete`` until the end
goes to one writer that commits a new segment every ``commit_every`` documents, and the session
compacts worn segments when it closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.writing import NO_MERGE

from ..core.errors import ArchiveError
from .index import ADD_LIMIT_MB, BULK_LIMIT_MB, PROGRESS_EVERY
from .storage import busy_error
from .schema import document_fields

if TYPE_CHECKING:
    from .index import SearchIndex


class BulkSession:
    """The writer of a bulk session (``SearchIndex.bulk``), used under the index's write lock (in this
    process, or alone in the writer process)."""

    def __init__(self, index: SearchIndex, commit_every: int) -> None:
        self.index = index
        self.commit_every = max(1, int(commit_every))
        self.writer: Any = None  # the open Whoosh writer (Whoosh ships no type information)
        self.committed: set[str] = set()  # ids in the committed index (read once, then kept current)
        self.uncommitted: set[str] = set()  # ids added to the open writer
        self.deferred: set[str] = set()  # ids deleted while only the open writer had them
        self.after_commit: Callable[[], None] | None = None  # called after each commit (the writer process frees memory)
        searcher: Any = index._get_searcher  # the index's Whoosh side carries no annotations
        with index._read_lock:
            reader = searcher().reader()
            self.committed = {term.decode("utf-8") for term in reader.lexicon("id")}

    def _open(self) -> Any:
        if self.writer is None:
            self.writer = self.index._writer(BULK_LIMIT_MB)
        return self.writer

    def open(self) -> None:
        """Takes the index's write lock now (ArchiveError if another writer keeps it)."""
        try:
            self._open()
        except windex.LockError as exc:
            raise busy_error(self.index.index_dir, self.index.lock_timeout) from exc

    def add(self, docs: Iterable[dict[str, Any]], progress: Callable[[int], None] | None) -> int:
        count = 0
        try:
            for doc in docs:
                fields = document_fields(doc)
                key = fields["id"]
                if key in self.uncommitted:  # Whoosh can only replace committed documents
                    self.commit()
                writer = self._open()
                if key in self.committed:
                    writer.delete_by_term("id", key)
                    self.committed.discard(key)
                self.deferred.discard(key)
                writer.add_document(**fields)
                self.uncommitted.add(key)
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
                if len(self.uncommitted) >= self.commit_every:
                    self.commit()
        except windex.LockError as exc:
            raise busy_error(self.index.index_dir, self.index.lock_timeout) from exc
        except OSError as exc:
            self.cancel()
            raise ArchiveError(f"cannot write the search index in {self.index.index_dir}: {exc}") from exc
        if progress is not None and count % PROGRESS_EVERY:
            progress(count)
        return count

    def delete(self, ids: Iterable[int]) -> int:
        removed = 0
        for i in ids:
            key = str(int(i))
            if key in self.uncommitted:
                self.deferred.add(key)
                removed += 1
            elif key in self.committed:
                self._open().delete_by_term("id", key)
                self.committed.discard(key)
                removed += 1
        return removed

    def forget(self, ids: Iterable[int]) -> None:
        self.delete(ids)

    def checkpoint(self) -> None:
        self.commit()

    def commit(self) -> None:
        """Commits the open writer as a new segment (segments are not merged here: merging re-reads
        and re-writes every posting), then removes what was deleted while uncommitted."""
        writer, self.writer = self.writer, None
        if writer is not None:
            try:
                writer.commit(mergetype=NO_MERGE)
            except BaseException:
                writer.cancel()
                raise
        self.committed |= self.uncommitted
        self.uncommitted = set()
        if self.deferred:
            deferred, self.deferred = self.deferred, set()
            writer = self.index._writer(ADD_LIMIT_MB)
            try:
                for key in deferred:
                    writer.delete_by_term("id", key)
                writer.commit(mergetype=NO_MERGE)
            except BaseException:
                writer.cancel()
                raise
            self.committed -= deferred
        self.index._refresh()
        if self.after_commit is not None:
            self.after_commit()

    def cancel(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.cancel()
        self.uncommitted = set()

    def close(self) -> None:
        """Commits, then compacts the index if this session left segments worn: a catch-up that
        re-indexes many articles (after bulk annotating) would otherwise leave their superseded
        copies on disk, a third more index at 10k articles (docs/performance.md)."""
        try:
            self.commit()
            if self.index._compact():
                self.index._refresh()
        except windex.LockError as exc:
            raise busy_error(self.index.index_dir, self.index.lock_timeout) from exc
        except OSError as exc:
            raise ArchiveError(f"cannot write the search index in {self.index.index_dir}: {exc}") from exc
