"""Owns the claim commands: mark a claim, verdict, wording, attribution, kind, clusters (reader and claims pane)."""

from __future__ import annotations

from ..core.messages import N_, Message
from ..core.annotations import CLAIM_KINDS, VERDICTS
from ..core.attribution import find_attribution
from ..core.sentences import sentence_at
from ..services.editing import new_id
from .annotation_actions import entity_options
from .context import ChoiceOption, ChoiceQuestion, CommandContext, NewText, TextQuestion, Unavailable
from .registry import command
from .targets import annotation_target, apply_and_focus, claim_of_annotation, claim_target, pane_claim

READER = "reader"


@command("claim.mark", "Mark as claim", keys=("C",), context=READER, menu="Claim",
         description="Mark the selection or the current highlight as a claim (highlighting it first if needed)")
def mark_claim(ctx: CommandContext) -> None:
    target = annotation_target(ctx)
    if not target.created and claim_of_annotation(ctx, target.annotation_id):
        ctx.message("This passage is already a claim: v sets its verdict")
        ctx.set_annotation(target.annotation_id)
        return
    aid = target.annotation_id
    apply_and_focus(ctx, "Mark as claim", [*target.steps, lambda ed: ed.mark_claim(aid)], aid)


def _verdict_question(current: str | None) -> ChoiceQuestion:
    return ChoiceQuestion("Verdict", tuple(ChoiceOption(v, N_(v)) for v in VERDICTS), current=current)


def _set_fields(ctx: CommandContext, claim_id: str, steps: list, annotation_id: str | None, label: str,
                **fields) -> None:
    if steps:
        apply_and_focus(ctx, label, [*steps, lambda ed: ed.set_claim(claim_id, **fields)], annotation_id)
    else:
        ctx.push(ctx.archive.editor.set_claim(claim_id, **fields))


def _claim_fields(ctx: CommandContext, claim_id: str, steps: list):
    """The claim's current values (defaults for a claim about to be marked)."""
    if steps:
        return None
    return ctx.archive.annotations.claim(claim_id)


@command("claim.verdict", "Set verdict", keys=("V",), context=READER, menu="Claim",
         description="Set the verdict of the current claim (marking the passage as a claim if needed)")
def set_verdict(ctx: CommandContext):
    target = claim_target(ctx)
    claim = _claim_fields(ctx, target.claim_id, target.steps)
    verdict = yield _verdict_question(claim.verdict if claim else "unverified")
    _set_fields(ctx, target.claim_id, target.steps, target.annotation_id,
                Message("Set verdict to {verdict}", verdict=N_(verdict)), verdict=verdict)


@command("claim.wording", "Edit claim wording", keys=("W",), context=READER, menu="Claim",
         description="Reword the claim as a checkable statement")
def edit_wording(ctx: CommandContext):
    target = claim_target(ctx)
    claim = _claim_fields(ctx, target.claim_id, target.steps)
    initial = claim.statement if claim else ctx.text()[slice(*(ctx.selection() or (0, 0)))].strip()
    statement = yield TextQuestion("Claim wording", initial=initial)
    if not statement.strip():
        raise Unavailable("A claim's wording cannot be empty")
    _set_fields(ctx, target.claim_id, target.steps, target.annotation_id, "Edit claim wording",
                statement=statement.strip())


@command("claim.explanation", "Edit verdict explanation", keys=("X",), context=READER, menu="Claim",
         description="Explain the verdict (sources, reasoning)")
def edit_explanation(ctx: CommandContext):
    target = claim_target(ctx)
    claim = _claim_fields(ctx, target.claim_id, target.steps)
    explanation = yield TextQuestion("Why this verdict?", initial=claim.explanation if claim else "")
    _set_fields(ctx, target.claim_id, target.steps, target.annotation_id, "Edit verdict explanation",
                explanation=explanation.strip())


def _speaker(ctx: CommandContext, target) -> str:
    """Who the claim's sentences say speaks ("a déclaré Kurt Campbell", "according to officials"),
    offered as the attribution when the claim has none; "" when they name nobody."""
    text = ctx.text()
    span = ctx.selection()
    if not target.steps:
        annotation = ctx.archive.annotations.annotation(target.annotation_id)
        if annotation.start is not None and annotation.end is not None:
            span = (annotation.start, annotation.end)
    if not text or span is None:
        return ""
    first, last = sentence_at(text, span[0]), sentence_at(text, max(span[0], span[1] - 1))
    start, end = (first[0] if first else span[0]), (last[1] if last else span[1])
    return find_attribution(text[start:end]) or ""


