"""Owns the reads ``check`` needs (``services/integrity.py`` decides what is a problem) and the one
write of its repair that is not an edit: copying a correction onto the current version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database


def integrity_check(db: Database) -> str:
    """SQLite's own verdict on the file: "ok", or what is damaged."""
    return "; ".join(r[0] for r in db.execute("PRAGMA integrity_check").fetchall())


def foreign_key_breaks(db: Database) -> list[tuple[Any, ...]]:
    """One row per broken reference: (table, rowid, parent table, constraint index)."""
    return [tuple(r) for r in db.execute("PRAGMA foreign_key_check").fetchall()]


def stored_articles(db: Database) -> Iterator[tuple[int, str, Any, Any, str | None]]:
    """(id, sha256, packed text, packed offset map, source format) of every article, in id order."""
    for row in db.execute("SELECT id, sha256, text, offset_map, source_format FROM articles ORDER BY id"):
        yield row[0], row[1], row[2], row[3], row[4]


def placed_annotations(db: Database) -> Iterator[tuple[Any, ...]]:
    """(id, article id, start, end, exact, prefix, suffix, packed article text) of every annotation
    with a place, grouped by article."""
    yield from db.execute(
        'SELECT a.id, a.article_id, a.start, a."end", a.exact, a.prefix, a.suffix, t.text '
        "FROM annotations a JOIN articles t ON t.id = a.article_id "
        "WHERE a.anchor_status != 'orphan' ORDER BY a.article_id, a.id")


def annotations_on_superseded(db: Database) -> list[tuple[Any, ...]]:
    """(id, article id, start, end, exact, prefix, suffix) of the annotations on superseded versions."""
    return [tuple(r) for r in db.execute(
        'SELECT a.id, a.article_id, a.start, a."end", a.exact, a.prefix, a.suffix FROM annotations a '
        "JOIN articles t ON t.id = a.article_id WHERE t.superseded_by IS NOT NULL ORDER BY a.article_id, a.id")]


def corrections_on_superseded(db: Database) -> list[tuple[int, str]]:
    """(article id, field) of the corrections on superseded versions."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT c.article_id, c.field FROM article_corrections c JOIN articles t ON t.id = c.article_id "
        "WHERE t.superseded_by IS NOT NULL ORDER BY 1, 2")]


def has_correction(db: Database, article_id: int, field: str) -> bool:
    return db.execute("SELECT 1 FROM article_corrections WHERE article_id = ? AND field = ?",
                      [article_id, field]).fetchone() is not None


def copy_correction(db: Database, source: int, target: int, field: str) -> None:
    """Copy the correction of ``field`` from article ``source`` to ``target`` (unless it has one)."""
    db.execute(
        "INSERT OR IGNORE INTO article_corrections (article_id, field, value, corrected_at) "
        "SELECT ?, field, value, corrected_at FROM article_corrections WHERE article_id = ? AND field = ?",
        [target, source, field])


def article_digests(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT sha256 FROM articles")}


def annotation_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM annotations").fetchone()[0])


def claim_count(db: Database, annotation_ids: list[str]) -> int:
    """How many of ``annotation_ids`` carry a claim."""
    count = 0
    for start in range(0, len(annotation_ids), 500):
        chunk = annotation_ids[start:start + 500]
        count += db.execute(
            f"SELECT count(*) FROM claims WHERE annotation_id IN ({','.join('?' * len(chunk))})", chunk).fetchone()[0]
    return count
