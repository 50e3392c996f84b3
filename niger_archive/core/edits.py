"""Owns user edits as data: row changes with before/after images, apply/revert, merge, serialisation.

Every mutation a user makes (annotations, tags, notes, colours, claims, clusters, entities, mentions,
suggestions, metadata corrections) is an :class:`Edit`: an ordered list of :class:`RowChange` with the
whole row before and after. Applying writes the "after" images in order; reverting writes the "before"
images in reverse order. Before writing, each row is checked against the image the edit expects, so an
edit never silently overwrites a state it was not made for. The store supplies the row access
(:class:`RowAccess`); this module stays free of SQL and Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import InvalidEdit
from .models import Change

# Tables an edit may touch, with their primary-key columns (the whitelist the store enforces too).
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "annotations": ("id",),
    "annotation_tags": ("annotation_id", "tag"),
    "entities": ("id",),
    "mentions": ("annotation_id", "entity_id"),
    "claims": ("id",),
    "clusters": ("id",),
    "cluster_members": ("cluster_id", "claim_id"),
    "claim_relations": ("id",),
    "suggestion_rejections": ("entity_id", "article_id", "start", "end"),
    "palette": ("name",),
    "article_corrections": ("article_id", "field"),
    "article_copies": ("article_id", "copy_of"),
}

# Edit kinds whose consecutive edits of the same target merge into one undo step (typing into one field:
# a note, tags, a claim's wording, explanation or attribution, one metadata field of an article).
MERGEABLE_KINDS = frozenset({"annotation.note", "annotation.tags", "claim.statement", "claim.explanation",
                             "claim.attribution", "entity.description", "article.correct"})


class RowAccess(Protocol):
    def get_row(self, table: str, key: tuple) -> dict[str, Any] | None: ...
    def put_row(self, table: str, key: tuple, row: dict[str, Any]) -> None: ...
    def delete_row(self, table: str, key: tuple) -> None: ...


class EditConflict(InvalidEdit):
    """The archive no longer holds the state an edit expects (it changed in between)."""


@dataclass(frozen=True)
class RowChange:
    table: str
    key: tuple
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def __post_init__(self) -> None:
        if self.table not in TABLE_KEYS:
            raise InvalidEdit(f"edits cannot touch table {self.table!r}")
        if len(self.key) != len(TABLE_KEYS[self.table]):
            raise InvalidEdit(f"bad key {self.key!r} for table {self.table!r}")

    def inverse(self) -> "RowChange":
        return RowChange(self.table, self.key, self.after, self.before)

    def to_json(self) -> list:
        return [self.table, list(self.key), self.before, self.after]

    @classmethod
    def from_json(cls, data: list) -> "RowChange":
        table, key, before, after = data
        return cls(table, tuple(key), before, after)


def _write(rows: RowAccess, change: RowChange) -> None:
    current = rows.get_row(change.table, change.key)
    if current != change.before:
        raise EditConflict(
            f"the archive changed since this edit was made ({change.table} {change.key!r}); "
            "it was not applied"
        )
    if change.after is None:
        rows.delete_row(change.table, change.key)
    else:
        rows.put_row(change.table, change.key, change.after)


@dataclass
class Edit:
    """One user action as an undoable unit."""

    label: str
    changes: list[RowChange]
    kind: str = ""
    target: str = ""
    articles: tuple[int, ...] = ()  # articles whose search document changes
    extra: Change = field(default_factory=Change)  # what else views should refresh

    def apply(self, rows: RowAccess) -> Change:
        for change in self.changes:
            _write(rows, change)
        return self.change()

    def revert(self, rows: RowAccess) -> Change:
        for change in reversed(self.changes):
            _write(rows, change.inverse())
        return self.change()

    def inverse(self) -> "Edit":
        return Edit(
            f"Undo {self.label}",
            [c.inverse() for c in reversed(self.changes)],
            self.kind,
            self.target,
            self.articles,
            self.extra,
        )

    def is_empty(self) -> bool:
        return all(c.before == c.after for c in self.changes)

    def change(self) -> Change:
        out = Change(articles=set(self.articles)).merge(self.extra)
        for c in self.changes:
            row = c.after or c.before or {}
            if c.table in ("annotations",):
                out.annotations.add(c.key[0])
            elif c.table in ("annotation_tags", "mentions"):
                out.annotations.add(c.key[0])
                if c.table == "annotation_tags":
                    out.tags.add(c.key[1])
                else:
                    out.entities.add(c.key[1])
            elif c.table == "claims":
                out.claims.add(c.key[0])
                out.annotations.add(row.get("annotation_id", ""))
            elif c.table == "cluster_members":
                out.clusters.add(c.key[0])
                out.claims.add(c.key[1])
            elif c.table == "clusters":
                out.clusters.add(c.key[0])
            elif c.table == "claim_relations":
                out.claims.update({row.get("source_claim_id", ""), row.get("target_claim_id", "")})
            elif c.table in ("entities", "suggestion_rejections"):
                out.entities.add(c.key[0])
            elif c.table == "article_corrections":
                out.articles.add(c.key[0])
            elif c.table == "article_copies":
                out.articles.update(c.key)
        out.annotations.discard("")
        out.claims.discard("")
        return out

    def can_merge(self, later: "Edit") -> bool:
        return self.kind in MERGEABLE_KINDS and later.kind == self.kind and later.target == self.target

    def merged(self, later: "Edit") -> "Edit":
        """One edit doing what ``self`` then ``later`` do: first before-image, last after-image per row."""
        order: list[tuple[str, tuple]] = []
        first: dict[tuple[str, tuple], RowChange] = {}
        last: dict[tuple[str, tuple], RowChange] = {}
        for c in self.changes + later.changes:
            k = (c.table, c.key)
            if k not in first:
                first[k] = c
                order.append(k)
            last[k] = c
        changes = [RowChange(t, key, first[(t, key)].before, last[(t, key)].after) for t, key in order]
        return Edit(
            later.label,
            [c for c in changes if c.before != c.after],
            self.kind,
            self.target,
            tuple(sorted(set(self.articles) | set(later.articles))),
            Change().merge(self.extra).merge(later.extra),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "target": self.target,
            "articles": list(self.articles),
            "changes": [c.to_json() for c in self.changes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Edit":
        return cls(
            data["label"],
            [RowChange.from_json(c) for c in data["changes"]],
            data.get("kind", ""),
            data.get("target", ""),
            tuple(data.get("articles", ())),
        )
