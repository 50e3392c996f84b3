"""Owns generic row reads and writes for edits: whitelisted tables, keyed upserts (never REPLACE)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..core.edits import TABLE_KEYS
from ..core.errors import InvalidEdit


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteRows:
    """Implements :class:`niger_archive.core.edits.RowAccess` over the archive database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._columns: dict[str, list[str]] = {}

    def columns(self, table: str) -> list[str]:
        if table not in TABLE_KEYS:
            raise InvalidEdit(f"edits cannot touch table {table!r}")
        if table not in self._columns:
            self._columns[table] = [r[1] for r in self.db.execute(f"PRAGMA table_info({_q(table)})").fetchall()]
        return self._columns[table]

    def _where(self, table: str) -> str:
        return " AND ".join(f"{_q(c)} = ?" for c in TABLE_KEYS[table])

    def get_row(self, table: str, key: tuple[Any, ...]) -> dict[str, Any] | None:
        cols = self.columns(table)
        row = self.db.execute(
            f"SELECT {', '.join(_q(c) for c in cols)} FROM {_q(table)} WHERE {self._where(table)}", list(key)
        ).fetchone()
        return dict(zip(cols, row)) if row is not None else None

    def put_row(self, table: str, key: tuple[Any, ...], row: dict[str, Any]) -> None:
        cols = self.columns(table)
        unknown = set(row) - set(cols)
        if unknown:
            raise InvalidEdit(f"unknown columns for {table}: {', '.join(sorted(unknown))}")
        keys = TABLE_KEYS[table]
        data = dict(row)
        data.update(dict(zip(keys, key)))
        names = list(data)
        updates = [n for n in names if n not in keys]
        conflict = (
            f"DO UPDATE SET {', '.join(f'{_q(n)} = excluded.{_q(n)}' for n in updates)}" if updates else "DO NOTHING"
        )
        self.db.execute(
            f"INSERT INTO {_q(table)} ({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT({', '.join(_q(k) for k in keys)}) {conflict}",
            [data[n] for n in names],
        )

    def delete_row(self, table: str, key: tuple[Any, ...]) -> None:
        self.columns(table)
        self.db.execute(f"DELETE FROM {_q(table)} WHERE {self._where(table)}", list(key))
