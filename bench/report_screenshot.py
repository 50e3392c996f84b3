"""Render the HTML report in headless Chromium and save a screenshot (docs/screenshots/report.png).

Without ``--html`` it builds a throwaway archive from samples/, annotates it exactly like the
acceptance test (tests/integration/test_bundles.py: the four troop-count claims in one cluster,
colours, tags, notes, entities; without the test's hostile strings), exports the report and
screenshots it.

    .venv/bin/python bench/report_screenshot.py                  # -> docs/screenshots/report.png
    .venv/bin/python bench/report_screenshot.py --html r.html --out r.png
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "report.png"


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no Chromium found: apt-get install -y chromium")


def screenshot(html: Path, out: Path, size: str = "1200,2000") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-shot-") as profile:
        subprocess.run(
            [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             f"--screenshot={out.resolve()}", f"--window-size={size}", html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    if not out.exists():
        raise SystemExit(f"Chromium wrote no screenshot to {out}")
    return out


def sample_report(folder: Path) -> Path:
    """Import and annotate the samples like the acceptance test, and export the report."""
    sys.path.insert(0, str(ROOT))
    from niger_archive.services.archive import Archive
    from niger_archive.services.bundle_exchange import run_export

    acceptance_test = ROOT / "tests" / "integration" / "test_bundles.py"
    spec = importlib.util.spec_from_file_location("bundle_acceptance", acceptance_test)
    acceptance = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(acceptance)
    archive = Archive.open(folder / "archive")
    try:
        archive.import_files([ROOT / "samples"])
        ids = {}
        for article in archive.list_articles():
            name = archive.db.execute("SELECT source_name FROM articles WHERE id = ?", [article.id]).fetchone()[0]
            ids[name[:3]] = article.id
        acceptance.annotate_samples(archive, ids, hostile=False)
        run_export(archive, folder / "report.html", fmt="html")
    finally:
        archive.close()
    return folder / "report.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="an existing report to render (default: build one from samples/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", default="1200,2000", help="window size WIDTH,HEIGHT")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        html = args.html or sample_report(Path(tmp))
        print(screenshot(html, args.out, args.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
