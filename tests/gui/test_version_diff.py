"""Issue 18 beside the reader: when the open article has earlier versions (re-scrapes), D shows what
changed — removed and added lines, the figure that changed, the highlights that moved — in a pane next
to the reader; J / K walk the changes, the list picks the earlier version, and the article's text
(markup included) is shown exactly as written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
MARKUP = '<b>Agadez</b> <img src="file:///etc/passwd"> &amp; <a href="x">link</a>'


def _versions(tmp_path):
    """The AP story with markup in it, then the same file re-scraped: the figure changed (and the
    markup line with it) and the closing paragraph reworded; then one more line added."""
    first = (FIXTURES / "a_ap.txt").read_text(encoding="utf-8")
    first = first.replace("left the drone base outside Agadez", f"left the drone base outside {MARKUP}")
    second = (first.replace("About 200 American troops", "About 300 American troops")
              .replace("Published: 2024-08-05T15:05:00+00:00",
                       "Published: 2024-08-05T15:05:00+00:00\nUpdated: 2024-08-05T19:40:00+00:00")
              .replace("read on state television", "broadcast on state television"))
    third = second.replace("Updated: 2024-08-05T19:40:00+00:00", "Updated: 2024-08-06T08:00:00+00:00") \
        + "\nThis story has been updated with a correction.\n"
    return first, second, third


def test_d_shows_the_version_diff_beside_the_reader(qtbot, make_window, archive, tmp_path):
    first, second, third = _versions(tmp_path)
    story = tmp_path / "story.txt"
    ids = []
    for text in (first, second, third):
        story.write_text(text, encoding="utf-8")  # the same file re-imported: a new version
        outcome = archive.import_files([story])[0]
        ids.append(outcome.article_id)
        if len(ids) == 1:  # a highlight on the passage the update rewords
            quote = "read on state television"
            start = archive.get_article(ids[0]).text.index(quote)
            archive.apply(archive.editor.create_annotation(ids[0], start, start + len(quote)))
    assert len(set(ids)) == 3
    root = archive.root
    archive.close()

    window = make_window(root)
    window.open_article(ids[-1])
    window.focus_target("reader")
    assert not window.docks["versions"].isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D)
    pane = window.versions
    qtbot.waitUntil(lambda: window.docks["versions"].isVisible(), timeout=5000)
    assert QApplication.focusWidget() is pane.view
    assert window.dockWidgetArea(window.docks["versions"]) == Qt.DockWidgetArea.RightDockWidgetArea

    # the previous version is compared first; the list offers both earlier ones, newest first
    assert [pane.older.itemData(i) for i in range(pane.older.count())] == [ids[1], ids[0]]
    assert pane.summary.text().startswith(f"Version {ids[1]} (2024-08-05 19:40) → version {ids[2]} (2024-08-06 08:00)")
    lines = pane.view.toPlainText().splitlines()
    assert "+ This story has been updated with a correction." in lines
    assert "No figure changed" in lines

    # choose the first version with the keyboard: the figure, the markup line and the reworded quote
    pane.older.setFocus()
    qtbot.keyClick(pane.older, Qt.Key.Key_Down)
    assert pane.older.currentData() == ids[0]
    text = pane.view.toPlainText()
    lines = text.splitlines()
    assert "Figures that changed:" in lines
    assert "  “About 200 American troops” → “About 300 American troops”" in lines
    # the highlight made on the first version sits on the passage the update reworded
    assert "Highlights that moved or whose passage changed:" in lines
    assert any(line.startswith("  “") and "on state television" in line and line.endswith(")")
               for line in lines[lines.index("Highlights that moved or whose passage changed:"):])
    removed = [line for line in lines if line.startswith("− ")]
    added = [line for line in lines if line.startswith("+ ")]
    assert any(line.startswith("− About 200 American troops left the drone base outside " + MARKUP)
               for line in removed)
    assert any(line.startswith("+ About 300 American troops left the drone base outside " + MARKUP)
               for line in added)
    assert any("read on state television" in line for line in removed)
    assert any("broadcast on state television" in line for line in added)
    # markup stays literal: the tags are characters on screen, nothing was rendered (no image, no link)
    assert MARKUP in text
    assert "<img" not in pane.view.document().toHtml().replace("&lt;img", "")

    # removed and added lines are coloured, the others are not
    doc = pane.view.document()
    backgrounds = {doc.findBlockByNumber(i).text()[:2]: doc.findBlockByNumber(i).blockFormat().background().color().name()
                   for i in range(doc.blockCount())}
    assert backgrounds["− "] != backgrounds["+ "]

    # J / K walk the changes (three passages: the figure, the quote, the added line)
    pane.view.setFocus()
    assert pane.position.text() == "Change 1 of 3"
    assert pane.current_change_text().startswith("− About 200 American troops")
    qtbot.keyClick(pane.view, Qt.Key.Key_J)
    assert pane.position.text() == "Change 2 of 3"
    assert "read on state television" in pane.current_change_text()
    qtbot.keyClick(pane.view, Qt.Key.Key_J)
    assert pane.current_change_text().splitlines()[-1] == "+ This story has been updated with a correction."
    qtbot.keyClick(pane.view, Qt.Key.Key_K)
    qtbot.keyClick(pane.view, Qt.Key.Key_K)
    assert pane.position.text() == "Change 1 of 3"


def test_d_on_an_article_with_one_version_says_so(qtbot, make_window, archive):
    article = archive.import_files([FIXTURES / "a_ap.txt"])[0].article_id
    root = archive.root
    archive.close()
    window = make_window(root)
    window.open_article(article)
    window.focus_target("reader")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D)
    assert not window.docks["versions"].isVisible()
    assert window.statusBar().currentMessage() == "This article has one version only"
