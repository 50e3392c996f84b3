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
from .messages import N_, Message, joined
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

def _with(row: dict[str, Any] | None, source: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any] | None:
    return None if row is None else {**row, **{k: source[k] for k in columns if k in source}}


def _follow_annotation(c: "RowChange", rows: RowAccess, lineage: Lineage, head) -> "RowChange":
    """An annotation row change made on a version since superseded, as it applies to the current one:
    compared and written with the anchor it has now (a re-import moved it), or re-anchored there."""
    image = c.before or c.after
    if image is None:
        return c
    article = image.get("article_id")
    current_article = head(article)
    if current_article == article:
        return c
    current = rows.get_row(c.table, c.key)
    if current is not None and head(current.get("article_id")) == current_article:
        after = _with(c.after, current, ANCHOR_COLUMNS)
        if after is not None and current.get("article_id") != current_article:  # left behind: bring it along
            after = lineage.place(after, current_article)
        return RowChange(c.table, c.key, _with(c.before, current, ANCHOR_COLUMNS + ("modified",)), after)
    after = lineage.place(c.after, current_article) if c.after is not None else None
    return RowChange(c.table, c.key, c.before, after)


def _follow_correction(c: "RowChange", rows: RowAccess, lineage: Lineage, head,
                       present: set[tuple]) -> list["RowChange"]:
    """A metadata correction made on a version since superseded: it acts on the current version (the
    import copied it there), and on each older version still holding the same value. An edit that
    names the current version's row itself (followed before) is taken as it is."""
    article, field_name = c.key
    current_article = head(article)
    if current_article == article or (current_article, field_name) in present:
        return [c]

    def on(version: int) -> RowChange:
        moved = {"article_id": version}
        return RowChange(c.table, (version, field_name), _with(c.before, moved, ("article_id",)),
                         _with(c.after, moved, ("article_id",)))

    out = [on(current_article)]
    for version in lineage.versions(current_article)[:-1]:
        older = on(version)
        if older.key in present and older.key != c.key:
            continue
        if rows.get_row(c.table, older.key) == older.before and older.before != older.after:
            out.append(older)
    return out


# Edit kinds whose consecutive edits of the same target merge into one undo step (typing into one field:
# a note, tags, a claim's wording, explanation or attribution, one metadata field of an article).
MERGEABLE_KINDS = frozenset({"annotation.note", "annotation.tags", "claim.statement", "claim.explanation",
                             "claim.attribution", "entity.description", "article.correct"})


class RowAccess(Protocol):
    def get_row(self, table: str, key: tuple) -> dict[str, Any] | None: ...
    def put_row(self, table: str, key: tuple, row: dict[str, Any]) -> None: ...
    def delete_row(self, table: str, key: tuple) -> None: ...


class Lineage(Protocol):
    """The article versions an edit follows (supplied by the services): a new capture of an article
    supersedes it, and the user's work moves onto the current version."""

    def versions(self, article_id: int) -> list[int]: ...  # the lineage, oldest first; the last is current
    def place(self, row: dict[str, Any], article_id: int) -> dict[str, Any]: ...  # an annotation re-anchored


# Columns of an annotation that belong to where it sits (moved by re-imports and re-anchoring), not to
# what the user made of it; "modified" changes with them.
ANCHOR_COLUMNS = ("article_id", "start", "end", "exact", "prefix", "suffix", "anchor_status", "anchor_score")


class EditConflict(InvalidEdit):
    """The archive no longer holds the state an edit expects (it changed in between)."""


_WHAT = {"annotations": "highlight", "annotation_tags": "tag", "mentions": "entity link", "claims": "claim",
         "clusters": "cluster", "cluster_members": "cluster membership", "claim_relations": "claim relation",
         "entities": "entity", "suggestion_rejections": "rejected suggestion", "palette": "palette colour",
         "article_corrections": "correction", "article_copies": "link between copies"}


def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


# The same in words with their article, translated as a whole where shown ("the highlight" is "le surlignage").
_THE_WHAT = {"annotations": N_("the highlight"), "annotation_tags": N_("the tag"), "mentions": N_("the entity link"),
             "claims": N_("the claim"), "clusters": N_("the cluster"), "cluster_members": N_("the cluster membership"),
             "claim_relations": N_("the claim relation"), "entities": N_("the entity"),
             "suggestion_rejections": N_("the rejected suggestion"), "palette": N_("the palette colour"),
             "article_corrections": N_("the correction"), "article_copies": N_("the link between copies")}


