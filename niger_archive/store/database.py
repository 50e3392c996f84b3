"""Owns opening the SQLite store: file location, pragmas (WAL, FULL sync, foreign keys), migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ..core.errors import ArchiveError
from ..core.messages import N_, Message
from .migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000

# SQLite result codes that mean "the environment failed" (disk, permissions, damage), not a bug:
# they become ArchiveError with a message a user can act on.
_ENVIRONMENT_ERRORS = {
    "SQLITE_FULL": N_("the disk is full"),
    "SQLITE_READONLY": N_("the archive folder is read-only"),
    "SQLITE_IOERR": N_("the disk could not be read or written"),
    "SQLITE_CANTOPEN": N_("the database file cannot be opened"),
    "SQLITE_CORRUPT": N_("the database is damaged"),
    "SQLITE_NOTADB": N_("the file is not an archive database"),
    "SQLITE_BUSY": N_("another program kept the database busy"),
    "SQLITE_LOCKED": N_("another program kept the database busy"),
    "SQLITE_PERM": N_("permission was refused"),
}
_REMEDY = {
    "SQLITE_FULL": N_("free some space and try again"),
    "SQLITE_READONLY": N_("open it read-only, or copy the archive somewhere writable"),
    "SQLITE_CORRUPT": N_("run `niger-archive check`, then restore a backup with `niger-archive restore`"),
    "SQLITE_NOTADB": N_("restore a backup with `niger-archive restore`"),
}


DatabaseError = sqlite3.Error  # what a caller outside store/ catches around database work
IntegrityError = sqlite3.IntegrityError  # a write refused by a constraint (a row refers to one deleted)
Database = sqlite_utils.Database  # an open archive database, as callers outside store/ name its type


@contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction started with ``BEGIN IMMEDIATE`` (a writer on another connection makes it
    wait at the start instead of failing half-way): committed at the end, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def sqlite_version() -> str:
    """The version of the SQLite library this program stores archives with."""
    return sqlite3.sqlite_version


def environment_error(exc: sqlite3.Error, doing: str, *, unchanged: bool = True) -> ArchiveError | None:
    """An ArchiveError explaining ``exc`` when it is a disk, permission or damage failure, else None.

    ``doing`` names the action ("save the edit"); with ``unchanged`` the message says that nothing
    was written, which holds for any failure inside one transaction.
    """
    name = getattr(exc, "sqlite_errorname", None) or ""
    base = next((k for k in _ENVIRONMENT_ERRORS if name == k or name.startswith(k + "_")), None)
    if base is None:
        text = str(exc).lower()
        if "disk is full" in text:
            base = "SQLITE_FULL"
        elif "readonly" in text or "read-only" in text:
            base = "SQLITE_READONLY"
        elif "disk i/o" in text:
            base = "SQLITE_IOERR"
        elif "malformed" in text:
            base = "SQLITE_CORRUPT"
        elif "not a database" in text:
            base = "SQLITE_NOTADB"
        else:
            return None
    message = Message("cannot {doing}: {what} ({detail})", doing=doing, what=_ENVIRONMENT_ERRORS[base], detail=str(exc))
    if unchanged:
        message = Message("{message}; nothing was changed", message=message)
    remedy = _REMEDY.get(base)
    if remedy:
        message = Message("{message} — {remedy}", message=message, remedy=remedy)
    return ArchiveError(message)


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if not readonly:
        return sqlite3.connect(str(path), check_same_thread=False)
    if not path.exists():
        raise ArchiveError(f"there is no archive database at {path}")
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    # A WAL database in a folder we cannot write (read-only medium, someone else's share): SQLite
    # cannot create the shared-memory file, so read the file as it stands. No process can be
    # writing it from here, as it could not create its own -wal and -shm files either.
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)


def open_database(path: Path, *, readonly: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database with safe pragmas and the current schema.

    Read-only opening never creates, migrates or writes anything (``query_only`` is set).
    """
    conn = None
    try:
        conn = _connect(path, readonly)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged header fails here
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        known = environment_error(exc, Message("open the archive database {path}", path=str(path)), unchanged=False)
        raise (known or ArchiveError(Message("cannot open the archive database {path}: {detail}", path=str(path),
                                             detail=str(exc)))) from exc
    db = sqlite_utils.Database(conn, execute_plugins=False)  # no plugin scan: we use none (about 20 ms)
    try:
        newer = unknown_migrations(db)
    except sqlite3.Error as exc:
        conn.close()
        known = environment_error(exc, Message("read the archive database {path}", path=str(path)), unchanged=False)
        raise (known or ArchiveError(Message("cannot read the archive database {path}: {detail}", path=str(path),
                                             detail=str(exc)))) from exc
    if newer and not readonly:
        conn.close()
        raise ArchiveError(Message(
            "the archive database {path} was updated by a newer version of Niger Archive (schema steps {steps} are "
            "unknown here); update the program, or open it read-only", path=str(path), steps=", ".join(newer)))
    if migrate and not readonly:
        try:
            apply_migrations(db)
        except ArchiveError:
            conn.close()
            raise
    return db


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply the pending migrations (each in its own transaction); returns their names."""
    pending = pending_migrations(db)
    if not pending:
        return []
    try:
        MIGRATIONS.apply(db)
    except sqlite3.Error as exc:
        known = environment_error(exc, N_("update the archive database to this version's schema"))
        raise (known or ArchiveError(Message("cannot update the archive database: {detail}", detail=str(exc)))) from exc
    return pending


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the schema steps this version has and the database has not applied yet."""
    return [m.name for m in MIGRATIONS.pending(db)]


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of schema steps applied to the database that this version does not know (a newer version's)."""
    known = set(known_migrations())
    return [name for name in schema_version(db) if name not in known]


def known_migrations() -> list[str]:
    """Names of every schema step this version knows, in order (all are pending on an empty database)."""
    return [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True, execute_plugins=False))]


def is_new(db: sqlite_utils.Database) -> bool:
    """True when the database holds no schema yet (just created)."""
    return not schema_version(db)


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """Names of the applied migrations, in order."""
    return [m.name for m in MIGRATIONS.applied(db)]
