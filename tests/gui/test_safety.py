"""No text from articles, metadata, notes, entity names or bundles is ever interpreted as rich text.

Labels are plain text; tooltips (which Qt renders as HTML when the first line looks like markup) go
through ``ui.plain.tooltip``. The tooltip tests hover as a user does: a real ``QEvent.ToolTip`` on the
widget or the table cell, then look at the tooltip Qt shows.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QToolTip, QWidget

from niger_archive.ui.library_model import OUTLET, TITLE
from niger_archive.ui.plain import is_literal, shown_text, tooltip
from niger_archive.ui.snippet_delegate import snippet_runs

HOSTILE = "<img src=x onerror=alert(1)><b>bold</b>"
FAKE_VERIFIED = ("Ministry statement<br><font color=green>Source verified</font><br>"
                 "https://trusted.example/story<!--")
HUGE_IMAGE = "<img width=6000 height=6000>"


def hover(widget: QWidget, pos: QPoint | None = None) -> QLabel:
    """Hover ``widget`` (at ``pos`` in its viewport, if it scrolls) and return the tooltip Qt shows."""
    QToolTip.hideText()
    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    pos = pos if pos is not None else target.rect().center()
    QApplication.sendEvent(target, QHelpEvent(QEvent.Type.ToolTip, pos, target.mapToGlobal(pos)))
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert len(tips) == 1, "no tooltip shown"
    return tips[0]


def hover_cell(view, row: int, column: int) -> QLabel:
    return hover(view, view.visualRect(view.model().index(row, column)).center())


def assert_small(tip: QLabel) -> None:
    """A tooltip of a line or a few: no image loaded, no 6000-pixel element."""
    screen = tip.screen().geometry()
    assert tip.width() <= screen.width() and tip.height() < 12 * tip.fontMetrics().lineSpacing(), tip.size()


def picture(path: Path) -> Path:
    image = QImage(320, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


def import_markdown(archive, folder: Path, name: str, front: dict[str, str], body: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\n{body}\n", encoding="utf-8")
    outcomes = archive.import_files([path])
    assert [o.status for o in outcomes] == ["imported"], outcomes
    return outcomes[0].article_id


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


# --- the reported cases, each as a user meets it -------------------------------------------------------

def test_hovering_a_title_with_an_img_tag_shows_the_title_not_a_file_from_disk(qtbot, make_window, archive, tmp_path):
    image = picture(tmp_path / "any.png")
    title = f'Budget <img src="{image.as_uri()}"> report'
    article_id = import_markdown(archive, tmp_path / "in", "budget.md",
                                 {"title": title, "url": "https://news.example/budget"},
                                 "The budget was presented on Monday.")
    archive.close()
    window = make_window(archive.root)
    window.open_article(article_id)

    tip = hover(window.reader.header.edits["title"])  # the reader header
    assert shown_text(tip.text()) == title
    assert_small(tip)
    table = window.library.table  # the library
    tip = hover_cell(table, window.library.model.row_of(article_id), TITLE)
    assert shown_text(tip.text()).splitlines() == [title, "https://news.example/budget"]
    assert_small(tip)


def test_a_title_cannot_fake_a_source_verified_line_or_hide_the_real_url(qtbot, make_window, archive, tmp_path):
    article_id = import_markdown(archive, tmp_path / "in", "statement.md",
                                 {"title": FAKE_VERIFIED, "url": "https://real.example/original"},
                                 "The ministry issued a statement.")
    archive.close()
    window = make_window(archive.root)
    window.open_article(article_id)
    tip = hover_cell(window.library.table, window.library.model.row_of(article_id), TITLE)
    # the title is one line, markup and all, and the article's real URL is still shown under it
    assert shown_text(tip.text()).splitlines() == [FAKE_VERIFIED, "https://real.example/original"]
    assert shown_text(hover(window.reader.header.edits["title"]).text()) == FAKE_VERIFIED


def test_a_huge_img_in_the_outlet_makes_an_ordinary_tooltip(qtbot, make_window, archive, tmp_path):
    outlet = f"Daily {HUGE_IMAGE} News"
    article_id = import_markdown(archive, tmp_path / "in", "daily.md", {"title": "Troops", "outlet": outlet},
                                 "Troops arrived.")
    archive.close()
    window = make_window(archive.root)
    window.open_article(article_id)
    for tip in (hover(window.reader.header.edits["outlet"]),
                hover_cell(window.library.table, window.library.model.row_of(article_id), OUTLET)):
        assert shown_text(tip.text()) == outlet
        assert_small(tip)


def test_a_quote_holding_an_img_tag_from_the_page_text_shows_literally(qtbot, make_window, archive, tmp_path):
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<!DOCTYPE html><html><head><title>Strike</title></head><body><article><h1>Strike</h1>"
        "<p>The spokesman wrote &lt;img src=x width=6000 height=6000&gt; in the statement about the strike, "
        "and the ministry confirmed the figure of 40 people the next morning in the capital.</p>"
        "<p>Residents said the market stayed closed for two days after the strike on the northern road.</p>"
        "</article></body></html>", encoding="utf-8")
    [outcome] = archive.import_files([page])
    text = archive.articles.text(outcome.article_id)
    start = text.index("<img")
    quote = text[start:text.index("statement", start) + len("statement")]
    created = archive.editor.create_annotation(outcome.article_id, start, start + len(quote))
    archive.apply(created)
    archive.apply(archive.editor.mark_claim(created.target, statement="The spokesman's wording"))
    archive.close()
    window = make_window(archive.root)
    window.focus_target("claims")
    claims = window.claims
    tip = hover_cell(claims.table, 0, 1)  # the Claim column's tooltip is the quote
    assert shown_text(tip.text()) == quote and quote.startswith("<img src=x width=6000")
    assert_small(tip)


def test_tooltip_text_is_escaped_capped_and_wraps(qtbot):
    assert tooltip("") == "" and tooltip(None, "") == ""
    url = "https://news.example/" + "a" * 570
    QToolTip.showText(QPoint(0, 0), tooltip("Title", url))
    [tip] = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert tip.width() <= tip.screen().geometry().width()  # an unbroken URL wraps instead of running off-screen
    assert shown_text(tip.text()).splitlines() == ["Title", url]
    QToolTip.hideText()
    tip = tooltip("a <b>&lt;b&gt;</b>", "https://x.example/?a=1&b=2")
    assert is_literal(tip) and shown_text(tip) == "a <b>&lt;b&gt;</b>\nhttps://x.example/?a=1&b=2"
    long = tooltip("x" * 5000)
    assert is_literal(long) and len(shown_text(long)) <= 600 and shown_text(long).endswith("…")
    assert not is_literal(HUGE_IMAGE) and not is_literal("<qt><img src=x></qt>") and is_literal("plain text")


# --- the guard: every tooltip of every pane, on an archive full of markup ------------------------------

def markup_archive(archive, tmp_path: Path) -> dict[str, object]:
    """Markup payloads in front matter, HTML meta, page text, notes, tags, entity names, claims, cluster
    labels and a bundle's file name; returns the ids a test opens and the payloads to look for."""
    from niger_archive.services import bundle_exchange
    from niger_archive.services.archive import Archive

    image = picture(tmp_path / "any.png")
    md_id = import_markdown(
        archive, tmp_path / "in", "<b>report.md",
        {"title": f'Budget <img src="{image.as_uri()}"> report', "author": "<h1>Reporter</h1>",
         "outlet": f"Daily {HUGE_IMAGE} News", "url": "javascript:alert(1)", "tags": ["<table><tr><td>x", "<i>tag"]},
        "Officials said fewer than 900 soldiers are at the Agadez garrison. The base will close next year.")
    page = tmp_path / "in" / "<i>page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title>"
        f'<meta property="og:title" content="{FAKE_VERIFIED.replace("<", "&lt;")}">'
        '<meta property="og:site_name" content="&lt;font color=green&gt;Wire&lt;/font&gt;">'
        '<meta name="author" content="&lt;u&gt;Desk&lt;/u&gt;">'
        '<meta property="og:url" content="https://wire.example/story"></head><body><article><h1>Garrison</h1>'
        "<p>A spokesperson wrote &lt;img src=x width=6000 height=6000&gt; and said that about 1,100 soldiers "
        "remain at the Agadez garrison, which the ministry confirmed on Tuesday morning.</p>"
        "<p>Residents of Agadez said the soldiers at the garrison were seen leaving the base on Monday.</p>"
        "</article></body></html>", encoding="utf-8")
    [outcome] = archive.import_files([page])
    html_id = outcome.article_id

    ed = archive.editor
    claims = []
    for article_id, word in ((md_id, "fewer than 900 soldiers"), (html_id, "about 1,100 soldiers")):
        text = archive.articles.text(article_id)
        start = text.index(word)
        created = ed.create_annotation(article_id, start, start + len(word), note="<script>alert(2)</script>",
                                       tags=["<b>tag</b>"])
        archive.apply(created)
        claim = ed.mark_claim(created.target, statement=f"<h2>{word}</h2>", attribution_text="<i>a source</i>",
                              verdict="disputed")
        archive.apply(claim)
        claims.append((created.target, claim.target))
    entity = ed.create_entity("Agadez <b>garrison</b>", "place", aliases=["Agadez garrison", "<s>AG</s>"])
    archive.apply(entity)
    archive.apply(ed.link_mention(claims[0][0], entity.target))
    cluster = ed.create_cluster("<font size=72>Soldiers</font>")
    archive.apply(cluster)
    archive.apply(ed.add_to_cluster(cluster.target, [c for _, c in claims]))

    # a colleague's bundle, named with markup, that conflicts with a note changed here too
    annotation_id = claims[0][0]
    first = tmp_path / "first.nabundle"
    bundle_exchange.run_export(archive, first)
    with Archive.open(tmp_path / "colleague") as colleague:
        bundle_exchange.import_bundle(colleague, first)
        colleague.apply(colleague.editor.set_note(annotation_id, "<img src=x>the colleague's note"))
        bundle = tmp_path / "<b>colleague.nabundle"
        bundle_exchange.run_export(colleague, bundle)
    archive.apply(ed.set_note(annotation_id, "<b>my note</b>"))
    report = bundle_exchange.import_bundle(archive, bundle)
    assert report.conflicts
    return {"article": md_id, "annotation": annotation_id, "cluster": cluster.target,
            "payloads": ["Budget <img", f"Daily {HUGE_IMAGE} News", FAKE_VERIFIED, "<img src=x width=6000",
                         "Agadez <b>garrison</b>", "<font size=72>Soldiers</font>", "<b>colleague.nabundle",
                         "<i>a source</i>", "<s>AG</s>"]}


