"""Owns reviewing and settling conflicts left by bundle imports (keep local or take incoming)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..bundles.records import (
    AnnotationRecord,
    ClaimRecord,
    ClusterRecord,
    EntityRecord,
    annotation_hash,
    claim_hash,
    cluster_hash,
    correction_hash,
    entity_hash,
)
from ..core.edits import Edit, RowChange
from ..core.errors import (
    NigerArchiveError,
    NotFound,
)
from ..core.messages import Message
from ..core.models import Change
from ..store import bundles as bundle_store
from ..store.articles import now_iso
from ..store.rows import SqliteRows

if TYPE_CHECKING:
    from .archive import Archive

from .bundle_merge import place_annotation
from .bundle_versions import Versions
from .bundle_records import (
    LocalRecords,
    _claim_row,
    _entity_row,
)


def list_conflicts(archive: "Archive", *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Conflicts and same-entity proposals stored by bundle imports, oldest first."""
    return bundle_store.conflicts(archive.db, include_resolved=include_resolved)


def _conflict_row(archive: "Archive", conflict_id: int) -> dict[str, Any]:
    for item in list_conflicts(archive, include_resolved=True):
        if item["id"] == conflict_id:
            if item["resolved_at"] is not None:
                raise NigerArchiveError(Message("conflict {conflict_id} was already settled ({resolution})",
                                               conflict_id=conflict_id, resolution=item["resolution"]))
            return item
    raise NotFound(Message("no bundle conflict with id {conflict_id}", conflict_id=conflict_id))


def _incoming_edit(archive: "Archive", item: dict[str, Any]) -> tuple[Edit, str]:
    """The user edit that takes the incoming version of a conflict, and our hash after it."""
    rows = SqliteRows(archive.db)
    kind = item["kind"]
    data = {k: v for k, v in item["incoming"].items() if k != "_version"}
    if data.get("deleted") is True:
        return _deletion_edit(archive, kind, item["record_id"]), None
    if kind == "annotation":
        incoming = AnnotationRecord(**data)
        existing = archive.articles.by_sha256(incoming.article)
        if existing is None:
            raise NotFound("the article of this highlight is no longer in the archive")
        article_id = archive.latest_version(existing)
        placed, score = place_annotation(incoming, archive.articles.text(article_id) or "",
                                         archive.articles.sha256(article_id))
        placed.entity_ids = [e for e in placed.entity_ids if rows.get_row("entities", (e,)) is not None]
        local = LocalRecords(archive).annotation(incoming.id)
        after = {"id": placed.id, "article_id": article_id, "start": placed.start, "end": placed.end,
                 "exact": placed.exact, "prefix": placed.prefix, "suffix": placed.suffix, "color": placed.color,
                 "note": placed.note, "author": placed.author, "created": placed.created,
                 "modified": placed.modified, "anchor_status": placed.anchor_status, "anchor_score": score}
        if placed.color is not None and rows.get_row("palette", (placed.color,)) is None:
            after["color"] = placed.color = None
        changes = [RowChange("annotations", (placed.id,), rows.get_row("annotations", (placed.id,)), after)]
        old_tags, old_entities = (set(local.tags), set(local.entity_ids)) if local else (set(), set())
        changes += [RowChange("annotation_tags", (placed.id, t), {"annotation_id": placed.id, "tag": t}, None)
                    for t in sorted(old_tags - set(placed.tags))]
        changes += [RowChange("annotation_tags", (placed.id, t), None, {"annotation_id": placed.id, "tag": t})
                    for t in placed.tags if t not in old_tags]
        changes += [RowChange("mentions", (placed.id, e), {"annotation_id": placed.id, "entity_id": e}, None)
                    for e in sorted(old_entities - set(placed.entity_ids))]
        changes += [RowChange("mentions", (placed.id, e), None, {"annotation_id": placed.id, "entity_id": e})
                    for e in placed.entity_ids if e not in old_entities]
        articles = {article_id} | ({bundle_store.annotation_article(archive.db, placed.id)} if local else set())
        return Edit("Take the bundle's version of a highlight", changes, "bundle.take", placed.id,
                    tuple(sorted(articles))), annotation_hash(placed)
    if kind == "claim":
        incoming = ClaimRecord(**data)
        if rows.get_row("annotations", (incoming.annotation_id,)) is None:
            raise NotFound("the highlight of this claim is no longer in the archive")
        if incoming.attribution_entity_id and rows.get_row("entities", (incoming.attribution_entity_id,)) is None:
            incoming.attribution_entity_id = None
        other = archive.annotations.claim_id_for_annotation(incoming.annotation_id)
        if other is not None and other != incoming.id:
            raise NigerArchiveError("the highlight carries another claim here; unmark that claim first")
        article = bundle_store.annotation_article(archive.db, incoming.annotation_id)
        change = RowChange("claims", (incoming.id,), rows.get_row("claims", (incoming.id,)), _claim_row(incoming))
        return Edit("Take the bundle's version of a claim", [change], "bundle.take", incoming.id,
                    (article,)), claim_hash(incoming)
    if kind == "entity":
        incoming = EntityRecord(**data)
        change = RowChange("entities", (incoming.id,), rows.get_row("entities", (incoming.id,)), _entity_row(incoming))
        return Edit("Take the bundle's version of an entity", [change], "bundle.take", incoming.id), \
            entity_hash(incoming)
    if kind == "cluster":
        incoming = ClusterRecord(**{**data, "members": [tuple(m) for m in data.get("members", [])]})
        after = {"id": incoming.id, "label": incoming.label, "note": incoming.note, "created": incoming.created,
                 "modified": incoming.modified}
        change = RowChange("clusters", (incoming.id,), rows.get_row("clusters", (incoming.id,)), after)
        return Edit("Take the bundle's version of a cluster", [change], "bundle.take", incoming.id), \
            cluster_hash(incoming)
    if kind == "copy":
        from .copies import decide_link

        a, b = archive.articles.by_sha256(data["article"]), archive.articles.by_sha256(data["copy_of"])
        if a is None or b is None:
            raise NotFound("one of the two articles of this copy decision is no longer in the archive")
        return decide_link(archive, a, b, data["status"] == "accepted"), None
    if kind == "correction":
        existing = archive.articles.by_sha256(data["article"])
        if existing is None:
            raise NotFound("the article of this correction is no longer in the archive")
        article_id = archive.latest_version(existing)
        key = (article_id, data["field"])
        after = {"article_id": article_id, "field": data["field"],
                 "value": json.dumps(data["value"], ensure_ascii=False), "corrected_at": now_iso()}
        change = RowChange("article_corrections", key, rows.get_row("article_corrections", key), after)
        return Edit(f"Take the bundle's {data['field']}", [change], "bundle.take", f"{article_id}:{data['field']}",
                    (article_id,)), correction_hash(data["value"])
    raise NigerArchiveError(f"conflicts of kind {kind!r} cannot take the incoming version")


