"""Bundles in the window, by keyboard: export with a scope and a format, import after the dry run, settle conflicts."""

from __future__ import annotations

import csv
import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from niger_archive.services import bundle_exchange
from niger_archive.services.archive import Archive
from niger_archive.services.editing import new_id

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def focus():
    return QApplication.focusWidget()


def answer(qtbot, window, text: str | None) -> None:
    """Type an answer into the prompt (None: take what it proposes) and press Enter."""
    assert window.prompt.isVisible() and focus() is window.prompt.edit
    if text is not None:
        window.prompt.edit.clear()
        qtbot.keyClicks(focus(), text)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)


def test_export_asks_scope_and_format_and_runs_on_the_worker(qtbot, make_window, sample_archive, tmp_path):
    article_id = sample_archive.current_ids()[1]
    annotation_id = new_id()
    sample_archive.apply_steps("claim", [
        lambda ed: ed.create_annotation(article_id, 0, 40, annotation_id=annotation_id),
        lambda ed: ed.mark_claim(annotation_id),
    ])
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")

    qtbot.keyClick(focus(), Qt.Key.Key_E, CTRL_SHIFT)
    assert window.prompt.title.text() == "Export what"
    labels = [window.prompt.list.item(i).text() for i in range(window.prompt.list.count())]
    assert any(label.startswith("Whole archive") for label in labels)
    assert any(label.startswith("Article in the reader") for label in labels)
    answer(qtbot, window, None)  # the article in the reader is proposed
    assert window.prompt.title.text() == "Export as"
    answer(qtbot, window, "CSV table of claims")
    assert window.prompt.title.text() == "Export to"
    out = tmp_path / "claims"
    answer(qtbot, window, str(out))
    idle(qtbot, window)
    written = tmp_path / "claims.csv"  # the suffix of the format is added
    assert written.is_file()
    with written.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert "Exported articles" in window.statusBar().currentMessage()

    # the whole archive as a bundle
    qtbot.keyClick(focus(), Qt.Key.Key_E, CTRL_SHIFT)
    answer(qtbot, window, "Whole archive")
    answer(qtbot, window, None)  # bundle is proposed
    answer(qtbot, window, str(tmp_path / "all"))
    idle(qtbot, window)
    bundle = tmp_path / "all.nabundle"
    assert zipfile.is_zipfile(bundle)
    assert "the whole archive" in window.statusBar().currentMessage()


def _conflicting_bundle(sample_archive, tmp_path):
    """A bundle changing a highlight's note that this archive changed too since it exported it."""
    article_id = sample_archive.current_ids()[0]
    annotation_id = new_id()
    sample_archive.apply(sample_archive.editor.create_annotation(article_id, 10, 50, note="first",
                                                                 annotation_id=annotation_id))
    first = tmp_path / "first.nabundle"
    bundle_exchange.run_export(sample_archive, first)
    with Archive.open(tmp_path / "colleague") as colleague:
        bundle_exchange.import_bundle(colleague, first)
        colleague.apply(colleague.editor.set_note(annotation_id, "the colleague's note"))
        colleague.apply(colleague.editor.create_annotation(colleague.current_ids()[2], 5, 30))
        second = tmp_path / "second.nabundle"
        bundle_exchange.run_export(colleague, second)
    sample_archive.apply(sample_archive.editor.set_note(annotation_id, "my note"))
    sample_archive.close()
    return second, annotation_id


def test_import_bundle_shows_the_dry_run_then_conflicts_are_settled_by_keys(qtbot, make_window, sample_archive,
                                                                          tmp_path):
    bundle, annotation_id = _conflicting_bundle(sample_archive, tmp_path)
    window = make_window(sample_archive.root)
    before = window.archive.annotations.annotation(annotation_id).note

    qtbot.keyClick(focus(), Qt.Key.Key_B, CTRL_SHIFT)
    assert window.prompt.title.text() == "Import bundle"
    answer(qtbot, window, str(bundle))
    qtbot.waitUntil(lambda: window.prompt.isVisible() and window.prompt.title.text().startswith("Import second"),
                    timeout=30_000)
    summary = window.prompt.message.text()
    assert "Adds 1 highlight" in summary and "In conflict: 1 highlight changed both here and in the bundle" in summary
    assert window.archive.annotations.annotation(annotation_id).note == before  # a dry run changes nothing
    answer(qtbot, window, None)  # Import is proposed
    idle(qtbot, window)
    assert "Imported second.nabundle" in window.statusBar().currentMessage()

    qtbot.keyClick(focus(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    review = window.review
    assert focus() is review.conflicts and review.conflict_model.rowCount() == 1
    row = review.conflict_model.row_at(0)
    assert row["view"]["kind"] == "highlight" and "my note" in row["view"]["here"]
    assert "the colleague's note" in row["view"]["incoming"]
    qtbot.keyClick(focus(), "i")  # take the incoming version
    assert window.archive.annotations.annotation(annotation_id).note == "the colleague's note"
    assert review.conflict_model.rowCount() == 0 and not bundle_exchange.list_conflicts(window.archive)
    qtbot.keyClick(focus(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.archive.annotations.annotation(annotation_id).note == "my note"


def test_keep_local_and_a_cancelled_import(qtbot, make_window, sample_archive, tmp_path):
    bundle, annotation_id = _conflicting_bundle(sample_archive, tmp_path)
    window = make_window(sample_archive.root)
    count = len(window.archive.annotations.find())

    window.commands.run("file.import_bundle", str(bundle))  # as when the file manager opens a bundle
    qtbot.waitUntil(lambda: window.prompt.isVisible() and window.prompt.title.text().startswith("Import"),
                    timeout=30_000)
    answer(qtbot, window, "Cancel")
    assert "was not imported" in window.statusBar().currentMessage()
    assert len(window.archive.annotations.find()) == count

    window.open_paths([str(bundle)])
    qtbot.waitUntil(lambda: window.prompt.isVisible() and window.prompt.title.text().startswith("Import"),
                    timeout=30_000)
    answer(qtbot, window, None)
    idle(qtbot, window)
    assert len(window.archive.annotations.find()) == count + 1
    window.focus_target("review")
    qtbot.keyClick(focus(), "l")  # keep the local version
    assert window.archive.annotations.annotation(annotation_id).note == "my note"
    assert not bundle_exchange.list_conflicts(window.archive)
    assert "Kept this archive's version" in window.statusBar().currentMessage()
