"""Owns reading the durable undo history (the ``history`` table) for people: the recent steps, newest first.

Writing the history (recording a step, marking it undone or closed) is still done by
``services/archive.py``; it moves here next (see docs/architecture.md, "Where SQL lives").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database

UNDONE, CLOSED = 1, 2  # values of history.undone besides 0 (applied)


@dataclass(frozen=True)
class HistoryStep:
    seq: int
    label: str
    applied_at: str
    undone: bool
    closed: str | None  # why the step can no longer be undone or redone, when it was closed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def recent_steps(db: Database, limit: int) -> list[HistoryStep]:
    """The ``limit`` latest steps, newest first."""
    rows = db.execute("SELECT seq, label, applied_at, undone, edit FROM history ORDER BY seq DESC LIMIT ?",
                      [limit]).fetchall()
    return [HistoryStep(int(seq), str(label), str(applied_at), state == UNDONE,
                        _closed_reason(edit) if state == CLOSED else None)
            for seq, label, applied_at, state, edit in rows]


def _closed_reason(edit_json: str) -> str | None:
    reason = json.loads(edit_json).get("closed")
    return str(reason) if reason is not None else None
