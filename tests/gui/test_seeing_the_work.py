"""Seeing the work: the first window fills most of the screen and gives the reader the room, the empty
archive's guidance is whole, and Compare has a large view of its own beside the reader."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from niger_archive.ui.main_window import SCREEN_SHARE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_archive(tmp_path):
    """The screenshots' archive: four outlets' troop counts in one cluster, highlights, claims, entities."""
    spec = importlib.util.spec_from_file_location("demo_archive", ROOT / "bench" / "demo_archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    archive = module.build_demo_archive(tmp_path / "demo")
    root = archive.root
    archive.close()
    return root


def _press(qtbot, widget, key: str) -> None:
    combo = QKeySequence(key)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_the_first_window_is_sized_to_the_screen_and_the_reader_gets_most_of_the_height(qtbot, make_window,
                                                                                       sample_archive):
    window = make_window(sample_archive.root)
    available = window.screen().availableGeometry()
    smallest = window.minimumSizeHint()  # a screen smaller than the panes' least room (the test screen) gets that
    assert abs(window.width() - max(int(available.width() * SCREEN_SHARE), smallest.width())) <= 2
    assert abs(window.height() - max(int(available.height() * SCREEN_SHARE), smallest.height())) <= 2
    window.open_article(sample_archive.current_ids()[0])
    qtbot.waitUntil(lambda: window.reader.view.isVisible())
    # the reader (with its prompt bar) has more than half the window, the panes under it far less
    qtbot.waitUntil(lambda: window.centralWidget().height() > window.height() * 0.5, timeout=3000)
    assert window.docks["claims"].height() < window.centralWidget().height() / 2


def test_the_empty_archive_guidance_is_whole_and_the_samples_are_one_enter_away(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "empty")
    empty = window.library.empty
    qtbot.waitUntil(lambda: empty.isVisible())
    labels = [w for w in empty.findChildren(QLabel) if w.text()]
    assert labels
    for label in labels:
        rect = label.geometry()
        assert empty.rect().contains(rect), f"“{label.text()}” reaches outside the pane"
        needed = label.heightForWidth(rect.width()) if label.wordWrap() else label.sizeHint().height()
        assert rect.height() >= needed, f"“{label.text()}” is cut: {rect.height()} < {needed}"
        assert rect.width() >= min(label.sizeHint().width(), empty.width() - 40) or label.wordWrap()
    assert QApplication.focusWidget() is window.library.samples_button
    qtbot.keyClick(window.library.samples_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.archive.articles.count() == 5, timeout=30_000)


def test_compare_has_the_reader_s_room_and_every_outlet_is_readable_without_resizing(qtbot, make_window,
                                                                                      demo_archive):
    window = make_window(demo_archive)
    window.resize(1440, 900)
    window.open_article(window.archive.current_ids()[0])
    _press(qtbot, window.reader.view, "Ctrl+4")  # Go to Compare pane
    compare = window.compare
    qtbot.waitUntil(lambda: compare.isVisible() and compare.model.columnCount() == 4, timeout=15_000)
    assert window.central_tabs.currentWidget() is compare
    qtbot.waitUntil(lambda: compare.height() > window.height() * 0.7 and compare.width() > window.width() * 0.9)
    assert not window.docks["library"].isVisible()  # the docks step aside while comparing…
    table = compare.table
    columns = compare.model.columnCount()
    passage_row = 1
    for column in range(columns):
        index = compare.model.index(passage_row, column)
        rect = table.visualRect(index)
        assert table.viewport().rect().contains(rect), f"column {column}'s passage is off screen"
        text = str(index.data())
        flags = Qt.TextFlag.TextWordWrap
        needed = table.fontMetrics().boundingRect(0, 0, rect.width() - 8, 10_000, flags, text).height()
        assert rect.height() >= needed, f"column {column}'s passage is cut ({rect.height()} < {needed})"
    for row in range(compare.model.rowCount()):  # figure, passage, attribution, dates, verdict, published
        for column in range(columns):
            rect = table.visualRect(compare.model.index(row, column))
            assert table.viewport().rect().contains(rect), f"row {row} of column {column} is out of view"
    assert compare.disagreements.isVisible() and compare.disagreements.height() >= 4 * table.fontMetrics().height()
    _press(qtbot, table, "Esc")  # back to the reader
    qtbot.waitUntil(lambda: window.central_tabs.currentWidget() is window.reader)
    assert QApplication.focusWidget() is window.reader.view
    assert window.docks["library"].isVisible() and window.docks["inspector"].isVisible()  # …and come back


def _three_kinds(archive):
    """A plain highlight without a colour, a claim and an entity mention, each alone in its own paragraph."""
    ed = archive.editor
    article_id = next(i for i in archive.current_ids() if archive.articles.text(i).count("\n\n") >= 4)
    text = archive.articles.text(article_id)
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
    spans = [(s, s + 12) for s in starts[:3]]
    plain_id = ed.create_annotation(article_id, *spans[0], color=None)
    archive.apply(plain_id)
    claim = ed.create_annotation(article_id, *spans[1], color=None)
    archive.apply(claim)
    archive.apply(ed.mark_claim(claim.target))
    mention = ed.create_annotation(article_id, *spans[2], color=None)
    archive.apply(mention)
    entity = ed.create_entity("Niger", "place")
    archive.apply(entity)
    archive.apply(ed.link_mention(mention.target, entity.target))
    return article_id, spans


def _colours(image, rect):
    return {image.pixelColor(x, y).name() for x in range(int(rect.left()), int(rect.right()))
            for y in range(int(rect.top()), int(rect.bottom()))}


def test_claims_mentions_and_plain_highlights_look_different_and_an_uncoloured_one_is_plain_to_see(
        qtbot, make_window, sample_archive):
    from niger_archive.ui.highlights import span_rects

    article_id, spans = _three_kinds(sample_archive)
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    view = window.reader.view
    view.place_caret(spans[2][1] + 20)  # the caret (and its outline) away from the three
    view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: len(view.marks) == 3)
    image = view.viewport().grab().toImage()
    base = view.palette().color(view.viewport().backgroundRole())
    margins = []
    for start, end in spans:
        a, b = view.offsets.to_qt(start), view.offsets.to_qt(end)
        rect = next(span_rects(view, a, b))
        margins.append(_colours(image, QRectF(0, rect.top(), 16, rect.height())) - {base.name()})
        if (start, end) == spans[0]:
            inside = image.pixelColor(int(rect.center().x()), int(rect.top() + 3))
            apart = max(abs(inside.red() - base.red()), abs(inside.green() - base.green()),
                        abs(inside.blue() - base.blue()))
            assert apart >= 80, f"an uncoloured highlight ({inside.name()}) barely differs from the page ({base.name()})"
    plain, claim, mention = margins
    assert not plain, "a plain highlight has no margin mark"
    assert claim and mention and claim != mention, "a claim and a mention each have their own margin mark"


def test_ctrl_f_finds_in_this_article_enter_and_shift_enter_step_esc_closes_and_slash_still_searches(
        qtbot, make_window, sample_archive):
    article_id = next(i for i in sample_archive.current_ids() if sample_archive.articles.text(i).lower().count("niger") >= 3)
    text = sample_archive.articles.text(article_id)
    expected = [m.start() for m in __import__("re").finditer("niger", text, __import__("re").IGNORECASE)]
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    view, bar = window.reader.view, window.reader.find
    view.place_caret(0)
    _press(qtbot, view, "Ctrl+F")
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "NIGER")
    assert view.selection() == (expected[0], expected[0] + 5)
    assert bar.count.text() == f"1 of {len(expected)}"
    assert len(view.extraSelections()) == len(expected)  # every match tinted
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert view.selection()[0] == expected[1] and bar.count.text() == f"2 of {len(expected)}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # wraps to the last
    assert view.selection()[0] == expected[-1]
    qtbot.keyClicks(bar.field, "zzqx")
    assert bar.count.text() == "No match" and not view.extraSelections()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and QApplication.focusWidget() is view
    assert view.selection()[0] == expected[-1]  # the last match stays selected where the reader is
    _press(qtbot, view, "/")  # archive search is still on /
    assert QApplication.focusWidget() is window.library.search
    assert window.keymap.command_for("Ctrl+F", "library") == "reader.find"


def test_a_folder_import_that_fails_on_some_files_lists_every_file_with_its_reason_in_a_copyable_report(
        qtbot, make_window, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "good.txt").write_text("Niger and the United States\n\nTroops leave Niamey by September.\n")
    bad = []
    for i in range(6):
        name = f"binary{i}.txt"
        (folder / name).write_bytes(b"\x00\x01\x02\xff" * 200)
        bad.append(name)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    (folder / "setup.exe").write_bytes(b"MZ" + b"\x00" * 50)
    window = make_window(tmp_path / "archive")
    window.focus_target("reader")
    _press(qtbot, QApplication.focusWidget(), "Ctrl+Shift+I")  # Import folder…
    prompt = window.prompt
    qtbot.waitUntil(lambda: prompt.isVisible())
    qtbot.keyClicks(prompt.edit, str(folder))
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.import_report is not None and window.import_report.isVisible(), timeout=30_000)
    report = window.import_report.text
    assert report.isReadOnly()
    text = report.toPlainText()
    for name in bad:
        assert f"{folder / name}\n" in text  # every failed file, each on its own line with its reason under it
    assert "Failed (6):" in text and "Skipped, not articles (2):" in text
    assert str(folder / "photo.jpg") in text and "a .jpg file is not an article type" in text
    assert str(folder / "setup.exe") in text
    assert "and more" not in text
    qtbot.mouseClick(window.import_report.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    assert "6 failed" in window.statusBar().currentMessage() and "2 skipped (not articles)" in window.statusBar().currentMessage()


def test_a_search_hit_found_in_a_note_tag_or_claim_shows_that_field_in_its_snippet(qtbot, make_window,
                                                                                    sample_archive):
    from niger_archive.ui.library import SNIPPET_ROLE

    ed = sample_archive.editor
    article_id = sample_archive.current_ids()[0]
    highlight = ed.create_annotation(article_id, 0, 30, note="Compare with UPI's more than 1,000 figure",
                                     tags=["zebra desk"])
    sample_archive.apply(highlight)
    assert "upi" not in sample_archive.articles.text(article_id).lower()
    sample_archive.close()
    window = make_window(sample_archive.root)
    _press(qtbot, window.reader.view, "/")
    search = window.library.search
    for query, expected in (('"UPI\'s more than"', "note: Compare with «UPI»'«s» «more» «than» 1,000 figure"),
                            ("tag:\"zebra desk\"", "tag: «zebra desk»")):
        search.clear()
        qtbot.keyClicks(search, query)
        # the phrase is in the note (the tag), not the text: the note (tag) is what the snippet shows
        qtbot.waitUntil(lambda e=expected, m=window.library.model: m.rowCount() == 1
                        and m.index(0, 0).data(SNIPPET_ROLE) == e, timeout=10_000)


def test_the_annotations_list_shows_every_highlight_claim_and_mention_in_text_order_filters_and_jumps(
        qtbot, make_window, sample_archive):
    article_id, spans = _three_kinds(sample_archive)
    ed = sample_archive.editor
    tagged = ed.create_annotation(article_id, spans[0][1] + 2, spans[0][1] + 9, color="important", tags=["follow up"])
    sample_archive.apply(tagged)
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    _press(qtbot, window.reader.view, "Ctrl+6")  # Go to Annotations pane
    pane = window.annotations
    qtbot.waitUntil(lambda: pane.table.isVisible() and pane.model.rowCount() == 4)
    assert QApplication.focusWidget() is pane.table
    starts = [a.start for a in pane.model.rows()]
    assert starts == sorted(starts)
    assert [pane.model.index(r, 0).data() for r in range(4)] == ["highlight", "highlight", "claim", "mention"]
    assert pane.model.index(3, 5).data() == "Niger"
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)  # the claim
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.reader.view
    listed = window.archive.annotations.find(article_id)
    claim_id = next(a.id for a in listed if a.claim_id)
    assert window.reader.current == claim_id
    # filters by kind, tag and colour, chosen with the keyboard (each list: "All …" first, then the values)
    for combo, downs, expected in ((pane.kind, 2, 1), (pane.kind, -2, 4), (pane.tag, 1, 1), (pane.tag, -1, 4),
                                   (pane.colour, 1, 1)):
        combo.setFocus()
        for _ in range(abs(downs)):
            qtbot.keyClick(combo, Qt.Key.Key_Down if downs > 0 else Qt.Key.Key_Up)
        assert pane.model.rowCount() == expected, (combo.currentText(), pane.model.rowCount())
    assert pane.model.index(0, 3).data() == "follow up"
