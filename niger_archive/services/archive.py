"""Owns the Archive façade: one archive folder (store, index, originals) and the use cases on it.

The CLI and the GUI call only this. Writes go through :meth:`Archive.writing`, which serialises them
on one lock and wraps them in one transaction. The search index is derived from the store and can be
rebuilt from it at any time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..core.edits import Edit, EditConflict
from ..core.errors import ArchiveError, NigerArchiveError
from ..core.messages import N_, Message, Recorded
from ..core.models import Article, Change, ImportOutcome, Progress
from ..store.annotations import AnnotationStore
from ..store.articles import ArticleStore, now_iso
from ..store import history, index_queue
from ..store.database import (DatabaseError, IntegrityError, apply_migrations, environment_error,
                              immediate_transaction, is_new, open_database, pending_migrations)
from ..store.originals import OriginalsStore
from ..store.rows import SqliteRows
from . import backups, importing, locking
from ..platform.location import resolve_archive_dir
from .indexing import IndexKeeper
from .settings import Settings

if TYPE_CHECKING:  # imported where used: the search engine, editing and checking load on first use
    from ..search import SearchHit, SearchIndex, SearchResults
    from .editing import Editor
    from .integrity import CheckReport

log = logging.getLogger(__name__)

HISTORY_KEPT = 1000  # undo steps kept in the archive
# Typing into one field folds into one undo step while it goes on; a pause this long (seconds) starts a
# new step, and so does every new session (another Archive object, a restart).
MERGE_PAUSE = 60.0

DB_NAME = "archive.db"
ORIGINALS_DIR = "originals"


@dataclass(frozen=True)
class UndoStatus:
    """The menu texts of the next undo and redo (None: nothing to undo or redo)."""

    undo: str | None
    redo: str | None


class Archive:
    """An archive folder: ``archive.db`` (truth), ``index/`` (derived), ``originals/`` (raw bytes).

    Opening for writing takes the folder's process lock (:mod:`.locking`; a second process gets
    ArchiveLocked), snapshots the database before a schema migration and once a day
    (:mod:`.backups`), and brings the search index up to date if a crash left it behind.
    ``readonly=True`` takes no lock and writes nothing; edits then raise ArchiveError.
    """

    def __init__(
        self,
        root: Path,
        *,
        max_file_bytes: int | None = None,
        settings: Settings | None = None,
        readonly: bool = False,
        repair_index: bool = True,
    ) -> None:
        self.root = Path(root)
        self.readonly = readonly
        self.settings = settings or Settings.load()
        # files larger than this are skipped by imports (settings: max_import_mb)
        self.max_file_bytes = max_file_bytes if max_file_bytes is not None else self.settings.max_import_bytes
        self.migrations_applied: list[str] = []
        self.open_notes: list[str] = []  # what opening repaired or could not do (for the GUI and CLI)
        self._lock: locking.ArchiveLock | None = None
        self._closed = False
        self.indexing = IndexKeeper(self)  # the search index and its upkeep
        self._write_lock = threading.RLock()
        self._last_step: tuple[int, float] | None = None  # (history seq, clock) of this session's latest step
        if readonly:
            self.db = open_database(self.root / DB_NAME, readonly=True)
        else:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                (self.root / ORIGINALS_DIR).mkdir(exist_ok=True)
            except OSError as exc:
                raise ArchiveError(f"cannot create the archive folder {self.root}: {exc.strerror or exc}") from exc
            self._lock = locking.acquire(self.root)
        try:
            if not readonly:
                self.db = open_database(self.root / DB_NAME, migrate=False)
            self.articles = ArticleStore(self.db)
            self.annotations = AnnotationStore(self.db)
            self.originals = OriginalsStore(self.root / ORIGINALS_DIR)
            self._rows = SqliteRows(self.db)
            if not readonly:
                self._migrate()
                self._daily_snapshot()
                if repair_index:
                    self.repair_index(full=self.crashed_last_time)
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        """Undo a failed open: close what was opened, give the lock back as it was found."""
        self.indexing.close()
        if hasattr(self, "db"):
            self.db.conn.close()
        if self._lock is not None:
            self._lock.release(clean=not self._lock.crashed_last_time)
        self._closed = True

    @property
    def editor(self) -> Editor:
        """Builds edits against this archive; apply them with :meth:`apply`."""
        from .editing import Editor

        return Editor(self)

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None, **kwargs: Any) -> "Archive":
        """Open the archive at ``root`` (default: NIGER_ARCHIVE_DIR or the user data folder).

        Keyword arguments: ``readonly`` (no lock, no writes), ``repair_index`` (default True: bring
        a crashed session's search index up to date), ``settings``, ``max_file_bytes``.
        """
        return cls(resolve_archive_dir(root), **kwargs)

    @property
    def crashed_last_time(self) -> bool:
        """True when the previous session on this archive ended without closing (crash, kill,
        power cut): offer ``check --repair``. Always False for a read-only archive."""
        return self._lock is not None and self._lock.crashed_last_time

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran (nothing may read or write through this object then)."""
        return self._closed

    def _migrate(self) -> None:
        """Apply pending schema steps, snapshotting an existing database first."""
        if not pending_migrations(self.db):
            return
        if not is_new(self.db):
            backups.snapshot_database(self.db.conn, self.root, "before-migration", keep=self.settings.backups_kept)
        self.migrations_applied = apply_migrations(self.db)

    def _daily_snapshot(self) -> None:
        """Snapshot the database when the newest snapshot is a day old (and there is something to keep)."""
        try:
            if not backups.daily_due(self.root):
                return
            if history.has_data(self.db):
                backups.snapshot_database(self.db.conn, self.root, "daily", keep=self.settings.backups_kept)
        except (NigerArchiveError, DatabaseError) as exc:  # a missed backup must not stop the work
            log.warning("daily backup of %s failed: %s", self.root, exc)
            self.open_notes.append(f"the daily backup could not be taken: {exc}")

    def close(self) -> None:
        """Flush the index queue, close the index and the database, release the lock (the session
        is then marked closed). Safe to call twice."""
        if self._closed:
            return
        try:
            self.flush_index()
        except Exception:  # the queue survives in the store; the next open catches up
            pass
        self._closed = True
        try:
            self.indexing.close()
        except Exception:  # the index is derived; closing it must not keep the lock held
            pass
        try:
            self.db.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release(clean=True)

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------------
    def require_writable(self, doing: str = "changing it") -> None:
        """Raise ArchiveError when this archive was opened read-only (or is closed)."""
        if self.readonly:
            raise ArchiveError(
                f"the archive {self.root} is open read-only: {doing} is not possible; "
                "open it normally to make changes"
            )
        if self._closed:
            raise ArchiveError(f"the archive {self.root} is closed: {doing} is not possible")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One serialised write transaction: all of it is committed, or none of it.

        The outermost block starts with ``BEGIN IMMEDIATE``, so a writer on another connection
        makes it wait at the start instead of failing half-way; nested blocks are savepoints. A
        disk, permission or damage failure becomes an ArchiveError saying nothing was changed.
        """
        self.require_writable("saving changes")
        with self._write_lock:
            conn = self.db.conn
            try:
                if conn.in_transaction:
                    with self.db.atomic():
                        yield
                    return
                with immediate_transaction(conn):
                    yield
            except DatabaseError as exc:
                known = environment_error(exc, N_("save the change"))
                if known is None:
                    raise
                raise known from exc

    # --- the search index (kept in step by .indexing) -------------------------------------------
    @property
    def index(self) -> SearchIndex:
        """The search index, opened on first use (see :class:`.indexing.IndexKeeper`)."""
        return self.indexing.index

    def index_ids(self) -> set[int]:
        """Ids in the search index (empty when there is no index folder; none is created)."""
        return self.indexing.ids()

    def repair_index(self, *, full: bool = False) -> list[str]:
        """Bring the search index up to date with the store, as opening does after a crash; returns
        what was done (see :meth:`.indexing.IndexKeeper.repair`)."""
        return self.indexing.repair(full=full)

    def current_ids(self) -> list[int]:
        """Ids of the articles that are not superseded by a newer version."""
        return self.articles.current_ids()

    def index_documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        """Search documents: article fields plus notes, tags, claims, verdicts and entity names."""
        return self.indexing.documents(ids)

    def flush_index(self) -> int:
        """Bring the index up to date for articles whose annotations changed; returns how many."""
        return self.indexing.flush()

    def index_articles(self, ids: list[int], remove: Iterable[int] = ()) -> None:
        """(Re-)index the articles ``ids`` and take ``remove`` out of the index."""
        self.indexing.add(ids, remove)

    def reindex(self, batch: int = 2000) -> Iterator[Progress]:
        """Rebuild the search index from the store, yielding progress after each batch."""
        return self.indexing.reindex(batch)

    def tidy_index(self, cancelled: Callable[[], bool] | None = None) -> Iterator[Any]:
        """Merge the search index's segments into one when it needs it, cancellably (see
        :meth:`.indexing.IndexKeeper.tidy`): progress, then an ``IndexTidied``."""
        return self.indexing.tidy(cancelled)

    # --- import ------------------------------------------------------------------------------
    def import_paths(
        self, paths: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = None
    ) -> Iterator[Progress | ImportOutcome]:
        self.require_writable("importing files")
        return importing.import_paths(self, paths, max_bytes=max_bytes)

    def import_files(self, paths: Iterable[str | os.PathLike[str]]) -> list[ImportOutcome]:
        return [o for o in self.import_paths(paths) if isinstance(o, ImportOutcome)]

    def latest_versions(self, ids: Iterable[int]) -> dict[int, int]:
        """``latest_version`` of each of ``ids``, with one query per step along the version chains."""
        heads = {i: i for i in ids}
        seen = {i: {i} for i in heads}
        moving = set(heads)
        while moving:
            newer = self.articles.successors({heads[i] for i in moving})
            still = set()
            for i in moving:
                nxt = newer.get(heads[i])
                if nxt is not None and nxt not in seen[i]:
                    heads[i] = nxt
                    seen[i].add(nxt)
                    still.add(i)
            moving = still
        return heads

    def latest_version(self, article_id: int) -> int:
        """The newest version of ``article_id`` (itself if none supersedes it; a cycle stops the walk)."""
        return self.latest_versions([article_id])[article_id]

    # --- edits and undo ------------------------------------------------------------------------
    def apply(self, edit: Edit, *, merge: bool = False) -> Change:
        """Apply a user edit durably and record it for undo; with ``merge``, fold it into the last
        step when both edit the same target the same way (typing a note)."""
        if edit.is_empty():
            return Change()
        with self.writing():
            change = edit.apply(self._rows)
            self._record(edit, merge)
            self._queue(change.articles)
        return change

    def apply_steps(self, label: str, steps: Iterable[Callable[[Editor], Edit]], *, kind: str = "compound",
                    merge: bool = False) -> tuple[Edit, Change]:
        """Build and apply several edits in one transaction, recorded as ONE undo step.

        Each step is called with an editor that already sees the effect of the steps before it
        (e.g. highlight, then mark as claim, then link an entity). ``kind`` names what the step
        does as a whole (its target is the first edit's); with ``merge`` it folds into the previous
        step as :meth:`apply` does (typing tags)."""
        with self.writing():
            applied: list[Edit] = []
            for step in steps:
                edit = step(self.editor)
                edit.apply(self._rows)
                applied.append(edit)
            if not applied:
                return Edit(label, []), Change()
            combined = Edit(
                label,
                [c for e in applied for c in e.changes],
                kind,
                applied[0].target,
                tuple(sorted({a for e in applied for a in e.articles})),
            )
            for e in applied:
                combined.extra.merge(e.extra)
            if not combined.is_empty():
                self._record(combined, merge)
            change = combined.change()
            self._queue(change.articles)
        return combined, change

    _clock = staticmethod(time.monotonic)  # when steps were recorded (tests step it forward)

    def _record(self, edit: Edit, merge: bool) -> None:
        """Record ``edit`` as an undo step. With ``merge`` it folds into the latest step when that step
        edits the same field of the same target, was recorded by this session (this Archive object),
        and less than MERGE_PAUSE seconds ago: undo never takes back an earlier session's typing
        together with today's, nor work separated by a long pause."""
        history.drop_redo(self.db)  # a new step ends the redo list, merged or not
        last = self._last_applied()
        now = self._clock()
        ours = (self._last_step is not None and last is not None and self._last_step[0] == last[0]
                and now - self._last_step[1] < MERGE_PAUSE)
        if merge and ours and last is not None and Edit.from_json(last[1]).can_merge(edit):
            merged = Edit.from_json(last[1]).merged(edit)
            if merged.is_empty():  # typed back to where the step started: no step at all
                history.delete_step(self.db, last[0])
                self._last_step = None
                return
            history.replace_step(self.db, last[0], merged.label, merged.to_json(), now_iso())
            self._last_step = (last[0], now)
            return
        seq = history.add_step(self.db, edit.label, edit.to_json(), now_iso(), keep=HISTORY_KEPT)
        self._last_step = (seq, now)

    def _last_applied(self) -> tuple[int, dict[str, Any]] | None:
        return history.last_applied(self.db)

    def _first_undone(self) -> tuple[int, dict[str, Any]] | None:
        return history.first_undone(self.db)

    def _queue(self, article_ids: Iterable[int]) -> None:
        index_queue.enqueue(self.db, article_ids)

    def undo(self) -> tuple[Edit | None, Change]:
        """Revert the latest applied edit (also after a restart); (None, empty) when there is none.

        A step made on an article version since superseded acts on the current version (the edit
        follows the lineage, re-anchored as the import does) and the returned label says so. A step
        that cannot be reverted is refused with the reason (EditConflict) and closed, so the steps
        before it stay reachable; ``history`` shows why it was closed."""
        return self._step("undo")

    def redo(self) -> tuple[Edit | None, Change]:
        """Apply the earliest undone edit again, following the lineage as :meth:`undo` does."""
        return self._step("redo")

    def _step(self, which: str) -> tuple[Edit | None, Change]:
        from . import reanchoring

        step: tuple[int, dict[str, Any]] | None = None
        try:
            with self.writing():
                step = self._last_applied() if which == "undo" else self._first_undone()
                if step is None:
                    return None, Change()
                edit = Edit.from_json(step[1])
                done, moved = (edit.inverse() if which == "undo" else edit).follow(
                    self._rows, reanchoring.ArchiveLineage(self))
                change = done.apply(self._rows)
                forward = done.inverse() if which == "undo" else done
                now = Edit(edit.label, forward.changes, edit.kind, edit.target, done.articles)
                if moved:  # the step now names the versions it acts on
                    history.set_step_edit(self.db, step[0], now.to_json())
                history.mark_undone(self.db, step[0], which == "undo")
                self._last_step = None  # typing after an undo or redo starts a new step
                self._queue(change.articles)
        except (EditConflict, IntegrityError) as exc:
            if step is None:
                raise
            reason = exc.message if isinstance(exc, EditConflict) else N_("it refers to something deleted since")
            label = Recorded(step[1].get("label", ""))  # stored English: translated by the template it matches
            self._close_step(step[0], f"could not {which}: {reason}")
            raise EditConflict(Message(
                "cannot undo “{label}”: {reason}; nothing was changed. This step is closed (listed by "
                "`niger-archive history`): undo again for the step before it" if which == "undo" else
                "cannot redo “{label}”: {reason}; nothing was changed. This step is closed (listed by "
                "`niger-archive history`): redo again for the step after it", label=label, reason=reason)
            ) from exc
        now.label = edit.label + reanchoring.follow_words(moved, done)
        return now, change

    def _close_step(self, seq: int, reason: str) -> None:
        """Take a step that can no longer be undone or redone out of the undo and redo lists, keeping
        it in the history with the reason (``undone`` = 2)."""
        with self.writing():
            history.close_step(self.db, seq, reason)

    def undo_label(self) -> str | None:
        last = self._last_applied()
        return last[1]["label"] if last else None

    def redo_label(self) -> str | None:
        first = self._first_undone()
        return first[1]["label"] if first else None

    def undo_status(self) -> UndoStatus:
        """What undo and redo would do now, in words for menus, from the durable history: each names
        the field and the value it restores ("Edit note — back to “first draft”"); None when there
        is nothing to undo (redo)."""
        from . import step_labels

        def entity_name(entity_id: str) -> str | None:
            row = self._rows.get_row("entities", (entity_id,))
            return row["name"] if row else None

        last, first = self._last_applied(), self._first_undone()
        return UndoStatus(
            step_labels.describe(Edit.from_json(last[1]), "before", entity_name) if last else None,
            step_labels.describe(Edit.from_json(first[1]), "after", entity_name) if first else None,
        )

    # --- reading -----------------------------------------------------------------------------
    def list_articles(self, *, all_versions: bool = False) -> list[Article]:
        return self.articles.list(None if all_versions else self.current_ids())

    def get_article(self, article_id: int) -> Article:
        return self.articles.get(article_id)

    def original_bytes(self, article_id: int) -> bytes:
        return self.originals.get(self.articles.sha256(article_id))

    def raw_text(self, article_id: int) -> str:
        """The original's readable text, newlines normalised: the text the offset map points into (a PDF's
        or Word document's text as read at import, never its bytes; ``importers.original_text``)."""
        from ..importers import original_text

        listed = self.articles.list([article_id])
        return original_text(self.original_bytes(article_id), listed[0].source_format if listed else None)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.search_page(query, limit).hits

    def search_page(self, query: str, limit: int = 20, *, exact_total: bool = False,
                    snippets: int | None = None) -> SearchResults:
        """The best ``limit`` hits with titles and snippets, and the number of matches: exact up to
        ``search.index.TOTAL_EXACT_UP_TO`` matches, a lower bound beyond it or when the search ran out
        of time (``total_is_exact`` False); with ``exact_total`` it is then counted in full (see
        ``count_matches``). With ``snippets``, only the first that many hits get their snippet (the
        others' are empty: ``search_snippets`` makes them when they are shown)."""
        self.indexing.refresh_for_search()
        page = self.index.search_results(query, limit, text_for=self._snippet_text, fields_for=self._snippet_fields,
                                         snippet_limit=snippets)
        if exact_total and not page.total_is_exact:
            page = replace(page, total=self.index.count_matches(query), total_is_exact=True)
        titles = {a.id: a.title for a in self.articles.list([h.id for h in page.hits])}
        hits = [replace(h, title=titles[h.id]) for h in page.hits if h.id in titles]  # SearchHit is frozen
        return replace(page, hits=hits)

    def warm_search(self) -> None:
        """Make the first search as quick as the next ones (see ``SearchIndex.warm``)."""
        self.indexing.refresh_for_search()
        self.index.warm()

    def search_snippets(self, query: str, ids: list[int]) -> dict[int, str]:
        """The snippets query gives the articles ``ids`` (hits marked «…»), by id: for the hits a list
        shows beyond those ``search_page`` gave snippets."""
        self.indexing.refresh_for_search()
        found = self.index.snippets(query, ids, text_for=self._snippet_text, fields_for=self._snippet_fields)
        return {article_id: text for article_id, (text, _highlights) in found.items()}

    def count_matches(self, query: str, *, cancelled: Callable[[], bool] | None = None) -> int | None:
        """The exact number of articles matching query, or None when ``cancelled()`` turned True while
        counting."""
        from ..search import SearchCancelled

        self.indexing.refresh_for_search()
        try:
            return self.index.count_matches(query, cancelled=cancelled)
        except SearchCancelled:
            return None

    def _snippet_text(self, article_id: int) -> str | None:
        """The part of an article's text its snippet may use (bounded: a huge article costs no more)."""
        from ..search.snippets import SNIPPET_SCAN_CHARS

        return self.articles.text_head(article_id, SNIPPET_SCAN_CHARS + 1)

    def _snippet_fields(self, article_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """The notes, claims and tags of articles, as (label, value), for snippets of hits found there."""
        out: dict[int, list[tuple[str, str]]] = {}
        for article_id, fields in self.annotations.search_fields(article_ids).items():
            out[article_id] = [*(("note", n) for n in fields["notes"].split("\n") if n.strip()),
                               *(("claim", c) for c in fields["claims"].split("\n") if c.strip()),
                               *(("tag", t) for t in fields["tags"])]
        return out

    # --- check and repair --------------------------------------------------------------------
    def check(self, *, repair: bool = False, verify_originals: bool = True) -> CheckReport:
        """Check the store, foreign keys, originals, offset maps, anchors and index; with ``repair``,
        fix what the store can rebuild (see :mod:`.integrity`)."""
        from . import integrity

        return integrity.check_archive(self, repair=repair, verify_originals=verify_originals)
