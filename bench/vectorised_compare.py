"""Compares the two ways the search index can rank a query on an existing archive's index: the arrays of
``niger_archive.search.vectorised`` and Whoosh's own matchers stepped through every match.

    python -m bench.vectorised_compare ARCHIVE_FOLDER [QUERY ...]   # the bench query mix by default

For each query: the time of each (best of ``--repeat``, default 3), the number of matches each counts, and
whether their top 20 agree (same articles in the same order; the largest score difference).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.queries import QUERY_MIX
from niger_archive.search import SearchIndex
from niger_archive.search import vectorised
from niger_archive.search.querying import parse_query


def whoosh_exhaustive(q, searcher) -> list[tuple[float, int]]:
    ranked = []
    for leaf, offset in searcher.leaf_searchers():
        matcher = q.matcher(leaf, leaf.context())
        reader = leaf.reader()
        while matcher.is_active():
            if not reader.is_deleted(matcher.id()):
                ranked.append((-matcher.score(), offset + matcher.id()))
            matcher.next()
    ranked.sort()
    return ranked


def best_of(repeat: int, work):
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = work()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("queries", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    index = SearchIndex.open(args.archive / "index")
    searcher = index._get_searcher()
    queries = args.queries or [b.ours for b in QUERY_MIX]
    print(f"{'query':40} {'arrays ms':>9} {'Whoosh ms':>9} {'matches':>15}  top 20")
    for text in queries:
        q = parse_query(text, index._ix.schema)
        try:
            ours_ms, ours = best_of(args.repeat, lambda q=q: vectorised.rank(q, searcher, 20))
        except vectorised.Unsupported as exc:
            print(f"{text[:40]:40} {'–':>9} (Whoosh's matchers: {exc})")
            continue
        theirs_ms, theirs = best_of(args.repeat, lambda q=q: whoosh_exhaustive(q, searcher))
        top = [docnum for _score, docnum in theirs[:20]]
        diff = max((abs(-s - t) for (s, _d), t in zip(theirs[:20], ours.scores)), default=0.0)
        agree = "same" if top == ours.docnums else "DIFFERENT"
        print(f"{text[:40]:40} {ours_ms:9.1f} {theirs_ms:9.1f} {ours.total:7} / {len(theirs):<7}  {agree} "
              f"(scores within {diff:.1e})")
    index.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