def columns(model, parent=None) -> int:
    """A model's column count (list models keep ``columnCount`` private in the bindings: one column;
    their items have no children)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex

    if isinstance(model, QAbstractListModel):
        return 1 if parent is None or not parent.isValid() else 0
    return model.columnCount(parent if parent is not None else QModelIndex())


def every_tooltip() -> list[tuple[str, str]]:
    """(where, tooltip) for every widget, action, tab and item-model cell or header of every window."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractItemView, QTabBar

    tips: list[tuple[str, str]] = []
    role = Qt.ItemDataRole.ToolTipRole
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            tips.append((f"widget {type(widget).__name__} {widget.objectName()}", widget.toolTip()))
        for action in top.findChildren(QAction):
            tips.append((f"action {action.text()}", action.toolTip()))
        for bar in top.findChildren(QTabBar):
            tips.extend((f"tab {bar.tabText(i)}", bar.tabToolTip(i)) for i in range(bar.count()))
        for view in top.findChildren(QAbstractItemView):
            model = view.model()
            if model is None:
                continue
            name = f"model of {view.objectName() or type(view).__name__}"
            pending = [model.index(-1, -1)]  # the root, then every parent with children (trees)
            while pending:
                parent = pending.pop()
                for row in range(min(model.rowCount(parent), 500)):
                    for column in range(columns(model, parent)):
                        index = model.index(row, column, parent)
                        tips.append((f"{name} ({row}, {column})", model.data(index, role)))
                        if column == 0 and columns(model, index) and model.rowCount(index):
                            pending.append(index)
            for orientation, count in ((Qt.Orientation.Horizontal, columns(model)),
                                       (Qt.Orientation.Vertical, min(model.rowCount(), 500))):
                tips.extend((f"{name} header {n}", model.headerData(n, orientation, role)) for n in range(count))
    return [(where, str(tip)) for where, tip in tips if tip]


