"""A full disk or a read-only folder: a failed write leaves the archive as it was and says so."""

from __future__ import annotations

import os
import stat

import pytest
from reliability_tools import ROOT, SAMPLES, folder_state, is_root, remount_readonly, small_mount

from niger_archive.core.errors import ArchiveError, BundleRejected
from niger_archive.services import backups
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

NEW_FILE = ROOT / "tests" / "fixtures" / "articles" / "wire_ap.txt"
UNLIMITED = 1_073_741_823


def state(archive: Archive) -> dict:
    db = archive.db
    return {
        "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
        "annotations": db.execute("SELECT id, note FROM annotations ORDER BY id").fetchall(),
        "history": db.execute("SELECT seq, label, undone FROM history ORDER BY seq").fetchall(),
        "undo": archive.undo_label(),
    }


@pytest.fixture
def annotated(tmp_path):
    archive = Archive.open(tmp_path / "archive")
    archive.import_files([SAMPLES])
    archive.apply(archive.editor.annotate_quote(archive.current_ids()[0], "Niger", occurrence=1, note="kept"))
    yield archive
    archive.close()


def fill_the_database(archive: Archive) -> None:
    """SQLITE_FULL from now on: the database may not grow by a single page."""
    pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
    archive.db.execute(f"PRAGMA max_page_count = {pages}")


def test_an_edit_on_a_full_disk_changes_nothing_and_says_so(annotated):
    annotation = annotated.annotations.find()[0].id
    before = state(annotated)
    fill_the_database(annotated)
    with pytest.raises(ArchiveError, match=r"disk is full.*nothing was changed"):
        annotated.apply(annotated.editor.set_note(annotation, "x" * 200_000))
    assert state(annotated) == before
    annotated.db.execute(f"PRAGMA max_page_count = {UNLIMITED}")  # space freed: the same edit now works
    annotated.apply(annotated.editor.set_note(annotation, "x" * 200_000))
    assert annotated.undo_label() and annotated.annotations.annotation(annotation).note == "x" * 200_000


def test_a_compound_step_on_a_full_disk_is_all_or_nothing(annotated):
    before = state(annotated)
    article = annotated.current_ids()[1]
    made: list[str] = []

    def highlight(editor):
        edit = editor.annotate_quote(article, "Niger", occurrence=1, note="n" * 100_000)
        made.append(edit.target)
        return edit

    fill_the_database(annotated)
    with pytest.raises(ArchiveError, match="disk is full"):
        annotated.apply_steps("Highlight and claim", [highlight, lambda e: e.mark_claim(made[0])])
    assert state(annotated) == before


def test_an_import_on_a_full_disk_fails_that_file_and_leaves_the_archive_whole(annotated):
    before = state(annotated)
    fill_the_database(annotated)
    outcomes = annotated.import_files([NEW_FILE])
    assert [o.status for o in outcomes] == ["failed"] and "disk is full" in outcomes[0].reason
    assert state(annotated) == before
    annotated.db.execute(f"PRAGMA max_page_count = {UNLIMITED}")
    report = annotated.check()
    assert report.ok, report.problems  # at most an unreferenced original, which check --repair removes
    assert annotated.import_files([NEW_FILE])[0].status == "imported"


def test_a_bundle_merge_on_a_full_disk_is_refused_and_rolled_back(annotated, tmp_path):
    run_export(annotated, tmp_path / "all.nabundle")
    other = Archive.open(tmp_path / "other")
    try:
        before = state(other)
        fill_the_database(other)
        with pytest.raises(BundleRejected, match="disk is full.*the archive is unchanged"):
            import_bundle(other, tmp_path / "all.nabundle")
        assert state(other) == before
        assert not any((tmp_path / "other" / "originals").rglob("*.*"))  # the originals it wrote are gone
    finally:
        other.close()


def test_a_really_full_disk(tmp_path):
    """A 3 MB file system filled to the last byte: every write fails cleanly; freeing space is enough."""
    with small_mount(tmp_path / "disk", "3m") as disk:
        root = disk / "archive"
        archive = Archive.open(root)
        archive.import_files([SAMPLES])
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[0], "Niger", occurrence=1, note="kept"))
        annotation = archive.annotations.find()[0].id
        before = state(archive)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
        os.close(fd)
        with pytest.raises(ArchiveError, match=r"disk is full.*nothing was changed"):
            archive.apply(archive.editor.set_note(annotation, "y" * 300_000))
        outcome = archive.import_files([NEW_FILE])[0]
        assert outcome.status == "failed" and "No space left" in outcome.reason
        with pytest.raises(ArchiveError, match="cannot take a backup"):
            backups.snapshot(archive, "manual")
        assert archive.search("Niger")  # reading still works
        assert state(archive) == before
        archive.close()
        filler.unlink()
        with Archive.open(root) as reopened:
            assert state(reopened) == before
            report = reopened.check(repair=True)
            assert report.ok, report.problems
            reopened.apply(reopened.editor.set_note(annotation, "after"))
        assert not list((root / "backups").glob(".*.tmp"))  # no half-written snapshot left behind


def _make_readonly(folder, disk=None):
    if disk is not None:
        remount_readonly(disk)
        return
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _readonly_checks(root):
    with pytest.raises(ArchiveError, match="read-only"):
        Archive.open(root)
    with Archive.open(root, readonly=True) as archive:
        assert len(archive.list_articles()) == 5
        assert [h.id for h in archive.search("Campbell")]
        with pytest.raises(ArchiveError, match="open read-only"):
            archive.apply(archive.editor.set_note(archive.annotations.find()[0].id, "no"))


def test_a_read_only_folder_is_refused_for_writing_and_readable(tmp_path):
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[0], "Niger", occurrence=1))
    if is_root():
        with small_mount(tmp_path / "disk", "8m") as disk:  # root ignores permissions: use a read-only mount
            import shutil

            shutil.copytree(root, disk / "archive")
            before = folder_state(disk / "archive")
            _make_readonly(disk / "archive", disk)
            _readonly_checks(disk / "archive")
            assert folder_state(disk / "archive") == before
    else:
        before = folder_state(root)
        _make_readonly(root)
        try:
            _readonly_checks(root)
            assert folder_state(root, skip=("archive.db-",)) == {k: v for k, v in before.items()
                                                                 if not k.startswith("archive.db-")}
        finally:
            for path in [root, *root.rglob("*")]:
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
