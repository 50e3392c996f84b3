"""The prompt bar: Enter takes the highlighted completion; making a new cluster, entity or tag is an explicit
"Create '…'" row — typing "US tr" and Enter adds to "US troops in Niger", never makes a cluster "US tr"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from niger_archive.commands.context import ChoiceOption, ChoiceQuestion, NewText, TextQuestion


def _ask(qtbot, window, question):
    answers = []
    window.prompt.answered.connect(answers.append)
    window.prompt.ask(question)
    return answers


def test_enter_takes_the_highlighted_cluster_and_new_is_an_explicit_row(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    question = ChoiceQuestion("Cluster", (ChoiceOption("c1", "US troops in Niger (1 claim)", terms=("US troops in Niger",)),
                                          ChoiceOption("c2", "Russian instructors (2 claims)")), allow_new=True)
    answers = _ask(qtbot, window, question)
    qtbot.keyClicks(window.prompt.edit, "US tr")
    rows = [window.prompt.list.item(i).text() for i in range(window.prompt.list.count())]
    assert rows[0] == "US troops in Niger (1 claim)" and rows[-1] == "Create 'US tr'"  # the best match first
    assert window.prompt.list.currentItem().text() == "US troops in Niger (1 claim)"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert answers == ["c1"]

    window.prompt.ask(question)
    qtbot.keyClicks(window.prompt.edit, "US tr")
    for _ in rows[1:]:
        qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Down)  # down to "Create 'US tr'"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert answers[-1] == NewText("US tr")

    window.prompt.ask(question)
    qtbot.keyClicks(window.prompt.edit, "Wagner")  # nothing matches: the only row is the new one
    assert window.prompt.list.currentItem().text() == "Create 'Wagner'"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert answers[-1] == NewText("Wagner")


def test_a_typed_tag_takes_the_highlighted_known_tag_unless_create_is_chosen(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    question = TextQuestion("Tag", completions=("disputed", "figures"))
    answers = _ask(qtbot, window, question)
    qtbot.keyClicks(window.prompt.edit, "figures, disp")
    assert window.prompt.list.currentItem().text() == "disputed"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert answers == ["figures, disputed"]

    window.prompt.ask(question)
    qtbot.keyClicks(window.prompt.edit, "disp")
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Down)
    assert window.prompt.list.currentItem().text() == "Create 'disp'"
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert answers[-1] == "disp"


def test_g_in_the_reader_adds_the_claim_to_the_cluster_typed_in_part(qtbot, make_window, sample_archive):
    ed = sample_archive.editor
    first, second = sample_archive.current_ids()[:2]
    claims = []
    for article_id in (first, second):
        highlight = ed.create_annotation(article_id, 10, 50)
        sample_archive.apply(highlight)
        mark = ed.mark_claim(highlight.target)
        sample_archive.apply(mark)
        claims.append(mark.target)
    cluster = ed.create_cluster("US troops in Niger")
    sample_archive.apply(cluster)
    sample_archive.apply(ed.add_to_cluster(cluster.target, claims[:1]))
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(second)
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=10_000)
    view = window.reader.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)  # to the claim
    qtbot.keyClick(view, Qt.Key.Key_G)
    qtbot.keyClicks(window.prompt.edit, "US tr")
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    clusters = window.archive.annotations.clusters()
    assert [c.label for c in clusters] == ["US troops in Niger"]
    assert sorted(clusters[0].claim_ids) == sorted(claims)
