"""Merging the index's segments: Whoosh merge policies that copy segments into a writer's new segment
(all of them, cancellably, for ``SearchIndex.merge``; only the worn ones, for ``SearchIndex._compact``),
keeping each field's exact total length so that a merged index ranks as the same index unmerged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

# A bulk session that leaves a segment with more than this share of its stored documents superseded
# (deleted or replaced: Whoosh keeps them on disk until the segment is rewritten) rewrites that segment
# without them. Lucene's expunge-deletes default; measured in docs/performance.md.
COMPACT_SUPERSEDED = 0.10
MERGE_CHECK_EVERY = 2_048  # documents or postings copied between looks at a merge's cancel flag


class MergeCancelled(Exception):
    """A merge of the index's segments was cancelled before it committed: the index is as it was."""


class _CancellableReader:
    """A segment reader whose documents and postings, as a merge copies them, stop with MergeCancelled
    as soon as ``cancelled()`` says so (asked every MERGE_CHECK_EVERY items)."""

    def __init__(self, reader: Any, cancelled: Callable[[], bool]) -> None:
        self._reader = reader
        self._cancelled = cancelled

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def iter_docs(self) -> Iterator[Any]:
        return _checked(self._reader.iter_docs(), self._cancelled)

    def iter_postings(self) -> Iterator[Any]:
        return _checked(self._reader.iter_postings(), self._cancelled)


def _checked(items: Iterable[Any], cancelled: Callable[[], bool]) -> Iterator[Any]:
    """items, raising MergeCancelled when ``cancelled()`` says so (asked every MERGE_CHECK_EVERY)."""
    for n, item in enumerate(items):
        if n % MERGE_CHECK_EVERY == 0 and cancelled():
            raise MergeCancelled()
        yield item


def _merge_all(cancelled: Callable[[], bool]) -> Callable[[Any, list[Any]], list[Any]]:
    """Whoosh merge policy: every segment is copied into the writer's new segment (without its
    superseded documents), asking ``cancelled()`` between segments and while copying."""
    from whoosh.reading import SegmentReader

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        for segment in segments:
            if cancelled():
                raise MergeCancelled()
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                lengths = writer.perdocwriter._fieldlengths
                before = dict(lengths)
                writer.add_reader(_CancellableReader(reader, cancelled))
                _keep_exact_lengths(lengths, before, segment, reader)
            finally:
                reader.close()
        return []

    return policy


def _keep_exact_lengths(lengths: dict[str, int], before: dict[str, int], segment: Any, reader: Any) -> None:
    """Whoosh's ``add_reader`` adds up the copied documents' field lengths as stored, rounded to one
    byte each, so a merged segment's total length of a field came out about 1.5 % off and BM25 scores
    moved (near-equal hits swapped places against the same index unmerged or rebuilt). The segment
    keeps its exact totals: those are carried over, less its superseded documents' (as stored)."""
    deleted = [docnum for docnum in range(segment.doc_count_all()) if reader.is_deleted(docnum)]
    for name in list(lengths):
        exact = segment._fieldlengths.get(name)
        if exact is None:
            continue
        gone = sum(reader.doc_field_length(docnum, name, 0) or 0 for docnum in deleted)
        lengths[name] = before.get(name, 0) + max(0, exact - gone)


def _worn(segment: Any) -> bool:
    """Whether more than COMPACT_SUPERSEDED of a segment's stored documents are superseded."""
    stored: int = segment.doc_count_all()
    return stored > 0 and bool(segment.deleted_count() > COMPACT_SUPERSEDED * stored)


def _expunge_superseded(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: the worn segments (``_worn``) are copied into the writer's new segment
    without their superseded documents; the others are kept as they are."""
    from whoosh.reading import SegmentReader

    kept = []
    for segment in segments:
        if _worn(segment):
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                lengths = writer.perdocwriter._fieldlengths
                before = dict(lengths)
                writer.add_reader(reader)
                _keep_exact_lengths(lengths, before, segment, reader)
            finally:
                reader.close()
        else:
            kept.append(segment)
    return kept
