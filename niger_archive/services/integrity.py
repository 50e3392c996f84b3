"""Owns ``check`` and ``check --repair``: store, foreign keys, originals, offsets, anchors and the index.

What can be rebuilt from the store is repaired (the search index, annotations whose quote no
longer sits at their position, work stranded on superseded article versions, files a crashed import
left in ``originals/``); what cannot (a damaged database, a changed or missing original) is reported
with what to do about it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.errors import ArchiveError, ImportRejected
from ..core.offsets import OffsetMap
from ..store import index_queue
from ..store import integrity as store_integrity
from ..store.originals import sha256_of
from ..store.packing import unpack_offsets, unpack_text
from . import reanchoring

if TYPE_CHECKING:
    from .ports import IndexedArchive

STRAY_AGE_S = 600  # files in originals/ without an article are removed only when this old (no import in flight)
_SAMPLE = 20  # ids listed in a problem message


@dataclass
class CheckReport:
    """What ``check`` found: problems by area, what ``--repair`` fixed, and whether all is well now."""

    store_integrity: str = "ok"
    foreign_key_problems: int = 0
    articles: int = 0
    indexed: int = 0
    missing_from_index: list[int] = field(default_factory=list)
    extra_in_index: list[int] = field(default_factory=list)
    index_queue: int = 0
    missing_originals: list[int] = field(default_factory=list)
    corrupt_originals: list[int] = field(default_factory=list)
    bad_offset_maps: list[int] = field(default_factory=list)
    annotations: int = 0
    misplaced_annotations: list[str] = field(default_factory=list)
    stranded_annotations: list[str] = field(default_factory=list)  # on a superseded version (claims with them)
    stranded_corrections: list[tuple[int, str]] = field(default_factory=list)  # (article, field) not on the current
    unreferenced_originals: int = 0
    crashed_last_time: bool = False
    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "store_integrity": self.store_integrity,
            "foreign_key_problems": self.foreign_key_problems,
            "articles": self.articles,
            "indexed": self.indexed,
            "missing_from_index": self.missing_from_index,
            "extra_in_index": self.extra_in_index,
            "index_queue": self.index_queue,
            "missing_originals": self.missing_originals,
            "corrupt_originals": self.corrupt_originals,
            "bad_offset_maps": self.bad_offset_maps,
            "annotations": self.annotations,
            "misplaced_annotations": self.misplaced_annotations,
            "stranded_annotations": self.stranded_annotations,
            "stranded_corrections": [list(k) for k in self.stranded_corrections],
            "unreferenced_originals": self.unreferenced_originals,
            "crashed_last_time": self.crashed_last_time,
            "problems": self.problems,
            "repaired": self.repaired,
            "notes": self.notes,
        }


def _ids(values: list[Any]) -> str:
    shown = ", ".join(str(v) for v in values[:_SAMPLE])
    return shown + (f", … ({len(values)} in all)" if len(values) > _SAMPLE else "")


def offsets_problem(text: str, offset_map: OffsetMap, raw: str | None) -> str | None:
    """Why an article's offset map does not fit its clean text (and raw text, when given), or None."""
    if offset_map.clean_length != len(text):
        return f"the map covers {offset_map.clean_length} characters, the text has {len(text)}"
    position = 0
    for span in offset_map.spans:
        if span.clean_start != position or span.length < 0:
            return f"the map has a gap or overlap at character {position}"
        position += span.length
        if raw is not None and span.copied and (
            text[span.clean_start:span.clean_start + span.length] != raw[span.raw_start:span.raw_start + span.length]
        ):
            return f"the text at character {span.clean_start} is not the original's"
    if offset_map.spans and position != len(text):
        return f"the map ends at character {position}, the text at {len(text)}"
    if raw is not None and offset_map.raw_length != len(raw):
        return f"the map expects an original of {offset_map.raw_length} characters, it has {len(raw)}"
    return None


def _check_store(archive: "IndexedArchive", report: CheckReport) -> None:
    report.store_integrity = store_integrity.integrity_check(archive.db)
    if report.store_integrity != "ok":
        report.problems.append(
            f"database integrity: {report.store_integrity[:500]} — cannot be repaired in place: restore a "
            "backup (`niger-archive backup --list`, then `niger-archive restore NAME`)"
        )
    fk = store_integrity.foreign_key_breaks(archive.db)  # one row per broken reference
    broken_rows = {(r[0], r[1] if r[1] is not None else f'#{i}') for i, r in enumerate(fk)}  # no rowid: count each
    report.foreign_key_problems = len(broken_rows)
    if fk:
        tables = sorted({r[0] for r in fk})
        report.problems.append(f"{len(broken_rows)} rows break foreign keys (in {', '.join(tables)}): they "
                               "point at rows that are gone; restore a backup if they matter")


