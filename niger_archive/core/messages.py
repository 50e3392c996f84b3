"""Owns user-visible text made below the interface: English that remembers its template and parameters.

The layers under ``platform.i18n`` (``core``) and those that should not care about the interface
language (``services``, ``commands``) still compose messages. They write them in English, as before,
but through :class:`Message`: a ``str`` (the English text, so logs, tests and storage see no
difference) that also keeps the untranslated template and the values put into it. The interface
(``ui``, the CLI, the HTML report) shows it with ``platform.i18n.tr``, which looks the *template* up
in the catalogue and fills it in again, so "Imported {n} articles" becomes "{n} articles importés"
with the same ``n``. ``N_`` marks a fixed string for translation without changing it (gettext's
no-op marker), so the catalogue's completeness test can find it.
"""

from __future__ import annotations

from typing import Any, Sequence


def N_(text: str) -> Message:  # noqa: N802 (gettext's name for the marker)
    """``text`` unchanged (as a :class:`Message` with no parameters): marks an English string that the
    interface translates where it shows it, while text from the user (a tag, a name) is shown as it is."""
    return Message(text)


class Message(str):
    """An English message (the ``str`` value) with its ``template`` and ``params`` kept for translation.

    ``plural`` is the template used when ``amount`` is not one (English), so a language with other plural
    rules can choose its own form; parameters that are themselves messages are translated too."""

    template: str
    params: dict[str, Any]
    plural: str | None
    amount: int | None  # the number that chose between singular and plural (not "count": str has one)

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = template.format(**params) if params else template
        made = super().__new__(cls, text)
        made.template = template
        made.params = params
        made.plural = None
        made.amount = None
        return made

    @classmethod
    def counted(cls, count: int, singular: str, plural: str, /, **params: Any) -> Message:
        """``singular`` when ``count`` is one, else ``plural``; ``{n}`` in either is ``count``."""
        params.setdefault("n", count)
        made = cls(singular if count == 1 else plural, **params)
        made.template = singular
        made.plural = plural
        made.amount = count
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickled whole: progress and results cross processes
        return (_rebuild, (str(self), self.template, self.params, self.plural, self.amount))


def _rebuild(text: str, template: str, params: dict[str, Any], plural: str | None, amount: int | None) -> Message:
    made = Message(text)
    made.template, made.params, made.plural, made.amount = template, params, plural, amount
    return made


def joined(separator: str, parts: Sequence[str]) -> Message:
    """``parts`` joined by ``separator``, each part translated on its own where it is a message."""
    names = {f"p{i}": part for i, part in enumerate(parts)}
    made = Message(separator.join("{" + name + "}" for name in names), **names)
    made.params["_separator"] = separator  # translated too ("; " is " ; " in French)
    return made


class Amount(str):
    """A number inside a message: its English form ("1,000", "2.5") is the ``str``; ``number`` is the
    value, which the interface writes the language's way ("1 000", "2,5")."""

    number: float

    def __new__(cls, value: float, /) -> Amount:
        value = round(float(value), 6)
        made = super().__new__(cls, f"{value:,.0f}" if value.is_integer() else f"{value:,}")
        made.number = value
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Amount, (self.number,))


class Recorded(str):
    """English text read back from storage (an undo step's label, written when the step was made): the
    interface translates it by the catalogue template it matches ("Tag “{tag}”" for "Tag “Niamey”")."""

    recorded = True
