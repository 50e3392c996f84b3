"""Owns the version chains of articles: reading a lineage, placing a new capture in it, splitting one off.

An article's versions form one chain through ``articles.version_of`` (the next older capture) and
``articles.superseded_by`` (the next newer one); the article with no ``superseded_by`` is current.
Which capture goes where is decided by ``core.publications``; this module only writes the links.
Callers own transactions.
"""

from __future__ import annotations

from sqlite_utils import Database


def lineage(db: Database, article_id: int) -> list[int]:
    """The ids of ``article_id``'s lineage, oldest first (just ``[article_id]`` without versions)."""
    older: list[int] = []
    seen = {article_id}
    current = article_id
    while True:
        row = db.execute("SELECT version_of FROM articles WHERE id = ?", [current]).fetchone()
        if row is None or row[0] is None or row[0] in seen:
            break
        current = row[0]
        seen.add(current)
        older.append(current)
    newer: list[int] = []
    current = article_id
    while True:
        row = db.execute("SELECT superseded_by FROM articles WHERE id = ?", [current]).fetchone()
        if row is None or row[0] is None or row[0] in seen:
            break
        current = row[0]
        seen.add(current)
        newer.append(current)
    return list(reversed(older)) + [article_id] + newer


def place_before(db: Database, article_id: int, newer: int) -> None:
    """Put ``article_id`` (just inserted, unlinked) into ``newer``'s lineage right before it: an
    older capture that arrived later. ``newer`` and everything after it stay as they are."""
    row = db.execute("SELECT version_of FROM articles WHERE id = ?", [newer]).fetchone()
    older = row[0] if row else None
    db.execute("UPDATE articles SET version_of = ?, superseded_by = ? WHERE id = ?", [older, newer, article_id])
    db.execute("UPDATE articles SET version_of = ? WHERE id = ?", [article_id, newer])
    if older is not None:
        db.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [article_id, older])


def detach(db: Database, article_id: int) -> None:
    """Take ``article_id`` out of its lineage, joining its neighbours to each other; it becomes an
    article of its own (current)."""
    older, newer = db.execute("SELECT version_of, superseded_by FROM articles WHERE id = ?", [article_id]).fetchone()
    if older is not None:
        db.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [newer, older])
    if newer is not None:
        db.execute("UPDATE articles SET version_of = ? WHERE id = ?", [older, newer])
    db.execute("UPDATE articles SET version_of = NULL, superseded_by = NULL WHERE id = ?", [article_id])


def cut_before(db: Database, article_id: int) -> None:
    """Split a lineage in two between ``article_id`` and its older neighbour: the older part gets
    its own current version again."""
    row = db.execute("SELECT version_of FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None or row[0] is None:
        return
    db.execute("UPDATE articles SET superseded_by = NULL WHERE id = ?", [row[0]])
    db.execute("UPDATE articles SET version_of = NULL WHERE id = ?", [article_id])


def source_paths(db: Database, ids: list[int]) -> dict[int, str | None]:
    """The path each article was imported from (as given to the import)."""
    if not ids:
        return {}
    return dict(db.execute(f"SELECT id, source_path FROM articles WHERE id IN ({','.join('?' * len(ids))})",
                           list(ids)).fetchall())
