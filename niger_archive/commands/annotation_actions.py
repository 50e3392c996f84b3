"""Owns the reader's annotation commands: highlight, colours, tags, notes, entity links, deletion."""

from __future__ import annotations

from ..core.messages import N_, Message, joined
from ..core.annotations import ENTITY_TYPES
from ..services.editing import new_id
from .context import ChoiceOption, ChoiceQuestion, CommandContext, NewText, PathQuestion, TextQuestion, Unavailable
from .registry import command
from .targets import SELECT_FIRST, annotation_target, apply_and_focus, require_article

READER = "reader"


@command("annotate.highlight", "Highlight", keys=("H",), context=READER, menu="Annotate",
         description="Highlight the selection (without a colour)")
def highlight(ctx: CommandContext) -> None:
    require_article(ctx)
    if ctx.selection() is None:
        raise Unavailable(SELECT_FIRST)
    target = annotation_target(ctx)
    if not target.created:
        ctx.message("This passage is already highlighted")
        ctx.set_annotation(target.annotation_id)
        return
    apply_and_focus(ctx, "Highlight", target.steps, target.annotation_id)


def _colour_handler(position: int):
    def handler(ctx: CommandContext) -> None:
        require_article(ctx)
        name = ctx.archive.editor.palette_name_at(position)
        target = annotation_target(ctx, color=name)
        if target.created:
            apply_and_focus(ctx, Message("Highlight in {colour}", colour=name), target.steps, target.annotation_id)
        else:
            ctx.push(ctx.archive.editor.set_color(target.annotation_id, name))
            ctx.set_annotation(target.annotation_id)

    return handler


for _n in range(1, 10):
    command(f"annotate.colour_{_n}", f"Highlight in colour {_n}", keys=(str(_n),), context=READER,
            menu="Annotate/Colour", section="colours",
            description=f"Highlight the selection in palette colour {_n}, or give the current highlight "
                        f"that colour")(_colour_handler(_n))


@command("annotate.clear_colour", "Remove colour", keys=("0",), context=READER, menu="Annotate/Colour",
         section="colours", description="Take the colour off the current highlight")
def clear_colour(ctx: CommandContext) -> None:
    target = annotation_target(ctx)
    if target.created:
        raise Unavailable("This passage is not highlighted")
    ctx.push(ctx.archive.editor.set_color(target.annotation_id, None))


def _split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


@command("annotate.tag", "Add tag", keys=("T",), context=READER, menu="Annotate", section="details",
         description="Tag the selection or the current highlight (several tags: separate with commas)")
def add_tag(ctx: CommandContext):
    target = annotation_target(ctx)
    known = tuple(t for t, _ in ctx.archive.annotations.tags())
    answer = yield TextQuestion("Tag", completions=known, placeholder="tag, another tag")
    tags = _split_tags(answer)
    if not tags:
        raise Unavailable("No tag given")
    aid = target.annotation_id
    steps = [*target.steps, *[(lambda ed, t=t: ed.add_tag(aid, t)) for t in tags]]
    label = Message("Tag “{tag}”", tag=tags[0]) if len(tags) == 1 else Message("Add {n} tags", n=len(tags))
    apply_and_focus(ctx, label, steps, aid)


@command("annotate.untag", "Remove tag", keys=("Shift+T",), context=READER, menu="Annotate", section="details",
         description="Remove a tag from the current highlight")
def remove_tag(ctx: CommandContext):
    target = annotation_target(ctx)
    if target.created:
        raise Unavailable("This passage is not highlighted")
    tags = ctx.archive.annotations.annotation(target.annotation_id).tags
    if not tags:
        raise Unavailable("The current highlight has no tags")
    tag = tags[0] if len(tags) == 1 else (
        yield ChoiceQuestion("Remove tag", tuple(ChoiceOption(t, t) for t in tags)))
    ctx.push(ctx.archive.editor.remove_tag(target.annotation_id, tag))


@command("annotate.note", "Edit note", keys=("N",), context=READER, menu="Annotate", section="details",
         description="Write a note on the selection or the current highlight (in the inspector)")
def edit_note(ctx: CommandContext) -> None:
    target = annotation_target(ctx)
    if target.created:
        apply_and_focus(ctx, "Highlight", target.steps, target.annotation_id)
    else:
        ctx.set_annotation(target.annotation_id)
    ctx.focus("note")


