"""Owns the bundle flows: exporting a chosen scope in a chosen format, importing a bundle after its dry run, and
settling the conflicts an import left for review.

Export asks what (the whole archive, the article in the reader, the library's search, the compare
pane's cluster), as what (a ``.nabundle`` others can import, W3C annotations, ClaimReview, CSV, an
HTML report) and where, then writes on the worker. Import first runs the bundle's dry run on the
worker, shows what it would add, update and put in conflict, and imports only when confirmed.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from ..bundles.layout import SUFFIX
from ..bundles.writing import FORMAT_SUFFIXES, FORMATS
from ..core.errors import NotFound
from ..core.messages import N_, Message, Recorded, joined
from ..core.models import Progress
from ..services import bundle_exchange
from .context import ChoiceOption, ChoiceQuestion, CommandContext, PathQuestion, Unavailable, Work
from .registry import command

FORMAT_TITLES = {
    "bundle": ("Bundle", f"articles, highlights, claims and entities others can import ({SUFFIX})"),
    "w3c": ("W3C Web Annotations", "the highlights as Web Annotation JSON-LD (.jsonld)"),
    "claimreview": ("ClaimReview", "the claims with verdicts as schema.org ClaimReview JSON-LD (.jsonld)"),
    "csv": ("CSV table of claims", "one row per claim, for spreadsheets (.csv)"),
    "html": ("HTML report", "a readable report with the comparisons of the clusters (.html)"),
}
KIND_NAMES = {  # singular, plural
    "article": ("article", "articles"),
    "correction": ("metadata correction", "metadata corrections"),
    "palette": ("colour", "colours"),
    "entity": ("entity", "entities"),
    "annotation": ("highlight", "highlights"),
    "claim": ("claim", "claims"),
    "cluster": ("cluster", "clusters"),
    "member": ("cluster membership", "cluster memberships"),
    "relation": ("claim relation", "claim relations"),
    "same_entity": ("same-entity proposal", "same-entity proposals"),
}
CONFIRM, CANCEL = "import", "cancel"


def counted(n: int, kind: str) -> str:
    singular, plural = KIND_NAMES.get(kind, (kind, kind + "s"))
    return Message.counted(n, "{n} " + singular, "{n} " + plural)


# --- export ----------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "export"


def scope_options(ctx: CommandContext) -> tuple[list[ChoiceOption], dict[str, dict[str, Any]]]:
    """The scopes that make sense now, and the export arguments of each."""
    archive = ctx.archive
    options = [ChoiceOption("all", N_("Whole archive"), ("everything",), counted(archive.articles.count(), "article"))]
    arguments: dict[str, dict[str, Any]] = {"all": {}}
    if ctx.article_id is not None:
        title = archive.get_article(ctx.article_id).title or f"article {ctx.article_id}"
        options.append(ChoiceOption("article", N_("Article in the reader"), ("current article",), title))
        arguments["article"] = {"article_ids": [ctx.article_id]}
    query = ctx.search_query()
    if query:
        options.append(ChoiceOption("search", N_("Current search"), ("search results",),
                                    Message("{query} — {count}", query=query,
                                            count=counted(len(ctx.library_ids()), "article"))))
        arguments["search"] = {"query": query}
    cluster_id = ctx.pane_item("cluster")
    if cluster_id:
        try:
            label = archive.annotations.cluster(cluster_id).label
        except NotFound:
            label = None
        if label is not None:
            options.append(ChoiceOption("cluster", N_("Current cluster"), ("cluster",), label))
            arguments["cluster"] = {"cluster_id": cluster_id}
    return options, arguments


def summarize_export(results: list[Any], cancelled: bool = False) -> str:
    summary = next((r for r in reversed(results) if isinstance(r, bundle_exchange.ExportSummary)), None)
    if cancelled or summary is None:
        return "Export cancelled; nothing was written"
    return Message("Exported {scope} to {path} ({size} KB): {holds}", scope=summary.scope, path=summary.path,
                   size=round(summary.size_bytes / 1024), holds=summary.holds)


def export_job(out_path: str, fmt: str, arguments: dict[str, Any]):
    def job(archive) -> Iterator[Any]:
        return bundle_exchange.export_bundle(archive, out_path, fmt=fmt, **arguments)

    return job


def with_suffix(path: str, fmt: str) -> str:
    suffix = FORMAT_SUFFIXES[fmt]
    return path if path.lower().endswith(suffix) else path + suffix


def export_flow(ctx: CommandContext):
    """Ask what, as what and where; then export on the worker."""
    options, arguments = scope_options(ctx)
    scope = "all"
    if len(options) > 1:
        scope = yield ChoiceQuestion("Export what", tuple(options),
                                     current="article" if "article" in arguments else "all")
    fmt = yield ChoiceQuestion("Export as", tuple(ChoiceOption(f, N_(FORMAT_TITLES[f][0]), (f,), N_(FORMAT_TITLES[f][1]))
                                                  for f in FORMATS), current="bundle")
    detail = next(o.detail for o in options if o.value == scope)
    name = f"niger-archive-{_slug(detail if scope != 'all' else 'archive')}-{date.today().isoformat()}"
    initial = str(Path.home() / with_suffix(name, fmt))
    out_path = yield PathQuestion("Export to", mode="save", initial=initial, filters=(f"*{FORMAT_SUFFIXES[fmt]}",))
    out_path = os.path.expanduser(str(out_path).strip())
    if not out_path:
        raise Unavailable("No file name given")
    out_path = with_suffix(out_path, fmt)
    if not Path(out_path).parent.is_dir():
        raise Unavailable(Message("No such folder: {path}", path=str(Path(out_path).parent)))
    overwrite = False
    if os.path.lexists(out_path):  # never replaced without asking
        choice = yield ChoiceQuestion(Message("{name} exists", name=Path(out_path).name), (
            ChoiceOption("keep", N_("Keep it (export nothing)"), ("keep", "no", "cancel", "garder", "non")),
            ChoiceOption("replace", N_("Replace it"), ("replace", "yes", "overwrite", "remplacer", "oui"))),
            current="keep", message=Message("{path} already exists. Replace it with this export?", path=out_path))
        if choice != "replace":
            raise Unavailable(Message("Nothing exported; {name} is unchanged", name=Path(out_path).name))
        overwrite = True
    ctx.run_background(Message("Exporting to {name}", name=Path(out_path).name),
                       export_job(out_path, fmt, {**arguments[scope], "overwrite": overwrite}), summarize_export)


# --- import ----------------------------------------------------------------------------------------


def describe_report(report: Any) -> list[Message]:
    """What a bundle import did or would do, as lines: added, updated, conflicts, proposed same entities."""
    counts = report.counts
    lines: list[Message] = []
    for outcome, verb in (("added", "Adds {what}" if report.dry_run else "Added {what}"),
                          ("updated", "Updates {what}" if report.dry_run else "Updated {what}")):
        parts = [counted(by[outcome], kind) for kind, by in counts.items() if by.get(outcome)]
        if parts:
            lines.append(Message(verb, what=joined(", ", parts)))
    conflicts = [counted(by["conflict"], kind) for kind, by in counts.items() if by.get("conflict")]
    if conflicts:
        n = sum(by["conflict"] for by in counts.values())
        lines.append(Message.counted(
            n, "In conflict: {what} changed both here and in the bundle (settle it in the Review pane)",
            "In conflict: {what} changed both here and in the bundle (settle them in the Review pane)",
            what=joined(", ", conflicts)))
    for proposal in report.proposals:
        lines.append(Message("Same entity? “{incoming}” (bundle) looks like “{local}” here: merge or keep both in "
                             "the Review pane", incoming=proposal["incoming_name"], local=proposal["local_name"]))
    pending = sum(by.get("conflict_pending", 0) for by in counts.values())
    if pending:
        lines.append(Message.counted(pending, "{n} conflict from an earlier import still waits in the Review pane",
                                     "{n} conflicts from an earlier import still wait in the Review pane"))
    if report.skipped:
        lines.append(Message.counted(len(report.skipped), "Skipped {n} record (e.g. {reason})",
                                     "Skipped {n} records (e.g. {reason})", reason=report.skipped[0]["reason"]))
    if not lines:
        lines.append(N_("Nothing new: the archive already holds everything in this bundle"))
    return lines


def _report(results: list[Any]) -> Any:
    return next((r for r in reversed(results) if isinstance(r, bundle_exchange.BundleImportReport)), None)


def bundle_job(path: str, *, dry_run: bool):
    def job(archive) -> Iterator[Any]:
        yield Progress(0, 1, f"{'checking' if dry_run else 'importing'} {Path(path).name}")
        report = bundle_exchange.import_bundle(archive, path, dry_run=dry_run)
        yield Progress(1, 1, "checked" if dry_run else "imported")
        yield report

    return job


def summarize_bundle_import(results: list[Any], cancelled: bool = False) -> str:
    report = _report(results)
    if report is None:
        return N_("The bundle was not imported (cancelled)") if cancelled else N_("The bundle was not imported")
    text = Message("Imported {name}: {what}", name=Path(report.path).name, what=joined("; ", describe_report(report)))
    if report.conflicts or report.proposals:
        text = Message("{summary} — Ctrl+5 shows the Review pane", summary=text)
    return text


def import_bundle_flow(ctx: CommandContext, path: str | None = None):
    """Ask for the bundle (unless given), show its dry run, import on confirmation."""
    if path is None:
        paths = yield PathQuestion("Import bundle", mode="open", filters=(f"*{SUFFIX}",))
        paths = [p for p in (paths if isinstance(paths, list) else [paths]) if str(p).strip()]
        if not paths:
            raise Unavailable("No bundle given")
        path = str(paths[0])
    path = os.path.expanduser(str(path).strip())
    if not os.path.isfile(path):
        raise Unavailable(Message("No such file: {path}", path=path))
    results = yield Work(Message("Checking {name}", name=Path(path).name), bundle_job(path, dry_run=True))
    report = _report(results)
    if report is None:
        raise Unavailable(Message("{name} could not be read as a bundle", name=Path(path).name))
    lines = describe_report(report)
    if not report.changes and not report.proposals:
        ctx.message(Message("{name}: {what}", name=Path(path).name, what=lines[0]))
        return
    answer = yield ChoiceQuestion(
        Message("Import {name}?", name=Path(path).name),
        (ChoiceOption(CONFIRM, N_("Import"), ("yes", "oui"), N_("merge it into this archive")),
         ChoiceOption(CANCEL, N_("Cancel"), ("no", "non"), N_("change nothing"))),
        current=CONFIRM, message=joined("\n", lines),
    )
    if answer != CONFIRM:
        ctx.message(Message("{name} was not imported", name=Path(path).name))
        return
    ctx.run_background(Message("Importing {name}", name=Path(path).name), bundle_job(path, dry_run=False),
                       summarize_bundle_import)


# --- conflicts ---------------------------------------------------------------------------------------


def _conflict(ctx: CommandContext) -> int:
    conflict_id = ctx.pane_item("conflict")
    if conflict_id is None:
        raise Unavailable("Choose a bundle conflict in the Review pane first")
    return int(conflict_id)


def _settle(ctx: CommandContext, keep: str) -> None:
    conflict_id = _conflict(ctx)
    kind = next((c["kind"] for c in bundle_exchange.list_conflicts(ctx.archive) if c["id"] == conflict_id), None)
    change = bundle_exchange.resolve_conflict(ctx.archive, conflict_id, keep)
    ctx.changed(change)
    if kind == "same_entity":
        ctx.message("Entities merged" if keep == "incoming" else "Both entities kept")
    else:
        ctx.message("Kept this archive's version" if keep == "local"
                    else "Took the bundle's version (Ctrl+Z undoes it)")


@command("review.keep_local", "Keep local version", keys=("L",), context="review", menu="Edit",
         section="conflicts", description="Settle the chosen bundle conflict by keeping this archive's version "
                                          "(for a same-entity proposal: keep both entities)")
def keep_local(ctx: CommandContext) -> None:
    _settle(ctx, "local")


@command("review.take_incoming", "Take incoming version", keys=("I",), context="review", menu="Edit",
         section="conflicts", description="Settle the chosen bundle conflict by taking the bundle's version "
                                          "(for a same-entity proposal: merge the entities)")
def take_incoming(ctx: CommandContext) -> None:
    _settle(ctx, "incoming")


IGNORED_FIELDS = {"id", "created", "modified", "prefix", "suffix", "start", "end", "anchor_status", "article",
                  "annotation_id", "members", "author", "local_id", "incoming_id"}
SUBJECT_FIELDS = ("exact", "statement", "name", "label", "field")


def _short(value: Any, limit: int = 80) -> str:
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value if value is not None else "—").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A record's fields as the Review pane names them (a field not listed is shown by its name)
FIELD_NAMES = {"note": N_("note"), "color": N_("colour"), "tags": N_("tags"), "exact": N_("quote"),
               "statement": N_("statement"), "verdict": N_("verdict"), "kind": N_("kind"),
               "explanation": N_("explanation"), "name": N_("name"), "type": N_("type"), "aliases": N_("aliases"),
               "label": N_("label"), "value": N_("value"), "field": N_("field"), "entity_ids": N_("entities"),
               "claims": N_("claims"), "attribution": N_("attribution"), "quantities": N_("figures"),
               "deleted": N_("deleted")}


def _fields(record: dict[str, Any], names: list[str]) -> str:
    """``field: value; …`` with the field names in words (translated where shown), the values as they are."""
    return joined("; ", [Message("{field}: {value}", field=FIELD_NAMES.get(k, k), value=_short(record.get(k), 40))
                         for k in names])


def describe_conflict(item: dict[str, Any]) -> dict[str, str]:
    """A stored conflict as the Review pane lists it: kind, what it is about, and what differs
    (this archive's values, the bundle's values). The program's words are messages the interface translates;
    the stored reason is English read back (``Recorded``), translated by the catalogue template it matches."""
    incoming, local = item["incoming"] or {}, item["local"] or {}
    incoming = {k: v for k, v in incoming.items() if not k.startswith("_")}  # "_version": the record's history
    kind = item["kind"]
    reason = Recorded(item["reason"] or "")
    kind_name = N_(KIND_NAMES[kind][0]) if kind in KIND_NAMES else kind
    if incoming.get("deleted") is True:
        return {"kind": kind_name,
                "subject": next((local[f] for f in SUBJECT_FIELDS if local.get(f)), item["record_id"]),
                "here": N_("changed here"), "incoming": N_("deleted in the bundle"), "reason": reason,
                "bundle": item["bundle_name"]}
    if kind == "same_entity":
        entity_type = str(incoming.get("type", ""))
        return {"kind": N_("same entity?"),
                "subject": Message("{name} ({type})", name=incoming.get("incoming_name", ""), type=N_(entity_type)),
                "here": _short(incoming.get("local_name", "")), "incoming": _short(incoming.get("incoming_name", "")),
                "reason": reason, "bundle": item["bundle_name"]}
    subject = next((incoming[f] for f in SUBJECT_FIELDS if incoming.get(f)), item["record_id"])
    if kind == "correction":
        subject = Message("{field} of an article", field=N_(str(incoming.get("field", ""))))
    else:
        subject = _short(subject)
    if not local:
        here: str = N_("deleted here")
        there = _fields(incoming, [k for k, v in incoming.items()
                                   if k not in IGNORED_FIELDS and v not in (None, "", [], {})])
    else:
        differing = [k for k in incoming if k not in IGNORED_FIELDS and incoming.get(k) != local.get(k)]
        here = _fields(local, differing) if differing else N_("the same text")
        there = _fields(incoming, differing) if differing else N_("the same text")
    return {"kind": kind_name, "subject": subject, "here": here,
            "incoming": there, "reason": reason, "bundle": item["bundle_name"]}
