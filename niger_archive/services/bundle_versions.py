"""Owns keeping every synchronised record's version vector true to the archive's rows.

Versions are kept *lazily*: a record's stored content hash says what it held when its vector was
last set. Before an export or a merge looks at a record, :meth:`Versions.current` compares that hash
with the record's content now; if they differ (an edit, an undo, a re-anchoring that moved it to a
new article version, a bundle settled by hand — any write, through the editor or not) the record
gets this archive's next change number, and if the record is gone, a tombstone. No write path has
to remember to advance the history, so none can forget to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bundles import syncing
from ..bundles.records import (
    BundleContent,
    TombstoneRecord,
    annotation_hash,
    claim_hash,
    cluster_hash,
    copy_hash,
    copy_key,
    correction_hash,
    correction_key,
    entity_hash,
    member_hash,
    member_key,
    relation_hash,
)
from ..bundles.syncing import RecordVersion
from ..store.versions import VersionStore

if TYPE_CHECKING:
    from .archive import Archive
    from .bundle_records import LocalRecords

KINDS = ("entity", "annotation", "claim", "cluster", "member", "relation", "correction", "copy")


class Versions:
    """This archive's record versions; with ``dry`` nothing is written (numbers are provisional)."""

    def __init__(self, archive: "Archive", *, dry: bool = False) -> None:
        self.store = VersionStore(archive.db)
        self.dry = dry
        self.replica = self.store.replica_id() if not dry else self._dry_replica()
        self._counter = self.store.counter()
        self._batch: int | None = None
        self._cache: dict[tuple[str, str], RecordVersion | None] = {}

    def _dry_replica(self) -> str:
        return self.store.existing_replica_id() or "this-archive"

    def _next(self) -> int:
        """This pass's change number: every change found or made in one export or merge shares it (a
        record's entry still only grows; shared numbers make a bundle's vectors compress to little)."""
        if self._batch is None:
            if self.dry:
                self._batch = self._counter + 1
            else:
                self._batch = self.store.next_counter()
        return self._batch

    def _write(self, kind: str, record_id: str, version: RecordVersion) -> None:
        history = version.history[-syncing.HISTORY_LIMIT:]
        version.history = history
        self._cache[(kind, record_id)] = version
        if not self.dry:
            self.store.put(kind, record_id, version.vv, version.hash, version.deleted, history)

    def current(self, kind: str, record_id: str, current_hash: str | None) -> RecordVersion | None:
        """Our version of a record after catching up with local changes; None if never known here."""
        key = (kind, record_id)
        if key in self._cache:
            cached = self._cache[key]
            if cached is None or (cached.hash == current_hash and cached.deleted == (current_hash is None)):
                return cached
        stored = self.store.get(kind, record_id)
        if stored is None:
            if current_hash is None:
                self._cache[key] = None
                return None
            version = RecordVersion({self.replica: self._next()}, current_hash, False, [current_hash])
            self._write(kind, record_id, version)
            return version
        version = RecordVersion(stored.vv, stored.hash, stored.deleted, list(stored.history))
        if current_hash is None:
            if not stored.deleted:  # deleted here since its vector was set: a tombstone
                version = RecordVersion(syncing.advanced(stored.vv, self.replica, self._next()), None, True,
                                        list(stored.history))
                self._write(kind, record_id, version)
            else:
                self._cache[key] = version
            return version
        if stored.deleted or current_hash != stored.hash:  # changed (or brought back) here
            history = [h for h in stored.history if h != current_hash] + [current_hash]
            version = RecordVersion(syncing.advanced(stored.vv, self.replica, self._next()), current_hash, False,
                                    history)
            self._write(kind, record_id, version)
            return version
        self._cache[key] = version
        return version

    def accept(self, kind: str, record_id: str, previous: RecordVersion | None, incoming_vv: dict[str, int] | None,
               new_hash: str | None, origin_hash: str | None = None) -> None:
        """Record that we now hold the incoming version (taken, added, or the same as ours).

        A format-1 record (no vector) gets the shared entry "h:" + its hash, as the upgrade does."""
        vv = incoming_vv if incoming_vv is not None else {"h:" + (origin_hash or new_hash or "")[:16]: 1}
        if previous is not None:
            vv = syncing.merged(previous.vv, vv)
        history = list(previous.history) if previous is not None else []
        for h in (origin_hash, new_hash):
            if h is not None and h not in history:
                history.append(h)
        version = RecordVersion(dict(sorted(vv.items())), new_hash, new_hash is None, history)
        if previous is not None and version == previous:
            return  # nothing new: the row (and its place in the exchange order) stays as it is
        self._write(kind, record_id, version)

    def settle(self, kind: str, record_id: str, incoming_vv: dict[str, int] | None, new_hash: str | None,
               incoming_hash: str | None) -> None:
        """A conflict settled by the user: the result descends from both sides (a change of ours)."""
        previous = self.current(kind, record_id, new_hash)
        vv = dict(previous.vv) if previous is not None else {}
        if incoming_vv is not None:
            vv = syncing.merged(vv, incoming_vv)
        elif incoming_hash is not None:
            vv = syncing.merged(vv, {"h:" + incoming_hash[:16]: 1})
        history = list(previous.history) if previous is not None else []
        for h in (incoming_hash, new_hash):
            if h is not None and h not in history:
                history.append(h)
        self._batch = None  # a settled conflict is a change of its own
        vv = syncing.advanced(vv, self.replica, self._next())
        self._write(kind, record_id, RecordVersion(vv, new_hash, new_hash is None, history))

    # --- whole-archive passes (export) --------------------------------------------------------------
    def stamp(self, content: BundleContent) -> dict[str, dict[str, dict[str, int]]]:
        """Vectors of every record in ``content`` (advanced where the record changed here)."""
        vectors: dict[str, dict[str, dict[str, int]]] = {k: {} for k in KINDS}

        def put(kind: str, record_id: str, h: str) -> None:
            version = self.current(kind, record_id, h)
            assert version is not None
            vectors[kind][record_id] = version.vv

        for e in content.entities:
            put("entity", e.id, entity_hash(e))
        for a in content.annotations:
            put("annotation", a.id, annotation_hash(a))
        for c in content.claims:
            put("claim", c.id, claim_hash(c))
        for cl in content.clusters:
            put("cluster", cl.id, cluster_hash(cl))
            for claim_id, _ in cl.members:
                put("member", member_key(cl.id, claim_id), member_hash(cl.id, claim_id))
        for r in content.relations:
            put("relation", r.id, relation_hash(r))
        for article in content.articles:
            for name, value in article.corrections.items():
                put("correction", correction_key(article.sha256, name), correction_hash(value))
        for decision in content.copies:
            put("copy", copy_key(decision.article, decision.copy_of), copy_hash(decision))
        return {k: v for k, v in vectors.items() if v}

    def find_deletions(self, local: "LocalRecords") -> int:
        """Turn every versioned record that is gone from the archive into a tombstone; returns how many.

        Corrections are checked by value: a correction cleared here is gone; members and relations by row."""
        found = 0
        for kind in KINDS:
            live = self.store.live_ids(kind)
            if not live:
                continue
            still = self.store.existing_ids(kind, live)
            for record_id in sorted(live - still):
                self.current(kind, record_id, None)
                found += 1
        return found

    def tombstones(self, since_seq: int = 0) -> list[TombstoneRecord]:
        return [TombstoneRecord(s.kind, s.record_id, s.vv) for s in self.store.tombstones(since_seq)]

    def changed_since(self, since_seq: int) -> set[tuple[str, str]]:
        return self.store.changed_since(since_seq)