def entity_options(ctx: CommandContext, exclude: str | None = None) -> tuple[ChoiceOption, ...]:
    return tuple(
        ChoiceOption(e.id, Message("{name} · {type} (also {aliases})", name=e.name, type=N_(e.type),
                                   aliases=", ".join(e.aliases)) if e.aliases
                     else Message("{name} · {type}", name=e.name, type=N_(e.type)),
                     (e.name, *e.aliases))
        for e in ctx.archive.annotations.entities() if e.id != exclude
    )


def type_question(name: str) -> ChoiceQuestion:
    return ChoiceQuestion(Message("Type of the new entity “{name}”", name=name),
                          tuple(ChoiceOption(t, N_(t)) for t in ENTITY_TYPES))


@command("annotate.entity", "Link entity", keys=("E",), context=READER, menu="Annotate", section="entities",
         description="Link the selection or the current highlight to a person, organisation, place or event "
                     "(a new name creates the entity)")
def link_entity(ctx: CommandContext):
    target = annotation_target(ctx)
    selection = ctx.selection()
    initial = ""
    if selection is not None:
        chosen = " ".join(ctx.text()[selection[0]:selection[1]].split())
        initial = chosen if len(chosen) <= 60 else ""
    answer = yield ChoiceQuestion("Link entity", entity_options(ctx), allow_new=True, initial=initial,
                                  placeholder="name of a person, organisation, place or event")
    steps = list(target.steps)
    if isinstance(answer, NewText):
        name = " ".join(answer.text.split())
        if not name:
            raise Unavailable("No entity name given")
        entity_id = ctx.archive.editor.find_entity(name)
        if entity_id is None:
            entity_type = yield type_question(name)
            entity_id = new_id()
            steps.append(lambda ed, n=name, t=entity_type, i=entity_id: ed.create_entity(n, t, entity_id=i))
    else:
        entity_id = answer
        name = ctx.archive.annotations.entity(entity_id).name
    aid = target.annotation_id
    steps.append(lambda ed: ed.link_mention(aid, entity_id))
    apply_and_focus(ctx, Message("Link “{name}”", name=name), steps, aid)


@command("annotate.unlink_entity", "Unlink entity", keys=("Shift+E",), context=READER, menu="Annotate",
         section="entities", description="Remove an entity link from the current highlight")
def unlink_entity(ctx: CommandContext):
    target = annotation_target(ctx)
    if target.created:
        raise Unavailable("This passage is not highlighted")
    linked = ctx.archive.annotations.annotation(target.annotation_id).entity_ids
    if not linked:
        raise Unavailable("The current highlight is not linked to an entity")
    entities = {e: ctx.archive.annotations.entity(e) for e in linked}
    entity_id = linked[0] if len(linked) == 1 else (yield ChoiceQuestion(
        "Unlink entity", tuple(ChoiceOption(e.id, Message("{name} · {type}", name=e.name, type=N_(e.type)))
                                 for e in entities.values())))
    ctx.push(ctx.archive.editor.unlink_mention(target.annotation_id, entity_id))


@command("annotate.delete", "Delete highlight", keys=("Del",), context=READER, menu="Annotate",
         section="delete", description="Delete the current highlight (with its claim, tags and links)")
def delete_highlight(ctx: CommandContext) -> None:
    target = annotation_target(ctx)
    annotation_id = ctx.annotation_id if target.created else target.annotation_id
    if not annotation_id:
        raise Unavailable("This passage is not highlighted")
    ctx.push(ctx.archive.editor.delete_annotation(annotation_id))
    ctx.set_annotation(None)


@command("file.import_annotations", "Import Hypothesis annotations…", menu="File", section="import",
         description="Place the highlights of a Hypothesis export (JSON) on the archive's articles, by address "
                     "or quote, as one undo step per file")
def import_hypothesis(ctx: CommandContext, path: str | None = None):
    """Asks for the export unless given one (a .json file dropped on the window)."""
    from ..services.annotation_import import plan_annotation_import

    paths = [path] if path else (yield PathQuestion("Hypothesis export (JSON)", mode="open", filters=("*.json",)))
    files = [p for p in paths if str(p).strip()]
    if not files:
        raise Unavailable("No file given")
    summaries = []
    for path in files:
        plan = plan_annotation_import(ctx.archive, path)
        if plan.steps:
            ctx.push_steps(plan.label, plan.steps)
        summaries.append(plan.summary())
    ctx.message(joined("; ", summaries))
