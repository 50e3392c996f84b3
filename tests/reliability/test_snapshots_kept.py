"""Issue 21, item 1: snapshots are never lost by the operations that protect them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from reliability_tools import SAMPLES

from niger_archive.core.errors import ArchiveError
from niger_archive.services import backups, restoring
from niger_archive.services.archive import Archive
from niger_archive.services.settings import Settings


def notes(root) -> list[str]:
    conn = sqlite3.connect(f"file:{root / 'archive.db'}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM annotations ORDER BY note")]
    finally:
        conn.close()


def aged(snap: backups.Snapshot, when: datetime) -> backups.Snapshot:
    """The snapshot renamed as if taken at ``when`` (rotation reads the time from the name)."""
    name = f"archive-{when.strftime('%Y%m%dT%H%M%S')}-{snap.reason}.db"
    path = snap.path.rename(snap.path.with_name(name))
    return backups.Snapshot(path, when.replace(microsecond=0), snap.reason, snap.size)


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[0], "Niger", occurrence=1, note="first"))
    return root


def take(root, reason: str, when: datetime, note: str | None = None) -> backups.Snapshot:
    with Archive.open(root) as archive:
        if note:
            archive.apply(archive.editor.annotate_quote(archive.current_ids()[1], "Niger", occurrence=1, note=note))
        return aged(backups.snapshot(archive, reason), when)


def test_restoring_the_oldest_of_ten_snapshots_keeps_it_and_succeeds(root):
    now = datetime.now(timezone.utc)
    snaps = [take(root, "manual", now - timedelta(minutes=60 - i), note=f"n{i}" if i == 0 else None)
             for i in range(backups.DEFAULT_KEEP)]
    oldest = snaps[0]
    report = restoring.restore(root, oldest.name, keep=backups.DEFAULT_KEEP)
    assert oldest.path.exists(), "the snapshot the user chose was deleted"
    assert report.restored == str(oldest.path)
    assert notes(root) == ["first", "n0"]
    restoring.restore(root, oldest.name, keep=backups.DEFAULT_KEEP)  # and again: still there
    assert oldest.path.exists()


def test_trial_restores_and_bundle_imports_never_push_out_the_users_snapshots(root):
    now = datetime.now(timezone.utc)
    mine = [take(root, "manual", now - timedelta(days=3, minutes=i)) for i in range(3)]
    with Archive.open(root, settings=Settings(backups_kept=3)) as archive:
        for _ in range(12):
            backups.snapshot(archive, "before-bundle-import")
    for _ in range(4):
        restoring.restore(root, mine[0].name, keep=3)
    left = backups.list_snapshots(root)
    assert all(s.path.exists() for s in mine)
    assert sum(1 for s in left if s.automatic) <= 3 + 1  # the automatic ones rotate among themselves


def test_rotation_keeps_a_snapshot_from_each_of_the_last_days_and_weeks(root):
    now = datetime.now(timezone.utc)
    with Archive.open(root) as archive:
        first = backups.snapshot(archive, "daily")
    days = [aged(first, now - timedelta(days=60))]
    with Archive.open(root) as archive:
        for d in range(59, 0, -1):
            days.append(aged(backups.snapshot(archive, "daily"), now - timedelta(days=d)))
        for _ in range(20):
            backups.snapshot(archive, "before-bundle-import")  # a burst today
    kept = {s.taken.date() for s in backups.list_snapshots(root)}
    for d in range(1, 7):  # every one of the last days
        assert (now - timedelta(days=d)).date() in kept
    weeks = {s.taken.isocalendar()[:2] for s in backups.list_snapshots(root)}
    assert len(weeks) >= backups.WEEKLY_SPREAD
    assert len(backups.list_snapshots(root)) <= backups.DEFAULT_KEEP + backups.DAILY_SPREAD + backups.WEEKLY_SPREAD


def test_a_restore_that_cannot_finish_changes_nothing_and_deletes_nothing(root, monkeypatch):
    now = datetime.now(timezone.utc)
    snaps = [take(root, "manual", now - timedelta(minutes=60 - i)) for i in range(backups.DEFAULT_KEEP)]
    with Archive.open(root) as archive:
        archive.apply(archive.editor.annotate_quote(archive.current_ids()[2], "Niger", occurrence=1, note="today"))
    before = notes(root)

    def broken(source, target):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(backups, "_copy_into", broken)
    with pytest.raises(ArchiveError, match="not changed"):
        restoring.restore(root, snaps[0].name, keep=backups.DEFAULT_KEEP)
    assert all(s.path.exists() for s in snaps)
    assert notes(root) == before
    with Archive.open(root) as archive:
        assert archive.check(verify_originals=False).ok