def test_no_tooltip_or_label_anywhere_renders_markup_from_an_archive(qtbot, make_window, archive, tmp_path):
    from niger_archive.ui.main_window import PANES

    ids = markup_archive(archive, tmp_path)
    archive.close()
    window = make_window(archive.root)
    window.open_article(ids["article"])
    window.reader.set_current(ids["annotation"])
    window.focus_target("search")
    qtbot.keyClicks(window.library.search, "garrison")  # search results: snippets join the title tooltips
    qtbot.waitUntil(lambda: window.library.model.searching and window.library.model.rowCount() == 2, timeout=10_000)
    for pane in ("library", "inspector", *PANES):
        window.focus_target(pane)
    window.focus_target("entities")
    qtbot.waitUntil(lambda: window.entities.suggestions.rowCount() > 0, timeout=10_000)
    window.focus_target("compare")
    window.compare.show_cluster(ids["cluster"])
    qtbot.waitUntil(lambda: window.compare.model.columnCount() == 2, timeout=10_000)
    window.focus_target("review")
    assert window.review.conflict_model.rowCount() >= 1
    window.show_help()

    tips = every_tooltip()
    assert [(where, tip) for where, tip in tips if not is_literal(tip)] == []
    shown = "\n".join(shown_text(tip) for _, tip in tips)
    missing = [p for p in ids["payloads"] if p not in shown]
    assert missing == []  # the payloads did reach tooltips, and show as the characters they are

    labels = [w for top in QApplication.topLevelWidgets() for w in top.findChildren(QLabel)]
    rich = [label.text() for label in labels
            if label.textFormat() != Qt.TextFormat.PlainText and Qt.mightBeRichText(label.text())]
    assert rich == []
