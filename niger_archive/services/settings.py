"""Owns user settings: a JSON file in the user config folder (author name, key overrides, recent archives)."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ..platform.location import APP_NAME

CONFIG_ENV = "NIGER_ARCHIVE_CONFIG"


def settings_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def _default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes
        return "me"


@dataclass
class Settings:
    author: str = field(default_factory=_default_author)
    keys: dict[str, str] = field(default_factory=dict)  # command id -> key sequence override
    recent_archives: list[str] = field(default_factory=list)
    last_archive: str | None = None
    max_import_mb: float = 20.0
    backups_kept: int = 10
    interface_language: str = "system"  # "system" (follow the system locale), "en" or "fr"
    problems: list[str] = field(default_factory=list, repr=False)  # why the file could not be read

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            settings = cls()
            settings.problems.append(f"settings file {path} could not be read ({exc}); defaults used")
            return settings
        settings = cls()
        if not isinstance(data, dict):
            settings.problems.append(f"settings file {path} is not a JSON object; defaults used")
            return settings
        for name, value in data.items():
            if name in ("problems",) or not hasattr(settings, name):
                continue
            expected = type(getattr(settings, name))
            if getattr(settings, name) is None or isinstance(value, expected) or (
                expected is float and isinstance(value, int)
            ):
                setattr(settings, name, value)
            else:
                settings.problems.append(f"setting {name!r} ignored: expected {expected.__name__}")
        return settings

    @property
    def max_import_bytes(self) -> int:
        """The largest file an import takes, from ``max_import_mb`` (a value that is not a positive
        number falls back to the default, 20 MB)."""
        mb = self.max_import_mb
        if not (isinstance(mb, (int, float)) and 0 < mb < float("inf")):
            mb = Settings.max_import_mb
        return int(mb * 1_048_576)

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = asdict(self)
        data.pop("problems", None)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def remember_archive(self, archive: str) -> None:
        self.last_archive = archive
        self.recent_archives = [archive] + [a for a in self.recent_archives if a != archive][:9]
