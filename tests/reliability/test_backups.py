"""Snapshots of archive.db before migrations and bundle imports, daily, rotated; restore puts one back."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from reliability_tools import SAMPLES, held_by_other_process

from niger_archive.cli import main
from niger_archive.core.errors import ArchiveError, ArchiveLocked, BundleRejected
from niger_archive.services import backups, locking, restoring
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export
from niger_archive.services.settings import Settings
from niger_archive.store.database import known_migrations


def reasons(root) -> list[str]:
    return [s.reason for s in backups.list_snapshots(root)]


def rows(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def root(tmp_path):
    """A closed archive with the samples and one highlight noted "before"."""
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[0], "Niger", occurrence=1, note="before"))
    return root


def test_a_snapshot_is_a_whole_self_contained_copy(root):
    with Archive.open(root) as archive:
        snap = backups.snapshot(archive, "Before my big change!")
    assert snap.path.parent == root / "backups"
    assert snap.reason == "before-my-big-change"
    assert snap.path.name.startswith("archive-") and snap.path.name.endswith("-before-my-big-change.db")
    assert datetime.now(timezone.utc) - snap.taken < timedelta(minutes=1)
    assert not list(root.glob("backups/*-wal")) and not list(root.glob("backups/.*"))
    assert rows(snap.path, "PRAGMA journal_mode") == [("delete",)]
    assert rows(snap.path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(snap.path, "SELECT note FROM annotations") == [("before",)]


def test_snapshots_are_rotated_to_the_setting(root):
    with Archive.open(root, settings=Settings(backups_kept=3)) as archive:
        taken = [backups.snapshot(archive, f"n{i}").name for i in range(5)]
    names = [s.name for s in backups.list_snapshots(root) if not s.automatic]  # the daily one rotates apart
    assert len(names) == 3 and names == taken[-3:]


def test_a_daily_snapshot_is_taken_at_open_when_the_last_is_a_day_old(tmp_path):
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
    assert reasons(root) == []  # the archive was empty when it was opened: nothing to keep yet
    Archive.open(root).close()
    assert reasons(root) == ["daily"]
    Archive.open(root).close()
    assert reasons(root) == ["daily"]  # not again the same day
    only = backups.list_snapshots(root)[0]
    old = (datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y%m%dT%H%M%S")
    only.path.rename(only.path.with_name(f"archive-{old}-daily.db"))
    Archive.open(root).close()
    assert reasons(root) == ["daily", "daily"]


def test_a_migration_is_preceded_by_a_snapshot_of_the_old_schema(root):
    conn = sqlite3.connect(root / "archive.db")  # make it an archive of the schema before 0003
    conn.execute("DROP TABLE sync_state")
    conn.execute("DROP TABLE bundle_conflicts")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_bundles'")
    conn.commit()
    conn.close()
    with Archive.open(root) as archive:
        assert archive.migrations_applied == ["0003_bundles"]
        assert archive.annotations.find()[0].note == "before"
    snap = next(s for s in backups.list_snapshots(root) if s.reason == "before-migration")
    assert [r[0] for r in rows(snap.path, "SELECT name FROM _sqlite_migrations")] == [
        m for m in known_migrations() if m != "0003_bundles"]


def test_a_database_from_a_newer_version_is_not_opened_for_writing(root):
    conn = sqlite3.connect(root / "archive.db")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('niger_archive', '9999_future', '2099-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="newer version of Niger Archive"):
        Archive.open(root)
    assert locking.held_here(root) == 0  # the failed open gave the lock back
    with Archive.open(root, readonly=True) as archive:
        assert len(archive.list_articles()) == 5


def test_a_bundle_import_is_preceded_by_a_snapshot_a_dry_run_or_refusal_is_not(root, tmp_path):
    with Archive.open(root) as archive:
        run_export(archive, tmp_path / "all.nabundle")
    other_root = tmp_path / "other"
    with Archive.open(other_root) as other:
        other.import_files([SAMPLES])
        other.apply(other.editor.annotate_quote(other.current_ids()[1], "Niger", occurrence=1))
        import_bundle(other, tmp_path / "all.nabundle", dry_run=True)
        (tmp_path / "bad.nabundle").write_bytes(b"PK\x03\x04 not really a zip")
        with pytest.raises(BundleRejected):
            import_bundle(other, tmp_path / "bad.nabundle")
        assert "before-bundle-import" not in reasons(other_root)
        import_bundle(other, tmp_path / "all.nabundle")
    snap = next(s for s in backups.list_snapshots(other_root) if s.reason == "before-bundle-import")
    assert rows(snap.path, "SELECT count(*) FROM annotations") == [(1,)]  # the state before the merge


def test_restore_puts_the_snapshot_back_keeps_a_safety_copy_and_rebuilds_the_index(root):
    with Archive.open(root) as archive:
        snap = backups.snapshot(archive, "good")
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[1], "Niger", occurrence=1,
                                                    note="afterwards"))
        assert archive.search("afterwards")
    report = restoring.restore(root, snap.name)
    assert report.articles == 5 and report.annotations == 1 and report.indexed == 5
    assert rows(report.safety_snapshot, "SELECT note FROM annotations ORDER BY note") == [("afterwards",),
                                                                                         ("before",)]
    with Archive.open(root) as archive:
        assert [a.note for a in archive.annotations.find()] == ["before"]
        assert archive.search("before") and not archive.search("afterwards")
        assert archive.undo_label().startswith("Highlight")  # the history is the snapshot's
        assert archive.check().ok
    restoring.restore(root, report.safety_snapshot)  # a restore can itself be undone
    with Archive.open(root) as archive:
        assert sorted(a.note for a in archive.annotations.find()) == ["afterwards", "before"]


def test_restore_is_refused_while_another_process_has_the_archive(root):
    with Archive.open(root) as archive:
        snap = backups.snapshot(archive, "good")
    before = (root / "archive.db").read_bytes()
    with held_by_other_process(root) as pid:
        with pytest.raises(ArchiveLocked, match=f"in use by process {pid}"):
            restoring.restore(root, snap.name)
    assert (root / "archive.db").read_bytes() == before


def test_a_damaged_database_says_so_and_a_restore_brings_it_back(root):
    with Archive.open(root) as archive:
        snap = backups.snapshot(archive, "good")
    db = root / "archive.db"
    data = bytearray(db.read_bytes())
    data[0:100] = b"\xff" * 100  # the SQLite header is gone
    db.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="restore"):
        Archive.open(root)
    report = restoring.restore(root, snap.name)
    assert report.safety_snapshot.endswith("-before-restore-damaged.db") and report.notes
    with Archive.open(root) as archive:
        assert [a.note for a in archive.annotations.find()] == ["before"]
        assert archive.check().ok


def test_restore_refuses_what_is_not_a_usable_snapshot(root, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ArchiveError):
        restoring.restore(root, junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ArchiveError, match="not a Niger Archive database"):
        restoring.restore(root, other)
    with pytest.raises(ArchiveError, match="no snapshot"):
        restoring.restore(root, "archive-1999")
    with Archive.open(root) as archive:
        assert [a.note for a in archive.annotations.find()] == ["before"]


def test_backup_and_restore_from_the_command_line(root, capsys):
    assert main(["backup", "--reason", "by hand", "--archive", str(root)]) == 0
    assert "snapshot taken" in capsys.readouterr().out
    assert main(["backup", "--list", "--json", "--archive", str(root)]) == 0
    listed = json.loads(capsys.readouterr().out)
    name = next(s["name"] for s in listed if s["reason"] == "by-hand")
    with Archive.open(root) as archive:
        archive.apply(archive.editor.set_note(archive.annotations.find()[0].id, "changed"))
    assert main(["restore", name, "--json", "--archive", str(root)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["annotations"] == 1 and report["safety_snapshot"]
    with Archive.open(root) as archive:
        assert archive.annotations.find()[0].note == "before"
    assert main(["restore", "archive-1999", "--archive", str(root)]) == 1
    assert "no snapshot" in capsys.readouterr().err
