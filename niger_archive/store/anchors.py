"""Owns the writes that move annotations onto a new version of their article (re-anchoring,
``services/reanchoring.py`` decides where each lands)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def anchor_rows(db: Database, article_id: int) -> list[tuple[Any, ...]]:
    """(id, start, end, exact, prefix, suffix) of every annotation of ``article_id``."""
    return [tuple(r) for r in db.execute(
        'SELECT id, start, "end", exact, prefix, suffix FROM annotations WHERE article_id = ? ORDER BY id',
        [article_id])]


def set_orphan(db: Database, annotation_id: str, article_id: int) -> None:
    """Put the annotation on ``article_id`` without a place (its quote is kept)."""
    db.execute(
        """UPDATE annotations SET article_id = ?, start = NULL, "end" = NULL, anchor_status = 'orphan',
           anchor_score = 0 WHERE id = ?""", [article_id, annotation_id])


def set_place(db: Database, annotation_id: str, article_id: int, at: dict[str, Any], modified: str | None) -> None:
    """Put the annotation on ``article_id`` at ``at`` (start, end, exact, prefix, suffix, anchor_status,
    anchor_score); ``modified``, when given, becomes its modification time."""
    db.execute(
        """UPDATE annotations SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
           anchor_status = ?, anchor_score = ?, modified = CASE WHEN ? THEN ? ELSE modified END WHERE id = ?""",
        [article_id, at["start"], at["end"], at["exact"], at["prefix"], at["suffix"], at["anchor_status"],
         at["anchor_score"], int(modified is not None), modified, annotation_id])