@command("claim.attribution", "Set attribution", keys=("A",), context=READER, menu="Claim",
         description="Who makes the claim: an entity from the list, or free text")
def set_attribution(ctx: CommandContext):
    target = claim_target(ctx)
    claim = _claim_fields(ctx, target.claim_id, target.steps)
    answer = yield ChoiceQuestion("Attributed to", entity_options(ctx), allow_new=True,
                                  initial=(claim.attribution if claim else "") or _speaker(ctx, target),
                                  placeholder="an entity, or who says it in your words")
    if isinstance(answer, NewText):
        text = " ".join(answer.text.split())
        entity_id = ctx.archive.editor.find_entity(text) if text else None
        fields = {"attribution_entity_id": entity_id, "attribution_text": "" if entity_id else text}
    else:
        fields = {"attribution_entity_id": answer, "attribution_text": ""}
    _set_fields(ctx, target.claim_id, target.steps, target.annotation_id, "Set attribution", **fields)


@command("claim.kind", "Set claim kind", keys=("Shift+K",), context=READER, menu="Claim",
         description="Statement, quantity, date, quotation or forecast")
def set_kind(ctx: CommandContext):
    target = claim_target(ctx)
    claim = _claim_fields(ctx, target.claim_id, target.steps)
    kind = yield ChoiceQuestion("Claim kind", tuple(ChoiceOption(k, N_(k)) for k in CLAIM_KINDS),
                                current=claim.kind if claim else None)
    _set_fields(ctx, target.claim_id, target.steps, target.annotation_id,
                Message("Set claim kind to {kind}", kind=N_(kind)), kind=kind)


def cluster_question(ctx: CommandContext, exclude_member: str | None = None) -> ChoiceQuestion:
    options = []
    for cluster in ctx.archive.annotations.clusters():
        if exclude_member and exclude_member in cluster.claim_ids:
            continue
        n = len(cluster.claim_ids)
        options.append(ChoiceOption(cluster.id, Message.counted(n, "{label} ({n} claim)", "{label} ({n} claims)",
                                                                label=cluster.label),
                                    (cluster.label,)))
    return ChoiceQuestion("Add to cluster", tuple(options), allow_new=True,
                          placeholder="a cluster, or the label of a new one")


def add_to_cluster_steps(ctx: CommandContext, claim_id: str, answer) -> tuple[str, list]:
    if isinstance(answer, NewText):
        label = " ".join(answer.text.split())
        if not label:
            raise Unavailable("A cluster needs a label")
        cluster_id = new_id()
        return Message("Add claim to new cluster “{label}”", label=label), [
            lambda ed: ed.create_cluster(label, cluster_id=cluster_id),
            lambda ed: ed.add_to_cluster(cluster_id, [claim_id]),
        ]
    label = ctx.archive.annotations.cluster(answer).label
    return Message("Add claim to cluster “{label}”", label=label), [lambda ed: ed.add_to_cluster(answer, [claim_id])]


@command("claim.cluster", "Add claim to cluster", keys=("G",), context=READER, menu="Claim",
         description="Group the claim with the same claim in other outlets (choose a cluster or name a new one)")
def add_to_cluster(ctx: CommandContext):
    target = claim_target(ctx)
    answer = yield cluster_question(ctx, exclude_member=None if target.steps else target.claim_id)
    label, steps = add_to_cluster_steps(ctx, target.claim_id, answer)
    apply_and_focus(ctx, label, [*target.steps, *steps], target.annotation_id)


@command("claim.unmark", "Unmark claim", keys=("Shift+C",), context=READER, menu="Claim",
         description="Turn the current claim back into a plain highlight")
def unmark_claim(ctx: CommandContext) -> None:
    target = annotation_target(ctx)
    claim_id = None if target.created else claim_of_annotation(ctx, target.annotation_id)
    if not claim_id:
        raise Unavailable("The current highlight is not a claim")
    ctx.push(ctx.archive.editor.unmark_claim(claim_id))


