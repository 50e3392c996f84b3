"""Owns the archive-level subcommands: import, list, show, copies, search, reindex, tidy-index, check."""

from __future__ import annotations

import argparse
import sys

from ..core.messages import N_, Message, joined
from ..core.models import ImportOutcome, Progress
from ..platform.i18n import tr
from .output import EXIT_FAILED, EXIT_OK, open_archive, print_json, safe


# an import's statuses counted in its last line ("2 imported, 1 failed"), one template each for translation
IMPORT_COUNTS = {"imported": N_("{n} imported"), "duplicate": N_("{n} duplicate"), "version": N_("{n} version"),
                 "failed": N_("{n} failed"), "skipped": N_("{n} skipped")}


def cmd_import(args: argparse.Namespace) -> int:
    outcomes: list[ImportOutcome] = []
    with open_archive(args) as archive:
        max_bytes = int(args.max_size_mb * 1_048_576) if args.max_size_mb else None
        for event in archive.import_paths(args.paths, max_bytes=max_bytes):
            if isinstance(event, Progress):
                if args.progress and not args.json:
                    print(f"[{event.done}/{event.total}] {safe(event.message, one_line=True)}", file=sys.stderr)
                continue
            outcomes.append(event)
            if not args.json:
                detail = f" article {event.article_id}" if event.article_id is not None else ""
                reason = f" — {event.reason}" if event.reason else ""
                print(f"{event.status:9} {safe(event.path, one_line=True)}{detail}{safe(reason, one_line=True)}")
    if args.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        print(tr(joined(", ", [Message(IMPORT_COUNTS.get(s, "{n} " + s), n=n) for s, n in sorted(counts.items())]))
              if counts else tr("nothing to import"))
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from ..services.copies import copy_marks

    with open_archive(args, reading=True) as archive:
        articles = archive.list_articles(all_versions=getattr(args, "all_versions", False))
        marks = copy_marks(archive, [a.id for a in articles])
    if args.json:
        print_json([{k: v for k, v in a.to_dict().items() if k != "text"}
                    | {"version_of": a.version_of, "copies": marks.get(a.id, "")} for a in articles])
        return EXIT_OK
    for a in articles:
        mark = f"  ({marks[a.id]})" if a.id in marks else ""
        print(f"{a.id:>5}  {(a.published or '')[:10]:10}  {safe(a.outlet or '')[:24]:24}  {safe(a.title)}{safe(mark)}")
    if not articles:
        print("the archive is empty: import files with `niger-archive import PATH`")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ..services.copies import copies_of

    with open_archive(args, reading=True) as archive:
        article = archive.get_article(args.id)
        raw = archive.raw_text(args.id) if args.raw else None
        copies = copies_of(archive, args.id)
        current = archive.latest_version(args.id)
        from ..services.provenance import groups_of

        story = groups_of(archive, [args.id]).get(args.id)
        earlier = article.version_of
    if args.json:
        data = article.to_dict()
        data["captured"] = article.captured
        data["version_of"] = earlier
        data["superseded_by"] = current if current != args.id else None
        data["copies"] = [c.to_dict() for c in copies]
        data["story"] = story.to_dict() if story else None
        if raw is not None:
            data["raw"] = raw
        print_json(data)
        return EXIT_OK
    if raw is not None:
        sys.stdout.write(safe(raw))
        if not raw.endswith("\n"):
            sys.stdout.write("\n")
        return EXIT_OK
    print(safe(article.title) + (" (title made from the text)" if article.title_derived else ""))
    for label, value in (("Outlet", article.outlet), ("Author", article.author), ("URL", article.url),
                         ("Published", article.published), ("Updated", article.updated),
                         ("Dateline", article.dateline), ("Captured", article.captured),
                         ("Language", article.language), ("Keywords", ", ".join(article.keywords))):
        if value:
            print(f"{label}: {safe(value)}")
    if current != args.id:
        print(f"Version: an earlier version of article {current}, which is current")
    elif earlier is not None:
        print(f"Version: new version of article {earlier}")
    for c in copies:
        kind = {"suggested": "possibly the same story as"}.get(c.status, "copy of" if c.earlier else "copied by")
        print(f"Copies: {kind} article {c.article_id} ({safe(c.outlet or 'outlet unknown')}, "
              f"{(c.published or 'date unknown')[:10]}): {safe(c.title or '')} — {safe(c.reason)}")
    if story is not None and len(story.articles) > 1:
        first = "this article" if story.earliest == current else f"article {story.earliest}"
        print(f"Story: one of {len(story.articles)} articles carrying one story"
              + (f" ({story.agency})" if story.agency else "") + f", first published by {first}")
    print()
    print(safe(article.text))
    return EXIT_OK


