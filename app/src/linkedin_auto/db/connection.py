"""SQLite connections tuned for an SD card.

Pragmas and why:
- journal_mode=WAL: readers (API) never block the writer (worker); survives power loss.
- synchronous=NORMAL: in WAL mode a power cut can lose the last transactions but never corrupts
  the file; FULL would fsync on every commit and wear the card for little gain.
- busy_timeout: the API, the worker (with its scheduler thread) and its jobs are separate
  processes writing the same file.
- wal_autocheckpoint stays at the default (1000 pages) so the WAL does not grow without bound.
- temp_store=MEMORY: temporary b-trees in RAM rather than more SD writes.
- foreign_keys=ON: SQLite leaves them off by default.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog

log = structlog.get_logger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA temp_store=MEMORY",
)


def connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), timeout=10, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


class Database:
    """One connection per process, serialised by a lock; explicit transactions.

    Autocommit mode (isolation_level=None) plus ``transaction()`` makes every write's
    boundary visible in the code: an intent record is durable before the next line runs.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._conn = connect(self.path)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def close_quietly(self) -> None:
        """Close, logging rather than raising (an old handle replaced by a new one)."""
        try:
            self.close()
        except Exception:
            log.warning("db_close_failed", path=str(self.path))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: takes the write lock up front so it cannot deadlock."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    @property
    def raw(self) -> sqlite3.Connection:
        """The underlying connection, for the backup API. Hold ``lock`` while using it."""
        return self._conn

    @property
    def lock(self) -> threading.RLock:
        return self._lock


def open_database(path: Path | str, *, migrate_schema: bool = True) -> Database:
    from linkedin_auto.db.migrate import migrate

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    if migrate_schema:
        migrate(db)
    return db


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)


def loads(value: str | None) -> Any:
    return json.loads(value) if value else {}
