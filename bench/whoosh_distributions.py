"""Benchmarks the Whoosh distributions (install, warnings, index/query speed, size) across Pythons.

One command measures every candidate distribution on every interpreter and writes
``bench/results/whoosh_distributions.json``::

    /work/main/.venv/bin/python bench/whoosh_distributions.py                       # full run
    /work/main/.venv/bin/python bench/whoosh_distributions.py --docs 500 --repeat 1 # quick run

For each (interpreter, distribution) pair the driver makes a throwaway venv under
``/tmp/whoosh-bench`` (never in the repo), installs the distribution with ``--no-compile`` (so
the first import compiles every module and shows its SyntaxWarnings, as a source checkout or a
frozen build would), and re-runs this file in ``--worker`` mode with ``-W always -B``. The worker
builds a deterministic synthetic corpus of ~600-word news articles, indexes it with a schema like
the archive's (stemming + accent folding, dates, keyword-like fields), and times a fixed mix of
term, phrase, field, boolean, prefix and date-range queries.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path

PYTHONS = {
    "3.11": "/root/.pyenv/versions/3.11.7/bin/python3",
    "3.12": "/root/.pyenv/versions/3.12.1/bin/python3",
    "3.13": "/root/.pyenv/versions/3.13.0/bin/python3",
}
DISTRIBUTIONS = {
    "Whoosh==2.7.4": "Whoosh==2.7.4",
    "whoosh-reloaded==2.7.5": "whoosh-reloaded==2.7.5",
    "whoosh3==3.54.0": "whoosh3==3.54.0",
}
VENV_ROOT = Path("/tmp/whoosh-bench")
RESULTS = Path(__file__).resolve().parent / "results" / "whoosh_distributions.json"

# ---------------------------------------------------------------------------------------------
# Synthetic corpus (deterministic: same seed -> same documents on every interpreter)
# ---------------------------------------------------------------------------------------------

NEWS_WORDS = (
    "the of and to in a that for on is was with said by as at from it an be have has are "
    "not this but which were their its had they been also after who more would over will "
    "government military troops niger united states forces withdrawal security officials "
    "defense country president junta agreement base drone operations partnership talks "
    "minister relations russia france africa sahel west region cooperation personnel "
    "soldiers army coup national council safeguard homeland washington niamey agadez "
    "terrorism jihadist attack border mali burkina faso election sovereignty embassy "
    "department pentagon spokesperson statement week sunday monday announced negotiations "
    "bilateral future presence foreign trade diplomatic matters meetings senior official "
    "deputy secretary state ambassador aid humanitarian economic sanctions uranium oil "
    "migration route desert population villagers reporters journalists media press "
    "independent sources reported claimed denied confirmed according analysts experts "
    "strategy influence competition wagner instructors equipment aircraft airbase camp "
    "intelligence surveillance counterterrorism mission mandate timeline deadline months "
    "september august july june may april march end complete orderly responsible "
    "États européens sécurité armée coopération accord président ministre défense retrait "
    "militaires français américains nigériens capitale région frontière élection"
).split()

PLANTED_PHRASES = (
    "military personnel",
    "united states",
    "national council for the safeguard of the homeland",
    "withdrawal of us troops",
    "air base 201",
    "kurt campbell",
    "security cooperation",
)

OUTLETS = (
    "Sputnik Africa", "Reuters", "Associated Press", "Al Jazeera", "BBC News", "Le Monde",
    "RFI", "Voice of America", "Africanews", "France 24", "The Washington Post", "Agence Niger Presse",
)
FIRST = ("Amina", "Jean", "Moussa", "Sarah", "Ibrahim", "Claire", "David", "Fatima", "Élodie", "Omar")
LAST = ("Diallo", "Martin", "Issoufou", "Johnson", "Traoré", "Dupont", "Smith", "Maïga", "Lefèvre")
KEYWORDS = (
    "niger", "troops", "withdrawal", "military", "sahel", "united states (us)", "russia",
    "military cooperation", "west africa", "security", "france", "drones", "coup", "diplomacy",
)
TAGS = ("disputed", "verified", "needs-check", "propaganda", "primary-source")
VERDICTS = ("false", "true", "misleading", "unverified", "mostly-true")


def _synthetic_vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ba", "ka", "ma", "ri", "to", "lo", "ne", "sa", "di", "gu", "ou", "ré", "zé", "fa", "ni"]
    news = list(dict.fromkeys(NEWS_WORDS))
    function_words, topical = news[:25], news[25:]
    seen = set(news)
    synthetic = []
    while len(synthetic) < size - len(news):
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            synthetic.append(word)
    # Function words take the top Zipf ranks; topical words are spread over ranks 25..~5,000
    # so that term queries hit some documents rather than all of them.
    vocab = function_words + synthetic
    for i, word in enumerate(topical):
        vocab.insert(25 + i * 5000 // len(topical), word)
    return vocab


def synthetic_corpus(n_docs: int, words_per_doc: int = 600, seed: int = 20240520) -> list[dict]:
    rng = random.Random(seed)
    vocab = _synthetic_vocabulary(rng, 30_000)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    base = datetime(2023, 1, 1, 6, 0)
    docs = []
    for i in range(n_docs):
        words = rng.choices(vocab, cum_weights=cum, k=words_per_doc)
        for _ in range(rng.randint(0, 4)):
            pos = rng.randrange(len(words))
            words[pos:pos] = rng.choice(PLANTED_PHRASES).split()
        sentences = []
        for start in range(0, len(words), 18):
            chunk = words[start:start + 18]
            sentences.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        title_words = rng.choices(vocab[:400], k=rng.randint(6, 12))
        published = base + timedelta(minutes=rng.randrange(0, 730 * 24 * 60))
        offset = rng.choice(("+00:00", "+01:00", "+02:00", "-04:00", ""))
        docs.append({
            "id": i + 1,
            "title": " ".join(title_words).capitalize(),
            "body": " ".join(sentences),
            "outlet": rng.choice(OUTLETS),
            "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "dateline": rng.choice(("NIAMEY", "WASHINGTON", "PARIS", "AGADEZ", None)),
            "language": rng.choice(("en", "en", "en", "fr")),
            "keywords": rng.sample(KEYWORDS, 4),
            "published": published.isoformat(timespec="minutes") + offset,
            "tags": rng.sample(TAGS, rng.randint(0, 2)),
            "verdicts": rng.sample(VERDICTS, rng.randint(0, 1)),
            "entities": rng.sample(("Kurt Campbell", "Abdourahamane Tiani", "Mohamed Bazoum", "Antony Blinken"), 2),
        })
    return docs


QUERIES = {
    "term": ["troops", "niger", "withdrawal", "uranium", "wagner", "sécurité", "etats", "deadline"],
    "phrase": ['"military personnel"', '"united states"', '"air base 201"', '"security cooperation"'],
    "field": ["outlet:sputnik", "title:niger", 'author:"amina diallo"', "keyword:troops", "lang:fr",
              "tag:disputed", "verdict:false", 'entity:"kurt campbell"'],
    "boolean": ["troops AND niger", "troops OR drone", "niger NOT russia", "(troops OR soldiers) AND withdrawal",
                "+niger -france", "junta AND (russia OR wagner) NOT election"],
    "prefix": ["withdr*", "milit*", "secur*", "negoti*"],
    "date_range": ["published:[2024-05-01 TO 2024-05-31]", "published:2024-05", "published:>2024-11-01",
                   "niger published:[2023-01-01 TO 2023-06-30]"],
}

# ---------------------------------------------------------------------------------------------
# Worker: runs inside one venv with one distribution
# ---------------------------------------------------------------------------------------------

USED_MODULES = (
    "whoosh", "whoosh.index", "whoosh.fields", "whoosh.analysis", "whoosh.qparser",
    "whoosh.qparser.dateparse", "whoosh.query", "whoosh.highlight", "whoosh.collectors",
    "whoosh.scoring", "whoosh.writing", "whoosh.searching", "whoosh.sorting",
    "whoosh.support.charset", "whoosh.lang.porter",
)
OPTIONAL_MODULES = ("whoosh.cli", "whoosh.mcp", "whoosh.langchain", "whoosh.llamaindex", "whoosh.filedb.gae")


def _count(records) -> dict:
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec.category.__name__] = counts.get(rec.category.__name__, 0) + 1
    return counts


def _samples(records, limit: int = 5) -> list[str]:
    out = []
    for rec in records:
        line = f"{rec.category.__name__}: {os.path.basename(str(rec.filename))}:{rec.lineno}: {rec.message}"
        if line not in out:
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def worker(n_docs: int, out_path: Path) -> None:
    import importlib
    import pkgutil

    result: dict = {"python_version": platform.python_version()}

    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        for name in USED_MODULES:
            importlib.import_module(name)
        result["import_seconds"] = round(time.perf_counter() - t0, 3)
    result["import_warnings"] = _count(rec)
    result["import_warning_samples"] = _samples(rec)

    import whoosh

    with warnings.catch_warnings(record=True) as rec_all:
        warnings.simplefilter("always")
        failed = []
        for mod in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
            if mod.name in OPTIONAL_MODULES or mod.name in sys.modules:
                continue
            try:
                importlib.import_module(mod.name)
            except Exception as exc:  # optional extras (mcp, langchain, ...) may be absent
                failed.append(f"{mod.name}: {type(exc).__name__}")
    result["all_modules_import_warnings"] = _count(rec_all)
    result["all_modules_import_failures"] = failed
    result["whoosh_version"] = getattr(whoosh, "versionstring", lambda: "?")()

    from whoosh import collectors, index, qparser
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
    from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
    from whoosh.qparser.dateparse import DateParserPlugin
    from whoosh.support.charset import accent_map

    stem = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()
    fold = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=stem, stored=True),
        body=TEXT(analyzer=stem),
        outlet=TEXT(analyzer=fold),
        author=TEXT(analyzer=fold),
        dateline=TEXT(analyzer=fold),
        lang=KEYWORD(lowercase=True),
        keyword=TEXT(analyzer=stem),
        tag=KEYWORD(lowercase=True, commas=True),
        verdict=KEYWORD(lowercase=True, commas=True),
        entity=TEXT(analyzer=fold),
        published=DATETIME(),
    )

    docs = synthetic_corpus(n_docs)
    result["corpus"] = {"docs": n_docs, "words": sum(len(d["body"].split()) for d in docs)}

    def to_fields(d: dict) -> dict:
        pub = datetime.fromisoformat(d["published"]).replace(tzinfo=None)
        return {
            "id": str(d["id"]), "title": d["title"], "body": d["body"], "outlet": d["outlet"],
            "author": d["author"], "dateline": d["dateline"] or "", "lang": d["language"],
            "keyword": "\n".join(d["keywords"]), "tag": ",".join(d["tags"]),
            "verdict": ",".join(d["verdicts"]), "entity": "\n".join(d["entities"]), "published": pub,
        }

    tmp = Path(tempfile.mkdtemp(prefix="whoosh-bench-ix-"))
    with warnings.catch_warnings(record=True) as rec_use:
        warnings.simplefilter("always")
        ix = index.create_in(str(tmp), schema)
        t0 = time.perf_counter()
        writer = ix.writer(limitmb=256, procs=1)
        for d in docs:
            writer.add_document(**to_fields(d))
        t_added = time.perf_counter()
        writer.commit()
        t1 = time.perf_counter()
        result["index_seconds"] = round(t1 - t0, 2)
        result["commit_seconds"] = round(t1 - t_added, 2)
        result["index_docs_per_s"] = round(n_docs / (t1 - t0), 1)
        result["index_bytes"] = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file())

        # Upserts of 50 existing documents in one writer (the annotation-edit path).
        t0 = time.perf_counter()
        writer = ix.writer(limitmb=64, procs=1)
        for d in docs[:50]:
            writer.update_document(**to_fields(d))
        writer.commit()
        result["upsert_50_seconds"] = round(time.perf_counter() - t0, 3)

        parser = qparser.MultifieldParser(["title", "body", "keyword", "entity"], schema,
                                          fieldboosts={"title": 3.0})
        # '+'/'-' only count as operators at the start of a word, so dates like 2024-05 survive.
        parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+(?=\S)", r"(?<![^\s(])-(?=\S)"))
        parser.add_plugin(qparser.GtLtPlugin())
        parser.add_plugin(DateParserPlugin())
        parser.remove_plugin_class(qparser.EveryPlugin)

        latencies: dict[str, list[float]] = {k: [] for k in QUERIES}
        hits: dict[str, int] = {}
        errors: dict[str, str] = {}
        with ix.searcher() as searcher:
            for rnd in range(6):
                for kind, queries in QUERIES.items():
                    for qtext in queries:
                        t0 = time.perf_counter()
                        try:
                            q = parser.parse(qtext)
                            coll = collectors.TimeLimitCollector(
                                searcher.collector(limit=20), timelimit=5.0, use_alarm=False)
                            searcher.search_with_collector(q, coll)
                            res = coll.results()
                            n = res.scored_length()
                            total = len(res) if res.has_exact_length() else res.estimated_length()
                        except Exception as exc:
                            errors[qtext] = f"{type(exc).__name__}: {exc}"
                            continue
                        dt = time.perf_counter() - t0
                        if rnd > 0:  # round 0 warms caches
                            latencies[kind].append(dt)
                        hits[qtext] = total if n else 0
        all_lat = [x for v in latencies.values() for x in v]
        result["query_ms"] = {
            "p50": round(1000 * statistics.median(all_lat), 2),
            "p95": round(1000 * _percentile(all_lat, 95), 2),
            "by_kind_p50": {k: round(1000 * statistics.median(v), 2) for k, v in latencies.items() if v},
        }
        result["query_hits"] = hits
        # Ground truth for the date queries, computed from the corpus (wall-clock dates).
        pub = [datetime.fromisoformat(d["published"]).replace(tzinfo=None) for d in docs]
        expected = {
            "published:[2024-05-01 TO 2024-05-31]": sum(datetime(2024, 5, 1) <= p < datetime(2024, 6, 1) for p in pub),
            "published:2024-05": sum(datetime(2024, 5, 1) <= p < datetime(2024, 6, 1) for p in pub),
            "published:>2024-11-01": sum(p >= datetime(2024, 11, 1) for p in pub),
        }
        result["date_queries"] = {
            q: {"expected": n, "got": hits.get(q), "correct": hits.get(q) == n} for q, n in expected.items()
        }
        result["query_errors"] = errors
        ix.close()
        result["correctness"] = correctness_probes()
    result["use_warnings"] = _count(rec_use)
    result["use_warning_samples"] = _samples(rec_use)
    shutil.rmtree(tmp, ignore_errors=True)
    out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False))


def correctness_probes() -> dict:
    """Known-defect probes: True means the distribution behaves correctly."""
    import threading

    from whoosh import collectors, index, query, writing
    from whoosh.fields import ID, TEXT, Schema

    out: dict[str, object] = {}
    tmp = tempfile.mkdtemp(prefix="whoosh-probe-")
    ix = index.create_in(tmp, Schema(id=ID(stored=True, unique=True), body=TEXT))
    try:
        ix.searcher().refresh().doc_count()
        out["refresh_on_empty_index"] = True
    except Exception as exc:
        out["refresh_on_empty_index"] = f"{type(exc).__name__}: {exc}"
    for i in range(3):
        w = ix.writer()
        w.add_document(id=str(i), body="hello")
        w.commit(merge=False)
    searcher = ix.searcher()
    w = ix.writer()
    w.add_document(id="9", body="hello")
    w.commit(mergetype=writing.CLEAR)
    searcher = searcher.refresh()
    n = searcher.doc_count()
    out["refresh_after_clear_commit"] = (
        True if n == 1 else f"doc_count {n}, expected 1 (merged-away segments resurrected)"
    )
    searcher.close()

    errors = []

    def search_in_thread():
        try:
            with ix.searcher() as s:
                tlc = collectors.TimeLimitCollector(s.collector(limit=5), timelimit=5.0)  # default use_alarm
                s.search_with_collector(query.Term("body", "hello"), tlc)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    t = threading.Thread(target=search_in_thread)
    t.start()
    t.join()
    out["time_limit_collector_off_main_thread"] = True if not errors else errors[0]
    ix.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def _install(py_label: str, dist: str) -> tuple[dict, Path | None]:
    entry: dict = {"python": py_label, "distribution": dist}
    venv = VENV_ROOT / f"py{py_label}-{dist.split('==')[0].lower()}"
    shutil.rmtree(venv, ignore_errors=True)
    print(f"[{py_label} {dist}] venv + install ...", flush=True)
    proc = _run([PYTHONS[py_label], "-m", "venv", str(venv)])
    if proc.returncode:
        entry["install"] = f"venv failed: {proc.stderr[-400:]}"
        return entry, None
    py = venv / "bin" / "python"
    t0 = time.perf_counter()
    proc = _run([str(py), "-m", "pip", "install", "-q", "--no-compile", "--disable-pip-version-check",
                 DISTRIBUTIONS[dist]])
    entry["install_seconds"] = round(time.perf_counter() - t0, 1)
    if proc.returncode:
        entry["install"] = "failed"
        entry["install_error"] = proc.stderr[-600:]
        return entry, None
    entry["install"] = "ok"
    freeze = _run([str(py), "-m", "pip", "freeze", "--disable-pip-version-check"])
    entry["installed"] = [line for line in freeze.stdout.splitlines() if line.strip()]
    return entry, py


def _work(py: Path, n_docs: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        worker_out = Path(fh.name)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    t0 = time.perf_counter()
    proc = _run([str(py), "-W", "always", "-B", __file__, "--worker", "--docs", str(n_docs),
                 "--out", str(worker_out)], env=env, cwd="/tmp")
    result: dict = {"worker_seconds": round(time.perf_counter() - t0, 1)}
    stderr_lines = proc.stderr.splitlines()
    result["stderr_warning_lines"] = {
        cat: sum(1 for line in stderr_lines if f"{cat}:" in line) for cat in ("SyntaxWarning", "DeprecationWarning")
    }
    if proc.returncode:
        result["worker"] = "failed"
        result["worker_error"] = proc.stderr[-1500:]
    else:
        result["worker"] = "ok"
        result.update(json.loads(worker_out.read_text()))
    worker_out.unlink(missing_ok=True)
    return result


def drive(n_docs: int, pythons: list[str], dists: list[str], out: Path, repeat: int = 1) -> dict:
    """Installs every pair, then runs the worker `repeat` times per pair (interleaved, so load
    from other processes spreads over all pairs) and keeps the best speed of each pair."""
    VENV_ROOT.mkdir(parents=True, exist_ok=True)
    pairs = []
    for py_label in pythons:
        for dist in dists:
            entry, py = _install(py_label, dist)
            pairs.append((entry, py))
    for rep in range(repeat):
        for entry, py in pairs:
            if py is None:
                continue
            print(f"[{entry['python']} {entry['distribution']}] worker run {rep + 1}/{repeat} ({n_docs} docs) ...",
                  flush=True)
            result = _work(py, n_docs)
            entry.setdefault("repeats", []).append(
                {k: result.get(k) for k in ("worker", "index_docs_per_s", "query_ms", "worker_seconds")}
            )
            best = entry.get("worker") == "ok" and entry.get("index_docs_per_s", 0) >= result.get("index_docs_per_s", 0)
            if not best:
                entry.update(result)
            print(json.dumps({k: result.get(k) for k in (
                "worker", "import_warnings", "use_warnings", "index_docs_per_s", "query_ms", "index_bytes")},
                ensure_ascii=False), flush=True)
    for entry, _ in pairs:
        reps = [r for r in entry.get("repeats", []) if r.get("worker") == "ok"]
        if reps:
            entry["query_ms"] = dict(entry["query_ms"])
            entry["query_ms"]["p50"] = min(r["query_ms"]["p50"] for r in reps)
            entry["query_ms"]["p95"] = min(r["query_ms"]["p95"] for r in reps)
    runs = [entry for entry, _ in pairs]

    # Do all distributions return the same hit counts on each interpreter?
    agreement = {}
    for py_label in pythons:
        per = {r["distribution"]: r.get("query_hits") for r in runs if r["python"] == py_label and r.get("query_hits")}
        if per:
            ref_name, ref = next(iter(per.items()))
            agreement[py_label] = {
                name: sorted(q for q in set(ref) | set(h) if ref.get(q) != h.get(q)) for name, h in per.items()
                if name != ref_name
            }
    report = {
        "generated": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "docs": n_docs,
        "repeat": repeat,
        "note": "speed = best of `repeat` interleaved runs (the machine is shared); see runs[].repeats",
        "runs": runs,
        "hit_count_differences_vs_first_distribution": agreement,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"wrote {out}")
    print(table(report))
    return report


def table(report: dict) -> str:
    head = ("python", "distribution", "install", "import SW/DW (all modules)", "use DW",
            "docs/s", "q p50 ms", "q p95 ms", "index MB", "date queries right", "defect probes ok")
    rows = [head]
    for r in report["runs"]:
        iw = r.get("import_warnings", {})
        aw = r.get("all_modules_import_warnings", {})
        uw = r.get("use_warnings", {})
        rows.append((
            r["python"], r["distribution"], r.get("install", "?"),
            f"{iw.get('SyntaxWarning', 0)}/{iw.get('DeprecationWarning', 0)} "
            f"({aw.get('SyntaxWarning', 0) + iw.get('SyntaxWarning', 0)}/"
            f"{aw.get('DeprecationWarning', 0) + iw.get('DeprecationWarning', 0)})",
            str(uw.get("DeprecationWarning", 0)),
            str(r.get("index_docs_per_s", "-")),
            str(r.get("query_ms", {}).get("p50", "-")), str(r.get("query_ms", {}).get("p95", "-")),
            f"{r['index_bytes'] / 1e6:.1f}" if "index_bytes" in r else "-",
            f"{sum(v['correct'] for v in r['date_queries'].values())}/{len(r['date_queries'])}"
            if "date_queries" in r else "-",
            f"{sum(v is True for v in r['correctness'].values())}/{len(r['correctness'])}"
            if "correctness" in r else "-",
        ))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    return "\n".join(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--python", action="append", choices=sorted(PYTHONS), help="default: all")
    ap.add_argument("--dist", action="append", choices=sorted(DISTRIBUTIONS), help="default: all")
    ap.add_argument("--repeat", type=int, default=2, help="worker runs per pair; the best speed is kept")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--table", action="store_true", help="print the table of an existing result file")
    args = ap.parse_args()
    if args.worker:
        worker(args.docs, args.out)
    elif args.table:
        print(table(json.loads(args.out.read_text())))
    else:
        drive(args.docs, args.python or sorted(PYTHONS), args.dist or list(DISTRIBUTIONS), args.out, args.repeat)


if __name__ == "__main__":
    main()
