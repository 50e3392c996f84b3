"""Owns the cold-start probe: a fresh process that opens an archive's window and reports when it painted.

    QT_QPA_PLATFORM=offscreen python -m bench.gui_probe ARCHIVE [--switch 20]

Prints one JSON object: wall-clock times (``time.time()``) after the imports, after the window
was built, and after its first paint (``repaint()`` returns once the whole window has been
drawn into its backing store, then pending events are processed), plus the time to switch
between ordinary articles (open, repaint the reader), and with ``--type`` the longest stall of the
interface thread while a query is typed into the library's search box (one key every 150 ms; a
2 ms timer's longest gap between ticks) and the time from the last key to the answer. The parent measures from just before it
started this process, so interpreter start-up and imports count. Drives only ``niger_archive.ui``.
"""

from __future__ import annotations

import time

STARTED = time.time()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("archive")
    parser.add_argument("--switch", type=int, default=0, help="articles to switch between after the first paint")
    parser.add_argument("--type", default="", help="a query to type into the library's search box, key by key")
    args = parser.parse_args()

    from niger_archive.ui.app import build_window, ensure_application

    imported = time.time()
    app = ensure_application()
    window = build_window(args.archive, remember=False)
    built = time.time()
    window.show()
    window.repaint()
    app.processEvents()
    painted = time.time()

    switches: list[float] = []
    if args.switch:
        ids = window.archive.current_ids()
        rng = random.Random(5)
        for article_id in rng.sample(ids, min(args.switch, len(ids))):
            start = time.perf_counter()
            window.open_article(article_id)
            window.reader.view.viewport().repaint()
            app.processEvents()
            switches.append(time.perf_counter() - start)
    typing = type_query(app, window, args.type) if args.type else {}
    result = {
        **typing,
        "started": STARTED,
        "imported": imported,
        "built": built,
        "painted": painted,
        "articles": len(window.archive.current_ids()),
        "switch_ms": [round(s * 1000, 2) for s in switches],
        "switch_ms_median": round(statistics.median(switches) * 1000, 2) if switches else None,
    }
    window.close()
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown: it is not part of the start-up being measured


KEY_INTERVAL_MS = 150


def type_query(app, window, text: str) -> dict:
    """Type text into the library's search box, one key every KEY_INTERVAL_MS, the event loop running
    in between; the longest gap between the ticks of a 2 ms timer is the longest the interface thread
    was kept from its events (by a key's handling, a search, or the search thread holding the GIL)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest

    library = window.library
    ticks: list[float] = []
    monitor = QTimer()
    monitor.setInterval(2)
    monitor.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    library.search.setFocus()
    wait(300)  # the outlet list and the index check off the interface thread settle first
    monitor.start()
    ticks.append(time.perf_counter())
    for ch in text:
        QTest.keyClick(library.search, ch)
        wait(KEY_INTERVAL_MS)
    typed = time.perf_counter()
    while library._timer.isActive() or library.queries.pending:
        wait(5)
    answered = time.perf_counter()
    monitor.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return {"typed_query": text, "typing_longest_stall_ms": round(max(gaps) * 1000, 1),
            "typing_answer_after_last_key_ms": round((answered - typed) * 1000, 1),
            "typing_count_line": library.count.text()}


if __name__ == "__main__":
    sys.exit(main())
