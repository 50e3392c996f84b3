"""Archives made by every released schema open with the current code: migrations apply, the data is
intact, undo and redo work, the search index is rebuilt.

The fixtures are folders under tests/fixtures/archives/, one per schema (made by make_fixture.py
there; see docs/reliability.md for when to add one). Each test opens a copy, never the fixture.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from niger_archive.services import backups
from niger_archive.services.archive import Archive
from niger_archive.store.database import known_migrations, schema_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
RELEASED = sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
KEYS = ("articles", "corrections", "annotations", "tags", "claims", "clusters", "relations", "entities",
        "mentions", "history")


def test_there_is_a_fixture_for_the_current_schema():
    assert known_migrations()[-1] in [p.name for p in RELEASED], (
        "the schema changed: run tests/fixtures/archives/make_fixture.py and commit its folder")


@pytest.fixture(params=RELEASED, ids=[p.name for p in RELEASED])
def fixture_copy(request, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(request.param, root, ignore=shutil.ignore_patterns("expected.json"))
    return root, json.loads((request.param / "expected.json").read_text(encoding="utf-8"))


def facts(archive: Archive) -> dict:
    def table(sql: str) -> list:
        return [list(r) for r in archive.db.execute(sql).fetchall()]

    return {
        "articles": table("SELECT id, sha256, title, outlet, superseded_by FROM articles ORDER BY id"),
        "corrections": table("SELECT article_id, field, value FROM article_corrections ORDER BY 1, 2"),
        "annotations": table('SELECT id, article_id, start, "end", exact, color, note, anchor_status '
                             "FROM annotations ORDER BY id"),
        "tags": table("SELECT annotation_id, tag FROM annotation_tags ORDER BY 1, 2"),
        "claims": table("SELECT id, annotation_id, statement, attribution_text, verdict, explanation "
                        "FROM claims ORDER BY id"),
        "clusters": table("SELECT c.label, m.claim_id FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id "
                          "ORDER BY 1, 2"),
        "relations": table("SELECT source_claim_id, target_claim_id, relation FROM claim_relations ORDER BY 1"),
        "entities": table("SELECT id, type, name, aliases, identifiers FROM entities ORDER BY id"),
        "mentions": table("SELECT annotation_id, entity_id FROM mentions ORDER BY 1, 2"),
        "history": table("SELECT seq, label, undone FROM history ORDER BY seq"),
    }


def test_an_archive_of_a_released_schema_opens_whole_with_this_version(fixture_copy):
    root, expected = fixture_copy
    with Archive.open(root) as archive:
        assert archive.migrations_applied == [m for m in known_migrations() if m not in expected["schema"]]
        assert schema_version(archive.db) == known_migrations()
        found = facts(archive)
        for key in KEYS:
            assert found[key] == expected[key], key
        assert any("rebuilt" in note for note in archive.open_notes)  # fixtures carry no index
        for query, ids in expected["searches"].items():
            assert sorted(h.id for h in archive.search(query, limit=50)) == ids, query
        report = archive.check()
        assert report.ok, report.problems
    if archive.migrations_applied:
        assert "before-migration" in [s.reason for s in backups.list_snapshots(root)]


def test_undo_and_redo_continue_the_fixture_history(fixture_copy):
    root, expected = fixture_copy
    with Archive.open(root) as archive:
        assert archive.undo_label() == expected["undo_label"]
        assert archive.redo_label() == expected["redo_label"]
        before = facts(archive)
        redone, _ = archive.redo()
        assert redone is not None and facts(archive) != before
        archive.undo()
        assert facts(archive) == before
        steps = sum(1 for _, _, undone in expected["history"] if not undone)
        for _ in range(steps):
            assert archive.undo()[0] is not None
        assert archive.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
        assert archive.db.execute("SELECT count(*) FROM article_corrections").fetchone()[0] == 0
        for _ in range(steps):
            archive.redo()
        assert {k: v for k, v in facts(archive).items() if k != "history"} == {
            k: v for k, v in before.items() if k != "history"}
