"""Owns the maintenance subcommands: backup (take or list snapshots of the database) and restore."""

from __future__ import annotations

import argparse

from .output import EXIT_OK, open_archive, print_json, safe


def _root(args: argparse.Namespace):
    from ..platform.location import resolve_archive_dir

    return resolve_archive_dir(args.archive)


def cmd_backup(args: argparse.Namespace) -> int:
    from ..services import backups

    if args.list:
        snaps = backups.list_snapshots(_root(args))
        if args.json:
            print_json([s.to_dict() for s in snaps])
            return EXIT_OK
        for s in snaps:
            who = "automatic" if s.automatic else "yours"
            print(f"{s.name}  {s.size / 1_048_576:8.2f} MB  {safe(s.reason)} ({who})")
        if not snaps:
            print("no snapshots yet: take one with `niger-archive backup`")
        return EXIT_OK
    with open_archive(args) as archive:
        snap = backups.snapshot(archive, args.reason)
    if args.json:
        print_json(snap.to_dict())
    else:
        print(f"snapshot taken: {safe(snap.path)} ({snap.size / 1_048_576:.2f} MB)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ..services import restoring
    from ..services.settings import Settings

    report = restoring.restore(_root(args), args.snapshot, keep=Settings.load().backups_kept)
    if args.json:
        print_json(report.to_dict())
        return EXIT_OK
    print(f"restored {safe(report.restored)}")
    if report.safety_snapshot:
        print(f"the database it replaced was saved as {safe(report.safety_snapshot)}")
    if report.schema_steps_applied:
        print(f"brought up to this version's schema: {', '.join(report.schema_steps_applied)}")
    for note in report.notes:
        print(f"note: {safe(note)}")
    print(f"{report.articles} articles, {report.annotations} annotations; search index rebuilt ({report.indexed})")
    return EXIT_OK


def register(add) -> None:
    p = add("backup", cmd_backup, "take a snapshot of the archive database now (or list the snapshots)")
    p.add_argument("--reason", default="manual", help="a word or two kept in the snapshot's name")
    p.add_argument("--list", action="store_true", help="list the snapshots, oldest first")

    p = add("restore", cmd_restore, "put a snapshot back as the archive database (the current one is "
            "saved first) and rebuild the search index")
    p.add_argument("snapshot", metavar="SNAPSHOT", help="a snapshot name from `backup --list` (or its start), "
                   "or a path to a snapshot file")
