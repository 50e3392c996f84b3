"""Owns restoring a snapshot: put it back as the archive's database, open the archive on it, re-index.

Putting the file back is :func:`.backups.put_back` (it takes the process lock, keeps the database it
replaces as a snapshot, and changes nothing when it fails); this module then opens the
:class:`~.archive.Archive` on the restored database (applying any schema steps the snapshot lacks),
gives it a new replica id and rebuilds the search index. It sits above the façade: the façade itself
never imports it.
"""

from __future__ import annotations

import os

from ..store.integrity import annotation_count
from ..store.versions import VersionStore
from .archive import Archive
from .backups import DEFAULT_KEEP, RestoreReport, put_back


def restore(root: str | os.PathLike[str], given: str | os.PathLike[str], *,
            keep: int = DEFAULT_KEEP) -> RestoreReport:
    """Put a snapshot back as the archive's database, then rebuild the search index.

    Refuses (ArchiveLocked) while another process has the archive open. The database being
    replaced is first saved as a ``before-restore`` snapshot (or, when it is too damaged to read,
    copied byte for byte as ``before-restore-damaged``), so a restore can itself be undone.
    The chosen snapshot stays on disk. Nothing is rotated until the snapshot's pages are in place:
    a restore that fails leaves the database as it was and deletes no snapshot (only the safety
    copy it took is added).
    """
    report = put_back(root, given, keep=keep)
    with Archive.open(root, repair_index=False) as archive:
        report.schema_steps_applied = archive.migrations_applied
        with archive.writing():  # the snapshot's change numbers may have been sent already: a new replica id
            VersionStore(archive.db).renew_replica()
        for _ in archive.reindex():
            pass
        report.articles = len(archive.current_ids())
        report.annotations = annotation_count(archive.db)
        report.indexed = archive.index.count()
    return report
