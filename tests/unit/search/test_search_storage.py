"""The index's segments are read through memory maps (``MappedStorage``): the same answers as plain
files, and nothing breaks on what cannot be mapped."""

from __future__ import annotations

from whoosh.filedb.filestore import FileStorage

from niger_archive.search import SearchIndex
from niger_archive.search.storage import MappedStorage

QUERIES = ["troops", "niger OR niamey", '"american troops"', "withdraw*", "title:niger", "troops NOT france",
           "outlet:reuters", "1,000"]


def test_the_app_reads_its_index_through_memory_maps_and_the_writer_process_through_plain_files(tmp_path, docs):
    mapped = SearchIndex.open(tmp_path / "index", lock_timeout=1.0)
    mapped.add(docs)
    plain = SearchIndex.open(tmp_path / "index", lock_timeout=1.0, mapped=False)
    try:
        assert type(mapped._ix.storage) is MappedStorage
        assert type(plain._ix.storage) is FileStorage
        for query in QUERIES:
            a = mapped.search_results(query, 50)
            b = plain.search_results(query, 50)
            assert [(h.id, h.title) for h in a.hits] == [(h.id, h.title) for h in b.hits], query
            assert (a.total, a.total_is_exact) == (b.total, b.total_is_exact), query
            assert mapped.count_matches(query) == plain.count_matches(query), query
    finally:
        plain.close()
        mapped.close()


def test_an_empty_index_file_is_read_as_a_plain_one(tmp_path):
    (tmp_path / "empty.bin").write_bytes(b"")
    (tmp_path / "some.bin").write_bytes(b"\x00\x00\x00\x07rest")
    storage = MappedStorage(str(tmp_path))
    with storage.open_file("empty.bin") as f:
        assert f.read() == b""
    with storage.open_file("some.bin") as f:
        assert f.read_int() == 7
        assert f.get(4, 4) == b"rest"


def test_searches_go_on_across_commits_that_merge_away_mapped_segments(tmp_path, docs):
    """A merge deletes segment files a searcher has mapped; the next search sees the merged index."""
    idx = SearchIndex.open(tmp_path / "index", lock_timeout=1.0)
    try:
        for doc in docs:
            idx.add([doc])  # one segment each
            assert idx.search_results("troops", 50).total >= 0
        before = [h.id for h in idx.search_results("troops", 50).hits]
        idx.optimize()
        assert [h.id for h in idx.search_results("troops", 50).hits] == before
    finally:
        idx.close()
