"""Owns the interface language: which language the app speaks, and the translation of its strings.

Every user-visible string of the app is written in English in the code and shown through ``tr``,
which looks it up in the chosen language's catalogue (``resources/locale/<code>.po``, gettext's
format, read with Babel). A string the catalogue lacks is shown in English. The language follows the
system locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``; ``NIGER_ARCHIVE_LANGUAGE`` before
them) unless the ``interface_language`` setting names one; English is the fallback. Command ids, keys
and settings stay the same in every language.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .resources import locale_dir

log = logging.getLogger(__name__)

SUPPORTED: tuple[str, ...] = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
LANGUAGE_ENV = "NIGER_ARCHIVE_LANGUAGE"  # the system language for this program only (e.g. "fr")

class _State:
    language = "en"
    catalogue: dict[str, str] = {}


def system_language(environ: dict[str, str] | None = None) -> str:
    """The primary language code of the system locale ("fr" for fr_FR.UTF-8), or "" when unset."""
    env = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            code = value.split(":", 1)[0].split(".", 1)[0].split("_", 1)[0].split("-", 1)[0].lower()
            if code in ("c", "posix"):
                return "en"
            return code
    return ""


def choose_language(setting: str | None, environ: dict[str, str] | None = None) -> str:
    """The language to show: the setting when it names a supported one, else the system's when
    supported, else English."""
    wanted = (setting or "system").strip().lower()
    if wanted in SUPPORTED:
        return wanted
    system = system_language(environ)
    return system if system in SUPPORTED else "en"


def read_catalogue(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a gettext catalogue; empty and fuzzy entries are left out."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, abort_invalid=False)
    return {m.id: m.string for m in catalog
            if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy}


def set_language(code: str) -> str:
    """Show the interface in ``code`` from now on; returns the language set (English when ``code``
    has no catalogue or it cannot be read)."""
    code = code if code in SUPPORTED else "en"
    catalogue: dict[str, str] = {}
    if code != "en":
        folder = locale_dir()
        path = folder / f"{code}.po" if folder else None
        try:
            if path is None:
                raise FileNotFoundError(f"no {code}.po among the program's resources")
            catalogue = read_catalogue(path)
        except (OSError, ValueError) as exc:
            log.warning("interface language %s not available (%s); English is shown", code, exc)
            code = "en"
    _State.language = code
    _State.catalogue = catalogue
    return code


def current_language() -> str:
    return _State.language


def tr(text: str) -> str:
    """``text`` in the interface language (as given when the catalogue has no translation)."""
    return _State.catalogue.get(text, text)


def number(value: int) -> str:
    """A whole number as the interface language writes it: "7,751" in English, "7 751" in French
    (a narrow no-break space between groups of three)."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if _State.language == "fr" else text
