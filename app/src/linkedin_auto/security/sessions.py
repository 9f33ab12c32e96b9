"""Server-side login sessions and the CSRF token bound to each.

The browser holds a random token in an HttpOnly cookie; the database only its SHA-256, so a
copy of the database cannot be replayed as a login. The CSRF token is an HMAC of the session
token under SESSION_SECRET: the dashboard reads it from a (non-HttpOnly) cookie and echoes it in
``X-CSRF-Token``; another site can neither read the cookie nor compute the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as pysecrets
from dataclasses import dataclass
from datetime import timedelta

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database

SESSION_COOKIE = "la_session"
CSRF_COOKIE = "la_csrf"
CSRF_HEADER = "X-CSRF-Token"
# Refresh last_seen_at at most this often: every write costs SD-card wear.
_TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Session:
    id: int
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(db: Database, clock: Clock, *, hours: int, client: str) -> str:
    token = pysecrets.token_urlsafe(32)
    now = clock.now()
    db.execute(
        "INSERT INTO auth_sessions (token_hash, created_at, expires_at, last_seen_at, client)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash(token), iso(now), iso(now + timedelta(hours=hours)), iso(now), client),
    )
    return token


def lookup_session(db: Database, clock: Clock, token: str) -> Session | None:
    row = db.query_one(
        "SELECT id, expires_at, last_seen_at FROM auth_sessions"
        " WHERE token_hash = ? AND revoked_at IS NULL",
        (token_hash(token),),
    )
    if row is None:
        return None
    now = clock.now()
    if parse_iso(row["expires_at"]) <= now:
        return None
    if now - parse_iso(row["last_seen_at"]) > _TOUCH_EVERY:
        db.execute("UPDATE auth_sessions SET last_seen_at = ? WHERE id = ?", (iso(now), row["id"]))
    return Session(id=int(row["id"]), token=token)


def revoke_session(db: Database, clock: Clock, token: str) -> None:
    db.execute(
        "UPDATE auth_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        (iso(clock.now()), token_hash(token)),
    )


def revoke_all(db: Database, clock: Clock, *, except_id: int | None = None) -> int:
    cur = db.execute(
        "UPDATE auth_sessions SET revoked_at = ? WHERE revoked_at IS NULL AND id IS NOT ?",
        (iso(clock.now()), except_id),
    )
    return cur.rowcount


def csrf_token(session_secret: str, token: str) -> str:
    return hmac.new(session_secret.encode(), b"csrf:" + token.encode(), hashlib.sha256).hexdigest()


def csrf_ok(session_secret: str, token: str, header: str | None) -> bool:
    if not header:
        return False
    return hmac.compare_digest(csrf_token(session_secret, token), header)
