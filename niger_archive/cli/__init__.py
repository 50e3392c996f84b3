"""Owns the command-line interface entry point: the parser and dispatch; all work is done by services.

The argparse verbs (``import``, ``export``, ``cluster rename``, …) are *subcommands*, one
``*_subcommands.py`` module per area; *commands* are the desktop app's user actions (``niger_archive.commands``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from .. import __version__
from ..core.errors import NigerArchiveError
from . import (annotation_subcommands, archive_subcommands, bundle_subcommands, maintenance_subcommands,
               provenance_subcommands, ui_subcommands)
from .output import EXIT_FAILED, EXIT_OK, print_json, safe


def build_parser() -> argparse.ArgumentParser:
    def common_options(default):
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--archive", metavar="DIR", default=default, help="archive folder (default: "
                            "$NIGER_ARCHIVE_DIR or the user data folder)")
        common.add_argument("--json", action="store_true", default=default, help="print machine-readable JSON")
        return common

    common = common_options(None)
    # after the command the options may be given again; left out there, they keep what came before it
    sub_common = common_options(argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="niger-archive",
        description="Offline archive and annotation tool for news coverage. With no command, opens the app.",
        parents=[common],
    )
    parser.set_defaults(json=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    ui_subcommands.add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction] = {}

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str,
            group: str | None = None) -> argparse.ArgumentParser:
        target = sub
        if group is not None:
            if group not in groups:
                gp = sub.add_parser(group, help=f"{group} commands", description=f"{group} commands")
                groups[group] = gp.add_subparsers(dest=f"{group}_command", metavar="COMMAND", required=True)
            target = groups[group]
        p = target.add_parser(name, parents=[sub_common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    archive_subcommands.register(add)
    annotation_subcommands.register(add)
    bundle_subcommands.register(add)
    maintenance_subcommands.register(add)
    provenance_subcommands.register(add)
    ui_subcommands.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv, files = ui_subcommands.split_files(sys.argv[1:] if argv is None else argv, ui_subcommands.subcommand_names(parser))
    args = parser.parse_args(argv)
    try:
        if args.command is not None:
            _speak_the_interface_language()  # the summaries people read follow the app's language
        if args.command is None:
            return ui_subcommands.run_without_subcommand(args, files)  # the desktop app; Qt is imported only there
        return args.func(args)
    except NigerArchiveError as exc:
        if getattr(args, "json", False):
            print_json({"error": str(exc)})
        else:
            print(f"error: {safe(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _speak_the_interface_language() -> None:
    """Use the interface language (the ``interface_language`` setting, else the system's) for the
    summaries the commands print; English when the settings cannot be read."""
    from ..platform.i18n import choose_language, set_language
    from ..services.settings import Settings

    try:
        setting = getattr(Settings.load(), "interface_language", "system")
    except (OSError, ValueError):
        setting = "system"
    set_language(choose_language(setting))


if __name__ == "__main__":
    sys.exit(main())
