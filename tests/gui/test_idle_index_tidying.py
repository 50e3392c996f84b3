"""When the app is idle, the segments imports left in the search index are merged in the background: a
search typed meanwhile is answered, and starting an import or closing the window cancels the merge."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from niger_archive.cli import main
from niger_archive.search import SearchIndex

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))


def segments(archive_dir: Path) -> int:
    index = SearchIndex.open(archive_dir / "index")
    try:
        return index.segment_count()
    finally:
        index.close()


@pytest.fixture
def untidy(tmp_path, capsys) -> Path:
    """An archive whose four articles came in four imports: four segments in its search index."""
    archive_dir = tmp_path / "archive"
    for sample in SAMPLES[:4]:
        assert main(["import", str(sample), "--archive", str(archive_dir), "--json"]) == 0
    capsys.readouterr()
    assert segments(archive_dir) == 4
    return archive_dir


@pytest.fixture
def held_merge(monkeypatch):
    """Merges wait at their first step until ``release`` (or until they are cancelled, noted in ``stopped``)."""
    release = threading.Event()
    started: list[bool] = []
    stopped: list[bool] = []
    real = SearchIndex.merge

    def merge(self, cancelled=None):
        asked = cancelled or (lambda: False)

        def gate():
            while not release.wait(0.01):
                if asked():
                    stopped.append(True)
                    return True
            return asked()

        started.append(True)
        return real(self, gate)

    monkeypatch.setattr(SearchIndex, "merge", merge)
    yield release, started, stopped
    release.set()


def quickly_idle(window, ms: int = 50) -> None:
    window.index_tidier.timer.setInterval(ms)
    window.index_tidier.timer.start()


def test_an_idle_window_merges_the_segments_imports_left(qtbot, make_window, untidy):
    window = make_window(untidy)
    titles: list[str] = []
    window.tasks.started.connect(titles.append)
    quickly_idle(window)
    qtbot.waitUntil(lambda: segments(untidy) == 1 and not window.tasks.busy, timeout=30_000)
    assert titles == ["Tidying the search index"]
    assert window.statusBar().currentMessage() == ""  # nothing said when it is done
    # idle again: nothing left to do, so nothing runs
    quickly_idle(window)
    qtbot.wait(300)
    assert titles == ["Tidying the search index"]


def test_a_search_typed_during_the_merge_is_answered(qtbot, make_window, untidy, held_merge):
    release, started, stopped = held_merge
    window = make_window(untidy)
    quickly_idle(window)
    qtbot.waitUntil(lambda: started == [True], timeout=30_000)
    library = window.library
    library.search.setFocus()
    qtbot.keyClicks(library.search, "Niger")
    qtbot.waitUntil(lambda: library.count.text().endswith("matches") and library.model.rowCount() > 0,
                    timeout=10_000)
    assert window.tasks.busy and stopped == []  # answered while the merge went on (from the old segments)
    assert segments(untidy) == 4
    release.set()
    qtbot.waitUntil(lambda: segments(untidy) == 1 and not window.tasks.busy, timeout=30_000)


def test_starting_an_import_cancels_the_merge_which_is_tried_again_later(qtbot, make_window, untidy, held_merge):
    release, started, stopped = held_merge
    window = make_window(untidy)
    quickly_idle(window)
    qtbot.waitUntil(lambda: started == [True], timeout=30_000)
    window.commands.run("file.import", [str(SAMPLES[4])])
    qtbot.waitUntil(lambda: stopped == [True], timeout=10_000)
    assert "will start when" not in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5 and not window.tasks.busy, timeout=30_000)
    assert segments(untidy) >= 4  # the cancelled merge changed nothing; the import added its own
    release.set()
    quickly_idle(window)
    qtbot.waitUntil(lambda: segments(untidy) == 1 and not window.tasks.busy, timeout=30_000)
    assert len(started) == 2


def test_an_edit_cancels_the_merge(qtbot, make_window, untidy, held_merge):
    release, started, stopped = held_merge
    window = make_window(untidy)
    quickly_idle(window, 100_000)
    window.library.table.setFocus()
    qtbot.keyClick(window.library.table, Qt.Key.Key_Return)  # open the first article
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=10_000)
    quickly_idle(window)
    qtbot.waitUntil(lambda: started == [True], timeout=30_000)
    article = window.reader.article
    edit = window.archive.editor.correct_metadata(article.id, "title", "A corrected title")
    window.push_edit(edit)
    qtbot.waitUntil(lambda: stopped == [True] and not window.tasks.busy, timeout=10_000)
    # the edit's re-index had the index's writer: the new title is found
    assert [hit.id for hit in window.archive.search("corrected")] == [article.id]


def test_closing_the_window_cancels_the_merge(qtbot, make_window, untidy, held_merge):
    _release, started, stopped = held_merge
    window = make_window(untidy)
    quickly_idle(window)
    qtbot.waitUntil(lambda: started == [True], timeout=30_000)
    window.close()
    assert stopped == [True]
    assert segments(untidy) == 4
