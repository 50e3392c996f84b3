"""Issue 21: `check` finds the user's work stranded on superseded article versions (left there by
earlier releases: a redo after a re-import, a claim on an old id) and `check --repair` moves it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from niger_archive.services.archive import Archive

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "000_02df90e2cb36411c.txt"
QUOTE = "senior US military official said on Sunday"


@pytest.fixture
def stranded(tmp_path):
    """Article 1 superseded by 2, with a claim and a correction left on 1 as the old bugs left them."""
    story = tmp_path / "story.txt"
    shutil.copy(SAMPLE, story)
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([story])
        story.write_text(story.read_text(encoding="utf-8").replace("emphasized", "stressed"), encoding="utf-8")
        assert archive.import_files([story])[0].version_of == 1
        with archive.writing():  # what a redo after the re-import did before this fix
            start = archive.articles.text(1).index(QUOTE)
            archive.db.execute(
                'INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix, color, note, author, '
                "created, modified, anchor_status, anchor_score) VALUES ('a1', 1, ?, ?, ?, '', '', NULL, 'keep me', "
                "'', '2024-01-01', '2024-01-01', 'exact', 1.0)", [start, start + len(QUOTE), QUOTE])
            archive.db.execute(
                "INSERT INTO claims (id, annotation_id, statement, attribution_entity_id, attribution_text, kind, "
                "quantities, dates, verdict, explanation, created, modified) VALUES ('c1', 'a1', ?, NULL, '', "
                "'statement', '[]', '[]', 'false', '', '2024-01-01', '2024-01-01')", [QUOTE])
            archive.db.execute("INSERT INTO article_corrections (article_id, field, value, corrected_at) "
                               "VALUES (1, 'author', '\"Jane Roe\"', '2024-01-01')")
    return root


def test_check_says_a_claim_left_on_a_superseded_version_is_hidden(stranded):
    with Archive.open(stranded) as archive:
        report = archive.check(verify_originals=False)
    assert not report.ok
    assert report.stranded_annotations == ["a1"] and report.stranded_corrections == [(1, "author")]
    assert any("1 annotations (1 of them claims) and 1 metadata corrections sit on superseded" in p
               for p in report.problems), report.problems


def test_check_repair_moves_stranded_work_to_the_current_version(stranded):
    with Archive.open(stranded) as archive:
        report = archive.check(repair=True, verify_originals=False)
        assert report.ok, report.problems
        ann = archive.annotations.annotation("a1")
        assert ann.article_id == 2 and ann.anchor_status == "exact" and ann.note == "keep me"
        assert archive.get_article(2).author == "Jane Roe"
        assert [h.id for h in archive.search("verdict:false")] == [2]
        assert archive.check(verify_originals=False).ok
