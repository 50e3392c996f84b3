"""Owns the SQLite FTS5 baseline: what a user could build instead of the archive, loaded and queried.

Two tables, both with FTS5's own Porter stemmer and diacritic folding
(``porter unicode61 remove_diacritics 2``, the closest match to the archive's analyzers):

* ``raw`` — the files as they are (read, decoded as UTF-8, inserted): the do-it-yourself
  alternative to importing, used for the import-throughput baseline.
* ``docs`` — the archive's own search documents (clean text, metadata, notes, tags, claims,
  entities), one column per field, plus ``meta(id, published)`` for date filters: the baseline
  for search latency, so both engines search exactly the same text.

Loads are one transaction per ``COMMIT_EVERY`` rows with ``synchronous=NORMAL`` (FTS5's best
case: no per-file durability, unlike the archive's one transaction and fsync per imported file).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from niger_archive.search.schema import parse_date

from .queries import BenchQuery

TOKENIZE = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "body", "keyword", "note", "claim", "entity", "outlet", "author", "dateline",
           "tag", "verdict", "lang")
# bm25 weights in column order, the same boosts as the archive (title 3, keyword 1.5, entity 1.5, claim 1.2)
WEIGHTS = (3.0, 1.0, 1.5, 1.0, 1.2, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
COMMIT_EVERY = 1000
SNIPPET_SQL = "snippet(docs, 1, '«', '»', '…', 24)"


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def load_raw(path: Path, files: Iterable[Path]) -> dict[str, Any]:
    """Read and insert every file into ``raw``; returns seconds, rows and bytes."""
    conn = connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE raw USING fts5(path UNINDEXED, text, tokenize = '{TOKENIZE}')")
    start = time.perf_counter()
    rows = size = 0
    conn.execute("BEGIN")
    for file in files:
        data = file.read_bytes()
        size += len(data)
        conn.execute("INSERT INTO raw (path, text) VALUES (?, ?)", (str(file), data.decode("utf-8", "replace")))
        rows += 1
        if rows % COMMIT_EVERY == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds, "rows": rows, "bytes": size}


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return " ; ".join(str(v) for v in value if v)
    return str(value)


def _row(doc: dict[str, Any]) -> tuple[Any, ...]:
    return (
        int(doc["id"]), doc.get("title") or "", doc.get("body") or "", _joined(doc.get("keywords")),
        _joined(doc.get("notes")), _joined(doc.get("claims")), _joined(doc.get("entities")),
        doc.get("outlet") or "", doc.get("author") or "", doc.get("dateline") or "",
        _joined(doc.get("tags")), _joined(doc.get("verdicts")), _joined(doc.get("language")),
    )


def load_documents(path: Path, chunks: Iterator[list[dict[str, Any]]]) -> dict[str, Any]:
    """Insert the archive's search documents (given in chunks) into ``docs``; only inserts are timed."""
    conn = connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE docs USING fts5({', '.join(COLUMNS)}, tokenize = '{TOKENIZE}')")
    conn.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, published TEXT)")
    conn.execute("CREATE INDEX meta_published ON meta (published)")
    seconds = 0.0
    rows = 0
    marks = ",".join("?" * (len(COLUMNS) + 1))
    for chunk in chunks:
        start = time.perf_counter()
        with conn:
            conn.executemany(f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}) VALUES ({marks})",
                             [_row(d) for d in chunk])
            conn.executemany(
                "INSERT INTO meta (id, published) VALUES (?, ?)",
                [(int(d["id"]), _wall_clock(d.get("published"))) for d in chunk],
            )
        seconds += time.perf_counter() - start
        rows += len(chunk)
    conn.close()
    return {"seconds": seconds, "rows": rows}


def _wall_clock(value: Any) -> str | None:
    when = parse_date(value)
    return when.isoformat() if when else None


class Fts5Searcher:
    """Runs a BenchQuery the way an FTS5 application would: best ``limit`` by bm25, then the total
    (a second statement: FTS5's ranking functions cannot run beside a window function)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path))
        self._rank = f"bm25(docs, {', '.join(str(w) for w in WEIGHTS)})"

    def search(self, query: BenchQuery, limit: int = 20, *, snippets: bool = False,
               count: bool = True) -> tuple[list[int], int]:
        """Ids of the best ``limit`` hits and the number of matches (-1 without ``count``); with
        ``snippets``, also each hit's title and snippet() (as a results list shows them)."""
        params: list[Any] = []
        if query.fts is None:  # a date filter alone: in id order, as the archive lists them
            assert query.dates is not None
            rows = self.conn.execute(
                "SELECT id, count(*) OVER () FROM meta WHERE published >= ? AND published < ? "
                "ORDER BY id LIMIT ?",
                [*query.dates, limit],
            ).fetchall()
            if snippets and rows:
                ids = [r[0] for r in rows]
                self.conn.execute(
                    f"SELECT rowid, title, substr(body, 1, 240) FROM docs WHERE rowid IN ({','.join('?' * len(ids))})",
                    ids,
                ).fetchall()
            return [r[0] for r in rows], (rows[0][1] if rows else 0)
        where = "docs MATCH ?"
        params.append(query.fts)
        if query.dates is not None:
            # "+rowid" keeps SQLite from looking the words up row by row for each date match.
            where += " AND +rowid IN (SELECT id FROM meta WHERE published >= ? AND published < ?)"
            params.extend(query.dates)
        columns = f"rowid, title, {SNIPPET_SQL}" if snippets else "rowid"
        rows = self.conn.execute(
            f"SELECT {columns} FROM docs WHERE {where} ORDER BY {self._rank} LIMIT ?", [*params, limit]
        ).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0] if count else -1
        return [r[0] for r in rows], total

    def close(self) -> None:
        self.conn.close()
