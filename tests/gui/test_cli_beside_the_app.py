"""The CLI beside the app: while another process (the app, an import) holds the archive, every read command
works on a consistent snapshot; only writes are refused, naming the holder. Switching archives in the window
(Ctrl+O) lets go of the old archive's lock and database at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HOLDER = """
import sys, time
from niger_archive.services.archive import Archive
archive = Archive.open(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
archive.close()
"""


@pytest.fixture
def held(sample_archive, tmp_path):
    """The sample archive (one claim in a cluster), held open for writing by another process."""
    ed = sample_archive.editor
    article_id = sample_archive.current_ids()[0]
    highlight = ed.create_annotation(article_id, 0, 40)
    sample_archive.apply(highlight)
    mark = ed.mark_claim(highlight.target)
    sample_archive.apply(mark)
    cluster = ed.create_cluster("US troops in Niger")
    sample_archive.apply(cluster)
    sample_archive.apply(ed.add_to_cluster(cluster.target, [mark.target]))
    sample_archive.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample_archive.root)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    yield sample_archive.root, holder.pid, article_id
    holder.communicate("\n", timeout=60)


def cli(root, *args):
    env = {**os.environ, "NIGER_ARCHIVE_CONFIG": os.environ.get("NIGER_ARCHIVE_CONFIG", "")}
    return subprocess.run([sys.executable, "-m", "niger_archive", "--archive", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_read_commands_work_while_another_process_holds_the_archive(held, tmp_path):
    root, pid, article_id = held
    for args in (["list"], ["show", str(article_id)], ["search", "troops"], ["annotations", str(article_id)],
                 ["claims"], ["entities"], ["compare", "US troops in Niger"], ["cluster", "list"], ["tags"],
                 ["history"], ["check"], ["export", str(tmp_path / "claims.csv"), "--format", "csv"],
                 ["export", str(tmp_path / "report.html"), "--format", "html"]):
        done = cli(root, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "in use" not in done.stderr
    listed = json.loads(cli(root, "list", "--json").stdout)
    assert len(listed) == 5
    assert (tmp_path / "claims.csv").read_text().count("\n") == 2  # the header and the one claim


def test_write_commands_are_refused_naming_the_holder(held, tmp_path):
    root, pid, article_id = held
    for args in (["annotate", str(article_id), "--quote", "Niger"], ["export", str(tmp_path / "a.nabundle")],
                 ["check", "--repair"]):
        done = cli(root, *args)
        assert done.returncode != 0, args
        assert str(pid) in done.stderr, (args, done.stderr)


def test_switching_archives_releases_the_old_lock_and_database_at_once(qtbot, make_window, sample_archive,
                                                                         tmp_path):
    sample_archive.close()
    window = make_window(sample_archive.root)
    assert cli(sample_archive.root, "tag", "rename", "x", "y").returncode != 0  # held by the window
    window.switch_archive(str(tmp_path / "other"))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    # another process may write at once: the old archive's lock and database were let go
    probe = subprocess.run([sys.executable, "-c", "import sys\nfrom niger_archive.services.archive import Archive\n"
                            "Archive.open(sys.argv[1]).close(); print('taken')", str(sample_archive.root)],
                           capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == "taken", probe.stderr
