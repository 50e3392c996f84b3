"""Owns "one window per archive": the local socket a running window listens on, and handing files to it.

A window listens on a QLocalServer whose name is derived from its archive's resolved path (and the
user), so ``niger-archive FILE`` started while that archive is open hands FILE to the running
window (which imports it, or shows a bundle's dry run) instead of opening the archive a second
time. The request is one line of JSON, ``{"paths": [...]}`` with absolute paths; the window answers
``ok``. The socket is readable by its user only.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 1000
REPLY_MS = 5000
MAX_REQUEST = 1 << 20  # bytes; a request is a short list of paths


def server_name(archive_root: str | os.PathLike[str]) -> str:
    """The socket name of the window on ``archive_root`` (short: Unix socket paths are limited)."""
    key = os.path.normcase(os.path.realpath(archive_root))
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some sandboxes
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{key}".encode("utf-8")).hexdigest()[:20]
    return f"niger-archive-{digest}"


def hand_over(archive_root: str | os.PathLike[str], paths: Iterable[str], *, timeout_ms: int = CONNECT_MS) -> bool:
    """Give ``paths`` to the window running on ``archive_root`` (it comes to the front); False when no
    window runs there. Works before any QApplication exists (blocking socket calls)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(archive_root))
    if not socket.waitForConnected(timeout_ms):
        return False
    request = json.dumps({"paths": [os.path.abspath(p) for p in paths]}).encode("utf-8") + b"\n"
    socket.write(request)
    if not socket.waitForBytesWritten(REPLY_MS):
        socket.abort()
        return False
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_MS):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply.strip() == b"ok"


class InstanceServer(QObject):
    """Listens for files handed over by later launches on the same archive."""

    opened = Signal(list)  # absolute paths (possibly empty: "come to the front")

    def __init__(self, archive_root: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(archive_root)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.listening = self._listen()

    def _listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QLocalServer.SocketError.AddressInUseError and not _answers(self.name):
            QLocalServer.removeServer(self.name)  # left over by a window that crashed
            if self.server.listen(self.name):
                return True
        log.warning("not listening for other launches on %s: %s", self.name, self.server.errorString())
        return False

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_REQUEST:
            socket.abort()
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = json.loads(line.decode("utf-8"))
            paths = [str(Path(p)) for p in request.get("paths", []) if isinstance(p, str)]
        except (UnicodeDecodeError, ValueError, AttributeError):
            log.warning("ignored a malformed request on %s", self.name)
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        QTimer.singleShot(0, lambda p=paths: self.opened.emit(p))  # after answering: the caller may exit

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def close(self) -> None:
        self.server.close()


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    answered = socket.waitForConnected(200)
    socket.abort()
    return answered