def _check_articles(archive: "IndexedArchive", report: CheckReport, verify_originals: bool) -> None:
    from ..importers import read_original

    for article_id, digest, stored_text, stored_map, source_format in store_integrity.stored_articles(archive.db):
        raw = None
        if verify_originals:
            data = None
            if not archive.originals.exists(digest):
                report.missing_originals.append(article_id)
            else:
                try:
                    data = archive.originals.get(digest)
                except ArchiveError:
                    report.corrupt_originals.append(article_id)  # unreadable, or its compression is damaged
            if data is not None:
                if sha256_of(data) != digest:
                    report.corrupt_originals.append(article_id)
                else:
                    try:
                        raw = read_original(data, source_format)  # a PDF's text, not its bytes
                    except ImportRejected:
                        raw = None
        try:
            problem = offsets_problem(unpack_text(stored_text), unpack_offsets(stored_map), raw)
        except (ArchiveError, ValueError, TypeError, IndexError):
            problem = "the text or the offset map is not readable"
        if problem:
            report.bad_offset_maps.append(article_id)
    if report.missing_originals:
        report.problems.append(f"{len(report.missing_originals)} originals missing (articles "
                               f"{_ids(report.missing_originals)}) — restore the archive folder from a copy")
    if report.corrupt_originals:
        report.problems.append(f"{len(report.corrupt_originals)} originals changed on disk (articles "
                               f"{_ids(report.corrupt_originals)}) — restore the archive folder from a copy")
    if report.bad_offset_maps:
        report.problems.append(f"{len(report.bad_offset_maps)} articles whose text and offset map disagree "
                               f"(articles {_ids(report.bad_offset_maps)})")


def misplaced_annotations(archive: "IndexedArchive") -> dict[int, list[tuple]]:
    """Placed annotations whose quote is not the text at their position, by article:
    rows of (id, start, end, exact, prefix, suffix) as re-anchoring takes them."""
    out: dict[int, list[tuple]] = {}
    cursor = store_integrity.placed_annotations(archive.db)
    texts: dict[int, str | None] = {}  # rows come grouped by article: unpack each text once
    for ann_id, article_id, start, end, exact, prefix, suffix, stored_text in cursor:
        if article_id not in texts:
            texts.clear()
            try:
                texts[article_id] = unpack_text(stored_text)
            except ArchiveError:
                texts[article_id] = None  # a damaged text is reported with the offset maps
        text = texts[article_id]
        if text is None:
            continue  # re-anchoring against a text that cannot be read would orphan every annotation
        placed = (
            start is not None and end is not None and 0 <= start <= end <= len(text or "")
            and (text or "")[start:end] == exact
        )
        if not placed:
            out.setdefault(article_id, []).append((ann_id, start, end, exact, prefix, suffix))
    return out


def stranded_work(archive: "IndexedArchive") -> tuple[dict[int, list[tuple]], list[tuple[int, str]]]:
    """The user's work left on superseded article versions, where the reader, the search and the
    exports never show it: annotations (with their claims, tags and links) by article, as rows of
    (id, start, end, exact, prefix, suffix); and corrections (article, field) whose field the current
    version does not carry."""
    annotations: dict[int, list[tuple]] = {}
    for ann_id, article_id, start, end, exact, prefix, suffix in store_integrity.annotations_on_superseded(archive.db):
        annotations.setdefault(article_id, []).append((ann_id, start, end, exact, prefix, suffix))
    corrections = []
    for article_id, name in store_integrity.corrections_on_superseded(archive.db):
        current = archive.latest_version(article_id)
        if current != article_id and not store_integrity.has_correction(archive.db, current, name):
            corrections.append((article_id, name))
    return annotations, corrections


def _unreferenced_originals(archive: "IndexedArchive") -> list[Any]:
    known = store_integrity.article_digests(archive.db)
    return [path for digest, path in archive.originals.files() if digest is None or digest not in known]


