"""Owns the user actions of the app as one Qt-free registry (handlers, keys, menus, palette and help data).

Importing this package registers every command in :data:`REGISTRY`. A *command* is a user action of the
registry (id, title, keys, menu, handler), one ``*_actions.py`` module per area; the command line's
argparse verbs are *subcommands* (``niger_archive.cli``), which call the same services.
"""

from . import (  # noqa: F401  (registers)
    annotation_actions, archive_actions, bundle_actions, claim_actions, entity_actions, navigation_actions,
    provenance_actions,
)
from .context import (
    ChoiceOption,
    ChoiceQuestion,
    CommandContext,
    NewText,
    PathQuestion,
    Question,
    TextQuestion,
    Unavailable,
    Work,
)
from .keys import InvalidKey, KeyConflict, Keymap, build_keymap, find_conflicts, normalize_key
from .reference import keyboard_markdown, palette_matches, reference_rows
from .registry import CONTEXTS, MENUS, REGISTRY, Command, Registry, command
from .running import CommandRun, run_with_answers, run_work

__all__ = [
    "CONTEXTS", "MENUS", "REGISTRY", "ChoiceOption", "ChoiceQuestion", "Command", "CommandContext",
    "CommandRun", "InvalidKey", "KeyConflict", "Keymap", "NewText", "PathQuestion", "Question", "Registry",
    "TextQuestion", "Unavailable", "build_keymap", "command", "find_conflicts", "keyboard_markdown",
    "normalize_key", "palette_matches", "reference_rows", "run_with_answers", "run_work", "Work",
]
