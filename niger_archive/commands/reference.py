"""Owns how commands are listed for people: the keyboard reference (F1, docs/keyboard.md) and palette matching."""

from __future__ import annotations

from dataclasses import dataclass

from .keys import Keymap, build_keymap
from .registry import CONTEXT_TITLES, CONTEXTS, REGISTRY, Command, Registry

# Keys handled by the text widgets themselves (not commands), listed so the reference is complete.
BUILT_IN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "reader": (
        ("Left / Right / Up / Down", "Move the caret"),
        ("Ctrl+Left / Ctrl+Right", "Move the caret by a word"),
        ("Home / End, Ctrl+Home / Ctrl+End", "Start or end of the line, of the article"),
        ("PgUp / PgDown", "Move the caret by a screen"),
        ("Shift+arrows, Shift+Home / End", "Extend the selection"),
        ("Ctrl+Shift+Left / Ctrl+Shift+Right", "Extend the selection by a word"),
        ("Ctrl+A / Ctrl+C", "Select all, copy the selection"),
    ),
    "prompt": (
        ("Enter", "Confirm the answer (a name that matches nothing creates a new one)"),
        ("Esc", "Cancel the command"),
        ("Up / Down", "Choose in the list of matches"),
        ("Tab", "Complete the typed text with the chosen match"),
    ),
}
PROMPT_TITLE = "Questions (the prompt under the reader)"


@dataclass(frozen=True)
class ReferenceRow:
    context: str
    keys: tuple[str, ...]
    title: str
    description: str
    command_id: str | None  # None for keys built into the text widgets


def format_keys(keys: tuple[str, ...]) -> str:
    return " or ".join(keys) if keys else "—"


def reference_rows(registry: Registry = REGISTRY, keymap: Keymap | None = None) -> list[ReferenceRow]:
    """Every command with its effective keys, grouped by context (global first), then the built-in keys."""
    keymap = keymap or build_keymap(registry)
    rows: list[ReferenceRow] = []
    for context in CONTEXTS:
        for cmd in registry:
            if cmd.context == context:
                rows.append(ReferenceRow(context, keymap.keys_for(cmd.id), cmd.title, cmd.description, cmd.id))
        for keys, what in BUILT_IN_KEYS.get(context, ()):
            rows.append(ReferenceRow(context, (keys,), what, what, None))
    for keys, what in BUILT_IN_KEYS["prompt"]:
        rows.append(ReferenceRow("prompt", (keys,), what, what, None))
    return rows


def context_title(context: str) -> str:
    return PROMPT_TITLE if context == "prompt" else CONTEXT_TITLES.get(context, context)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(keys: tuple[str, ...]) -> str:
    return " or ".join(f"`{k}`" for k in keys) if keys else "—"


def keyboard_markdown(registry: Registry = REGISTRY, keymap: Keymap | None = None) -> str:
    """docs/keyboard.md: the same rows the F1 reference shows, as Markdown tables."""
    lines = [
        "# Keyboard reference",
        "",
        "Generated from the command registry (`niger_archive.commands`) by",
        "`niger_archive.commands.reference.keyboard_markdown()`; the F1 window shows the same list.",
        "Do not edit by hand: `tests/unit/test_commands.py` fails when this file is out of date.",
        "",
        "Every command is also in the menus and in the command palette (`Ctrl+Shift+P`).",
        "Keys of the *Everywhere* table work in every pane; the others work where the focus is.",
        "",
        "To change a key, add it to the `keys` object of the settings file (command id → key,",
        "a list of keys, or `\"\"` to unbind), for example `\"keys\": {\"annotate.highlight\": \"Shift+H\"}`.",
        "A key you choose wins over a default key of another command in the same pane; conflicts",
        "are reported when the app starts.",
    ]
    current = None
    for row in reference_rows(registry, keymap):
        if row.context != current:
            current = row.context
            lines += ["", f"## {context_title(current)}", "", "| Keys | Command | What it does | Id |",
                      "|---|---|---|---|"]
        if row.command_id is None:
            lines.append(f"| {_cell(row.keys[0])} | {_cell(row.title)} | (built in) | |")
        else:
            lines.append(f"| {_cell(_code(row.keys))} | {_cell(row.title)} | {_cell(row.description)} | "
                         f"`{row.command_id}` |")
    return "\n".join(lines) + "\n"


def fuzzy_score(query: str, text: str) -> float | None:
    """Score of ``query`` as an in-order subsequence of ``text`` (None if it is not one): consecutive
    letters and letters at word starts count more, so "mcl" finds "Mark as claim"."""
    q, t = query.casefold(), text.casefold()
    if not q:
        return 0.0
    score, ti, previous = 0.0, 0, -2
    for ch in q:
        if ch == " ":
            continue
        found = t.find(ch, ti)
        if found < 0:
            return None
        at_word_start = found == 0 or not t[found - 1].isalnum()
        score += 1.0 + (1.5 if found == previous + 1 else 0.0) + (2.0 if at_word_start else 0.0)
        previous, ti = found, found + 1
    if t.startswith(q):
        score += 5.0
    return score - 0.01 * len(t)


def palette_matches(query: str, commands: list[Command]) -> list[Command]:
    """Commands whose title (or id) fuzzily matches ``query``, best first; all of them for an empty query."""
    if not query.strip():
        return list(commands)
    scored = []
    for cmd in commands:
        best = None
        for text, weight in ((cmd.title, 1.0), (cmd.id, 0.6), (cmd.description, 0.4)):
            s = fuzzy_score(query, text)
            if s is not None and (best is None or s * weight > best):
                best = s * weight
        if best is not None:
            scored.append((best, cmd.order, cmd))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [c for _, _, c in scored]
