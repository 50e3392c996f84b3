"""Owns running the desktop app: what `niger-archive` with no subcommand does."""

from __future__ import annotations

import sys

from ..core.errors import NigerArchiveError
from ..services.settings import Settings


def run_app(archive_dir: str | None) -> int:
    """Open the archive (the given folder, else the last one used, else the default) and run until closed."""
    from .app import ensure_application, open_window

    app = ensure_application()
    settings = Settings.load()
    target = archive_dir or settings.last_archive
    try:
        window = open_window(target, settings)
    except NigerArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    window.show()
    return app.exec()
