"""Owns rendering the window offscreen to a PNG, in one of its views (library, reader, claims, entities,
compare, review, annotations), in the default layout (the one a first start shows)."""

from __future__ import annotations

import os
import time
from pathlib import Path

VIEWS = ("library", "reader", "claims", "entities", "compare", "review", "annotations")
SETTLE_SECONDS = 20.0


def _settle(app, window, seconds: float = SETTLE_SECONDS) -> None:
    """Process events until background queries and tasks are answered (or time runs out)."""
    deadline = time.monotonic() + seconds
    workers = (window.search_queries, window.entity_queries, window.compare_queries)
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.tasks.busy and not any(w.pending for w in workers):
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def _busiest_article(window) -> int | None:
    counts = window.archive.annotations.counts_by_article()
    current = set(window.archive.current_ids())
    ranked = sorted(((n, i) for i, (n, _c) in counts.items() if i in current), reverse=True)
    if ranked:
        return ranked[0][1]
    ids = window.archive.current_ids()
    return ids[0] if ids else None


def render_screenshot(out_path: str | os.PathLike[str], archive_dir: str | None = None, view: str = "reader",
                      size: tuple[int, int] = (1440, 900), query: str | None = None) -> Path:
    """Build the window on ``archive_dir``, show ``view`` and save a PNG of it at ``out_path``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; views are {', '.join(VIEWS)}")
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from .app import build_window, ensure_application

    app = ensure_application()
    window = build_window(archive_dir, remember=False)
    try:
        window.resize(*size)
        window.show()
        _settle(app, window)
        article_id = _busiest_article(window)
        if article_id is not None:
            window.open_article(article_id)
            marks = window.reader._marks
            if marks:
                window.reader.set_current(marks[0].id, reveal=True)
        if view == "library":
            text = query if query is not None else "troops"
            if window.archive.articles.count():
                window.library.search.setText(text)
                window.library.run_query()
            window.focus_target("library")
        elif view == "reader":
            window.focus_target("reader")
        else:
            window.focus_target(view)  # the default layout as a user sees it: nothing resized for the picture
        _settle(app, window)
        app.processEvents()
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
        return out
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
