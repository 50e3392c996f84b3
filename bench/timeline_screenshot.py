"""Render the compare pane's timeline of the sample troop-count cluster (docs/screenshots/timeline.png).

Builds a throwaway archive from samples/, annotates it like the bundle acceptance test
(tests/integration/test_bundles.py: the four troop counts as claims in the cluster "US troops in
Niger"), opens the window offscreen on the compare pane and saves the timeline widget.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/timeline_screenshot.py      # -> docs/screenshots/timeline.png
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "timeline.png"


def sample_archive(folder: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from niger_archive.services.archive import Archive

    spec = importlib.util.spec_from_file_location("bundle_acceptance", ROOT / "tests" / "integration" / "test_bundles.py")
    acceptance = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(acceptance)
    archive = Archive.open(folder / "archive")
    try:
        archive.import_files([ROOT / "samples"])
        ids = {}
        for article in archive.list_articles():
            name = archive.db.execute("SELECT source_name FROM articles WHERE id = ?", [article.id]).fetchone()[0]
            ids[name[:3]] = article.id
        return acceptance.annotate_samples(archive, ids, hostile=False)["cluster"]
    finally:
        archive.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="timeline-") as tmp:
        cluster = sample_archive(Path(tmp))
        from niger_archive.ui.app import build_window, ensure_application

        app = ensure_application()
        window = build_window(Path(tmp) / "archive", remember=False)
        try:
            window.resize(1200, 800)
            window.show()
            window.focus_target("compare")
            window.compare.show_cluster(cluster)
            from niger_archive.ui.timeline_view import TimelineView

            picture = TimelineView()  # the pane's picture, at a size that shows every lane
            picture.set_appearances(window.compare.timeline.appearances)
            picture.resize(1000, picture.sizeHint().height())
            picture.show()
            picture.setFocus()
            app.processEvents()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if not picture.grab().save(str(args.out), "PNG"):
                raise SystemExit(f"could not write {args.out}")
            print(args.out, "-", picture.current_text())
            picture.close()
        finally:
            window.close()
            app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
