"""Owns finding the files shipped with the program (sample articles, icons, desktop files) in a source
tree, in the environment it is installed in (``share/niger-archive``) or inside a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

SOURCE_ROOT = Path(__file__).resolve().parents[2]
INSTALLED_ROOT = Path(sys.prefix) / "share" / "niger-archive"

APP_ICON = "niger-archive"
APP_ID = "org.nigerarchive.NigerArchive"


def find_resource(frozen: str, source: str, installed: str, holds: Callable[[Path], bool]) -> Path | None:
    """The first of the frozen app's ``frozen`` folder, the source tree's ``source`` folder and the
    installed ``share/niger-archive/installed`` folder for which ``holds(folder)`` is true, else None."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / frozen)
    candidates.append(SOURCE_ROOT / source)
    candidates.append(INSTALLED_ROOT / installed if installed else INSTALLED_ROOT)
    for candidate in candidates:
        if holds(candidate):
            return candidate
    return None


def samples_dir() -> Path | None:
    """The folder holding the five sample articles, or None when this installation has none."""
    return find_resource("samples", "samples", "samples",
                         lambda folder: folder.is_dir() and any(folder.glob("*.txt")))


def icons_dir() -> Path | None:
    """The folder of SVG icons, if there is one."""
    return find_resource("resources/icons", "resources/icons", "icons",
                         lambda folder: (folder / f"{APP_ICON}.svg").is_file())


def desktop_resources_dir() -> Path | None:
    """The folder whose ``linux`` folder holds the desktop entry, metainfo and MIME type."""
    return find_resource("resources", "resources", "",
                         lambda folder: (folder / "linux" / f"{APP_ID}.desktop").is_file())


def locale_dir() -> Path | None:
    """The folder of interface translations (``fr.po``...), if there is one."""
    return find_resource("resources/locale", "resources/locale", "locale",
                         lambda folder: folder.is_dir() and any(folder.glob("*.po")))
