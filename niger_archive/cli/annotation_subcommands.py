"""Owns the annotation subcommands: annotate, annotations, claims, clusters, compare, entities, suggestions, undo."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.annotations import CLAIM_KINDS, ENTITY_TYPES, RELATIONS, VERDICTS
from ..core.edits import Edit
from ..core.errors import InvalidEdit, NotFound
from .output import EXIT_OK, open_archive, print_json, safe


def _entity_ref(archive, given: str) -> str:
    """An entity id from an id, an id prefix, or a name/alias."""
    try:
        return archive.annotations.resolve_id("entity", given)
    except NotFound:
        found = archive.editor.find_entity(given)
        if found:
            return found
        raise NotFound(f"no entity with id or name {given!r}") from None


def _cluster_ref(archive, given: str, create: bool = False) -> str:
    try:
        return archive.annotations.resolve_id("cluster", given)
    except NotFound:
        found = archive.annotations.cluster_by_label(given)
        if found:
            return found
        if create:
            edit = archive.editor.create_cluster(given)
            archive.apply(edit)
            return edit.target
        raise NotFound(f"no cluster with id or label {given!r}") from None


def _annotation_out(archive, annotation_id: str) -> dict[str, Any]:
    ann = archive.annotations.annotation(annotation_id)
    data = ann.to_dict()
    data["entities"] = [archive.annotations.entity(e).to_dict() for e in ann.entity_ids]
    data["claim"] = archive.annotations.claim(ann.claim_id).to_dict() if ann.claim_id else None
    return data


def _print_annotation(data: dict[str, Any]) -> None:
    where = f"{data['start']}–{data['end']}" if data["start"] is not None else "orphan"
    status = "" if data["anchor_status"] == "exact" else f" [{data['anchor_status']}]"
    print(f"{data['id']}  article {data['article_id']}  {where}{status}  {safe(data['color'] or '')}")
    print(f"    “{safe(data['exact'])}”")
    if data["tags"]:
        print(f"    tags: {safe(', '.join(data['tags']))}")
    if data["note"]:
        print(f"    note: {safe(data['note'])}")
    for e in data.get("entities", []):
        print(f"    entity: {safe(e['name'])} ({e['type']})")
    if data.get("claim"):
        c = data["claim"]
        print(f"    claim {c['id']}: {c['kind']}, {c['verdict']}"
              + (f", attributed to {safe(c['attribution'])}" if c["attribution"] else ""))


def cmd_annotate(args: argparse.Namespace) -> int:
    entity_types = list(args.type or [])
    if len(entity_types) > len(args.entity or []):
        raise InvalidEdit("--type belongs to an --entity: give it after the --entity it describes")
    with open_archive(args) as archive:
        archive.articles.get(args.article)
        created: dict[Any, str] = {}

        def highlight(ed):
            edit = ed.annotate_quote(args.article, args.quote, args.occurrence, color=args.color,
                                     tags=args.tag or [], note=args.note or "")
            created["annotation"] = edit.target
            return edit

        plan = [highlight]
        if args.claim or args.verdict or args.attribution or args.statement or args.kind:
            plan.append(lambda ed: ed.mark_claim(
                created["annotation"], statement=args.statement, kind=args.kind,
                attribution_text=args.attribution or "", verdict=args.verdict or "unverified",
                explanation=args.explanation or ""))
        for i, name in enumerate(args.entity or []):
            etype = entity_types[i] if i < len(entity_types) else None

            def ensure_entity(ed, name=name, etype=etype):
                found = ed.find_entity(name, etype) or (None if etype else ed.find_entity(name))
                if found:
                    created[("entity", name)] = found
                    return Edit("", [])
                edit = ed.create_entity(name, etype or "other")
                created[("entity", name)] = edit.target
                return edit

            plan.append(ensure_entity)
            plan.append(lambda ed, name=name: ed.link_mention(created["annotation"], created[("entity", name)]))
        archive.apply_steps("Annotate", plan)
        data = _annotation_out(archive, created["annotation"])
    if args.json:
        print_json(data)
    else:
        _print_annotation(data)
    return EXIT_OK


def _current_article(archive, article_id: int | None) -> int | None:
    """The current version of the article the user named; says so (on stderr) when it is another."""
    if article_id is None:
        return None
    from ..services.editing import superseded_note

    note = superseded_note(archive, article_id)
    if note:
        current = archive.latest_version(article_id)
        print(f"note: {note}; showing article {current}", file=sys.stderr)
        return current
    return article_id


def cmd_annotations(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        statuses = ["orphan"] if args.orphans else (["needs_review", "orphan"] if args.review else None)
        anns = archive.annotations.find(_current_article(archive, args.article), statuses=statuses)
        if args.color:
            anns = [a for a in anns if a.color == args.color]
        if args.tag:
            anns = [a for a in anns if args.tag in a.tags]
        data = [_annotation_out(archive, a.id) for a in anns]
    if args.json:
        print_json(data)
    else:
        for d in data:
            _print_annotation(d)
        if not data:
            print("no annotations" + (" are orphaned" if args.orphans else ""))
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        cluster = _cluster_ref(archive, args.cluster) if args.cluster else None
        claims = archive.annotations.claims(verdict=args.verdict, article_id=_current_article(archive, args.article),
                                            cluster_id=cluster)
        data = [c.to_dict() for c in claims]
    if args.json:
        print_json(data)
    else:
        for c in data:
            print(f"{c['id']}  article {c['article_id']}  {c['kind']:9} {c['verdict']:10} “{safe(c['statement'])}”")
        if not data:
            print("no claims")
    return EXIT_OK


def _split_tags(values: list[str] | None) -> list[str]:
    return [t.strip() for v in values or [] for t in v.split(",") if t.strip()]


def cmd_annotation_edit(args: argparse.Namespace) -> int:
    from ..services.annotation_edits import UNSET, edit_annotation

    with open_archive(args) as archive:
        annotation_id = archive.annotations.resolve_id("annotation", args.annotation)
        color = None if args.no_color else (args.color if args.color is not None else UNSET)
        edit_annotation(archive, annotation_id, note=args.note,
                        tags=_split_tags(args.tags) if args.tags is not None else None,
                        add_tags=_split_tags(args.add_tag), remove_tags=_split_tags(args.remove_tag), color=color)
        data = archive.annotations.annotation(annotation_id).to_dict()
    if args.json:
        print_json(data)
    else:
        print(f"highlight {data['id']}: note {safe(data['note'])!r}, tags {', '.join(map(safe, data['tags'])) or '—'}, "
              f"colour {safe(data['color'] or '—')}")
    return EXIT_OK


def cmd_annotation_delete(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        annotation_id = archive.annotations.resolve_id("annotation", args.annotation)
        claim = archive.annotations.claim_id_for_annotation(annotation_id)
        archive.apply(archive.editor.delete_annotation(annotation_id))
    data = {"deleted": annotation_id, "claim_deleted": claim}
    print_json(data) if args.json else print(
        f"deleted highlight {annotation_id}" + (" and its claim" if claim else "") + " (undo brings it back)")
    return EXIT_OK


def cmd_claim_unmark(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        claim_id = archive.annotations.resolve_id("claim", args.claim)
        annotation_id = archive.annotations.claim(claim_id).annotation_id
        archive.apply(archive.editor.unmark_claim(claim_id))
    data = {"unmarked": claim_id, "annotation": annotation_id}
    print_json(data) if args.json else print(
        f"claim {claim_id} taken off highlight {annotation_id}; the highlight stays (undo brings the claim back)")
    return EXIT_OK


def cmd_claim_set(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for name in ("statement", "kind", "verdict", "explanation"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.attribution is not None:
        fields["attribution_text"] = args.attribution
    if args.quantity:
        from ..core.quantities import parse_quantities

        quantities = []
        for wording in args.quantity:
            parsed = parse_quantities(wording)
            if not parsed:
                raise InvalidEdit(f"no quantity in {wording!r}; write it like 'more than 1,000 troops'")
            quantities += [{"value": q.value, "unit": q.unit, "qualifier": q.qualifier, "text": q.text} for q in parsed]
        fields["quantities"] = quantities
    with open_archive(args) as archive:
        claim_id = archive.annotations.resolve_id("claim", args.claim)
        if args.attribution_entity is not None:
            fields["attribution_entity_id"] = _entity_ref(archive, args.attribution_entity) if args.attribution_entity else None
        if not fields:
            raise InvalidEdit("nothing to change: give --verdict, --statement, --kind, --explanation, --attribution "
                              "or --quantity")
        archive.apply(archive.editor.set_claim(claim_id, **fields))
        data = archive.annotations.claim(claim_id).to_dict()
    print_json(data) if args.json else print(f"claim {data['id']}: {data['kind']}, {data['verdict']}")
    return EXIT_OK


def cmd_cluster_add(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        claim_ids = [archive.annotations.resolve_id("claim", c) for c in args.claims]
        cluster_id = None
        try:
            cluster_id = _cluster_ref(archive, args.cluster)
            archive.apply(archive.editor.add_to_cluster(cluster_id, claim_ids))
        except NotFound:
            label = args.cluster
            created = {}

            def make(ed):
                edit = ed.create_cluster(label)
                created["id"] = edit.target
                return edit

            archive.apply_steps(f"New cluster “{label}”", [make, lambda ed: ed.add_to_cluster(created["id"], claim_ids)])
            cluster_id = created["id"]
        data = archive.annotations.cluster(cluster_id).to_dict()
    print_json(data) if args.json else print(f"cluster {data['id']} “{safe(data['label'])}”: {len(data['claim_ids'])} claims")
    return EXIT_OK


def cmd_cluster_list(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        data = [c.to_dict() for c in archive.annotations.clusters()]
    if args.json:
        print_json(data)
    else:
        for c in data:
            print(f"{c['id']}  {len(c['claim_ids']):3} claims  {safe(c['label'])}")
    return EXIT_OK


def cmd_cluster_relate(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        a = archive.annotations.resolve_id("claim", args.source)
        b = archive.annotations.resolve_id("claim", args.target)
        archive.apply(archive.editor.relate_claims(a, b, args.relation))
    print(f"marked: {a} {args.relation} {b}")
    return EXIT_OK


def cmd_cluster_rename(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        cluster_id = _cluster_ref(archive, args.cluster)
        archive.apply(archive.editor.rename_cluster(cluster_id, " ".join(args.label.split())))
        data = archive.annotations.cluster(cluster_id).to_dict()
    print_json(data) if args.json else print(f"cluster {data['id']} is now “{safe(data['label'])}”")
    return EXIT_OK


def cmd_cluster_delete(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        cluster = archive.annotations.cluster(_cluster_ref(archive, args.cluster))
        archive.apply(archive.editor.delete_cluster(cluster.id))
    data = {"deleted": cluster.id, "label": cluster.label, "claims_kept": cluster.claim_ids}
    print_json(data) if args.json else print(
        f"deleted cluster “{safe(cluster.label)}”; its {len(cluster.claim_ids)} claims stay (undo brings it back)")
    return EXIT_OK


def cmd_cluster_remove(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        cluster = archive.annotations.cluster(_cluster_ref(archive, args.cluster))
        claim_ids = [archive.annotations.resolve_id("claim", c) for c in args.claims]
        strangers = [c for c in claim_ids if c not in cluster.claim_ids]
        if strangers:
            raise NotFound(f"claim {strangers[0]} is not in cluster “{cluster.label}”")
        archive.apply_steps(f"Take {len(claim_ids)} claim(s) out of cluster",
                            [lambda ed, c=c: ed.remove_from_cluster(cluster.id, c) for c in dict.fromkeys(claim_ids)])
        data = archive.annotations.cluster(cluster.id).to_dict()
    print_json(data) if args.json else print(
        f"cluster {data['id']} “{safe(data['label'])}”: {len(data['claim_ids'])} claims")
    return EXIT_OK


def cmd_cluster_unrelate(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        a = archive.annotations.resolve_id("claim", args.source)
        b = archive.annotations.resolve_id("claim", args.target)
        found = [r for r in archive.annotations.relations([a])
                 if {r["source_claim_id"], r["target_claim_id"]} == {a, b}
                 and (args.relation is None or r["relation"] == args.relation)]
        if not found:
            raise NotFound(f"claims {a} and {b} are not marked as related"
                           + (f" ({args.relation})" if args.relation else ""))
        archive.apply_steps("Remove claim relation", [lambda ed, r=r: ed.unrelate(r["id"]) for r in found])
    data = [{"id": r["id"], "source": r["source_claim_id"], "relation": r["relation"], "target": r["target_claim_id"]}
            for r in found]
    if args.json:
        print_json(data)
    else:
        for r in data:
            print(f"removed: {r['source']} {r['relation']} {r['target']}")
    return EXIT_OK


def cmd_cluster_suggest(args: argparse.Namespace) -> int:
    from ..services.suggestions import suggest_cluster_members

    with open_archive(args) as archive:
        cluster_id = _cluster_ref(archive, args.cluster)
        data = suggest_cluster_members(archive, cluster_id, limit=args.limit)
        chosen = data if args.accept_all else [data[i - 1] for i in args.accept or [] if 1 <= i <= len(data)]
        if args.accept and len(chosen) != len(args.accept):
            raise InvalidEdit(f"--accept takes suggestion numbers from 1 to {len(data)}")
        for s in chosen:
            s["accepted_claim"] = accept_cluster_suggestion(archive, cluster_id, s)
    if args.json:
        print_json(data)
    else:
        for n, s in enumerate(data, 1):
            print(f"{n}. article {s['article_id']} ({safe(s['outlet'] or 'outlet unknown')}) "
                  f"{s['start']}–{s['end']} score {s['score']}: "
                  f"“{safe(s['text'])}” — {', '.join(s['reasons'])}")
        if not data:
            print("no candidates")
    return EXIT_OK


def accept_cluster_suggestion(archive, cluster_id: str, suggestion: dict[str, Any]) -> str:
    """Add the suggested passage to the cluster as the desktop app does (one undo step); the claim's id."""
    from ..services.suggestions import ACCEPT_CLUSTER_SUGGESTION, cluster_suggestion_steps

    steps, claim_id = cluster_suggestion_steps(archive, cluster_id, suggestion["article_id"], suggestion["start"],
                                               suggestion["end"])
    archive.apply_steps(ACCEPT_CLUSTER_SUGGESTION, steps)
    return claim_id


