"""Dropping a Hypothesis export (.json) on the window places its highlights on the archived article."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

ARTICLE = ("Title: Junta expels envoy\nURL: https://sahel-daily.example/2024/08/envoy\nSource: Sahel Daily\n\n"
           "The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday. "
           "The embassy called the order unlawful.\n")


def test_dropping_a_hypothesis_export_places_its_highlights_as_one_undo_step(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    source = tmp_path / "envoy.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    (outcome,) = window.archive.import_files([source])
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps({"annotations": [{
        "id": "drop1", "uri": "https://sahel-daily.example/2024/08/envoy?utm_medium=social", "text": "deadline?",
        "tags": ["deadline"], "user": "acct:amina@hypothes.is", "created": "2024-08-06T10:00:00+00:00",
        "target": [{"source": "https://sahel-daily.example/2024/08/envoy",
                    "selector": [{"type": "TextQuoteSelector", "exact": "48 hours to leave Niamey",
                                  "prefix": "French envoy ", "suffix": ", the foreign"}]}]}]}), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(export))])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: bool(window.archive.annotations.find(outcome.article_id)), timeout=10_000)
    (placed,) = window.archive.annotations.find(outcome.article_id)
    assert placed.note == "deadline?" and placed.tags == ["deadline"]
    assert "hypothesis.json: 1 placed" in window.statusBar().currentMessage()
    assert "Import 1 Hypothesis annotation from hypothesis.json" in window.undo.undo_text()
    window.commands.run("edit.undo")
    assert window.archive.annotations.find(outcome.article_id) == []
