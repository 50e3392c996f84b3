"""Owns keeping the search index in step with the store: opening it, catching it up, re-indexing.

The Whoosh index is derived from SQLite. :class:`IndexKeeper` holds one archive's index and brings it
up to date: the queue of articles edited since their last indexing (``flush``), a catch-up after a
crash or a failed import (``repair``), a full rebuild (``reindex``, in one bulk session so the index is
left in a few segments), and, for a read-only archive without a usable index, a temporary one built
from the store. The :class:`~.archive.Archive` makes one keeper and keeps thin methods for its callers
(``flush_index``, ``reindex``, ``repair_index``, ``index_ids``, ``index_documents``).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..core.errors import ArchiveError, NigerArchiveError
from ..core.models import Progress
from ..store import index_queue
from ..store.database import DatabaseError

if TYPE_CHECKING:  # the search engine loads on first use
    from ..search import SearchIndex
    from .ports import ArchiveStore

log = logging.getLogger(__name__)

BULK_INDEX_MIN = 2000  # indexing this many articles at once goes through a bulk session
INDEX_DIR = "index"
DOCUMENT_CHUNK = 500  # articles read from the store per batch of search documents


@dataclass(frozen=True)
class IndexTidied:
    """What tidying the search index did: ``merged`` segments into one (0: it did not need it), the
    ``segments`` it has now; ``cancelled`` before it committed, or not done now (``not_now``: why)."""

    merged: int
    segments: int
    cancelled: bool = False
    not_now: str = ""


class IndexKeeper:
    """One archive's search index (``<archive>/index``) and its upkeep.

    The index is opened on first use. A read-only archive gets its own index when that is readable
    and complete, else a temporary copy built from the store (removed by :meth:`close`).
    """

    def __init__(self, archive: ArchiveStore) -> None:
        self.archive = archive
        self.folder = archive.root / INDEX_DIR
        self._index: SearchIndex | None = None
        self._temp_dir: Path | None = None

    # --- the index itself ----------------------------------------------------------------------
    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            from ..search import SearchIndex

            self._index = self._readonly_index() if self.archive.readonly else SearchIndex.open(self.folder)
        return self._index

    @property
    def is_open(self) -> bool:
        return self._index is not None

    def close(self) -> None:
        """Close the index (and remove a read-only archive's temporary copy). Safe to call twice."""
        try:
            if self._index is not None:
                self._index.close()
                self._index = None
        finally:
            if self._temp_dir is not None:
                shutil.rmtree(self._temp_dir, ignore_errors=True)
                self._temp_dir = None

    def _readonly_index(self) -> SearchIndex:
        """For a read-only archive: the archive's index when it is readable and complete, else a
        temporary one built from the store (removed at close)."""
        from ..search import SearchIndex

        expected = len(self.archive.current_ids())
        if self.folder.is_dir():
            try:
                found = SearchIndex.open(self.folder)
            except (NigerArchiveError, OSError, DatabaseError) as exc:
                log.info("read-only archive %s: its search index cannot be used (%s)", self.archive.root, exc)
            else:
                if not found.needs_rebuild and found.count() == expected:
                    return found
                found.close()
        self._temp_dir = Path(tempfile.mkdtemp(prefix="niger-archive-index-"))
        temp = SearchIndex.open(self._temp_dir / INDEX_DIR)
        temp.rebuild(self.documents())
        self.archive.open_notes.append("the archive's search index was incomplete; searches use a temporary copy")
        return temp

    def ids(self) -> set[int]:
        """Ids in the search index (empty when there is no index folder; none is created)."""
        if self.archive.readonly or self._index is not None or self.folder.exists():
            return self.index.ids()
        return set()

    # --- what goes in ------------------------------------------------------------------------------
    def documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        """Search documents: article fields plus notes, tags, claims, verdicts and entity names."""
        archive = self.archive
        ids = list(ids) if ids is not None else archive.current_ids()
        for start in range(0, len(ids), DOCUMENT_CHUNK):
            chunk = ids[start : start + DOCUMENT_CHUNK]
            extra = archive.annotations.search_fields(chunk)
            for doc in archive.articles.search_documents(chunk):
                doc.update(extra.get(doc["id"], {}))
                yield doc

    def add(self, ids: list[int], remove: Iterable[int] = ()) -> None:
        """(Re-)index the articles ``ids`` and take ``remove`` out of the index."""
        removed = list(remove)
        index = self.index
        if len(ids) >= BULK_INDEX_MIN and not index.in_bulk:
            # Many at once (a catch-up after bulk annotating, a repair): one bulk session, its writer
            # in a process of its own.
            with index.bulk(process=(os.cpu_count() or 1) > 1):
                self.add(ids, removed)
            return
        if removed:
            index.remove(removed)
        if ids:
            index.add(self.documents(ids))

    # --- keeping it in step ------------------------------------------------------------------------
    def flush(self) -> int:
        """Bring the index up to date for articles whose annotations changed; returns how many."""
        archive = self.archive
        if archive.readonly or archive.closed:
            return 0
        queued = index_queue.queued(archive.db)
        if not queued:
            return 0
        current = set(archive.current_ids())
        self.add([i for i in queued if i in current], remove=[i for i in queued if i not in current])
        with archive.writing():
            index_queue.dequeue(archive.db, queued)
        return len(queued)

    def repair(self, *, full: bool = False) -> list[str]:
        """Bring the search index up to date with the store, as opening does after a crash.

        Rebuilt when missing or unreadable; otherwise, when the counts differ (or with ``full``),
        the ids are compared and the missing added and the extra removed; then the queue of
        articles edited since their last indexing is flushed. Returns what was done (also added to
        the archive's open notes). Failures are reported in the notes, not raised: the index is
        derived and ``check --repair`` can retry.
        """
        notes: list[str] = []
        try:
            index = self.index
            store_ids = self.archive.current_ids()
            if index.needs_rebuild:
                if store_ids:
                    for _ in self.reindex():
                        pass
                    notes.append(f"search index rebuilt ({len(store_ids)} articles): it was missing or unreadable")
            elif full or index.count() != len(store_ids):
                index_ids = index.ids()
                missing = sorted(set(store_ids) - index_ids)
                extra = sorted(index_ids - set(store_ids))
                if missing or extra:
                    self.add(missing, remove=extra)
                    notes.append(f"search index caught up: {len(missing)} articles added, {len(extra)} removed")
            flushed = self.flush()
            if flushed:
                notes.append(f"search index refreshed for {flushed} articles edited before the last close")
        except (NigerArchiveError, DatabaseError) as exc:
            notes.append(f"the search index could not be brought up to date now ({exc}); "
                         "run `niger-archive check --repair`")
        self.archive.open_notes.extend(notes)
        return notes

    def reindex(self, batch: int = 2000) -> Iterator[Progress]:
        """Rebuild the search index from the store, yielding progress after each batch."""
        from ..search import SearchIndex

        self.archive.require_writable("rebuilding the search index")
        ids = self.archive.current_ids()
        total = len(ids)
        yield Progress(0, total, "rebuilding the search index")
        if self._index is not None:
            self._index.close()
            self._index = None
        SearchIndex.destroy(self.folder)
        index = self.index
        # One bulk session (a writer in a process of its own for large archives): a few segments,
        # not one per batch.
        with index.bulk(process=total >= 2 * batch and (os.cpu_count() or 1) > 1):
            for start in range(0, total, batch):
                chunk = ids[start : start + batch]
                index.add(self.documents(chunk))
                yield Progress(start + len(chunk), total, "rebuilding the search index")
        yield Progress(total, total, "search index rebuilt")

    def tidy(self, cancelled: Callable[[], bool] | None = None) -> Iterator[Progress | IndexTidied]:
        """Merge the index's segments into one when it needs it (``SearchIndex.needs_merge``: what bulk
        imports leave), yielding progress and then an :class:`IndexTidied`.

        Searches go on answering meanwhile, from the segments as they were. ``cancelled()`` is asked
        throughout; when it says True the merge stops before it commits and the index is unchanged. The
        merge never waits for another writer (an import, an edit's re-index): it is then not done now.
        The queue of edited articles is flushed first, so a search during the merge has none to write."""
        from ..search import MergeCancelled

        self.archive.require_writable("tidying the search index")
        if self._index is None and not self.folder.exists():
            yield IndexTidied(0, 0)  # no index yet (nothing imported): none is made here
            return
        index = self.index
        segments = index.segment_count()
        if not index.needs_merge():
            yield IndexTidied(0, segments)
            return
        yield Progress(0, segments, "tidying the search index")
        try:
            self.flush()
            merged = index.merge(cancelled)
        except MergeCancelled:
            yield IndexTidied(0, segments, cancelled=True)
            return
        except ArchiveError as exc:  # busy, or a disk error: the index is as it was, and derived
            log.info("search index of %s not tidied now: %s", self.archive.root, exc)
            yield IndexTidied(0, segments, not_now=str(exc))
            return
        yield Progress(segments, segments, "search index tidied")
        yield IndexTidied(merged, index.segment_count())

    def ensure(self) -> bool:
        """Rebuild the index when it is missing or its size disagrees with the store; True if rebuilt."""
        expected = len(self.archive.current_ids())
        if self.folder.exists() and self.index.count() == expected:
            return False
        for _ in self.reindex():
            pass
        return True

    def ensure_present(self) -> None:
        """Build the index when its folder is missing and the store holds articles."""
        if self.archive.readonly:
            return  # the read-only index is complete by construction (see _readonly_index)
        if not self.folder.exists() and self.archive.articles.count():
            self.ensure()

    def refresh_for_search(self) -> None:
        """Before a search: the index exists and holds the latest edits (when they can be written)."""
        self.ensure_present()
        try:
            self.flush()
        except ArchiveError as exc:  # e.g. a full disk: answer from the index as it is; the queue stays
            log.warning("search index of %s not refreshed before searching: %s", self.archive.root, exc)
