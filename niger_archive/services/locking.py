"""Owns the archive's process lock: one writing process per archive folder, and the crash marker.

The lock is an OS lock on ``archive.lock`` in the archive folder (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows). The OS drops it when the process ends, however it ends, so a lock
left by a dead process is never in the way: the next process simply gets it.

The file also says who holds it (pid, host, since when) so that a refused process can name the
holder, and whether the holder's session is still open: it says ``"open"`` while a session runs
and ``"closed"`` after a clean close. A new holder that finds ``"open"`` knows the previous session
ended without closing (crash, kill, power cut): :attr:`ArchiveLock.crashed_last_time`.

The lock belongs to the process, not to an ``Archive`` object: the GUI opens several ``Archive``
objects on one folder (one per worker thread), so holders in one process are counted per folder
and the OS lock is released when the last of them lets go.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..core.errors import ArchiveError, ArchiveLocked
from ..core.messages import N_, Message

LOCK_NAME = "archive.lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # Windows locks a byte range: lock one far past the owner text, which stays readable
_BUSY_ERRNOS = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, getattr(errno, "EDEADLK", errno.EAGAIN)}
_NO_LOCKS_ERRNOS = {errno.ENOLCK, getattr(errno, "EOPNOTSUPP", errno.ENOLCK), getattr(errno, "ENOTSUP", errno.ENOLCK)}

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _BUSY_ERRNOS:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in _BUSY_ERRNOS:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockOwner:
    """What the lock file says about its (last) holder."""

    pid: int | None
    host: str
    since: str
    state: str  # "open" while a session runs, "closed" after a clean close

    def describe(self) -> str:
        """Who holds the archive, e.g. "process 4242 (laptop)" (a message: said in the interface language)."""
        if self.pid is None:
            return Message("another process ({host})", host=self.host) if self.host else N_("another process")
        if self.host:
            return Message("process {pid} ({host})", pid=self.pid, host=self.host)
        return Message("process {pid}", pid=self.pid)


def _read_owner(fd: int) -> LockOwner | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
    except OSError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid = data.get("pid")
    return LockOwner(
        pid if isinstance(pid, int) else None,
        str(data.get("host") or ""),
        str(data.get("since") or ""),
        str(data.get("state") or ""),
    )


def _write_owner(fd: int, state: str, since: str) -> None:
    # A closed session leaves the same bytes every time, so closing leaves the folder as it found it.
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": since, "state": state}
    text = json.dumps(record if state == "open" else {"state": state})
    payload = text.encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, payload)
    os.ftruncate(fd, len(payload))
    os.fsync(fd)


def _alive_elsewhere(previous: LockOwner | None) -> bool:
    """True when the file names a session still open in another live process on this host."""
    if previous is None or previous.state != "open" or previous.pid is None or previous.pid == os.getpid():
        return False
    if previous.host != socket.gethostname() or sys.platform == "win32":
        return True  # cannot tell (os.kill on Windows would end the process): assume it is still in use
    try:
        os.kill(previous.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by another user
    return True


@dataclass
class _Held:
    fd: int
    count: int
    crashed_last_time: bool
    since: str


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


def _key(root: Path) -> str:
    return os.path.normcase(os.path.realpath(root))


class ArchiveLock:
    """One holder's share of the process's lock on an archive folder; release it once."""

    def __init__(self, root: Path, key: str, crashed_last_time: bool) -> None:
        self.root = root
        self._key = key
        self.crashed_last_time = crashed_last_time
        self._released = False

    @property
    def released(self) -> bool:
        return self._released

    def release(self, *, clean: bool = True) -> None:
        """Give up this share; the last share marks the session closed (when ``clean``) and unlocks."""
        if self._released:
            return
        self._released = True
        with _held_guard:
            held = _held.get(self._key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[self._key]
            try:
                if clean:
                    _write_owner(held.fd, "closed", held.since)
            except OSError:
                pass  # the next holder then reports a crash: a harmless false alarm
            finally:
                try:
                    _unlock(held.fd)
                except OSError:
                    pass
                os.close(held.fd)


def acquire(root: str | os.PathLike[str]) -> ArchiveLock:
    """Take (or share, within this process) the write lock on the archive folder ``root``.

    Raises ArchiveLocked naming the holder when another process has it, and ArchiveError when the
    lock file cannot be created (read-only folder, full disk).
    """
    root = Path(root)
    key = _key(root)
    with _held_guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return ArchiveLock(root, key, held.crashed_last_time)
        path = root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise ArchiveError(Message(
                "cannot open the archive {root} for writing: {detail} (is the folder read-only? it can still be "
                "opened read-only)", root=str(root), detail=str(exc.strerror or exc))) from exc
        try:
            try:
                locked = _try_lock(fd)
            except OSError as exc:
                if exc.errno not in _NO_LOCKS_ERRNOS:
                    raise ArchiveError(Message("cannot lock the archive {root}: {detail}", root=str(root),
                                                       detail=str(exc.strerror or exc))) from exc
                # The file system has no OS locks (some network shares): fall back to asking whether
                # the process named in the file is alive (possible only for a process on this host).
                locked = not _alive_elsewhere(_read_owner(fd))
            if not locked:
                owner = _read_owner(fd)
                who = owner.describe() if owner else N_("another process")
                if owner and owner.since:
                    raise ArchiveLocked(Message("archive {root} is in use by {who} since {since}; close it there "
                                                "first, or open this archive read-only", root=str(root), who=who,
                                                since=owner.since))
                raise ArchiveLocked(Message("archive {root} is in use by {who}; close it there first, or open this "
                                            "archive read-only", root=str(root), who=who))
            previous = _read_owner(fd)
            since = datetime.now(timezone.utc).isoformat(timespec="seconds")
            try:
                _write_owner(fd, "open", since)
            except OSError as exc:
                _unlock(fd)
                raise ArchiveError(Message("cannot write to the archive {root}: {detail}", root=str(root),
                                                   detail=str(exc.strerror or exc))) from exc
        except BaseException:
            os.close(fd)
            raise
        crashed = previous is not None and previous.state == "open"
        _held[key] = _Held(fd, 1, crashed, since)
        return ArchiveLock(root, key, crashed)


def owner(root: str | os.PathLike[str]) -> LockOwner | None:
    """Who holds the archive's lock now (None when no live process holds it; this process counts)."""
    root = Path(root)
    with _held_guard:
        if _key(root) in _held:
            return LockOwner(os.getpid(), socket.gethostname(), _held[_key(root)].since, "open")
    path = root / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None  # no lock file (never opened for writing) or unreadable: nobody can hold it
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
        return _read_owner(fd) or LockOwner(None, "", "", "open")
    except OSError:
        return None
    finally:
        os.close(fd)


def held_here(root: str | os.PathLike[str]) -> int:
    """How many holders in this process share the lock on ``root`` (0 when this process has none)."""
    with _held_guard:
        held = _held.get(_key(Path(root)))
        return held.count if held else 0
