"""Owns opening the SQLite store: file location, pragmas (WAL, FULL sync, foreign keys), migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from ..core.errors import ArchiveError
from .migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


def open_database(path: Path, *, readonly: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database with safe pragmas and the current schema."""
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open the archive database {path}: {exc}") from exc
    db = sqlite_utils.Database(conn)
    if migrate and not readonly:
        try:
            MIGRATIONS.apply(db)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot update the archive database {path}: {exc}") from exc
    return db


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """Names of the applied migrations, in order."""
    return [m.name for m in MIGRATIONS.applied(db)]
