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
import re
from pathlib import Path

from .resources import locale_dir

log = logging.getLogger(__name__)

SUPPORTED: tuple[str, ...] = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
LANGUAGE_ENV = "NIGER_ARCHIVE_LANGUAGE"  # the system language for this program only (e.g. "fr")

class _State:
    language = "en"
    catalogue: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] | None = None  # templates for recorded text, made when needed


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
    _State.patterns = None
    return code


def current_language() -> str:
    return _State.language


def tr(text: str) -> str:
    """``text`` in the interface language (as given when the catalogue has no translation).

    A message made below the interface (``core.messages.Message``: a ``str`` with ``template`` and
    ``params``) is translated from its template and filled in again: parameters that are messages are
    translated too, numbers are written the language's way, other text (names, quotes, paths) is kept
    as it is; a template with no translation keeps its English words."""
    template = getattr(text, "template", None)
    if template is None or _State.language == "en":
        if getattr(text, "recorded", False) and text not in _State.catalogue:
            return _recorded(text)
        return _State.catalogue.get(text, text)
    amount = getattr(text, "amount", None)
    plural = getattr(text, "plural", None)
    if isinstance(plural, str) and isinstance(amount, int) and not _singular(amount):
        template = plural
    params = {name: _param(name, value) for name, value in getattr(text, "params", {}).items()}
    separator = params.pop("_separator", None)
    if isinstance(separator, str):  # a list joined below the interface: its separator in this language too
        return _State.catalogue.get(separator, separator).join(str(params[f"p{i}"]) for i in range(len(params)))
    try:
        return str(_State.catalogue.get(template, template).format(**params))
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder: the English
        log.warning("translation of %r does not fit its parameters", template)
        return str(text)


def tr_marked(text: str) -> str:
    """``text`` translated when it was marked for translation (a ``core.messages.Message``), else as it
    is: option lists mix fixed words ("Not now") with the user's own (tags, names, which stay as typed)."""
    return tr(text) if getattr(text, "template", None) is not None else text


def _recorded(text: str) -> str:
    """Stored English text translated through the first catalogue template it matches whole (the most
    specific first: most fixed words); the values in its placeholders are translated when the catalogue
    has them as they are. As it is when no template matches."""
    if _State.language == "en":
        return text
    if _State.patterns is None:
        patterns = []
        for english in _State.catalogue:
            if "{" not in english or english.startswith("{"):  # a template opening on a value matches too much
                continue
            parts = re.split(r"\{(\w+)\}", english)
            if len(parts) < 2 or len(set(parts[1::2])) != len(parts[1::2]):
                continue
            source = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
            patterns.append((len("".join(parts[0::2])), re.compile(source + r"\Z", re.S), english))
        patterns.sort(key=lambda p: -p[0])
        _State.patterns = [(compiled, english) for _, compiled, english in patterns]
    for regex, english in _State.patterns:
        found = regex.match(text)
        if found:
            values = {k: _State.catalogue.get(v, v) for k, v in found.groupdict().items()}
            try:
                return _State.catalogue[english].format(**values)
            except (KeyError, IndexError, ValueError):
                break
    return text


def _singular(count: int) -> bool:
    """Whether ``count`` takes the singular in the interface language (French: 0 and 1, English: 1)."""
    return count in (0, 1) if _State.language == "fr" else count == 1


def _param(name: str, value: object) -> object:
    shown = getattr(value, "number", None)  # core.messages.Amount: a figure's number inside a message
    if isinstance(value, str) and isinstance(shown, float):
        return number(int(shown)) if shown.is_integer() else decimal(shown)
    if isinstance(value, str):
        # a message inside is translated; a name, a quote or a path stays as it is
        return tr(value) if getattr(value, "recorded", False) else tr_marked(value)
    if isinstance(value, int) and not isinstance(value, bool) and not name.endswith(("id", "year")):
        return number(value)
    return value


def number(value: int) -> str:
    """A whole number as the interface language writes it: "7,751" in English, "7 751" in French
    (a narrow no-break space between groups of three)."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if _State.language == "fr" else text


def decimal(value: float) -> str:
    """A number with its decimals as the interface language writes it ("2.5" / "2,5"; Babel's rules)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_State.language, group_separator=True))


def percent(value: float) -> str:
    """A share (0.8) as a percentage the interface language's way ("80%" / "80 %"; Babel's rules)."""
    from babel.numbers import format_percent

    return str(format_percent(value, locale=_State.language))


def date(iso: str | None, *, long: bool = False) -> str:
    """An ISO date ("2024-09-16", "2024-09", "2024" or a timestamp) as the interface language writes it:
    "2024-09-16" in English (the ISO form, as always), "16 sept. 2024" in French ("16 septembre 2024" with
    ``long``; Babel's patterns); a year or a month alone stays as precise as it is; text that is not a
    date is returned as it is."""
    from datetime import date as Date

    from babel.dates import format_date, format_skeleton

    value = (iso or "").strip()
    if not value or _State.language == "en":
        return value[:10]  # English keeps the ISO form the app has always shown (no US/UK guess)
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1 and len(parts[0]) == 4:
            return parts[0]
        if len(numbers) == 2:
            return str(format_skeleton("yMMMM" if long else "yMMM", Date(numbers[0], numbers[1], 1),
                                       locale=_State.language))
        if len(numbers) == 3:
            return str(format_date(Date(*numbers), format="long" if long else "medium", locale=_State.language))
    except (ValueError, TypeError):
        pass
    return value


def moment(iso: str | None) -> str:
    """A date with its time of day ("2024-08-05 19:40" / "5 août 2024 19:40"); the date alone when no time."""
    value = (iso or "").strip()
    if len(value) < 16 or value[10] not in "T ":
        return date(value)
    return f"{date(value[:10])} {value[11:16]}"