def check_archive(archive: "IndexedArchive", *, repair: bool = False, verify_originals: bool = True) -> CheckReport:
    """Check everything; with ``repair`` fix what can be rebuilt from the store, report the rest."""
    if repair:
        archive.require_writable("repairing")
    report = CheckReport(crashed_last_time=archive.crashed_last_time)
    _check_store(archive, report)
    store_ids = set(archive.current_ids())
    report.articles = len(store_ids)
    index_ids = archive.index_ids()
    report.indexed = len(index_ids)
    report.missing_from_index = sorted(store_ids - index_ids)
    report.extra_in_index = sorted(index_ids - store_ids)
    report.index_queue = index_queue.count(archive.db)
    if report.missing_from_index or report.extra_in_index:
        report.problems.append(
            f"search index out of step: {len(report.missing_from_index)} missing, "
            f"{len(report.extra_in_index)} extra"
        )
    if report.index_queue:
        report.notes.append(f"{report.index_queue} articles wait for their search entry to be refreshed")
    _check_articles(archive, report, verify_originals)
    report.annotations = store_integrity.annotation_count(archive.db)
    misplaced = misplaced_annotations(archive)
    report.misplaced_annotations = sorted(row[0] for rows in misplaced.values() for row in rows)
    if misplaced:
        report.problems.append(
            f"{len(report.misplaced_annotations)} annotations whose quote is no longer at their position "
            f"(in articles {_ids(sorted(misplaced))})"
        )
    stranded, corrections = stranded_work(archive)
    report.stranded_annotations = sorted(row[0] for rows in stranded.values() for row in rows)
    report.stranded_corrections = corrections
    if stranded or corrections:
        claims = _count_claims(archive, report.stranded_annotations)
        parts = ([f"{len(report.stranded_annotations)} annotations ({claims} of them claims)"] if stranded else []) + (
            [f"{len(corrections)} metadata corrections"] if corrections else [])
        where = sorted(set(stranded) | {a for a, _ in corrections})
        report.problems.append(
            f"{' and '.join(parts)} sit on superseded article versions (articles {_ids(where)}), hidden from "
            "the reader, the search and the exports — `niger-archive check --repair` moves them to the current "
            "version"
        )
    strays = _unreferenced_originals(archive)
    report.unreferenced_originals = len(strays)
    if strays:
        report.notes.append(f"{len(strays)} files in originals/ belong to no article (left by an interrupted import)")
    if repair:
        _repair(archive, report, misplaced, strays)
        if stranded or corrections:
            _repair_stranded(archive, report, stranded, corrections)
    return report


def _count_claims(archive: "IndexedArchive", annotation_ids: list[str]) -> int:
    return store_integrity.claim_count(archive.db, annotation_ids)


def _repair_stranded(archive: "IndexedArchive", report: CheckReport, stranded: dict[int, list[tuple]],
                     corrections: list[tuple[int, str]]) -> None:
    """Move stranded annotations onto the current version, re-anchored by the import's rule (those
    that do not fit are marked for review, never deleted); copy stranded corrections there."""
    counts: dict[str, int] = {}
    with archive.writing():
        for article_id, rows in stranded.items():
            current = archive.latest_version(article_id)
            text = archive.articles.text(current) or ""
            for status, n in reanchoring.reanchor_rows(archive, rows, text, current).items():
                counts[status] = counts.get(status, 0) + n
            index_queue.enqueue(archive.db, [current])
        for article_id, name in corrections:
            current = archive.latest_version(article_id)
            store_integrity.copy_correction(archive.db, article_id, current, name)
            index_queue.enqueue(archive.db, [current])
    archive.flush_index()
    if stranded:
        detail = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(counts.items()))
        report.repaired.append(f"{len(report.stranded_annotations)} annotations moved from superseded versions "
                               f"to the current ones ({detail})")
        if counts.get("orphan") or counts.get("needs_review"):
            report.notes.append("moved annotations marked orphan or needs review are listed by "
                                "`niger-archive annotations --review`")
    if corrections:
        report.repaired.append(f"{len(corrections)} metadata corrections copied to the current versions")
    report.problems = [p for p in report.problems if "sit on superseded article versions" not in p]
    report.stranded_annotations, report.stranded_corrections = [], []


def _repair(archive: "IndexedArchive", report: CheckReport, misplaced: dict[int, list[tuple]], strays: list[Any]) -> None:
    if report.missing_from_index or report.extra_in_index or report.index_queue:
        queued = index_queue.queued(archive.db)
        for _ in archive.reindex():
            pass
        with archive.writing():  # only what the rebuild covered: an edit queued meanwhile stays queued
            index_queue.dequeue(archive.db, queued)
        report.repaired.append("search index rebuilt from the store")
        report.problems = [p for p in report.problems if not p.startswith("search index")]
        report.indexed = archive.index.count()
        report.missing_from_index, report.extra_in_index, report.index_queue = [], [], 0
    if misplaced:
        counts: dict[str, int] = {}
        with archive.writing():
            for article_id, rows in misplaced.items():
                text = archive.articles.text(article_id) or ""
                for status, n in reanchoring.reanchor_rows(archive, rows, text, article_id).items():
                    counts[status] = counts.get(status, 0) + n
                index_queue.enqueue(archive.db, [article_id])
        archive.flush_index()
        detail = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(counts.items()))
        report.repaired.append(f"{len(report.misplaced_annotations)} annotations re-anchored ({detail})")
        report.problems = [p for p in report.problems if "no longer at their position" not in p]
        report.misplaced_annotations = []
        if counts.get("orphan") or counts.get("needs_review"):
            report.notes.append("re-anchored annotations marked orphan or needs review are listed by "
                                "`niger-archive annotations --review`")
    removed = 0
    now = time.time()
    for path in strays:
        try:
            if now - path.stat().st_mtime >= STRAY_AGE_S:
                os.unlink(path)
                removed += 1
        except OSError:
            pass
    if removed:
        report.repaired.append(f"{removed} files left in originals/ by an interrupted import removed")
        report.unreferenced_originals -= removed
