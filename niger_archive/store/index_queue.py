"""Owns the ``index_queue`` table: articles whose search documents are stale, recorded in the same
transaction as the edit that made them stale (docs/architecture.md, rule 2)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database


def enqueue(db: Database, article_ids: Iterable[int]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO index_queue (article_id) VALUES (?)", [(i,) for i in article_ids])


def queued(db: Database) -> list[int]:
    return [int(r[0]) for r in db.execute("SELECT article_id FROM index_queue ORDER BY 1").fetchall()]


def dequeue(db: Database, article_ids: list[int]) -> None:
    db.conn.executemany("DELETE FROM index_queue WHERE article_id = ?", [(i,) for i in article_ids])


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM index_queue").fetchone()[0])
