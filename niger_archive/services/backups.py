"""Owns snapshots of ``archive.db``: taking them (SQLite backup API), rotating, listing and putting one back.

:mod:`.restoring` then opens the archive on a snapshot put back and rebuilds its search index.

Snapshots live in ``backups/archive-YYYYmmddTHHMMSS-reason.db`` inside the archive folder (UTC
time). Each is a complete, self-contained SQLite file (rollback-journal mode, no ``-wal`` beside
it), written under a temporary name and renamed when complete, so a snapshot that exists is whole.
The originals are not copied: they never change after import, and ``check`` verifies them.

Rotation keeps two groups apart: the snapshots the program takes by itself (daily, before a restore,
before a bundle import, before a migration) and the ones the user asked for; neither pushes out the
other. In each group it keeps the newest ``keep`` plus the newest of each of the last
``DAILY_SPREAD`` days and ``WEEKLY_SPREAD`` weeks that have one, so a burst of trial restores never
leaves only today's copies. It never deletes a snapshot being restored, and a restore rotates only
once it has finished: a restore that fails deletes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ArchiveError
from ..core.messages import Message
from ..store import backups as store_backups
from ..store.database import DatabaseError, environment_error, known_migrations
from . import locking

if TYPE_CHECKING:
    from .ports import ArchiveStore

BACKUPS_DIR = "backups"
DB_NAME = "archive.db"
DEFAULT_KEEP = 10
DAILY = timedelta(days=1)
PAGES_PER_STEP = 4096  # copy in steps so a big database does not hold SQLite's locks in one go
STALE_TEMP = timedelta(hours=1)
DAILY_SPREAD = 7    # also keep the newest snapshot of each of this many latest days that have one
WEEKLY_SPREAD = 8   # ... and of each of this many latest weeks
# Reasons of the snapshots the program takes by itself; every other reason is one the user gave.
AUTOMATIC_REASONS = ("daily", "before-restore", "before-bundle-import", "before-migration")

_NAME = re.compile(r"^archive-(\d{8}T\d{6})-([a-z0-9][a-z0-9-]*)\.db$")
_TEMP = re.compile(r"^\.archive-\d{8}T\d{6}-[a-z0-9-]+\.db\.\d+\.tmp$")
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Snapshot:
    """One snapshot file: when it was taken (UTC), why, and how big it is."""

    path: Path
    taken: datetime
    reason: str
    size: int
    written: float = 0.0  # file time: orders snapshots taken within one second

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def automatic(self) -> bool:
        """Taken by the program itself (daily, before a restore, bundle import or migration), not asked for."""
        return is_automatic(self.reason)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "taken": self.taken.isoformat(timespec="seconds"),
                "reason": self.reason, "size": self.size, "automatic": self.automatic}


def is_automatic(reason: str) -> bool:
    """True for the reasons the program snapshots by itself (a numbered duplicate name counts too)."""
    return any(reason == r or reason.startswith(r + "-") for r in AUTOMATIC_REASONS)


@dataclass
class RestoreReport:
    """What ``restore`` did: the snapshot put back, the safety snapshot of what it replaced, and counts."""

    restored: str
    safety_snapshot: str | None
    schema_steps_applied: list[str] = field(default_factory=list)
    articles: int = 0
    annotations: int = 0
    indexed: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"restored": self.restored, "safety_snapshot": self.safety_snapshot,
                "schema_steps_applied": self.schema_steps_applied, "articles": self.articles,
                "annotations": self.annotations, "indexed": self.indexed, "notes": self.notes}


def backups_dir(root: str | os.PathLike[str]) -> Path:
    return Path(root) / BACKUPS_DIR


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40].strip("-")
    return slug or "manual"


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open folders; renames there are durable enough
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _parse(path: Path) -> Snapshot | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        taken = datetime.strptime(m.group(1), _STAMP).replace(tzinfo=timezone.utc)
        stat = path.stat()
    except (ValueError, OSError):
        return None
    return Snapshot(path, taken, m.group(2), stat.st_size, stat.st_mtime)


def list_snapshots(root: str | os.PathLike[str]) -> list[Snapshot]:
    """The archive's snapshots, oldest first."""
    folder = backups_dir(root)
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    snaps = [s for s in map(_parse, entries) if s is not None]
    return sorted(snaps, key=lambda s: (s.taken, s.written, s.name))


