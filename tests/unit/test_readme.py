"""README.md stays true to the code: the two set-up commands, the keyboard table, the documented commands."""

from __future__ import annotations

import re
from pathlib import Path

from niger_archive.cli import build_parser
from niger_archive.commands import REGISTRY
from niger_archive.commands.keys import build_keymap

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_exactly_two_setup_commands():
    match = re.match(r"```sh\n(.*?)\n```", README, re.S)
    assert match, "README.md must start with the set-up commands"
    commands = match.group(1).splitlines()
    assert len(commands) == 2
    assert commands[0] == "./run" and "pytest" in commands[1]  # ./run sets up .venv and opens niger-archive
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert commands[1].replace(" -q", "") in ci.replace(" -q", "")


def test_keyboard_table_matches_the_registry():
    block = README.split("<!-- keys:begin")[1].split("<!-- keys:end -->")[0]
    keymap = build_keymap(REGISTRY)
    ids = {c.id for c in REGISTRY}
    checked = 0
    for row in block.splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) != 3 or not cells[2].startswith("`"):
            continue
        command_id = cells[2].strip("`")
        assert command_id in ids, f"README names an unknown command {command_id}"
        first_key = re.findall(r"`([^`]+)`", cells[0])[0]
        assert first_key in keymap.keys_for(command_id), (command_id, first_key, keymap.keys_for(command_id))
        checked += 1
    assert checked >= 20


def test_every_cli_command_in_the_readme_exists():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for line in README.split("## Command line")[1].split("## Documentation")[0].splitlines():
        m = re.match(r"niger-archive (?:--archive \S+ )?([a-z-]+)", line)
        if m:
            assert m.group(1) in sub.choices, m.group(1)
