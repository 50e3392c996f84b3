"""Owns the benchmark command: corpus, import, FTS5 baseline, search, size, GUI, bundles, memory -> JSON.

    .venv/bin/python -m bench.run --quick            # 1k articles, every figure, about a minute (CI)
    .venv/bin/python -m bench.run --size 10k         # the 10k figures, GUI and bundles included
    .venv/bin/python -m bench.run --size 100k        # import/memory/search/size at 100k (GUI, bundles off)
    .venv/bin/python -m bench.run --quick --formats --warc-mb 1024   # and per-format imports, a 1 GB WARC

Writes ``bench/results/<size>.json`` (``quick.json`` for --quick; ``--results DIR`` elsewhere) and
prints the table that ``python -m bench.report --write`` puts into docs/performance.md. Corpora,
archives and baselines go to a temporary folder (``--work``), removed afterwards unless ``--keep``.
The import runs in a child process, so its peak memory is its own (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
SEARCH_LIMIT = 20  # hits per page, as in the library pane
BUNDLE_ARTICLES = 1_000
GUI_ANNOTATIONS = 1_000

# Every figure a complete result holds (dotted paths into the JSON); the CI test checks them all.
REQUIRED_FIGURES = (
    "import.articles_per_s", "import.mb_per_s", "import.seconds", "import.peak_rss_mb",
    "import.peak_rss_with_workers_mb",
    "fts5.raw_load_seconds", "fts5.docs_load_seconds", "import.ratio_to_fts5_raw", "import.ratio_to_fts5_docs",
    "search.ours.p50_ms", "search.ours.p95_ms", "search.ours_with_snippets.p50_ms",
    "search.ours_with_snippets.p95_ms", "search.fts5.p50_ms", "search.fts5.p95_ms",
    "search.fts5_with_snippets.p95_ms", "search.ratio_p95", "search.ratio_p95_with_snippets",
    "size.archive_bytes", "size.raw_bytes", "size.ratio",
    "annotations.seconds", "annotations.annotations", "annotations.index_catch_up_seconds",
    "gui.cold_start_s", "gui.open_1000_annotations_ms", "gui.create_highlight_ms", "gui.switch_article_ms",
    "bundles.export_seconds", "bundles.import_seconds", "bundles.articles", "bundles.bundle_bytes",
    "floor.search.exact_count_p95_ms", "floor.search.exact_count_ratio_to_floor", "gui.typing_longest_stall_ms",
    "big_article.with_snippets_p95_after_ms", "big_article.change_percent",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def folder_bytes(path: Path, *, allocated: bool = False) -> int:
    """Bytes of the files under ``path``: their sizes, or with ``allocated`` the disk blocks they take
    (what ``du`` counts: a 2 KB file takes a whole 4 KB block)."""
    total = 0
    paths = [path] if path.is_file() else [Path(d) / n for d, _, names in os.walk(path) for n in names]
    for file in paths:
        try:
            st = file.stat()
        except OSError:
            continue
        total += st.st_blocks * 512 if allocated else st.st_size
    return total


# --- the import worker (a child process) ----------------------------------------------------------


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants now (Linux /proc), in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        ppid = int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return round(total / 1024, 1)



def import_worker(corpus: Path, archive_dir: Path, out: Path) -> None:
    """Import ``corpus`` into a new archive and write timings, outcomes and peak RSS to ``out``."""
    from niger_archive.core.models import ImportOutcome
    from niger_archive.services.archive import Archive

    started = time.perf_counter()
    # The whole tree (this process, parse workers, index writer) sampled every half second, so the
    # writer's final commit is seen too.
    sampling = threading.Event()
    tree_peak = [0.0]

    def sample() -> None:
        while not sampling.wait(0.5):
            tree_peak[0] = max(tree_peak[0], tree_rss_mb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    archive = Archive.open(archive_dir)
    opened = time.perf_counter()
    statuses: dict[str, int] = {}
    failures: list[str] = []
    rss_samples: list[tuple[int, float, float]] = []
    peak_tree = 0.0
    done = 0
    for event in archive.import_paths([corpus]):
        if isinstance(event, ImportOutcome):
            statuses[event.status] = statuses.get(event.status, 0) + 1
            done += 1
            if event.status == "failed" and len(failures) < 10:
                failures.append(f"{event.path}: {event.reason}")
            if done % 1000 == 0:
                tree = tree_rss_mb(os.getpid())
                peak_tree = max(peak_tree, tree)
                if done % 5000 == 0:
                    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                    rss_samples.append((done, round(rss, 1), tree))
                    log(f"imported {done} files, peak RSS so far {rss:.0f} MB (with parse workers now {tree:.0f} MB)")
    imported = time.perf_counter()
    archive.close()
    closed = time.perf_counter()
    sampling.set()
    sampler.join()
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the parse workers, ended by now
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    out.write_text(json.dumps({
        "open_seconds": opened - started,
        "seconds": imported - opened,
        "close_seconds": closed - imported,
        "statuses": statuses,
        "failures": failures,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # this process with its parse workers and index writer, sampled every half second
        "peak_rss_with_workers_mb": max(peak_tree, tree_peak[0]),
        "rss_samples": rss_samples,  # (files, peak RSS of this process, RSS with workers now)
        "cpu_seconds": round(cpu, 2),  # this process and its parse workers, user + system
        "cpu_seconds_main": round(own.ru_utime + own.ru_stime, 2),
    }))


# --- the parts of a run ---------------------------------------------------------------------------


def generate(n: int, corpus: Path) -> dict[str, Any]:
    from .corpus import CorpusGenerator

    seconds, (files, size) = timed(lambda: CorpusGenerator(n).write(corpus))
    return {"articles": files, "bytes": size, "seconds": round(seconds, 2)}


def run_import(corpus: Path, archive_dir: Path, work: Path, raw_bytes: int) -> dict[str, Any]:
    out = work / "import.json"
    cmd = [sys.executable, "-m", "bench.run", "--import-worker", str(corpus), str(archive_dir), str(out)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    result = json.loads(out.read_text())
    files = sum(result["statuses"].values())
    result["files"] = files
    result["wall_seconds"] = round(wall, 2)
    result["articles_per_s"] = round(files / result["seconds"], 1)
    # CPU per file (import process + parse workers), and the rate two fully used cores would give.
    result["cpu_ms_per_article"] = round(result["cpu_seconds"] / files * 1000, 2)
    result["two_core_ceiling_articles_per_s"] = round(2 * files / result["cpu_seconds"], 1)
    result["mb_per_s"] = round(raw_bytes / 1_048_576 / result["seconds"], 2)
    return result


def corpus_files(corpus: Path) -> list[Path]:
    from niger_archive.services.importing import collect_files

    return collect_files([corpus]).files


def seed(archive) -> dict[str, Any]:
    from .seeding import seed_annotations

    seconds, counts = timed(lambda: seed_annotations(archive))
    catch_up, reindexed = timed(archive.flush_index)
    return {**counts, "seconds": round(seconds, 2), "index_catch_up_seconds": round(catch_up, 2),
            "reindexed_articles": reindexed}


def load_fts5_docs(archive, path: Path) -> dict[str, Any]:
    from .fts5_baseline import load_documents

    ids = archive.current_ids()

    def chunks():
        for start in range(0, len(ids), 1000):
            yield list(archive.index_documents(ids[start:start + 1000]))

    return load_documents(path, chunks())


def run_search(archive, fts_path: Path, repeat: int) -> dict[str, Any]:
    from .fts5_baseline import Fts5Searcher
    from .queries import KINDS, QUERY_MIX

    fts = Fts5Searcher(fts_path)
    systems: dict[str, Callable[[Any], tuple[list[int], int]]] = {
        "ours": lambda q: _ours(archive.index.search_results(q.ours, SEARCH_LIMIT)),
        "ours_with_snippets": lambda q: ([h.id for h in archive.search(q.ours, SEARCH_LIMIT)], -1),
        "fts5": lambda q: fts.search(q, SEARCH_LIMIT),
        "fts5_with_snippets": lambda q: fts.search(q, SEARCH_LIMIT, snippets=True, count=False),
    }
    samples: dict[str, dict[str, list[float]]] = {name: {q.ours: [] for q in QUERY_MIX} for name in systems}
    totals: dict[str, dict[str, int]] = {"ours": {}, "fts5": {}}
    lower_bounds = 0  # queries whose first page gave a lower bound (more than the threshold matched)
    for q in QUERY_MIX:  # warm-up: caches, first searcher, SQLite pages
        for name, run in systems.items():
            ids, total = run(q)
            if name == "fts5":
                totals[name][q.ours] = total
        totals["ours"][q.ours] = archive.count_matches(q.ours)  # the exact number, to compare with FTS5's
        lower_bounds += not archive.index.search_results(q.ours, SEARCH_LIMIT).total_is_exact
    for _ in range(repeat):
        for q in QUERY_MIX:
            for name, run in systems.items():
                seconds, _ = timed(lambda: run(q))  # noqa: B023 - called at once
                samples[name][q.ours].append(seconds * 1000)
    fts.close()
    out: dict[str, Any] = {"queries": len(QUERY_MIX), "repeat": repeat, "limit": SEARCH_LIMIT}
    for name, per_query in samples.items():
        flat = [v for values in per_query.values() for v in values]
        out[name] = {
            "p50_ms": round(percentile(flat, 0.5), 2),
            "p95_ms": round(percentile(flat, 0.95), 2),
            "max_ms": round(max(flat), 2),
            "by_kind_p50_ms": {
                kind: round(percentile([v for q in QUERY_MIX if q.kind == kind for v in per_query[q.ours]], 0.5), 2)
                for kind in KINDS
            },
            "by_kind_p95_ms": {
                kind: round(percentile([v for q in QUERY_MIX if q.kind == kind for v in per_query[q.ours]], 0.95), 2)
                for kind in KINDS
            },
            "by_query_median_ms": {q: round(statistics.median(v), 2) for q, v in per_query.items()},
        }
    out["ratio_p95"] = round(out["ours"]["p95_ms"] / out["fts5"]["p95_ms"], 2)
    out["ratio_p95_with_snippets"] = round(out["ours_with_snippets"]["p95_ms"] / out["fts5_with_snippets"]["p95_ms"], 2)
    out["ratio_p50"] = round(out["ours"]["p50_ms"] / out["fts5"]["p50_ms"], 2)
    out["ratio_p95_with_snippets_by_kind"] = {
        kind: round(out["ours_with_snippets"]["by_kind_p95_ms"][kind] / out["fts5_with_snippets"]["by_kind_p95_ms"][kind], 2)
        for kind in KINDS}
    out["first_page_lower_bounds"] = lower_bounds
    out["matches"] = {q.ours: {"ours": totals["ours"][q.ours], "fts5": totals["fts5"][q.ours]} for q in QUERY_MIX}
    return out


BIG_ARTICLE_MB = 15
TYPED_QUERY = "troops niger niamey "  # 20 characters typed into the library's search box


def big_article_effect(archive, corpus: Path, work: Path, repeat: int = 3) -> dict[str, Any]:
    """What one huge article (about 15 MB of news text: the corpus's own articles run together, each one
    paragraph, so the importer's 50,000-line limit does not refuse it) does to the first page: the
    with-snippets p95 over the query mix before and after importing it."""
    from .queries import QUERY_MIX

    def p95() -> float:
        for q in QUERY_MIX:
            archive.search(q.ours, SEARCH_LIMIT)  # warm-up (a new searcher after the import)
        samples = [timed(lambda: archive.search(q.ours, SEARCH_LIMIT))[0] * 1000  # noqa: B023
                   for _ in range(repeat) for q in QUERY_MIX]
        return percentile(samples, 0.95)

    before = p95()
    path = work / "big-article.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write("The longest article in the archive\n\n")
        written = 0
        files = itertools.cycle(corpus_files(corpus))  # a 1k corpus is smaller than one such article
        while written < BIG_ARTICLE_MB * 1_048_576:
            text = " ".join(next(files).read_text(encoding="utf-8", errors="replace").split())  # one paragraph
            out.write(text + "\n\n")
            written += len(text.encode("utf-8")) + 2
    outcomes = [o for o in archive.import_paths([path], max_bytes=(BIG_ARTICLE_MB + 5) * 1_048_576)
                if not hasattr(o, "done")]
    archive.flush_index()
    after = p95()
    return {"article_mb": round(path.stat().st_size / 1_048_576, 1),
            "status": [o.status for o in outcomes],
            "with_snippets_p95_before_ms": round(before, 2), "with_snippets_p95_after_ms": round(after, 2),
            "change_percent": round((after / before - 1) * 100, 1)}


def _ours(results) -> tuple[list[int], int]:
    return [h.id for h in results.hits], results.total


def measure_size(archive_dir: Path, corpus: Path, raw_bytes: int) -> dict[str, Any]:
    """The archive's parts on disk against the raw corpus, as ``du`` counts both (allocated blocks:
    a 2 KB file takes a 4 KB block, in the corpus folder and in ``originals/`` alike); the apparent
    sizes (bytes in the files) are given too.

    ``ratio`` counts what the archive needs: database, search index and originals. The daily
    database snapshots in ``backups/`` are listed apart (how many are kept is a setting)."""
    parts = {
        "database": list(archive_dir.glob("archive.db*")),
        "index": [archive_dir / "index"],
        "originals": [archive_dir / "originals"],
        "backups": [archive_dir / "backups"],
    }
    out: dict[str, Any] = {"raw_bytes": raw_bytes, "raw_allocated_bytes": folder_bytes(corpus, allocated=True)}
    for name, paths in parts.items():
        out[f"{name}_bytes"] = sum(folder_bytes(p, allocated=True) for p in paths if p.exists())
        out[f"{name}_apparent_bytes"] = sum(folder_bytes(p) for p in paths if p.exists())
    archive = out["database_bytes"] + out["index_bytes"] + out["originals_bytes"]
    apparent = out["database_apparent_bytes"] + out["index_apparent_bytes"] + out["originals_apparent_bytes"]
    raw_disk = out["raw_allocated_bytes"]
    out["archive_bytes"] = archive
    out["ratio"] = round(archive / raw_disk, 2)
    out["ratio_apparent"] = round(apparent / raw_bytes, 2)
    out["ratio_without_originals"] = round((archive - out["originals_bytes"]) / raw_disk, 2)
    out["ratio_with_backups"] = round((archive + out["backups_bytes"]) / raw_disk, 2)
    out["ratio_of_each"] = {name: round(out[f"{name}_bytes"] / raw_disk, 2) for name in parts}
    return out


def run_gui(archive_dir: Path, work: Path, rounds: int = 3) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "NIGER_ARCHIVE_CONFIG": str(work / "gui-settings.json")}
    starts, probes = [], []
    for n in range(rounds):
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, "-m", "bench.gui_probe", str(archive_dir), "--switch", "20" if n == 0 else "0",
             *(["--type", TYPED_QUERY] if n == 0 else [])],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"gui probe failed: {proc.stderr[-2000:]}")
        probe = json.loads(proc.stdout.strip().splitlines()[-1])
        probe["cold_start_s"] = probe["painted"] - t0
        probe["interpreter_and_imports_s"] = probe["imported"] - t0
        probe["build_window_s"] = probe["built"] - probe["imported"]
        probe["first_paint_s"] = probe["painted"] - probe["built"]
        starts.append(probe["cold_start_s"])
        probes.append(probe)
    timings = run_gui_timings(env)
    first = probes[0]
    return {
        "cold_start_s": round(statistics.median(starts), 3),
        "cold_start_first_s": round(starts[0], 3),
        "cold_start_runs_s": [round(s, 3) for s in starts],
        "breakdown_s": {k: round(first[k], 3) for k in ("interpreter_and_imports_s", "build_window_s", "first_paint_s")},
        "archive_articles": first["articles"],
        "switch_article_ms": first["switch_ms_median"],
        "switch_article_max_ms": max(first["switch_ms"]) if first["switch_ms"] else None,
        **{k: first[k] for k in ("typed_query", "typing_longest_stall_ms", "typing_answer_after_last_key_ms",
                                 "typing_count_line") if k in first},
        **timings,
    }


_TIMING_LINE = re.compile(r"median (?P<median>[\d.]+) ms, max (?P<max>[\d.]+) ms")


def run_gui_timings(env: dict[str, str]) -> dict[str, Any]:
    """bench/gui_timings.py (the GUI engineer's script) on a 1,000-annotation article; its lines parsed."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gui_timings.py"), "--annotations", str(GUI_ANNOTATIONS), "--repeat", "5"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"gui_timings.py failed: {proc.stderr[-2000:]}")
    found: dict[str, Any] = {"gui_timings_output": proc.stdout.strip().splitlines()}
    for line in proc.stdout.splitlines():
        match = _TIMING_LINE.search(line)
        if not match:
            continue
        if line.startswith("open article"):
            found["open_1000_annotations_ms"] = float(match["median"])
            found["open_1000_annotations_max_ms"] = float(match["max"])
        elif line.startswith("create a highlight"):
            found["create_highlight_ms"] = float(match["median"])
            found["create_highlight_max_ms"] = float(match["max"])
        elif line.startswith("move the caret"):
            found["move_caret_ms"] = float(match["median"])
    return found


def run_bundles(archive, work: Path) -> dict[str, Any]:
    from niger_archive.services.archive import Archive
    from niger_archive.services.bundle_exchange import import_bundle, run_export

    from .seeding import most_annotated

    ids = most_annotated(archive, BUNDLE_ARTICLES)
    path = work / "bench.nabundle"
    export_seconds, summary = timed(lambda: run_export(archive, path, article_ids=ids))
    target = Archive.open(work / "bundle-target")
    try:
        import_seconds, report = timed(lambda: import_bundle(target, path))
        imported = target.articles.count()
        annotations = len(target.annotations.find())
    finally:
        target.close()
    return {
        "articles": len(ids),
        "annotations": annotations,
        "bundle_bytes": path.stat().st_size,
        "export_seconds": round(export_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "imported_articles": imported,
        "export_counts": summary.counts if hasattr(summary, "counts") else None,
        "import_changes": report.changes,
    }


# --- the run --------------------------------------------------------------------------------------


def run_formats(work: Path, files: int, warc_mb: int) -> dict[str, Any]:
    """Throughput and peak memory per file format (``bench.import_formats``): ``files`` articles each as
    text, HTML, MHTML, PDF, Word, e-mail and WARC records, and a web archive of ``warc_mb`` MB."""
    from .import_formats import measure

    folder = work / "formats"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        return measure(folder, files, warc_mb, log=log)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(size: str, *, work: Path, results: Path, repeat: int, gui: bool, bundles: bool, name: str,
        formats: int = 0, warc_mb: int = 0) -> dict[str, Any]:
    from .machine import describe

    n = SIZES[size]
    corpus, archive_dir = work / "corpus", work / "archive"
    for leftover in (corpus, archive_dir):  # a kept work folder from an earlier run: start clean
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in work.glob("fts5-*.db*"):
        leftover.unlink()
    result: dict[str, Any] = {
        "scale": size,
        "articles": n,
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "-m", "bench.run", *sys.argv[1:]]),
        "machine": describe(work),
    }
    log(f"generating {n} articles in {corpus}")
    result["corpus"] = generate(n, corpus)
    raw_bytes = result["corpus"]["bytes"]

    log("importing (child process)")
    result["import"] = run_import(corpus, archive_dir, work, raw_bytes)
    log(f"imported: {result['import']['articles_per_s']} articles/s, peak RSS {result['import']['peak_rss_mb']} MB")

    from .fts5_baseline import load_raw

    log("FTS5 baseline: loading the raw files")
    raw = load_raw(work / "fts5-raw.db", corpus_files(corpus))
    result["fts5"] = {"tokenize": "porter unicode61 remove_diacritics 2",
                      "raw_load_seconds": round(raw["seconds"], 2),
                      "raw_articles_per_s": round(raw["rows"] / raw["seconds"], 1),
                      "raw_mb_per_s": round(raw["bytes"] / 1_048_576 / raw["seconds"], 2)}

    from niger_archive.services.archive import Archive

    archive = Archive.open(archive_dir)
    try:
        log("annotating (services editor, one undo step per article)")
        result["annotations"] = seed(archive)
        log(f"annotated: {result['annotations']['annotations']} annotations in {result['annotations']['seconds']} s")

        log("FTS5 baseline: loading the archive's search documents")
        docs = load_fts5_docs(archive, work / "fts5-docs.db")
        result["fts5"]["docs_load_seconds"] = round(docs["seconds"], 2)
        result["fts5"]["docs_articles_per_s"] = round(docs["rows"] / docs["seconds"], 1)
        seconds = result["import"]["seconds"]
        result["import"]["ratio_to_fts5_raw"] = round(seconds / raw["seconds"], 2)
        result["import"]["ratio_to_fts5_docs"] = round(seconds / docs["seconds"], 2)

        log("searching")
        result["search"] = run_search(archive, work / "fts5-docs.db", repeat)
        log(f"search p95: ours {result['search']['ours']['p95_ms']} ms, FTS5 {result['search']['fts5']['p95_ms']} ms")

        log("engine floor: Whoosh indexing and enumeration costs")
        from .floor import indexing_floor, search_floor

        result["floor"] = {"indexing": indexing_floor(archive), "search": search_floor(archive)}
        log(f"floor: Whoosh {result['floor']['indexing']['whoosh_cpu_ms_per_article']} ms CPU per article; "
            f"enumerating matches p95 {result['floor']['search']['enumerate_p95_ms']} ms")

        if bundles:
            log(f"bundles: export and import of up to {BUNDLE_ARTICLES} annotated articles")
            result["bundles"] = run_bundles(archive, work)
    finally:
        archive.close()
    result["size"] = measure_size(archive_dir, corpus, raw_bytes)
    if gui:
        log("GUI: cold start, switching, 1,000-annotation article, highlight")
        result["gui"] = run_gui(archive_dir, work)
    log(f"one {BIG_ARTICLE_MB} MB article: search before and after importing it (after the size figures)")
    archive = Archive.open(archive_dir)
    try:
        result["big_article"] = big_article_effect(archive, corpus, work)
    finally:
        archive.close()
    log(f"big article: with-snippets p95 {result['big_article']['with_snippets_p95_before_ms']} -> "
        f"{result['big_article']['with_snippets_p95_after_ms']} ms")
    if formats or warc_mb:
        log(f"formats: {formats} files per format" + (f", a {warc_mb} MB web archive" if warc_mb else ""))
        result["formats"] = run_formats(work, formats, warc_mb)
    from .machine import load_average

    result["machine"]["load_average_at_end"] = load_average()
    results.mkdir(parents=True, exist_ok=True)
    target = results / f"{name}.json"
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    log(f"wrote {target}")
    return result


