"""The search index writer (a child process during large imports) dies with the process that started it.

An audit found that after a SIGKILL of the importing process its orphaned writer went on committing for
2–8 s: an open in that time waited 7–24 s for the index and could leave superseded versions in it. Now
the writer ends the moment its parent does (``PR_SET_PDEATHSIG`` on Linux, a watch on its parent
elsewhere, and the end of its input everywhere) without committing, and the next open catches the index
up from the store, to exactly the store's current articles.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from reliability_tools import KilledChild, make_distinct_articles

from niger_archive.services.archive import Archive

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the writer through /proc")]


def writer_pids(index_dir: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"writer_process" in part for part in command) and any(
                str(index_dir).encode() in part for part in command):
            pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("with-versions")
    paths = make_distinct_articles(folder, 700)
    for path in paths[:150]:  # new versions of earlier files: their earlier versions leave the index
        text = path.read_text("utf-8")
        path.with_name(path.stem + "-v2.txt").write_text(text + "\n\nUpdated: the ministry confirmed it later.\n", "utf-8")
    return folder


def test_a_killed_import_takes_its_index_writer_with_it_and_the_next_open_is_exact(tmp_path, folder):
    root = tmp_path / "archive"
    child = KilledChild("import", str(root), str(folder))
    deadline = time.monotonic() + 120
    while sum(line.startswith("article ") for line in child.lines()) < 560:
        assert child.proc.poll() is None and time.monotonic() < deadline, "the import ended before the kill"
        time.sleep(0.01)
    assert writer_pids(root), "the import should be writing its index in a child process"
    child.run(0)
    killed = time.monotonic()
    gone_by = killed + 3  # the kernel signals at once; this only allows for a busy machine
    while writer_pids(root) and time.monotonic() < gone_by:
        time.sleep(0.005)
    assert writer_pids(root) == [], "the index writer outlived the killed import"
    # It committed nothing after its parent died (a bulk session commits every 20,000 documents, so
    # nothing was committed before the kill either): what the index lacks, the store has.
    from whoosh import index as whoosh_index

    assert whoosh_index.open_dir(str(root / "index")).doc_count() == 0

    with Archive.open(root) as archive:
        assert archive.crashed_last_time
        current = set(archive.current_ids())
        assert archive.index_ids() == current  # the open ends correct: nothing missing, no superseded version
        report = archive.check()
        assert report.ok and report.missing_from_index == [] and report.extra_in_index == [], report.problems


def test_a_parse_worker_whose_importer_died_ends_quietly(tmp_path):
    """A parse worker whose answers can no longer be read ends without a BrokenPipeError traceback."""
    import subprocess

    from niger_archive.platform.processes import write_message
    from niger_archive.services.parse_pool import worker_command

    stderr = tmp_path / "stderr.txt"
    with open(stderr, "wb") as err:
        worker = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                  cwd=Path(__file__).resolve().parents[2])
        worker.stdout.close()  # the importer is gone: nobody reads the answers
        text = ("Niamey, 3 March 2024. The council met and agreed the budget for the coming year. " * 40).encode()
        try:
            for _ in range(3):
                write_message(worker.stdin, (text, "a.txt"))
            worker.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        assert worker.wait(timeout=60) is not None
    assert "Traceback" not in stderr.read_text(), stderr.read_text()
