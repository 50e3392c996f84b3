"""Owns the links between articles that carry one story (``article_copies``): copies and suggestions.

A link joins two articles, each its own publication; it never hides either (versions do that,
``store/lineage.py``). Links are written by the import (``linked`` or ``suggested``) and changed by
the user through edits (``accepted``, ``rejected``): an import never overwrites a user's decision.
Callers own transactions.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from ..core.publications import CopyLink
from .articles import _chunks, now_iso

_COLUMNS = "article_id, copy_of, status, similarity, reason, created_at"


def _link(row) -> CopyLink:
    return CopyLink(row[0], row[1], row[2], float(row[3]), row[4], row[5])


class CopyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, article_id: int, copy_of: int, status: str, similarity: float, reason: str) -> bool:
        """Record a link unless the pair is linked already (either way round); True if added."""
        if article_id == copy_of or self.get(article_id, copy_of) or self.get(copy_of, article_id):
            return False
        self.db.execute(
            f"INSERT INTO article_copies ({_COLUMNS}) VALUES (?,?,?,?,?,?)",
            [article_id, copy_of, status, round(float(similarity), 4), reason, now_iso()],
        )
        return True

    def get(self, article_id: int, copy_of: int) -> CopyLink | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM article_copies WHERE article_id = ? AND copy_of = ?",
                              [article_id, copy_of]).fetchone()
        return _link(row) if row else None

    def between(self, a: int, b: int) -> CopyLink | None:
        return self.get(a, b) or self.get(b, a)

    def of(self, ids: list[int]) -> list[CopyLink]:
        """Every link with one end among ``ids``."""
        out: dict[tuple[int, int], CopyLink] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_COLUMNS} FROM article_copies WHERE article_id IN ({marks}) OR copy_of IN ({marks}) "
                "ORDER BY created_at, article_id, copy_of", chunk + chunk
            ).fetchall():
                link = _link(row)
                out[(link.article_id, link.copy_of)] = link
        return list(out.values())

    def all(self) -> list[CopyLink]:
        return [_link(r) for r in self.db.execute(
            f"SELECT {_COLUMNS} FROM article_copies ORDER BY article_id, copy_of").fetchall()]


CREATE_TABLE = """
    CREATE TABLE article_copies (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the copy (archived later)
        copy_of INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,     -- the article it copies
        status TEXT NOT NULL,                 -- linked | suggested | accepted | rejected
        similarity REAL NOT NULL,             -- shingle Jaccard of the two clean texts
        reason TEXT NOT NULL,                 -- why, in words (the rule's reason)
        created_at TEXT NOT NULL,
        PRIMARY KEY (article_id, copy_of)
    )
"""


def _capture(db: Database, article_id: int):
    from ..core.publications import Capture

    row = db.execute(
        "SELECT url, outlet, title, author, published, updated, imported_at, source_path, title_derived "
        "FROM articles WHERE id = ?", [article_id]).fetchone()
    fields = dict(zip(("url", "outlet", "title", "author", "published", "updated"), row[:6]))
    for field, value in db.execute("SELECT field, value FROM article_corrections WHERE article_id = ?",
                                   [article_id]).fetchall():
        if field in fields:
            fields[field] = json.loads(value)
    derived = bool(row[8]) and "title" not in {
        r[0] for r in db.execute("SELECT field FROM article_corrections WHERE article_id = ?", [article_id])}
    return Capture(**fields, imported_at=row[6], source_path=row[7], title_derived=derived)


def split_folded_copies(db: Database) -> list[str]:
    """Repair lineages that joined copies of one story as if they were versions (the rule before
    ``0006_copies_not_versions`` compared only the texts): every link of a chain is decided again by
    ``core.publications``; where the rule does not say "version", the chain is cut there, the two
    parts become articles of their own, linked as copies (or as a suggestion), and

    - each annotation goes back to the part whose article was current when it was made (its
      ``created`` time against the articles' import times), re-anchored on that article's text;
    - corrections the newer part only inherited from the older one (same field, value and time)
      are removed from it.

    Returns one line per cut, for the log."""
    from ..core import shingles as sh
    from ..core import publications as pub
    from .lineage import cut_before, lineage
    from .packing import unpack_text

    def text(article_id: int) -> str:
        return unpack_text(db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0])

    done: list[str] = []
    chained = [r[0] for r in db.execute(
        "SELECT id FROM articles WHERE version_of IS NULL AND superseded_by IS NOT NULL ORDER BY id").fetchall()]
    copies = CopyStore(db)
    for first in chained:
        chain = lineage(db, first)
        cuts: list[int] = []
        for older, newer in zip(chain, chain[1:]):
            similarity = sh.jaccard(sh.shingles(text(newer)), sh.shingles(text(older)))
            decision = pub.decide(_capture(db, newer), _capture(db, older), similarity)
            if decision.kind == pub.VERSION:
                continue
            cuts.append(newer)
            if decision.kind != pub.SEPARATE:
                status = pub.SUGGESTED if decision.kind == pub.SUGGEST else pub.LINKED
                copies.add(newer, older, status, similarity, decision.reason)
            done.append(f"article {newer} was a copy of article {older}, not a version ({decision.reason}): split")
        if not cuts:
            continue
        for newer in cuts:
            cut_before(db, newer)
        parts = [lineage(db, first)]
        while parts[-1][-1] != chain[-1]:
            parts.append(lineage(db, chain[chain.index(parts[-1][-1]) + 1]))
        parts = _rejoin_versions(db, parts, text, done)
        _return_annotations(db, chain, parts, text)
        _drop_inherited_corrections(db, parts)
        for part in parts:
            db.execute("INSERT OR IGNORE INTO index_queue (article_id) VALUES (?)", [part[-1]])
    return done


def _rejoin_versions(db: Database, parts: list[list[int]], text, done: list[str]) -> list[list[int]]:
    """A part that re-captures an earlier part (A, copy B, A again) continues that part's lineage."""
    from ..core import shingles as sh
    from ..core import publications as pub

    kept: list[list[int]] = []
    for part in parts:
        first = part[0]
        home = None
        for earlier in kept:
            last = earlier[-1]
            similarity = sh.jaccard(sh.shingles(text(first)), sh.shingles(text(last)))
            if pub.decide(_capture(db, first), _capture(db, last), similarity).kind == pub.VERSION:
                home = earlier
                break
        if home is None:
            kept.append(list(part))
            continue
        db.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [first, home[-1]])
        db.execute("UPDATE articles SET version_of = ? WHERE id = ?", [home[-1], first])
        done.append(f"article {first} is a new version of article {home[-1]} again")
        home.extend(part)
    return kept


def _return_annotations(db: Database, chain: list[int], parts: list[list[int]], text) -> None:
    from ..core.anchoring import TextPositionSelector, TextQuoteSelector, anchor, make_selectors
    from ..core.publications import parse_moment

    imported = {i: parse_moment(db.execute("SELECT imported_at FROM articles WHERE id = ?", [i]).fetchone()[0])
                for i in chain}
    head_of = {member: part[-1] for part in parts for member in part}
    rows = db.execute(
        f'SELECT id, article_id, start, "end", exact, prefix, suffix, created FROM annotations '
        f"WHERE article_id IN ({','.join('?' * len(chain))}) ORDER BY id", chain).fetchall()
    for ann_id, article_id, start, end, exact, prefix, suffix, created in rows:
        made = parse_moment(created)
        made_on = article_id
        if made is not None:  # the article current when it was made: the last one imported by then
            earlier = [i for i in chain if imported[i] is not None and imported[i] <= made]
            if earlier:
                made_on = max(earlier, key=lambda i: (imported[i], i))
        home = head_of[made_on]
        if home == article_id:
            continue
        target = text(home)
        position = TextPositionSelector(start, end) if start is not None and end is not None else None
        result = anchor(target, TextQuoteSelector(exact, prefix, suffix), position)
        if result.status in ("exact", "moved", "fuzzy"):
            quote, _ = make_selectors(target, result.start, result.end)
            exact, prefix, suffix = quote.exact, quote.prefix, quote.suffix
        placed = result.status != "orphan"
        db.execute(
            """UPDATE annotations SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
               anchor_status = ?, anchor_score = ? WHERE id = ?""",
            [home, result.start if placed else None, result.end if placed else None, exact, prefix, suffix,
             result.status, float(result.score) if placed else 0.0, ann_id])


def _drop_inherited_corrections(db: Database, parts: list[list[int]]) -> None:
    seen: set[tuple] = set()
    for part in parts:
        marks = ",".join("?" * len(part))
        rows = db.execute(f"SELECT article_id, field, value, corrected_at FROM article_corrections "
                          f"WHERE article_id IN ({marks})", part).fetchall()
        for article_id, field, value, corrected_at in rows:
            if (field, value, corrected_at) in seen:
                db.execute("DELETE FROM article_corrections WHERE article_id = ? AND field = ?", [article_id, field])
        seen.update((f, v, c) for _, f, v, c in rows)