def missing_figures(result: dict[str, Any], required: tuple[str, ...] = REQUIRED_FIGURES) -> list[str]:
    """The dotted paths of REQUIRED_FIGURES that are absent or not numbers in ``result``."""
    missing = []
    for dotted in required:
        value: Any = result
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            missing.append(dotted)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--quick", action="store_true", help="1k articles, every figure (the CI check)")
    parser.add_argument("--work", type=Path, help="folder for corpora and archives (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--repeat", type=int, help="rounds over the query mix (default 5; 3 for --quick)")
    parser.add_argument("--gui", action=argparse.BooleanOptionalAction, help="GUI figures (default: not at 100k)")
    parser.add_argument("--bundles", action=argparse.BooleanOptionalAction, help="bundle figures (default: not at 100k)")
    parser.add_argument("--formats", type=int, nargs="?", const=100, default=0, metavar="FILES",
                        help="also import FILES articles (default 100) per file format: throughput and peak memory")
    parser.add_argument("--warc-mb", type=int, default=0, metavar="MB",
                        help="also import a web archive of about MB megabytes (peak memory must stay bounded)")
    parser.add_argument("--import-worker", nargs=3, metavar=("CORPUS", "ARCHIVE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.import_worker:
        corpus, archive_dir, out = (Path(p) for p in args.import_worker)
        import_worker(corpus, archive_dir, out)
        return 0
    size = "1k" if args.quick else args.size
    name = "quick" if args.quick else size
    work = args.work or Path(tempfile.mkdtemp(prefix=f"niger-bench-{size}-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NIGER_ARCHIVE_CONFIG", str(work / "settings.json"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    big = size == "100k"
    try:
        result = run(size, work=work, results=args.results, repeat=args.repeat or (3 if args.quick else 5),
                     gui=args.gui if args.gui is not None else not big,
                     bundles=args.bundles if args.bundles is not None else not big, name=name,
                     formats=args.formats, warc_mb=args.warc_mb)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    from .report import render_result

    print(render_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
