"""Large imports parse in worker processes: the same outcomes, rows and index as parsing in-process."""

from __future__ import annotations

import sys

import pytest

from bench.corpus import CorpusGenerator
from niger_archive.core.models import ImportOutcome
from niger_archive.services import importing, parse_pool
from niger_archive.services.archive import Archive

pytestmark = pytest.mark.slow  # starts worker processes (about a second each)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    CorpusGenerator(60).write(folder, per_folder=25)  # includes re-scrapes (new versions)
    first = sorted((folder / "batch0000").iterdir())[0]
    (folder / "batch0001" / f"zz_copy_{first.name}").write_bytes(first.read_bytes())  # a duplicate
    (folder / "batch0000" / "zz_empty.txt").write_text("   \n\n", encoding="utf-8")
    (folder / "batch0000" / "zz_binary.html").write_bytes(b"\x00\x01\x02" * 50)
    return folder


def summary(archive: Archive, outcomes: list[ImportOutcome]) -> dict:
    rows = archive.db.execute(
        "SELECT sha256, title, outlet, published, language, text, offset_map, version_of FROM articles ORDER BY id"
    ).fetchall()
    return {
        "outcomes": [(o.path, o.status, o.article_id, o.version_of, o.reason) for o in outcomes],
        "rows": rows,
        "index": archive.index.ids(),
        "hits": [h.id for h in archive.index.search("troops", 100)],
    }


def run_import(folder, corpus, monkeypatch, pool_min: int) -> dict:
    monkeypatch.setattr(importing, "POOL_MIN_FILES", pool_min)
    with Archive.open(folder) as archive:
        outcomes = archive.import_files([corpus])
        return summary(archive, outcomes)


def test_workers_give_the_same_archive_as_one_process(tmp_path, corpus, monkeypatch):
    alone = run_import(tmp_path / "alone", corpus, monkeypatch, pool_min=10**9)
    pooled = run_import(tmp_path / "pooled", corpus, monkeypatch, pool_min=1)
    assert pooled == alone
    statuses = [status for _, status, *_ in alone["outcomes"]]
    assert {"imported", "duplicate", "version", "failed"} <= set(statuses)


def test_a_worker_that_cannot_run_leaves_the_parsing_to_this_process(tmp_path, corpus, monkeypatch):
    alone = run_import(tmp_path / "alone", corpus, monkeypatch, pool_min=10**9)
    monkeypatch.setattr(parse_pool, "worker_command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"])
    broken = run_import(tmp_path / "broken", corpus, monkeypatch, pool_min=1)
    assert broken == alone


def test_cancelling_stops_the_workers_and_keeps_what_was_imported(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(importing, "POOL_MIN_FILES", 1)
    started = []
    real_pool = importing.ParsePool

    def recording_pool(workers):
        pool = real_pool(workers)
        started.extend(w.process for w in pool.workers)
        return pool

    monkeypatch.setattr(importing, "ParsePool", recording_pool)
    with Archive.open(tmp_path / "cancelled") as archive:
        events = archive.import_paths([corpus])
        outcomes = []
        for event in events:
            if isinstance(event, ImportOutcome):
                outcomes.append(event)
                if len(outcomes) == 10:
                    break
        events.close()
        assert started and all(p.poll() is not None for p in started)  # no worker left running
        kept = [o.article_id for o in outcomes if o.status in ("imported", "version")]
        assert sorted(archive.current_ids()) == sorted(kept)
        assert archive.index.ids() == set(kept)


def test_a_large_import_commits_its_last_articles_apart_and_indexes_every_one(tmp_path, corpus, monkeypatch):
    """Near the end the writer is asked to commit what it holds, so that the commit nothing overlaps
    (storing is over) is a small one; the index still holds exactly the current articles."""
    alone = run_import(tmp_path / "alone", corpus, monkeypatch, pool_min=10**9)
    monkeypatch.setattr(importing, "INDEX_BATCH", 10)
    monkeypatch.setattr(importing, "LAST_SEGMENT_MIN", 10)
    with Archive.open(tmp_path / "bulk") as archive:
        monkeypatch.setattr(importing, "POOL_MIN_FILES", 1)
        outcomes = archive.import_files([corpus])
        assert summary(archive, outcomes) == alone
        sizes = [segment.doc_count() for segment in archive.index._ix._segments()]
    assert len(sizes) == 2 and sizes[1] * 2 < sizes[0], sizes
