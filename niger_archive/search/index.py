"""Owns the on-disk search index: opening, locking, writing, searching and similar-article lookup.

Bulk sessions (one writer for a large import or a rebuild) are :mod:`.bulk`; the merge policies that
rewrite segments, :mod:`.merging`; the writers' posting pool, which spills sorted runs to disk,
:mod:`.postings`; what a search answers (hits, totals, the page's snippets) and the collector that
counts exactly up to a threshold, :mod:`.results`; the index's files read through memory maps and the
errors that say a write failed or another writer holds the index, :mod:`.storage`.

Safety notes on the engine (Whoosh):

* **Only open index folders this program made.** Opening a Whoosh index unpickles its table of
  contents (the schema), which runs code if someone planted a crafted file, so the index
  folder must be one we created inside the user's own archive folder, never a path taken from
  a bundle, download or other outside source. The folder carries a marker file (``MARKER``);
  a folder holding Whoosh files but no marker is refused with ArchiveError before anything is
  unpickled (this stops mistakes, such as pointing at another program's index; it is no
  defence against someone who can write to the archive folder).
* **Whoosh never fsyncs**, and a killed commit can leave stray segment files, an unfinished
  table of contents or a temporary folder behind. Opening ignores them and, when no other
  writer holds the lock, clears them away. If the index cannot be read at all (or was made
  with another ``SCHEMA_VERSION``), it is emptied and ``needs_rebuild`` is set: the index is a
  derived copy of the archive, and ``rebuild()`` restores it.
* **One writer at a time.** Whoosh's lock file is an OS lock (fcntl/msvcrt), released when a
  process dies, so a crash never leaves the index locked. A writer that waits longer than
  ``lock_timeout`` raises ``ArchiveError("search index is busy ...")``; Whoosh's LockError never
  escapes. Within one process, a thread lock makes threads queue instead of failing.
* **Fresh searchers, never ``Searcher.refresh()``** (see ``_get_searcher``).
* **Bounded searches.** Besides the query limits in ``querying``, collection runs under
  Whoosh's TimeLimitCollector (timer thread, never SIGALRM, so it works off the main thread);
  when time runs out the hits found so far are returned with ``timed_out=True``.
"""

from __future__ import annotations

import json
import logging
import random as _random
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import whoosh.util as _whoosh_util
from whoosh import index as windex
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.writing import CLEAR

from ..core.errors import ArchiveError, QueryError
from ..core.messages import N_, Message
from . import matcher_fixes  # noqa: F401 (patches Whoosh when imported)
from .merging import _expunge_superseded, _merge_all, _worn
from .postings import ChunkedPostingPool
from .querying import check_expansions, parse_query, positive_terms
from .schema import SCHEMA_VERSION, build_schema, document_fields
from .results import ExactThenTopCollector, SearchCancelled, SearchHit, SearchResults, page_snippets
from .storage import MappedStorage, busy_error, merge_busy, write_error

if TYPE_CHECKING:
    from .bulk import BulkSession

# Whoosh names segment and temporary files with the process-global ``random`` module. Anything that
# seeds it (a test framework, a library calling random.seed) makes two writers draw the same names and
# collide with files left by an earlier writer. Whoosh gets its own generator seeded by the OS.
_whoosh_util.random = _random.SystemRandom()



log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"
MARKER = "niger-archive-search.json"
SEARCH_TIME_LIMIT = 3.0  # seconds of collection before partial results are returned
TOTAL_EXACT_UP_TO = 1_000  # a page's total is exact up to this many matches, a lower bound beyond
STORED_CACHE = 50_000  # documents whose (id, title) a searcher remembers (a few MB)
COUNT_CHECK_EVERY = 4_096  # matches stepped through between looks at a count's cancel flag
ADD_LIMIT_MB = 64  # Whoosh pool memory for ordinary writes (its estimate; Python objects take about twice)
BULK_LIMIT_MB = 48  # ... for rebuilds and bulk imports: beyond it the pool spills sorted runs to disk
BULK_COMMIT_DOCS = 20_000  # a bulk session commits (one new segment) after this many documents
PROGRESS_EVERY = 200
# The index needs a merge (``SearchIndex.needs_merge``) when its segments other than the largest hold at
# least this share of its documents (a bulk import's 20,000-document segments, an import into an
# archive that had articles), or it has more than MERGE_MAX_SEGMENTS: the few small segments that
# ordinary edits add (Whoosh merges those on its own) do not make the whole index be rewritten.
MERGE_SMALL_SHARE = 0.05
MERGE_MAX_SEGMENTS = 8
MLT_TERMS = 20

