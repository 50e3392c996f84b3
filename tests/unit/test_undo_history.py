"""Undo steps: typing folds into one step per field, never across sessions or a long pause; menu texts say what undo restores."""

from __future__ import annotations

from pathlib import Path

import pytest

from niger_archive.services import archive as archive_module
from niger_archive.services.archive import MERGE_PAUSE, Archive

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "001_8408759f885e106c.txt"


@pytest.fixture
def highlighted(archive_dir):
    """An archive holding one article with one highlight marked as a claim: (archive dir, annotation, claim)."""
    archive = Archive.open(archive_dir)
    archive.import_files([SAMPLE])
    created = archive.editor.create_annotation(archive.current_ids()[0], 0, 40)
    archive.apply(created)
    marked = archive.editor.mark_claim(created.target)
    archive.apply(marked)
    archive.close()
    return archive_dir, created.target, marked.target


def type_note(archive: Archive, annotation_id: str, *texts: str) -> None:
    for text in texts:  # what the window saves after each typing pause
        archive.apply(archive.editor.set_note(annotation_id, text), merge=True)


def test_typing_in_one_session_is_one_undo_step(highlighted):
    root, annotation_id, _claim = highlighted
    with Archive.open(root) as archive:
        type_note(archive, annotation_id, "fir", "first", "first draft")
        assert archive.undo_status().undo == "Edit note — back to empty"
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == ""
        assert archive.undo_label() == "Mark as claim"


def test_one_undo_after_reopening_takes_back_only_the_new_sessions_typing(highlighted):
    root, annotation_id, _claim = highlighted
    with Archive.open(root) as archive:
        type_note(archive, annotation_id, "first", "first session")
    with Archive.open(root) as archive:
        type_note(archive, annotation_id, "first session, then", "first session, then more")
        assert archive.undo_status().undo == "Edit note — back to “first session”"
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == "first session"
        assert archive.undo_status().redo == "Edit note — to “first session, then more”"
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == ""


def test_a_pause_of_a_minute_starts_a_new_step(highlighted, monkeypatch):
    root, annotation_id, _claim = highlighted
    now = [1000.0]
    monkeypatch.setattr(archive_module.Archive, "_clock", staticmethod(lambda: now[0]))
    with Archive.open(root) as archive:
        type_note(archive, annotation_id, "before lunch")
        now[0] += MERGE_PAUSE - 1
        type_note(archive, annotation_id, "before lunch.")  # still the same step
        now[0] += MERGE_PAUSE
        type_note(archive, annotation_id, "before lunch. After lunch")
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == "before lunch."
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == ""


def test_typing_after_an_undo_starts_a_new_step(highlighted):
    root, annotation_id, _claim = highlighted
    with Archive.open(root) as archive:
        type_note(archive, annotation_id, "one")
        archive.apply(archive.editor.set_claim(_claim, verdict="false"))
        archive.undo()
        type_note(archive, annotation_id, "one two")
        archive.undo()
        assert archive.annotations.annotation(annotation_id).note == "one"


def test_typed_tags_fold_into_one_step_that_says_what_undo_takes_off(highlighted):
    root, annotation_id, _claim = highlighted
    with Archive.open(root) as archive:
        for typed in (["econ"], ["economy"], ["economy", "sahel"]):
            current = archive.annotations.annotation(annotation_id).tags
            steps = [(lambda ed, t=t: ed.remove_tag(annotation_id, t)) for t in current if t not in typed]
            steps += [(lambda ed, t=t: ed.add_tag(annotation_id, t)) for t in typed if t not in current]
            archive.apply_steps("Edit tags", steps, kind="annotation.tags", merge=True)
        assert archive.undo_status().undo == "Edit tags — takes off “economy”, “sahel”"
        archive.undo()
        assert archive.annotations.annotation(annotation_id).tags == []
        assert archive.undo_label() == "Mark as claim"


def test_menu_texts_name_the_field_for_claims_and_metadata(highlighted):
    root, annotation_id, claim_id = highlighted
    with Archive.open(root) as archive:
        article_id = archive.current_ids()[0]
        title = archive.get_article(article_id).title
        archive.apply(archive.editor.set_claim(claim_id, attribution_text="the ministry"), merge=True)
        assert archive.undo_status().undo == "Edit attribution — back to empty"
        archive.apply(archive.editor.correct_metadata(article_id, "title", "Better"), merge=True)
        archive.apply(archive.editor.correct_metadata(article_id, "title", "Better title"), merge=True)
        assert archive.undo_status().undo == "Correct title — back to the imported value"
        archive.undo()
        assert archive.get_article(article_id).title == title
        assert archive.undo_status().redo == "Correct title — to “Better title”"
