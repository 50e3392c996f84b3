"""Owns the archive schema: every schema change is a numbered migration here and nowhere else.

Tables are named for someone opening ``archive.db`` with sqlite-utils or Datasette; see
``docs/schema.md`` for a description of every table and column.
"""

from __future__ import annotations

import json
import re

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..core.errors import ArchiveError
from .packing import pack_offsets, pack_text, unpack_offsets, unpack_text

MIGRATIONS = Migrations("niger_archive")


@MIGRATIONS(name="0001_articles")
def _articles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,          -- SHA-256 of the original bytes (originals/ key)
            source_name TEXT,                     -- file name at import
            source_path TEXT,                     -- path at import
            source_format TEXT NOT NULL,          -- txt | html | md
            encoding TEXT,                        -- detected encoding of the original
            size_bytes INTEGER NOT NULL,
            title TEXT,
            title_derived INTEGER NOT NULL DEFAULT 0,
            url TEXT,
            outlet TEXT,
            author TEXT,
            published TEXT,                       -- ISO 8601, with offset where known
            updated TEXT,
            dateline TEXT,
            keywords TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
            language TEXT,                        -- ISO 639-1
            text TEXT NOT NULL,                   -- clean text; selectors count code points over it
            offset_map TEXT NOT NULL,             -- JSON: clean offsets -> raw-text offsets
            cleanup_notes TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL,
            version_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,  -- earlier version
            superseded_by INTEGER REFERENCES articles(id) ON DELETE SET NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_articles_outlet ON articles(outlet)")
    db.execute("CREATE INDEX idx_articles_published ON articles(published)")
    db.execute("CREATE INDEX idx_articles_url ON articles(url)")
    db.execute("CREATE INDEX idx_articles_version_of ON articles(version_of)")
    db.execute(
        """
        CREATE TABLE article_corrections (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            field TEXT NOT NULL,                  -- a metadata field name, e.g. title
            value TEXT,                           -- JSON value the user set
            corrected_at TEXT NOT NULL,
            PRIMARY KEY (article_id, field)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE article_bands (
            band INTEGER NOT NULL,                -- MinHash LSH band hash of the text's shingles
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, article_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX idx_article_bands_article ON article_bands(article_id)")
    db.execute(
        """
        CREATE TABLE import_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            path TEXT NOT NULL,
            status TEXT NOT NULL,                 -- imported | duplicate | version | failed
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            reason TEXT
        )
        """
    )


@MIGRATIONS(name="0002_annotations")
def _annotations(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE palette (
            name TEXT PRIMARY KEY,                -- e.g. important, disputed (usable as a filter)
            color TEXT NOT NULL,                  -- #rrggbb
            position INTEGER NOT NULL,            -- 1-9: the key that applies it in the reader
            description TEXT NOT NULL DEFAULT ''
        )
        """
    )
    defaults = [
        ("important", "#f6c344", 1, "worth remembering"),
        ("disputed", "#e57373", 2, "contested by another source"),
        ("confirmed", "#81c784", 3, "confirmed by an independent source"),
        ("needs source", "#64b5f6", 4, "no source given; find one"),
        ("quote", "#ba68c8", 5, "direct quotation"),
        ("number", "#ffb74d", 6, "a figure to compare"),
        ("background", "#b0bec5", 7, "context"),
        ("person", "#4db6ac", 8, "people and their roles"),
        ("question", "#f06292", 9, "open question"),
    ]
    for name, color, position, description in defaults:
        db.execute(
            "INSERT INTO palette (name, color, position, description) VALUES (?,?,?,?)",
            [name, color, position, description],
        )
    db.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,                  -- UUID
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE RESTRICT,
            start INTEGER,                        -- TextPositionSelector (code points in clean text)
            "end" INTEGER,
            exact TEXT NOT NULL,                  -- TextQuoteSelector: the authoritative anchor
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            color TEXT,                           -- a palette name (kept even if the palette changes)
            note TEXT NOT NULL DEFAULT '',        -- plain text
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            anchor_status TEXT NOT NULL DEFAULT 'exact',  -- exact|moved|fuzzy|needs_review|orphan
            anchor_score REAL NOT NULL DEFAULT 1.0
        )
        """
    )
    db.execute("CREATE INDEX idx_annotations_article ON annotations(article_id, start)")
    db.execute("CREATE INDEX idx_annotations_status ON annotations(anchor_status)")
    db.execute(
        """
        CREATE TABLE annotation_tags (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (annotation_id, tag)
        )
        """
    )
    db.execute("CREATE INDEX idx_annotation_tags_tag ON annotation_tags(tag)")
    db.execute(
        """
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,                  -- UUID
            type TEXT NOT NULL,                   -- person|organisation|place|event|other
            name TEXT NOT NULL,                   -- canonical name
            aliases TEXT NOT NULL DEFAULT '[]',   -- JSON list
            description TEXT NOT NULL DEFAULT '',
            identifiers TEXT NOT NULL DEFAULT '{}',  -- JSON: {"wikidata": "Q…", "url": "…"}
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_entities_name ON entities(name)")
    db.execute(
        """
        CREATE TABLE mentions (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, entity_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_mentions_entity ON mentions(entity_id)")
    db.execute(
        """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,                  -- UUID
            annotation_id TEXT NOT NULL UNIQUE REFERENCES annotations(id) ON DELETE CASCADE,
            statement TEXT NOT NULL,              -- editable wording (defaults to the quote)
            attribution_entity_id TEXT REFERENCES entities(id) ON DELETE SET NULL,
            attribution_text TEXT NOT NULL DEFAULT '',  -- e.g. "a senior US military official"
            kind TEXT NOT NULL DEFAULT 'statement',     -- statement|quantity|date|quotation|forecast
            quantities TEXT NOT NULL DEFAULT '[]',      -- JSON [{value, unit, qualifier, text}]
            dates TEXT NOT NULL DEFAULT '[]',           -- JSON [{text, date, precision}]
            verdict TEXT NOT NULL DEFAULT 'unverified', -- unverified|supported|disputed|false|misleading
            explanation TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_claims_verdict ON claims(verdict)")
    db.execute(
        """
        CREATE TABLE clusters (
            id TEXT PRIMARY KEY,                  -- UUID
            label TEXT NOT NULL,                  -- e.g. "US troops in Niger"
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE cluster_members (
            cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
            claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            added TEXT NOT NULL,
            PRIMARY KEY (cluster_id, claim_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_cluster_members_claim ON cluster_members(claim_id)")
    db.execute(
        """
        CREATE TABLE claim_relations (
            id TEXT PRIMARY KEY,                  -- UUID
            source_claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            target_claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            relation TEXT NOT NULL,               -- supports|contradicts
            created TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE suggestion_rejections (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_id, start, "end")
        )
        """
    )
    db.execute(
        """
        CREATE TABLE history (
            seq INTEGER PRIMARY KEY,              -- order of application
            label TEXT NOT NULL,                  -- e.g. "Set verdict to disputed"
            edit TEXT NOT NULL,                   -- JSON: the row changes with before/after images
            applied_at TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0     -- 1 = undone (on the redo side)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE index_queue (
            article_id INTEGER PRIMARY KEY        -- articles whose search document must be refreshed
        )
        """
    )


@MIGRATIONS(name="0003_bundles")
def _bundles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE sync_state (
            kind TEXT NOT NULL,                   -- annotation|claim|entity|cluster|member|relation|correction
            record_id TEXT NOT NULL,              -- UUID; cluster/claim for members; sha256/field for corrections
            local_hash TEXT NOT NULL,             -- content hash of our record right after the last sync
            bundle_hash TEXT NOT NULL,            -- content hash of the record as last exported or imported
            synced_at TEXT NOT NULL,
            PRIMARY KEY (kind, record_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE bundle_conflicts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,                   -- annotation|claim|entity|cluster|correction|same_entity
            record_id TEXT NOT NULL,              -- the record's UUID (or sha256/field)
            bundle_hash TEXT NOT NULL,            -- content hash of the incoming version (same_entity: our id)
            incoming TEXT NOT NULL,               -- JSON: the incoming record, kept for review
            local TEXT,                           -- JSON: our record when the conflict was found (NULL: deleted here)
            reason TEXT NOT NULL,                 -- e.g. "changed here and in the bundle"
            bundle_name TEXT NOT NULL,            -- file name of the bundle it came from
            detected_at TEXT NOT NULL,
            resolved_at TEXT,                     -- set when the user settles it
            resolution TEXT,                      -- kept_local | took_incoming | merged | dismissed
            UNIQUE (kind, record_id, bundle_hash)
        )
        """
    )
    db.execute("CREATE INDEX idx_bundle_conflicts_open ON bundle_conflicts(resolved_at)")


_ARTICLES_0004 = """
    CREATE TABLE {name} (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,          -- SHA-256 of the original bytes (originals/ key)
        source_name TEXT,                     -- file name at import
        source_path TEXT,                     -- path at import
        source_format TEXT NOT NULL,          -- txt | html | md
        encoding TEXT,                        -- detected encoding of the original
        size_bytes INTEGER NOT NULL,
        title TEXT,
        title_derived INTEGER NOT NULL DEFAULT 0,
        url TEXT,
        outlet TEXT,
        author TEXT,
        published TEXT,                       -- ISO 8601, with offset where known
        updated TEXT,
        dateline TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
        language TEXT,                        -- ISO 639-1
        imported_at TEXT NOT NULL,
        version_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,  -- earlier version
        superseded_by INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        cleanup_notes TEXT NOT NULL DEFAULT '[]',
        offset_map BLOB NOT NULL,             -- packed clean -> raw offsets (store/packing.py)
        text BLOB NOT NULL                    -- clean text, UTF-8, zlib; selectors count code points over it
    )
"""
_ARTICLE_COLUMNS_0004 = (
    "id, sha256, source_name, source_path, source_format, encoding, size_bytes, title, title_derived, url, "
    "outlet, author, published, updated, dateline, keywords, language, imported_at, version_of, superseded_by, "
    "cleanup_notes"
)


# Since 0007 ``pack_text`` and ``pack_offsets`` write the readable forms, so on an archive older than
# 0004 this step only rebuilds the table (its values stay text) and 0007 then declares them TEXT.
def _packed_text(value: bytes | str | None) -> bytes | str:
    return pack_text(unpack_text(value)) if not isinstance(value, bytes) else value


def _packed_offsets(value: bytes | str | None) -> bytes | str:
    return pack_offsets(unpack_offsets(value)) if not isinstance(value, bytes) else value


@MIGRATIONS(name="0004_compact_storage", transactional=False)
def _compact_storage(db: Database) -> None:
    """Articles keep their text zlib-compressed and their offset map packed (half the space), bulky
    columns last (scans of the metadata stop reading before them); ``article_bands`` loses its
    ``article_id`` index (articles are never deleted, and their bands are written once).

    The table is rebuilt (SQLite cannot change a column's type) with foreign keys off, which is
    only possible outside a transaction: the rebuild is one transaction of its own, and running it
    again after a crash before the step is recorded converts nothing twice. Then the file is
    compacted (VACUUM): the old table's pages would otherwise stay in it, free.
    """
    conn = db.conn
    conn.create_function("niger_packed_text", 1, _packed_text, deterministic=True)
    conn.create_function("niger_packed_offsets", 1, _packed_offsets, deterministic=True)
    if conn.in_transaction:
        conn.commit()  # foreign keys can only be switched off between transactions
    conn.execute("PRAGMA foreign_keys = OFF")  # dropping the old table must not cascade
    try:
        if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
            raise ArchiveError("cannot switch foreign keys off to convert the articles table; nothing was changed")
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.execute(_ARTICLES_0004.format(name="articles_0004"))
            conn.execute(
                f"INSERT INTO articles_0004 ({_ARTICLE_COLUMNS_0004}, offset_map, text) "
                f"SELECT {_ARTICLE_COLUMNS_0004}, niger_packed_offsets(offset_map), niger_packed_text(text) "
                "FROM articles ORDER BY id"
            )
            conn.execute("DROP TABLE articles")
            conn.execute("ALTER TABLE articles_0004 RENAME TO articles")
            after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            if after != before:
                raise ArchiveError(f"rebuilding the articles table kept {after} of {before} rows; nothing was changed")
            conn.execute("CREATE INDEX idx_articles_outlet ON articles(outlet)")
            conn.execute("CREATE INDEX idx_articles_published ON articles(published)")
            conn.execute("CREATE INDEX idx_articles_url ON articles(url)")
            conn.execute("CREATE INDEX idx_articles_version_of ON articles(version_of)")
            conn.execute("DROP INDEX IF EXISTS idx_article_bands_article")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA freelist_count").fetchone()[0]:  # the old table's pages: give them back
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@MIGRATIONS(name="0005_record_versions")
def _record_versions(db: Database) -> None:
    """Every synchronised record gets a version vector (bundle format 2; see bundles/syncing.py).

    ``replica`` holds this archive's replica id and its change counter; ``record_versions`` each
    record's vector, content hash, tombstone flag and the content hashes it had; ``exchanges`` the
    bundles exported and imported (for incremental exports). Records synchronised before this step
    (``sync_state``) are seeded with one shared entry named after the content hash both sides had
    at that sync ("h:" + hash), so two archives that upgrade separately agree on what they shared,
    and a later change on either side descends from it."""
    import json as _json
    import uuid as _uuid

    db.execute(
        """
        CREATE TABLE replica (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            replica_id TEXT NOT NULL,             -- this archive's id in version vectors (16 hex digits)
            counter INTEGER NOT NULL,             -- its change sequence: the last number it gave a change
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE record_versions (
            kind TEXT NOT NULL,                   -- annotation|claim|entity|cluster|member|relation|correction
            record_id TEXT NOT NULL,              -- UUID; cluster/claim for members; sha256/field for corrections
            vv TEXT NOT NULL,                     -- JSON object: replica id -> number of its latest change
            hash TEXT,                            -- content hash of our copy when the vector was last set
            deleted INTEGER NOT NULL DEFAULT 0,   -- 1: a tombstone (deleted here or taken from a bundle)
            history TEXT NOT NULL DEFAULT '[]',   -- JSON list: content hashes this archive held, oldest first
            seq INTEGER NOT NULL,                 -- local order of the last change to this row (incremental export)
            changed_at TEXT NOT NULL,
            PRIMARY KEY (kind, record_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX idx_record_versions_seq ON record_versions(seq)")
    db.execute(
        """
        CREATE TABLE exchanges (
            id INTEGER PRIMARY KEY,
            bundle_id TEXT NOT NULL,              -- the bundle's id (manifest "bundle_id")
            direction TEXT NOT NULL,              -- export | import
            peer TEXT,                            -- replica id of the other archive (imports)
            peer_name TEXT,                       -- who it was for (export --to) or from (its author)
            bundle_name TEXT NOT NULL,
            seq INTEGER NOT NULL,                 -- record_versions.seq reached at that moment
            at TEXT NOT NULL
        )
        """
    )
    db.execute("INSERT INTO replica (id, replica_id, counter, created_at) VALUES (1, ?, 0, datetime('now'))",
               [_uuid.uuid4().hex[:16]])
    seq = 0
    for kind, record_id, local_hash, bundle_hash in db.execute(
        "SELECT kind, record_id, local_hash, bundle_hash FROM sync_state ORDER BY kind, record_id"
    ).fetchall():
        seq += 1
        history = list(dict.fromkeys([bundle_hash, local_hash]))
        db.execute(
            "INSERT INTO record_versions (kind, record_id, vv, hash, deleted, history, seq, changed_at) "
            "VALUES (?,?,?,?,0,?,?,datetime('now'))",
            [kind, record_id, _json.dumps({"h:" + bundle_hash[:16]: 1}), local_hash, _json.dumps(history), seq],
        )


@MIGRATIONS(name="0006_copies_not_versions")
def _copies_not_versions(db: Database) -> None:
    """Copies of one story are linked articles, not versions (``article_copies``); lineages that
    folded copies into one article are split back (``copies.split_folded_copies``)."""
    from .copies import CREATE_TABLE, split_folded_copies

    db.execute(CREATE_TABLE)
    db.execute("CREATE INDEX idx_article_copies_copy_of ON article_copies(copy_of)")
    split_folded_copies(db)


_ARTICLES_0007 = _ARTICLES_0004.replace(
    "offset_map BLOB NOT NULL,             -- packed clean -> raw offsets (store/packing.py)",
    "offset_map TEXT NOT NULL,             -- JSON: clean -> raw offsets as runs (docs/schema.md)",
).replace(
    "text BLOB NOT NULL                    -- clean text, UTF-8, zlib; selectors count code points over it",
    "text TEXT NOT NULL                    -- clean text; selectors count code points over it",
)
assert "BLOB" not in _ARTICLES_0007, "the articles table of 0007 is derived from 0004's"


def _readable_text(value: bytes | str | None) -> str:
    return pack_text(unpack_text(value))


def _readable_offsets(value: bytes | str | None) -> str:
    return pack_offsets(unpack_offsets(value))


@MIGRATIONS(name="0007_readable_text", transactional=False)
def _readable_text_columns(db: Database) -> None:
    """Articles keep their clean text as TEXT and their offset map as JSON text (docs/schema.md), so
    that any SQLite tool (sqlite-utils, Datasette, the sqlite3 shell) reads them; ``0004``'s zlib text
    and binary maps are converted back.

    Like ``0004`` the table is rebuilt with foreign keys off, outside a transaction: the rebuild is
    one transaction of its own, converting a value already converted gives it back unchanged, and
    the file is compacted afterwards."""
    conn = db.conn
    conn.create_function("niger_readable_text", 1, _readable_text, deterministic=True)
    conn.create_function("niger_readable_offsets", 1, _readable_offsets, deterministic=True)
    if conn.in_transaction:
        conn.commit()  # foreign keys can only be switched off between transactions
    conn.execute("PRAGMA foreign_keys = OFF")  # dropping the old table must not cascade
    try:
        if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
            raise ArchiveError("cannot switch foreign keys off to convert the articles table; nothing was changed")
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.execute(_ARTICLES_0007.format(name="articles_0007"))
            conn.execute(
                f"INSERT INTO articles_0007 ({_ARTICLE_COLUMNS_0004}, offset_map, text) "
                f"SELECT {_ARTICLE_COLUMNS_0004}, niger_readable_offsets(offset_map), niger_readable_text(text) "
                "FROM articles ORDER BY id"
            )
            conn.execute("DROP TABLE articles")
            conn.execute("ALTER TABLE articles_0007 RENAME TO articles")
            after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            if after != before:
                raise ArchiveError(f"rebuilding the articles table kept {after} of {before} rows; nothing was changed")
            conn.execute("CREATE INDEX idx_articles_outlet ON articles(outlet)")
            conn.execute("CREATE INDEX idx_articles_published ON articles(published)")
            conn.execute("CREATE INDEX idx_articles_url ON articles(url)")
            conn.execute("CREATE INDEX idx_articles_version_of ON articles(version_of)")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA freelist_count").fetchone()[0]:  # the old table's pages: give them back
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


_CAPTURE_NOTE = re.compile(r"^captured from \S+ on (\S+) \(web archive ")


@MIGRATIONS(name="0008_capture_time")
def _capture_time(db: Database) -> None:
    """Articles read from a web archive keep when the page was captured (``captured``, the record's
    WARC-Date), which places captures of one address among its versions when the page carries no
    dates of its own. Pages imported before this step wrote it only in their import notes
    ("captured from ADDRESS on DATE (web archive …)"): it is taken from there."""
    db.execute("ALTER TABLE articles ADD COLUMN captured TEXT")
    rows = db.execute("SELECT id, cleanup_notes FROM articles WHERE cleanup_notes LIKE '%captured from %'").fetchall()
    for article_id, notes in rows:
        try:
            found = [m.group(1) for note in json.loads(notes or "[]") if isinstance(note, str)
                     for m in [_CAPTURE_NOTE.match(note)] if m]
        except ValueError:
            continue
        if found:
            db.execute("UPDATE articles SET captured = ? WHERE id = ?", [found[-1], article_id])