def cmd_copies(args: argparse.Namespace) -> int:
    from ..services.copies import copies_of, decide_link

    with open_archive(args) as archive:
        if args.accept is not None or args.reject is not None:
            accept = args.accept is not None
            edit = decide_link(archive, args.id, args.accept if accept else args.reject, accept)
            archive.apply(edit)
            if not args.json:
                print(f"{edit.label} (undo with `niger-archive undo`)")
        copies = copies_of(archive, args.id, rejected=args.all)
    if args.json:
        print_json([c.to_dict() for c in copies])
        return EXIT_OK
    for c in copies:
        print(f"{c.article_id:>5}  {c.status:9}  {c.similarity:4.2f}  {safe(c.outlet or '')[:24]:24}  "
              f"{safe(c.title or '')} — {safe(c.reason)}")
    if not copies:
        print(f"no other article carries the story of article {args.id}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        page = archive.search_page(args.query, limit=args.limit, exact_total=args.exact_total)
    hits = page.hits
    if args.json:
        print_json({"total": page.total, "total_is_exact": page.total_is_exact,
                    "hits": [{"id": h.id, "title": h.title, "score": round(h.score, 4), "snippet": h.snippet}
                             for h in hits]})
        return EXIT_OK
    for h in hits:
        print(f"{h.id:>5}  {h.score:7.2f}  {safe(h.title)}")
        if h.snippet:
            print(f"       {safe(h.snippet)}")
    if not hits:
        print("no matches" if page.total_is_exact else "no matches found before the search ran out of time")
    elif page.total_is_exact:
        print(f"{page.total:,} match{'es' if page.total != 1 else ''}")
    else:
        print(f"{page.total:,}+ matches (--exact-total counts them all)")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        last = None
        for progress in archive.reindex():
            last = progress
    print(f"search index rebuilt: {last.total if last else 0} articles")
    return EXIT_OK


def cmd_tidy_index(args: argparse.Namespace) -> int:
    """Merge the search index's segments into one when it needs it (the desktop app does it when idle)."""
    from ..services.indexing import IndexTidied

    with open_archive(args) as archive:
        done = next(r for r in archive.tidy_index() if isinstance(r, IndexTidied))
    if args.json:
        print_json({"merged": done.merged, "segments": done.segments, "not_now": done.not_now})
    elif done.not_now:
        print(f"search index not tidied now: {safe(done.not_now)}")
    elif done.merged:
        print(f"search index tidied: {done.merged} segments merged into one")
    else:
        print(f"search index needs no tidying ({done.segments} segment{'s' if done.segments != 1 else ''})")
    return EXIT_FAILED if done.not_now else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    # repair_index=False: check reports the index as it finds it instead of opening repairing it first;
    # without --repair it only reads, so it also runs while the app holds the archive
    with open_archive(args, reading=not args.repair, repair_index=False) as archive:
        report = archive.check(repair=args.repair)
    if args.json:
        print_json(report.to_dict())
    else:
        print(tr("articles: {articles}, indexed: {indexed}, database: {database}").format(
            articles=report.articles, indexed=report.indexed, database=tr(report.store_integrity)))
        for problem in report.problems:
            print(tr("problem: {problem}").format(problem=tr(problem)))
        for fixed in report.repaired:
            print(tr("repaired: {what}").format(what=tr(fixed)))
        print(tr("ok") if report.ok else tr("problems found") if args.repair
              else tr("problems found (run `check --repair`)"))
    return EXIT_OK if report.ok else EXIT_FAILED


def register(add) -> None:
    p = add("import", cmd_import, "import article files and folders (.txt, .html, .htm, .md, .mhtml, .mht, .pdf, "
            ".docx, .eml, .warc, .warc.gz, .wacz)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--max-size-mb", type=float, default=None, help="skip files larger than this (default 20)")
    p.add_argument("--progress", action="store_true", help="print progress to standard error")

    p = add("list", cmd_list, "list the articles in the archive")
    p.add_argument("--all-versions", action="store_true", help="include earlier versions of re-scraped articles")

    p = add("show", cmd_show, "show one article's metadata and clean text")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--raw", action="store_true", help="show the original text as imported")

    p = add("copies", cmd_copies, "list the articles carrying the same story; accept or reject a suggested link")
    p.add_argument("id", type=int, metavar="ID")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument("--accept", type=int, metavar="OTHER", help="link OTHER as a copy of the same story (undoable)")
    decision.add_argument("--reject", type=int, metavar="OTHER", help="say OTHER does not carry the same story (undoable)")
    p.add_argument("--all", action="store_true", help="include rejected links")

    p = add("search", cmd_search, "full-text search (fields, phrases, booleans, prefixes, date ranges)")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--exact-total", action="store_true",
                   help="count every match (otherwise a search of phrases alone, or of a phrase with slop, "
                        "counts exactly up to 1,000 matches and gives a lower bound beyond, total_is_exact "
                        "false in the JSON; other searches always count every match)")

    add("reindex", cmd_reindex, "rebuild the search index from the database")
    add("tidy-index", cmd_tidy_index, "merge the search index's segments into one when imports left several "
        "(faster searches; the desktop app does it when idle)")
    p = add("check", cmd_check, "check the database, originals and search index")
    p.add_argument("--repair", action="store_true", help="fix what can be fixed (rebuild the index)")
