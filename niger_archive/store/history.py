"""Owns the durable undo history (the ``history`` table): the recent steps for people, newest first,
and the writes of the undo and redo lists (``services/archive.py`` decides what a step is and when
steps fold together)."""

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


# Writing the history: the undo and redo lists (``services/archive.py`` decides what a step is).

def has_data(db: Database) -> bool:
    """Whether the archive holds any article or any history step (a snapshot would keep something)."""
    return bool(db.execute(
        "SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM history)").fetchone()[0])


def drop_redo(db: Database) -> None:
    """End the redo list (a new step was made)."""
    db.execute("DELETE FROM history WHERE undone = 1")


def last_applied(db: Database) -> tuple[int, dict[str, Any]] | None:
    """The latest applied step (the one undo takes back): its seq and its edit as JSON data."""
    row = db.execute("SELECT seq, edit FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), json.loads(row[1])) if row else None


def first_undone(db: Database) -> tuple[int, dict[str, Any]] | None:
    """The earliest undone step (the one redo applies again)."""
    row = db.execute("SELECT seq, edit FROM history WHERE undone = 1 ORDER BY seq LIMIT 1").fetchone()
    return (int(row[0]), json.loads(row[1])) if row else None


def delete_step(db: Database, seq: int) -> None:
    db.execute("DELETE FROM history WHERE seq = ?", [seq])


def replace_step(db: Database, seq: int, label: str, edit: dict[str, Any], applied_at: str) -> None:
    db.execute("UPDATE history SET label = ?, edit = ?, applied_at = ? WHERE seq = ?",
               [label, json.dumps(edit), applied_at, seq])


def add_step(db: Database, label: str, edit: dict[str, Any], applied_at: str, keep: int) -> int:
    """Append a step, keeping only the latest ``keep``; returns its seq."""
    cursor = db.execute("INSERT INTO history (label, edit, applied_at) VALUES (?, ?, ?)",
                        [label, json.dumps(edit), applied_at])
    db.execute("DELETE FROM history WHERE seq <= (SELECT max(seq) FROM history) - ?", [keep])
    return int(cursor.lastrowid or 0)


def set_step_edit(db: Database, seq: int, edit: dict[str, Any]) -> None:
    db.execute("UPDATE history SET edit = ? WHERE seq = ?", [json.dumps(edit), seq])


def mark_undone(db: Database, seq: int, undone: bool) -> None:
    db.execute("UPDATE history SET undone = ? WHERE seq = ?", [int(undone), seq])


def close_step(db: Database, seq: int, reason: str) -> None:
    """Take a step out of the undo and redo lists, keeping it with the reason (``undone`` = 2)."""
    row = db.execute("SELECT edit FROM history WHERE seq = ?", [seq]).fetchone()
    if row is None:
        return
    data = json.loads(row[0])
    data["closed"] = reason
    db.execute("UPDATE history SET undone = ?, edit = ? WHERE seq = ?", [CLOSED, json.dumps(data), seq])
