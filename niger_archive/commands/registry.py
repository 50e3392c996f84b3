"""Owns the one registry of user actions: ``@command`` declares an action once, with its keys and menu.

Menus, shortcuts, the command palette, the F1 reference and docs/keyboard.md are all generated from
this registry. A handler is a plain function taking a :class:`~.context.CommandContext`; it either
returns, or is a generator that yields questions (see :mod:`.context`) and receives the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from .keys import contexts_overlap, normalize_key

CONTEXTS = ("global", "reader", "library", "claims", "entities", "compare", "review", "annotations")
# The order of the menu bar; a command's menu may name a submenu as "Annotate/Colour".
MENUS = ("File", "Edit", "Annotate", "Claim", "Go", "View", "Entities", "Help")

CONTEXT_TITLES = {
    "global": "Everywhere",
    "reader": "Reader",
    "library": "Library",
    "claims": "Claims pane",
    "entities": "Entities pane",
    "compare": "Compare pane",
    "review": "Review pane",
    "annotations": "Annotations pane",
}

Handler = Callable[..., object]


@dataclass(frozen=True)
class Command:
    id: str
    title: str
    keys: tuple[str, ...]
    context: str
    menu: str
    description: str
    handler: Handler
    order: int
    section: str = ""

    @property
    def top_menu(self) -> str:
        return self.menu.split("/", 1)[0]


class Registry:
    """Commands in declaration order, by id."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def command(
        self,
        id: str,
        title: str,
        *,
        keys: tuple[str, ...] | list[str] = (),
        context: str = "global",
        menu: str = "View",
        description: str = "",
        section: str = "",
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of command ``id``."""

        def decorate(handler: Handler) -> Handler:
            self.add(id, title, handler, keys=keys, context=context, menu=menu, description=description,
                     section=section)
            return handler

        return decorate

    def add(self, id: str, title: str, handler: Handler, *, keys=(), context: str = "global",
            menu: str = "View", description: str = "", section: str = "") -> Command:
        if id in self._commands:
            raise ValueError(f"command {id!r} is registered twice")
        if context not in CONTEXTS:
            raise ValueError(f"command {id!r}: unknown context {context!r}")
        if menu.split("/", 1)[0] not in MENUS:
            raise ValueError(f"command {id!r}: unknown menu {menu!r}")
        if any(c.title == title for c in self._commands.values()):
            raise ValueError(f"command {id!r}: the title {title!r} is already used")
        bound = tuple(normalize_key(k) for k in keys)
        for other in self._commands.values():  # a key two commands could both receive would do nothing at all
            shared = [k for k in bound if k in other.keys]
            if shared and contexts_overlap(context, other.context):
                raise ValueError(f"command {id!r}: {shared[0]} is already {other.id!r} in "
                                 f"{'the same context' if context == other.context else 'an overlapping context'} "
                                 f"({context} / {other.context})")
        cmd = Command(id, title, bound, context, menu, description or title, handler, len(self._commands), section)
        self._commands[id] = cmd
        return cmd

    def get(self, command_id: str) -> Command:
        try:
            return self._commands[command_id]
        except KeyError:
            raise KeyError(f"no command {command_id!r}") from None

    def __contains__(self, command_id: object) -> bool:
        return command_id in self._commands

    def __iter__(self) -> Iterator[Command]:
        return iter(sorted(self._commands.values(), key=lambda c: c.order))

    def __len__(self) -> int:
        return len(self._commands)

    def in_menu(self, menu: str) -> list[Command]:
        """Commands whose top-level menu is ``menu``, in declaration order."""
        return [c for c in self if c.top_menu == menu]


REGISTRY = Registry()
command = REGISTRY.command