_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
_TOC_TEMP = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\..+$")
_SEGMENT = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")
_OUR_FILE = re.compile(rf"^_?{INDEX_NAME}[_.]")


class SearchIndex:
    """Full-text index of the archive's articles (one folder, one writer at a time)."""

    def __init__(self, index_dir: Path, ix, *, lock_timeout: float, needs_rebuild: bool) -> None:
        self.index_dir = index_dir
        self.lock_timeout = lock_timeout
        self.needs_rebuild = needs_rebuild
        self._ix = ix
        self._searcher = None
        self._searcher_generation = -1
        self._stored_cache: tuple[Any, dict[int, tuple[int, str | None]]] = (None, {})
        self._write_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._bulk: BulkSession | None = None  # or the writer_process stand-in for one

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, index_dir: Path, *, lock_timeout: float = 10.0, mapped: bool = True) -> SearchIndex:
        """Opens the index in index_dir, creating it (and the folder) if missing.

        ``needs_rebuild`` is True on the returned index when it was just created or had to be
        emptied (unreadable, or another schema version): fill it with ``rebuild()``. ``mapped``
        reads the segments through memory maps (``MappedStorage``); the writer process, which only
        reads segments to merge them, reads them as plain files.
        """
        storage_class = MappedStorage if mapped else FileStorage
        index_dir = Path(index_dir)
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(Message("cannot create the search index folder {folder}: {detail}",
                                       folder=str(index_dir), detail=str(exc))) from exc
        marker = index_dir / MARKER
        # Not windex.exists_in(): that opens (unpickles) the index before we know it is ours.
        if any(_TOC.match(p.name) for p in index_dir.iterdir()):
            if not marker.exists():
                raise ArchiveError(Message(
                    "{folder} holds a search index that Niger Archive did not make; refusing to open it (move it away "
                    "or choose another folder)", folder=str(index_dir)))
            try:
                version = json.loads(marker.read_text(encoding="utf-8")).get("schema_version")
            except (OSError, ValueError, AttributeError):
                version = None
            if version == SCHEMA_VERSION:
                try:
                    ix = storage_class(str(index_dir)).open_index(INDEX_NAME)
                    ix.doc_count()
                except Exception as exc:  # unreadable TOC/segments: anything Whoosh may raise
                    log.warning("search index %s is unreadable (%s); it will be rebuilt", index_dir, exc)
                else:
                    idx = cls(index_dir, ix, lock_timeout=lock_timeout, needs_rebuild=False)
                    idx._clear_strays()
                    return idx
            else:
                log.info("search index %s has schema %r, not %r; rebuilding", index_dir, version, SCHEMA_VERSION)
        ix = cls._reset(index_dir, lock_timeout, storage_class)
        return cls(index_dir, ix, lock_timeout=lock_timeout, needs_rebuild=True)

    @staticmethod
    def _reset(index_dir: Path, lock_timeout: float, storage_class: type[FileStorage] = FileStorage):
        """Empties index_dir of index files and creates an empty index, holding the write lock."""
        lock_name = f"{INDEX_NAME}_WRITELOCK"
        lock = FileStorage(str(index_dir)).lock(lock_name)
        deadline = time.monotonic() + lock_timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise busy_error(index_dir, lock_timeout)
            time.sleep(0.1)
        try:
            SearchIndex._remove_index_files(index_dir, keep={lock_name})
            try:
                # The marker first: a crash between the two leaves a marked folder without an
                # index (recreated on the next open), never an index we would refuse as foreign.
                (index_dir / MARKER).write_text(
                    json.dumps({"schema_version": SCHEMA_VERSION, "engine": "whoosh"}), encoding="utf-8"
                )
                return storage_class(str(index_dir)).create_index(build_schema(), indexname=INDEX_NAME)
            except OSError as exc:
                raise ArchiveError(Message("cannot create the search index in {folder}: {detail}",
                                                   folder=str(index_dir), detail=str(exc))) from exc
        finally:
            lock.release()

    @staticmethod
    def _remove_index_files(index_dir: Path, keep: frozenset[str] | set[str] = frozenset()) -> None:
        if not index_dir.is_dir():
            return
        for path in index_dir.iterdir():
            if path.name in keep or (path.name != MARKER and not _OUR_FILE.match(path.name)):
                continue
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError as exc:
                raise ArchiveError(Message("cannot remove search index file {path}: {detail}", path=str(path),
                                                   detail=str(exc))) from exc

    def _clear_strays(self) -> None:
        """Removes what a killed writer left behind, if no live writer holds the lock."""
        names = {p.name for p in self.index_dir.iterdir()}
        with self._ix.reader() as reader:
            segments = [leaf.segment() for leaf, _ in reader.leaf_readers()]
        live = {segment.segment_id() for segment in segments if segment is not None}
        segment_files = {m.group(1) for m in map(_SEGMENT.match, names) if m}
        tocs = [n for n in names if _TOC.match(n)]
        toc_temps = [n for n in names if _TOC_TEMP.match(n)]
        strays = (segment_files - live) or len(tocs) > 1 or toc_temps or f"{INDEX_NAME}.tmp" in names
        if not strays:
            return
        try:
            writer = self._ix.writer(timeout=0.0)
        except windex.LockError:
            return  # someone is writing right now: their files are not stray
        try:
            writer.commit(merge=False)  # a new generation; Whoosh deletes unreferenced files
            for name in toc_temps:
                (self.index_dir / name).unlink(missing_ok=True)
            log.info("search index %s: cleared files left by an interrupted write", self.index_dir)
        except OSError as exc:
            log.warning("search index %s: could not clear stray files (%s)", self.index_dir, exc)

    def close(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @staticmethod
    def destroy(index_dir: Path) -> None:
        """Removes all index files (and the folder if nothing else is left in it)."""
        index_dir = Path(index_dir)
        SearchIndex._remove_index_files(index_dir)
        try:
            index_dir.rmdir()
        except OSError:
            pass  # not empty (someone else's files) or already gone

    # ------------------------------------------------------------------ writing

    def _writer(self, limitmb: int):
        try:
            # compound=False: a segment stays a set of plain files, read through the OS's cache. Whoosh
            # reads a compound segment through a memory map but copies every part it opens into a
            # BytesIO: each process that searches would hold the whole index in memory (163 MB at
            # 10k articles; about 1 GB at 100k). Searching plain files is about 7 % slower.
            writer = self._ix.writer(timeout=self.lock_timeout, limitmb=limitmb, procs=1, compound=False)
        except windex.LockError as exc:
            raise busy_error(self.index_dir, self.lock_timeout) from exc
        writer.pool = ChunkedPostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
        return writer

    def _write(self, docs: Iterable[dict], *, clear: bool, progress: Callable[[int], None] | None) -> int:
        """Adds docs with one writer; upserts unless clear (then replaces everything atomically).

        Whoosh can only replace *committed* documents, so when the same id appears twice in
        one batch the batch is committed up to that point and continued with a new writer.
        """
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise busy_error(self.index_dir, self.lock_timeout)
        if self._bulk is not None and not clear:
            try:
                return self._bulk.add(docs, progress)
            finally:
                self._write_lock.release()
        try:
            limitmb = BULK_LIMIT_MB if clear else ADD_LIMIT_MB
            writer = self._writer(limitmb)
            upsert = not clear and self._ix.doc_count_all() > 0
            pending_clear = clear
            seen: set[str] = set()
            count = 0
            try:
                for doc in docs:
                    fields = document_fields(doc)
                    if fields["id"] in seen:
                        committing, writer = writer, None
                        committing.commit(mergetype=CLEAR) if pending_clear else committing.commit()
                        pending_clear = False
                        writer = self._writer(limitmb)
                        upsert = True
                        seen.clear()
                    seen.add(fields["id"])
                    if upsert:
                        writer.update_document(**fields)
                    else:
                        writer.add_document(**fields)
                    count += 1
                    if progress is not None and count % PROGRESS_EVERY == 0:
                        progress(count)
                committing, writer = writer, None
                committing.commit(mergetype=CLEAR) if pending_clear else committing.commit()
            except BaseException:
                if writer is not None:
                    writer.cancel()
                raise
            if progress is not None and count % PROGRESS_EVERY:
                progress(count)
            return count
        except windex.LockError as exc:
            raise busy_error(self.index_dir, self.lock_timeout) from exc
        except OSError as exc:
            raise write_error(self.index_dir, exc) from exc
        finally:
            self._write_lock.release()
            self._refresh()

    def add(self, docs: Iterable[dict]) -> int:
        """Adds or replaces (by ``id``) every document of docs with one writer; returns the count."""
        return self._write(docs, clear=False, progress=None)

    def rebuild(self, docs: Iterable[dict], progress: Callable[[int], None] | None = None) -> int:
        """Replaces the whole index with docs (atomically: until the commit, searches see the old
        index); progress(n) is called every few hundred documents. Returns the count."""
        count = self._write(docs, clear=True, progress=progress)
        self.needs_rebuild = False
        return count

    @contextmanager
    def _writing(self, limitmb: int) -> Iterator[Any]:
        """One Whoosh writer under the write lock: the body commits it; an error cancels it. Lock and
        disk errors become ArchiveError; the cached searcher is dropped afterwards."""
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise busy_error(self.index_dir, self.lock_timeout)
        try:
            writer = self._writer(limitmb)
            try:
                yield writer
            except BaseException:
                writer.cancel()
                raise
        except windex.LockError as exc:
            raise busy_error(self.index_dir, self.lock_timeout) from exc
        except OSError as exc:
            raise write_error(self.index_dir, exc) from exc
        finally:
            self._write_lock.release()
            self._refresh()

    @property
    def in_bulk(self) -> bool:
        """Whether a bulk session is open (writes go through it)."""
        return self._bulk is not None

    @contextmanager
    def bulk(self, commit_every: int = BULK_COMMIT_DOCS, *, process: bool = False) -> Iterator[None]:
        """A bulk session (a large import): every ``add`` and ``delete`` until the end goes to one
        writer that commits every ``commit_every`` documents and at the end, instead of one writer
        and one new segment per call.

        Documents added are searchable after the next commit. New ids are added without the
        look-up an update needs; the writer's pool is bounded (``BULK_LIMIT_MB``) and spills to
        disk, so memory stays flat however many documents come. Leaving the block commits what was
        added, also when the block ends with an exception (files imported before a cancel or an
        error stay searchable); if the commit itself fails, the writer is cancelled and the error
        raised: the store is unaffected and ``Archive.repair_index`` catches the index up.

        With ``process``, the writing runs in a child process (``writer_process``) while this one
        goes on with its own work; if the child cannot start, the session runs here instead.
        """
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise busy_error(self.index_dir, self.lock_timeout)
        try:
            if self._bulk is not None:
                raise RuntimeError("a bulk session is already open on this index")
            from .bulk import BulkSession

            session = None
            if process:
                from .writer_process import WriterProcess

                try:
                    session = WriterProcess(self.index_dir, commit_every, self.lock_timeout)
                except ArchiveError as exc:
                    log.warning("search index writer process not started (%s); writing in this process", exc)
            self._bulk = session or BulkSession(self, commit_every)
        finally:
            self._write_lock.release()
        try:
            yield
        finally:
            with self._write_lock:
                session, self._bulk = self._bulk, None
                try:
                    session.close()
                finally:
                    self._refresh()

    def optimize(self) -> None:
        """Merges every segment into one (after a bulk import): faster searches and a smaller index."""
        with self._writing(BULK_LIMIT_MB) as writer:
            writer.commit(optimize=True)

    def segment_count(self) -> int:
        """How many segments the committed index has (each search sets its matchers up once per segment)."""
        return len(self._ix._segments())

    def needs_merge(self) -> bool:
        """Whether merging the segments into one is worth its cost: more than one segment, and the
        segments besides the largest hold at least MERGE_SMALL_SHARE of the documents, or there are more
        than MERGE_MAX_SEGMENTS, or a segment is mostly superseded copies (``COMPACT_SUPERSEDED``)."""
        segments = self._ix._segments()
        if len(segments) < 2:
            return False
        if len(segments) > MERGE_MAX_SEGMENTS or any(_worn(segment) for segment in segments):
            return True
        counts = sorted(segment.doc_count() for segment in segments)
        total = sum(counts)
        return total > 0 and sum(counts[:-1]) >= MERGE_SMALL_SHARE * total

    def merge(self, cancelled: Callable[[], bool] | None = None) -> int:
        """Merges every segment into one (the superseded copies left out) when ``needs_merge()``;
        returns how many segments were merged (0: nothing to do).

        Searches go on meanwhile, on the committed segments (this holds no lock a searcher takes), and
        see the merged segment after the commit. ``cancelled()`` is asked between segments and every
        few thousand documents or postings until the new segment is written; when it says True, the
        writer is cancelled, its unfinished files removed and MergeCancelled raised: the index is as it
        was. Never waits for another writer: when one holds the index (an import, an edit's re-index,
        another program) it raises ArchiveError at once."""
        never: Callable[[], bool] = lambda: False  # noqa: E731
        cancelled = cancelled or never
        if not self._write_lock.acquire(blocking=False):
            raise merge_busy(self.index_dir)
        try:
            if self._bulk is not None:
                raise merge_busy(self.index_dir)
            if not self.needs_merge():
                return 0
            try:
                writer = self._ix.writer(timeout=0.0, limitmb=BULK_LIMIT_MB, procs=1, compound=False)
            except windex.LockError as exc:
                raise merge_busy(self.index_dir) from exc
            writer.pool = ChunkedPostingPool(writer._tempstorage, writer.newsegment, limitmb=BULK_LIMIT_MB)
            writer.pool.cancelled = cancelled
            count = len(writer.segments)
            try:
                writer.commit(mergetype=_merge_all(cancelled))
            except BaseException:
                self._abandon(writer)
                raise
            log.info("search index %s: merged %d segments into one", self.index_dir, count)
            return count
        except OSError as exc:
            raise write_error(self.index_dir, exc) from exc
        finally:
            self._write_lock.release()
            self._refresh()

    def _abandon(self, writer) -> None:
        """After a writer's commit failed or was cancelled: its lock released, its unfinished segment's
        files closed and removed (they are in no table of contents)."""
        try:
            if not writer.is_closed:
                writer.cancel()
            else:
                writer._close_segment()
        except Exception as exc:  # best effort: the next commit removes files no table of contents names
            log.debug("search index %s: closing a cancelled writer: %s", self.index_dir, exc)
        prefix = f"{writer.newsegment.segment_id()}."
        for path in self.index_dir.iterdir():
            if path.name.startswith(prefix):
                path.unlink(missing_ok=True)

    def superseded_fraction(self) -> float:
        """The share of the documents stored in the index that are superseded (deleted, or replaced by
        a newer copy) and kept on disk until their segment is rewritten; 0.0 for an empty index."""
        segments = self._ix._segments()
        stored = sum(segment.doc_count_all() for segment in segments)
        return sum(segment.deleted_count() for segment in segments) / stored if stored else 0.0

    def _compact(self) -> bool:
        """Rewrites the worn segments without their superseded documents (the caller holds the write
        lock); True if there were any."""
        if not any(_worn(segment) for segment in self._ix._segments()):
            return False
        writer = self._writer(BULK_LIMIT_MB)
        try:
            writer.commit(mergetype=_expunge_superseded)
        except BaseException:
            writer.cancel()
            raise
        log.info("search index %s: rewrote segments left mostly superseded", self.index_dir)
        return True

    def remove(self, ids: Iterable[int]) -> None:
        """``delete`` for a caller that needs no count: in a bulk session with its writer in a process
        of its own, queued behind the documents added before, instead of waiting for the writer to
        reach it (an import removing the versions its new files replace)."""
        ids = list(ids)
        if not ids:
            return
        if self._bulk is not None:
            with self._bulk_locked() as session:
                if session is not None:
                    session.forget(ids)
                    return
        self.delete(ids)

    def checkpoint(self) -> None:
        """In a bulk session, commit what it holds as a segment now rather than at its next
        ``commit_every`` (without waiting, in a writer process); outside one, nothing to do. An import
        asks for it near its end, so that the last commit, which nothing else overlaps, is small."""
        if self._bulk is not None:
            with self._bulk_locked() as session:
                if session is not None:
                    session.checkpoint()

    @contextmanager
    def _bulk_locked(self) -> Iterator[Any]:
        """The bulk session (None if it ended meanwhile), under the write lock."""
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise busy_error(self.index_dir, self.lock_timeout)
        try:
            yield self._bulk
        finally:
            self._write_lock.release()

    def delete(self, ids: Iterable[int]) -> int:
        """Removes the documents with these ids; returns how many were in the index."""
        if self._bulk is not None:
            if not self._write_lock.acquire(timeout=self.lock_timeout):
                raise busy_error(self.index_dir, self.lock_timeout)
            try:
                if self._bulk is not None:
                    return self._bulk.delete(ids)
            finally:
                self._write_lock.release()
        with self._writing(ADD_LIMIT_MB) as writer:
            removed = sum(writer.delete_by_term("id", str(int(i))) for i in ids)
            writer.commit()
        return removed

    # ------------------------------------------------------------------ reading

    def _refresh(self) -> None:
        """Drops the cached searcher after a write; the next read opens a fresh one."""
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _get_searcher(self):
        """A searcher on the latest commit (ours or another process's).

        Not ``Searcher.refresh()``: in whoosh-reloaded 2.7.5 and whoosh3 3.54.0 it re-adds the
        segments a merge removed (deleted and duplicate hits after a rebuild) and fails on an
        empty index. Opening a new searcher when the generation changed is always right.
        """
        generation = self._ix.latest_generation()
        if self._searcher is None or generation != self._searcher_generation:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._ix.searcher(weighting=BM25F())
            self._searcher_generation = generation
        return self._searcher

    def warm(self) -> None:
        """Load what the first search would (the ranking module and NumPy, each segment's field
        lengths), on the caller's thread, as Lucene's and Elasticsearch's index warmers do: the app's
        search thread does it while the window opens, so the first search typed does not."""
        from . import vectorised
        from .schema import DEFAULT_FIELDS

        with self._read_lock, self._reading():
            vectorised.warm(self._get_searcher(), DEFAULT_FIELDS)

    def count(self) -> int:
        """Number of documents in the index."""
        with self._read_lock:
            return self._get_searcher().doc_count()

    def ids(self) -> set[int]:
        """Ids of all documents in the index."""
        with self._read_lock:
            reader = self._get_searcher().reader()
            return {int(fields["id"]) for fields in reader.all_stored_fields()}

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        text_for: Callable[[int], str | None] | None = None,
    ) -> list[SearchHit]:
        """The best hits for query, best first. Snippets come from text_for(id) (top hits only);
        without it snippets are empty. Raises QueryError for malformed or too costly queries."""
        return self.search_results(query, limit, text_for=text_for).hits

    def search_results(
        self,
        query: str,
        limit: int = 20,
        *,
        text_for: Callable[[int], str | None] | None = None,
        exact_up_to: int | None = TOTAL_EXACT_UP_TO,
        fields_for: Callable[[list[int]], dict[int, list[tuple[str, str]]]] | None = None,
        snippet_limit: int | None = None,
    ) -> SearchResults:
        """Like search(), with the number of matches and whether the time limit cut it short.

        The total is exact when at most ``exact_up_to`` articles match (always, with None); beyond,
        it is ``exact_up_to`` with ``total_is_exact`` False, and the ranking skips what cannot reach
        the page (the hits are the same). Only the first ``snippet_limit`` hits get snippets (all with
        None); the others' come from :meth:`snippets` when they are shown."""
        if not isinstance(query, str):
            raise QueryError(N_("The query must be text."))
        limit = max(1, int(limit))
        q = parse_query(query, self._ix.schema)
        if q is None:
            return SearchResults([], 0)
        threshold = None if exact_up_to is None else max(int(exact_up_to), limit)
        with self._read_lock:
            searcher = self._get_searcher()
            check_expansions(q, searcher.reader())
            found, total, exact, timed_out = self._ranked(q, searcher, query, limit, threshold)
            terms = positive_terms(q, searcher.reader()) if text_for is not None else {}
        with_snippets = found if snippet_limit is None else found[:max(0, int(snippet_limit))]
        snippets = page_snippets([doc_id for doc_id, _score, _title in with_snippets], terms, text_for, fields_for)
        hits = []
        for doc_id, score, title in found:
            snippet = snippets.get(doc_id)
            hits.append(
                SearchHit(
                    doc_id,
                    score,
                    title,
                    snippet.text if snippet else "",
                    snippet.highlights if snippet else [],
                )
            )
        return SearchResults(hits, total, timed_out, exact)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Failures while reading the index for a search or a count, as the user's errors: the index
        unreadable (ArchiveError, naming its folder) or the query not runnable (QueryError)."""
        try:
            yield
        except (SearchCancelled, QueryError, ArchiveError):
            raise
        except OSError as exc:
            raise ArchiveError(Message("cannot read the search index in {folder}: {detail}",
                                       folder=str(self.index_dir), detail=str(exc))) from exc
        except Exception as exc:
            raise QueryError(Message("The search could not be run ({reason}).",
                                     reason=str(exc) or type(exc).__name__)) from exc

    def _stored_of(self, searcher) -> Callable[[int], tuple[int, str | None]]:
        """A document's (id, title), remembered for this searcher (the read lock held).

        Each document's stored fields are a compressed record; reading the page's 500 of them was a
        third of the calls by which a search let go of the interpreter lock (see ``MappedStorage``),
        and successive searches while typing rank many of the same documents."""
        cached, cache = self._stored_cache
        if cached is not searcher or len(cache) > STORED_CACHE:
            cache = {}
            self._stored_cache = (searcher, cache)
        stored_fields = searcher.stored_fields

        def stored(docnum: int) -> tuple[int, str | None]:
            got = cache.get(docnum)
            if got is None:
                fields = stored_fields(docnum)
                got = cache[docnum] = (int(fields["id"]), fields.get("title"))
            return got

        return stored

    def _ranked(self, q, searcher, query: str, limit: int, threshold: int | None):
        """The page's (id, score, title) hits, the total, whether it is exact and whether time ran out.

        Words, phrases, fields, AND/OR/NOT, prefixes and ranges are ranked with arrays
        (:mod:`.vectorised`; phrases alone are checked until the page is settled and the threshold
        reached). The rest (phrases with slop) goes through Whoosh's matchers: every match scored and
        counted up to the threshold; only then may Whoosh skip what cannot reach the top (usequality,
        matcher replacement), which leaves the total a lower bound."""
        from . import vectorised  # NumPy: not loaded by the index writer's process, which never searches

        with self._reading():
            try:
                ranked = vectorised.rank(q, searcher, limit, threshold)
            except vectorised.Unsupported:
                pass
            else:
                stored = self._stored_of(searcher)
                found = [(i, score, title) for docnum, score in zip(ranked.docnums, ranked.scores)
                         for i, title in (stored(docnum),)]
                return found, ranked.total, ranked.exact, False
            top = ExactThenTopCollector(limit, threshold)
            collector = TimeLimitCollector(top, timelimit=SEARCH_TIME_LIMIT, use_alarm=False)
            timed_out = False
            try:
                searcher.search_with_collector(q, collector)
            except TimeLimit:
                timed_out = True
                log.warning("search for %r hit the %.1f s limit; returning partial results", query, SEARCH_TIME_LIMIT)
        results = top.results()
        exact = top.exact and not timed_out
        total = top.total if top.exact or timed_out or threshold is None else threshold
        return [(int(hit["id"]), float(hit.score), hit.get("title")) for hit in results], total, exact, timed_out

    def snippets(
        self,
        query: str,
        ids: list[int],
        *,
        text_for: Callable[[int], str | None],
        fields_for: Callable[[list[int]], dict[int, list[tuple[str, str]]]] | None = None,
    ) -> dict[int, tuple[str, list[tuple[int, int]]]]:
        """The snippets query gives the articles ``ids`` (as its hits would have them), by id: the text
        with hits marked and the spans of the hit words. For the hits a list shows after the first page."""
        if not isinstance(query, str):
            raise QueryError(N_("The query must be text."))
        q = parse_query(query, self._ix.schema)
        if q is None or not ids:
            return {}
        with self._read_lock:
            terms = positive_terms(q, self._get_searcher().reader())
        return {doc_id: (snippet.text, snippet.highlights) if snippet else ("", [])
                for doc_id, snippet in page_snippets(list(ids), terms, text_for, fields_for).items()}

    def count_matches(self, query: str, *, cancelled: Callable[[], bool] | None = None) -> int:
        """The exact number of articles matching query: counted with arrays (:mod:`.vectorised`) when it
        can read the query, else every match stepped through, nothing scored (what the engine floor of
        ``bench/floor.py`` measures). ``cancelled()`` is asked first and every few thousand matches;
        when it says True, SearchCancelled is raised."""
        if not isinstance(query, str):
            raise QueryError(N_("The query must be text."))
        q = parse_query(query, self._ix.schema)
        if q is None:
            return 0
        count = 0
        with self._read_lock:
            searcher = self._get_searcher()
            check_expansions(q, searcher.reader())
            with self._reading():
                if cancelled is not None and cancelled():
                    raise SearchCancelled(query)
                from . import vectorised

                try:
                    return vectorised.rank(q, searcher, 0).total
                except vectorised.Unsupported:
                    pass
                for leaf, _offset in searcher.leaf_searchers():
                    matcher = q.matcher(leaf, leaf.context())
                    next_check = count + COUNT_CHECK_EVERY
                    while matcher.is_active():
                        count += 1
                        if count >= next_check:
                            if cancelled is not None and cancelled():
                                raise SearchCancelled(query)
                            next_check = count + COUNT_CHECK_EVERY
                        matcher.next()
                    if cancelled is not None and cancelled():
                        raise SearchCancelled(query)
        return count

    def more_like_this(self, doc_id: int, limit: int = 10, *, text: str | None = None) -> list[tuple[int, float]]:
        """Articles whose bodies share the most distinctive words of doc_id's text, best first.

        Pass the article's text: the body is not stored in the index, so without text only the
        stored title is used (a much weaker signal).
        """
        key = str(int(doc_id))
        with self._read_lock:
            searcher = self._get_searcher()
            if text is None:
                docnum = searcher.document_number(id=key)
                if docnum is None:
                    return []
                text = searcher.stored_fields(docnum).get("title") or ""
            if not text.strip():
                return []
            terms = searcher.key_terms_from_text("body", text, numterms=MLT_TERMS, normalize=True)
            if not terms:
                return []
            q = wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])
            results = searcher.search(q, limit=limit, mask=wq.Term("id", key))
            return [(int(hit["id"]), float(hit.score)) for hit in results]

    def __repr__(self) -> str:
        return f"SearchIndex({str(self.index_dir)!r})"