def cmd_compare(args: argparse.Namespace) -> int:
    from ..services.comparison import compare_cluster

    with open_archive(args, reading=True) as archive:
        data = compare_cluster(archive, _cluster_ref(archive, args.cluster))
    if args.json:
        print_json(data)
        return EXIT_OK
    from ..services.comparison import format_number

    print(f"cluster “{safe(data['cluster']['label'])}”: {len(data['rows'])} claims from "
          f"{safe(data['provenance']['summary'])}")
    for r in data["rows"]:
        value = format_number(r["value"]) if r["value"] is not None else None
        figure = r.get("figure") or " ".join(str(x) for x in (r["qualifier"], value, r["unit"]) if x is not None)
        story = f" [story {r['group']}]" if r.get("group") is not None else ""
        print(f"- {safe(r['source']):28} {(r['published'] or '')[:16]:16} {figure:24} “{safe(r['quote'])}”"
              + (f" — {safe(r['attribution'])}" if r["attribution"] else "") + story)
    for d in data["disagreements"]:
        print(f"DISAGREE ({d['kind']}): {safe(d['detail'])}")
    for c in data.get("changes", []):
        print(f"CHANGED: {safe(c['detail'])}")
    if data.get("pairs"):
        print(f"why ({safe(data['tolerance'])}):")
    for pair in data.get("pairs", []):
        copies = " (copies of one story: not corroboration)" if pair.get("same_story") else ""
        print(f"  {pair['verdict'].upper()}: {safe(pair['sources'][0])} vs {safe(pair['sources'][1])}{copies}")
        for reason in pair["reasons"]:
            sides = " / ".join(safe(x) for x in (reason.get("a"), reason.get("b")) if x)
            print(f"    {reason['kind']} {sides}: {reason['result']} — {safe(reason['why'])}")
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        data = [e.to_dict() for e in archive.annotations.entities()]
    if args.json:
        print_json(data)
    else:
        for e in data:
            aliases = f" (also: {safe(', '.join(e['aliases']))})" if e["aliases"] else ""
            print(f"{e['id']}  {e['type']:12} {e['mention_count']:3} mentions  {safe(e['name'])}{aliases}")
    return EXIT_OK


