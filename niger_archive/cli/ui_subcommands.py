"""Owns the interface-related parts of the command line: opening the app (with files), its top-level flags
(--self-test, --install-desktop-entry, --uninstall-desktop-entry) and the screenshot subcommand.

Qt is imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import os
from typing import Sequence

from .output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, safe

VIEWS = ("library", "reader", "claims", "entities", "compare", "review", "annotations")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("size must look like 1440x900") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError("size must be between 320x240 and 8000x8000")
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    from ..ui.screenshot import render_screenshot

    try:
        out = render_screenshot(args.out, args.archive, args.view, args.size, args.query)
    except OSError as exc:
        print(f"error: {safe(str(exc))}")
        return EXIT_FAILED
    print(f"saved {safe(str(out))}")
    return EXIT_OK


def register(add) -> None:
    p = add("screenshot", cmd_screenshot, "render the app window offscreen to a PNG image")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--view", choices=VIEWS, default="reader", help="what the window shows (default: reader)")
    p.add_argument("--size", type=_size, default=(1440, 900), metavar="WxH", help="window size (default 1440x900)")
    p.add_argument("--query", default=None, help="search typed into the library (library view; default: troops)")


# --- the app and its top-level flags -------------------------------------------------------------------


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """The flags of the no-command form (which opens the app)."""
    group = parser.add_argument_group("the desktop app (no command)")
    what = group.add_mutually_exclusive_group()
    what.add_argument("--self-test", action="store_true",
                      help="check this installation offscreen (samples, window, search, bundle) and exit")
    what.add_argument("--install-desktop-entry", action="store_true",
                      help="add the app, its icon and the .nabundle file type to the desktop menu (Linux, this user)")
    what.add_argument("--uninstall-desktop-entry", action="store_true",
                      help="remove what --install-desktop-entry added")
    parser.usage = "%(prog)s [--archive DIR] [FILE ...]  |  %(prog)s [options] COMMAND ..."
    parser.epilog = ("With FILE (articles, or a .nabundle), the app imports them; a window already open on the "
                     "archive takes them over.")


def split_files(argv: Sequence[str], commands: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the arguments for the parser, the files to open): positional words before any subcommand are files."""
    rest: list[str] = []
    files: list[str] = []
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            files += tokens[i + 1:]
            break
        if token == "--archive":
            rest += tokens[i:i + 2]
            i += 2
            continue
        if token.startswith("-") and token != "-":
            rest.append(token)
        elif not files and token in commands:
            return rest + tokens[i:], []
        else:
            files.append(token)
        i += 1
    return rest, files


def subcommand_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def run_without_subcommand(args: argparse.Namespace, files: Sequence[str]) -> int:
    """What ``niger-archive`` does without a subcommand: a flag's job, or the app (opening ``files``)."""
    if args.self_test:
        from ..ui.self_test import run_self_test

        return run_self_test()
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        print(f"error: no such command or file: {safe(missing[0])}")
        return EXIT_USAGE
    from ..ui.launch import run_app

    return run_app(args.archive, files)


def _desktop_entry(*, install: bool) -> int:
    from ..ui import desktop_entry

    try:
        report = desktop_entry.install() if install else desktop_entry.uninstall()
    except (OSError, ValueError) as exc:
        print(f"error: {safe(str(exc))}")
        return EXIT_FAILED
    verb = "installed" if install else "removed"
    print(f"{verb} {len(report.files)} files in {safe(str(report.data_home))}")
    if install:
        print(f"the app is in the desktop menu as “Niger Archive”; .nabundle files open with it "
              f"({desktop_entry.MIME_TYPE})")
    for tool in report.refreshed:
        print(f"ran {tool}")
    for tool in report.missing_tools:
        print(f"note: {tool} is not installed; the desktop picks the changes up at the next login")
    for problem in report.problems:
        print(f"warning: {safe(problem)}")
    return EXIT_OK
