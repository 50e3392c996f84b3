"""A process killed (SIGKILL) at random moments never loses a committed step or leaves a half article.

The child (crash_child.py) prints a line only after each step's transaction committed. After every
kill the archive is reopened: the database passes ``integrity_check``, every article is whole (row,
original with the right SHA-256, offset map that fits text and original), every printed step is in
the database, and the search index agrees with the store again (repaired on open).
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest
from reliability_tools import SAMPLES, KilledChild, make_distinct_articles

from niger_archive.services.archive import HISTORY_KEPT, Archive

pytestmark = pytest.mark.slow

IMPORT_KILLS = 16
EDIT_KILLS = 16


def assert_consistent(root: Path, *, crashed: bool) -> Archive:
    archive = Archive.open(root)
    try:
        assert archive.crashed_last_time is crashed
        assert archive.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        report = archive.check()  # originals vs SHA-256, offset maps vs text and original, anchors, index ids
        assert report.ok, report.problems
        assert report.missing_from_index == [] and report.extra_in_index == []
        assert report.index_queue == 0
    except BaseException:
        archive.close()
        raise
    return archive


@pytest.fixture(scope="module")
def five_hundred(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("five-hundred")
    make_distinct_articles(folder, 500)
    return folder


def test_killed_imports_leave_whole_articles_or_none(tmp_path, five_hundred):
    r = random.Random(20240601)
    files = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in five_hundred.iterdir()}
    archive_no, root = 0, tmp_path / "import-0"
    printed: dict[int, str] = {}
    kills = 0
    while kills < IMPORT_KILLS:
        lines = KilledChild("import", str(root), str(five_hundred)).run(r.uniform(0.0, 1.2))
        finished = "closed" in lines
        kills += not finished
        for line in lines:
            if line.startswith("article "):
                _, article_id, path = line.split(" ", 2)
                printed[int(article_id)] = path
        archive = assert_consistent(root, crashed=not finished)
        try:
            rows = dict(archive.db.execute("SELECT id, sha256 FROM articles").fetchall())
            for article_id, path in printed.items():  # every reported import is there, with its bytes
                assert rows.get(article_id) == files[path], (article_id, path)
            assert set(rows.values()) <= set(files.values())
            assert len(set(rows.values())) == len(rows)  # no file imported twice across the kills
            assert archive.index.count() == len(rows)
        finally:
            archive.close()
        if finished or len(printed) == len(files):  # all imported: kill the next ones in a new archive
            archive_no += 1
            root, printed = tmp_path / f"import-{archive_no}", {}


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edits") / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
    return root


def test_killed_edit_bursts_keep_every_committed_edit(tmp_path, sample_root):
    root = tmp_path / "archive"
    shutil.copytree(sample_root, root)
    r = random.Random(7)
    annotations: dict[str, str] = {}
    tags: set[tuple[str, str]] = set()
    claims: dict[str, str] = {}
    steps = 0
    for seed in range(EDIT_KILLS):
        lines = KilledChild("edit", str(root), str(seed)).run(r.uniform(0.0, 1.0))
        assert "closed" not in lines
        for line in lines:
            kind, *rest = line.split(" ")
            steps += kind in ("annotation", "tag", "claim", "compound")
            if kind in ("annotation", "compound"):
                annotations[rest[0]] = rest[1]
            if kind == "tag":
                tags.add((rest[0], rest[1]))
            if kind in ("claim", "compound"):
                claims[rest[0]] = rest[-1]
        archive = assert_consistent(root, crashed=True)
        try:
            notes = dict(archive.db.execute("SELECT id, note FROM annotations").fetchall())
            assert {k: notes.get(k) for k in annotations} == annotations
            stored_tags = set(archive.db.execute("SELECT annotation_id, tag FROM annotation_tags").fetchall())
            assert tags <= stored_tags
            stored_claims = dict(archive.db.execute("SELECT annotation_id, attribution_text FROM claims").fetchall())
            assert {k: stored_claims.get(k) for k in claims} == claims
            # one undo step per printed step, plus at most one committed-but-unprinted step per kill
            history = archive.db.execute("SELECT count(*) FROM history WHERE undone = 0").fetchone()[0]
            assert min(steps, HISTORY_KEPT) <= history <= min(steps + seed + 1, HISTORY_KEPT)
        finally:
            archive.close()
    assert len(annotations) > 20 and tags and claims  # the kills landed among real work


def test_after_a_kill_every_step_still_undoes(tmp_path, sample_root):
    root = tmp_path / "archive"
    shutil.copytree(sample_root, root)
    lines = KilledChild("edit", str(root), "99").run(0.5)
    assert any(line.startswith(("annotation ", "compound ")) for line in lines)
    with Archive.open(root) as archive:
        steps = archive.db.execute("SELECT count(*) FROM history WHERE undone = 0").fetchone()[0]
        assert steps < HISTORY_KEPT
        for _ in range(steps):
            assert archive.undo()[0] is not None
        assert archive.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
        assert archive.check().ok
