"""Measures the reader with many annotations: opening an article with 1,000 of them, and creating a highlight.

    .venv/bin/python bench/gui_timings.py [--annotations 1000] [--repeat 5]

Runs offscreen. "open" is ReaderPane.open_article plus the first paint of the window; "highlight" is
the whole `h` command (select, apply the edit, refresh the reader, inspector and library, repaint).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NIGER_ARCHIVE_CONFIG", str(Path(tempfile.mkdtemp()) / "settings.json"))

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from niger_archive.services.archive import Archive  # noqa: E402
from niger_archive.services.editing import new_id  # noqa: E402


def seed_annotations(archive: Archive, article_id: int, n: int) -> None:
    text = archive.articles.text(article_id) or ""
    rng = random.Random(1)
    palette = [p.name for p in archive.annotations.palette()]
    steps = []
    for _ in range(n):
        start = rng.randrange(0, max(1, len(text) - 60))
        end = start + rng.randrange(5, 60)
        if not text[start:end].strip():
            continue
        colour = rng.choice(palette + [None])
        aid = new_id()
        steps.append(lambda ed, s=start, e=end, c=colour, a=aid: ed.create_annotation(article_id, s, e, color=c,
                                                                                       annotation_id=a))
        if rng.random() < 0.2:
            steps.append(lambda ed, a=aid: ed.mark_claim(a))
    archive.apply_steps("bench annotations", steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="niger-gui-bench-"))
    archive = Archive.open(folder)
    archive.import_files([ROOT / "samples"])
    article_id = max(archive.current_ids(), key=lambda i: len(archive.articles.text(i) or ""))
    seed_annotations(archive, article_id, args.annotations)
    count = archive.annotations.annotation_count(article_id)
    text_length = len(archive.articles.text(article_id) or "")
    archive.close()

    from PySide6.QtWidgets import QApplication

    from niger_archive.ui.app import build_window, ensure_application

    app = ensure_application()
    window = build_window(folder, remember=False)
    window.show()
    app.processEvents()
    other = next(i for i in window.archive.current_ids() if i != article_id)

    opens, highlights, carets = [], [], []
    for n in range(args.repeat):
        window.open_article(other)
        app.processEvents()
        t0 = time.perf_counter()
        window.open_article(article_id)
        window.reader.view.viewport().repaint()
        opens.append(time.perf_counter() - t0)

        view = window.reader.view
        start = 5 + 7 * n
        t0 = time.perf_counter()
        view.place_caret(start + 200)
        view.viewport().repaint()
        carets.append(time.perf_counter() - t0)

        view.select(start, start + 3)
        t0 = time.perf_counter()
        window.commands.run("annotate.highlight")
        view.viewport().repaint()
        QApplication.processEvents()
        highlights.append(time.perf_counter() - t0)

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"

    print(f"article: {text_length} characters, {count} annotations (+{args.repeat} created)")
    print(f"open article (load, {len(window.reader._marks)} marks, first paint): {ms(opens)}")
    print(f"move the caret (current-annotation lookup, repaint):  {ms(carets)}")
    print(f"create a highlight with h (edit, refresh, repaint):   {ms(highlights)}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
