"""Owns keeping annotations on their passages when an article's text changes (new version, re-cleaning)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.anchoring import (
    TextPositionSelector,
    TextQuoteSelector,
    anchor,
    make_selectors,
)
from ..store.articles import now_iso

if TYPE_CHECKING:
    from .archive import Archive


def reanchor_rows(archive: "Archive", annotation_rows: list[tuple], text: str, article_id: int) -> dict[str, int]:
    """Re-anchor annotations onto ``text`` (of ``article_id``); returns counts by resulting status.

    Exact and moved anchors take the new context as their prefix/suffix; confident fuzzy matches take
    the new wording; doubtful ones keep their old quote (so a reviewer sees what it said) and are marked
    ``needs_review``; unplaceable ones become orphans, kept with their quote, never deleted.
    """
    counts: dict[str, int] = {}
    for ann_id, start, end, exact, prefix, suffix in annotation_rows:
        position = TextPositionSelector(start, end) if start is not None and end is not None else None
        result = anchor(text, TextQuoteSelector(exact, prefix, suffix), position)
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "orphan":
            archive.db.execute(
                """UPDATE annotations SET article_id = ?, start = NULL, "end" = NULL, anchor_status = 'orphan',
                   anchor_score = 0 WHERE id = ?""",
                [article_id, ann_id],
            )
            continue
        if result.status in ("exact", "moved", "fuzzy"):
            quote, _ = make_selectors(text, result.start, result.end)
            new_exact, new_prefix, new_suffix = quote.exact, quote.prefix, quote.suffix
        else:
            new_exact, new_prefix, new_suffix = exact, prefix, suffix
        archive.db.execute(
            """UPDATE annotations SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
               anchor_status = ?, anchor_score = ?, modified = CASE WHEN ? THEN ? ELSE modified END WHERE id = ?""",
            [article_id, result.start, result.end, new_exact, new_prefix, new_suffix, result.status,
             float(result.score), int(result.status != "exact"), now_iso(), ann_id],
        )
    return counts


def move_annotations(archive: "Archive", earlier: int, newer: int) -> dict[str, int]:
    """Move every annotation of article ``earlier`` onto its new version ``newer`` and re-anchor it."""
    rows = archive.db.execute(
        'SELECT id, start, "end", exact, prefix, suffix FROM annotations WHERE article_id = ? ORDER BY id', [earlier]
    ).fetchall()
    if not rows:
        return {}
    text = archive.articles.text(newer) or ""
    counts = reanchor_rows(archive, [tuple(r) for r in rows], text, newer)
    archive.db.execute("INSERT OR IGNORE INTO index_queue (article_id) VALUES (?)", [newer])
    return counts
