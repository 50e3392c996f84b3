"""Importing many files runs off the interface thread: the window keeps processing events, Cancel stops it."""

from __future__ import annotations

import random
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

WORDS = ("niger troops withdrawal agreement officials military junta base drone security cooperation "
         "talks delegation minister embassy sahel counterterrorism convoy airfield statement deadline "
         "negotiation partnership presence personnel region government coup sanctions aid").split()


def make_articles(folder, n: int) -> None:
    rng = random.Random(7)
    folder.mkdir()
    for i in range(n):
        title = f"Report {i}: " + " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        paragraphs = []
        for _ in range(4):
            words = [rng.choice(WORDS) for _ in range(40)] + [f"ref{i}x{rng.randrange(10**6)}"]
            paragraphs.append(" ".join(words).capitalize() + ".")
        (folder / f"article_{i:03}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")


@pytest.mark.slow
def test_import_of_200_files_keeps_the_window_responsive_and_cancel_keeps_what_is_done(qtbot, make_window,
                                                                                      tmp_path):
    folder = tmp_path / "many"
    make_articles(folder, 200)
    window = make_window(tmp_path / "archive")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)

    # Ctrl+I, type the folder into the prompt, Enter
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.prompt.edit
    qtbot.keyClicks(window.prompt.edit, str(folder))
    started = time.monotonic()
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert window.tasks.busy and window.progress.isVisible()
    qtbot.waitUntil(lambda: window.progress.bar.value() >= 25, timeout=60_000)
    during = [t for t in ticks if t >= started]
    elapsed = time.monotonic() - started
    assert len(during) >= max(5, int(elapsed / 0.01 * 0.2)), (len(during), elapsed)  # the loop kept turning
    gaps = [b - a for a, b in zip(during, during[1:])]
    assert max(gaps) < 0.5, max(gaps)
    assert window.progress.bar.maximum() == 200
    assert "article_" in window.progress.label.text()  # the current file is named

    qtbot.mouseClick(window.progress.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    timer.stop()
    imported = window.archive.articles.count()
    assert 25 <= imported < 200
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.library.model.rowCount() == imported
    for article in window.archive.list_articles():
        assert window.archive.articles.text(article.id)
    report = window.archive.check()  # store, originals and search index agree
    assert report.ok, report.problems
    assert report.indexed == imported
