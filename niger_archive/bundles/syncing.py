"""Owns the merge rule for records that two archives both know: version vectors, decided per record.

Every synchronised record (annotation, claim, entity, cluster, cluster membership, relation,
metadata correction) carries a *version vector*: for each archive (replica) that ever changed it,
the number of that archive's latest change to it. Counters come from one sequence per replica, so
they only grow. A replica that changes a record sets its own entry to its next number; a replica
that takes another's copy takes the entry-wise maximum of both vectors. Comparing two vectors of
the same record tells the whole story (Lamport; Parker et al. 1983; Riak and Dynamo use the same):

=================================  =========================================================
incoming vector vs. ours           decision
=================================  =========================================================
record unknown here                ``ADD`` (a deletion is stored as a tombstone: ``TOMBSTONE``)
equal                              ``SAME`` (already here)
older (ours descends from it)      ``KEEP_LOCAL``, or ``KEEP_DELETED`` if we deleted it since
newer (it descends from ours)      ``TAKE_INCOMING``, or ``DELETE`` when it is a deletion
concurrent, same content           ``SAME`` (both made the same change: vectors are merged)
concurrent, different content      ``CONFLICT``: ours is kept, theirs is stored for review
=================================  =========================================================

Bundles written before version vectors (format 1) carry only a content hash. For them the rule
uses the record's list of content hashes this archive has held: an incoming hash we held before is
an older copy (kept ours); an unknown one is a conflict, never a silent overwrite. The list is
bounded (:data:`HISTORY_LIMIT`); past it, the doubt also becomes a conflict.

The vectors have no bound of their own: they hold one entry per archive that edited the record
(a handful in a newsroom), so nothing is ever cut and no answer is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.messages import N_

ADD = "add"
TOMBSTONE = "tombstone"
SAME = "same"
KEEP_LOCAL = "keep_local"
KEEP_DELETED = "keep_deleted"
TAKE_INCOMING = "take_incoming"
DELETE = "delete"
CONFLICT = "conflict"

EQUAL = "equal"
BEFORE = "before"          # a happened before b (b descends from a)
AFTER = "after"            # a descends from b
CONCURRENT = "concurrent"

HISTORY_LIMIT = 32         # content hashes remembered per record for format-1 bundles

VersionVector = dict[str, int]


def compare(a: VersionVector, b: VersionVector) -> str:
    """How version ``a`` relates to version ``b`` of the same record."""
    a_ahead = any(n > b.get(r, 0) for r, n in a.items())
    b_ahead = any(n > a.get(r, 0) for r, n in b.items())
    if a_ahead and b_ahead:
        return CONCURRENT
    if a_ahead:
        return AFTER
    if b_ahead:
        return BEFORE
    return EQUAL


def merged(a: VersionVector, b: VersionVector) -> VersionVector:
    """The entry-wise maximum: a version that descends from both."""
    out = dict(a)
    for replica, n in b.items():
        if n > out.get(replica, 0):
            out[replica] = n
    return dict(sorted(out.items()))


def advanced(vv: VersionVector, replica: str, counter: int) -> VersionVector:
    """``vv`` after a change by ``replica``, numbered ``counter`` (its next number)."""
    out = dict(vv)
    out[replica] = max(counter, out.get(replica, 0) + 1)
    return dict(sorted(out.items()))


@dataclass
class RecordVersion:
    """What an archive knows of one record: its vector, its content hash (None when deleted here)."""

    vv: VersionVector
    hash: str | None
    deleted: bool = False
    history: list[str] = field(default_factory=list)   # content hashes this archive held, oldest first


@dataclass(frozen=True)
class Incoming:
    """One record of a bundle: its vector (None in format-1 bundles), content hash, and deletion."""

    vv: VersionVector | None
    hash: str | None
    deleted: bool = False


def decide(local: RecordVersion | None, incoming: Incoming) -> tuple[str, str]:
    """(decision, reason in words) for an incoming record; ``local`` is our refreshed version or None."""
    if local is None:
        if incoming.deleted:
            return TOMBSTONE, N_("deleted in the bundle; never here")
        return ADD, N_("new")
    if incoming.vv is None:
        return _decide_without_history(local, incoming)
    relation = compare(incoming.vv, local.vv)
    if relation == EQUAL:
        return SAME, N_("the same version")
    if relation == BEFORE:
        if local.deleted:
            return KEEP_DELETED, N_("deleted here after the bundle's copy was made")
        return KEEP_LOCAL, N_("ours is newer: the bundle holds an older copy")
    if relation == AFTER:
        if incoming.deleted:
            return (SAME, N_("deleted on both sides")) if local.deleted else (DELETE, N_("deleted in the bundle after our copy"))
        return TAKE_INCOMING, N_("the bundle's copy is newer than ours")
    if incoming.deleted and local.deleted:
        return SAME, N_("deleted on both sides")
    if not incoming.deleted and not local.deleted and incoming.hash == local.hash:
        return SAME, N_("changed the same way on both sides")
    if local.deleted:
        return CONFLICT, N_("deleted here, changed in the bundle")
    if incoming.deleted:
        return CONFLICT, N_("changed here, deleted in the bundle")
    return CONFLICT, N_("changed here and in the bundle")


def _decide_without_history(local: RecordVersion, incoming: Incoming) -> tuple[str, str]:
    """A format-1 record: only its content hash is known. In doubt, a conflict."""
    if local.deleted:
        if incoming.hash in local.history:
            return KEEP_DELETED, N_("deleted here; the bundle (an older format) holds a copy we had")
        return CONFLICT, N_("deleted here; the bundle (an older format, no history) holds a copy we never had")
    if incoming.hash == local.hash:
        return SAME, N_("the same content")
    if incoming.hash in local.history:
        return KEEP_LOCAL, N_("ours is newer: the bundle (an older format) holds a copy we had before")
    return CONFLICT, N_("differs here and in the bundle (an older format without history: cannot tell which is newer)")
