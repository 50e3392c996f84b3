"""The library's count line: "N+ matches" while a total is only a lower bound (a search with slop
that Whoosh's matchers stopped counting), replaced by the exact number counted in the background; typing
another query cancels that count."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from niger_archive.search import SearchIndex
from niger_archive.search import index as index_module
from niger_archive.ui.library import count_label


class _OneMatchThenOutOfTime(index_module.TimeLimitCollector):
    """As if every search's time limit struck after its first match: the total is a lower bound."""

    def collect_matches(self):
        for sub_docnum in self.matches():
            if self.child.total:
                raise index_module.TimeLimit
            self.collect(sub_docnum)


@pytest.fixture
def counts(monkeypatch):
    """Background counts wait for ``release``; ``cancelled`` records the counts that were told to stop."""
    release = threading.Event()
    started: list[str] = []
    stopped: list[str] = []
    real = SearchIndex.count_matches

    def count_matches(self, query, *, cancelled=None):
        check = cancelled
        started.append(query)
        while not release.wait(0.01):
            if check is not None and check():
                stopped.append(query)
                raise index_module.SearchCancelled(query)
        return real(self, query, cancelled=check)

    monkeypatch.setattr(index_module, "TimeLimitCollector", _OneMatchThenOutOfTime)
    monkeypatch.setattr(SearchIndex, "count_matches", count_matches)
    yield release, started, stopped, real
    release.set()  # a count still waiting ends before the window closes


def _imported(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "archive")
    qtbot.keyClick(window.library.samples_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 5 and not window.tasks.busy, timeout=30_000)
    return window


def test_a_lower_bound_total_shows_as_n_plus_until_the_exact_count_replaces_it(qtbot, make_window, tmp_path, counts):
    release, started, _, real_count = counts
    window = _imported(qtbot, make_window, tmp_path)
    library = window.library
    exact = real_count(window.archive.index, '"US troops"~2')
    assert exact > 1
    library.search.setFocus()
    qtbot.keyClicks(library.search, '"US troops"~2')
    qtbot.waitUntil(lambda: library.count.text() == "1+ matches (counting…)", timeout=10_000)
    qtbot.waitUntil(lambda: started == ['("US troops"~2)'], timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: library.count.text() == f"1 of {exact} matches", timeout=10_000)


def test_typing_another_query_cancels_the_count_of_the_previous_one(qtbot, make_window, tmp_path, counts):
    release, started, cancelled, real_count = counts
    window = _imported(qtbot, make_window, tmp_path)
    library = window.library
    library.search.setFocus()
    qtbot.keyClicks(library.search, '"US troops"~2')
    qtbot.waitUntil(lambda: started == ['("US troops"~2)'], timeout=10_000)
    qtbot.keyClick(library.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(library.search, '"in Niger"~2')
    qtbot.waitUntil(lambda: cancelled == ['("US troops"~2)'], timeout=10_000)
    qtbot.waitUntil(lambda: library.count.text() == "1+ matches (counting…)" and len(started) == 2, timeout=10_000)
    assert started[-1] == '("in Niger"~2)'
    release.set()
    exact = real_count(window.archive.index, '"in Niger"~2')
    qtbot.waitUntil(lambda: library.count.text() == f"1 of {exact} matches", timeout=10_000)
    assert cancelled == ['("US troops"~2)']


@pytest.mark.parametrize("shown, total, exact, searching, label", [
    (5, None, True, False, "5 articles"),
    (1, 1, True, True, "1 match"),
    (3, 3, True, True, "3 matches"),
    (500, 7751, True, True, "500 of 7,751 matches"),
    (20, 1000, False, True, "1,000+ matches (counting…)"),
])
def test_the_count_line_says_how_many_and_whether_exactly(shown, total, exact, searching, label):
    assert count_label(shown, total, exact, searching) == label
