"""Owns the queries of bundle exchange (``services/bundle_*.py`` decide what to send and how to
merge): the records as a bundle carries them, and the ``bundle_conflicts`` table of conflicts and
same-entity proposals waiting for the user."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


def _row(cursor: Any) -> dict[str, Any] | None:
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row)) if row else None


# --- records -------------------------------------------------------------------------------------

def claim_row(db: Database, claim_id: str) -> dict[str, Any] | None:
    return _row(db.execute("SELECT * FROM claims WHERE id = ?", [claim_id]))


def claim_annotations(db: Database) -> list[tuple[str, str]]:
    """(claim id, annotation id) of every claim."""
    return [(r[0], r[1]) for r in db.execute("SELECT id, annotation_id FROM claims")]


def cluster_members(db: Database, cluster_id: str) -> list[tuple[str, str]]:
    """(claim id, when added) of the members of a cluster, in the order they were added."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT claim_id, added FROM cluster_members WHERE cluster_id = ? ORDER BY added, claim_id", [cluster_id])]


def member_added(db: Database, cluster_id: str, claim_id: str) -> str | None:
    """When the claim was added to the cluster, or None when it is not a member."""
    row = db.execute("SELECT added FROM cluster_members WHERE cluster_id = ? AND claim_id = ?",
                     [cluster_id, claim_id]).fetchone()
    return row[0] if row else None


def relation_row(db: Database, relation_id: str) -> tuple[Any, ...] | None:
    """(id, source claim, target claim, relation, created) of a claim relation."""
    row = db.execute(
        "SELECT id, source_claim_id, target_claim_id, relation, created FROM claim_relations WHERE id = ?",
        [relation_id]).fetchone()
    return tuple(row) if row else None


def corrections(db: Database, article_id: int) -> dict[str, Any]:
    """The metadata corrections of an article, by field."""
    return {f: json.loads(v) for f, v in db.execute(
        "SELECT field, value FROM article_corrections WHERE article_id = ? ORDER BY field", [article_id])}


def article_source(db: Database, article_id: int) -> tuple[Any, Any, Any]:
    """(source name, source format, encoding) of an article."""
    row = db.execute("SELECT source_name, source_format, encoding FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0], row[1], row[2]


def articles_imported_after(db: Database, when: str) -> set[str]:
    """The digests of the articles imported after ``when``."""
    return {r[0] for r in db.execute("SELECT sha256 FROM articles WHERE imported_at > ?", [when])}


def highlight_colors(db: Database) -> list[str]:
    """Every colour name carried by a highlight, sorted."""
    return [r[0] for r in db.execute("SELECT DISTINCT color FROM annotations WHERE color IS NOT NULL ORDER BY 1")]


def entity_exists(db: Database, entity_id: str) -> bool:
    return db.execute("SELECT 1 FROM entities WHERE id = ?", [entity_id]).fetchone() is not None


def annotation_article(db: Database, annotation_id: str) -> int | None:
    """The article an annotation is on, or None when there is no such annotation."""
    row = db.execute("SELECT article_id FROM annotations WHERE id = ?", [annotation_id]).fetchone()
    return row[0] if row else None


def cluster_claims(db: Database, cluster_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT claim_id FROM cluster_members WHERE cluster_id = ?", [cluster_id])]


# --- conflicts -----------------------------------------------------------------------------------

def conflict_state(db: Database, kind: str, record_id: str, bundle_hash: str) -> tuple[int, str | None] | None:
    """(id, resolved at) of the conflict stored for this version of a record, if one is."""
    row = db.execute(
        "SELECT id, resolved_at FROM bundle_conflicts WHERE kind = ? AND record_id = ? AND bundle_hash = ?",
        [kind, record_id, bundle_hash]).fetchone()
    return (row[0], row[1]) if row else None


def add_conflict(db: Database, kind: str, record_id: str, bundle_hash: str, incoming: dict[str, Any],
                 local: Any, reason: str, bundle_name: str, detected_at: str, *, unless_stored: bool = False) -> None:
    """Store a conflict (or a same-entity proposal); ``local`` None when there is no local record.
    With ``unless_stored`` one already stored for the same record and hash is kept as it is."""
    verb = "INSERT OR IGNORE" if unless_stored else "INSERT"
    db.execute(
        f"""{verb} INTO bundle_conflicts (kind, record_id, bundle_hash, incoming, local, reason, bundle_name,
           detected_at) VALUES (?,?,?,?,?,?,?,?)""",
        [kind, record_id, bundle_hash, json.dumps(incoming, ensure_ascii=False),
         None if local is None else json.dumps(local, ensure_ascii=False), reason, bundle_name, detected_at])


def conflicts(db: Database, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Stored conflicts, oldest first, their ``incoming`` and ``local`` records decoded."""
    sql = "SELECT * FROM bundle_conflicts" + ("" if include_resolved else " WHERE resolved_at IS NULL")
    cursor = db.execute(sql + " ORDER BY id")
    cols = [c[0] for c in cursor.description]
    out = []
    for row in cursor.fetchall():
        item = dict(zip(cols, row))
        item["incoming"] = json.loads(item["incoming"])
        item["local"] = json.loads(item["local"]) if item["local"] is not None else None
        out.append(item)
    return out


def settle_conflict(db: Database, conflict_id: int, resolved_at: str, resolution: str) -> None:
    db.execute("UPDATE bundle_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
               [resolved_at, resolution, conflict_id])
