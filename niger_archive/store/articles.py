"""Owns article rows: inserting imported drafts, reading articles with user corrections applied."""

from __future__ import annotations

import codecs
import json
import sqlite3
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator

from sqlite_utils import Database

from ..core.errors import ArchiveError, InvalidEdit, NotFound
from ..core.messages import Message
from ..core.filenames import loaded, shown, stored
from ..core.models import METADATA_FIELDS, Article, ArticleDraft
from ..core.offsets import OffsetMap
from .packing import pack_offsets, pack_text, unpack_offsets, unpack_text, unpack_text_head

_LIST_COLUMNS = "id, sha256, title, title_derived, url, outlet, author, published, updated, dateline, keywords, language"


_CHUNK = 10_000  # ids per IN (...) list


def _chunks(ids: list[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _row_to_article(row: dict[str, Any], corrections: dict[str, Any], with_text: bool = True) -> Article:
    get = row.get
    keywords = get("keywords")
    meta = {name: get(name) for name in METADATA_FIELDS}
    meta["keywords"] = json.loads(keywords) if keywords and keywords != "[]" else []
    if corrections:
        meta.update(corrections)
    return Article(
        id=row["id"],
        sha256=row["sha256"],
        title=meta["title"],
        title_derived=bool(get("title_derived")) and "title" not in corrections,
        url=meta["url"],
        outlet=meta["outlet"],
        author=meta["author"],
        published=meta["published"],
        updated=meta["updated"],
        dateline=meta["dateline"],
        keywords=list(meta["keywords"] or []),
        language=meta["language"],
        text=unpack_text(get("text")) if with_text else "",
        source_path=loaded(get("source_path")),
        source_format=get("source_format"),
        encoding=get("encoding"),
        imported_at=get("imported_at"),
        version_of=get("version_of"),
        corrected=sorted(corrections),
        captured=get("captured"),
    )


class ArticleStore:
    """Queries and writes on ``articles`` and ``article_corrections``. Callers own transactions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- reads -------------------------------------------------------------------------------
    def _corrections(self, ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
        sql = "SELECT article_id, field, value FROM article_corrections"
        out: dict[int, dict[str, Any]] = {}
        if ids is not None:
            if not ids:
                return {}
            rows = [r for chunk in _chunks(ids) for r in self.db.execute(
                f"{sql} WHERE article_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()]
        else:
            rows = self.db.execute(sql).fetchall()
        for article_id, field, value in rows:
            out.setdefault(article_id, {})[field] = json.loads(value)
        return out

    def get(self, article_id: int) -> Article:
        cursor = self.db.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        data = dict(zip([c[0] for c in cursor.description], row))
        return _row_to_article(data, self._corrections([article_id]).get(article_id, {}))

    def exists(self, article_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def list(self, ids: list[int] | None = None) -> list[Article]:
        """Articles without their text, ordered by id (or in the order of ``ids``)."""
        sql = f"SELECT {_LIST_COLUMNS}, source_format, imported_at, version_of, captured FROM articles"
        if ids is None:
            cursor = self.db.execute(sql + " ORDER BY id")
            cols = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
        else:
            if not ids:
                return []
            rows = []
            cols = []
            for chunk in _chunks(ids):  # SQLite takes at most 32,766 parameters per statement
                cursor = self.db.execute(f"{sql} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                cols = [c[0] for c in cursor.description]
                rows.extend(cursor.fetchall())
        corrections = self._corrections(ids)
        articles = [_row_to_article(dict(zip(cols, r)), corrections.get(r[0], {}), with_text=False) for r in rows]
        if ids is not None:
            order = {i: n for n, i in enumerate(ids)}
            articles.sort(key=lambda a: order[a.id])
        return articles

    def ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def current_ids(self) -> list[int]:
        """Ids of the articles not superseded by a newer version."""
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE superseded_by IS NULL ORDER BY id")]

    def successors(self, ids: Iterable[int]) -> dict[int, int]:
        """The next version of each of ``ids`` that has one (one query per 10,000 ids)."""
        found: dict[int, int] = {}
        for chunk in _chunks(sorted(set(ids))):
            found.update(self.db.execute(
                f"SELECT id, superseded_by FROM articles WHERE superseded_by IS NOT NULL "
                f"AND id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def imported_at(self, article_id: int) -> str | None:
        row = self.db.execute("SELECT imported_at FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def text(self, article_id: int) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return unpack_text(row[0]) if row else None

    def text_head(self, article_id: int, chars: int) -> str | None:
        """At most the first ``chars`` characters of the clean text (a snippet's share of a huge article).

        A TEXT value is read through SQLite's incremental blob I/O, at most 4 bytes a character from its
        start: ``substr()`` would load the whole value (every overflow page of a 15 MB article) first."""
        try:
            with self.db.conn.blobopen("articles", "text", article_id, readonly=True) as blob:
                head = blob.read(min(len(blob), chars * 4))  # UTF-8: at most 4 bytes a character
            return codecs.getincrementaldecoder("utf-8")().decode(head, final=False)[:chars]
        except (sqlite3.Error, UnicodeDecodeError):  # no such article, a NULL text, bytes of an old schema
            pass
        row = self.db.execute("SELECT CASE typeof(text) WHEN 'text' THEN substr(text, 1, ?) ELSE text END "
                              "FROM articles WHERE id = ?", [chars, article_id]).fetchone()
        return unpack_text_head(row[0], chars) if row else None

    def texts(self, ids: list[int]) -> dict[int, str]:
        """The clean texts of ``ids`` (those that exist), by id."""
        out: dict[int, str] = {}
        for chunk in _chunks(ids):
            out.update((i, unpack_text(t)) for i, t in self.db.execute(
                f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def offset_map(self, article_id: int) -> OffsetMap:
        row = self.db.execute("SELECT offset_map FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        try:
            return unpack_offsets(row[0])
        except (ValueError, TypeError) as exc:
            raise ArchiveError(f"the offset map of article {article_id} is damaged ({exc}); "
                               "run `niger-archive check`") from exc

    def sha256(self, article_id: int) -> str:
        row = self.db.execute("SELECT sha256 FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        return row[0]

    def by_sha256(self, sha256: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def by_url(self, url: str) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchall()]

    def band_candidates(self, bands: list[int]) -> list[int]:
        if not bands:
            return []
        sql = (
            "SELECT article_id, count(*) AS n FROM article_bands WHERE band IN "
            f"({','.join('?' * len(bands))}) GROUP BY article_id ORDER BY n DESC LIMIT 20"
        )
        return [r[0] for r in self.db.execute(sql, bands).fetchall()]

    def search_documents(self, ids: list[int] | None = None, batch: int = 500) -> Iterator[dict[str, Any]]:
        """Index documents (article fields only) in batches; annotation fields are added by services."""
        all_ids = self.ids() if ids is None else list(ids)
        for start in range(0, len(all_ids), batch):
            chunk = all_ids[start : start + batch]
            texts = self.texts(chunk)
            for article in self.list(chunk):
                yield {
                    "id": article.id,
                    "title": article.title,
                    "body": texts.get(article.id, ""),
                    "outlet": article.outlet,
                    "author": article.author,
                    "dateline": article.dateline,
                    "language": article.language,
                    "keywords": article.keywords,
                    "published": article.published,
                    "updated": article.updated,
                }

    # --- writes ------------------------------------------------------------------------------
    def insert(
        self,
        draft: ArticleDraft,
        *,
        sha256: str,
        size_bytes: int,
        source_path: str,
        source_name: str,
        version_of: int | None = None,
        offsets_column: str | None = None,
        text_column: str | None = None,
    ) -> int:
        """Insert an imported draft.

        Its offset map is ``offsets_column`` when given (already written by ``packing.pack_offsets``,
        as an import's worker process can do), else ``draft.offsets``. Its text is ``text_column`` when
        given (``packing.pack_text(draft.text)``), else ``draft.text``.
        """
        if text_column is None:
            text_column = pack_text(draft.text)
        if offsets_column is None:
            offsets_column = pack_offsets(draft.offsets)
        cursor = self.db.execute(
            """
            INSERT INTO articles (sha256, source_name, source_path, source_format, encoding, size_bytes,
                title, title_derived, url, outlet, author, published, updated, dateline, keywords,
                language, text, offset_map, cleanup_notes, imported_at, version_of, captured)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [
                sha256,
                shown(source_name),
                stored(source_path),
                draft.source_format,
                draft.encoding,
                size_bytes,
                draft.title,
                int(draft.title_derived),
                draft.url,
                draft.outlet,
                draft.author,
                draft.published,
                draft.updated,
                draft.dateline,
                json.dumps(list(draft.keywords), ensure_ascii=False),
                draft.language,
                text_column,
                offsets_column,
                json.dumps(list(draft.notes), ensure_ascii=False),
                now_iso(),
                version_of,
                draft.captured,
            ],
        )
        article_id = cursor.lastrowid
        if version_of is not None:
            self.db.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [article_id, version_of])
            # The user's corrections of the earlier version carry over: a re-import never overwrites them.
            self.db.execute(
                """INSERT OR IGNORE INTO article_corrections (article_id, field, value, corrected_at)
                   SELECT ?, field, value, corrected_at FROM article_corrections WHERE article_id = ?""",
                [article_id, version_of],
            )
        return article_id

    def set_bands(self, article_id: int, bands: list[int]) -> None:
        """Record a new article's LSH bands (written once: an article's text never changes, and
        ``article_bands`` has no index by article to find earlier ones)."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)",
            [(b, article_id) for b in bands],
        )

    def correction(self, article_id: int, field: str) -> tuple[bool, Any]:
        row = self.db.execute(
            "SELECT value FROM article_corrections WHERE article_id = ? AND field = ?", [article_id, field]
        ).fetchone()
        return (True, json.loads(row[0])) if row else (False, None)

    def set_correction(self, article_id: int, field: str, value: Any) -> None:
        if field not in METADATA_FIELDS:
            raise InvalidEdit(f"unknown metadata field {field!r}; fields are {', '.join(METADATA_FIELDS)}")
        self.db.execute(
            """INSERT INTO article_corrections (article_id, field, value, corrected_at) VALUES (?,?,?,?)
               ON CONFLICT(article_id, field) DO UPDATE SET value = excluded.value,
               corrected_at = excluded.corrected_at""",
            [article_id, field, json.dumps(value, ensure_ascii=False), now_iso()],
        )

    def log_import(self, path: str, status: str, article_id: int | None, reason: str | None) -> None:
        self.db.execute(
            "INSERT INTO import_events (at, path, status, article_id, reason) VALUES (?,?,?,?,?)",
            [now_iso(), stored(path), status, article_id, reason],
        )
