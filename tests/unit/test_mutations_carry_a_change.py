"""Every mutation says what it changed (a `Change`), so the window refreshes from it: edits, imports,
bundle merges (a dry run changes nothing) and settling a bundle conflict."""

from __future__ import annotations

from pathlib import Path

from niger_archive.core.models import Change, ImportOutcome
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, list_conflicts, resolve_conflict, run_export

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def merged(results) -> Change:
    change = Change()
    for result in results:
        change.merge(result.change)
    return change


def test_an_import_carries_the_articles_it_stored(archive):
    outcomes = archive.import_files([SAMPLES])
    assert merged(outcomes).articles == set(archive.current_ids())
    again = archive.import_files([SAMPLES])  # duplicates change nothing
    assert all(o.status == "duplicate" for o in again)
    assert ImportOutcome("x.txt", "failed", reason="unreadable").change.is_empty()


def test_a_bundle_merge_changes_everything_its_dry_run_nothing(sample_archive, tmp_path):
    run_export(sample_archive, tmp_path / "all.nabundle")
    with Archive.open(tmp_path / "other") as other:
        look = import_bundle(other, tmp_path / "all.nabundle", dry_run=True)
        assert look.changes > 0 and look.change.is_empty()
        done = import_bundle(other, tmp_path / "all.nabundle")
        assert done.change.everything and not done.change.is_empty()
        assert Change().merge(done.change).everything


def test_settling_a_conflict_returns_what_it_changed(sample_archive, tmp_path):
    article_id = sample_archive.current_ids()[0]
    edit = sample_archive.editor.create_annotation(article_id, 0, 20, note="ours")
    sample_archive.apply(edit)
    run_export(sample_archive, tmp_path / "first.nabundle")
    with Archive.open(tmp_path / "other") as other:
        import_bundle(other, tmp_path / "first.nabundle")
        other.apply(other.editor.set_note(edit.target, "theirs"))
        run_export(other, tmp_path / "theirs.nabundle")
    sample_archive.apply(sample_archive.editor.set_note(edit.target, "ours, edited"))
    report = import_bundle(sample_archive, tmp_path / "theirs.nabundle")
    assert report.conflicts, report.to_dict()
    conflict = next(c for c in report.conflicts if c["kind"] == "annotation")
    stored = next(c for c in list_conflicts(sample_archive) if c["record_id"] == conflict["id"])
    change = resolve_conflict(sample_archive, stored["id"], "incoming")
    assert isinstance(change, Change) and edit.target in change.annotations and article_id in change.articles
    assert sample_archive.annotations.annotation(edit.target).note == "theirs"
