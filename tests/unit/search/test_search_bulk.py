"""A bulk session (large imports) writes through one writer and still leaves the index exact."""

from __future__ import annotations

import threading

import pytest

from niger_archive.core.errors import ArchiveError
from niger_archive.search import SearchIndex


def doc(i: int, body: str = "troops leave niger") -> dict:
    return {"id": i, "title": f"article {i}", "body": body}


@pytest.fixture
def idx(tmp_path):
    index = SearchIndex.open(tmp_path / "index", lock_timeout=1.0)
    yield index
    index.close()


@pytest.fixture(params=[False, True], ids=["here", "writer-process"])
def process(request):
    return request.param


def segments(idx) -> int:
    with idx._ix.reader() as reader:
        return len(list(reader.leaf_readers()))


def test_documents_become_searchable_at_each_commit_and_at_the_end(idx, process):
    with idx.bulk(commit_every=10, process=process):
        idx.add([doc(i) for i in range(1, 16)])
        if not process:  # the writer process commits on its own time
            assert idx.count() == 10  # the first 10 are committed, the last 5 not yet
    assert idx.count() == 15
    assert {h.id for h in idx.search("troops", limit=50)} == set(range(1, 16))
    assert segments(idx) == 2


def test_an_article_replaced_in_the_same_session_leaves_the_index(idx, process):
    idx.add([doc(1, "old text uranium")])
    with idx.bulk(commit_every=100, process=process):
        idx.add([doc(2, "draft hostage"), doc(3)])
        assert idx.delete([1, 2]) == 2  # 1 is committed, 2 only in the open writer
        idx.add([doc(4, "final hostage")])
    assert idx.ids() == {3, 4}
    assert idx.search("uranium") == []
    assert [h.id for h in idx.search("hostage")] == [4]


def test_the_same_id_twice_keeps_only_the_newest(idx, process):
    with idx.bulk(commit_every=100, process=process):
        idx.add([doc(1, "first version")])
        idx.add([doc(1, "second version")])
    assert idx.count() == 1
    assert [h.id for h in idx.search("second")] == [1]
    assert idx.search("first") == []


def test_an_existing_article_is_replaced_not_doubled(idx, process):
    idx.add([doc(1, "before")])
    with idx.bulk(process=process):
        idx.add([doc(1, "after")])
    assert idx.count() == 1
    assert idx.search("before") == []


def test_an_error_in_the_session_keeps_what_was_added(idx, process):
    with pytest.raises(RuntimeError):
        with idx.bulk(process=process):
            idx.add([doc(1), doc(2)])
            raise RuntimeError("the import was stopped")
    assert idx.ids() == {1, 2}


def test_other_threads_write_through_the_session_instead_of_waiting(idx, process):
    with idx.bulk(commit_every=100, process=process):
        idx.add([doc(1)])
        done = []
        worker = threading.Thread(target=lambda: done.append(idx.add([doc(2, "annotated uranium")])))
        worker.start()
        worker.join(timeout=5)
        assert done == [1]
    assert [h.id for h in idx.search("uranium")] == [2]


def test_a_busy_index_is_reported_as_busy(idx, tmp_path):
    other = SearchIndex.open(tmp_path / "index", lock_timeout=0.2)
    try:
        with other._writing(8):  # another writer holds the index
            with pytest.raises(ArchiveError, match="busy"):
                with idx.bulk(process=True):
                    idx.add([doc(1)])
    finally:
        other.close()
    assert idx.ids() == set()


def test_a_writer_process_that_dies_is_reported_and_the_index_still_opens(idx):
    with pytest.raises(ArchiveError, match="writer stopped"):
        with idx.bulk(process=True):
            idx.add([doc(1)])
            idx._bulk.process.kill()
            idx._bulk.process.wait()
            idx.add([doc(2)])
            idx.delete([1])
    idx.add([doc(3)])  # the lock died with the writer
    assert 3 in idx.ids()


def test_postings_spilled_to_disk_come_back_exactly(tmp_path, monkeypatch):
    import random

    from niger_archive.search import index as index_module

    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    docs = [{"id": i, "title": " ".join(rng.choices(words, k=5)), "body": " ".join(rng.choices(words, k=200))}
            for i in range(1, 301)]

    def postings(idx):
        with idx._ix.reader() as reader:
            return [(f, t, list(reader.postings(f, t).items_as("positions"))) for f, t in reader.all_terms()
                    if f in ("title", "body")]

    in_memory = SearchIndex.open(tmp_path / "memory")
    in_memory.add(docs)
    monkeypatch.setattr(index_module, "ADD_LIMIT_MB", 1)  # the pool spills every few documents
    spilled = SearchIndex.open(tmp_path / "spilled")
    spilled.add(docs)
    try:
        assert postings(spilled) == postings(in_memory)
    finally:
        in_memory.close()
        spilled.close()


def test_searching_does_not_load_the_index_into_memory(tmp_path):
    docs = [{"id": i, "title": f"article {i}", "body": "troops " * 50 + f"w{i} " * 200} for i in range(1, 301)]
    idx = SearchIndex.open(tmp_path / "index")
    idx.add(docs)
    try:
        names = {p.name for p in (tmp_path / "index").iterdir()}
        assert not any(name.endswith(".seg") for name in names), names  # no compound segment files
        assert idx.search_results("troops").total == 300
    finally:
        idx.close()


def test_the_index_writers_process_does_not_load_what_only_searching_needs():
    """The index writer's process (a bulk import's) never searches: NumPy, which the ranking with arrays
    uses, stays out of it: importing it takes 11 MB, and the 100k import's peak is held under 500 MB."""
    import subprocess
    import sys

    code = ("import sys, niger_archive.search.writer_process, niger_archive.search.index\n"
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
