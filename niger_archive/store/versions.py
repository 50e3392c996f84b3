"""Owns the stored history of synchronised records: this archive's replica id, each record's version
vector, content hash and tombstone (``record_versions``), and the log of bundle exchanges.

The merge rule itself is :mod:`niger_archive.bundles.syncing`; this module only reads and writes rows.
Vectors and hash lists are stored as JSON text so that plain SQLite tools can read them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Iterable

from sqlite_utils import Database

from .articles import now_iso


@dataclass
class StoredVersion:
    kind: str
    record_id: str
    vv: dict[str, int]
    hash: str | None
    deleted: bool
    history: list[str]
    seq: int


def _row(r: tuple[Any, ...]) -> StoredVersion:
    return StoredVersion(r[0], r[1], json.loads(r[2]), r[3], bool(r[4]), json.loads(r[5]), r[6])


_COLUMNS = "kind, record_id, vv, hash, deleted, history, seq"


class VersionStore:
    """Rows of ``record_versions``, ``replica`` and ``exchanges``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- replica ----------------------------------------------------------------------------------
    def replica_id(self) -> str:
        """This archive's stable replica id (made on first use)."""
        row = self.db.execute("SELECT replica_id FROM replica WHERE id = 1").fetchone()
        if row is not None:
            return str(row[0])
        replica = uuid.uuid4().hex[:16]
        self.db.execute("INSERT OR IGNORE INTO replica (id, replica_id, counter, created_at) VALUES (1, ?, 0, ?)",
                        [replica, now_iso()])
        return str(self.db.execute("SELECT replica_id FROM replica WHERE id = 1").fetchone()[0])

    def next_counter(self) -> int:
        """The next number of this replica's change sequence (written: call inside a transaction)."""
        self.replica_id()
        self.db.execute("UPDATE replica SET counter = counter + 1 WHERE id = 1")
        return int(self.db.execute("SELECT counter FROM replica WHERE id = 1").fetchone()[0])

    def counter(self) -> int:
        row = self.db.execute("SELECT counter FROM replica WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def renew_replica(self) -> str:
        """Give this archive a new replica id (after a restore: the old id's numbers may have been used)."""
        replica = uuid.uuid4().hex[:16]
        self.db.execute("DELETE FROM replica")
        self.db.execute("INSERT INTO replica (id, replica_id, counter, created_at) VALUES (1, ?, 0, ?)",
                        [replica, now_iso()])
        return replica

    # --- record versions --------------------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> StoredVersion | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM record_versions WHERE kind = ? AND record_id = ?",
                              [kind, record_id]).fetchone()
        return _row(row) if row else None

    def of_kind(self, kind: str) -> dict[str, StoredVersion]:
        return {r[1]: _row(r) for r in self.db.execute(
            f"SELECT {_COLUMNS} FROM record_versions WHERE kind = ?", [kind]).fetchall()}

    def put(self, kind: str, record_id: str, vv: dict[str, int], hash_: str | None, deleted: bool,
            history: list[str]) -> None:
        seq = self.next_seq()
        self.db.execute(
            """INSERT INTO record_versions (kind, record_id, vv, hash, deleted, history, seq, changed_at)
               VALUES (?,?,?,?,?,?,?,?)
               ON CONFLICT(kind, record_id) DO UPDATE SET vv = excluded.vv, hash = excluded.hash,
               deleted = excluded.deleted, history = excluded.history, seq = excluded.seq,
               changed_at = excluded.changed_at""",
            [kind, record_id, json.dumps(vv, sort_keys=True), hash_, int(deleted), json.dumps(history), seq,
             now_iso()],
        )

    def next_seq(self) -> int:
        row = self.db.execute("SELECT max(seq) FROM record_versions").fetchone()
        return int(row[0] or 0) + 1

    def max_seq(self) -> int:
        return self.next_seq() - 1

    def live_ids(self, kind: str) -> set[str]:
        """Records of ``kind`` this archive has versioned and not seen deleted."""
        return {r[0] for r in self.db.execute(
            "SELECT record_id FROM record_versions WHERE kind = ? AND deleted = 0", [kind]).fetchall()}

    def tombstones(self, since_seq: int = 0) -> list[StoredVersion]:
        return [_row(r) for r in self.db.execute(
            f"SELECT {_COLUMNS} FROM record_versions WHERE deleted = 1 AND seq > ? ORDER BY kind, record_id",
            [since_seq]).fetchall()]

    def changed_since(self, since_seq: int) -> set[tuple[str, str]]:
        return {(r[0], r[1]) for r in self.db.execute(
            "SELECT kind, record_id FROM record_versions WHERE seq > ?", [since_seq]).fetchall()}

    # --- exchanges --------------------------------------------------------------------------------
    def log_exchange(self, bundle_id: str, direction: str, peer: str | None, peer_name: str | None,
                     bundle_name: str, seq: int) -> None:
        self.db.execute(
            """INSERT INTO exchanges (bundle_id, direction, peer, peer_name, bundle_name, seq, at)
               VALUES (?,?,?,?,?,?,?)""",
            [bundle_id, direction, peer, peer_name, bundle_name, seq, now_iso()],
        )

    def exchange_seq(self, *, bundle_id: str | None = None, peer_name: str | None = None) -> int | None:
        """Our sequence number when the given bundle was exported or imported here (latest such exchange),
        or at the last export to ``peer_name``."""
        if bundle_id is not None:
            row = self.db.execute("SELECT max(seq) FROM exchanges WHERE bundle_id = ?", [bundle_id]).fetchone()
        else:
            row = self.db.execute(
                "SELECT max(seq) FROM exchanges WHERE direction = 'export' AND peer_name = ?", [peer_name]
            ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def exchange_time(self, bundle_id: str) -> str | None:
        """When the given bundle was last exported or imported here."""
        row = self.db.execute("SELECT max(at) FROM exchanges WHERE bundle_id = ?", [bundle_id]).fetchone()
        return row[0] if row else None

    def last_export_to(self, peer_name: str) -> tuple[str, str] | None:
        """(bundle id, time) of the last export to ``peer_name``."""
        row = self.db.execute(
            "SELECT bundle_id, at FROM exchanges WHERE direction = 'export' AND peer_name = ? ORDER BY id DESC LIMIT 1",
            [peer_name]).fetchone()
        return (row[0], row[1]) if row else None

    def existing_replica_id(self) -> str | None:
        """This archive's replica id when it has one already (reading never makes one)."""
        row = self.db.execute("SELECT replica_id FROM replica WHERE id = 1").fetchone()
        return str(row[0]) if row else None

    def exchanges(self) -> list[dict[str, Any]]:
        cursor = self.db.execute("SELECT * FROM exchanges ORDER BY id")
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, r)) for r in cursor.fetchall()]

    # --- ids of live records, for finding deletions ---------------------------------------------------
    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` still exist as rows here (by kind)."""
        wanted = list(ids)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            if kind in _SINGLE_KEY:
                table = _SINGLE_KEY[kind]
                found |= {r[0] for r in self.db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)}
            elif kind == "member":
                for key in chunk:
                    cluster_id, _, claim_id = key.partition("/")
                    if self.db.execute("SELECT 1 FROM cluster_members WHERE cluster_id = ? AND claim_id = ?",
                                       [cluster_id, claim_id]).fetchone():
                        found.add(key)
            elif kind == "copy":
                for key in chunk:
                    sha_a, _, sha_b = key.partition("/")
                    if self.db.execute(
                        """SELECT 1 FROM article_copies c JOIN articles a ON a.id = c.article_id
                           JOIN articles b ON b.id = c.copy_of
                           WHERE c.status IN ('accepted', 'rejected') AND ((a.sha256 = ? AND b.sha256 = ?)
                           OR (a.sha256 = ? AND b.sha256 = ?))""", [sha_a, sha_b, sha_b, sha_a]).fetchone():
                        found.add(key)
            elif kind == "correction":
                for key in chunk:
                    sha, _, name = key.partition("/")
                    if self.db.execute(
                        """SELECT 1 FROM article_corrections c JOIN articles a ON a.id = c.article_id
                           WHERE a.sha256 = ? AND c.field = ?""", [sha, name]).fetchone():
                        found.add(key)
        return found


_SINGLE_KEY = {"annotation": "annotations", "claim": "claims", "entity": "entities", "cluster": "clusters",
               "relation": "claim_relations"}
