"""In the compare pane a user renames a cluster (F2), removes a relation (U), takes the chosen claim out
(Del) and deletes the cluster (Shift+Del) from the keyboard; Ctrl+Z undoes each."""

from __future__ import annotations

from PySide6.QtCore import Qt


def clustered_archive(archive):
    """Three claims (one per article) in the cluster "troops"; the first contradicts the second."""
    ed = archive.editor
    claims = []
    for article_id in archive.current_ids()[:3]:
        highlight = ed.create_annotation(article_id, 0, 40)
        archive.apply(highlight)
        mark = ed.mark_claim(highlight.target)
        archive.apply(mark)
        claims.append(mark.target)
    cluster = ed.create_cluster("troops")
    archive.apply(cluster)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.apply(ed.relate_claims(claims[0], claims[1], "contradicts"))
    return cluster.target, claims


def choose_claim(window, claim_id):
    model, table = window.compare.model, window.compare.table
    column = next(c for c in range(model.columnCount()) if model.claim_at(c) == claim_id)
    table.setCurrentIndex(model.index(0, column))
    table.setFocus(Qt.FocusReason.OtherFocusReason)


def test_cluster_keys_in_the_compare_pane(qtbot, make_window, sample_archive):
    cluster_id, claims = clustered_archive(sample_archive)
    sample_archive.close()
    window = make_window(sample_archive.root)
    archive = window.archive
    window.focus_target("compare")
    window.compare.show_cluster(cluster_id)
    qtbot.waitUntil(lambda: window.compare.model.columnCount() == 3, timeout=10_000)
    choose_claim(window, claims[0])
    table = window.compare.table

    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert window.prompt.question.prompt == "Cluster label" and window.prompt.edit.text() == "troops"
    qtbot.keyClicks(window.prompt.edit, "US withdrawal")  # the label is selected: typing replaces it
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert archive.annotations.cluster(cluster_id).label == "US withdrawal"
    qtbot.waitUntil(lambda: window.compare.cluster.currentText().startswith("US withdrawal"), timeout=5000)

    choose_claim(window, claims[0])
    qtbot.keyClick(table, Qt.Key.Key_U)
    options = window.prompt.question.options
    assert len(options) == 1 and options[0].label.startswith("contradicts: ")
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert archive.annotations.relations() == []

    choose_claim(window, claims[0])
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert sorted(archive.annotations.cluster(cluster_id).claim_ids) == sorted(claims[1:])
    assert archive.annotations.claim(claims[0]).id == claims[0]  # the claim itself stays
    qtbot.waitUntil(lambda: window.compare.model.columnCount() == 2, timeout=5000)

    window.compare.table.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(window.compare.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert archive.annotations.clusters() == []
    assert len(archive.annotations.claims()) == 3

    for _ in range(3):  # delete, take out, unrelate
        qtbot.keyClick(window.compare.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(archive.annotations.cluster(cluster_id).claim_ids) == sorted(claims)
    assert len(archive.annotations.relations()) == 1
    assert archive.annotations.cluster(cluster_id).label == "US withdrawal"
    qtbot.keyClick(window.compare.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert archive.annotations.cluster(cluster_id).label == "troops"
