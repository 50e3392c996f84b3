"""Owns the reads behind the editor's builders (``services/editing.py``): the rows hanging off an
annotation, a claim or an entity, which an edit must delete or move with it."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def mention_entities(db: Database, annotation_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT entity_id FROM mentions WHERE annotation_id = ? ORDER BY entity_id", [annotation_id])]


def annotation_tags(db: Database, annotation_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT tag FROM annotation_tags WHERE annotation_id = ? ORDER BY tag", [annotation_id])]


def claim_clusters(db: Database, claim_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT cluster_id FROM cluster_members WHERE claim_id = ? ORDER BY cluster_id", [claim_id])]


def claim_relations(db: Database, claim_id: str) -> list[str]:
    """Ids of the relations from or to ``claim_id``."""
    return [r[0] for r in db.execute(
        "SELECT id FROM claim_relations WHERE source_claim_id = ? OR target_claim_id = ? ORDER BY id",
        [claim_id, claim_id])]


def tagged(db: Database, tag: str) -> list[tuple[str, int]]:
    """(annotation id, article id) of every annotation with ``tag``."""
    return [(r[0], r[1]) for r in db.execute(
        """SELECT t.annotation_id, a.article_id FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id
           WHERE t.tag = ? ORDER BY t.annotation_id""", [tag])]


def tag_exists(db: Database, tag: str) -> bool:
    return db.execute("SELECT 1 FROM annotation_tags WHERE tag = ? LIMIT 1", [tag]).fetchone() is not None


def entity_articles(db: Database, entity_id: str) -> tuple[int, ...]:
    """The articles with a mention of ``entity_id``."""
    return tuple(r[0] for r in db.execute(
        """SELECT DISTINCT a.article_id FROM mentions m JOIN annotations a ON a.id = m.annotation_id
           WHERE m.entity_id = ? ORDER BY 1""", [entity_id]))


def attributed_claims(db: Database, entity_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT id FROM claims WHERE attribution_entity_id = ? ORDER BY id", [entity_id])]


def suggestion_rejections(db: Database, entity_id: str) -> list[tuple[Any, ...]]:
    """Keys (entity, article, start, end) of the rejected mention suggestions of ``entity_id``."""
    return [tuple(r) for r in db.execute(
        'SELECT entity_id, article_id, start, "end" FROM suggestion_rejections WHERE entity_id = ?', [entity_id])]


def annotation_at(db: Database, article_id: int, start: int, end: int) -> str | None:
    """The earliest annotation covering exactly ``start``–``end`` of the article, if any."""
    row = db.execute(
        'SELECT id FROM annotations WHERE article_id = ? AND start = ? AND "end" = ? ORDER BY created LIMIT 1',
        [article_id, start, end]).fetchone()
    return row[0] if row else None