def _deletion_edit(archive: "Archive", kind: str, record_id: str) -> Edit:
    """The user edit that takes a bundle's deletion of a record."""
    editor = archive.editor
    if kind == "annotation":
        return editor.delete_annotation(record_id)
    if kind == "claim":
        return editor.unmark_claim(record_id)
    if kind == "entity":
        return editor.delete_entity(record_id)
    if kind == "cluster":
        return editor.delete_cluster(record_id)
    if kind == "member":
        cluster_id, _, claim_id = record_id.partition("/")
        return editor.remove_from_cluster(cluster_id, claim_id)
    if kind == "relation":
        return editor.unrelate(record_id)
    raise NigerArchiveError(f"a deleted {kind} cannot be taken from a bundle; keep ours instead")


def _local_hash(archive: "Archive", kind: str, record_id: str) -> str | None:
    local = LocalRecords(archive)
    if kind == "annotation":
        r = local.annotation(record_id)
        return annotation_hash(r) if r else None
    if kind == "claim":
        r = local.claim(record_id)
        return claim_hash(r) if r else None
    if kind == "entity":
        r = local.entity(record_id)
        return entity_hash(r) if r else None
    if kind == "cluster":
        r = local.cluster(record_id)
        return cluster_hash(r) if r else None
    if kind == "correction":
        sha, _, name = record_id.partition("/")
        existing = archive.articles.by_sha256(sha)
        if existing is None:
            return None
        found, value = archive.articles.correction(archive.latest_version(existing), name)
        return correction_hash(value) if found else None
    return None


def resolve_conflict(archive: "Archive", conflict_id: int, keep: str) -> Change:
    """Settle a stored conflict: ``keep="local"`` keeps ours (the bundle's version is not offered again),
    ``keep="incoming"`` takes the bundle's version as an undoable edit. For a same-entity proposal,
    ``incoming`` merges the bundle's entity into ours and ``local`` keeps both."""
    if keep not in ("local", "incoming"):
        raise NigerArchiveError("keep must be 'local' or 'incoming'")
    item = _conflict_row(archive, conflict_id)
    kind, record_id = item["kind"], item["record_id"]
    change = Change()
    incoming_vv = item["incoming"].get("_version") if isinstance(item["incoming"], dict) else None
    incoming_hash = None if str(item["bundle_hash"]).startswith("deleted:") else item["bundle_hash"]
    with archive.writing():
        versions = Versions(archive)
        if kind == "same_entity":
            if keep == "incoming":
                change = archive.apply(archive.editor.merge_entities(item["incoming"]["local_id"], record_id))
            resolution = "merged" if keep == "incoming" else "kept_both"
        elif keep == "incoming":
            edit, _ = _incoming_edit(archive, item)
            change = archive.apply(edit)
            versions.settle(kind, record_id, incoming_vv, LocalRecords(archive).current_hash(kind, record_id),
                            incoming_hash)
            resolution = "took_incoming"
        else:
            versions.settle(kind, record_id, incoming_vv, LocalRecords(archive).current_hash(kind, record_id),
                            incoming_hash)
            resolution = "kept_local"
        bundle_store.settle_conflict(archive.db, conflict_id, now_iso(), resolution)
    archive.flush_index()
    return change
