"""Owns the bundle exchange's entry point: importing a bundle (verify, then merge), and the calls of the
``bundle_*`` modules the fronts use (export, conflicts), so a front imports this one module.

Export gathers records (articles by SHA-256, everything else by UUID) from the archive and hands
them to :mod:`niger_archive.bundles`. Import verifies the whole bundle first (nothing is touched
when it is refused), then merges it in one transaction: new articles go through the normal
importer (our clean text, our offset map), incoming selectors are re-anchored on our text, and
records present on both sides follow the three-way rule of :mod:`niger_archive.bundles.syncing`.
Imported data is not a user edit: it does not enter the undo history.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..bundles import (
    DEFAULT_LIMITS,
    Limits,
    read_bundle,
)
from ..core.errors import (
    BundleRejected,
    NigerArchiveError,
)
from ..core.messages import Message
from ..store.database import DatabaseError
from ..store.versions import VersionStore
from . import backups

if TYPE_CHECKING:
    from .archive import Archive

from .bundle_conflicts import list_conflicts, resolve_conflict
from .bundle_export import ExportSummary, export_bundle, run_export
from .bundle_merge import BundleImportReport, _Merge, place_annotation

NOT_IN_HISTORY = ("Imported data does not enter the undo history: it is not a user edit, so Undo does not "
                  "remove it (edits made before the import stay undoable unless the import changed the same rows).")


def import_bundle(archive: "Archive", path: str | os.PathLike[str], *, dry_run: bool = False,
                  limits: Limits = DEFAULT_LIMITS) -> BundleImportReport:
    """Verify the bundle at ``path`` completely, then merge it into the archive in one transaction.

    Raises BundleRejected (archive unchanged) when verification fails. With ``dry_run`` nothing is
    written: the report tells what would be added, updated, merged and in conflict.
    """
    path = Path(path)
    content = read_bundle(path, limits)
    merge = _Merge(archive, content, path, dry_run)
    merge.prepare()
    if dry_run:
        report = merge.run()
        report.notes.append("dry run: nothing was changed")
        return report
    backups.snapshot(archive, "before-bundle-import")  # reliability: a verified bundle is merged only after a backup
    try:
        with archive.writing():
            report = merge.run()
            info = content.versions
            if info.bundle_id:
                store = VersionStore(archive.db)
                store.log_exchange(info.bundle_id, "import", info.replica or None, info.author or None,
                                   path.name, store.max_seq())
    except BaseException as exc:
        for sha in merge.new_originals:  # the transaction is rolled back: so are the originals it wrote
            archive.originals.remove(sha)
        if isinstance(exc, (DatabaseError, NigerArchiveError)) and not isinstance(exc, BundleRejected):
            reason = exc.message if isinstance(exc, NigerArchiveError) else str(exc)
            raise BundleRejected(Message("the bundle could not be merged ({reason}); the archive is unchanged",
                                         reason=reason)) from None
        raise
    report.notes.append(NOT_IN_HISTORY)
    try:
        archive.flush_index()
    except NigerArchiveError as exc:
        report.notes.append(f"the search index could not be updated now ({exc}); it catches up on the next search")
    return report


# --- reviewing conflicts -------------------------------------------------------------------------------




__all__ = [
    "BundleImportReport",
    "ExportSummary",
    "export_bundle",
    "import_bundle",
    "list_conflicts",
    "place_annotation",
    "resolve_conflict",
    "run_export",
]
