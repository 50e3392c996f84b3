"""Issue 18 in the compare pane: the summary counts independent sources, and a figure one copy of a
wire story updated is listed as a change, not as a disagreement."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
QUOTES = {"a_ap": "About 200 American troops", "b_courier": "About 200 American troops",
          "d_independent": "About 200 U.S. troops"}


def test_compare_pane_counts_independent_sources_and_shows_an_update_as_a_change(qtbot, make_window, archive):
    outcomes = archive.import_files([FIXTURES / f"{name}.txt" for name in QUOTES])
    ed = archive.editor
    claims = []
    for outcome, quote in zip(outcomes, QUOTES.values()):
        text = archive.get_article(outcome.article_id).text
        highlight = ed.create_annotation(outcome.article_id, text.index(quote), text.index(quote) + len(quote))
        archive.apply(highlight)
        mark = ed.mark_claim(highlight.target)
        archive.apply(mark)
        claims.append(mark.target)
    cluster = ed.create_cluster("troops")
    archive.apply(cluster)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.import_files([FIXTURES / "a_ap_update.txt"])  # AP changes its figure to about 300
    root = archive.root
    archive.close()

    window = make_window(root)
    window.focus_target("compare")
    window.compare.show_cluster(cluster.target)
    qtbot.waitUntil(lambda: window.compare.model.columnCount() == 3, timeout=10_000)
    summary = window.compare.summary.text()
    assert "3 outlets, 2 independent sources (AP carried by 2)" in summary
    items = [window.compare.disagreements.item(i).text() for i in range(window.compare.disagreements.count())]
    assert any(t.startswith("Changed in an update: Associated Press changed about 200 troops to about 300 troops")
               for t in items)
    assert not any(t.startswith("Two copies of one story disagree") for t in items)


def test_the_timeline_is_drawn_and_walked_with_the_arrow_keys(qtbot, make_window, archive):
    from PySide6.QtCore import Qt

    outcomes = archive.import_files([FIXTURES / f"{name}.txt" for name in QUOTES])
    ed = archive.editor
    claims = []
    for outcome, quote in zip(outcomes, QUOTES.values()):
        text = archive.get_article(outcome.article_id).text
        highlight = ed.create_annotation(outcome.article_id, text.index(quote), text.index(quote) + len(quote))
        archive.apply(highlight)
        mark = ed.mark_claim(highlight.target)
        archive.apply(mark)
        claims.append(mark.target)
    cluster = ed.create_cluster("troops")
    archive.apply(cluster)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.import_files([FIXTURES / "a_ap_update.txt"])
    root = archive.root
    archive.close()

    window = make_window(root)
    window.focus_target("compare")
    window.compare.show_cluster(cluster.target)
    timeline = window.compare.timeline
    qtbot.waitUntil(lambda: len(timeline.appearances) == 4, timeout=10_000)
    assert timeline.lanes == ["Associated Press", "Daily Courier", "Sahel Monitor"]
    caption = window.compare.timeline_caption
    assert caption.text() == "Associated Press, 2024-08-05 15:05: about 200 troops — the first appearance"
    timeline.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert caption.text().startswith("Daily Courier, 2024-08-05 18:20: about 200 troops")
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert caption.text() == ("Associated Press, 2024-08-05 19:40: about 300 troops "
                              "(was about 200 troops, changed in an update)")
    qtbot.keyClick(timeline, Qt.Key.Key_Down)
    assert caption.text().startswith("Daily Courier")
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert caption.text().startswith("Sahel Monitor, 2024-08-05 21:00")
    assert not timeline.grab().isNull()
