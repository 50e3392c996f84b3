"""No text from articles, metadata, notes or entity names is ever interpreted as rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from niger_archive.ui.library_model import TITLE
from niger_archive.ui.snippet_delegate import snippet_runs

HOSTILE = "<img src=x onerror=alert(1)><b>bold</b>"


def test_a_hostile_title_outlet_note_and_entity_show_literally(qtbot, make_window, sample_archive):
    root = sample_archive.root
    article_id = sample_archive.current_ids()[0]
    ed = sample_archive.editor
    sample_archive.apply(ed.correct_metadata(article_id, "title", HOSTILE))
    sample_archive.apply(ed.correct_metadata(article_id, "outlet", "<i>outlet</i>"))
    created = ed.create_annotation(article_id, 0, 20, note="<script>alert(2)</script>")
    sample_archive.apply(created)
    entity = ed.create_entity("<u>Entity</u>", "person")
    sample_archive.apply(entity)
    sample_archive.apply(ed.link_mention(created.target, entity.target))
    sample_archive.apply(ed.mark_claim(created.target, statement=HOSTILE))
    sample_archive.close()

    window = make_window(root)
    window.open_article(article_id)
    window.reader.set_current(created.target)
    window.focus_target("claims")
    model = window.library.model
    row = model.row_of(article_id)
    assert model.data(model.index(row, TITLE)) == HOSTILE
    assert window.reader.header.edits["title"].text() == HOSTILE
    assert window.reader.header.edits["outlet"].text() == "<i>outlet</i>"
    assert window.inspector.note.toPlainText() == "<script>alert(2)</script>"
    assert window.inspector.entities.item(0).text().startswith("<u>Entity</u>")
    assert window.claims.model.data(window.claims.model.index(0, 1)) == HOSTILE

    # every label in the window (and the help window) shows plain text only
    window.show_help()
    labels = [w for top in QApplication.topLevelWidgets() for w in top.findChildren(QLabel)]
    assert labels
    rich = [label.text() for label in labels if label.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []
    assert not window.grab().isNull()


def test_snippet_runs_keep_markup_as_text():
    assert snippet_runs("x «<b>hit</b>» y") == [("x ", False), ("<b>hit</b>", True), (" y", False)]
    assert snippet_runs("unbalanced « mark") == [("unbalanced « mark", False)]