def describe_row(table: str, key: tuple, row: dict[str, Any] | None) -> str:
    """A row in words: the highlight “…”, the claim “…”, the outlet correction of article 3."""
    row = row or {}
    if table == "annotations" and row.get("exact"):
        return Message("the highlight “{quote}”", quote=_shown(row["exact"]))
    if table == "claims" and row.get("statement"):
        return Message("the claim “{quote}”", quote=_shown(row["statement"]))
    if table == "entities" and row.get("name"):
        return Message("the entity “{name}”", name=_shown(row["name"]))
    if table == "palette" and row.get("name"):
        return Message("the palette colour “{name}”", name=_shown(row["name"]))
    if table == "clusters" and row.get("label"):
        return Message("the cluster “{name}”", name=_shown(row["label"]))
    if table == "annotation_tags":
        return Message("the tag “{name}”", name=_shown(key[1]))
    if table == "article_corrections":
        return Message("the {field} correction of article {article_id}", field=N_(str(key[1])), article_id=key[0])
    return _THE_WHAT.get(table) or f"the {table}"


# Columns in words (a column not listed is said by its name)
_FIELD_WORDS = {"article_id": N_("article"), "exact": N_("quote"), "start": N_("position"), "end": N_("position"),
                "attribution_entity_id": N_("attribution"), "attribution_text": N_("attribution"),
                "value": N_("value"), "note": N_("note"), "color": N_("colour"), "statement": N_("statement"),
                "verdict": N_("verdict"), "label": N_("label"), "name": N_("name"), "type": N_("type"),
                "prefix": N_("quote"), "suffix": N_("quote"), "anchor_status": N_("position"),
                "anchor_score": N_("position"), "kind": N_("kind"), "explanation": N_("explanation")}


def conflict_reason(change: "RowChange", current: dict[str, Any] | None) -> str:
    """Why ``change`` cannot be written over ``current``, in words."""
    what = describe_row(change.table, change.key, change.before or change.after or current)
    if current is None:
        return Message("{what} was deleted since", what=what)
    if change.before is None:
        return Message("{what} exists again since", what=what)
    differs = sorted(k for k in set(current) | set(change.before)
                     if k != "modified" and current.get(k) != change.before.get(k))
    fields = list(dict.fromkeys(_FIELD_WORDS.get(k, k.replace("_", " ")) for k in differs)) or [N_("timestamps")]
    return Message("{what} was changed since (its {fields})", what=what, fields=joined(", ", fields))


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
        raise EditConflict(conflict_reason(change, current))
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

    def follow(self, rows: RowAccess, lineage: Lineage) -> tuple["Edit", dict[int, int]]:
        """This edit as it applies now that newer versions of its articles may have arrived: rows of a
        superseded article act on the current version instead, an annotation re-created there is
        re-anchored by ``lineage.place`` (the import's rules), and a correction reaches the versions
        that carry it. Returns the edit to apply and which article went to which current version."""
        moved: dict[int, int] = {}

        def head(article_id: Any) -> Any:
            if not isinstance(article_id, int):
                return article_id
            versions = lineage.versions(article_id)
            current = versions[-1] if versions else article_id
            if current != article_id:
                moved[article_id] = current
            return current

        changes: list[RowChange] = []
        present = {c.key for c in self.changes if c.table == "article_corrections"}  # followed once already
        for c in self.changes:
            if c.table == "annotations":
                changes.append(_follow_annotation(c, rows, lineage, head))
            elif c.table == "article_corrections" and isinstance(c.key[0], int):
                changes.extend(_follow_correction(c, rows, lineage, head, present))
            else:
                changes.append(c)
        if not moved:
            return self, {}
        articles = tuple(sorted({head(a) for a in self.articles}))
        extra = Change().merge(self.extra)
        extra.articles = {head(a) for a in extra.articles}
        return Edit(self.label, changes, self.kind, self.target, articles, extra), moved

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
