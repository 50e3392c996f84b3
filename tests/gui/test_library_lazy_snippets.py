"""Search results in the library: the snippets of rows come when the rows are shown (scrolling brings
those of the rows that come into view), and typing a search leaves the interface thread free: the search,
the snippets and what the table shows beside the titles are read on the search thread."""

from __future__ import annotations

import threading

import pytest

from niger_archive.services import copies
from niger_archive.services.archive import Archive
from niger_archive.store.annotations import AnnotationStore
from niger_archive.store.articles import ArticleStore
from niger_archive.ui import library as library_module
from niger_archive.ui import library_model
from niger_archive.ui.library_model import SNIPPET_ROLE, TITLE

ARTICLES = 120


@pytest.fixture
def convoy_archive(tmp_path):
    """An archive of ARTICLES articles that all mention a convoy."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"convoy-{n:03}.txt").write_text(
            f"Convoy report {n}\n\nThe convoy number {n} left Agadez for the border at dawn. "
            f"Officials in Niamey said the route was open. Report {n} ends here.\n", encoding="utf-8")
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        list(archive.import_paths(sorted(folder.iterdir())))
    return root


def _search(qtbot, window, text: str):
    library = window.library
    library.search.setFocus()
    qtbot.keyClicks(library.search, text)
    qtbot.waitUntil(lambda: library.model.searching and library.model.rowCount() == ARTICLES, timeout=20_000)
    return library


def test_scrolling_the_results_brings_the_snippets_of_the_rows_that_come_into_view(qtbot, make_window, convoy_archive,
                                                                                  monkeypatch):
    asked: list[list[int]] = []
    real = Archive.search_snippets
    monkeypatch.setattr(Archive, "search_snippets", lambda self, q, ids: asked.append(list(ids)) or real(self, q, ids))
    window = make_window(convoy_archive)
    library = _search(qtbot, window, "convoy")
    model, table = library.model, library.table
    first, last = model.article_id(0), model.article_id(ARTICLES - 1)
    assert "«convoy»" in model.data(model.index(0, TITLE), SNIPPET_ROLE)  # the first page comes with its snippets
    assert not model.has_snippet(last)  # a row never shown has none yet

    table.scrollToBottom()
    qtbot.waitUntil(lambda: "«convoy»" in (model.data(model.index(ARTICLES - 1, TITLE), SNIPPET_ROLE) or ""),
                    timeout=10_000)
    fetched = {i for batch in asked for i in batch}
    assert last in fetched and first not in fetched  # the first page's snippets were not made twice
    assert not model.has_snippet(model.article_id(ARTICLES // 2))  # nor those of rows scrolled past unseen


def test_opening_a_result_whose_snippet_is_not_made_yet_still_shows_its_hit(qtbot, make_window, convoy_archive):
    window = make_window(convoy_archive)
    library = _search(qtbot, window, "convoy")
    last = library.model.article_id(ARTICLES - 1)
    with qtbot.waitSignal(library.open_requested, timeout=10_000) as opened:
        library._open_row(ARTICLES - 1)
    assert opened.args[0] == last and "«convoy»" in opened.args[1]


def test_typing_a_search_reads_nothing_on_the_interface_thread(qtbot, make_window, convoy_archive, monkeypatch):
    main = threading.current_thread()
    reads: list[tuple[str, bool]] = []  # what was read, and whether on the interface thread
    watching = threading.Event()

    def watched(owner, name):
        real = getattr(owner, name)

        def call(*args, **kwargs):
            if watching.is_set():
                reads.append((name, threading.current_thread() is main))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, call)

    for owner, name in ((Archive, "search_page"), (Archive, "search_snippets"), (AnnotationStore, "counts_by_article"),
                        (ArticleStore, "list"), (copies, "copy_marks"), (library_module, "copy_marks"),
                        (library_model, "copy_marks")):
        watched(owner, name)
    window = make_window(convoy_archive)
    browsing = window.library.model
    browsing.data(browsing.index(0, TITLE))  # the window's first paint of the whole list, before any typing
    qtbot.wait(50)
    watching.set()
    library = _search(qtbot, window, "convoy niamey")
    library.table.scrollToBottom()
    model = library.model
    qtbot.waitUntil(lambda: model.has_snippet(model.article_id(ARTICLES - 1)), timeout=10_000)
    names = {name for name, _ in reads}
    assert {"search_page", "search_snippets", "counts_by_article", "list", "copy_marks"} <= names
    assert [name for name, on_interface in reads if on_interface] == []
