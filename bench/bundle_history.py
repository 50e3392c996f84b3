"""Owns measuring what record history (bundle format 2) costs: size and merge time of ~10k records.

One run builds an archive of 200 articles with 50 highlights each (every fifth a claim), exports it
as a bundle, and writes the same records once more without their history (as format 1 did). Then,
in the same run: the size of both files, the time to merge each into an empty archive, the time to
merge each again into an archive that already holds it (a daily swap with nothing new), and the size
of an incremental bundle after 50 edits.

    .venv/bin/python -m bench.bundle_history --work /tmp/bh [--articles 200 --per-article 50]
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

from niger_archive.bundles import read_bundle, write_bundle
from niger_archive.bundles.records import VersionInfo
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

RESULTS = Path(__file__).parent / "results" / "bundle_history.json"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _article(n: int, sentences: int) -> str:
    body = " ".join(f"Report {n} sentence {i} says that {100 + i * 7 + n} troops moved on day {i % 28 + 1}."
                    for i in range(sentences))
    return f"Bench article {n}\n\n{body}\n"


def build(work: Path, articles: int, per_article: int) -> Archive:
    folder = work / "files"
    folder.mkdir(parents=True)
    paths = []
    for n in range(articles):
        path = folder / f"a{n:04d}.txt"
        path.write_text(_article(n, per_article + 5), encoding="utf-8")
        paths.append(path)
    archive = Archive.open(work / "source")
    archive.import_files(paths)
    for article_id in archive.current_ids():
        text = archive.articles.text(article_id) or ""
        steps = []
        for i in range(per_article):
            quote = f"sentence {i} says that"
            start = text.find(quote)
            if start < 0:
                continue

            end = start + len(quote)

            def step(editor, article_id=article_id, start=start, end=end, i=i):
                return editor.create_annotation(article_id, start, end, note=f"note {i}", tags=["bench"])
            steps.append(step)
        archive.apply_steps("bench highlights", steps)
        for a in archive.annotations.find(article_id)[::5]:
            archive.apply(archive.editor.mark_claim(a.id))
    return archive


def run(work: Path, articles: int, per_article: int) -> dict[str, Any]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    build_seconds, source = timed(lambda: build(work, articles, per_article))
    try:
        with_history = work / "with-history.nabundle"
        export_seconds, _ = timed(lambda: run_export(source, with_history))
        content = read_bundle(with_history)
        records = sum(len(v) for v in (content.versions.vectors or {}).values())
        with zipfile.ZipFile(with_history) as zf:  # the same report in both files: only the history differs
            report = zf.read("data/report.html").decode("utf-8")
        content.versions = VersionInfo()
        without = work / "without-history.nabundle"
        write_bundle(content, without, report, "bench")

        figures: dict[str, Any] = {"articles": articles, "records": records, "build_seconds": round(build_seconds, 1),
                                   "export_seconds": round(export_seconds, 2)}
        for name, path in (("with_history", with_history), ("without_history", without)):
            target = Archive.open(work / f"target-{name}")
            try:
                first, _ = timed(lambda: import_bundle(target, path))  # noqa: B023 (called at once)
                again, report = timed(lambda: import_bundle(target, path))  # noqa: B023
                figures[name] = {"bundle_bytes": path.stat().st_size, "merge_seconds": round(first, 2),
                                 "merge_again_seconds": round(again, 2), "changes_again": report.changes}
            finally:
                target.close()
        full_for_b = work / "full-for-b.nabundle"
        run_export(source, full_for_b, to="B")
        for a in source.annotations.find()[:50]:
            source.apply(source.editor.set_note(a.id, "changed for the daily swap"))
        daily = work / "daily.nabundle"
        daily_seconds, _ = timed(lambda: run_export(source, daily, since="B", to="B"))
        figures["incremental_after_50_edits"] = {"bundle_bytes": daily.stat().st_size,
                                                 "export_seconds": round(daily_seconds, 2)}
    finally:
        source.close()
    w, wo = figures["with_history"], figures["without_history"]
    figures["ratios"] = {
        "size": round(w["bundle_bytes"] / wo["bundle_bytes"], 3),
        "merge": round(w["merge_seconds"] / wo["merge_seconds"], 3),
        "merge_again": round(w["merge_again_seconds"] / wo["merge_again_seconds"], 3),
        "daily_vs_full_size": round(figures["incremental_after_50_edits"]["bundle_bytes"] / w["bundle_bytes"], 4),
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/niger-archive-bundle-history"))
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=50)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    figures = run(args.work, args.articles, args.per_article)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