def latest(root: str | os.PathLike[str]) -> Snapshot | None:
    snaps = list_snapshots(root)
    return snaps[-1] if snaps else None


def daily_due(root: str | os.PathLike[str], now: datetime | None = None) -> bool:
    """True when the newest snapshot is more than a day old (or there is none)."""
    newest = latest(root)
    now = now or datetime.now(timezone.utc)
    return newest is None or now - newest.taken >= DAILY


def kept_by_rotation(snaps: list[Snapshot], keep: int) -> set[Path]:
    """Which of ``snaps`` (one group, any order) rotation keeps: the newest ``keep`` (at least one),
    plus the newest of each of the last DAILY_SPREAD days and WEEKLY_SPREAD weeks that have one."""
    ordered = sorted(snaps, key=lambda s: (s.taken, s.written, s.name), reverse=True)
    kept = {s.path for s in ordered[:max(1, int(keep))]}
    days: dict[Any, Path] = {}
    weeks: dict[Any, Path] = {}
    for snap in ordered:  # newest first: the first seen of a day (week) is its newest
        days.setdefault(snap.taken.date(), snap.path)
        weeks.setdefault(snap.taken.isocalendar()[:2], snap.path)
    kept.update(list(days.values())[:DAILY_SPREAD])
    kept.update(list(weeks.values())[:WEEKLY_SPREAD])
    return kept


