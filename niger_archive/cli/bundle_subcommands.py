"""Owns the bundle subcommands: export, import-bundle, conflicts, resolve-conflict."""

from __future__ import annotations

import argparse
import sys

from ..core.models import Progress
from ..platform.i18n import number, tr
from .output import EXIT_FAILED, EXIT_OK, open_archive, print_json, safe


def cmd_export(args: argparse.Namespace) -> int:
    from ..services.bundle_exchange import ExportSummary, export_bundle

    article_ids: list[int] = []
    extra: list[str] = []
    for value in args.article or []:
        for part in str(value).split(","):
            if part.strip().isdigit():
                article_ids.append(int(part))
            elif part.strip():
                extra.append(part)
    if extra:  # "export --article 1 story.nabundle": the list option took the file name too
        if args.out is not None or len(extra) > 1:
            print(f"export: not an article id: {safe(extra[0])}", file=sys.stderr)
            return EXIT_FAILED
        args.out = extra[0]
    if args.out is None:
        print("export: name the file to write (e.g. story.nabundle)", file=sys.stderr)
        return EXIT_FAILED
    summary = None
    # a bundle records the exchange in the archive (for a later --since); the other formats only read
    with open_archive(args, reading=args.format != "bundle") as archive:
        for event in export_bundle(archive, args.out, article_ids=article_ids or None, query=args.query,
                                   cluster_id=args.cluster, fmt=args.format, since=args.since, to=args.to,
                                   overwrite=args.force):
            if isinstance(event, Progress):
                if args.progress and not args.json:
                    print(f"[{event.done}/{event.total}] {safe(event.message)}", file=sys.stderr)
            elif isinstance(event, ExportSummary):
                summary = event
    if summary is None:
        return EXIT_FAILED
    if args.json:
        print_json(summary.to_dict())
        return EXIT_OK
    print(tr("exported {scope} as {format} to {path} ({size} bytes)").format(
        scope=safe(tr(summary.scope)), format=summary.format, path=safe(summary.path), size=number(summary.size_bytes)))
    print(tr("it holds {what}").format(what=tr(summary.holds)))
    return EXIT_OK


def _print_import(report) -> None:
    verb = "would be" if report.dry_run else "were"
    print(f"bundle {safe(report.path)} (made {safe(report.bundle_created)} by niger-archive "
          f"{safe(report.generator)}): verified")
    for line in report.summary_lines():
        print(f"  {line}")
    for article in report.articles:
        extra = f" — {safe(article['placement'])}" if article.get("placement") else ""
        print(f"  new article: {safe(article['title'])}{extra}")
    for conflict in report.conflicts:
        print(f"  conflict: {conflict['kind']} {conflict['id'][:8]}… — {safe(conflict['reason'])}")
    for p in report.proposals:
        print(f"  same entity? “{safe(p['incoming_name'])}” (bundle) looks like “{safe(p['local_name'])}” here")
    for s in report.skipped:
        print(f"  skipped {s['kind']} {s['id'][:8]}… — {safe(s['reason'])}")
    if report.reanchored and set(report.reanchored) != {"exact"}:
        print("  re-anchored on our text: " + ", ".join(f"{n} {s}" for s, n in sorted(report.reanchored.items())))
    for note in report.notes:
        print(f"  note: {safe(note)}")
    print(f"{report.changes} change(s) {verb} made" if report.changes else "nothing new in this bundle")
    if report.conflicts or report.proposals:
        print("review them with `niger-archive conflicts`")


def cmd_import_bundle(args: argparse.Namespace) -> int:
    from ..services.bundle_exchange import import_bundle

    with open_archive(args) as archive:
        report = import_bundle(archive, args.file, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
    else:
        _print_import(report)
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from ..services.bundle_exchange import list_conflicts

    with open_archive(args, reading=True) as archive:
        items = list_conflicts(archive, include_resolved=args.all)
    if args.json:
        print_json(items)
        return EXIT_OK
    for item in items:
        state = f" [{item['resolution']}]" if item["resolved_at"] else ""
        print(f"{item['id']:>4}  {item['kind']:11} {item['record_id'][:8]}…  {safe(item['reason'])} "
              f"(from {safe(item['bundle_name'])}){state}")
    if not items:
        print("no open conflicts")
    return EXIT_OK


def cmd_resolve_conflict(args: argparse.Namespace) -> int:
    from ..services.bundle_exchange import resolve_conflict

    with open_archive(args) as archive:
        resolve_conflict(archive, args.id, args.keep)
    if args.json:
        print_json({"id": args.id, "kept": args.keep})
    else:
        print(f"conflict {args.id}: kept the {'bundle’s' if args.keep == 'incoming' else 'local'} version")
    return EXIT_OK


def register(add) -> None:
    from ..bundles import FORMATS

    p = add("export", cmd_export, "export articles with their annotations as a bundle, W3C JSON-LD, ClaimReview, "
                                  "CSV or an HTML report")
    p.add_argument("out", metavar="OUT", nargs="?", help="file to write (e.g. story.nabundle, report.html)")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--article", nargs="+", action="extend", metavar="ID",
                       help="article ids (--article 3 7, --article 3,7, or repeat --article)")
    scope.add_argument("--query", metavar="Q", help="the articles matching a search query")
    scope.add_argument("--cluster", metavar="C", help="the articles of a claim cluster (id or unique prefix)")
    p.add_argument("--format", choices=FORMATS, default="bundle", help="what to write (default: bundle)")
    p.add_argument("--since", metavar="BUNDLE_OR_NAME",
                   help="only what changed after that exchange: a bundle file exported from or imported into "
                        "this archive, or a name given earlier with --to (an incremental bundle)")
    p.add_argument("--to", metavar="NAME", help="who the bundle is for; a later --since NAME sends only the changes")
    p.add_argument("--progress", action="store_true", help="print progress to standard error")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists (otherwise an existing file is "
                                                        "never overwritten)")

    p = add("import-bundle", cmd_import_bundle, "verify a .nabundle and merge it into the archive")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")

    p = add("conflicts", cmd_conflicts, "list conflicts and same-entity proposals from bundle imports")
    p.add_argument("--all", action="store_true", help="include settled ones")

    p = add("resolve-conflict", cmd_resolve_conflict, "settle a bundle conflict: keep ours or take the bundle's")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--keep", choices=("local", "incoming"), required=True,
                   help="local: keep ours; incoming: take the bundle's version (an undoable edit; for a "
                        "same-entity proposal: merge the two entities)")
