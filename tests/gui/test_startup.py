"""Opening the window is quick: heavy libraries load on first use, and slow work waits for the first paint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

# libraries the window does not need to appear (import, search, bundles, suggestions load them on first use)
LAZY = ("trafilatura", "lxml", "dateparser", "rapidfuzz", "whoosh", "jsonschema", "bagit", "markdown_it", "pysbd",
        "py3langid", "charset_normalizer", "PySide6.QtNetwork")

PROBE = """
import json, os, sys
from niger_archive.ui.app import build_window, ensure_application
app = ensure_application()
window = build_window(sys.argv[1], remember=False)
window.show(); window.repaint(); app.processEvents()
rows = window.library.model.rowCount()
print(json.dumps({"rows": rows, "loaded": [m for m in sys.argv[2:] if m in sys.modules]}))
sys.stdout.flush()
os._exit(0)
"""


def test_the_window_appears_without_loading_the_heavy_libraries(sample_archive, tmp_path):
    sample_archive.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIGER_ARCHIVE_CONFIG": str(tmp_path / "settings.json")}
    done = subprocess.run([sys.executable, "-c", PROBE, str(sample_archive.root), *LAZY], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] == 5  # the library lists the archive
    assert result["loaded"] == []


def test_after_the_first_paint_the_search_thread_repairs_the_index_and_fills_the_outlets(
        qtbot, make_window, sample_archive):
    root = Path(sample_archive.root)
    outlets = {a.outlet for a in sample_archive.list_articles() if a.outlet}
    sample_archive.close()
    shutil.rmtree(root / "index")  # lost, e.g. deleted by hand: opening the window does not rebuild it
    window = make_window(root)
    assert window.library.model.rowCount() == 5
    qtbot.waitUntil(lambda: window.library.outlet.count() == 1 + len(outlets), timeout=30_000)
    # what opening repaired comes back from the search thread apart from the outlets
    qtbot.waitUntil(lambda: "search index rebuilt (5 articles)" in window.statusBar().currentMessage(),
                    timeout=10_000)
    assert {window.library.outlet.itemData(i) for i in range(1, window.library.outlet.count())} == outlets
    window.library.search.setText("withdrawal")
    window.library.run_query()
    qtbot.waitUntil(lambda: window.library.model.searching and not window.search_queries.pending, timeout=10_000)
    assert window.library.model.rowCount() > 0


def test_the_visible_claims_pane_fills_once_the_window_is_shown(qtbot, make_window, sample_archive):
    ed = sample_archive.editor
    created = ed.create_annotation(sample_archive.current_ids()[0], 0, 20)
    sample_archive.apply(created)
    sample_archive.apply(ed.mark_claim(created.target))
    sample_archive.close()
    window = make_window(sample_archive.root)
    assert window.claims.isVisible()
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1, timeout=5000)
    assert QApplication.activeWindow() is window


WARMED_PROBE = """
import gc, json, os, sys, time
from niger_archive.ui.app import build_window, ensure_application
app = ensure_application()
window = build_window(sys.argv[1], remember=False)
window.show(); window.repaint(); app.processEvents()
before = {"ranking": "niger_archive.search.vectorised" in sys.modules, "frozen": gc.get_freeze_count()}
deadline = time.monotonic() + 60
while not gc.get_freeze_count() and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.01)
painted = gc.get_freeze_count()
while "niger_archive.search.vectorised" not in sys.modules and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.01)
settled = time.monotonic() + 1.0  # the search thread's answer (what opening repaired) comes just after
while time.monotonic() < settled:
    app.processEvents(); time.sleep(0.01)
after = {"ranking": "niger_archive.search.vectorised" in sys.modules, "frozen": gc.get_freeze_count()}
window.close(); app.processEvents()
print(json.dumps({"before": before, "painted": painted, "after": after, "closed": gc.get_freeze_count()}))
sys.stdout.flush()
os._exit(0)
"""


def test_once_the_window_is_up_its_search_is_readied_and_the_collector_skips_what_lives_as_long(
        sample_archive, tmp_path):
    """The first search typed does not load the ranking (NumPy) on the search thread, and a full garbage
    collection set off by a search does not scan the window's own objects: both held the interface
    thread for 40 to 70 ms while a query was typed (bench.gui_probe --type)."""
    sample_archive.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIGER_ARCHIVE_CONFIG": str(tmp_path / "settings.json")}
    done = subprocess.run([sys.executable, "-c", WARMED_PROBE, str(sample_archive.root)], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == {"ranking": False, "frozen": 0}  # not before the window is on screen
    assert result["painted"] > 10_000  # the window's objects, once it is painted
    # and what the search thread's opening of its archive left, once it has answered
    assert result["after"]["ranking"] and result["after"]["frozen"] > result["painted"]
    assert result["closed"] == 0  # a closed window's objects can be collected again
