"""Owns the archive-wide commands: open, import, export, reindex, check, undo/redo, palette, help, quit."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..core.filenames import shown
from ..core.messages import N_, Message, joined
from ..core.models import ImportOutcome, Progress
from ..importers import SUPPORTED_SUFFIXES
from ..platform.i18n import tr
from ..platform.resources import samples_dir
from .context import ChoiceOption, ChoiceQuestion, CommandContext, PathQuestion, Unavailable
from .keys import build_keymap
from .reference import context_title, format_keys
from .registry import REGISTRY, command

IMPORT_SUFFIXES = tuple(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))  # every type the importers read


def summarize_import(results: list[Any], cancelled: bool = False) -> str:
    """One line saying what an import did, e.g. "Imported 5 articles; 1 duplicate; 1 failed: x.pdf (…)"."""
    outcomes = [r for r in results if isinstance(r, ImportOutcome)]
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    parts: list[str] = []
    imported = counts.get("imported", 0)
    parts.append(Message.counted(imported, "Imported {n} article", "Imported {n} articles"))
    if counts.get("version"):
        parts.append(Message.counted(counts["version"], "{n} new version", "{n} new versions"))
    if counts.get("duplicate"):
        parts.append(Message("{n} already in the archive", n=counts["duplicate"]))
    failed = [o for o in outcomes if o.status == "failed"]
    if len(failed) == 1:
        parts.append(Message("1 failed: {file} ({reason})", file=shown(Path(failed[0].path).name),
                             reason=failed[0].reason))
    elif failed:
        parts.append(Message("{n} failed (each with its reason in the import report)", n=len(failed)))
    if counts.get("skipped"):
        parts.append(Message("{n} skipped (not articles)", n=counts["skipped"]))
    if cancelled:
        parts.append(N_("cancelled (the files imported so far stay)"))
    return joined("; ", parts)


def import_report(results: list[Any]) -> str | None:
    """Every file an import could not take, one per line with its reason (failed first, then skipped),
    as plain text to read and copy, in the interface language; None when every file was taken."""
    outcomes = [r for r in results if isinstance(r, ImportOutcome)]
    failed = [o for o in outcomes if o.status == "failed"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    if not failed and not skipped:
        return None
    lines = [tr(summarize_import(results)), ""]
    for heading, group in ((tr("Failed ({n}):").format(n=len(failed)), failed),
                           (tr("Skipped, not articles ({n}):").format(n=len(skipped)), skipped)):
        if group:
            lines.append(heading)
            lines.extend(f"  {shown(o.path)}\n      {tr(o.reason or N_('no reason given'))}" for o in group)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class ImportJob:
    """The import of ``paths`` as a background job; the window keeps the paths of an import that was
    cut short (the window closed, the program stopped) to offer resuming it at the next start.
    ``handed_over``: the files came from outside the window (dropped on it, handed over by another
    program), so the window shows what was imported when it ends."""

    paths: tuple[str, ...]
    handed_over: bool = False

    def __call__(self, archive) -> Iterator[Any]:
        return archive.import_paths(list(self.paths))


def import_job(paths: list[str], *, handed_over: bool = False) -> ImportJob:
    return ImportJob(tuple(paths), handed_over)


def start_import(ctx: CommandContext, paths: list[str], *, handed_over: bool = False) -> None:
    paths = [os.path.expanduser(p) for p in paths if p.strip()]
    if not paths:
        raise Unavailable("No file or folder given")
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise Unavailable(Message("No such file or folder: {path}", path=missing[0]))
    ctx.run_background(Message.counted(len(paths), "Importing {n} item", "Importing {n} items"),
                       import_job(paths, handed_over=handed_over), summarize_import)


@command("file.import", "Import files…", keys=("Ctrl+I",), menu="File", section="import",
         description="Import article files or folders (text, HTML, Markdown, PDF, Word, e-mail, saved pages, web "
                     "archives); you can also drop them on the window")
def import_files(ctx: CommandContext, paths: list[str] | None = None):
    """Asks for the files, unless they were given (dropped on the window, handed over by another program)."""
    handed_over = paths is not None
    if paths is None:
        paths = yield PathQuestion("Import files or a folder", mode="open", filters=IMPORT_SUFFIXES)
    start_import(ctx, list(paths), handed_over=handed_over)


@command("file.import_folder", "Import folder…", keys=("Ctrl+Shift+I",), menu="File", section="import",
         description="Import every article file in a folder and its subfolders")
def import_folder(ctx: CommandContext):
    path = yield PathQuestion("Import folder", mode="directory")
    start_import(ctx, [path])


@command("file.import_samples", "Import sample articles", menu="File", section="import",
         description="Import the five sample articles that come with the program")
def import_samples(ctx: CommandContext) -> None:
    folder = samples_dir()
    if folder is None:
        raise Unavailable("This installation has no sample articles")
    start_import(ctx, [str(folder)])


@command("file.resume_import", "Resume interrupted import", menu="File", section="import",
         description="Offered when the window opens after an import was cut short (the window was closed or "
                     "the program stopped): import the rest (files already imported are recognised and skipped)")
def resume_import(ctx: CommandContext, paths: list[str] | None = None, done: int = 0, total: int = 0):
    if not paths:
        raise Unavailable("No import was cut short")
    choice = yield ChoiceQuestion(
        Message("Import stopped after {done} of {total} files — resume?", done=done, total=total) if total
        else "An import was cut short — resume?",
        (ChoiceOption("resume", N_("Resume the import"), ("yes", "y", "oui", "o")),
         ChoiceOption("later", N_("Not now"), ("no", "n", "non"))),
        message=Message("The last session ended while importing {path}. The files imported so far are in "
                        "the archive; resuming imports the rest.", path=shown(paths[0])) if len(paths) == 1
        else Message("The last session ended while importing {path} and {more} more. The files imported so far "
                     "are in the archive; resuming imports the rest.", path=shown(paths[0]), more=len(paths) - 1),
    )
    if choice == "resume":
        start_import(ctx, list(paths))


@command("file.open_imported", "Open imported article", keys=("Ctrl+Shift+O",), menu="File", section="import",
         description="Open the article imported last (a finished import never changes the article you are reading)")
def open_imported(ctx: CommandContext) -> None:
    ids = ctx.archive.current_ids()
    if not ids:
        raise Unavailable("No article imported yet")
    ctx.open_article(max(ids))


@command("file.import_bundle", "Import bundle…", keys=("Ctrl+Shift+B",), menu="File", section="import",
         description="Merge a .nabundle made by a colleague: shows what it would add, update and put in conflict, "
                     "then imports when you confirm")
def import_bundle(ctx: CommandContext, path: str | None = None):
    from . import bundle_actions  # registered after these commands: its pane commands go last in the menus

    return bundle_actions.import_bundle_flow(ctx, path)


@command("file.export", "Export…", keys=("Ctrl+Shift+E",), menu="File", section="export",
         description="Export the whole archive, the article in the reader, the current search or cluster: as a "
                     "bundle others can import, W3C annotations, ClaimReview, CSV or an HTML report")
def export(ctx: CommandContext):
    from . import bundle_actions

    return bundle_actions.export_flow(ctx)


@command("file.cancel_task", "Cancel running task", menu="File", section="export",
         description="Stop the import, export or index rebuild in progress (what is done so far stays)")
def cancel_task(ctx: CommandContext) -> None:
    if not ctx.cancel_background():
        raise Unavailable("Nothing is running")


@command("file.open_archive", "Open archive…", keys=("Ctrl+O",), menu="File", section="archive",
         description="Open another archive folder (a new folder becomes an empty archive)")
def open_archive(ctx: CommandContext):
    path = yield PathQuestion("Open archive folder", mode="directory", initial=str(ctx.archive.root))
    path = os.path.expanduser(str(path).strip())
    if not path:
        raise Unavailable("No folder given")
    ctx.open_archive(path)


def _summarize_reindex(results: list[Any], cancelled: bool = False) -> str:
    if cancelled:
        return "Rebuilding the index was cancelled; run it again before searching"
    last = next((r for r in reversed(results) if isinstance(r, Progress)), None)
    return Message("Search index rebuilt ({n} articles)", n=last.total if last else 0)


@command("file.reindex", "Rebuild search index", menu="File", section="maintenance",
         description="Rebuild the search index from the archive (when search results look stale)")
def reindex(ctx: CommandContext) -> None:
    ctx.run_background("Rebuilding the search index", lambda archive: archive.reindex(), _summarize_reindex)


def _check_job(archive) -> Iterator[Any]:
    yield Progress(0, 1, "checking the database, originals and index")
    yield archive.check()
    yield Progress(1, 1, "checked")


def _summarize_check(results: list[Any], cancelled: bool = False) -> str:
    reports = [r for r in results if hasattr(r, "problems")]
    if cancelled or not reports:
        return "Check cancelled"
    report = reports[-1]
    if report.ok:
        return Message("Archive checked: {n} articles, no problems", n=report.articles)
    return Message("Archive check found {n} problem(s): {first}", n=len(report.problems), first=report.problems[0])


@command("file.check", "Check archive", menu="File", section="maintenance",
         description="Check the database, the stored originals and the search index")
def check(ctx: CommandContext) -> None:
    ctx.run_background("Checking the archive", _check_job, _summarize_check)


def _repair_job(archive) -> Iterator[Any]:
    yield Progress(0, 1, "checking and repairing the database, originals, index and anchors")
    yield archive.check(repair=True)
    yield Progress(1, 1, "checked")


def _summarize_repair(results: list[Any], cancelled: bool = False) -> str:
    reports = [r for r in results if hasattr(r, "problems")]
    if cancelled or not reports:
        return "Check cancelled"
    report = reports[-1]
    fixed = Message("; repaired: {what}", what=", ".join(report.repaired)) if report.repaired else ""
    if report.ok:
        return Message("Archive checked: {n} articles, no problems left{fixed}", n=report.articles, fixed=fixed)
    return Message("Archive check: {n} problem(s) left: {first}{fixed}", n=len(report.problems),
                   first=report.problems[0], fixed=fixed)


@command("file.repair", "Check and repair archive", menu="File", section="maintenance",
         description="Check the archive and fix what can be fixed (search index, annotation anchors)")
def repair(ctx: CommandContext) -> None:
    ctx.run_background("Checking and repairing the archive", _repair_job, _summarize_repair)


@command("file.after_crash", "Check after an unexpected stop", menu="File", section="maintenance",
         description="Offered when the archive was not closed properly last time: check and repair it")
def after_crash(ctx: CommandContext):
    choice = yield ChoiceQuestion(
        "Check the archive now?",
        (ChoiceOption("repair", N_("Check and repair now"), ("yes", "y", "oui", "o")),
         ChoiceOption("later", N_("Not now"), ("no", "n", "non"))),
        message="The archive was not closed properly last time (the program stopped unexpectedly). Your saved "
                "work is in the database; a check confirms it and repairs the search index if needed.",
    )
    if choice == "repair":
        repair(ctx)


@command("file.quit", "Quit", keys=("Ctrl+Q",), menu="File", section="quit", description="Close the window")
def quit_app(ctx: CommandContext) -> None:
    ctx.quit()


@command("edit.undo", "Undo", keys=("Ctrl+Z",), menu="Edit", section="history",
         description="Undo the last change (also after a restart)")
def undo(ctx: CommandContext) -> None:
    ctx.undo()


@command("edit.redo", "Redo", keys=("Ctrl+Shift+Z", "Ctrl+Y"), menu="Edit", section="history",
         description="Redo the change undone last")
def redo(ctx: CommandContext) -> None:
    ctx.redo()


@command("view.palette", "Command palette", keys=("Ctrl+Shift+P",), menu="View", section="help",
         description="Find any command by name and run it")
def palette(ctx: CommandContext):
    keymap = build_keymap(REGISTRY, ctx.archive.settings.keys)
    # shown in the interface language, found by its name in that language or in English
    options = tuple(
        ChoiceOption(c.id, tr(c.title), (c.id, c.title),
                     f"{format_keys(keymap.keys_for(c.id))} · {tr(context_title(c.context))}")
        for c in REGISTRY if c.id != "view.palette"
    )
    command_id = yield ChoiceQuestion(tr("Run command"), options, placeholder=tr("type part of a command's name"))
    ctx.run_command(command_id)


@command("view.language", "Interface language…", menu="View", section="help",
         description="Show the interface in English or French, or follow the system's language")
def interface_language(ctx: CommandContext):
    from ..platform.i18n import LANGUAGE_NAMES, choose_language

    settings = ctx.archive.settings
    options = (ChoiceOption("system", tr("System language"), ("system", "System language")),
               *(ChoiceOption(code, name, (code,)) for code, name in LANGUAGE_NAMES.items()))
    code = yield ChoiceQuestion(tr("Interface language"), options)
    settings.interface_language = code
    settings.save()
    shown = LANGUAGE_NAMES[choose_language(code)]
    ctx.message(tr("Interface language: {language}; windows opened from now on use it").format(language=shown))


@command("help.keys", "Keyboard shortcuts", keys=("F1",), menu="Help",
         description="List every command with its keys")
def keys_help(ctx: CommandContext) -> None:
    ctx.show("help")


@command("help.about", "About Niger Archive", menu="Help",
         description="The version, the open archive, the log file and the versions of the libraries (for bug reports)")
def about(ctx: CommandContext) -> None:
    ctx.show("about")