def rotate(root: str | os.PathLike[str], keep: int, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Thin out the snapshots, the automatic ones and the user's separately (see the module text);
    never deletes one of ``protect`` (a snapshot being restored). Returns what went."""
    snaps = list_snapshots(root)
    protected = {p.resolve() for p in protect}
    removed = []
    for automatic in (True, False):
        group = [s for s in snaps if s.automatic == automatic]
        kept = kept_by_rotation(group, keep)
        for snap in group:
            if snap.path in kept or snap.path.resolve() in protected:
                continue
            try:
                snap.path.unlink()
                removed.append(snap.path)
            except OSError:
                pass
    return removed


def _clear_stale_temps(folder: Path, now: datetime) -> None:
    for path in folder.iterdir():
        if _TEMP.match(path.name):
            try:
                if now - datetime.fromtimestamp(path.stat().st_mtime, timezone.utc) > STALE_TEMP:
                    path.unlink()
            except OSError:
                pass


def snapshot_database(conn: store_backups.Connection, root: str | os.PathLike[str], reason: str, *,
                      keep: int = DEFAULT_KEEP, rotating: bool = True) -> Snapshot:
    """Copy the database behind ``conn`` into a new snapshot of the archive at ``root``; rotate
    (unless ``rotating`` is False: a restore rotates only once it has finished).

    Raises ArchiveError (nothing left behind) when the copy cannot be written.
    """
    folder = backups_dir(root)
    now = datetime.now(timezone.utc)
    slug = _slug(reason)
    try:
        folder.mkdir(exist_ok=True)
        _clear_stale_temps(folder, now)
        stamp = now.strftime(_STAMP)
        name = f"archive-{stamp}-{slug}.db"
        n = 2
        while (folder / name).exists():
            name = f"archive-{stamp}-{slug}-{n}.db"
            n += 1
    except OSError as exc:
        raise ArchiveError(Message("cannot take a backup in {folder}: {detail}", folder=str(folder),
                                   detail=str(exc.strerror or exc))) from exc
    target = folder / name
    temp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        store_backups.backup_to(conn, temp, pages=PAGES_PER_STEP)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, target)
        _fsync_dir(folder)
    except (DatabaseError, OSError) as exc:
        for leftover in (temp, Path(f"{temp}-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        known = environment_error(exc, Message("take a backup in {folder}", folder=str(folder)), unchanged=False) if isinstance(
            exc, DatabaseError) else None
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise (known or ArchiveError(Message("cannot take a backup in {folder}: {detail}", folder=str(folder),
                                             detail=str(detail)))) from exc
    if rotating:
        rotate(root, keep, protect=(target,))
    snap = _parse(target)
    return snap if snap is not None else Snapshot(target, now, slug, target.stat().st_size)


def snapshot(archive: "ArchiveStore", reason: str = "manual") -> Snapshot:
    """Snapshot an open archive's database now (before a bundle import, a migration, or on request)."""
    archive.require_writable("taking a backup")
    return snapshot_database(archive.db.conn, archive.root, reason, keep=archive.settings.backups_kept)


def resolve_snapshot(root: str | os.PathLike[str], given: str | os.PathLike[str]) -> Path:
    """A snapshot file from a path, a file name in ``backups/``, or a unique start of one."""
    path = Path(given).expanduser()
    if path.is_file():
        return path
    folder = backups_dir(root)
    if (folder / str(given)).is_file():
        return folder / str(given)
    matches = [s.path for s in list_snapshots(root) if s.name.startswith(str(given))]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ArchiveError(Message("{given} matches {n} snapshots; give more of the name", given=repr(given),
                                   n=len(matches)))
    raise ArchiveError(Message("no snapshot {given} (list them with `niger-archive backup --list`)", given=repr(given)))


def verify_snapshot(path: Path) -> list[str]:
    """Check that ``path`` is a whole archive database this version can use; returns its schema steps."""
    steps = store_backups.snapshot_steps(path)
    unknown = [s for s in steps if s not in set(known_migrations())]
    if unknown:
        raise ArchiveError(Message("{path} was made by a newer version of Niger Archive (schema steps {steps}); "
                                   "update the program to restore it", path=str(path), steps=", ".join(unknown)))
    return steps


def put_back(root: str | os.PathLike[str], given: str | os.PathLike[str], *,
             keep: int = DEFAULT_KEEP) -> RestoreReport:
    """Put a snapshot back as the archive's database (the first half of :func:`.restoring.restore`,
    which then opens the archive on it and rebuilds the search index).

    Refuses (ArchiveLocked) while another process has the archive open. The database being
    replaced is first saved as a ``before-restore`` snapshot (or, when it is too damaged to read,
    copied byte for byte as ``before-restore-damaged``), so a restore can itself be undone.
    The chosen snapshot stays on disk. Nothing is rotated until the snapshot's pages are in place:
    a restore that fails leaves the database as it was and deletes no snapshot (only the safety
    copy it took is added).
    """
    root = Path(root)
    source = resolve_snapshot(root, given)
    verify_snapshot(source)
    db_path = root / DB_NAME
    lock = locking.acquire(root)
    report = RestoreReport(restored=str(source), safety_snapshot=None)
    try:
        current = store_backups.connect(db_path) if db_path.exists() else None
        try:
            if current is not None and store_backups.readable(current):
                safety = snapshot_database(current, root, "before-restore", rotating=False)
                report.safety_snapshot = str(safety.path)
                _copy_into(source, current)  # one transaction: all the snapshot's pages or none
            else:
                if current is not None:
                    current.close()
                    current = None
                    report.safety_snapshot = str(_keep_damaged(root, db_path))
                    report.notes.append("the database being replaced could not be read; its bytes were kept")
                _replace_with(source, db_path)
        finally:
            if current is not None:
                current.close()
    except DatabaseError as exc:
        known = environment_error(exc, Message("restore {name}", name=source.name), unchanged=True)
        raise (known or ArchiveError(Message("cannot restore {name}: {detail}; the archive was not changed",
                                             name=source.name, detail=str(exc)))) from exc
    except OSError as exc:
        raise ArchiveError(Message("cannot restore {name}: {detail}; the archive was not changed", name=source.name,
                                   detail=str(exc.strerror or exc))) from exc
    finally:
        lock.release()
    rotate(root, max(keep, 2), protect=(source,))
    return report


def _copy_into(source: Path, target: store_backups.Connection) -> None:
    """Overwrite the database behind ``target`` with the snapshot's pages (one atomic step)."""
    store_backups.copy_into(source, target)


def _replace_with(source: Path, db_path: Path) -> None:
    """Put the snapshot in place of an unreadable (or missing) database: copied whole beside it
    first, then renamed over it, so a failed copy leaves the old file where it was."""
    temp = db_path.with_name(f".{db_path.name}.restoring.{os.getpid()}")
    try:
        store_backups.copy_to_file(source, temp)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(temp, db_path)
        _fsync_dir(db_path.parent)
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _keep_damaged(root: Path, db_path: Path) -> Path:
    folder = backups_dir(root)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime(_STAMP)
    target = folder / f"archive-{stamp}-before-restore-damaged.db"
    n = 2
    while target.exists():
        target = folder / f"archive-{stamp}-before-restore-damaged-{n}.db"
        n += 1
    shutil.copy2(db_path, target)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copy2(wal, Path(f"{target}-wal"))
    return target
