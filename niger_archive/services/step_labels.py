"""Owns the words for undo and redo: which field a history step edits and what undoing (or redoing) it restores.

``Edit note — back to “first draft”``: the edit's own label (which names the field) and the value the
step puts back, read from the step's before image (undo) or after image (redo). Steps that are not
about one field (a new highlight, a merge of entities) keep their plain label.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from ..core.edits import Edit, RowChange
from ..core.messages import N_, Message, Recorded, joined

SHOWN = 40  # characters of a value shown in a menu

# (table, column) -> the field's name; columns not listed (timestamps, derived data) are not the field
FIELDS: dict[tuple[str, str], str] = {
    ("annotations", "note"): "note",
    ("annotations", "color"): "colour",
    ("claims", "statement"): "wording",
    ("claims", "explanation"): "explanation",
    ("claims", "verdict"): "verdict",
    ("claims", "kind"): "kind",
    ("claims", "attribution_text"): "attribution",
    ("claims", "attribution_entity_id"): "attribution",
    ("entities", "description"): "description",
    ("clusters", "label"): "label",
}


def _shown(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return N_("empty")
    return f"“{value if len(value) <= SHOWN else value[: SHOWN - 1] + '…'}”"


def _row_value(change: RowChange, side: str, entity_name: Callable[[str], str | None]) -> str | None:
    """The one field ``change`` edits, as it is on ``side`` ("before" or "after"); None if not one field."""
    before, after = change.before, change.after
    if change.table == "article_corrections":
        row = before if side == "before" else after
        if row is None:
            return N_("the imported value")
        value = json.loads(row["value"])
        return _shown(", ".join(value) if isinstance(value, list) else str(value or ""))
    if before is None or after is None:
        return None
    fields = {FIELDS.get((change.table, k)) for k in after if before.get(k) != after.get(k)}
    fields.discard(None)
    if len(fields) != 1:
        return None
    row = before if side == "before" else after
    if fields == {"attribution"}:
        entity = row.get("attribution_entity_id")
        return _shown((entity_name(entity) if entity else None) or row.get("attribution_text") or "")
    column = next(k for k in after if FIELDS.get((change.table, k)) in fields and before.get(k) != after.get(k))
    current: Any = row.get(column)
    return N_("none") if current is None else _shown(str(current))


def _tags(edit: Edit, side: str) -> str | None:
    """For an edit that only adds and removes tags: what undo (side "before") or redo puts back."""
    if not edit.changes or any(c.table != "annotation_tags" for c in edit.changes):
        return None
    present = [c.key[1] for c in edit.changes if (c.before if side == "before" else c.after) is not None]
    gone = [c.key[1] for c in edit.changes if (c.before if side == "before" else c.after) is None]
    parts: list[str] = []
    if gone:
        parts.append(Message("takes off {tags}", tags=", ".join(_shown(t) for t in gone)))
    if present:
        parts.append(Message("puts back {tags}" if side == "before" else "adds {tags}",
                             tags=", ".join(_shown(t) for t in present)))
    return joined("; ", parts) if parts else None


def describe(edit: Edit, side: str, entity_name: Callable[[str], str | None] = lambda _id: None) -> str:
    """The menu text of a history step: ``side`` "before" for undo (what it restores), "after" for redo."""
    label = Recorded(edit.label)  # stored in English; the interface translates it by its template
    tags = _tags(edit, side)
    if tags:
        return Message("{label} — {change}", label=label, change=tags)
    if len(edit.changes) == 1:
        value = _row_value(edit.changes[0], side, entity_name)
        if side == "before" and value is not None:
            return Message("{label} — back to {value}", label=label, value=value)
        if value is not None and value.strip("“”") not in edit.label:  # "Set verdict to false" says it already
            return Message("{label} — to {value}", label=label, value=value)
    return label
