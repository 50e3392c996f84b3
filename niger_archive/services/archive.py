"""Owns the Archive façade: one archive folder (store, index, originals) and the use cases on it.

The CLI and the GUI call only this. Writes go through :meth:`Archive.writing`, which serialises them
on one lock and wraps them in one transaction. The search index is derived from the store and can be
rebuilt from it at any time.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..core.edits import Edit
from ..core.errors import ArchiveError, NotFound
from ..core.models import Article, Change, ImportOutcome, Progress
from ..search import SearchHit, SearchIndex
from ..store.annotations import AnnotationStore
from ..store.articles import ArticleStore, now_iso
from ..store.database import open_database
from ..store.originals import OriginalsStore
from ..store.rows import SqliteRows
from . import importing, reanchoring
from .editing import Editor
from .location import resolve_archive_dir
from .settings import Settings

HISTORY_KEPT = 1000  # undo steps kept in the archive

DB_NAME = "archive.db"
INDEX_DIR = "index"
ORIGINALS_DIR = "originals"


@dataclass
class CheckReport:
    """What ``check`` found: problems by area, what ``--repair`` fixed, and whether all is well now."""

    store_integrity: str = "ok"
    foreign_key_problems: int = 0
    articles: int = 0
    indexed: int = 0
    missing_from_index: list[int] = field(default_factory=list)
    extra_in_index: list[int] = field(default_factory=list)
    missing_originals: list[int] = field(default_factory=list)
    corrupt_originals: list[int] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "store_integrity": self.store_integrity,
            "foreign_key_problems": self.foreign_key_problems,
            "articles": self.articles,
            "indexed": self.indexed,
            "missing_from_index": self.missing_from_index,
            "extra_in_index": self.extra_in_index,
            "missing_originals": self.missing_originals,
            "corrupt_originals": self.corrupt_originals,
            "problems": self.problems,
            "repaired": self.repaired,
        }


class Archive:
    """An archive folder: ``archive.db`` (truth), ``index/`` (derived), ``originals/`` (raw bytes)."""

    def __init__(
        self,
        root: Path,
        *,
        max_file_bytes: int = importing.DEFAULT_MAX_FILE_BYTES,
        settings: Settings | None = None,
    ) -> None:
        self.root = Path(root)
        self.max_file_bytes = max_file_bytes
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / ORIGINALS_DIR).mkdir(exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create the archive folder {self.root}: {exc.strerror or exc}") from exc
        self._write_lock = threading.RLock()
        self.db = open_database(self.root / DB_NAME)
        self.articles = ArticleStore(self.db)
        self.annotations = AnnotationStore(self.db)
        self.originals = OriginalsStore(self.root / ORIGINALS_DIR)
        self.settings = settings or Settings.load()
        self._rows = SqliteRows(self.db)
        self._index: SearchIndex | None = None

    @property
    def editor(self) -> Editor:
        """Builds edits against this archive; apply them with :meth:`apply`."""
        return Editor(self)

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None, **kwargs: Any) -> "Archive":
        """Open the archive at ``root`` (default: NIGER_ARCHIVE_DIR or the user data folder)."""
        return cls(resolve_archive_dir(root), **kwargs)

    def close(self) -> None:
        try:
            self.flush_index()
        except Exception:  # the queue survives in the store; the next open catches up
            pass
        if self._index is not None:
            self._index.close()
            self._index = None
        self.db.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """One serialised write transaction: all of it is committed, or none of it."""
        with self._write_lock:
            with self.db.atomic():
                yield

    # --- the search index --------------------------------------------------------------------
    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex.open(self.root / INDEX_DIR)
        return self._index

    def current_ids(self) -> list[int]:
        """Ids of the articles that are not superseded by a newer version."""
        rows = self.db.execute("SELECT id FROM articles WHERE superseded_by IS NULL ORDER BY id")
        return [r[0] for r in rows.fetchall()]

    def index_documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        """Search documents: article fields plus notes, tags, claims, verdicts and entity names."""
        ids = list(ids) if ids is not None else self.current_ids()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            extra = self.annotations.search_fields(chunk)
            for doc in self.articles.search_documents(chunk):
                doc.update(extra.get(doc["id"], {}))
                yield doc

    def flush_index(self) -> int:
        """Bring the index up to date for articles whose annotations changed; returns how many."""
        queued = [r[0] for r in self.db.execute("SELECT article_id FROM index_queue ORDER BY 1").fetchall()]
        if not queued:
            return 0
        current = set(self.current_ids())
        self.index_articles([i for i in queued if i in current], remove=[i for i in queued if i not in current])
        with self.writing():
            self.db.execute(
                f"DELETE FROM index_queue WHERE article_id IN ({','.join('?' * len(queued))})", queued
            )
        return len(queued)

    def index_articles(self, ids: list[int], remove: Iterable[int] = ()) -> None:
        removed = list(remove)
        if removed:
            self.index.delete(removed)
        if ids:
            self.index.add(self.index_documents(ids))

    def reindex(self, batch: int = 2000) -> Iterator[Progress]:
        """Rebuild the search index from the store, yielding progress after each batch."""
        ids = self.current_ids()
        total = len(ids)
        yield Progress(0, total, "rebuilding the search index")
        if self._index is not None:
            self._index.close()
            self._index = None
        SearchIndex.destroy(self.root / INDEX_DIR)
        index = self.index
        for start in range(0, total, batch):
            chunk = ids[start : start + batch]
            index.add(self.index_documents(chunk))
            yield Progress(start + len(chunk), total, "rebuilding the search index")
        yield Progress(total, total, "search index rebuilt")

    def ensure_index(self) -> bool:
        """Rebuild the index when it is missing or its size disagrees with the store; True if rebuilt."""
        index_dir = self.root / INDEX_DIR
        expected = len(self.current_ids())
        if index_dir.exists() and self.index.count() == expected:
            return False
        for _ in self.reindex():
            pass
        return True

    # --- import ------------------------------------------------------------------------------
    def import_paths(
        self, paths: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = None
    ) -> Iterator[Progress | ImportOutcome]:
        return importing.import_paths(self, paths, max_bytes=max_bytes)

    def import_files(self, paths: Iterable[str | os.PathLike[str]]) -> list[ImportOutcome]:
        return [o for o in self.import_paths(paths) if isinstance(o, ImportOutcome)]

    def latest_version(self, article_id: int) -> int:
        seen = {article_id}
        current = article_id
        while True:
            row = self.db.execute("SELECT superseded_by FROM articles WHERE id = ?", [current]).fetchone()
            if row is None or row[0] is None or row[0] in seen:
                return current
            current = row[0]
            seen.add(current)

    def on_new_version(self, earlier: int, newer: int) -> None:
        """Inside the import transaction: move the earlier version's annotations onto the new text."""
        reanchoring.move_annotations(self, earlier, newer)

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

    def apply_steps(self, label: str, steps: Iterable[Callable[[Editor], Edit]]) -> tuple[Edit, Change]:
        """Build and apply several edits in one transaction, recorded as ONE undo step.

        Each step is called with an editor that already sees the effect of the steps before it
        (e.g. highlight, then mark as claim, then link an entity)."""
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
                "compound",
                applied[0].target,
                tuple(sorted({a for e in applied for a in e.articles})),
            )
            for e in applied:
                combined.extra.merge(e.extra)
            if not combined.is_empty():
                self._record(combined, False)
            change = combined.change()
            self._queue(change.articles)
        return combined, change

    def _record(self, edit: Edit, merge: bool) -> None:
        self.db.execute("DELETE FROM history WHERE undone = 1")  # a new step ends the redo list, merged or not
        last = self._last_applied()
        if merge and last is not None and Edit.from_json(last[1]).can_merge(edit):
            merged = Edit.from_json(last[1]).merged(edit)
            self.db.execute("UPDATE history SET label = ?, edit = ?, applied_at = ? WHERE seq = ?",
                            [merged.label, json.dumps(merged.to_json()), now_iso(), last[0]])
            return
        self.db.execute("INSERT INTO history (label, edit, applied_at) VALUES (?, ?, ?)",
                        [edit.label, json.dumps(edit.to_json()), now_iso()])
        self.db.execute("DELETE FROM history WHERE seq <= (SELECT max(seq) FROM history) - ?", [HISTORY_KEPT])

    def _last_applied(self) -> tuple[int, dict[str, Any]] | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def _first_undone(self) -> tuple[int, dict[str, Any]] | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE undone = 1 ORDER BY seq LIMIT 1").fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def _queue(self, article_ids: Iterable[int]) -> None:
        for article_id in article_ids:
            self.db.execute("INSERT OR IGNORE INTO index_queue (article_id) VALUES (?)", [article_id])

    def undo(self) -> tuple[Edit | None, Change]:
        """Revert the latest applied edit (also after a restart); (None, empty) when there is none."""
        with self.writing():
            last = self._last_applied()
            if last is None:
                return None, Change()
            edit = Edit.from_json(last[1])
            change = edit.revert(self._rows)
            self.db.execute("UPDATE history SET undone = 1 WHERE seq = ?", [last[0]])
            self._queue(change.articles)
        return edit, change

    def redo(self) -> tuple[Edit | None, Change]:
        with self.writing():
            first = self._first_undone()
            if first is None:
                return None, Change()
            edit = Edit.from_json(first[1])
            change = edit.apply(self._rows)
            self.db.execute("UPDATE history SET undone = 0 WHERE seq = ?", [first[0]])
            self._queue(change.articles)
        return edit, change

    def undo_label(self) -> str | None:
        last = self._last_applied()
        return last[1]["label"] if last else None

    def redo_label(self) -> str | None:
        first = self._first_undone()
        return first[1]["label"] if first else None

    # --- reading -----------------------------------------------------------------------------
    def list_articles(self, *, all_versions: bool = False) -> list[Article]:
        return self.articles.list(None if all_versions else self.current_ids())

    def get_article(self, article_id: int) -> Article:
        return self.articles.get(article_id)

    def original_bytes(self, article_id: int) -> bytes:
        return self.originals.get(self.articles.sha256(article_id))

    def raw_text(self, article_id: int) -> str:
        """The decoded original, newlines normalised: the text the offset map points into."""
        from ..importers.decoding import decode_bytes

        return decode_bytes(self.original_bytes(article_id)).text

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        self.ensure_index_present()
        self.flush_index()
        hits = self.index.search(query, limit, text_for=self.articles.text)
        titles = {a.id: a.title for a in self.articles.list([h.id for h in hits])}
        return [replace(h, title=titles[h.id]) for h in hits if h.id in titles]  # SearchHit is frozen

    def ensure_index_present(self) -> None:
        if not (self.root / INDEX_DIR).exists() and self.articles.count():
            self.ensure_index()

    # --- check and repair --------------------------------------------------------------------
    def check(self, *, repair: bool = False, verify_originals: bool = True) -> CheckReport:
        report = CheckReport()
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        report.store_integrity = "; ".join(r[0] for r in rows)
        if report.store_integrity != "ok":
            report.problems.append(f"database integrity: {report.store_integrity}")
        fk = self.db.execute("PRAGMA foreign_key_check").fetchall()
        report.foreign_key_problems = len(fk)
        if fk:
            report.problems.append(f"{len(fk)} rows break foreign keys")
        store_ids = set(self.current_ids())
        report.articles = len(store_ids)
        index_ids = self.index.ids() if (self.root / INDEX_DIR).exists() else set()
        report.indexed = len(index_ids)
        report.missing_from_index = sorted(store_ids - index_ids)
        report.extra_in_index = sorted(index_ids - store_ids)
        if report.missing_from_index or report.extra_in_index:
            report.problems.append(
                f"search index out of step: {len(report.missing_from_index)} missing, "
                f"{len(report.extra_in_index)} extra"
            )
        if verify_originals:
            for article_id, digest in self.db.execute("SELECT id, sha256 FROM articles").fetchall():
                if not self.originals.exists(digest):
                    report.missing_originals.append(article_id)
                elif not self.originals.verify(digest):
                    report.corrupt_originals.append(article_id)
            if report.missing_originals:
                report.problems.append(f"{len(report.missing_originals)} originals missing")
            if report.corrupt_originals:
                report.problems.append(f"{len(report.corrupt_originals)} originals changed on disk")
        if repair and (report.missing_from_index or report.extra_in_index):
            for _ in self.reindex():
                pass
            report.repaired.append("search index rebuilt from the store")
            report.problems = [p for p in report.problems if not p.startswith("search index")]
            report.indexed = self.index.count()
            report.missing_from_index, report.extra_in_index = [], []
        return report


def remove_index(root: Path) -> None:
    shutil.rmtree(Path(root) / INDEX_DIR, ignore_errors=True)
