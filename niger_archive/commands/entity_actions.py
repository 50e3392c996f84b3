"""Owns the entities pane and comparison commands: suggested mentions, new/rename/merge/delete, cluster suggestions."""

from __future__ import annotations

from ..core.messages import N_, Message
from ..core.annotations import ENTITY_TYPES
from ..services.editing import new_id
from .annotation_actions import entity_options, type_question
from .context import ChoiceOption, ChoiceQuestion, CommandContext, TextQuestion, Unavailable
from .registry import command

ENTITIES = "entities"


def _entity(ctx: CommandContext) -> str:
    entity_id = ctx.pane_item("entity")
    if not entity_id:
        raise Unavailable("Choose an entity in the list first")
    return entity_id


def _suggestion(ctx: CommandContext) -> dict:
    suggestion = ctx.pane_item("suggestion")
    if not suggestion:
        raise Unavailable("Choose a suggested mention first")
    return suggestion


@command("entities.accept", "Accept suggested mention", keys=("A",), context=ENTITIES, menu="Entities",
         section="suggestions", description="Link the suggested passage to the entity")
def accept(ctx: CommandContext) -> None:
    s = _suggestion(ctx)
    ctx.push(ctx.archive.editor.accept_suggestion(s["entity_id"], s["article_id"], s["start"], s["end"]))


@command("entities.reject", "Reject suggested mention", keys=("R",), context=ENTITIES, menu="Entities",
         section="suggestions", description="Never suggest this passage for the entity again")
def reject(ctx: CommandContext) -> None:
    s = _suggestion(ctx)
    ctx.push(ctx.archive.editor.reject_suggestion(s["entity_id"], s["article_id"], s["start"], s["end"]))


@command("entities.accept_all", "Accept all suggested mentions", keys=("Shift+A",), context=ENTITIES,
         menu="Entities", section="suggestions", description="Link every suggested passage to the entity")
def accept_all(ctx: CommandContext) -> None:
    suggestions = ctx.pane_item("suggestions") or []
    if not suggestions:
        raise Unavailable("There are no suggested mentions for this entity")
    entity_id = suggestions[0]["entity_id"]
    ctx.push(ctx.archive.editor.accept_suggestions(
        entity_id, [(s["article_id"], s["start"], s["end"]) for s in suggestions]))


@command("entities.open", "Open mention", keys=("Return",), context=ENTITIES, menu="Entities",
         section="suggestions", description="Show the suggested passage in the reader")
def open_mention(ctx: CommandContext) -> None:
    s = _suggestion(ctx)
    ctx.open_article(s["article_id"], s["start"], s["end"])


@command("entities.new", "New entity", keys=("N",), context=ENTITIES, menu="Entities", section="edit",
         description="Add a person, organisation, place or event")
def new_entity(ctx: CommandContext):
    name = " ".join((yield TextQuestion("Name of the new entity")).split())
    if not name:
        raise Unavailable("An entity needs a name")
    existing = ctx.archive.editor.find_entity(name)
    if existing:
        raise Unavailable(Message("“{name}” is already an entity", name=name))
    entity_type = yield type_question(name)
    ctx.push(ctx.archive.editor.create_entity(name, entity_type, entity_id=new_id()))


@command("entities.rename", "Rename entity", keys=("F2",), context=ENTITIES, menu="Entities", section="edit",
         description="Change the entity's name (the old name can stay as an alias)")
def rename(ctx: CommandContext):
    entity = ctx.archive.annotations.entity(_entity(ctx))
    name = " ".join((yield TextQuestion("New name", initial=entity.name)).split())
    if not name or name == entity.name:
        return
    ctx.push(ctx.archive.editor.edit_entity(entity.id, name=name))


@command("entities.aliases", "Edit aliases", keys=("L",), context=ENTITIES, menu="Entities", section="edit",
         description="Other names of the entity, separated by commas (used for suggestions)")
def edit_aliases(ctx: CommandContext):
    entity = ctx.archive.annotations.entity(_entity(ctx))
    text = yield TextQuestion("Aliases (separate with commas)", initial=", ".join(entity.aliases))
    aliases = [" ".join(a.split()) for a in text.split(",") if a.strip()]
    ctx.push(ctx.archive.editor.edit_entity(entity.id, aliases=aliases))


@command("entities.type", "Change entity type", keys=("Y",), context=ENTITIES, menu="Entities", section="edit",
         description="Person, organisation, place, event or other")
def change_type(ctx: CommandContext):
    entity = ctx.archive.annotations.entity(_entity(ctx))
    entity_type = yield ChoiceQuestion("Entity type", tuple(ChoiceOption(t, N_(t)) for t in ENTITY_TYPES),
                                       current=entity.type)
    ctx.push(ctx.archive.editor.edit_entity(entity.id, type=entity_type))


@command("entities.merge", "Merge entity into…", keys=("M",), context=ENTITIES, menu="Entities", section="edit",
         description="Merge the chosen entity into another one (its names become aliases)")
def merge(ctx: CommandContext):
    other = _entity(ctx)
    options = entity_options(ctx, exclude=other)
    if not options:
        raise Unavailable("There is no other entity to merge into")
    keep = yield ChoiceQuestion("Merge into", options)
    ctx.push(ctx.archive.editor.merge_entities(keep, other))


@command("entities.delete", "Delete entity", keys=("Del",), context=ENTITIES, menu="Entities", section="edit",
         description="Delete the entity (its highlights stay; only the links go)")
def delete(ctx: CommandContext) -> None:
    ctx.push(ctx.archive.editor.delete_entity(_entity(ctx)))


@command("compare.accept", "Add suggested passage to cluster", keys=("A",), context="compare", menu="Claim",
         section="pane", description="Mark the suggested passage as a claim and add it to the compared cluster")
def accept_cluster_suggestion(ctx: CommandContext) -> None:
    s = ctx.pane_item("suggestion")
    cluster_id = ctx.pane_item("cluster")
    if not s or not cluster_id:
        raise Unavailable("Choose a suggested passage first")
    from ..services.suggestions import ACCEPT_CLUSTER_SUGGESTION, cluster_suggestion_steps  # on first use

    steps, _claim_id = cluster_suggestion_steps(ctx.archive, cluster_id, s["article_id"], s["start"], s["end"])
    ctx.push_steps(ACCEPT_CLUSTER_SUGGESTION, steps)
