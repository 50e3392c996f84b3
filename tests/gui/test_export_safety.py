"""Exports never silently overwrite (the window asks; the CLI wants --force), the file gets the usual
permissions, and the summary says what the file holds — ClaimReview leaves unreviewed claims out and says so."""

from __future__ import annotations

import json
import os
import stat

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from niger_archive.cli import main

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _four_claims(archive):
    ed = archive.editor
    for article_id in archive.current_ids()[:4]:
        highlight = ed.create_annotation(article_id, 0, 40)
        archive.apply(highlight)
        archive.apply(ed.mark_claim(highlight.target))


def test_cli_export_refuses_to_overwrite_without_force_and_says_what_the_file_holds(
        sample_archive, tmp_path, capsys):
    _four_claims(sample_archive)
    sample_archive.close()
    out = tmp_path / "reviews.json"
    out.write_text("keep me")
    args = ["--archive", str(sample_archive.root), "export", str(out), "--format", "claimreview"]
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err and out.read_text() == "keep me"

    old = os.umask(0o022)
    try:
        assert main([*args, "--force"]) == 0
    finally:
        os.umask(old)
    printed = capsys.readouterr().out
    assert "0 claims with a verdict; 4 without are left out" in printed
    assert json.loads(out.read_text())["@graph"] == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o644

    bundle = tmp_path / "all.nabundle"
    assert main(["--archive", str(sample_archive.root), "export", str(bundle)]) == 0
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o644
    assert "5 articles, 4 highlights, 4 claims" in capsys.readouterr().out


def test_window_export_asks_before_replacing_a_file(qtbot, make_window, sample_archive, tmp_path):
    _four_claims(sample_archive)
    sample_archive.close()
    window = make_window(sample_archive.root)
    out = tmp_path / "claims.csv"
    out.write_text("keep me")

    def answer(text):
        edit = window.prompt.edit
        assert window.prompt.isVisible() and QApplication.focusWidget() is edit
        if text is not None:
            edit.clear()
            qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    def export_to_existing():
        window.focus_target("reader")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL_SHIFT)
        if window.prompt.title.text() == "Export what":
            answer("Whole archive")
        answer("CSV table of claims")
        answer(str(out))
        assert window.prompt.title.text() == "claims.csv exists"

    export_to_existing()
    answer(None)  # the proposed answer keeps the file
    assert out.read_text() == "keep me"
    assert "unchanged" in window.statusBar().currentMessage()

    export_to_existing()
    answer("Replace it")
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    assert out.read_text().startswith("claim_id") or "4 claims" in window.statusBar().currentMessage()
    assert "4 claims (one row each)" in window.statusBar().currentMessage()
