"""Owns the multi-field edit of one highlight (note, tags, colour) as ONE undo step, for every front.

The window edits one field at a time through the inspector; a script or the command line changes
several at once. Both end in the same editor builders (`Editor.set_note`, `add_tag`, `remove_tag`,
`set_color`), applied together through :meth:`Archive.apply_steps`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..core.edits import Edit
from ..core.errors import InvalidEdit
from ..core.messages import N_, Message
from ..core.models import Change

if TYPE_CHECKING:
    from .archive import Archive
    from .editing import Editor

UNSET: Any = object()


def edit_annotation(archive: "Archive", annotation_id: str, *, note: str | None = None,
                    tags: Iterable[str] | None = None, add_tags: Iterable[str] = (),
                    remove_tags: Iterable[str] = (), color: Any = UNSET) -> tuple[Edit, Change]:
    """Change any of a highlight's note, tags (``tags`` replaces them all) and colour (None: no colour)
    as one undoable step; refuses when nothing would change."""
    current = archive.annotations.annotation(annotation_id)
    steps: list[Callable[["Editor"], Edit]] = []
    if note is not None and note != current.note:
        new_note = note
        steps.append(lambda e: e.set_note(annotation_id, new_note))
    wanted = list(current.tags)
    if tags is not None:
        wanted = [t for t in dict.fromkeys(" ".join(t.split()) for t in tags) if t]
    wanted += [t for t in (" ".join(t.split()) for t in add_tags) if t and t not in wanted]
    unknown = [t for t in remove_tags if t not in wanted]
    if unknown:
        raise InvalidEdit(Message("the highlight has no tag {tag}", tag=repr(unknown[0])))
    wanted = [t for t in wanted if t not in set(remove_tags)]
    def removing(tag: str) -> Callable[["Editor"], Edit]:
        return lambda e: e.remove_tag(annotation_id, tag)

    def adding(tag: str) -> Callable[["Editor"], Edit]:
        return lambda e: e.add_tag(annotation_id, tag)

    steps += [removing(t) for t in current.tags if t not in wanted]
    steps += [adding(t) for t in wanted if t not in current.tags]
    if color is not UNSET and color != current.color:
        steps.append(lambda e: e.set_color(annotation_id, color))
    if not steps:
        raise InvalidEdit(N_("nothing to change: the highlight already has that note, those tags and that colour"))
    return archive.apply_steps("Edit highlight", steps)
