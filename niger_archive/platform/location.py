"""Owns where the archive lives: --archive DIR, then NIGER_ARCHIVE_DIR, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "niger-archive"
ENV_VAR = "NIGER_ARCHIVE_DIR"


def default_archive_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "archive"


def resolve_archive_dir(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_archive_dir()
