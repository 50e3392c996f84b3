"""Index lifecycle: upsert, delete, rebuild, similar articles, locking and recovery from debris."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from search_corpus import all_docs

from niger_archive.core.errors import ArchiveError
from niger_archive.search import SearchIndex
from niger_archive.search.index import MARKER
from niger_archive.search.schema import parse_date

QUERIES = ["withdrawal", '"military personnel"', "outlet:sputnik", "published:2024-05", "niger -uranium", "urani*"]


def snapshot(idx: SearchIndex) -> dict[str, list[tuple[int, float]]]:
    """Hits per query, best first; equal scores (e.g. date-only queries) ordered by id."""
    return {
        q: sorted(((h.id, round(h.score, 6)) for h in idx.search(q, 50)), key=lambda hit: (-hit[1], hit[0]))
        for q in QUERIES
    }


def doc(doc_id: int, body: str, **extra) -> dict:
    return {"id": doc_id, "title": f"Article {doc_id}", "body": body, **extra}


# --------------------------------------------------------------------------- writing


def test_new_index_is_empty_and_asks_for_a_rebuild(fresh_index):
    assert fresh_index.count() == 0 and fresh_index.ids() == set()
    assert fresh_index.needs_rebuild


def test_add_counts_and_lists_documents(fresh_index):
    assert fresh_index.add([doc(1, "alpha"), doc(2, "beta")]) == 2
    assert fresh_index.count() == 2 and fresh_index.ids() == {1, 2}


def test_adding_the_same_id_again_replaces_the_document(fresh_index):
    fresh_index.add([doc(7, "the old wording about goats")])
    fresh_index.add([doc(7, "the new wording about sheep")])
    assert fresh_index.count() == 1
    assert fresh_index.search("goats") == []
    assert [h.id for h in fresh_index.search("sheep")] == [7]


def test_same_id_twice_in_one_batch_keeps_the_last(fresh_index):
    assert fresh_index.add([doc(7, "first goats"), doc(8, "other"), doc(7, "second sheep")]) == 3
    assert fresh_index.count() == 2
    assert fresh_index.search("goats") == [] and [h.id for h in fresh_index.search("sheep")] == [7]


def test_missing_fields_are_treated_as_empty(fresh_index):
    fresh_index.add([{"id": 5}, {"id": 6, "body": None, "keywords": None, "published": "not a date"}])
    assert fresh_index.ids() == {5, 6}


def test_delete_removes_and_reports_how_many_existed(fresh_index):
    fresh_index.add([doc(1, "alpha goats"), doc(2, "beta goats")])
    assert fresh_index.delete([1, 99]) == 1
    assert fresh_index.ids() == {2}
    assert [h.id for h in fresh_index.search("goats")] == [2]


def test_failed_batch_leaves_the_index_unchanged(fresh_index):
    fresh_index.add([doc(1, "alpha")])

    def broken():
        yield doc(2, "beta")
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        fresh_index.add(broken())
    assert fresh_index.ids() == {1}


# --------------------------------------------------------------------------- rebuild


def test_rebuild_gives_identical_results(fresh_index, tmp_path):
    docs = all_docs()
    # Built piecemeal, with an upsert and a delete along the way...
    fresh_index.add(docs[:4])
    fresh_index.add([doc(500, "a stray article about withdrawal")])
    fresh_index.add(docs[4:])
    fresh_index.add([docs[0]])
    fresh_index.delete([500])
    before = snapshot(fresh_index)
    # ...then rebuilt in one go from the same documents: the same hits in the same order.
    seen = []
    assert fresh_index.rebuild(iter(docs), progress=seen.append) == len(docs)
    assert seen[-1] == len(docs)
    after = snapshot(fresh_index)
    assert {q: [i for i, _ in hits] for q, hits in after.items()} == {
        q: [i for i, _ in hits] for q, hits in before.items()
    }
    assert not fresh_index.needs_rebuild
    # Scores match exactly those of an index built once from the same documents (before the
    # rebuild they differ slightly: replaced and deleted versions still count in the statistics).
    with SearchIndex.open(tmp_path / "once") as once:
        once.add(docs)
        assert snapshot(once) == after


def test_rebuild_drops_documents_not_given(fresh_index):
    fresh_index.add([doc(1, "alpha"), doc(2, "beta")])
    fresh_index.rebuild([doc(3, "gamma")])
    assert fresh_index.ids() == {3}


def test_interrupted_rebuild_keeps_the_old_index(fresh_index):
    fresh_index.add([doc(1, "alpha"), doc(2, "beta")])

    def broken():
        yield doc(3, "gamma")
        raise RuntimeError("archive read failed")

    with pytest.raises(RuntimeError):
        fresh_index.rebuild(broken())
    assert fresh_index.ids() == {1, 2}


# --------------------------------------------------------------------------- more like this


def test_more_like_this_finds_the_article_on_the_same_story(fresh_index):
    story = "Niger junta orders United States troops to leave the drone base in Agadez by September."
    docs = [
        doc(1, story + " Washington confirmed the withdrawal of troops from the Agadez drone base."),
        doc(2, "Recipe: slow cooked lentils with cumin, garlic and fresh coriander leaves."),
        doc(3, "The drone base at Agadez will close as United States troops leave Niger in September."),
        doc(4, "Football: the national team won the cup final after extra time and penalties."),
        doc(5, "Parliament debated the budget for schools and hospitals for the coming year."),
    ]
    fresh_index.add(docs)
    similar = fresh_index.more_like_this(1, limit=3, text=docs[0]["body"])
    assert similar and similar[0][0] == 3
    assert 1 not in [doc_id for doc_id, _ in similar]
    assert all(score > 0 for _, score in similar)
    assert isinstance(fresh_index.more_like_this(1), list)  # title-only fallback runs
    assert fresh_index.more_like_this(999) == []


# --------------------------------------------------------------------------- locking


def test_a_held_writer_makes_other_writers_fail_with_archive_error(tmp_path):
    first = SearchIndex.open(tmp_path / "index", lock_timeout=5.0)
    second = SearchIndex.open(tmp_path / "index", lock_timeout=0.2)
    started, release = threading.Event(), threading.Event()

    def slow_docs():
        yield doc(1, "alpha")
        started.set()
        release.wait(5)

    worker = threading.Thread(target=first.add, args=(slow_docs(),))
    worker.start()
    try:
        assert started.wait(5)
        with pytest.raises(ArchiveError, match="busy"):
            second.add([doc(2, "beta")])
        with pytest.raises(ArchiveError, match="busy"):
            second.delete([1])
    finally:
        release.set()
        worker.join(5)
    assert second.add([doc(2, "beta")]) == 1  # free again
    assert second.ids() == {1, 2}
    first.close()
    second.close()


def test_an_index_is_never_reset_under_a_live_writer(tmp_path):
    path = tmp_path / "index"
    first = SearchIndex.open(path, lock_timeout=5.0)
    started, release = threading.Event(), threading.Event()

    def slow_docs():
        yield doc(1, "alpha")
        started.set()
        release.wait(5)

    worker = threading.Thread(target=first.add, args=(slow_docs(),))
    worker.start()
    try:
        assert started.wait(5)
        (path / MARKER).write_text(json.dumps({"schema_version": -1}))  # would force a reset
        with pytest.raises(ArchiveError, match="busy"):
            SearchIndex.open(path, lock_timeout=0.2)
    finally:
        release.set()
        worker.join(5)
    assert first.ids() == {1}
    first.close()


# --------------------------------------------------------------------------- opening, debris, recovery


def test_stray_files_from_an_interrupted_write_do_not_stop_opening(tmp_path):
    path = tmp_path / "index"
    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha goats")])
    (path / "MAIN_zzzzzzzzzzzzzzzz.seg").write_bytes(b"\x00half a segment")
    (path / "_MAIN_9.toc.1716200000.5").write_bytes(b"half a table of contents")
    (path / "MAIN.tmp").mkdir()
    (path / "MAIN.tmp" / "pool.run").write_bytes(b"\x00" * 64)
    with SearchIndex.open(path) as idx:
        assert [h.id for h in idx.search("goats")] == [1]
        assert not idx.needs_rebuild
    names = set(os.listdir(path))
    assert "MAIN_zzzzzzzzzzzzzzzz.seg" not in names
    assert "_MAIN_9.toc.1716200000.5" not in names and "MAIN.tmp" not in names


def test_writer_killed_before_commit_leaves_an_openable_index(tmp_path):
    path = tmp_path / "index"
    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha goats")])
    script = (
        "import os, sys\n"
        "from whoosh import index\n"
        "ix = index.open_dir(sys.argv[1], indexname='MAIN')\n"
        "w = ix.writer(limitmb=1)\n"
        "for i in range(300):\n"
        "    w.add_document(id=str(1000 + i), body='filler words ' * 200)\n"
        "os._exit(9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    with SearchIndex.open(path, lock_timeout=1.0) as idx:  # the dead process's lock is gone
        assert idx.ids() == {1}
        assert idx.add([doc(2, "beta")]) == 1


def test_unreadable_index_is_reset_and_flagged_for_rebuild(tmp_path):
    path = tmp_path / "index"
    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha")])
    for toc in path.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with SearchIndex.open(path) as idx:
        assert idx.needs_rebuild and idx.count() == 0
        idx.rebuild([doc(1, "alpha")])
    with SearchIndex.open(path) as idx:
        assert not idx.needs_rebuild and idx.ids() == {1}


def test_index_of_another_schema_version_is_reset(tmp_path):
    path = tmp_path / "index"
    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha")])
    (path / MARKER).write_text(json.dumps({"schema_version": -1}))
    with SearchIndex.open(path) as idx:
        assert idx.needs_rebuild and idx.count() == 0


def test_a_folder_with_a_foreign_index_is_refused(tmp_path):
    from whoosh import fields, index

    path = tmp_path / "foreign"
    path.mkdir()
    index.create_in(str(path), fields.Schema(text=fields.TEXT), indexname="MAIN")
    with pytest.raises(ArchiveError, match="did not make"):
        SearchIndex.open(path)


def test_destroy_removes_index_files_only(tmp_path):
    path = tmp_path / "index"
    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha")])
    SearchIndex.destroy(path)
    assert not path.exists()

    with SearchIndex.open(path) as idx:
        idx.add([doc(1, "alpha")])
    (path / "notes.txt").write_text("keep me")
    SearchIndex.destroy(path)
    assert sorted(p.name for p in Path(path).iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-20T09:14+0200", "2024-05-20T09:14:00"),
        ("2024-05-20T09:14:00+02:00", "2024-05-20T09:14:00"),
        ("2024-05-20T09:14:00Z", "2024-05-20T09:14:00"),
        ("2024-04-24", "2024-04-24T00:00:00"),
        ("20.05.2024", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_keep_the_source_wall_clock(value, expected):
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_writes_do_not_collide_when_someone_seeds_the_global_random(tmp_path):
    """Whoosh names segments from `random`; a seeded global generator must not make names repeat."""
    import random

    from niger_archive.search import SearchIndex

    idx = SearchIndex.open(tmp_path / "seeded")
    for n in range(3):
        random.seed(1234)
        idx.add([{"id": n, "title": f"title {n}", "body": "troops in Niger"}])
    assert idx.count() == 3
    idx.close()


def test_optimize_merges_segments_and_keeps_every_document(tmp_path):
    from niger_archive.search import SearchIndex

    idx = SearchIndex.open(tmp_path / "opt")
    for n in range(4):
        idx.add([{"id": n, "title": f"report {n}", "body": "troops leave Niger"}])
    before = sorted(h.id for h in idx.search("troops", limit=10))
    idx.optimize()
    assert sorted(h.id for h in idx.search("troops", limit=10)) == before == [0, 1, 2, 3]
    idx.close()
