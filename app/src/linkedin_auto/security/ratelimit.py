"""Login throttling per client address, persisted in ``login_attempts`` (survives restarts).

MAX_FAILURES failed attempts within WINDOW (since the last success) lock the client out until
the oldest of them leaves the window.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import structlog

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.errors import TooManyAttempts

log = structlog.get_logger(__name__)

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def locked_until(db: Database, clock: Clock, client: str) -> datetime | None:
    now = clock.now()
    since = iso(now - WINDOW)
    last_ok = db.scalar(
        "SELECT MAX(ts) FROM login_attempts WHERE client = ? AND ok = 1", (client,)
    )
    if last_ok and last_ok > since:
        since = last_ok
    rows = db.query(
        "SELECT ts FROM login_attempts WHERE client = ? AND ok = 0 AND ts > ?"
        " ORDER BY ts DESC LIMIT ?",
        (client, since, MAX_FAILURES),
    )
    if len(rows) < MAX_FAILURES:
        return None
    until = parse_iso(rows[-1]["ts"]) + WINDOW
    return until if until > now else None


def check_not_locked(db: Database, clock: Clock, client: str) -> None:
    """Raise TooManyAttempts (429 with Retry-After) while ``client`` is locked out."""
    until = locked_until(db, clock, client)
    if until is not None:
        wait = max(1, math.ceil((until - clock.now()).total_seconds()))
        log.warning("login_locked_out", client=client, retry_after=wait)
        raise TooManyAttempts(f"too many failed attempts: try again in {wait} seconds", wait)


def record_attempt(db: Database, clock: Clock, client: str, ok: bool) -> None:
    now = clock.now()
    with db.transaction() as c:
        c.execute(
            "INSERT INTO login_attempts (client, ts, ok) VALUES (?, ?, ?)",
            (client, iso(now), int(ok)),
        )
        # Keep the table small: older rows no longer matter.
        c.execute("DELETE FROM login_attempts WHERE ts < ?", (iso(now - 4 * WINDOW),))