def cmd_entity_add(args: argparse.Namespace) -> int:
    identifiers = _identifiers(args.id)
    with open_archive(args) as archive:
        edit = archive.editor.create_entity(args.name, args.type, aliases=args.alias or [],
                                            description=args.description or "", identifiers=identifiers)
        archive.apply(edit)
        data = archive.annotations.entity(edit.target).to_dict()
    print_json(data) if args.json else print(f"entity {data['id']} {safe(data['name'])} ({data['type']})")
    return EXIT_OK


def _identifiers(items: list[str] | None) -> dict[str, str]:
    identifiers = {}
    for item in items or []:
        key, _, value = item.partition("=")
        if not value:
            raise InvalidEdit(f"--id takes KEY=VALUE, e.g. wikidata=Q42; got {item!r}")
        identifiers[key] = value
    return identifiers


def cmd_entity_edit(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        eid = _entity_ref(archive, args.entity)
        entity = archive.annotations.entity(eid)
        fields: dict[str, Any] = {}
        if args.name is not None:
            fields["name"] = args.name
        if args.type is not None:
            fields["type"] = args.type
        if args.description is not None:
            fields["description"] = args.description
        if args.alias or args.remove_alias:
            fields["aliases"] = [a for a in entity.aliases + (args.alias or []) if a not in (args.remove_alias or [])]
        if args.id:
            fields["identifiers"] = {**entity.identifiers, **_identifiers(args.id)}
        if not fields:
            raise InvalidEdit("nothing to change: give --name, --type, --alias, --remove-alias, --description or --id")
        archive.apply(archive.editor.edit_entity(eid, **fields))
        data = archive.annotations.entity(eid).to_dict()
    print_json(data) if args.json else print(f"entity {data['id']} {safe(data['name'])} ({data['type']})")
    return EXIT_OK


def cmd_entity_merge(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        keep = _entity_ref(archive, args.keep)
        other = _entity_ref(archive, args.other)
        archive.apply(archive.editor.merge_entities(keep, other))
        data = archive.annotations.entity(keep).to_dict()
    print_json(data) if args.json else print(
        f"merged into {safe(data['name'])}: {data['mention_count']} mentions, aliases {safe(', '.join(data['aliases']))}")
    return EXIT_OK


def cmd_entity_delete(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        eid = _entity_ref(archive, args.entity)
        entity = archive.annotations.entity(eid)
        archive.apply(archive.editor.delete_entity(eid))
    print(f"deleted {safe(entity.name)}: {entity.mention_count} mention links removed (the highlights stay); "
          "claims attributed to it keep the name as text. `undo` restores it.")
    return EXIT_OK


def cmd_suggest_mentions(args: argparse.Namespace) -> int:
    from ..services.suggestions import suggest_mentions

    with open_archive(args) as archive:
        eid = _entity_ref(archive, args.entity)
        data = suggest_mentions(archive, eid)
        for n in (args.accept or []) + (args.reject or []):
            if not 1 <= n <= len(data):
                raise InvalidEdit(f"suggestion numbers go from 1 to {len(data)}; got {n}")
        if args.accept_all and data:
            archive.apply(archive.editor.accept_suggestions(eid, [(s["article_id"], s["start"], s["end"]) for s in data]))
        elif args.accept:
            picked = [data[n - 1] for n in args.accept]
            archive.apply(archive.editor.accept_suggestions(eid, [(s["article_id"], s["start"], s["end"]) for s in picked]))
            for s in picked:
                s["accepted"] = True
        for n in args.reject or []:
            s = data[n - 1]
            archive.apply(archive.editor.reject_suggestion(eid, s["article_id"], s["start"], s["end"]))
            s["rejected"] = True
    if args.json:
        print_json(data)
    else:
        for n, s in enumerate(data, 1):
            mark = " [accepted]" if s.get("accepted") else (" [rejected]" if s.get("rejected") else "")
            print(f"{n}.{mark} article {s['article_id']} ({safe(s['outlet'] or 'outlet unknown')}) {s['start']}–{s['end']}: "
                  f"{safe(s['context'])}")
        print(f"{len(data)} suggested mentions" + (" accepted" if args.accept_all else ""))
    return EXIT_OK


def cmd_suggest_entities(args: argparse.Namespace) -> int:
    from ..services.suggestions import propose_article_entities

    with open_archive(args) as archive:
        data = propose_article_entities(archive, _current_article(archive, args.article))
    if args.json:
        print_json(data)
    else:
        for c in data:
            extra = f" = {safe(c['expansion'])}" if c["expansion"] else ""
            print(f"{c['type']:12} {safe(c['name'])}{extra}")
    return EXIT_OK


def cmd_meta(args: argparse.Namespace) -> int:
    import json as _json

    with open_archive(args) as archive:
        value = args.value
        if args.field == "keywords":
            value = [k.strip() for k in value.split(",") if k.strip()]
        archive.apply(archive.editor.correct_metadata(args.article, args.field, value))
        data = archive.get_article(args.article).to_dict()
    data.pop("text", None)
    value = safe(_json.dumps(data[args.field], ensure_ascii=False))
    print_json(data) if args.json else print(f"article {args.article}: {args.field} = {value}")
    return EXIT_OK


def cmd_palette(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        if args.palette_command == "set":
            archive.apply(archive.editor.set_palette_color(args.name, args.color))
        elif args.palette_command == "add":
            archive.apply(archive.editor.add_palette_entry(args.name, args.color, args.description or ""))
        data = [{"key": p.position, "name": p.name, "color": p.color, "description": p.description}
                for p in archive.annotations.palette()]
    if args.json:
        print_json(data)
    else:
        for p in data:
            described = f" — {safe(p['description'])}" if p["description"] else ""
            print(f"{p['key']:>2}  {p['color']}  {safe(p['name'])}{described}")
    return EXIT_OK


def cmd_tags(args: argparse.Namespace) -> int:
    with open_archive(args, reading=True) as archive:
        data = [{"tag": t, "count": n} for t, n in archive.annotations.tags()]
    print_json(data) if args.json else [print(f"{d['count']:4}  {safe(d['tag'])}") for d in data]
    return EXIT_OK


def cmd_tag_rename(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        edit = archive.editor.rename_tag(args.old, args.new)
        archive.apply(edit)
    print(safe(edit.label))  # labels quote user text (tags, notes): escape control characters
    return EXIT_OK


def _undo_redo(args: argparse.Namespace, which: str) -> int:
    with open_archive(args) as archive:
        edit, change = archive.undo() if which == "undo" else archive.redo()
    if args.json:
        print_json({"done": edit is not None, "label": edit.label if edit else None})
    else:
        print(f"{which}: {safe(edit.label)}" if edit else f"nothing to {which}")  # labels quote user text
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    return _undo_redo(args, "undo")


def cmd_redo(args: argparse.Namespace) -> int:
    return _undo_redo(args, "redo")


def cmd_history(args: argparse.Namespace) -> int:
    from ..store.history import recent_steps

    with open_archive(args, reading=True) as archive:
        data = [step.to_dict() for step in recent_steps(archive.db, args.limit)]
    if args.json:
        print_json(data)
    else:
        for d in data:
            state = "(undone) " if d["undone"] else ("(closed) " if d["closed"] else "")
            print(f"{d['seq']:5}  {d['applied_at']}  {state}{safe(d['label'])}")
            if d["closed"]:
                print(f"       {safe(d['closed'])}")
    return EXIT_OK


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from ..services.annotation_import import import_annotations

    reports = []
    with open_archive(args) as archive:
        for path in args.files:
            reports.append(import_annotations(archive, path))
    if args.json:
        print_json([r.to_dict() for r in reports] if len(reports) != 1 else reports[0].to_dict())
        return EXIT_OK
    for report in reports:
        for r in report.results:
            where = f" article {r.article_id}" if r.article_id is not None else ""
            quote = f" “{r.quote}”" if r.quote else ""
            print(f"{r.status:20} {safe(r.hypothesis_id, one_line=True)}{where}{safe(quote, one_line=True)}"
                  f"{' — ' + safe(r.reason, one_line=True) if r.reason else ''}")
        print(safe(report.summary()))
    return EXIT_OK


def register(add) -> None:
    p = add("import-annotations", cmd_import_annotations,
            "place the highlights of a Hypothesis export (JSON) on the archive's articles (one undo step a file)")
    p.add_argument("files", nargs="+", metavar="FILE", help="a Hypothesis export or API search answer (JSON)")
    p = add("annotate", cmd_annotate, "highlight a passage (by quote) with tags, note, colour, claim and entities")
    p.add_argument("article", type=int, metavar="ARTICLE")
    p.add_argument("--quote", required=True, help="the passage's exact text (white space may differ)")
    p.add_argument("--occurrence", type=int, help="which occurrence when the quote appears several times (1-based)")
    p.add_argument("--tag", action="append", help="a tag (repeatable)")
    p.add_argument("--note", help="a plain-text note")
    p.add_argument("--color", help="a palette colour name, e.g. important, disputed")
    p.add_argument("--claim", action="store_true", help="mark the passage as a claim")
    p.add_argument("--verdict", choices=VERDICTS)
    p.add_argument("--attribution", help="who makes the claim, e.g. 'a senior US military official'")
    p.add_argument("--statement", help="the claim's wording (default: the quote)")
    p.add_argument("--kind", choices=CLAIM_KINDS)
    p.add_argument("--explanation", help="why the verdict")
    p.add_argument("--entity", action="append", help="link an entity by name (created if new; repeatable)")
    p.add_argument("--type", action="append", choices=ENTITY_TYPES, help="type of the preceding --entity")

    p = add("annotations", cmd_annotations, "list annotations (of one article, or orphaned ones)")
    p.add_argument("article", type=int, nargs="?", metavar="ARTICLE")
    p.add_argument("--orphans", action="store_true", help="only annotations whose passage is gone")
    p.add_argument("--review", action="store_true", help="annotations that need review (doubtful or orphaned)")
    p.add_argument("--color", help="only highlights of this palette colour")
    p.add_argument("--tag", help="only highlights with this tag")

    p = add("edit", cmd_annotation_edit, "change a highlight's note, tags or colour (one undoable step)",
            group="annotation")
    p.add_argument("annotation", metavar="ID", help="the highlight (id or unique prefix)")
    p.add_argument("--note", help="the new note (\"\" clears it)")
    p.add_argument("--tags", action="append", metavar="T,T", help="replace all tags (\"\" removes them)")
    p.add_argument("--add-tag", action="append", metavar="T", help="add a tag (repeat or comma-separate)")
    p.add_argument("--remove-tag", action="append", metavar="T", help="remove a tag")
    colour = p.add_mutually_exclusive_group()
    colour.add_argument("--color", "--colour", dest="color", metavar="NAME", help="a palette colour name")
    colour.add_argument("--no-color", "--no-colour", dest="no_color", action="store_true", help="no colour")
    p = add("delete", cmd_annotation_delete, "delete a highlight (and its claim); undoable", group="annotation")
    p.add_argument("annotation", metavar="ID")
    p = add("claims", cmd_claims, "list claims")
    p.add_argument("--verdict", choices=VERDICTS)
    p.add_argument("--article", type=int)
    p.add_argument("--cluster")

    p = add("unmark", cmd_claim_unmark, "take the claim off its highlight (the highlight stays); undoable",
            group="claim")
    p.add_argument("claim", metavar="CLAIM")
    p = add("set", cmd_claim_set, "edit a claim's wording, kind, attribution, verdict or explanation", group="claim")
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("--statement")
    p.add_argument("--kind", choices=CLAIM_KINDS)
    p.add_argument("--verdict", choices=VERDICTS)
    p.add_argument("--explanation")
    p.add_argument("--attribution", help="free-text attribution")
    p.add_argument("--attribution-entity", help="attribute to an entity (name or id; empty to clear)")
    p.add_argument("--quantity", action="append", metavar="WORDING",
                   help="replace the parsed quantities, e.g. 'more than 1,000 troops' (repeatable)")

    p = add("add", cmd_cluster_add, "add claims to a cluster (created when the label is new)", group="cluster")
    p.add_argument("cluster", metavar="CLUSTER", help="cluster id, id prefix or label")
    p.add_argument("claims", nargs="+", metavar="CLAIM")
    add("list", cmd_cluster_list, "list clusters", group="cluster")
    p = add("relate", cmd_cluster_relate, "mark one claim as supporting or contradicting another", group="cluster")
    p.add_argument("source", metavar="CLAIM")
    p.add_argument("target", metavar="OTHER")
    p.add_argument("--relation", choices=RELATIONS, required=True)
    p = add("unrelate", cmd_cluster_unrelate, "remove the supporting/contradicting mark between two claims",
            group="cluster")
    p.add_argument("source", metavar="CLAIM")
    p.add_argument("target", metavar="OTHER")
    p.add_argument("--relation", choices=RELATIONS, help="only this relation (default: any)")
    p = add("rename", cmd_cluster_rename, "give a cluster a new label", group="cluster")
    p.add_argument("cluster", metavar="CLUSTER", help="cluster id, id prefix or label")
    p.add_argument("label", metavar="LABEL")
    p = add("remove", cmd_cluster_remove, "take claims out of a cluster (the claims stay)", group="cluster")
    p.add_argument("cluster", metavar="CLUSTER", help="cluster id, id prefix or label")
    p.add_argument("claims", nargs="+", metavar="CLAIM")
    p = add("delete", cmd_cluster_delete, "delete a cluster (its claims stay)", group="cluster")
    p.add_argument("cluster", metavar="CLUSTER", help="cluster id, id prefix or label")
    p = add("suggest", cmd_cluster_suggest, "suggest passages from other articles for a cluster", group="cluster")
    p.add_argument("cluster", metavar="CLUSTER")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--accept", type=int, action="append", metavar="N", help="accept suggestion number N (repeatable)")
    p.add_argument("--accept-all", action="store_true", help="accept every suggestion")

    p = add("compare", cmd_compare, "compare a cluster's claims across outlets and flag disagreements")
    p.add_argument("cluster", metavar="CLUSTER")

    add("entities", cmd_entities, "list entities with mention counts")
    p = add("add", cmd_entity_add, "create an entity", group="entity")
    p.add_argument("name")
    p.add_argument("--type", choices=ENTITY_TYPES, default="other")
    p.add_argument("--alias", action="append")
    p.add_argument("--description")
    p.add_argument("--id", action="append", metavar="KEY=VALUE", help="external identifier, e.g. wikidata=Q42")
    p = add("edit", cmd_entity_edit, "edit an entity's name, type, aliases, description or identifiers",
            group="entity")
    p.add_argument("entity", metavar="ENTITY")
    p.add_argument("--name")
    p.add_argument("--type", choices=ENTITY_TYPES)
    p.add_argument("--alias", action="append", help="add an alias (repeatable)")
    p.add_argument("--remove-alias", action="append")
    p.add_argument("--description")
    p.add_argument("--id", action="append", metavar="KEY=VALUE", help="external identifier, e.g. wikidata=Q1032")
    p = add("merge", cmd_entity_merge, "merge OTHER into KEEP (mentions and names follow)", group="entity")
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("other", metavar="OTHER")
    p = add("delete", cmd_entity_delete, "delete an entity (its highlights stay)", group="entity")
    p.add_argument("entity", metavar="ENTITY")

    p = add("mentions", cmd_suggest_mentions, "unlinked mentions of an entity across articles", group="suggest")
    p.add_argument("entity", metavar="ENTITY")
    p.add_argument("--accept-all", action="store_true", help="accept every suggestion (one undo step)")
    p.add_argument("--accept", type=int, action="append", metavar="N", help="accept suggestion N (repeatable)")
    p.add_argument("--reject", type=int, action="append", metavar="N",
                   help="reject suggestion N: it is not suggested again (repeatable)")
    p = add("entities", cmd_suggest_entities, "entity candidates in an article", group="suggest")
    p.add_argument("article", type=int, metavar="ARTICLE")

    from ..core.models import METADATA_FIELDS

    p = add("correct", cmd_meta, "correct an article's metadata (kept across re-imports; undoable)")
    p.add_argument("article", type=int, metavar="ARTICLE")
    p.add_argument("field", choices=METADATA_FIELDS)
    p.add_argument("value")

    add("list", cmd_palette, "list the highlight colours (key 1-9 applies colour N)", group="palette")
    p = add("set", cmd_palette, "change a palette colour", group="palette")
    p.add_argument("name")
    p.add_argument("color", metavar="#RRGGBB")
    p = add("add", cmd_palette, "add a named colour to the palette", group="palette")
    p.add_argument("name")
    p.add_argument("color", metavar="#RRGGBB")
    p.add_argument("--description")

    add("tags", cmd_tags, "list tags with counts")
    p = add("rename", cmd_tag_rename, "rename a tag everywhere (merges into an existing tag)", group="tag")
    p.add_argument("old")
    p.add_argument("new")

    add("undo", cmd_undo, "undo the last edit (works after a restart)")
    add("redo", cmd_redo, "redo the last undone edit")
    p = add("history", cmd_history, "list recent edits")
    p.add_argument("--limit", type=int, default=20)
