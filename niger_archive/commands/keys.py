"""Owns key bindings as data: key-sequence spelling, user overrides, and conflict detection per context.

Keys are spelled the way Qt's portable text spells them ("Ctrl+Shift+Z", "S", "Del", "Esc", "F1",
"/", "["), so the UI can hand them to ``QKeySequence`` unchanged while this module stays Qt-free.
A key bound in the ``global`` context is live everywhere, so it conflicts with the same key in any
other context; two other contexts (e.g. ``reader`` and ``library``) never conflict with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    from .registry import Registry

GLOBAL = "global"
MODIFIER_ORDER = ("Ctrl", "Alt", "Shift", "Meta")

_MODIFIER_ALIASES = {
    "ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "option": "Alt", "opt": "Alt",
    "shift": "Shift", "meta": "Meta", "super": "Meta", "win": "Meta", "cmd": "Meta",
}
# Key names as Qt's QKeySequence.PortableText writes them, with common other spellings.
_KEY_ALIASES = {
    "esc": "Esc", "escape": "Esc", "del": "Del", "delete": "Del", "return": "Return", "enter": "Enter",
    "tab": "Tab", "backtab": "Backtab", "backspace": "Backspace", "space": "Space", "spacebar": "Space",
    "home": "Home", "end": "End", "pgup": "PgUp", "pageup": "PgUp", "pgdown": "PgDown",
    "pagedown": "PgDown", "left": "Left", "right": "Right", "up": "Up", "down": "Down", "ins": "Ins",
    "insert": "Ins", "plus": "+", "minus": "-", "comma": ",", "period": ".", "slash": "/",
}
_SINGLE_CHARACTER_KEYS = set("abcdefghijklmnopqrstuvwxyz0123456789`-=[]\\;',./*+")


class InvalidKey(ValueError):
    """A key sequence that cannot be read."""


def normalize_key(text: str) -> str:
    """The canonical spelling of one key sequence: modifiers in Qt's order, key names in Qt's spelling.

    >>> normalize_key("shift+ctrl+z")
    'Ctrl+Shift+Z'
    """
    raw = text.strip()
    if not raw:
        raise InvalidKey("an empty key")
    if raw == "+":
        parts = ["+"]
    elif raw.endswith("++"):
        parts = raw[:-2].split("+") + ["+"]
    else:
        parts = raw.split("+")
    *mods, key = [p.strip() for p in parts]
    modifiers = set()
    for mod in mods:
        name = _MODIFIER_ALIASES.get(mod.lower())
        if name is None:
            raise InvalidKey(f"unknown modifier {mod!r} in {text!r}")
        modifiers.add(name)
    if not key:
        raise InvalidKey(f"no key in {text!r}")
    lowered = key.lower()
    if lowered in _KEY_ALIASES:
        key = _KEY_ALIASES[lowered]
    elif len(key) == 1 and lowered in _SINGLE_CHARACTER_KEYS:
        key = key.upper()
    elif lowered.startswith("f") and lowered[1:].isdigit() and 1 <= int(lowered[1:]) <= 35:
        key = "F" + lowered[1:]
    else:
        raise InvalidKey(f"unknown key {key!r} in {text!r}")
    return "+".join([m for m in MODIFIER_ORDER if m in modifiers] + [key])


def contexts_overlap(a: str, b: str) -> bool:
    """Whether a key bound in context ``a`` and in context ``b`` could both be live at once."""
    return a == b or GLOBAL in (a, b)


@dataclass(frozen=True)
class KeyConflict:
    key: str
    commands: tuple[str, ...]  # command ids sharing the key in overlapping contexts
    contexts: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.key} is bound to {' and '.join(self.commands)} ({' / '.join(self.contexts)})"


def find_conflicts(bound: Iterable[tuple[str, str, str]]) -> list[KeyConflict]:
    """Conflicts among (command id, context, key) bindings."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    for command_id, context, key in bound:
        by_key.setdefault(key, []).append((command_id, context))
    conflicts = []
    for key, users in sorted(by_key.items()):
        seen: set[tuple[str, str]] = set()
        for i, (id_a, ctx_a) in enumerate(users):
            for id_b, ctx_b in users[i + 1:]:
                if id_a != id_b and contexts_overlap(ctx_a, ctx_b) and (id_a, id_b) not in seen:
                    seen.add((id_a, id_b))
                    conflicts.append(KeyConflict(key, (id_a, id_b), (ctx_a, ctx_b)))
    return conflicts


@dataclass
class Keymap:
    """The effective keys of every command after the user's overrides, and what went wrong."""

    keys: dict[str, tuple[str, ...]]
    contexts: dict[str, str]
    overridden: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    conflicts: list[KeyConflict] = field(default_factory=list)

    def keys_for(self, command_id: str) -> tuple[str, ...]:
        return self.keys.get(command_id, ())

    def command_for(self, key: str, context: str) -> str | None:
        """The command a key runs in a context (a context's own binding wins over a global one)."""
        key = normalize_key(key)
        found = [c for c, keys in self.keys.items() if key in keys and contexts_overlap(self.contexts[c], context)]
        own = [c for c in found if self.contexts[c] == context]
        return (own or found or [None])[0]


def _override_keys(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [value] if value.strip() else []
    elif isinstance(value, (list, tuple)):
        items = [v for v in value if isinstance(v, str) and v.strip()]
        if len(items) != len(value):
            raise InvalidKey("expected a key or a list of keys")
    else:
        raise InvalidKey("expected a key or a list of keys")
    return tuple(dict.fromkeys(normalize_key(v) for v in items))


def build_keymap(registry: "Registry", overrides: Mapping[str, object] | None = None) -> Keymap:
    """Default keys from the registry with the user's overrides (command id -> key, list or "" to unbind).

    Where an overridden key collides with a default key of another command in an overlapping
    context, the user's choice wins and the other command loses that key (reported in ``problems``).
    Conflicts that remain (two overrides, or two defaults) are listed in ``conflicts``.
    """
    keys = {c.id: c.keys for c in registry}
    contexts = {c.id: c.context for c in registry}
    overridden: set[str] = set()
    problems: list[str] = []
    for command_id, value in (overrides or {}).items():
        if command_id not in keys:
            problems.append(f"key override for unknown command {command_id!r} ignored")
            continue
        try:
            keys[command_id] = _override_keys(value)
        except InvalidKey as exc:
            problems.append(f"key override for {command_id!r} ignored: {exc}")
            continue
        overridden.add(command_id)
    for command_id in sorted(overridden):
        for key in keys[command_id]:
            for other, other_keys in keys.items():
                if other in overridden or key not in other_keys:
                    continue
                if contexts_overlap(contexts[command_id], contexts[other]):
                    keys[other] = tuple(k for k in other_keys if k != key)
                    problems.append(f"{key} now runs {command_id}; {other} no longer has that key")
    conflicts = find_conflicts((c, contexts[c], k) for c, ks in keys.items() for k in ks)
    return Keymap(keys, contexts, overridden, problems, conflicts)
