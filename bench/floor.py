"""Owns the engine-floor figures: what Whoosh alone costs, whatever the rest of the program does.

Two measurements, run on the benchmark's own archive in the same run:

* **Indexing floor**: the archive's first ``FLOOR_DOCS`` search documents written to a fresh index with
  one writer and one commit, set up as the archive's bulk writer is (the cheapest way we know for Whoosh
  to take them), CPU milliseconds per document,
  split into the analysis (``field.index`` of every field: words, folding, stemming, position
  encoding) and the writer (posting pool, sort, codec). Whoosh is pure Python: this is CPU on one core
  that no change outside Whoosh can remove.
* **Search floor**: for every query of the mix, the time to only *step through* the matching documents
  (the query's Whoosh matcher on each segment, ``next()`` until done: no scoring, no ranking, no
  snippets). Any search that reports an exact number of matches costs at least this much.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

FLOOR_DOCS = 2_000


def indexing_floor(archive, docs: int = FLOOR_DOCS) -> dict[str, Any]:
    from niger_archive.search import SearchIndex
    from niger_archive.search.index import BULK_LIMIT_MB
    from niger_archive.search.schema import build_schema, document_fields

    ids = archive.current_ids()[:docs]
    fields = [document_fields(doc) for doc in archive.index_documents(ids)]
    schema = build_schema()
    start = time.process_time()
    for doc in fields:
        for name, value in doc.items():
            if schema[name].indexed:
                for _ in schema[name].index(value):
                    pass
    analysis = time.process_time() - start
    folder = Path(tempfile.mkdtemp(prefix="niger-archive-floor-"))
    try:
        # The index's own writer set-up (its pool size and chunked spills), one writer, one commit.
        index = SearchIndex.open(folder / "index")
        start = time.process_time()
        writer = index._writer(BULK_LIMIT_MB)
        for doc in fields:
            writer.add_document(**doc)
        writer.commit()
        total = time.process_time() - start
        index.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = max(1, len(fields))
    per_doc = total / n * 1000
    return {
        "documents": len(fields),
        "whoosh_cpu_ms_per_article": round(per_doc, 2),
        "analysis_cpu_ms_per_article": round(analysis / n * 1000, 2),
        "writer_cpu_ms_per_article": round((total - analysis) / n * 1000, 2),
        "one_core_articles_per_s": round(1000 / per_doc, 1) if per_doc else None,
    }


def search_floor(archive, repeat: int = 3) -> dict[str, Any]:
    from niger_archive.search.querying import parse_query

    from .queries import QUERY_MIX

    index = archive.index
    searcher = index._get_searcher()
    medians: dict[str, float] = {}
    counts: dict[str, float] = {}  # the exact count the app runs (SearchIndex.count_matches), timed alike
    for bench_query in QUERY_MIX:
        q = parse_query(bench_query.ours, searcher.schema)
        times, count_times = [], []
        for _ in range(repeat + 1):
            start = time.perf_counter()
            for leaf, _ in searcher.leaf_searchers():
                matcher = q.matcher(leaf, leaf.context())
                while matcher.is_active():
                    matcher.next()
            times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            index.count_matches(bench_query.ours)
            count_times.append((time.perf_counter() - start) * 1000)
        medians[bench_query.ours] = round(statistics.median(times[1:]), 2)
        counts[bench_query.ours] = round(statistics.median(count_times[1:]), 2)
    reads = _reading_floor(searcher, repeat)
    p95, count_p95 = _p95(list(medians.values())), _p95(list(counts.values()))
    read_p95 = _p95(list(reads.values()))
    return {
        "read_postings_p95_ms": round(read_p95, 2),
        "read_postings_by_query_ms": reads,
        "segments": len(list(searcher.reader().leaf_readers())),
        "enumerate_p95_ms": round(p95, 2),
        "enumerate_median_ms": round(statistics.median(medians.values()), 2),
        "by_query_ms": medians,
        "exact_count_p95_ms": round(count_p95, 2),
        "exact_count_ratio_to_floor": round(count_p95 / p95, 2) if p95 else None,
        "exact_count_by_query_ms": counts,
    }


def _reading_floor(searcher, repeat: int) -> dict[str, float]:
    """For each query, the time to only read and decode every posting block of its words (prefixes and
    ranges expanded, phrases' positions included) in every segment, as the ranking with arrays reads
    them (``vectorised._postings``): what any search that reads all its words' postings in Whoosh's
    format costs before comparing or scoring anything."""
    from niger_archive.search import vectorised
    from niger_archive.search.querying import parse_query

    from .queries import QUERY_MIX

    medians: dict[str, float] = {}
    for bench_query in QUERY_MIX:
        q = parse_query(bench_query.ours, searcher.schema)
        times = []
        for _ in range(repeat + 1):
            start = time.perf_counter()
            for leaf, _ in searcher.leaf_searchers():
                reader = leaf.reader()
                for fieldname, text in _terms(q, reader):
                    fmt = searcher.schema[fieldname].format
                    values: list[bytes] | None = [] if fmt.supports("positions") else None
                    vectorised._postings(reader, fieldname, text, fmt, values)
            times.append((time.perf_counter() - start) * 1000)
        medians[bench_query.ours] = round(statistics.median(times[1:]), 2)
    return medians


def _terms(q, reader) -> set[tuple[str, bytes]]:
    """The (field, term) pairs a query reads in one segment: its words, its phrases' words, its prefixes
    and ranges expanded there; only those the segment holds."""
    from whoosh import query as wq

    found: set[tuple[str, bytes]] = set()
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if isinstance(leaf, (wq.NumericRange, wq.DateRange)):
            found |= _terms(leaf._compile_query(reader), reader)
            continue
        if isinstance(leaf, wq.Not):
            found |= _terms(leaf.query, reader)
            continue
        field = reader.schema[leaf.field()] if leaf.field() in reader.schema else None
        if field is None:
            continue
        if isinstance(leaf, wq.MultiTerm):
            texts = list(leaf._btexts(reader))
        elif isinstance(leaf, wq.Phrase):
            texts = [field.to_bytes(word) for word in leaf.words if word is not None]
        elif isinstance(leaf, wq.Term):
            texts = [field.to_bytes(leaf.text)]
        else:
            continue
        found |= {(leaf.field(), text) for text in texts if (leaf.field(), text) in reader}
    return found


def _p95(values: list[float]) -> float:
    values = sorted(values)
    k = (len(values) - 1) * 0.95
    low = int(k)
    return values[low] + (values[min(low + 1, len(values) - 1)] - values[low]) * (k - low)
