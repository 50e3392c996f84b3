"""Owns keeping annotations on their passages when an article's text changes (new version, re-cleaning),
and the lineage undo and redo follow (an edit made on a version since superseded acts on the current one,
re-anchored by the same rules as the import)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.anchoring import (
    TextPositionSelector,
    TextQuoteSelector,
    anchor,
    make_selectors,
)
from ..store import anchors, index_queue
from ..store import lineage as lineage_store
from ..store.articles import now_iso

if TYPE_CHECKING:
    from ..core.edits import Edit
    from .ports import ArchiveStore


def placed(text: str, start: int | None, end: int | None, exact: str, prefix: str, suffix: str) -> dict[str, Any]:
    """Where an annotation with this selector sits on ``text``, as annotation columns (the one rule for
    imports, repairs and undo): exact and moved anchors take the new context as their prefix/suffix;
    confident fuzzy matches take the new wording; doubtful ones keep their old quote (so a reviewer sees
    what it said) and are marked ``needs_review``; unplaceable ones become orphans, kept with their quote."""
    position = TextPositionSelector(start, end) if start is not None and end is not None else None
    result = anchor(text, TextQuoteSelector(exact, prefix, suffix), position)
    if result.status == "orphan":
        return {"start": None, "end": None, "exact": exact, "prefix": prefix, "suffix": suffix,
                "anchor_status": "orphan", "anchor_score": 0.0}
    if result.status in ("exact", "moved", "fuzzy"):
        quote, _ = make_selectors(text, result.start, result.end)
        exact, prefix, suffix = quote.exact, quote.prefix, quote.suffix
    return {"start": result.start, "end": result.end, "exact": exact, "prefix": prefix, "suffix": suffix,
            "anchor_status": result.status, "anchor_score": float(result.score)}


def reanchor_rows(archive: "ArchiveStore", annotation_rows: list[tuple], text: str, article_id: int) -> dict[str, int]:
    """Re-anchor annotations onto ``text`` (of ``article_id``) by :func:`placed`; returns counts by
    resulting status. Orphans are never deleted."""
    counts: dict[str, int] = {}
    for ann_id, start, end, exact, prefix, suffix in annotation_rows:
        at = placed(text, start, end, exact, prefix, suffix)
        status = at["anchor_status"]
        counts[status] = counts.get(status, 0) + 1
        if status == "orphan":
            anchors.set_orphan(archive.db, ann_id, article_id)
            continue
        anchors.set_place(archive.db, ann_id, article_id, at, now_iso() if status != "exact" else None)
    return counts


class ArchiveLineage:
    """The article versions of one archive, as :meth:`Edit.follow` needs them (reads only)."""

    def __init__(self, archive: "ArchiveStore") -> None:
        self.archive = archive
        self._texts: dict[int, str] = {}

    def versions(self, article_id: int) -> list[int]:
        return lineage_store.lineage(self.archive.db, article_id)

    def place(self, row: dict[str, Any], article_id: int) -> dict[str, Any]:
        if article_id not in self._texts:
            self._texts[article_id] = self.archive.articles.text(article_id) or ""
        at = placed(self._texts[article_id], row.get("start"), row.get("end"), row.get("exact") or "",
                    row.get("prefix") or "", row.get("suffix") or "")
        return {**row, **at, "article_id": article_id}


def follow_words(moved: dict[int, int], edit: "Edit | None" = None) -> str:
    """" (on article 2, the current version of article 1)" for the articles an undo or redo followed,
    adding how many highlights it put back only for review (their passage changed or is gone)."""
    if not moved:
        return ""
    parts = [f"on article {new}, the current version of article {old}" for old, new in sorted(moved.items())]
    if edit is not None:
        doubtful = sum(1 for c in edit.changes if c.table == "annotations" and c.after is not None
                       and c.after.get("anchor_status") in ("needs_review", "orphan")
                       and (c.before is None or c.before.get("anchor_status") != c.after.get("anchor_status")))
        if doubtful:
            parts.append(f"{doubtful} highlight(s) whose passage changed marked for review")
    return " (" + "; ".join(parts) + ")"


def move_annotations(archive: "ArchiveStore", earlier: int, newer: int) -> dict[str, int]:
    """Move every annotation of article ``earlier`` onto its new version ``newer`` and re-anchor it."""
    rows = anchors.anchor_rows(archive.db, earlier)
    if not rows:
        return {}
    text = archive.articles.text(newer) or ""
    counts = reanchor_rows(archive, rows, text, newer)
    index_queue.enqueue(archive.db, [newer])
    return counts
