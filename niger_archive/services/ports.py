"""Owns what the service helpers need of an archive: narrow protocols the :class:`~.archive.Archive` meets.

Helpers that the façade itself calls (importing, re-anchoring, editing, checking, snapshots, index
upkeep) take one of these instead of the whole ``Archive``, so none of them imports ``archive.py``
and the modules of ``services/`` form no import cycle (``tests/unit/test_layers.py`` checks it).

- :class:`ArchiveStore`: the archive's folder, database and store managers, its settings, and one
  serialised write transaction (``writing()``).
- :class:`IndexedArchive`: that, plus the search index and the calls that keep it in step with the
  store (see :mod:`.indexing`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol

if TYPE_CHECKING:
    from ..core.models import Progress
    from ..search import SearchIndex
    from ..store.annotations import AnnotationStore
    from ..store.articles import ArticleStore
    from ..store.database import Database
    from ..store.originals import OriginalsStore
    from .settings import Settings


class ArchiveStore(Protocol):
    """An archive's store: its folder, database, managers and settings, and how to write to it."""

    root: Path
    db: Database
    settings: Settings
    articles: ArticleStore
    annotations: AnnotationStore
    originals: OriginalsStore
    readonly: bool
    max_file_bytes: int  # files larger than this are skipped by imports
    open_notes: list[str]  # what opening repaired or could not do

    @property
    def closed(self) -> bool: ...

    @property
    def crashed_last_time(self) -> bool: ...

    def writing(self) -> AbstractContextManager[None]:
        """One serialised write transaction: all of it is committed, or none of it."""
        ...

    def require_writable(self, doing: str = "changing it") -> None: ...

    def current_ids(self) -> list[int]: ...

    def latest_version(self, article_id: int) -> int: ...


class IndexedArchive(ArchiveStore, Protocol):
    """An archive's store and its search index, with the calls that keep the index in step."""

    @property
    def index(self) -> SearchIndex: ...

    def index_ids(self) -> set[int]: ...

    def index_articles(self, ids: list[int], remove: Iterable[int] = ()) -> None: ...

    def flush_index(self) -> int: ...

    def reindex(self, batch: int = 2000) -> Iterator[Progress]: ...

    def repair_index(self, *, full: bool = False) -> list[str]: ...
