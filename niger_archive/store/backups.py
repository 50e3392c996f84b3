"""Owns the SQLite side of snapshots (``services/backups.py`` decides when, where and what to keep):
copying a live database with the online backup API, checking a snapshot, copying one back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.errors import ArchiveError
from ..core.messages import Message

Connection = sqlite3.Connection


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection to the database file at ``path`` (to copy it or over it)."""
    return sqlite3.connect(str(path))


def backup_to(conn: sqlite3.Connection, path: Path, *, pages: int) -> None:
    """Copy the database behind ``conn`` into a new self-contained file at ``path`` (rollback
    journal, no ``-wal`` beside it), ``pages`` pages at a time so SQLite's locks are let go between."""
    dest = sqlite3.connect(str(path))
    try:
        conn.backup(dest, pages=pages)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dest.close()


def snapshot_steps(path: Path) -> list[str]:
    """The schema steps of the snapshot at ``path``, after checking it is whole and an archive's
    database (ArchiveError saying why not)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ArchiveError(Message("{path} cannot be opened as a snapshot: {detail}", path=str(path), detail=str(exc))) from exc
    try:
        result = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())
        if result != "ok":
            raise ArchiveError(Message("{path} is damaged ({detail}); choose another snapshot", path=str(path),
                                              detail=result[:200]))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_sqlite_migrations" not in tables or "articles" not in tables:
            raise ArchiveError(Message("{path} is not a Niger Archive database", path=str(path)))
        return [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'niger_archive' ORDER BY rowid")]
    except sqlite3.Error as exc:
        raise ArchiveError(Message("{path} is not a usable snapshot: {detail}", path=str(path), detail=str(exc))) from exc
    finally:
        conn.close()


def readable(conn: sqlite3.Connection) -> bool:
    """Whether SQLite can read the database behind ``conn`` (a quick check)."""
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.Error:
        return False


def copy_into(source: Path, target: sqlite3.Connection) -> None:
    """Overwrite the database behind ``target`` with the snapshot's pages (one atomic step)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        src.backup(target)
    finally:
        src.close()
    target.execute("PRAGMA journal_mode = WAL")


def copy_to_file(source: Path, path: Path) -> None:
    """Copy the snapshot whole into a new single file at ``path`` (no ``-wal`` left beside it)."""
    dest = sqlite3.connect(str(path))
    try:
        copy_into(source, dest)
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dest.execute("PRAGMA journal_mode = DELETE")  # one file to rename; opening turns WAL on again
    finally:
        dest.close()
