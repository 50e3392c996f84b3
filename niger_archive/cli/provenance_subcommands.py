"""Owns the provenance subcommands: sources (story groups, split and join), timeline, provenance."""

from __future__ import annotations

import argparse

from .output import EXIT_OK, open_archive, print_json, safe


def cmd_sources(args: argparse.Namespace) -> int:
    from ..services.provenance import join_edit, source_groups, split_edit

    with open_archive(args) as archive:
        if args.split or args.join is not None:
            if args.article is None:
                raise SystemExit("sources: --split and --join need an ARTICLE")
            edit = split_edit(archive, args.article) if args.split else join_edit(archive, args.article, args.join)
            archive.apply(edit)
            if not args.json:
                print(f"{edit.label} (undo with `niger-archive undo`)")
        groups = source_groups(archive, args.article)
        articles = {a.id: a for a in archive.articles.list(sorted({i for g in groups for i in g.articles}))}
    if args.json:
        print_json([g.to_dict() for g in groups])
        return EXIT_OK
    for g in groups:
        agency = f", agency {g.agency}" if g.agency else ""
        print(f"group {g.group}: {len(g.articles)} article{'s' * (len(g.articles) != 1)}{agency}, "
              f"earliest article {g.earliest}")
        for i in sorted(g.articles, key=lambda i: (i != g.earliest, i)):
            a = articles[i]
            print(f"  {i:>5}  {(a.published or '')[:16]:16}  {safe(a.outlet or 'outlet unknown')[:24]:24}  "
                  f"{safe(a.title or '')}")
    if not groups:
        print("no two articles carry one story")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..services.provenance import timeline
    from .annotation_subcommands import _cluster_ref

    with open_archive(args) as archive:
        data = timeline(archive, _cluster_ref(archive, args.cluster))
    if args.json:
        print_json(data)
        return EXIT_OK
    print(f"cluster “{safe(data['cluster']['label'])}”: {len(data['appearances'])} appearances")
    for r in data["appearances"]:
        mark = "FIRST " if r["first"] else "      "
        change = f"  (changed from {r['changed_from']})" if r["changed_from"] else ""
        story = f"  story {r['group']}" + (f" ({r['agency']})" if r["agency"] else "")
        print(f"{mark}{(r['published'] or r['moment'] or 'date unknown')[:16]:16}  "
              f"{safe(r['outlet'] or 'outlet unknown')[:24]:24}  {safe(r['figure'] or '—'):20}{story}{change}")
    return EXIT_OK


def cmd_provenance(args: argparse.Namespace) -> int:
    from ..services.provenance import provenance

    with open_archive(args) as archive:
        data = provenance(archive, args.id)
    if args.json:
        print_json(data)
        return EXIT_OK
    g = data["group"]
    print(f"article {data['article_id']}: {safe(data['outlet'] or 'outlet unknown')}, first published "
          f"{(data['first_published'] or 'date unknown')[:16]}")
    if len(g["articles"]) > 1:
        agency = f" ({g['agency']})" if g["agency"] else ""
        first = "this article" if g["earliest"] == data["article_id"] else f"article {g['earliest']}"
        print(f"story: carried by {len(g['articles'])} articles{agency}, first by {first}: "
              + ", ".join(str(i) for i in g["articles"]))
    else:
        print("story: no copies known (an independent source)" + (f", agency {g['agency']}" if g["agency"] else ""))
    for step in data["versions"]:
        print(f"version {step['from']} ({step['from_moment'][:16]}) → {step['to']} ({step['to_moment'][:16]}):")
        for f in step["figures"]:
            print(f"  figure changed: “{safe(f['from'])}” → “{safe(f['to'])}”")
        for line in step["diff"]:
            print(f"  {safe(line, one_line=True)}")
        for n in step["annotations"]:
            print(f"  annotation {n['annotation_id'][:8]} {n['status']}: “{safe(n['quote'], one_line=True)}”")
    if not data["versions"]:
        print("versions: one capture only")
    return EXIT_OK


def register(add) -> None:
    p = add("sources", cmd_sources, "story groups: which articles carry one story, the earliest, the agency; "
            "split or join them")
    p.add_argument("article", type=int, nargs="?", metavar="ARTICLE", help="only this article's group")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--split", action="store_true", help="take ARTICLE out of its group (undoable)")
    change.add_argument("--join", type=int, metavar="OTHER", help="join OTHER's group with ARTICLE's (undoable)")

    p = add("timeline", cmd_timeline, "every appearance of a cluster's claim in time: first, figures, changes")
    p.add_argument("cluster", metavar="CLUSTER")

    p = add("provenance", cmd_provenance, "an article's story group and what changed between its versions")
    p.add_argument("id", type=int, metavar="ID")
