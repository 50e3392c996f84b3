"""A large re-index (the catch-up after annotating many articles) leaves an index no bigger than a
fresh one: the superseded copies Whoosh keeps until a segment is rewritten are compacted away."""

from __future__ import annotations

import pytest

from niger_archive.search import SearchIndex
from niger_archive.search.merging import COMPACT_SUPERSEDED

WORDS = ("troops niger uranium mine convoy hostage agadez arlit sahel border patrol minister "
         "election court ruling drought harvest market price fuel road").split()


def doc(i: int, version: str = "first") -> dict:
    body = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 60))
    return {"id": i, "title": f"article {i}", "body": f"{body} {version}draft", "notes": f"{version} note {i}"}


def index_bytes(index: SearchIndex) -> int:
    return sum(p.stat().st_size for p in index.index_dir.iterdir() if p.is_file())


def segment_ids(index: SearchIndex) -> set[str]:
    return {segment.segment_id() for segment in index._ix._segments()}


@pytest.fixture(params=[False, True], ids=["here", "writer-process"])
def process(request):
    return request.param


@pytest.fixture
def filled(tmp_path):
    index = SearchIndex.open(tmp_path / "index", lock_timeout=5.0)
    with index.bulk():
        index.add([doc(i) for i in range(1, 301)])
    yield index
    index.close()


def test_reindexing_most_articles_leaves_an_index_the_size_of_a_fresh_one(filled, process, tmp_path):
    with filled.bulk(process=process):
        filled.add([doc(i, "second") for i in range(1, 201)])
    assert filled.superseded_fraction() <= COMPACT_SUPERSEDED
    fresh = SearchIndex.open(tmp_path / "fresh")
    try:
        fresh.rebuild([doc(i, "second") for i in range(1, 201)] + [doc(i) for i in range(201, 301)])
        assert index_bytes(filled) <= 1.1 * index_bytes(fresh)
    finally:
        fresh.close()
    # and the index says the same as before compacting: the new text only, every article once
    assert filled.count() == 300
    assert {h.id for h in filled.search("seconddraft", limit=500)} == set(range(1, 201))
    assert {h.id for h in filled.search("firstdraft", limit=500)} == set(range(201, 301))


def test_removing_many_articles_compacts_the_index(filled, process):
    with filled.bulk(process=process):
        assert filled.delete(range(1, 151)) == 150
    assert filled.superseded_fraction() <= COMPACT_SUPERSEDED
    assert filled.ids() == set(range(151, 301))


def test_a_few_edits_leave_the_index_segments_alone(filled, process):
    before = segment_ids(filled)
    with filled.bulk(process=process):
        filled.add([doc(i, "second") for i in range(1, 11)])
    assert before <= segment_ids(filled)  # nothing rewritten: 10 of 300 superseded is under the threshold
    assert 0 < filled.superseded_fraction() <= COMPACT_SUPERSEDED
    assert {h.id for h in filled.search("seconddraft", limit=500)} == set(range(1, 11))


def test_annotating_most_articles_leaves_no_superseded_copies_in_the_index(sample_archive, monkeypatch):
    import niger_archive.services.indexing as indexing_module

    monkeypatch.setattr(indexing_module, "BULK_INDEX_MIN", 2)  # the catch-up of 2,000+ articles, in small
    ids = sample_archive.current_ids()
    sample_archive.flush_index()
    for article_id in ids[:4]:
        sample_archive.apply(sample_archive.editor.create_annotation(article_id, 0, 5, note="zanzibarite lead"))
    assert sample_archive.flush_index() == 4
    assert sample_archive.index.superseded_fraction() <= COMPACT_SUPERSEDED
    assert sample_archive.index.count() == len(ids)
    assert {h.id for h in sample_archive.search("zanzibarite")} == set(ids[:4])
