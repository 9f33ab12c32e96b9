"""API keys for scripts (``Authorization: Bearer la_...``), stored as SHA-256 only.

Keys are 256-bit random values, so a fast hash is enough (no brute force is possible); the
first characters are kept in clear so the owner can tell keys apart.
"""

from __future__ import annotations

import hashlib
import secrets as pysecrets
from typing import Any

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database

KEY_PREFIX = "la_"
_SHOWN = 10  # characters of the key kept in clear


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(db: Database, clock: Clock, name: str) -> tuple[int, str]:
    """Return (id, key). The key is shown once and never stored."""
    key = KEY_PREFIX + pysecrets.token_urlsafe(32)
    cur = db.execute(
        "INSERT INTO api_keys (name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, key[:_SHOWN], _hash(key), iso(clock.now())),
    )
    return int(cur.lastrowid or 0), key


def list_keys(db: Database) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT id, name, prefix, created_at, last_used_at FROM api_keys"
        " WHERE revoked_at IS NULL ORDER BY id"
    )
    return [dict(r) for r in rows]


def revoke_key(db: Database, clock: Clock, key_id: int) -> bool:
    cur = db.execute(
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        (iso(clock.now()), key_id),
    )
    return cur.rowcount == 1


def verify_key(db: Database, clock: Clock, key: str) -> int | None:
    """The key's id if valid (and mark it used), else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    row = db.query_one(
        "SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (_hash(key),)
    )
    if row is None:
        return None
    db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (iso(clock.now()), row["id"]))
    return int(row["id"])
