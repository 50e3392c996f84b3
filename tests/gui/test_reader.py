"""The reader: highlights (overlaps visible), caret navigation, raw view, metadata corrections; the library search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from niger_archive.ui.highlights import Mark, background_for, segments, text_colour_for
from niger_archive.ui.library_model import SNIPPET_ROLE, TITLE
from niger_archive.ui.plain import shown_text


def focus():
    return QApplication.focusWidget()


def test_overlapping_highlights_get_their_own_stronger_colour():
    a = Mark("a", 0, 10, "#f6c344")
    b = Mark("b", 5, 15, "#64b5f6")
    spans = [(s, e, sorted(m.id for m in ms)) for s, e, ms in segments([a, b])]
    assert spans == [(0, 5, ["a"]), (5, 10, ["a", "b"]), (10, 15, ["b"])]
    from PySide6.QtGui import QColor

    white, black = QColor("#ffffff"), QColor("#1e1e1e")
    alone = background_for([a], white, False)
    both = background_for([a, b], white, False)
    assert both.lightness() < alone.lightness()  # the overlap is visibly darker
    assert text_colour_for(background_for([a], black, True)).name() == "#ffffff"
    assert text_colour_for(alone).name() == "#000000"


def test_reader_paints_highlights_and_steps_through_them_by_keyboard(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    text = sample_archive.articles.text(article_id)
    ed = sample_archive.editor
    first = ed.create_annotation(article_id, 10, 40, color="important")
    second = ed.create_annotation(article_id, 30, 60, color="disputed")
    sample_archive.apply(first)
    sample_archive.apply(second)
    sample_archive.apply(ed.mark_claim(second.target))
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    view = window.reader.view
    block = view.document().findBlock(view.offsets.to_qt(10))
    assert view._formats.formats_in(block) == 3  # a alone, the overlap, b alone
    assert [d.kind for d in view._decorations] == ["claim"]
    qtbot.keyClick(focus(), "j")
    assert window.reader.current == first.target
    assert window.inspector.heading.text() == "Highlight"
    qtbot.keyClick(focus(), "j")
    assert window.reader.current == second.target and window.inspector.heading.text() == "Claim"
    assert window.inspector.verdict.currentText() == "unverified"
    qtbot.keyClick(focus(), "k")
    assert window.reader.current == first.target
    qtbot.keyClick(focus(), Qt.Key.Key_Delete)
    assert [a.id for a in window.archive.annotations.find(article_id)] == [second.target]
    qtbot.keyClick(focus(), "o")
    assert window.reader.raw_mode and window.reader.banner.isVisible()
    assert view.text() == window.archive.raw_text(article_id)
    qtbot.keyClick(focus(), "h")
    assert "original text" in window.statusBar().currentMessage()
    qtbot.keyClick(focus(), "o")
    assert not window.reader.raw_mode and view.text() == text
    assert not view.grab().isNull()


def test_metadata_is_corrected_in_place_and_undoable(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[2]
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    qtbot.keyClick(focus(), "m")
    assert focus() is window.reader.header.edits["title"]
    qtbot.keyClicks(focus(), "A better title")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.archive.get_article(article_id).title == "A better title"
    row = window.library.model.row_of(article_id)
    assert window.library.model.data(window.library.model.index(row, TITLE)) == "A better title"
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)  # to the outlet field
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)  # Esc: back to the reader
    assert focus() is window.reader.view
    qtbot.keyClick(focus(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.archive.get_article(article_id).title != "A better title"


def test_library_search_is_live_with_marked_snippets_and_filters(qtbot, make_window, sample_archive):
    sample_archive.close()
    window = make_window(sample_archive.root)
    qtbot.keyClick(focus(), "/")  # archive search (Ctrl+F finds in the open article)
    assert focus() is window.library.search
    qtbot.keyClicks(focus(), "withdrawal")
    qtbot.waitUntil(lambda: window.library.model.searching and not window.search_queries.pending, timeout=10_000)
    model = window.library.model
    assert 0 < model.rowCount() <= 5
    assert "«" in model.data(model.index(0, TITLE), SNIPPET_ROLE)
    outlet = window.library.outlet
    outlet.setCurrentIndex(outlet.findData("Sputnik Africa"))
    outlet.activated.emit(outlet.currentIndex())
    qtbot.waitUntil(lambda: not window.search_queries.pending and model.rowCount() == 1, timeout=10_000)
    qtbot.keyClick(window.library.search, Qt.Key.Key_Down)
    assert focus() is window.library.table
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # library.open
    assert window.reader.article.outlet == "Sputnik Africa" and focus() is window.reader.view
    qtbot.keyClick(focus(), "]")
    assert "last article" in window.statusBar().currentMessage()


def test_caret_keys_extend_the_selection_and_p_selects_the_paragraph(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    text = sample_archive.articles.text(article_id)
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    view = window.reader.view
    assert view.hasFocus() and view.cursorWidth() > 0 and view.caret() == 0
    for _ in range(3):
        qtbot.keyClick(focus(), Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == (0, 3)
    qtbot.keyClick(focus(), Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    start, end = view.selection()
    assert start == 0 and end > 3 and text[end - 1].isspace() and not text[end].isspace()  # to the next word
    qtbot.keyClick(focus(), Qt.Key.Key_Down)  # collapses the selection, moves a line down
    assert view.selection() is None
    qtbot.keyClick(focus(), "p")
    s, e = view.selection()
    assert "\n\n" not in text[s:e] and (s == 0 or text[s - 1] == "\n")


def test_search_query_and_hit_position_helpers():
    from niger_archive.ui.library import build_query, hit_offset

    assert build_query("", None, None, None) == ""
    assert build_query("troops", "Sputnik Africa", "needs source", "disputed") == \
        '(troops) AND outlet:"Sputnik Africa" AND tag:"needs source" AND verdict:disputed'
    text = "Intro.\n\nNiger has played a significant role in the U.S. military’s operations."
    snippet = "…Niger has played a significant role in the «U.S». «military»’s operations…"
    assert hit_offset(text, snippet) == text.index("U.S.")
    assert hit_offset(text, "…no marks here…") is None
    assert hit_offset(text, "…title only «Intro»…") == 0


def _formats(view):
    """Every formatted span of the reader as (document position, length, background)."""
    out = []
    block = view.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            out.append((block.position() + r.start, r.length, r.format.background().color().name()))
        block = block.next()
    return out


def test_a_change_redraws_only_its_marks_and_matches_a_full_redraw(qtbot, make_window, sample_archive):
    article_id = max(sample_archive.current_ids(), key=lambda i: len(sample_archive.articles.text(i)))
    ed = sample_archive.editor
    for n, (start, end) in enumerate(((5, 60), (40, 90), (300, 340), (900, 1000))):
        sample_archive.apply(ed.create_annotation(article_id, start, end, color=("important", "disputed")[n % 2]))
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    view = window.reader.view
    formatted = []
    original = view._formats._format_block
    view._formats._format_block = lambda block: formatted.append(block.blockNumber()) or original(block)

    view.select(50, 120)  # overlaps the first two highlights
    window.commands.run("annotate.colour_3")
    incremental = _formats(view)
    paragraphs = {view.document().findBlock(view.offsets.to_qt(p)).blockNumber() for p in (50, 119)}
    assert set(formatted) == paragraphs  # only the paragraphs the new highlight touches
    window.reader.reload_marks()
    assert _formats(view) == incremental
    assert len(incremental) > 4  # the overlaps got their own spans

    formatted.clear()
    window.commands.run("edit.undo")
    assert set(formatted) == paragraphs
    after_undo = _formats(view)
    window.reader.reload_marks()
    assert _formats(view) == after_undo
    assert window.reader.current is None or window.reader.current in window.reader._annotations


def test_the_library_follows_the_reader_and_long_titles_wrap(qtbot, make_window, sample_archive):
    ids = sample_archive.current_ids()
    long_title = "A very long headline " * 8
    sample_archive.apply(sample_archive.editor.correct_metadata(ids[-1], "title", long_title.strip()))
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.resize(1100, 800)
    for article_id in (ids[-1], ids[1]):
        window.open_article(article_id)
        assert window.library.current_article() == article_id
        assert window.library.table.selectionModel().isRowSelected(window.library.model.row_of(article_id))
    qtbot.keyClick(window.reader.view, "]")  # next article: the row moves along
    assert window.library.current_article() == window.reader.article_id != ids[1]

    window.open_article(ids[-1])
    title = window.reader.header.edits["title"]
    assert title.text() == long_title.strip() and shown_text(title.toolTip()) == long_title.strip()
    line = title.fontMetrics().lineSpacing()
    assert title.height() >= 2 * line  # wrapped onto more lines, not clipped


def test_the_title_field_commits_on_enter_and_reverts_on_escape(qtbot, make_window, sample_archive):
    article_id = sample_archive.current_ids()[0]
    original = sample_archive.get_article(article_id).title
    sample_archive.close()
    window = make_window(sample_archive.root)
    window.open_article(article_id)
    window.focus_target("reader")
    qtbot.keyClick(focus(), "m")
    title = window.reader.header.edits["title"]
    assert focus() is title
    qtbot.keyClicks(title, "Draft")
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert title.text() == original and focus() is window.reader.view
    assert window.archive.get_article(article_id).title == original
    qtbot.keyClick(focus(), "m")
    qtbot.keyClicks(focus(), "Line one")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # never a line break in a title
    assert window.archive.get_article(article_id).title == "Line one"
    assert "\n" not in title.toPlainText()
