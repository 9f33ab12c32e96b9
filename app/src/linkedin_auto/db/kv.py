"""Small durable state (pause until, heartbeats the API reads, ...) in the kv table."""

from __future__ import annotations

from typing import Any

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database, dumps


def kv_get(db: Database, key: str, default: Any = None) -> Any:
    import json

    raw = db.scalar("SELECT value FROM kv WHERE key = ?", (key,))
    return default if raw is None else json.loads(raw)


def kv_set(db: Database, clock: Clock, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, dumps(value), iso(clock.now())),
    )


def kv_delete(db: Database, key: str) -> None:
    db.execute("DELETE FROM kv WHERE key = ?", (key,))
