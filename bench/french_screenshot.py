"""Render the French interface comparing French and English claims (docs/screenshots/compare-fr.png).

Builds a throwaway archive from samples/ and the French fixture articles (tests/fixtures/french),
marks the troop count of two English and two French articles as claims of one cluster, and renders
the window in French on the compare tab: each outlet's passage in its own language, the figures
read the same way, the disagreement across languages flagged.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/french_screenshot.py      # -> docs/screenshots/compare-fr.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "compare-fr.png"
PASSAGES = (
    "approximately 1,000 U.S. military personnel stationed in the country",
    "more than 1,000 troops from Niger",
    "environ 1 000 soldats américains étaient déployés au Niger",
    "Près d'un millier de militaires américains doivent quitter le pays le 15 septembre au plus tard",
)


def bilingual_archive(folder: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from niger_archive.services.archive import Archive

    archive = Archive.open(folder / "archive")
    try:
        archive.import_files([ROOT / "samples", ROOT / "tests" / "fixtures" / "french"])
        ed = archive.editor
        cluster = ed.create_cluster("Soldats américains au Niger")
        archive.apply(cluster)
        claims = []
        for passage in PASSAGES:
            for article_id in archive.current_ids():
                text = archive.articles.text(article_id) or ""
                start = text.find(passage)
                if start < 0:
                    continue
                highlight = ed.create_annotation(article_id, start, start + len(passage))
                archive.apply(highlight)
                claim = ed.mark_claim(highlight.target)
                archive.apply(claim)
                claims.append(claim.target)
                break
            else:
                raise SystemExit(f"passage not found: {passage!r}")
        archive.apply(ed.add_to_cluster(cluster.target, claims))
        return cluster.target
    finally:
        archive.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NIGER_ARCHIVE_LANGUAGE"] = "fr"  # the system language, for this program only
    with tempfile.TemporaryDirectory(prefix="compare-fr-") as tmp:
        os.environ["NIGER_ARCHIVE_CONFIG"] = str(Path(tmp) / "settings.json")
        cluster = bilingual_archive(Path(tmp))
        from niger_archive.ui.app import build_window, ensure_application

        app = ensure_application()
        window = build_window(Path(tmp) / "archive", remember=False)
        try:
            window.resize(1440, 900)
            window.show()
            window.focus_target("compare")
            window.compare.show_cluster(cluster)
            for _ in range(50):
                app.processEvents()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(args.out), "PNG"):
                raise SystemExit(f"could not write {args.out}")
            print(args.out)
        finally:
            window.close()
            app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
