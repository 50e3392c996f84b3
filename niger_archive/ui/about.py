"""Owns Help → About: the version, the open archive, the log file and the versions of the libraries, as plain text."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from .. import __version__
from ..platform.i18n import tr
from ..store.database import sqlite_version

DISTRIBUTIONS = (("Whoosh", "whoosh3", "whoosh"), ("sqlite-utils", "sqlite-utils", "sqlite_utils"))


def _version(distribution: str, module: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # a frozen app without the metadata: ask the module
        imported = sys.modules.get(module) or __import__(module)
        value = getattr(imported, "__version__", None) or getattr(imported, "versionstring", lambda: None)()
        return str(value) if value else "unknown"


def library_versions() -> list[tuple[str, str]]:
    """(name, version) of Python, Qt, PySide6, SQLite and the libraries the archive relies on."""
    rows = [
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite_version()),
    ]
    rows += [(name, _version(distribution, module)) for name, distribution, module in DISTRIBUTIONS]
    return rows


def about_text(archive_root: str | Path, log_path: str | Path) -> str:
    """Everything a bug report needs, as plain text (it can be selected and copied)."""
    frozen = " (packaged app)" if getattr(sys, "frozen", False) else ""
    lines = [
        f"Niger Archive {__version__}{frozen}",
        "Offline archive and annotation tool for news coverage.",
        "",
        f"Archive:  {archive_root}",
        f"Log file: {log_path}",
        f"System:   {platform.system()} {platform.release()} ({platform.machine()})",
        "",
    ]
    width = max(len(name) for name, _ in library_versions())
    lines += [f"{name.ljust(width)}  {version}" for name, version in library_versions()]
    return "\n".join(lines) + "\n"


class AboutDialog(QDialog):
    def __init__(self, archive_root: str | Path, log_path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(tr("About Niger Archive"))  # the text stays English: it goes into bug reports
        self.text = QPlainTextEdit()
        self.text.setObjectName("about-text")
        self.text.setReadOnly(True)
        self.text.setPlainText(about_text(archive_root, log_path))
        self.text.setMinimumSize(560, 300)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
