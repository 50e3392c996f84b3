"""One writing process per archive: a clear refusal for the second, stale locks taken over, read-only opening."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
from reliability_tools import ROOT, SAMPLES, folder_state, held_by_other_process, open_then_kill

from niger_archive.core.errors import ArchiveError, ArchiveLocked
from niger_archive.services import locking
from niger_archive.services.archive import Archive


@pytest.fixture
def closed_archive(tmp_path):
    """An archive folder holding the samples and one highlight, closed."""
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
        article = archive.current_ids()[0]
        archive.apply(archive.editor.annotate_quote(article, "Niger", occurrence=1, note="first note"))
    return root


def test_a_second_process_is_refused_with_who_holds_the_archive(closed_archive):
    with held_by_other_process(closed_archive) as pid:
        with pytest.raises(ArchiveLocked) as info:
            Archive.open(closed_archive)
        message = str(info.value)
        assert f"in use by process {pid} ({socket.gethostname()})" in message
        assert str(closed_archive) in message
        assert locking.owner(closed_archive).pid == pid
    with Archive.open(closed_archive) as archive:  # released when the other process closed it
        assert not archive.crashed_last_time


def test_the_command_line_says_who_holds_the_archive(closed_archive):
    with held_by_other_process(closed_archive) as pid:
        done = subprocess.run([sys.executable, "-m", "niger_archive", "annotate", "1", "--quote", "Niger",
                               "--occurrence", "2", "--archive", str(closed_archive)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1
    assert f"is in use by process {pid}" in done.stderr and "Traceback" not in done.stderr


def test_a_lock_left_by_a_killed_process_is_taken_over_and_reported_as_a_crash(closed_archive):
    open_then_kill(closed_archive)
    assert locking.owner(closed_archive) is None  # the OS dropped the dead process's lock
    with Archive.open(closed_archive) as archive:
        assert archive.crashed_last_time
        assert archive.check().crashed_last_time
    with Archive.open(closed_archive) as archive:  # that session closed cleanly
        assert not archive.crashed_last_time


def test_one_process_may_open_the_archive_many_times(closed_archive):
    first = Archive.open(closed_archive)
    second = Archive.open(closed_archive)
    from_thread: list = []
    worker = threading.Thread(target=lambda: from_thread.append(Archive.open(closed_archive)))
    worker.start()
    worker.join(30)
    assert locking.held_here(closed_archive) == 3
    second.apply(second.editor.set_note(second.annotations.find()[0].id, "from the second"))
    assert first.annotations.find()[0].note == "from the second"
    first.close()
    from_thread[0].close()
    assert locking.held_here(closed_archive) == 1
    other = subprocess.run([sys.executable, "-c", "import sys\nfrom niger_archive.services.archive import Archive\n"
                            "Archive.open(sys.argv[1])", str(closed_archive)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert other.returncode == 1 and "ArchiveLocked" in other.stderr  # held while one Archive is open
    second.close()
    assert locking.held_here(closed_archive) == 0 and locking.owner(closed_archive) is None


def test_closing_twice_does_not_release_another_holders_share(closed_archive):
    first = Archive.open(closed_archive)
    second = Archive.open(closed_archive)
    first.close()
    first.close()
    assert locking.held_here(closed_archive) == 1
    second.close()
    assert locking.held_here(closed_archive) == 0


def unchanged_by_reader(root, before, *, writer_open: bool = False) -> bool:
    """Nothing written but SQLite's shared-memory file (readers use it) and, unless a writer has the
    archive open (its log holds its pages), at most an empty write-ahead log."""
    wal = root / "archive.db-wal"
    empty_log = writer_open or not wal.exists() or wal.stat().st_size == 0
    return folder_state(root, skip=("archive.db-",)) == before and empty_log


def test_read_only_opening_takes_no_lock_writes_nothing_and_searches(closed_archive):
    with held_by_other_process(closed_archive):
        before = folder_state(closed_archive, skip=("archive.db-",))
        with Archive.open(closed_archive, readonly=True) as archive:
            assert archive.readonly and not archive.crashed_last_time
            hits = archive.search("Niger")
            assert hits and all(h.title for h in hits)
            assert archive.search('"first note"')  # notes are in the index too
            assert len(archive.list_articles()) == 5
            assert archive.check().ok
        assert unchanged_by_reader(closed_archive, before, writer_open=True)


def test_read_only_edits_imports_and_repairs_are_refused_clearly(closed_archive):
    with Archive.open(closed_archive, readonly=True) as archive:
        annotation = archive.annotations.find()[0].id
        edit = archive.editor.set_note(annotation, "changed")
        for attempt in (lambda: archive.apply(edit), lambda: archive.undo(),
                        lambda: archive.import_files([SAMPLES]), lambda: archive.check(repair=True),
                        lambda: list(archive.reindex())):
            with pytest.raises(ArchiveError, match="open read-only"):
                attempt()
        assert archive.annotations.annotation(annotation).note == "first note"


def test_read_only_without_a_usable_index_searches_a_temporary_one(closed_archive):
    import shutil

    shutil.rmtree(closed_archive / "index")
    before = folder_state(closed_archive, skip=("archive.db-",))
    with Archive.open(closed_archive, readonly=True) as archive:
        assert [h.id for h in archive.search("Campbell")]
        temp = archive.indexing._temp_dir
        assert temp is not None and temp.exists()
    assert not temp.exists()
    assert unchanged_by_reader(closed_archive, before) and not (closed_archive / "index").exists()


def test_read_only_opening_of_a_missing_archive_is_an_error(tmp_path):
    with pytest.raises(ArchiveError, match="no archive database"):
        Archive.open(tmp_path / "nothing", readonly=True)
    assert not (tmp_path / "nothing").exists()
