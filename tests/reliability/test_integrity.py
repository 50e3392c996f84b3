"""``check`` finds what is wrong; ``check --repair`` fixes what the store can rebuild and reports the rest;
opening an archive brings a stale search index up to date by itself."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time

import pytest
from reliability_tools import SAMPLES, open_then_kill

from niger_archive.cli import main
from niger_archive.services.archive import Archive
from niger_archive.store.originals import OriginalsStore
from niger_archive.store.packing import pack_text, unpack_text


@pytest.fixture
def root(tmp_path):
    """A closed archive: the samples, two highlights (one a claim), an entity mention."""
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
        first, second = archive.current_ids()[:2]
        edit = archive.editor.annotate_quote(first, "Niger", occurrence=2, note="second mention")
        archive.apply(edit)
        archive.apply(archive.editor.mark_claim(edit.target))
        archive.apply(archive.editor.annotate_quote(second, "Niger", occurrence=1, tags=["place"]))
    return root


def sql(root, statement, params=()):
    conn = sqlite3.connect(root / "archive.db")
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        out = conn.execute(statement, params).fetchall()
        conn.commit()
        return out
    finally:
        conn.close()


def test_a_sound_archive_checks_ok(root):
    with Archive.open(root) as archive:
        report = archive.check()
    assert report.ok and report.problems == [] and report.annotations == 2
    assert report.articles == report.indexed == 5 and not report.crashed_last_time


def test_an_annotation_whose_quote_moved_is_reported_and_re_anchored(root):
    ann_id, start, end = sql(root, 'SELECT id, start, "end" FROM annotations WHERE note = ?', ["second mention"])[0]
    sql(root, 'UPDATE annotations SET start = start + 7, "end" = "end" + 7 WHERE id = ?', [ann_id])
    with Archive.open(root) as archive:
        report = archive.check()
        assert not report.ok and report.misplaced_annotations == [ann_id]
        assert any("no longer at their position" in p for p in report.problems)
        repaired = archive.check(repair=True)
        assert repaired.ok, repaired.problems
        assert any("re-anchored" in r for r in repaired.repaired)
        fixed = archive.annotations.annotation(ann_id)
        assert (fixed.start, fixed.end, fixed.exact) == (start, end, "Niger")
        assert fixed.anchor_status in ("moved", "exact") and archive.check().ok


def test_an_annotation_whose_passage_is_gone_becomes_an_orphan_never_deleted(root):
    ann_id = sql(root, "SELECT id FROM annotations WHERE note = ?", ["second mention"])[0][0]
    sql(root, "UPDATE annotations SET exact = ?, prefix = '', suffix = '' WHERE id = ?",
        ["a sentence that appears nowhere in this article at all", ann_id])
    with Archive.open(root) as archive:
        report = archive.check(repair=True)
        assert report.ok, report.problems
        orphan = archive.annotations.annotation(ann_id)
        assert orphan.anchor_status == "orphan" and orphan.start is None
        assert orphan.exact.startswith("a sentence that appears nowhere")
        assert archive.annotations.claim_id_for_annotation(ann_id)  # its claim is kept too
        assert any("annotations --review" in n for n in report.notes)


def test_problems_that_cannot_be_repaired_are_reported_with_what_to_do(root):
    sql(root, "INSERT INTO mentions (annotation_id, entity_id) VALUES ('no-such-annotation', 'no-such-entity')")
    article_id, digest = sql(root, "SELECT id, sha256 FROM articles ORDER BY id LIMIT 1")[0]
    original = OriginalsStore(root / "originals").path_for(digest)
    original.chmod(0o644)
    original.write_bytes(original.read_bytes() + b" tampered")
    (stored,) = sql(root, "SELECT text FROM articles WHERE id = ?", [article_id + 1])[0]
    sql(root, "UPDATE articles SET text = ? WHERE id = ?", [pack_text(unpack_text(stored) + " extra"), article_id + 1])
    with Archive.open(root) as archive:
        report = archive.check(repair=True)
    assert not report.ok
    assert report.foreign_key_problems == 1 and report.corrupt_originals == [article_id]
    assert report.bad_offset_maps == [article_id + 1]
    text = " ".join(report.problems)
    assert "foreign keys" in text and "originals changed on disk" in text and "offset map" in text
    assert "restore the archive folder from a copy" in text


def test_files_left_in_originals_by_an_interrupted_import_are_cleared(root):
    stray = root / "originals" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"half an import")
    with Archive.open(root) as archive:
        report = archive.check(repair=True)
        assert report.ok and report.unreferenced_originals == 1 and stray.exists()  # too recent to be sure
        old = time.time() - 3600
        os.utime(stray, (old, old))
        report = archive.check(repair=True)
    assert not stray.exists() and report.unreferenced_originals == 0 and report.repaired


def test_opening_rebuilds_a_missing_or_unreadable_index(root):
    shutil.rmtree(root / "index")
    with Archive.open(root) as archive:
        assert any("rebuilt" in n for n in archive.open_notes)
        assert archive.check().ok and archive.search("Campbell")
    for path in (root / "index").iterdir():  # every index file unreadable, whatever the engine
        if path.is_file() and not path.name.endswith(".json"):
            path.write_bytes(b"garbage" * 100)
    with Archive.open(root) as archive:
        assert archive.check().ok and archive.search("Campbell")


def test_opening_catches_up_an_index_that_lags_behind_the_store(root):
    with Archive.open(root) as archive:
        victim = archive.current_ids()[2]
        archive.index.delete([victim])  # as if killed between the import's commit and its indexing
    with Archive.open(root) as archive:
        assert any("1 articles added" in n for n in archive.open_notes)
        assert victim in archive.index_ids() and archive.check().ok


def test_opening_flushes_edits_whose_index_update_was_lost(root):
    ann_id = sql(root, "SELECT id FROM annotations WHERE note = ?", ["second mention"])[0][0]
    article_id = sql(root, "SELECT article_id FROM annotations WHERE id = ?", [ann_id])[0][0]
    sql(root, "UPDATE annotations SET note = 'zanzibarian remark' WHERE id = ?", [ann_id])
    sql(root, "INSERT INTO index_queue (article_id) VALUES (?)", [article_id])  # committed, never indexed
    with Archive.open(root) as archive:
        assert [h.id for h in archive.index.search("zanzibarian")] == [article_id]
        assert archive.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0


def test_after_a_crash_check_says_so_and_the_ids_are_compared_in_full(root):
    with Archive.open(root) as archive:
        ids = archive.current_ids()
        archive.index.delete([ids[0]])
        archive.index.add(archive.index_documents([ids[0]]))
        archive.index.delete([ids[1]])
        archive.index.add([{"id": 999, "title": "a ghost", "body": "boo"}])  # same count, wrong ids
    open_then_kill(root)
    with Archive.open(root) as archive:
        assert archive.crashed_last_time
        report = archive.check()
        assert report.crashed_last_time and report.ok, report.problems  # the full compare on open fixed it


def test_check_from_the_command_line_reports_then_repairs(root, capsys):
    shutil.rmtree(root / "index")
    ann_id = sql(root, "SELECT id FROM annotations WHERE note = ?", ["second mention"])[0][0]
    sql(root, 'UPDATE annotations SET start = start + 3, "end" = "end" + 3 WHERE id = ?', [ann_id])
    assert main(["check", "--json", "--archive", str(root)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["missing_from_index"] and report["misplaced_annotations"] == [ann_id]
    assert main(["check", "--repair", "--archive", str(root)]) == 0
    out = capsys.readouterr().out
    assert "repaired: search index rebuilt" in out and "annotations re-anchored" in out and out.endswith("ok\n")
