"""Owns the cold-start probe: a fresh process that opens an archive's window and reports when it painted.

    QT_QPA_PLATFORM=offscreen python -m bench.gui_probe ARCHIVE [--switch 20]

Prints one JSON object: wall-clock times (``time.time()``) after the imports, after the window
was built, and after its first paint (``repaint()`` returns once the whole window has been
drawn into its backing store, then pending events are processed), plus the time to switch
between ordinary articles (open, repaint the reader). The parent measures from just before it
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
    result = {
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


if __name__ == "__main__":
    sys.exit(main())
