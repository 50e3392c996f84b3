"""Owns finding what a reader command acts on: the selection, the current annotation, or its claim.

"Highlighting the selection first if needed" lives here: a target is either an existing annotation
or claim, or the steps that create it (with ids chosen up front, so later steps can refer to them),
to be applied together with the command's own edit as one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.messages import N_
from ..services.editing import new_id
from .context import CommandContext, Step, Unavailable

SELECT_FIRST = N_("Select a passage first: s selects the sentence at the caret, p the paragraph, "
                  "Shift+arrows extend the selection")


def require_article(ctx: CommandContext) -> int:
    if ctx.article_id is None:
        raise Unavailable("Open an article first: Enter in the library, or / to search")
    if ctx.raw_mode:
        raise Unavailable("The reader shows the original text: press O to return to the clean text to annotate")
    return ctx.article_id


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding white space (as the editor stores it), or None if nothing is left."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def annotation_with_span(ctx: CommandContext, article_id: int, start: int, end: int) -> str | None:
    for ann in ctx.archive.annotations.find(article_id):
        if ann.start == start and ann.end == end:
            return ann.id
    return None


@dataclass
class Target:
    """An annotation to act on, and the steps creating it when it does not exist yet."""

    annotation_id: str
    steps: list[Step] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return bool(self.steps)


def annotation_target(ctx: CommandContext, *, color: str | None = None, use_current: bool = True) -> Target:
    """The selection's annotation (existing with the same span, or to be created), else the current one."""
    article_id = require_article(ctx)
    selection = ctx.selection()
    if selection is not None:
        span = trimmed(ctx.text(), *selection)
        if span is None:
            raise Unavailable("The selection holds only white space")
        existing = annotation_with_span(ctx, article_id, *span)
        if existing:
            return Target(existing)
        aid = new_id()
        start, end = span
        return Target(aid, [lambda ed: ed.create_annotation(article_id, start, end, color=color, annotation_id=aid)])
    if use_current and ctx.annotation_id:
        return Target(ctx.annotation_id)
    raise Unavailable(SELECT_FIRST)


@dataclass
class ClaimTarget:
    annotation_id: str
    claim_id: str
    steps: list[Step] = field(default_factory=list)


def claim_of_annotation(ctx: CommandContext, annotation_id: str) -> str | None:
    return ctx.archive.annotations.annotation(annotation_id).claim_id


def claim_target(ctx: CommandContext) -> ClaimTarget:
    """The claim to act on: the current annotation's claim, or the steps marking the selection or the
    current annotation as a claim (highlighting first if needed)."""
    target = annotation_target(ctx)
    if not target.created:
        existing = claim_of_annotation(ctx, target.annotation_id)
        if existing:
            return ClaimTarget(target.annotation_id, existing)
    cid = new_id()
    aid = target.annotation_id
    return ClaimTarget(aid, cid, [*target.steps, lambda ed: ed.mark_claim(aid, claim_id=cid)])


def pane_claim(ctx: CommandContext) -> str:
    claim_id = ctx.pane_item("claim")
    if not claim_id:
        raise Unavailable("Choose a claim in the list first")
    return claim_id


def apply_and_focus(ctx: CommandContext, label: str, steps: list[Step], annotation_id: str | None) -> None:
    """Apply the steps as one undo step and make the annotation current."""
    ctx.push_steps(label, steps)
    if annotation_id is not None:
        ctx.set_annotation(annotation_id)