# --- the claims pane ---------------------------------------------------------------------------------
@command("claims.open", "Open claim passage", keys=("Return",), context="claims", menu="Go",
         section="panes", description="Show the chosen claim's passage in the reader")
def open_claim(ctx: CommandContext) -> None:
    claim = ctx.archive.annotations.claim(pane_claim(ctx))
    ctx.go_to_annotation(claim.annotation_id)
    ctx.focus("reader")


@command("claims.verdict", "Set verdict of listed claim", keys=("V",), context="claims", menu="Claim",
         section="pane", description="Set the verdict of the claim chosen in the claims pane")
def set_listed_verdict(ctx: CommandContext):
    claim = ctx.archive.annotations.claim(pane_claim(ctx))
    verdict = yield _verdict_question(claim.verdict)
    ctx.push(ctx.archive.editor.set_claim(claim.id, verdict=verdict))


@command("claims.cluster", "Add listed claim to cluster", keys=("G",), context="claims", menu="Claim",
         section="pane", description="Add the claim chosen in the claims pane to a cluster")
def add_listed_to_cluster(ctx: CommandContext):
    claim_id = pane_claim(ctx)
    answer = yield cluster_question(ctx, exclude_member=claim_id)
    label, steps = add_to_cluster_steps(ctx, claim_id, answer)
    ctx.push_steps(label, steps)


# --- the compare pane: the compared cluster ----------------------------------------------------------
def _compared_cluster(ctx: CommandContext) -> str:
    cluster_id = ctx.pane_item("cluster")
    if not cluster_id:
        raise Unavailable("Choose a cluster in the compare pane first")
    return cluster_id


def _claim_words(ctx: CommandContext, claim_id: str) -> str:
    claim = ctx.archive.annotations.claim(claim_id)
    words = " ".join((claim.statement or claim.quote).split())
    return words if len(words) <= 60 else words[:59] + "…"


@command("compare.rename", "Rename cluster", keys=("F2",), context="compare", menu="Claim", section="cluster",
         description="Give the compared cluster a new label")
def rename_cluster(ctx: CommandContext):
    cluster = ctx.archive.annotations.cluster(_compared_cluster(ctx))
    label = yield TextQuestion("Cluster label", initial=cluster.label)
    ctx.push(ctx.archive.editor.rename_cluster(cluster.id, " ".join(label.split())))


@command("compare.remove", "Take claim out of cluster", keys=("Del",), context="compare", menu="Claim",
         section="cluster", description="Take the chosen outlet's claim out of the compared cluster (the claim stays)")
def remove_from_cluster(ctx: CommandContext) -> None:
    cluster_id = _compared_cluster(ctx)
    claim_id = ctx.pane_item("claim")
    if not claim_id:
        raise Unavailable("Choose an outlet's column first")
    ctx.push(ctx.archive.editor.remove_from_cluster(cluster_id, claim_id))


@command("compare.delete", "Delete cluster", keys=("Shift+Del",), context="compare", menu="Claim", section="cluster",
         description="Delete the compared cluster (its claims stay, only the grouping goes)")
def delete_cluster(ctx: CommandContext) -> None:
    ctx.push(ctx.archive.editor.delete_cluster(_compared_cluster(ctx)))


@command("compare.unrelate", "Remove claim relation…", keys=("U",), context="compare", menu="Claim",
         section="cluster", description="Remove a supports/contradicts mark between the chosen claim and another")
def remove_relation(ctx: CommandContext):
    claim_id = ctx.pane_item("claim")
    if not claim_id:
        raise Unavailable("Choose an outlet's column first")
    relations = ctx.archive.annotations.relations([claim_id])
    if not relations:
        raise Unavailable("The chosen claim is not marked as supporting or contradicting another")
    options = []
    for r in relations:
        other = r["target_claim_id"] if r["source_claim_id"] == claim_id else r["source_claim_id"]
        way = N_(r["relation"]) if r["source_claim_id"] == claim_id else Message(
            "{relation} (marked on the other)", relation=N_(r["relation"]))
        options.append(ChoiceOption(r["id"], Message("{relation}: “{claim}”", relation=way,
                                                     claim=_claim_words(ctx, other))))
    relation_id = yield ChoiceQuestion("Remove relation", tuple(options))
    ctx.push(ctx.archive.editor.unrelate(relation_id))
