"""Migration 0006_copies_not_versions: an archive whose copies of one story were folded into one lineage
(the rule before it compared only the texts) gets them back as articles, with their annotations where
they were made and without the corrections they only inherited."""

from __future__ import annotations

import shutil
from pathlib import Path

from niger_archive.services.archive import Archive
from niger_archive.services.copies import copies_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"


def _fold_like_the_old_importer(archive: Archive, chain: list[int]) -> None:
    """What importing the files one by one did before 0006: each a 'version' of the one before,
    the annotations moved onto the newest, the corrections copied along."""
    db = archive.db
    with archive.writing():
        for n, article_id in enumerate(chain):
            db.execute("UPDATE articles SET imported_at = ? WHERE id = ?", [f"2026-01-0{n + 1}T00:00:00+00:00", article_id])
        for older, newer in zip(chain, chain[1:]):
            db.execute("UPDATE articles SET version_of = ? WHERE id = ?", [older, newer])
            db.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [newer, older])
            db.execute("INSERT OR IGNORE INTO article_corrections (article_id, field, value, corrected_at) "
                       "SELECT ?, field, value, corrected_at FROM article_corrections WHERE article_id = ?",
                       [newer, older])
        db.execute("UPDATE annotations SET article_id = ?", [chain[-1]])
        db.execute("DROP TABLE article_copies")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_copies_not_versions'")


def test_copies_folded_into_one_lineage_are_split_back_with_their_highlights(tmp_path):
    files = shutil.copytree(FIXTURES, tmp_path / "files")
    root = tmp_path / "A"
    archive = Archive.open(root)
    try:
        archive.import_files([files / "a_ap.txt", files / "b_courier.txt", files / "c_metro.txt"])
        notes = {}
        for article_id, quote, made in ((1, "drone base outside Agadez", "2026-01-01T12:00:00+00:00"),
                                        (2, "spirit of mutual respect", "2026-01-02T12:00:00+00:00"),
                                        (3, "Sahel, a vast region", "2026-01-03T12:00:00+00:00")):
            edit = archive.editor.annotate_quote(article_id, quote, note=f"made on {article_id}")
            archive.apply(edit)
            notes[edit.target] = (article_id, made)
        archive.apply(archive.editor.correct_metadata(1, "title", "US hands over its last base in Niger"))
        archive.import_files([files / "a_ap_rescrape.txt"])  # after the work: a superseded id takes none
        assert archive.current_ids() == [2, 3, 4]  # 4 is the AP re-scrape, a version of 1
        with archive.writing():
            for ann_id, (_, made) in notes.items():
                archive.db.execute("UPDATE annotations SET created = ? WHERE id = ?", [made, ann_id])
            archive.db.execute("UPDATE articles SET version_of = NULL, superseded_by = NULL")
        _fold_like_the_old_importer(archive, [1, 2, 3, 4])
        assert archive.current_ids() == [4]  # one article left in view: the state the issue reports
    finally:
        archive.close()

    archive = Archive.open(root)  # the migration runs
    try:
        assert archive.current_ids() == [2, 3, 4]
        assert archive.latest_version(1) == 4  # the AP re-scrape is the AP article's version again
        for ann_id, (article_id, _) in notes.items():
            annotation = archive.annotations.annotation(ann_id)
            home = archive.latest_version(article_id)
            assert (annotation.article_id, annotation.anchor_status) == (home, "exact"), annotation.note
        assert archive.get_article(4).title == "US hands over its last base in Niger"
        assert archive.get_article(2).title == "US completes withdrawal from Niger"  # inherited correction gone
        assert archive.get_article(3).title == "Last American troops leave Niger"
        assert {c.article_id for c in copies_of(archive, 4)} == {2, 3}
        assert {c.article_id for c in copies_of(archive, 3)} == {2, 4}
        assert {h.id for h in archive.search("Agadez")} == {2, 3, 4}
        assert archive.check().ok
    finally:
        archive.close()
