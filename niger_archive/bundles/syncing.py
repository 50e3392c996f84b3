"""Owns the merge rule for records that exist on both sides: a three-way decision on content hashes.

The base is the sync state of a record: the hash of our copy right after the last export or import
(``local_hash``) and the hash of the copy that bundle held (``bundle_hash``).

=====================================  ============================================
situation                              decision
=====================================  ============================================
not here, never synced                 ``ADD``
not here, synced, bundle unchanged     ``KEEP_DELETED`` (deleted here; stays deleted)
not here, synced, bundle changed       ``CONFLICT`` (deleted here, changed there)
same content on both sides             ``SAME``
here, never synced, contents differ    ``CONFLICT`` (no common base to tell who changed)
bundle equal to the last sync          ``KEEP_LOCAL`` (only we changed it, or nobody)
we unchanged since the sync            ``TAKE_INCOMING`` (only the bundle changed it)
both changed since the sync            ``CONFLICT`` (ours is kept, theirs stored for review)
=====================================  ============================================
"""

from __future__ import annotations

from dataclasses import dataclass

ADD = "add"
SAME = "same"
KEEP_LOCAL = "keep_local"
KEEP_DELETED = "keep_deleted"
TAKE_INCOMING = "take_incoming"
CONFLICT = "conflict"


@dataclass(frozen=True)
class SyncState:
    local_hash: str
    bundle_hash: str


def decide(state: SyncState | None, local_hash: str | None, incoming_hash: str) -> str:
    """What to do with an incoming record (see the module docstring)."""
    if local_hash is None:
        if state is None:
            return ADD
        return KEEP_DELETED if incoming_hash == state.bundle_hash else CONFLICT
    if local_hash == incoming_hash:
        return SAME
    if state is None:
        return CONFLICT
    if incoming_hash == state.bundle_hash:
        return KEEP_LOCAL
    if local_hash == state.local_hash:
        return TAKE_INCOMING
    return CONFLICT
