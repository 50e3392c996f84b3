"""Segments left by bulk imports are merged into one, cancellably, while searches go on answering."""

from __future__ import annotations

import shutil

import pytest

from niger_archive.core.errors import ArchiveError
from niger_archive.search import MergeCancelled, SearchIndex

WORDS = ("troops niger uranium mine convoy hostage agadez arlit sahel border patrol minister "
         "election court ruling drought harvest market price fuel road").split()
QUERIES = ["troops", "uranium OR hostage", '"border patrol"', "sahel AND NOT drought", "note", "articl*",
           "title:article", "market price fuel"]


def doc(i: int) -> dict:
    body = " ".join(WORDS[(i * k + k * k) % len(WORDS)] for k in range(1, 40))
    return {"id": i, "title": f"article {i}", "body": body, "notes": f"note {i}" if i % 3 == 0 else ""}


def answers(index: SearchIndex) -> dict[str, tuple[list[int], int]]:
    """Every query's hits (best first) and total, as a user sees them. (Scores move a little when the
    superseded copies leave the word statistics; the articles found and their order do not.)"""
    found = {}
    for query in QUERIES:
        page = index.search_results(query, limit=500)
        found[query] = ([h.id for h in page.hits], page.total)
    return found


def files(index: SearchIndex) -> set[str]:
    return {p.name for p in index.index_dir.iterdir()}


@pytest.fixture
def imported(tmp_path):
    """An index left by bulk imports: several segments, some articles imported again (superseded)."""
    index = SearchIndex.open(tmp_path / "index", lock_timeout=5.0)
    with index.bulk(commit_every=60):
        index.add([doc(i) for i in range(1, 201)])
    with index.bulk(commit_every=60):
        index.add([doc(i) for i in range(150, 241)])  # a second import, re-importing some
    index.delete([7, 8])
    yield index
    index.close()


def test_a_merge_leaves_one_segment_and_every_search_gives_the_same_hits(imported):
    assert imported.segment_count() > 2
    assert imported.needs_merge()
    before = answers(imported)
    count = imported.count()

    imported.merge()
    assert imported.segment_count() == 1
    assert not imported.needs_merge()
    assert imported.count() == count
    assert answers(imported) == before
    assert imported.merge() == 0  # nothing left to do


def test_merge_reports_how_many_segments_it_merged(imported):
    segments = imported.segment_count()
    assert imported.merge() == segments


def test_a_cancelled_merge_leaves_the_index_searchable_and_unchanged(imported, tmp_path, monkeypatch):
    monkeypatch.setattr("niger_archive.search.merging.MERGE_CHECK_EVERY", 1)  # a look at every item
    twin_dir = tmp_path / "twin"
    shutil.copytree(imported.index_dir, twin_dir)
    twin = SearchIndex.open(twin_dir)
    looks = [0]

    def counting():
        looks[0] += 1
        return False

    twin.merge(counting)  # how many looks a whole merge takes
    twin.close()
    before = answers(imported)
    segments = imported.segment_count()
    names = files(imported)
    # before the first segment, while copying documents, while copying postings, while writing the new one
    for limit in (0, 3, looks[0] // 3, looks[0] - 1):
        asked = [0]

        def cancelled(limit=limit, asked=asked):
            asked[0] += 1
            return asked[0] > limit

        with pytest.raises(MergeCancelled):
            imported.merge(cancelled)
        assert imported.segment_count() == segments
        assert files(imported) == names  # no half-written segment left behind
        assert answers(imported) == before
    # and the index can still be written and merged afterwards
    imported.add([doc(999)])
    assert imported.merge() > 1
    assert imported.segment_count() == 1


def test_a_search_during_the_merge_answers_from_the_old_segments(imported, tmp_path):
    before = answers(imported)
    other = SearchIndex.open(imported.index_dir)  # another thread's view, as the window's search thread has
    seen = []

    def cancelled():
        if not seen:
            seen.append(answers(other))  # asked in the middle of the merge: must answer, not wait
            seen.append(answers(imported))
        return False

    try:
        other_searched_first = answers(other)
        imported.merge(cancelled)
        assert seen == [before, before]
        assert other_searched_first == before
        assert answers(other) == before  # and afterwards from the merged segment
        assert other.segment_count() == 1
    finally:
        other.close()


def test_an_index_with_one_large_segment_and_a_small_edit_does_not_need_a_merge(tmp_path):
    index = SearchIndex.open(tmp_path / "index")
    try:
        with index.bulk():
            index.add([doc(i) for i in range(1, 401)])
        index.add([doc(5)])  # an edit re-indexes one article: a segment of its own
        assert index.segment_count() == 2
        assert not index.needs_merge()
        assert index.merge() == 0
        assert index.segment_count() == 2
    finally:
        index.close()


def test_a_merge_never_waits_for_another_writer(imported):
    other = SearchIndex.open(imported.index_dir)
    try:
        with other.bulk():  # an import holds the index's writer
            other.add([doc(500)])
            with pytest.raises(ArchiveError, match="busy"):
                imported.merge()
            with pytest.raises(ArchiveError, match="busy"):
                other.merge()
    finally:
        other.close()
    assert imported.merge() > 1


def long_doc(i: int) -> dict:
    body = " ".join(WORDS[(i * k + k * k * 7) % len(WORDS)] for k in range(1, 150 + (i * 37) % 400))
    return {"id": i, "title": f"article {i} " + " ".join(WORDS[: i % 9]), "body": body}


def ranked(index: SearchIndex) -> dict[str, list[tuple[int, float]]]:
    return {query: [(h.id, round(h.score, 9)) for h in index.search(query, limit=50)] for query in QUERIES}


def test_merged_scores_are_those_of_the_index_before_and_of_a_fresh_one(tmp_path):
    """Whoosh's merge rounds documents' lengths; the totals BM25 divides by stay exact, so no hit moves."""
    docs = [long_doc(i) for i in range(1, 241)]
    index = SearchIndex.open(tmp_path / "index")
    fresh = SearchIndex.open(tmp_path / "fresh")
    try:
        with index.bulk(commit_every=80):
            index.add(docs)
        fresh.rebuild(docs)
        before = ranked(index)
        assert before == ranked(fresh)
        index.merge()
        assert index.segment_count() == 1
        assert ranked(index) == before
    finally:
        index.close()
        fresh.close()
