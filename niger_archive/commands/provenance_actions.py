"""Owns the provenance commands of the window: taking an article out of its story group, joining it
with another article's group (both undoable), saying what changed between its versions, and showing
that diff beside the reader."""

from __future__ import annotations

from ..core.messages import N_, Message, joined
from .context import CommandContext, TextQuestion, Unavailable
from .registry import command


def _article(ctx: CommandContext) -> int:
    if ctx.article_id is None:
        raise Unavailable("Open an article first")
    return ctx.article_id


@command("article.split_story", "Not the same story as its copies", menu="Edit", section="story",
         context="reader", description="Take the article in the reader out of its story group (the wire copies it "
                                       "was linked with): it counts as an independent source. Undoable")
def split_story(ctx: CommandContext) -> None:
    from ..core.errors import InvalidEdit
    from ..services.provenance import split_edit

    try:
        edit = split_edit(ctx.archive, _article(ctx))
    except InvalidEdit as exc:
        raise Unavailable(exc.message) from exc
    ctx.push(edit)
    ctx.message(Message("{step} (Ctrl+Z undoes it)", step=edit.label))


@command("article.join_story", "Same story as article…", menu="Edit", section="story", context="reader",
         description="Join the article in the reader with another article's story group (copies of one story "
                     "count as one source). Undoable")
def join_story(ctx: CommandContext):
    from ..core.errors import InvalidEdit, NotFound
    from ..services.provenance import join_edit

    article_id = _article(ctx)
    answer = yield TextQuestion("Article number of the same story", placeholder="e.g. 12")
    try:
        other = int(str(answer).strip())
    except ValueError:
        raise Unavailable(Message("“{answer}” is not an article number", answer=answer)) from None
    try:
        edit = join_edit(ctx.archive, article_id, other)
    except (InvalidEdit, NotFound) as exc:
        raise Unavailable(exc.message) from exc
    ctx.push(edit)
    ctx.message(Message("{step} (Ctrl+Z undoes it)", step=edit.label))


@command("article.version_changes", "What changed between versions", menu="View", section="story",
         context="reader", description="Say which figures changed between the versions (re-scrapes) of the article "
                                       "in the reader and how many highlights moved; `provenance ID` prints the diff")
def version_changes(ctx: CommandContext) -> None:
    from ..services.provenance import version_history

    steps = version_history(ctx.archive, _article(ctx))
    if not steps:
        raise Unavailable("This article has one version only")
    parts = []
    for step in steps:
        figures = "; ".join(f"“{f['from']}” → “{f['to']}”" for f in step["figures"]) or N_("no figure changed")
        lines = sum(1 for line in step["diff"] if line.startswith("+"))
        moved = len(step["annotations"])
        changed = Message.counted(lines, "{n} line new or changed", "{n} lines new or changed")
        if moved:
            changed = Message.counted(moved, "{lines}; {n} highlight moved", "{lines}; {n} highlights moved",
                                      lines=changed)
        parts.append(Message("version {older} → {newer} ({moment}): {figures}; {changed}", older=step["from"],
                             newer=step["to"], moment=step["to_moment"][:16].replace("T", " "), figures=figures,
                             changed=changed))
    ctx.message(joined(" · ", parts))


@command("article.compare_versions", "Compare with earlier versions", keys=("D",), menu="View", section="story",
         context="reader", description="Show beside the reader what changed since an earlier version (re-scrape) "
                                       "of the article: the figures that changed, the highlights that moved and "
                                       "the removed and added lines (J / K: next / previous change)")
def compare_versions(ctx: CommandContext) -> None:
    from ..services.provenance import versions

    if len(versions(ctx.archive, _article(ctx))) < 2:
        raise Unavailable("This article has one version only")
    ctx.show("versions")
